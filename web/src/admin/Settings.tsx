// The console's settings: site, sign-up and authentication, passwords, e-mail and notifications, integrations, files,
// rate limits. A setting is shown only when the server's config has it (so settings added later appear by themselves).
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { AdminConfig } from '@mattermost/types/config';
import { client, errorMessage } from '../api.ts';

const MB = 1024 * 1024;

type Kind = 'text' | 'password' | 'url' | 'email' | 'number' | 'bool' | 'mb';

interface Field {
  section: string;
  key: string;
  kind: Kind;
  label: { id: string; defaultMessage: string };
  options?: Array<{ value: string; label: { id: string; defaultMessage: string } }>;
}

interface Group {
  legend: { id: string; defaultMessage: string };
  fields: Field[];
}

const f = (section: string, key: string, kind: Kind, id: string, defaultMessage: string, options?: Field['options']): Field => ({
  section,
  key,
  kind,
  label: { id, defaultMessage },
  options,
});

const GROUPS: Group[] = [
  {
    legend: { id: 'admin.settings.site', defaultMessage: 'Site' },
    fields: [
      f('ServiceSettings', 'SiteURL', 'url', 'admin.settings.site_url', 'Site URL'),
      f('TeamSettings', 'SiteName', 'text', 'admin.settings.site_name', 'Site name'),
    ],
  },
  {
    legend: { id: 'admin.settings.signup', defaultMessage: 'Sign-up' },
    fields: [
      f('TeamSettings', 'EnableUserCreation', 'bool', 'admin.settings.enable_user_creation', 'Allow new accounts'),
      f('TeamSettings', 'EnableOpenServer', 'bool', 'admin.settings.open_server', 'Anyone can sign up without an invitation'),
      f('EmailSettings', 'EnableSignUpWithEmail', 'bool', 'admin.settings.signup_email', 'Allow sign-up with e-mail'),
      f('TeamSettings', 'RestrictCreationToDomains', 'text', 'admin.settings.restrict_domains', 'Restrict accounts to these domains'),
      f('TeamSettings', 'EnableUserDeactivation', 'bool', 'admin.settings.user_deactivation', 'Users may deactivate their own account'),
      f('GuestAccountsSettings', 'Enable', 'bool', 'admin.settings.guests', 'Enable guest accounts'),
      f('GuestAccountsSettings', 'RestrictCreationToDomains', 'text', 'admin.settings.guest_domains', 'Guest e-mail domains'),
    ],
  },
  {
    legend: { id: 'admin.settings.authentication', defaultMessage: 'Authentication' },
    fields: [
      f('EmailSettings', 'EnableSignInWithEmail', 'bool', 'admin.settings.signin_email', 'Sign in with e-mail address'),
      f('EmailSettings', 'EnableSignInWithUsername', 'bool', 'admin.settings.signin_username', 'Sign in with username'),
      f('EmailSettings', 'RequireEmailVerification', 'bool', 'admin.settings.require_verification', 'Require e-mail verification'),
      f('ServiceSettings', 'EnableMultifactorAuthentication', 'bool', 'admin.settings.mfa', 'Enable multi-factor authentication'),
      f('ServiceSettings', 'EnforceMultifactorAuthentication', 'bool', 'admin.settings.mfa_enforce', 'Enforce multi-factor authentication'),
      f('ServiceSettings', 'MaximumLoginAttempts', 'number', 'admin.settings.max_login_attempts', 'Failed logins before the account locks'),
      f('PasswordSettings', 'MinimumLength', 'number', 'admin.settings.password_length', 'Minimum password length'),
      f('PasswordSettings', 'Lowercase', 'bool', 'admin.settings.password_lowercase', 'Password needs a lowercase letter'),
      f('PasswordSettings', 'Uppercase', 'bool', 'admin.settings.password_uppercase', 'Password needs an uppercase letter'),
      f('PasswordSettings', 'Number', 'bool', 'admin.settings.password_number', 'Password needs a number'),
      f('PasswordSettings', 'Symbol', 'bool', 'admin.settings.password_symbol', 'Password needs a symbol'),
    ],
  },
  {
    legend: { id: 'admin.settings.email', defaultMessage: 'Email (SMTP)' },
    fields: [
      f('EmailSettings', 'SMTPServer', 'text', 'admin.settings.smtp_server', 'SMTP server'),
      f('EmailSettings', 'SMTPPort', 'text', 'admin.settings.smtp_port', 'SMTP port'),
      f('EmailSettings', 'EnableSMTPAuth', 'bool', 'admin.settings.smtp_auth', 'Use SMTP authentication'),
      f('EmailSettings', 'SMTPUsername', 'text', 'admin.settings.smtp_username', 'SMTP username'),
      f('EmailSettings', 'SMTPPassword', 'password', 'admin.settings.smtp_password', 'SMTP password'),
      f('EmailSettings', 'ConnectionSecurity', 'text', 'admin.settings.connection_security', 'Connection security', [
        { value: '', label: { id: 'admin.settings.security_none', defaultMessage: 'None' } },
        { value: 'TLS', label: { id: 'admin.settings.security_tls', defaultMessage: 'TLS' } },
        { value: 'STARTTLS', label: { id: 'admin.settings.security_starttls', defaultMessage: 'STARTTLS' } },
      ]),
      f('EmailSettings', 'FeedbackEmail', 'email', 'admin.settings.feedback_email', 'Notification from address'),
      f('EmailSettings', 'SendEmailNotifications', 'bool', 'admin.settings.email_notifications', 'Send e-mail notifications'),
      f('ServiceSettings', 'EnableEmailInvitations', 'bool', 'admin.settings.email_invitations', 'Allow e-mail invitations'),
    ],
  },
  {
    legend: { id: 'admin.settings.integrations', defaultMessage: 'Integrations' },
    fields: [
      f('ServiceSettings', 'EnableIncomingWebhooks', 'bool', 'admin.settings.incoming_webhooks', 'Enable incoming webhooks'),
      f('ServiceSettings', 'EnableOutgoingWebhooks', 'bool', 'admin.settings.outgoing_webhooks', 'Enable outgoing webhooks'),
      f('ServiceSettings', 'EnableCommands', 'bool', 'admin.settings.commands', 'Enable custom slash commands'),
      f('ServiceSettings', 'EnableBotAccountCreation', 'bool', 'admin.settings.bots', 'Enable bot account creation'),
      f('ServiceSettings', 'EnableUserAccessTokens', 'bool', 'admin.settings.access_tokens', 'Enable personal access tokens'),
      f('ServiceSettings', 'EnablePostUsernameOverride', 'bool', 'admin.settings.username_override', 'Integrations may override usernames'),
      f('ServiceSettings', 'EnablePostIconOverride', 'bool', 'admin.settings.icon_override', 'Integrations may override profile pictures'),
      f('ServiceSettings', 'EnableCustomEmoji', 'bool', 'admin.settings.custom_emoji', 'Enable custom emoji'),
      f('TeamSettings', 'EnableCustomUserStatuses', 'bool', 'admin.settings.custom_status', 'Enable custom statuses'),
    ],
  },
  {
    legend: { id: 'admin.settings.files', defaultMessage: 'Files' },
    fields: [
      f('FileSettings', 'MaxFileSize', 'mb', 'admin.settings.max_file_size', 'Maximum file size (MB)'),
      f('FileSettings', 'EnableFileAttachments', 'bool', 'admin.settings.file_attachments', 'Allow file attachments'),
      f('FileSettings', 'EnablePublicLink', 'bool', 'admin.settings.public_links', 'Allow public file links'),
    ],
  },
  {
    legend: { id: 'admin.settings.rate_limits', defaultMessage: 'Rate limits' },
    fields: [
      f('RateLimitSettings', 'Enable', 'bool', 'admin.settings.rate_limit_enable', 'Enable rate limiting'),
      f('RateLimitSettings', 'PerSec', 'number', 'admin.settings.rate_limit_per_sec', 'Requests per second'),
      f('RateLimitSettings', 'MaxBurst', 'number', 'admin.settings.rate_limit_burst', 'Maximum burst size'),
      f('RateLimitSettings', 'VaryByRemoteAddr', 'bool', 'admin.settings.rate_limit_addr', 'Vary by remote address'),
      f('RateLimitSettings', 'VaryByUser', 'bool', 'admin.settings.rate_limit_user', 'Vary by user'),
    ],
  },
];

type Cfg = Record<string, Record<string, unknown>>;

export function SettingsPage(): ReactNode {
  const intl = useIntl();
  const [cfg, setCfg] = useState<Cfg | null>(null);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client.getConfig().then(
      (c) => setCfg(c as unknown as Cfg),
      (err) => setError(errorMessage(err)),
    );
  }, []);

  function set(section: string, key: string, value: unknown): void {
    setSaved(false);
    setCfg((c) => (c ? { ...c, [section]: { ...c[section], [key]: value } } : c));
  }

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!cfg) return;
    setBusy(true);
    setError('');
    try {
      setCfg((await client.updateConfig(cfg as unknown as AdminConfig)) as unknown as Cfg);
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  if (!cfg)
    return error ? (
      <p className="error" role="alert">
        {error}
      </p>
    ) : (
      <p>
        <FormattedMessage id="admin.settings.loading" defaultMessage="Loading settings…" />
      </p>
    );

  function input(field: Field): ReactNode {
    const value = cfg![field.section]?.[field.key];
    if (value === undefined) return null;
    const label = intl.formatMessage(field.label);
    if (field.kind === 'bool')
      return (
        <label className="check" key={field.key}>
          <input type="checkbox" aria-label={label} checked={!!value} onChange={(e) => set(field.section, field.key, e.target.checked)} />{' '}
          {label}
        </label>
      );
    if (field.options)
      return (
        <label key={field.key}>
          {label}
          <select aria-label={label} value={String(value)} onChange={(e) => set(field.section, field.key, e.target.value)}>
            {field.options.map((o) => (
              <option key={o.value} value={o.value}>
                {intl.formatMessage(o.label)}
              </option>
            ))}
          </select>
        </label>
      );
    if (field.kind === 'mb')
      return (
        <label key={field.key}>
          {label}
          <input
            type="number"
            min={1}
            aria-label={label}
            value={Math.round((Number(value) / MB) * 100) / 100}
            onChange={(e) => set(field.section, field.key, Math.round(Number(e.target.value) * MB))}
          />
        </label>
      );
    if (field.kind === 'number')
      return (
        <label key={field.key}>
          {label}
          <input
            type="number"
            aria-label={label}
            value={Number(value)}
            onChange={(e) => set(field.section, field.key, Number(e.target.value))}
          />
        </label>
      );
    return (
      <label key={field.key}>
        {label}
        <input type={field.kind} aria-label={label} value={String(value)} onChange={(e) => set(field.section, field.key, e.target.value)} />
      </label>
    );
  }

  return (
    <form
      className="form admin-settings"
      onSubmit={save}
      aria-label={intl.formatMessage({ id: 'admin.settings.form', defaultMessage: 'Settings' })}
    >
      {GROUPS.map((g) => (
        <fieldset key={g.legend.id}>
          <legend>{intl.formatMessage(g.legend)}</legend>
          {g.fields.map(input)}
        </fieldset>
      ))}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p role="status" className="ok">
          <FormattedMessage id="admin.settings.saved" defaultMessage="Settings saved." />
        </p>
      )}
      <button type="submit" disabled={busy}>
        <FormattedMessage id="admin.settings.save" defaultMessage="Save settings" />
      </button>
    </form>
  );
}
