// System console for system admins: site URL, sign-up rules, SMTP, file limits, and the users list with deactivate.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { AdminConfig } from '@mattermost/types/config';
import type { UserProfile } from '@mattermost/types/users';
import { FormattedMessage, useIntl } from 'react-intl';
import { client, errorMessage } from './api.ts';
import { useStore } from './store.ts';
import { navigate } from './router.ts';

export function isSystemAdmin(u: UserProfile | null): boolean {
  return !!u && u.roles.split(' ').includes('system_admin');
}

const MB = 1024 * 1024;

export function AdminConsole(): ReactNode {
  const me = useStore((s) => s.me);
  if (!isSystemAdmin(me)) {
    return (
      <div className="auth">
        <div className="auth-card" role="alert">
          <h1>Parley</h1>
          <p>
            <FormattedMessage id="admin.onlyAdmins" defaultMessage="The system console is only for system administrators." />
          </p>
          <button onClick={() => navigate('/')}>
            <FormattedMessage id="common.back" defaultMessage="Back" />
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="admin">
      <header className="admin-header">
        <h1>
          <FormattedMessage id="menu.systemConsole" defaultMessage="System console" />
        </h1>
        <button className="secondary" onClick={() => navigate('/')}>
          <FormattedMessage id="admin.back" defaultMessage="Back to Parley" />
        </button>
      </header>
      <div className="admin-body">
        <SettingsForm />
        <UsersList meId={me?.id ?? ''} />
      </div>
    </div>
  );
}

function SettingsForm(): ReactNode {
  const [cfg, setCfg] = useState<AdminConfig | null>(null);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });

  useEffect(() => {
    client.getConfig().then(setCfg, (err) => setError(errorMessage(err)));
  }, []);

  /** Immutable update of one setting: `set('EmailSettings', 'SMTPServer', v)`. */
  function set<S extends keyof AdminConfig>(section: S, key: string, value: unknown): void {
    setSaved(false);
    setCfg((c) => (c ? ({ ...c, [section]: { ...(c[section] as object), [key]: value } } as AdminConfig) : c));
  }

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!cfg) return;
    setBusy(true);
    setError('');
    try {
      setCfg(await client.updateConfig(cfg));
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
      <p>{t('admin.loading', 'Loading settings…')}</p>
    );
  const es = cfg.EmailSettings;
  const text = (section: keyof AdminConfig, key: string, label: string, value: string, type = 'text') => (
    <label>
      {label}
      <input type={type} aria-label={label} value={value} onChange={(e) => set(section, key, e.target.value)} />
    </label>
  );
  const check = (section: keyof AdminConfig, key: string, label: string, value: boolean) => (
    <label className="check">
      <input type="checkbox" aria-label={label} checked={value} onChange={(e) => set(section, key, e.target.checked)} /> {label}
    </label>
  );
  return (
    <form className="form admin-settings" onSubmit={save} aria-label={t('admin.settings', 'Settings')}>
      <fieldset>
        <legend>{t('admin.site', 'Site')}</legend>
        {text('ServiceSettings', 'SiteURL', t('admin.siteUrl', 'Site URL'), cfg.ServiceSettings.SiteURL, 'url')}
        {text('TeamSettings', 'SiteName', t('admin.siteName', 'Site name'), cfg.TeamSettings.SiteName)}
      </fieldset>
      <fieldset>
        <legend>{t('admin.signup', 'Sign-up')}</legend>
        {check('TeamSettings', 'EnableUserCreation', t('admin.allowAccounts', 'Allow new accounts'), cfg.TeamSettings.EnableUserCreation)}
        {check(
          'TeamSettings',
          'EnableOpenServer',
          t('admin.openServer', 'Anyone can sign up without an invitation'),
          cfg.TeamSettings.EnableOpenServer,
        )}
      </fieldset>
      <fieldset>
        <legend>{t('admin.email', 'Email (SMTP)')}</legend>
        {text('EmailSettings', 'SMTPServer', t('admin.smtpServer', 'SMTP server'), es.SMTPServer)}
        {text('EmailSettings', 'SMTPPort', t('admin.smtpPort', 'SMTP port'), es.SMTPPort)}
        {check('EmailSettings', 'EnableSMTPAuth', t('admin.smtpAuth', 'Use SMTP authentication'), es.EnableSMTPAuth)}
        {text('EmailSettings', 'SMTPUsername', t('admin.smtpUsername', 'SMTP username'), es.SMTPUsername)}
        {text('EmailSettings', 'SMTPPassword', t('admin.smtpPassword', 'SMTP password'), es.SMTPPassword, 'password')}
        <label>
          {t('admin.security', 'Connection security')}
          <select
            aria-label={t('admin.security', 'Connection security')}
            value={es.ConnectionSecurity}
            onChange={(e) => set('EmailSettings', 'ConnectionSecurity', e.target.value)}
          >
            <option value="">{t('admin.securityNone', 'None')}</option>
            <option value="TLS">TLS</option>
            <option value="STARTTLS">STARTTLS</option>
          </select>
        </label>
        {text('EmailSettings', 'FeedbackEmail', t('admin.feedbackEmail', 'Notification from address'), es.FeedbackEmail, 'email')}
      </fieldset>
      <fieldset>
        <legend>{t('admin.files', 'Files')}</legend>
        <label>
          {t('admin.maxFileSize', 'Maximum file size (MB)')}
          <input
            type="number"
            min={1}
            aria-label={t('admin.maxFileSize', 'Maximum file size (MB)')}
            value={Math.round((cfg.FileSettings.MaxFileSize / MB) * 100) / 100}
            onChange={(e) => set('FileSettings', 'MaxFileSize', Math.round(Number(e.target.value) * MB))}
          />
        </label>
        {check(
          'FileSettings',
          'EnableFileAttachments',
          t('admin.allowFiles', 'Allow file attachments'),
          cfg.FileSettings.EnableFileAttachments,
        )}
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p role="status" className="ok">
          {t('admin.saved', 'Settings saved.')}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {t('admin.save', 'Save settings')}
      </button>
    </form>
  );
}

function UsersList({ meId }: { meId: string }): ReactNode {
  const [users, setUsers] = useState<UserProfile[]>([]);
  const [error, setError] = useState('');
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });
  async function reload(): Promise<void> {
    try {
      setUsers(await client.getProfiles(0, 200, {}));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  useEffect(() => {
    void reload();
  }, []);
  async function setActive(u: UserProfile, active: boolean): Promise<void> {
    setError('');
    try {
      await client.updateUserActive(u.id, active);
      await reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <section className="admin-users" aria-label={t('admin.users', 'Users')}>
      <h2>{t('admin.users', 'Users')}</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="pick-list">
        {[...users]
          .sort((a, b) => a.username.localeCompare(b.username))
          .map((u) => {
            const inactive = u.delete_at > 0;
            return (
              <li key={u.id}>
                <div>
                  <strong>@{u.username}</strong> <span className="muted">{u.email}</span>
                  {u.roles.includes('system_admin') && <span className="tag">{t('admin.tagAdmin', 'Admin')}</span>}
                  {inactive && <span className="tag off">{t('admin.tagDeactivated', 'Deactivated')}</span>}
                </div>
                {u.id !== meId &&
                  (inactive ? (
                    <button
                      className="secondary"
                      aria-label={intl.formatMessage(
                        { id: 'admin.activateAria', defaultMessage: 'Activate {username}' },
                        { username: u.username },
                      )}
                      onClick={() => void setActive(u, true)}
                    >
                      {t('admin.activate', 'Activate')}
                    </button>
                  ) : (
                    <button
                      className="danger"
                      aria-label={intl.formatMessage(
                        { id: 'admin.deactivateAria', defaultMessage: 'Deactivate {username}' },
                        { username: u.username },
                      )}
                      onClick={() => void setActive(u, false)}
                    >
                      {t('admin.deactivate', 'Deactivate')}
                    </button>
                  ))}
              </li>
            );
          })}
      </ul>
    </section>
  );
}
