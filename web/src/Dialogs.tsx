// Modal dialogs: create/browse channels, channel settings and members, DMs, the Ctrl+K switcher; the team dialogs
// are in TeamDialogs.tsx.
import { lazy, Suspense, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { FormattedMessage, useIntl } from 'react-intl';
import { client, errorMessage } from './api.ts';
import { fetchChannel } from './actions.ts';
import { channelTitle, getState, setState, useStore, type DialogSpec } from './store.ts';
import { channelPath, navigate } from './router.ts';
import { close, ErrorText, Modal, UserRow } from './Modal.tsx';
import { LanguageDialog } from './settings/LanguageTab.tsx';
import { afterLeave } from './channelActions.ts';
import { ArchiveButton } from './channels/ArchivedBanner.tsx';
import { MemberCount } from './channels/MemberCount.tsx';

// Dialogs in modules of their own are loaded on demand, so they cost nothing on the first view.
const AccountSettings = lazy(() => import('./settings/AccountSettings.tsx').then((m) => ({ default: m.AccountSettings })));
const Invite = lazy(() => import('./TeamDialogs.tsx').then((m) => ({ default: m.Invite })));
const TeamMembers = lazy(() => import('./TeamDialogs.tsx').then((m) => ({ default: m.TeamMembers })));
const SlackImport = lazy(() => import('./TeamDialogs.tsx').then((m) => ({ default: m.SlackImport })));
const NewMessage = lazy(() => import('./people/NewMessage.tsx').then((m) => ({ default: m.NewMessage })));
const FindSwitcher = lazy(() => import('./switcher/Switcher.tsx').then((m) => ({ default: m.Switcher })));
const CustomStatusDialog = lazy(() => import('./people/CustomStatusDialog.tsx').then((m) => ({ default: m.CustomStatusDialog })));

export function Dialogs({ teamId, teamName }: { teamId: string; teamName: string }): ReactNode {
  const d = useStore((s) => s.dialog);
  if (!d) return null;
  return <Suspense fallback={null}>{dialog(d, teamId, teamName)}</Suspense>;
}

function dialog(d: DialogSpec, teamId: string, teamName: string): ReactNode {
  switch (d.kind) {
    case 'createChannel':
      return <CreateChannel teamId={teamId} teamName={teamName} type={d.type} />;
    case 'browse':
      return <BrowseChannels teamId={teamId} teamName={teamName} />;
    case 'channelSettings':
      return <ChannelSettings channelId={d.channelId} />;
    case 'channelMembers':
      return <ChannelMembers channelId={d.channelId} teamId={teamId} />;
    case 'invite':
      return <Invite teamId={teamId} />;
    case 'teamMembers':
      return <TeamMembers teamId={teamId} />;
    case 'newDm':
      return <NewMessage teamId={teamId} teamName={teamName} />;
    case 'switcher':
      return <FindSwitcher teamId={teamId} teamName={teamName} />;
    case 'import':
      return <SlackImport teamId={teamId} />;
    case 'language':
      return <LanguageDialog />;
    case 'customStatus':
      return <CustomStatusDialog />;
    case 'accountSettings':
      return <AccountSettings />;
  }
}

export function channelNameFrom(display: string): string {
  const base = display
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base.length >= 2 ? base.slice(0, 64) : `channel-${Math.random().toString(36).slice(2, 8)}`;
}

function CreateChannel({ teamId, teamName, type }: { teamId: string; teamName: string; type: 'O' | 'P' }): ReactNode {
  const [name, setName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [priv, setPriv] = useState(type === 'P');
  const [error, setError] = useState('');
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });
  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    try {
      const ch = await client.createChannel({
        team_id: teamId,
        display_name: name,
        name: channelNameFrom(name),
        type: priv ? 'P' : 'O',
        purpose,
      });
      await fetchChannel(ch.id);
      close();
      navigate(channelPath(teamName, ch));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Modal title={t('createChannel.title', 'Create channel')}>
      <form onSubmit={submit} className="form">
        <label>
          {t('createChannel.name', 'Name')}
          <input
            aria-label={t('createChannel.nameAria', 'Channel name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={64}
            autoFocus
          />
        </label>
        <label>
          {t('createChannel.purpose', 'Purpose (optional)')}
          <input
            aria-label={t('channelSettings.purposeAria', 'Channel purpose')}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            maxLength={250}
          />
        </label>
        <fieldset className="radio-row">
          <legend>{t('createChannel.visibility', 'Visibility')}</legend>
          <label>
            <input type="radio" name="vis" checked={!priv} onChange={() => setPriv(false)} /> {t('createChannel.public', 'Public')}
          </label>
          <label>
            <input type="radio" name="vis" checked={priv} onChange={() => setPriv(true)} /> {t('createChannel.private', 'Private')}
          </label>
        </fieldset>
        <ErrorText text={error} />
        <button type="submit">{t('createChannel.title', 'Create channel')}</button>
      </form>
    </Modal>
  );
}

function BrowseChannels({ teamId, teamName }: { teamId: string; teamName: string }): ReactNode {
  const [list, setList] = useState<Channel[] | null>(null);
  const [error, setError] = useState('');
  const [filter, setFilter] = useState('');
  const members = useStore((s) => s.members);
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });
  useEffect(() => {
    client.getChannels(teamId, 0, 200).then(setList, (err) => setError(errorMessage(err)));
  }, [teamId]);
  async function join(ch: Channel): Promise<void> {
    const me = getState().me;
    if (!me) return;
    try {
      if (!members[ch.id]) await client.addToChannel(me.id, ch.id);
      await fetchChannel(ch.id);
      close();
      navigate(channelPath(teamName, ch));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  const shown = (list ?? []).filter((c) => (c.display_name + c.name).toLowerCase().includes(filter.toLowerCase()));
  return (
    <Modal title={t('menu.browseChannels', 'Browse channels')}>
      <input
        aria-label={t('browse.filterAria', 'Filter channels')}
        placeholder={t('browse.filter', 'Filter')}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        autoFocus
      />
      <ErrorText text={error} />
      {!list && !error && (
        <p>
          <FormattedMessage id="common.loading" defaultMessage="Loading…" />
        </p>
      )}
      <ul className="pick-list">
        {shown.map((c) => (
          <li key={c.id}>
            <div>
              <strong># {c.display_name}</strong>
              {c.purpose && <div className="muted">{c.purpose}</div>}
              <MemberCount channelId={c.id} />
            </div>
            <button
              onClick={() => void join(c)}
              aria-label={
                members[c.id]
                  ? intl.formatMessage({ id: 'browse.openAria', defaultMessage: 'Open {name}' }, { name: c.display_name })
                  : intl.formatMessage({ id: 'browse.joinAria', defaultMessage: 'Join {name}' }, { name: c.display_name })
              }
            >
              {members[c.id] ? t('browse.open', 'Open') : t('browse.join', 'Join')}
            </button>
          </li>
        ))}
        {list && !shown.length && <li className="muted">{t('browse.none', 'No channels.')}</li>}
      </ul>
    </Modal>
  );
}

function ChannelSettings({ channelId }: { channelId: string }): ReactNode {
  const ch = useStore((s) => s.channels[channelId]);
  const [header, setHeader] = useState(ch?.header ?? '');
  const [purpose, setPurpose] = useState(ch?.purpose ?? '');
  const [displayName, setDisplayName] = useState(ch?.display_name ?? '');
  const [error, setError] = useState('');
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });
  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    try {
      const updated = await client.patchChannel(channelId, { header, purpose, display_name: displayName });
      setState((s) => ({ channels: { ...s.channels, [channelId]: { ...s.channels[channelId], ...updated } } }));
      close();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function makePrivate(): Promise<void> {
    if (
      !window.confirm(
        t('channelSettings.confirmPrivate', 'Convert this channel to private? Only its members will see it. This cannot be undone here.'),
      )
    )
      return;
    try {
      const updated = await client.updateChannelPrivacy(channelId, 'P');
      setState((s) => ({ channels: { ...s.channels, [channelId]: { ...s.channels[channelId], ...updated } } }));
      close();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function leave(): Promise<void> {
    const me = getState().me;
    if (!me) return;
    try {
      await client.removeFromChannel(me.id, channelId);
      afterLeave(channelId);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  if (!ch) return null;
  return (
    <Modal title={t('channel.settingsButton', 'Channel settings')}>
      <form onSubmit={submit} className="form">
        <label>
          {t('channelSettings.displayName', 'Display name')}
          <input
            aria-label={t('channelSettings.displayName', 'Display name')}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            maxLength={64}
            required
          />
        </label>
        <label>
          {t('channelSettings.header', 'Header')}
          <input
            aria-label={t('channelSettings.headerAria', 'Channel header')}
            value={header}
            onChange={(e) => setHeader(e.target.value)}
            maxLength={1024}
          />
        </label>
        <label>
          {t('channelSettings.purpose', 'Purpose')}
          <input
            aria-label={t('channelSettings.purposeAria', 'Channel purpose')}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            maxLength={250}
          />
        </label>
        <ErrorText text={error} />
        <button type="submit">{t('common.save', 'Save')}</button>
        {ch.type === 'O' && ch.name !== 'town-square' && (
          <button type="button" className="secondary" onClick={() => void makePrivate()}>
            {t('channelSettings.makePrivate', 'Convert to private channel')}
          </button>
        )}
        <ArchiveButton channel={ch} />
        <button type="button" className="danger" onClick={() => void leave()}>
          {t('channelSettings.leave', 'Leave channel')}
        </button>
      </form>
    </Modal>
  );
}

function ChannelMembers({ channelId, teamId }: { channelId: string; teamId: string }): ReactNode {
  const [members, setMembers] = useState<UserProfile[]>([]);
  const [others, setOthers] = useState<UserProfile[]>([]);
  const [error, setError] = useState('');
  const me = useStore((s) => s.me);
  const ch = useStore((s) => s.channels[channelId]);
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });
  async function reload(): Promise<void> {
    try {
      const [m, o] = await Promise.all([
        client.getProfilesInChannel(channelId, 0, 200),
        client.getProfilesNotInChannel(teamId, channelId, false, 0, 200),
      ]);
      setMembers(m);
      setOthers(o);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  useEffect(() => {
    void reload();
  }, [channelId]); // eslint-disable-line react-hooks/exhaustive-deps
  async function run(fn: () => Promise<unknown>): Promise<void> {
    setError('');
    try {
      await fn();
      await reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Modal
      title={
        ch
          ? intl.formatMessage({ id: 'members.title', defaultMessage: 'Members of {channel}' }, { channel: channelTitle(ch, getState()) })
          : t('members.titleNoChannel', 'Members of channel')
      }
    >
      <ErrorText text={error} />
      <h3>
        <FormattedMessage id="members.count" defaultMessage="Members ({count, number})" values={{ count: members.length }} />
      </h3>
      <ul className="pick-list">
        {members.map((u) => (
          <UserRow
            key={u.id}
            u={u}
            label={t('members.remove', 'Remove')}
            action={u.id === me?.id ? undefined : () => void run(() => client.removeFromChannel(u.id, channelId))}
          />
        ))}
      </ul>
      {others.length > 0 && (
        <>
          <h3>{t('members.addPeople', 'Add people')}</h3>
          <ul className="pick-list">
            {others.map((u) => (
              <UserRow
                key={u.id}
                u={u}
                label={t('members.add', 'Add')}
                action={() => void run(() => client.addToChannel(u.id, channelId))}
              />
            ))}
          </ul>
        </>
      )}
    </Modal>
  );
}
