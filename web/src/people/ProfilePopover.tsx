// The profile popover Mattermost opens from a name or avatar (post header, member list, @mention): picture, names,
// position, custom status, presence, local time, email when the server shares it, and Message / Remove from channel.
// A dialog: focus moves in and stays, Escape or a click outside closes it and focus returns to what opened it.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { FormattedMessage, useIntl } from 'react-intl';
import { client, errorMessage } from '../api.ts';
import { fetchChannel } from '../actions.ts';
import { setState, useStore, type ProfilePopoverSpec } from '../store.ts';
import { channelPath, navigate } from '../router.ts';
import { useFocusTrap } from '../messages/focus.ts';
import { Emoji } from '../emoji/Emoji.tsx';
import { PresenceDot } from './PresenceDot.tsx';
import { usePresence } from './presence.ts';
import { activeCustomStatus, useNow } from './customStatus.ts';
import { UserTag } from './UserTag.tsx';
import './people.css';

/** The IANA zone a user's profile names (automatic or manual), or '' when unknown. */
export function userTimezone(u: UserProfile): string {
  const tz = (u.timezone ?? {}) as { useAutomaticTimezone?: string | boolean; automaticTimezone?: string; manualTimezone?: string };
  const auto = tz.useAutomaticTimezone === true || tz.useAutomaticTimezone === 'true';
  const zone = (auto ? tz.automaticTimezone : tz.manualTimezone) || tz.automaticTimezone || '';
  try {
    if (zone) new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return '';
  }
}

/** Minutes the zone is ahead of the viewer's at `now`. */
function offsetFromViewer(zone: string, now: number): number {
  const inZone = new Date(new Date(now).toLocaleString('en-US', { timeZone: zone }));
  const local = new Date(new Date(now).toLocaleString('en-US'));
  return Math.round((inZone.getTime() - local.getTime()) / 60_000);
}

function position(anchor: ProfilePopoverSpec['anchor']): React.CSSProperties {
  const w = window.innerWidth;
  const h = window.innerHeight;
  if (w <= 480) return { left: 8, right: 8, bottom: 8 };
  const width = 340;
  const left = Math.max(8, Math.min(anchor.left, w - width - 8));
  return anchor.bottom + 360 < h ? { left, top: anchor.bottom + 4, width } : { left, bottom: Math.max(8, h - anchor.top + 4), width };
}

/** `onClose` closes it; focus then returns to `returnTo`, what opened it. */
export function ProfilePopover({
  spec,
  teamName,
  onClose,
  returnTo,
}: {
  spec: ProfilePopoverSpec;
  teamName: string;
  onClose: () => void;
  returnTo: HTMLElement | null;
}): ReactNode {
  const u = useStore((s) => s.users[spec.userId]);
  const me = useStore((s) => s.me);
  const channel = useStore((s) => s.channels[s.currentChannelId]);
  const myMember = useStore((s) => s.members[s.currentChannelId]);
  const presence = usePresence(spec.userId) ?? 'offline';
  const box = useRef<HTMLDivElement>(null);
  const intl = useIntl();
  const [error, setError] = useState('');
  const [inChannel, setInChannel] = useState<boolean | null>(null);
  const [adding, setAdding] = useState(false);
  const first = activeCustomStatus(u);
  const now = useNow(first?.expiresAt ?? 0, 30_000);
  const cs = activeCustomStatus(u, now);
  useFocusTrap(box, onClose, returnTo);

  useEffect(() => {
    const onDown = (e: MouseEvent): void => {
      if (box.current && !box.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [onClose]);

  const isSelf = spec.userId === me?.id;
  const roles = `${me?.roles ?? ''} ${myMember?.roles ?? ''}`.split(' ');
  const canManage =
    !!channel &&
    (channel.type === 'O' || channel.type === 'P') &&
    !channel.delete_at &&
    // nobody leaves the default channel of a team
    channel.name !== 'town-square' &&
    (roles.includes('system_admin') || roles.includes('team_admin') || roles.includes('channel_admin') || !!myMember?.scheme_admin);

  // channels of this team the viewer administers or, as a system admin, any they belong to
  const canAdd = roles.includes('system_admin') || roles.includes('team_admin');

  useEffect(() => {
    if (!canManage || isSelf || !channel) return;
    client.getChannelMember(channel.id, spec.userId).then(
      () => setInChannel(true),
      () => setInChannel(false),
    );
  }, [canManage, isSelf, channel?.id, spec.userId]); // eslint-disable-line react-hooks/exhaustive-deps

  const title = intl.formatMessage({ id: 'profile.popover', defaultMessage: 'Profile of {username}' }, { username: u?.username ?? '' });

  async function message(): Promise<void> {
    if (!me) return;
    try {
      const ch = await client.createDirectChannel([me.id, spec.userId]);
      await fetchChannel(ch.id);
      // opened from a dialog (channel members): the DM replaces both
      setState({ profilePopover: null, dialog: null });
      navigate(channelPath(teamName, ch));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function removeFromChannel(): Promise<void> {
    if (!channel) return;
    try {
      await client.removeFromChannel(spec.userId, channel.id);
      setInChannel(false);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const full = u ? [u.first_name, u.last_name].filter(Boolean).join(' ') : '';
  const zone = u ? userTimezone(u) : '';
  const diff = zone ? offsetFromViewer(zone, now) : 0;
  const presenceLabel = {
    online: intl.formatMessage({ id: 'presence.online', defaultMessage: 'Online' }),
    away: intl.formatMessage({ id: 'presence.away', defaultMessage: 'Away' }),
    dnd: intl.formatMessage({ id: 'presence.dnd', defaultMessage: 'Do not disturb' }),
    offline: intl.formatMessage({ id: 'presence.offline', defaultMessage: 'Offline' }),
  }[presence];

  return (
    <div className="profile-popover" role="dialog" aria-modal="true" aria-label={title} ref={box} style={position(spec.anchor)}>
      <button
        className="icon profile-close"
        aria-label={intl.formatMessage({ id: 'profile.close', defaultMessage: 'Close profile' })}
        onClick={onClose}
      >
        ×
      </button>
      {!u ? (
        <p>
          <FormattedMessage id="common.loading" defaultMessage="Loading…" />
        </p>
      ) : (
        <>
          <div className="profile-top">
            <span className="profile-picture">
              <img src={client.getProfilePictureUrl(u.id, u.last_picture_update ?? 0)} alt="" width={72} height={72} />
              <PresenceDot userId={u.id} />
            </span>
            <div className="profile-names">
              {full && <strong className="profile-full">{full}</strong>}
              {u.nickname && <span className="profile-nickname">{u.nickname}</span>}
              <span className="profile-username">
                @{u.username}
                <UserTag userId={u.id} user={u} />
              </span>
              {u.position && <span className="profile-position">{u.position}</span>}
            </div>
          </div>
          {cs && (
            <div className="profile-row profile-custom-status">
              <Emoji name={cs.emoji} />
              <span>{cs.text}</span>
              {cs.expiresAt > 0 && (
                <span className="muted">
                  <FormattedMessage
                    id="profile.statusUntil"
                    defaultMessage="Until {time}"
                    values={{
                      time: intl.formatTime(cs.expiresAt, {
                        hour: 'numeric',
                        minute: '2-digit',
                        weekday: cs.expiresAt - now > 86_400_000 ? 'short' : undefined,
                      }),
                    }}
                  />
                </span>
              )}
            </div>
          )}
          <dl className="profile-facts">
            <div>
              <dt>
                <FormattedMessage id="profile.status" defaultMessage="Status" />
              </dt>
              <dd>{presenceLabel}</dd>
            </div>
            {zone && (
              <div>
                <dt>
                  <FormattedMessage id="profile.localTime" defaultMessage="Local time" />
                </dt>
                <dd>
                  {intl.formatTime(now, { timeZone: zone, hour: 'numeric', minute: '2-digit' })}
                  {diff !== 0 && (
                    <span className="muted">
                      {' '}
                      <FormattedMessage
                        id="profile.timeDiff"
                        defaultMessage="({ahead, select, yes {{hours, number} h ahead} other {{hours, number} h behind}})"
                        values={{ ahead: diff > 0 ? 'yes' : 'no', hours: Math.round((Math.abs(diff) / 60) * 10) / 10 }}
                      />
                    </span>
                  )}
                </dd>
              </div>
            )}
            {u.email && (
              <div>
                <dt>
                  <FormattedMessage id="profile.email" defaultMessage="Email" />
                </dt>
                <dd>
                  <a href={`mailto:${u.email}`}>{u.email}</a>
                </dd>
              </div>
            )}
          </dl>
          {adding && <AddToChannel userId={spec.userId} onDone={() => setAdding(false)} />}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="profile-actions">
            {isSelf ? (
              <button
                onClick={() => {
                  onClose();
                  setState({ dialog: { kind: 'customStatus' } });
                }}
              >
                <FormattedMessage id="custom_status.set" defaultMessage="Set a custom status" />
              </button>
            ) : (
              <button onClick={() => void message()} disabled={!!u.delete_at}>
                <FormattedMessage id="profile.message" defaultMessage="Message" />
              </button>
            )}
            {canAdd && !isSelf && !adding && (
              <button className="secondary" onClick={() => setAdding(true)}>
                <FormattedMessage id="profile.addToChannel" defaultMessage="Add to a channel" />
              </button>
            )}
            {canManage && !isSelf && inChannel && (
              <button className="secondary" onClick={() => void removeFromChannel()}>
                <FormattedMessage id="profile.removeFromChannel" defaultMessage="Remove from channel" />
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}

/** The channels of the current team the viewer belongs to, to add the user to one (Mattermost's "Add to a Channel"). */
function AddToChannel({ userId, onDone }: { userId: string; onDone: () => void }): ReactNode {
  const intl = useIntl();
  const teamId = useStore((s) => s.currentTeamId);
  const channels = useStore((s) => s.channels);
  const members = useStore((s) => s.members);
  const list = Object.values(channels)
    .filter((c) => c.team_id === teamId && (c.type === 'O' || c.type === 'P') && !c.delete_at && members[c.id])
    .sort((a, b) => a.display_name.localeCompare(b.display_name));
  const [picked, setPicked] = useState(list[0]?.id ?? '');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  async function add(): Promise<void> {
    const ch = channels[picked];
    if (!ch) return;
    try {
      await client.addToChannel(userId, ch.id);
      setResult({
        ok: true,
        text: intl.formatMessage({ id: 'profile.addedToChannel', defaultMessage: 'Added to {channel}.' }, { channel: ch.display_name }),
      });
    } catch (err) {
      setResult({ ok: false, text: errorMessage(err) });
    }
  }
  return (
    <div className="profile-add">
      <label>
        <FormattedMessage id="profile.channelToAdd" defaultMessage="Channel" />
        <select value={picked} onChange={(e) => setPicked(e.target.value)}>
          {list.map((c) => (
            <option key={c.id} value={c.id}>
              {c.display_name}
            </option>
          ))}
        </select>
      </label>
      <div className="profile-actions">
        <button className="secondary" onClick={onDone}>
          <FormattedMessage id="common.cancel" defaultMessage="Cancel" />
        </button>
        <button onClick={() => void add()} disabled={!picked}>
          <FormattedMessage id="profile.add" defaultMessage="Add" />
        </button>
      </div>
      {result && (
        <p className={result.ok ? 'muted' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
    </div>
  );
}
