// System console for system admins: site URL, sign-up rules, SMTP, file limits, and the users list with deactivate.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { AdminConfig } from '@mattermost/types/config';
import type { UserProfile } from '@mattermost/types/users';
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
          <p>The system console is only for system administrators.</p>
          <button onClick={() => navigate('/')}>Back</button>
        </div>
      </div>
    );
  }
  return (
    <div className="admin">
      <header className="admin-header">
        <h1>System console</h1>
        <button className="secondary" onClick={() => navigate('/')}>
          Back to Parley
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
      <p>Loading settings…</p>
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
    <form className="form admin-settings" onSubmit={save} aria-label="Settings">
      <fieldset>
        <legend>Site</legend>
        {text('ServiceSettings', 'SiteURL', 'Site URL', cfg.ServiceSettings.SiteURL, 'url')}
        {text('TeamSettings', 'SiteName', 'Site name', cfg.TeamSettings.SiteName)}
      </fieldset>
      <fieldset>
        <legend>Sign-up</legend>
        {check('TeamSettings', 'EnableUserCreation', 'Allow new accounts', cfg.TeamSettings.EnableUserCreation)}
        {check('TeamSettings', 'EnableOpenServer', 'Anyone can sign up without an invitation', cfg.TeamSettings.EnableOpenServer)}
      </fieldset>
      <fieldset>
        <legend>Email (SMTP)</legend>
        {text('EmailSettings', 'SMTPServer', 'SMTP server', es.SMTPServer)}
        {text('EmailSettings', 'SMTPPort', 'SMTP port', es.SMTPPort)}
        {check('EmailSettings', 'EnableSMTPAuth', 'Use SMTP authentication', es.EnableSMTPAuth)}
        {text('EmailSettings', 'SMTPUsername', 'SMTP username', es.SMTPUsername)}
        {text('EmailSettings', 'SMTPPassword', 'SMTP password', es.SMTPPassword, 'password')}
        <label>
          Connection security
          <select
            aria-label="Connection security"
            value={es.ConnectionSecurity}
            onChange={(e) => set('EmailSettings', 'ConnectionSecurity', e.target.value)}
          >
            <option value="">None</option>
            <option value="TLS">TLS</option>
            <option value="STARTTLS">STARTTLS</option>
          </select>
        </label>
        {text('EmailSettings', 'FeedbackEmail', 'Notification from address', es.FeedbackEmail, 'email')}
      </fieldset>
      <fieldset>
        <legend>Files</legend>
        <label>
          Maximum file size (MB)
          <input
            type="number"
            min={1}
            aria-label="Maximum file size (MB)"
            value={Math.round((cfg.FileSettings.MaxFileSize / MB) * 100) / 100}
            onChange={(e) => set('FileSettings', 'MaxFileSize', Math.round(Number(e.target.value) * MB))}
          />
        </label>
        {check('FileSettings', 'EnableFileAttachments', 'Allow file attachments', cfg.FileSettings.EnableFileAttachments)}
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p role="status" className="ok">
          Settings saved.
        </p>
      )}
      <button type="submit" disabled={busy}>
        Save settings
      </button>
    </form>
  );
}

function UsersList({ meId }: { meId: string }): ReactNode {
  const [users, setUsers] = useState<UserProfile[]>([]);
  const [error, setError] = useState('');
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
    <section className="admin-users" aria-label="Users">
      <h2>Users</h2>
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
                  {u.roles.includes('system_admin') && <span className="tag">Admin</span>}
                  {inactive && <span className="tag off">Deactivated</span>}
                </div>
                {u.id !== meId &&
                  (inactive ? (
                    <button className="secondary" aria-label={`Activate ${u.username}`} onClick={() => void setActive(u, true)}>
                      Activate
                    </button>
                  ) : (
                    <button className="danger" aria-label={`Deactivate ${u.username}`} onClick={() => void setActive(u, false)}>
                      Deactivate
                    </button>
                  ))}
              </li>
            );
          })}
      </ul>
    </section>
  );
}
