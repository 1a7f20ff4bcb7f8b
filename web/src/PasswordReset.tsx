// Password reset and e-mail verification pages, reached without a session: "Forgot password?" (/reset_password) mails a
// link; the link opens /reset_password_complete?token=… to set a new password; /do_verify_email?token=… verifies an address.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { client, errorMessage } from './api.ts';
import { navigate } from './router.ts';

function LoginLink(): ReactNode {
  return (
    <p>
      <a href="/login" onClick={(e) => (e.preventDefault(), navigate('/login'))}>
        <FormattedMessage id="password_reset.back_to_login" defaultMessage="Back to log in" />
      </a>
    </p>
  );
}

/** The error line of a form (nothing when there is no error). */
export function ErrorLine({ error }: { error: string }): ReactNode {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {error}
    </p>
  );
}

/** A form's submit: busy while `action` runs, its failure shown as the server's message, `done` once it succeeded. */
function useSubmit(action: () => Promise<void>) {
  const [done, setDone] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await action();
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return { done, error, busy, submit };
}

/** /reset_password: the address to send the link to, then a confirmation (the same whether or not it has an account). */
export function ForgotPassword(): ReactNode {
  const intl = useIntl();
  const [email, setEmail] = useState('');
  const { done: sent, error, busy, submit } = useSubmit(async () => void (await client.sendPasswordResetEmail(email.trim())));

  const title = intl.formatMessage({ id: 'password_send.title', defaultMessage: 'Password Reset' });
  return (
    <div className="auth">
      <form className="auth-card" onSubmit={submit} aria-label={title}>
        <h1>Parley</h1>
        <h2>{title}</h2>
        {sent ? (
          <p role="status">
            <FormattedMessage
              id="password_send.link"
              defaultMessage="If the account exists, a password reset email will be sent to: {email}"
              values={{ email: <strong>{email.trim()}</strong> }}
            />
          </p>
        ) : (
          <>
            <p>
              <FormattedMessage
                id="password_send.description"
                defaultMessage="To reset your password, enter the email address you used to sign up"
              />
            </p>
            <label>
              <FormattedMessage id="password_send.email" defaultMessage="Email" />
              <input
                type="email"
                aria-label={intl.formatMessage({ id: 'password_send.email', defaultMessage: 'Email' })}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
                autoComplete="email"
              />
            </label>
            <ErrorLine error={error} />
            <button type="submit" disabled={busy}>
              <FormattedMessage id="password_send.reset" defaultMessage="Reset my password" />
            </button>
          </>
        )}
        <LoginLink />
      </form>
    </div>
  );
}

/** /reset_password_complete?token=…: the new password, then on to the login page. */
export function ResetPasswordComplete({ token }: { token: string }): ReactNode {
  const intl = useIntl();
  const [password, setPassword] = useState('');
  const { done, error, busy, submit } = useSubmit(async () => void (await client.resetUserPassword(token, password)));

  const title = intl.formatMessage({ id: 'password_form.title', defaultMessage: 'Password Reset' });
  const label = intl.formatMessage({ id: 'password_form.pwd', defaultMessage: 'New password' });
  return (
    <div className="auth">
      <form className="auth-card" onSubmit={submit} aria-label={title}>
        <h1>Parley</h1>
        <h2>{title}</h2>
        {done ? (
          <p role="status">
            <FormattedMessage id="password_form.update" defaultMessage="Your password has been updated successfully. Log in with it now." />
          </p>
        ) : (
          <>
            <p>
              <FormattedMessage id="password_form.enter" defaultMessage="Enter a new password for your account." />
            </p>
            <label>
              {label}
              <input
                type="password"
                aria-label={label}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
                autoComplete="new-password"
              />
            </label>
            <ErrorLine error={error} />
            <button type="submit" disabled={busy || !token}>
              <FormattedMessage id="password_form.change" defaultMessage="Change my password" />
            </button>
          </>
        )}
        <LoginLink />
      </form>
    </div>
  );
}

/** /do_verify_email?token=…: verifies once on opening, then says how it went. */
export function VerifyEmail({ token }: { token: string }): ReactNode {
  const [state, setState] = useState<'pending' | 'done' | string>('pending');
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    client
      .verifyUserEmail(token)
      .then(() => setState('done'))
      .catch((err) => setState(errorMessage(err)));
  }, [token]);

  return (
    <div className="auth">
      <div className="auth-card">
        <h1>Parley</h1>
        <h2>
          <FormattedMessage id="email_verify.title" defaultMessage="Email verification" />
        </h2>
        {state === 'pending' && (
          <p>
            <FormattedMessage id="email_verify.verifying" defaultMessage="Verifying your email…" />
          </p>
        )}
        {state === 'done' && (
          <p role="status">
            <FormattedMessage id="email_verify.verified" defaultMessage="Your email has been verified. You can log in now." />
          </p>
        )}
        {state !== 'pending' && state !== 'done' && <ErrorLine error={state} />}
        <LoginLink />
      </div>
    </div>
  );
}
