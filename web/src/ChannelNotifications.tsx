// The channel's notification preferences (Mattermost's channel notify props): mute, desktop, push, e-mail and
// ignoring @channel — the bell in the channel header (ChannelNotificationsButton.tsx) opens it; saved through PUT .../members/{me}/notify_props.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ErrorText } from './Modal.tsx';
import { client, errorMessage } from './api.ts';
import { setState, useStore } from './store.ts';

type Props = Record<string, string>;

const LEVELS = ['default', 'all', 'mention', 'none'] as const;

function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: ReactNode;
  value: string;
  options: Array<[string, string]>;
  onChange: (v: string) => void;
}): ReactNode {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ChannelNotifications({ channelId, onClose }: { channelId: string; onClose: () => void }): ReactNode {
  const intl = useIntl();
  const me = useStore((s) => s.me);
  const member = useStore((s) => s.members[channelId]);
  const [props, setProps] = useState<Props>(() => ({ ...((member?.notify_props ?? {}) as Props) }));
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  if (!me || !member) return null;
  const set = (k: string) => (v: string) => setProps((p) => ({ ...p, [k]: v }));
  const levelText: Record<string, string> = {
    default: intl.formatMessage({ id: 'channel_notifications.default', defaultMessage: 'Default (your account setting)' }),
    all: intl.formatMessage({ id: 'channel_notifications.all', defaultMessage: 'All new messages' }),
    mention: intl.formatMessage({ id: 'channel_notifications.mention', defaultMessage: 'Mentions, direct messages and keywords only' }),
    none: intl.formatMessage({ id: 'channel_notifications.none', defaultMessage: 'Nothing' }),
  };
  const levels = LEVELS.map((l): [string, string] => [l, levelText[l]]);
  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    setSaving(true);
    setError('');
    try {
      const body = {
        channel_id: channelId,
        user_id: me!.id,
        mark_unread: props.mark_unread ?? 'all',
        desktop: props.desktop ?? 'default',
        push: props.push ?? 'default',
        email: props.email ?? 'default',
        ignore_channel_mentions: props.ignore_channel_mentions ?? 'default',
      };
      await client.updateChannelNotifyProps(body);
      setState((s) => {
        const m = s.members[channelId];
        const notify = { ...m.notify_props, ...body } as typeof m.notify_props;
        return { members: { ...s.members, [channelId]: { ...m, notify_props: notify } } };
      });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }
  const title = intl.formatMessage({ id: 'channel_notifications.title', defaultMessage: 'Notification preferences' });
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title}>
        <header>
          <h2>{title}</h2>
          <button
            className="icon"
            aria-label={intl.formatMessage({ id: 'channel_notifications.close', defaultMessage: 'Close dialog' })}
            onClick={onClose}
          >
            ×
          </button>
        </header>
        <form className="form" onSubmit={(e) => void save(e)}>
          <label className="field checkbox">
            <input
              type="checkbox"
              checked={props.mark_unread === 'mention'}
              onChange={(e) => set('mark_unread')(e.target.checked ? 'mention' : 'all')}
            />
            <span>
              <FormattedMessage
                id="channel_notifications.mute"
                defaultMessage="Mute channel (only mentions count as unread; no notifications)"
              />
            </span>
          </label>
          <Select
            label={<FormattedMessage id="channel_notifications.desktop" defaultMessage="Desktop notifications" />}
            value={props.desktop ?? 'default'}
            options={levels}
            onChange={set('desktop')}
          />
          <Select
            label={<FormattedMessage id="channel_notifications.push" defaultMessage="Mobile push notifications" />}
            value={props.push ?? 'default'}
            options={levels}
            onChange={set('push')}
          />
          <Select
            label={<FormattedMessage id="channel_notifications.email" defaultMessage="E-mail notifications" />}
            value={props.email ?? 'default'}
            options={[
              ['default', levelText.default],
              ['true', intl.formatMessage({ id: 'channel_notifications.on', defaultMessage: 'On' })],
              ['false', intl.formatMessage({ id: 'channel_notifications.off', defaultMessage: 'Off' })],
            ]}
            onChange={set('email')}
          />
          <Select
            label={<FormattedMessage id="channel_notifications.ignore" defaultMessage="Ignore @channel, @here and @all" />}
            value={props.ignore_channel_mentions ?? 'default'}
            options={[
              ['default', levelText.default],
              ['on', intl.formatMessage({ id: 'channel_notifications.yes', defaultMessage: 'Yes' })],
              ['off', intl.formatMessage({ id: 'channel_notifications.no', defaultMessage: 'No' })],
            ]}
            onChange={set('ignore_channel_mentions')}
          />
          <ErrorText text={error} />
          <div className="actions">
            <button type="button" onClick={onClose}>
              <FormattedMessage id="channel_notifications.cancel" defaultMessage="Cancel" />
            </button>
            <button type="submit" className="primary" disabled={saving}>
              <FormattedMessage id="channel_notifications.save" defaultMessage="Save" />
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
