// Account settings › Notifications: desktop, e-mail (with its batching interval), push, mention keys, the
// out-of-office reply and Parley's quiet hours. Self-contained: saves through Client4 patchMe and savePreferences.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { ErrorText } from '../Modal.tsx';
import type { PreferenceType } from '@mattermost/types/preferences';
import { client, errorMessage } from '../api.ts';
import { setState, useStore } from '../store.ts';
import { NOTIFICATION_SOUNDS, playSound, refreshNotificationSettings, soundName } from '../notifications.ts';

type Props = Record<string, string>;
interface Quiet {
  enabled: boolean;
  days: number[];
  start: string;
  end: string;
  allow_dms: boolean;
}
const QUIET_DEFAULT: Quiet = { enabled: false, days: [], start: '22:00', end: '07:00', allow_dms: false };

function Radio({
  name,
  value,
  options,
  onChange,
}: {
  name: string;
  value: string;
  options: Array<[string, ReactNode]>;
  onChange: (v: string) => void;
}): ReactNode {
  return (
    <div className="radio-row" role="radiogroup">
      {options.map(([v, text]) => (
        <label key={v}>
          <input type="radio" name={name} checked={value === v} onChange={() => onChange(v)} /> {text}
        </label>
      ))}
    </div>
  );
}

/** A checkbox over a "true"/"false" notify prop. */
function PropCheck({ checked, onChange, children }: { checked: boolean; onChange: (v: string) => void; children: ReactNode }): ReactNode {
  return (
    <label>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked ? 'true' : 'false')} /> {children}
    </label>
  );
}

export function NotificationsTab(): ReactNode {
  const intl = useIntl();
  const me = useStore((s) => s.me);
  const [props, setProps] = useState<Props>(() => ({ ...((me?.notify_props ?? {}) as Props) }));
  const [interval, setInterval] = useState('30');
  const [quiet, setQuiet] = useState<Quiet>(QUIET_DEFAULT);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void client.getMyPreferences().then(
      (result) => {
        const prefs = result as unknown as PreferenceType[];
        const iv = prefs.find((p) => p.category === 'notifications' && p.name === 'email_interval');
        if (iv) setInterval(iv.value);
        const q = prefs.find((p) => p.category === 'parley_quiet_hours' && p.name === 'schedule');
        if (q) {
          try {
            setQuiet({ ...QUIET_DEFAULT, ...(JSON.parse(q.value) as Partial<Quiet>) });
          } catch {
            setQuiet(QUIET_DEFAULT);
          }
        }
      },
      () => undefined,
    );
  }, []);
  if (!me) return null;
  const set = (k: string) => (v: string) => setProps((p) => ({ ...p, [k]: v }));
  const t = (id: string, defaultMessage: string) => intl.formatMessage({ id, defaultMessage });
  const levels: Array<[string, ReactNode]> = [
    ['all', t('notifications_tab.all', 'For all activity')],
    ['mention', t('notifications_tab.mention', 'Only for mentions, direct messages and keywords')],
    ['none', t('notifications_tab.never', 'Never')],
  ];
  const days = [0, 1, 2, 3, 4, 5, 6];
  const dayName = (d: number) => new Intl.DateTimeFormat(intl.locale, { weekday: 'short' }).format(new Date(Date.UTC(2024, 0, 7 + d)));

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError('');
    setSaved(false);
    try {
      const notifyProps: Props = { ...props };
      const user = await client.patchMe({ notify_props: notifyProps } as never);
      setState({ me: user });
      await client.savePreferences(me!.id, [
        { user_id: me!.id, category: 'notifications', name: 'email_interval', value: props.email === 'false' ? '0' : interval },
        { user_id: me!.id, category: 'parley_quiet_hours', name: 'schedule', value: JSON.stringify(quiet) },
      ]);
      refreshNotificationSettings();
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form className="form settings-notifications" onSubmit={(e) => void save(e)}>
      <fieldset>
        <legend>
          <FormattedMessage id="notifications_tab.desktop" defaultMessage="Desktop notifications" />
        </legend>
        <Radio name="desktop" value={props.desktop ?? 'mention'} options={levels} onChange={set('desktop')} />
        <PropCheck checked={props.desktop_sound !== 'false'} onChange={set('desktop_sound')}>
          <FormattedMessage id="notifications_tab.sound" defaultMessage="Play a sound" />
        </PropCheck>
        <label>
          <FormattedMessage id="notifications_tab.sound_choice" defaultMessage="Notification sound" />{' '}
          <select
            value={soundName(props.desktop_notification_sound)}
            disabled={props.desktop_sound === 'false'}
            onChange={(e) => {
              const name = soundName(e.target.value);
              set('desktop_notification_sound')(name);
              playSound(name);
            }}
          >
            {NOTIFICATION_SOUNDS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>
          <FormattedMessage id="notifications_tab.email" defaultMessage="E-mail notifications" />
        </legend>
        <Radio
          name="email"
          value={props.email === 'false' ? 'false' : 'true'}
          options={[
            ['true', t('notifications_tab.on', 'On')],
            ['false', t('notifications_tab.off', 'Off')],
          ]}
          onChange={set('email')}
        />
        <label>
          <FormattedMessage id="notifications_tab.interval" defaultMessage="Send e-mails" />{' '}
          <select value={interval} onChange={(e) => setInterval(e.target.value)} disabled={props.email === 'false'}>
            <option value="30">{t('notifications_tab.immediately', 'Immediately')}</option>
            <option value="900">{t('notifications_tab.fifteen', 'Every 15 minutes')}</option>
            <option value="3600">{t('notifications_tab.hour', 'Every hour')}</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>
          <FormattedMessage id="notifications_tab.push" defaultMessage="Mobile push notifications" />
        </legend>
        <Radio name="push" value={props.push ?? 'mention'} options={levels} onChange={set('push')} />
        <label>
          <FormattedMessage id="notifications_tab.push_status" defaultMessage="Send pushes when I am" />{' '}
          <select value={props.push_status ?? 'online'} onChange={(e) => set('push_status')(e.target.value)}>
            <option value="online">{t('notifications_tab.status_online', 'Online, away or offline')}</option>
            <option value="away">{t('notifications_tab.status_away', 'Away or offline')}</option>
            <option value="offline">{t('notifications_tab.status_offline', 'Offline')}</option>
          </select>
        </label>
      </fieldset>
      <fieldset>
        <legend>
          <FormattedMessage id="notifications_tab.keywords" defaultMessage="Words that trigger mentions" />
        </legend>
        <PropCheck checked={props.first_name === 'true'} onChange={set('first_name')}>
          <FormattedMessage id="notifications_tab.first_name" defaultMessage="My first name, case-sensitive" />
        </PropCheck>
        <PropCheck checked={props.channel !== 'false'} onChange={set('channel')}>
          <FormattedMessage id="notifications_tab.channel" defaultMessage="Channel-wide mentions (@channel, @all, @here)" />
        </PropCheck>
        <label>
          <FormattedMessage id="notifications_tab.keys" defaultMessage="Other words, separated by commas" />
          <input value={props.mention_keys ?? ''} maxLength={1000} onChange={(e) => set('mention_keys')(e.target.value)} />
        </label>
      </fieldset>
      <fieldset>
        <legend>
          <FormattedMessage id="notifications_tab.auto_responder" defaultMessage="Automatic direct message replies" />
        </legend>
        <PropCheck checked={props.auto_responder_active === 'true'} onChange={set('auto_responder_active')}>
          <FormattedMessage id="notifications_tab.auto_responder_on" defaultMessage="Reply to direct messages while I am out of office" />
        </PropCheck>
        <textarea
          aria-label={t('notifications_tab.auto_responder_message', 'Automatic reply message')}
          value={props.auto_responder_message ?? ''}
          maxLength={200}
          disabled={props.auto_responder_active !== 'true'}
          onChange={(e) => set('auto_responder_message')(e.target.value)}
        />
      </fieldset>
      <fieldset>
        <legend>
          <FormattedMessage id="notifications_tab.quiet" defaultMessage="Quiet hours" />
        </legend>
        <label>
          <input type="checkbox" checked={quiet.enabled} onChange={(e) => setQuiet({ ...quiet, enabled: e.target.checked })} />{' '}
          <FormattedMessage
            id="notifications_tab.quiet_on"
            defaultMessage="Hold notifications during quiet hours and send a summary when they end"
          />
        </label>
        <label>
          <FormattedMessage id="notifications_tab.quiet_from" defaultMessage="From" />{' '}
          <input type="time" value={quiet.start} onChange={(e) => setQuiet({ ...quiet, start: e.target.value })} />
        </label>
        <label>
          <FormattedMessage id="notifications_tab.quiet_to" defaultMessage="To" />{' '}
          <input type="time" value={quiet.end} onChange={(e) => setQuiet({ ...quiet, end: e.target.value })} />
        </label>
        <div className="radio-row" role="group" aria-label={t('notifications_tab.quiet_days', 'Days (none chosen: every day)')}>
          {days.map((d) => (
            <label key={d}>
              <input
                type="checkbox"
                checked={quiet.days.includes(d)}
                onChange={(e) =>
                  setQuiet({ ...quiet, days: e.target.checked ? [...quiet.days, d].sort() : quiet.days.filter((x) => x !== d) })
                }
              />{' '}
              {dayName(d)}
            </label>
          ))}
        </div>
        <label>
          <input type="checkbox" checked={quiet.allow_dms} onChange={(e) => setQuiet({ ...quiet, allow_dms: e.target.checked })} />{' '}
          <FormattedMessage id="notifications_tab.quiet_dms" defaultMessage="Let direct messages through" />
        </label>
      </fieldset>
      <ErrorText text={error} />
      {saved && (
        <p role="status">
          <FormattedMessage id="notifications_tab.saved" defaultMessage="Settings saved" />
        </p>
      )}
      <button type="submit">
        <FormattedMessage id="notifications_tab.save" defaultMessage="Save" />
      </button>
    </form>
  );
}

export default NotificationsTab;
