// System console for system admins: one page per section (users, teams, channels, permissions, settings, statistics),
// each in web/src/admin/.
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { UserProfile } from '@mattermost/types/users';
import { useStore } from './store.ts';
import { navigate } from './router.ts';
import { SettingsPage } from './admin/Settings.tsx';
import { UsersPage } from './admin/Users.tsx';

const TeamsPage = lazy(() => import('./admin/Teams.tsx').then((m) => ({ default: m.TeamsPage })));
const ChannelsPage = lazy(() => import('./admin/Channels.tsx').then((m) => ({ default: m.ChannelsPage })));
const PermissionsPage = lazy(() => import('./admin/Permissions.tsx').then((m) => ({ default: m.PermissionsPage })));
const StatsPage = lazy(() => import('./admin/Stats.tsx').then((m) => ({ default: m.StatsPage })));

export function isSystemAdmin(u: UserProfile | null): boolean {
  return !!u && u.roles.split(' ').includes('system_admin');
}

type Section = 'settings' | 'users' | 'teams' | 'channels' | 'permissions' | 'stats';

const SECTIONS: Array<{ id: Section; label: { id: string; defaultMessage: string } }> = [
  { id: 'settings', label: { id: 'admin.nav.settings', defaultMessage: 'Settings' } },
  { id: 'users', label: { id: 'admin.nav.users', defaultMessage: 'Users' } },
  { id: 'teams', label: { id: 'admin.nav.teams', defaultMessage: 'Teams' } },
  { id: 'channels', label: { id: 'admin.nav.channels', defaultMessage: 'Channels' } },
  { id: 'permissions', label: { id: 'admin.nav.permissions', defaultMessage: 'Permissions' } },
  { id: 'stats', label: { id: 'admin.nav.stats', defaultMessage: 'Site statistics' } },
];

export function AdminConsole(): ReactNode {
  const me = useStore((s) => s.me);
  const intl = useIntl();
  const [section, setSection] = useState<Section>('settings');
  if (!isSystemAdmin(me)) {
    return (
      <div className="auth">
        <div className="auth-card" role="alert">
          <h1>Parley</h1>
          <p>
            <FormattedMessage id="admin.only_admins" defaultMessage="The system console is only for system administrators." />
          </p>
          <button onClick={() => navigate('/')}>
            <FormattedMessage id="admin.back" defaultMessage="Back" />
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="admin">
      <header className="admin-header">
        <h1>
          <FormattedMessage id="admin.title" defaultMessage="System console" />
        </h1>
        <button className="secondary" onClick={() => navigate('/')}>
          <FormattedMessage id="admin.back_to_parley" defaultMessage="Back to Parley" />
        </button>
      </header>
      <nav className="admin-nav" aria-label={intl.formatMessage({ id: 'admin.nav.label', defaultMessage: 'System console sections' })}>
        {SECTIONS.map((s) => (
          <button
            key={s.id}
            className={s.id === section ? 'selected' : 'secondary'}
            aria-current={s.id === section ? 'page' : undefined}
            onClick={() => setSection(s.id)}
          >
            {intl.formatMessage(s.label)}
          </button>
        ))}
      </nav>
      <div className="admin-body">
        <Suspense fallback={<p>…</p>}>
          {section === 'settings' && <SettingsPage />}
          {section === 'users' && <UsersPage meId={me?.id ?? ''} />}
          {section === 'teams' && <TeamsPage />}
          {section === 'channels' && <ChannelsPage />}
          {section === 'permissions' && <PermissionsPage />}
          {section === 'stats' && <StatsPage />}
        </Suspense>
      </div>
    </div>
  );
}
