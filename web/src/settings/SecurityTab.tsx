// Security: password change (with the current password) and the user's active sessions, each revocable.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import type { Session } from '@mattermost/types/sessions';
import { client, errorMessage } from '../api.ts';
import { useStore } from '../store.ts';
import { ErrorText } from '../Modal.tsx';

export function SecurityTab(): ReactNode {
  return (
    <div className="settings-section">
      <PasswordForm />
      <Sessions />
    </div>
  );
}

function PasswordForm(): ReactNode {
  const intl = useIntl();
  const me = useStore((s) => s.me);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError('');
    setDone(false);
    if (next !== again) {
      setError(intl.formatMessage({ id: 'settings.password.mismatch', defaultMessage: 'The new passwords do not match.' }));
      return;
    }
    try {
      await client.updateUserPassword(me!.id, current, next);
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const currentLabel = intl.formatMessage({ id: 'settings.password.current', defaultMessage: 'Current password' });
  const newLabel = intl.formatMessage({ id: 'settings.password.new', defaultMessage: 'New password' });
  const againLabel = intl.formatMessage({ id: 'settings.password.again', defaultMessage: 'Repeat new password' });
  return (
    <form className="form" onSubmit={submit}>
      <h3>
        <FormattedMessage id="settings.password.title" defaultMessage="Password" />
      </h3>
      {(
        [
          [currentLabel, current, setCurrent, 'current-password'],
          [newLabel, next, setNext, 'new-password'],
          [againLabel, again, setAgain, 'new-password'],
        ] as const
      ).map(([label, value, set, auto]) => (
        <label key={label}>
          {label}
          <input type="password" aria-label={label} value={value} onChange={(e) => set(e.target.value)} required autoComplete={auto} />
        </label>
      ))}
      <ErrorText text={error} />
      {done && (
        <p role="status">
          <FormattedMessage id="settings.password.changed" defaultMessage="Password changed." />
        </p>
      )}
      <button type="submit">
        <FormattedMessage id="settings.password.save" defaultMessage="Change password" />
      </button>
    </form>
  );
}

function describe(s: Session): string {
  const p = (s.props ?? {}) as Record<string, string>;
  return [p.browser, p.os, p.platform].filter(Boolean).join(' · ') || s.device_id || 'Session';
}

function Sessions(): ReactNode {
  const intl = useIntl();
  const me = useStore((s) => s.me);
  const [list, setList] = useState<Session[] | null>(null);
  const [error, setError] = useState('');

  async function reload(): Promise<void> {
    if (!me) return;
    try {
      const sessions = await client.getSessions(me.id);
      setList([...sessions].sort((a, b) => b.last_activity_at - a.last_activity_at));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  useEffect(() => {
    void reload();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  async function revoke(s: Session): Promise<void> {
    setError('');
    try {
      await client.revokeSession(me!.id, s.id);
      await reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section aria-label={intl.formatMessage({ id: 'settings.sessions.title', defaultMessage: 'Active sessions' })}>
      <h3>
        <FormattedMessage id="settings.sessions.title" defaultMessage="Active sessions" />
      </h3>
      <ErrorText text={error} />
      {!list && !error && (
        <p>
          <FormattedMessage id="settings.sessions.loading" defaultMessage="Loading…" />
        </p>
      )}
      <ul className="pick-list" aria-label={intl.formatMessage({ id: 'settings.sessions.list', defaultMessage: 'Sessions' })}>
        {(list ?? []).map((s) => (
          <li key={s.id}>
            <div>
              <strong>{describe(s)}</strong>
              <div className="muted">
                <FormattedMessage
                  id="settings.sessions.last_active"
                  defaultMessage="Last active {when} · session ID {id}"
                  values={{ when: <FormattedDate value={s.last_activity_at} dateStyle="medium" timeStyle="short" />, id: s.id }}
                />
              </div>
            </div>
            <button
              className="secondary"
              onClick={() => void revoke(s)}
              aria-label={intl.formatMessage({ id: 'settings.sessions.revoke_label', defaultMessage: 'Revoke session {id}' }, { id: s.id })}
            >
              <FormattedMessage id="settings.sessions.revoke" defaultMessage="Revoke" />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
