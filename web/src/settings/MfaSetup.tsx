// Multi-factor authentication set-up for the signed-in user: generate a secret, scan its QR code, confirm with a code
// to activate; or remove MFA. Self-contained (account settings embed it; /mfa/setup shows it on its own).
import { useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorMessage } from '../api.ts';
import { navigate } from '../router.ts';
import { logout } from '../actions.ts';
import { ErrorLine } from '../PasswordReset.tsx';

export interface MfaSetupProps {
  /** The signed-in user; `mfa_active` says which of the two actions is offered. */
  user: UserProfile;
  /** Told after MFA was activated or removed, with the new state. */
  onChange?: (active: boolean) => void;
}

/** The six-digit code field of an authenticator app (MFA set-up and the login page); `hint` is shown above it. */
export function MfaCodeInput({ value, onChange, hint }: { value: string; onChange: (v: string) => void; hint?: ReactNode }): ReactNode {
  const intl = useIntl();
  const label = intl.formatMessage({ id: 'mfa.setup.code', defaultMessage: 'MFA Code' });
  return (
    <label>
      {hint ?? label}
      <input
        aria-label={label}
        inputMode="numeric"
        autoComplete="one-time-code"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required
      />
    </label>
  );
}

export function MfaSetup({ user, onChange }: MfaSetupProps): ReactNode {
  const intl = useIntl();
  const [active, setActive] = useState(!!user.mfa_active);
  const [secret, setSecret] = useState<{ secret: string; qr_code: string } | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function run(f: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError('');
    try {
      await f();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const start = () => run(async () => setSecret(await client.generateMfaSecret(user.id)));
  const activate = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await client.updateUserMfa(user.id, true, code.trim());
      setActive(true);
      setSecret(null);
      setCode('');
      onChange?.(true);
    });
  };
  const remove = () =>
    run(async () => {
      await client.updateUserMfa(user.id, false, '');
      setActive(false);
      onChange?.(false);
    });

  return (
    <section
      className="mfa-setup"
      aria-label={intl.formatMessage({ id: 'mfa.setup.title', defaultMessage: 'Multi-factor Authentication' })}
    >
      <h2>
        <FormattedMessage id="mfa.setup.title" defaultMessage="Multi-factor Authentication" />
      </h2>
      {active ? (
        <>
          <p role="status">
            <FormattedMessage id="mfa.setup.active" defaultMessage="Multi-factor authentication is active on your account." />
          </p>
          <button type="button" onClick={() => void remove()} disabled={busy}>
            <FormattedMessage id="mfa.setup.remove" defaultMessage="Remove MFA from Account" />
          </button>
        </>
      ) : secret ? (
        <form className="form" onSubmit={activate}>
          <p>
            <FormattedMessage
              id="mfa.setup.step1"
              defaultMessage="Scan the QR code with an authenticator app (such as Google Authenticator), or enter the secret by hand."
            />
          </p>
          <img
            src={`data:image/png;base64,${secret.qr_code}`}
            alt={intl.formatMessage({ id: 'mfa.setup.qr', defaultMessage: 'QR code of the MFA secret' })}
            width={200}
            height={200}
          />
          <p>
            <FormattedMessage id="mfa.setup.secret" defaultMessage="Secret: {secret}" values={{ secret: <code>{secret.secret}</code> }} />
          </p>
          <MfaCodeInput value={code} onChange={setCode} />
          <button type="submit" disabled={busy}>
            <FormattedMessage id="mfa.setup.save" defaultMessage="Activate" />
          </button>
        </form>
      ) : (
        <>
          <p>
            <FormattedMessage
              id="mfa.setup.description"
              defaultMessage="Adding multi-factor authentication will make your account more secure by requiring a code from your mobile phone each time you sign in."
            />
          </p>
          <button type="button" onClick={() => void start()} disabled={busy}>
            <FormattedMessage id="mfa.setup.add" defaultMessage="Add MFA to Account" />
          </button>
        </>
      )}
      <ErrorLine error={error} />
    </section>
  );
}

/** /mfa/setup: the set-up on a page of its own, for the signed-in user. */
export function MfaSetupPage({ user, required = false }: { user: UserProfile; required?: boolean }): ReactNode {
  return (
    <div className="auth">
      <div className="auth-card">
        <h1>Parley</h1>
        {required && (
          <p role="status">
            <FormattedMessage
              id="mfa.setup.required"
              defaultMessage="This server requires multi-factor authentication. Set it up to continue."
            />
          </p>
        )}
        {/* Once MFA is active where it is required, a fresh start loads everything the server held back. */}
        <MfaSetup user={user} onChange={required ? (active) => active && window.location.assign('/') : undefined} />
        <p>
          {required ? (
            <a href="/logout" onClick={(e) => (e.preventDefault(), void logout().then(() => window.location.assign('/login')))}>
              <FormattedMessage id="mfa.setup.logout" defaultMessage="Log out" />
            </a>
          ) : (
            <a href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
              <FormattedMessage id="mfa.setup.back" defaultMessage="Back to Parley" />
            </a>
          )}
        </p>
      </div>
    </div>
  );
}
