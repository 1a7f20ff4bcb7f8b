// The console's users: search and filter (role, active), change the system role, (de)activate, reset a password,
// end sessions, promote a guest or demote a user to guest.
import { useCallback, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../api.ts';
import { ErrorAlert, useAdminList } from './common.tsx';

type Filter = 'all' | 'system_admin' | 'system_guest' | 'active' | 'inactive';

const roleOf = (u: UserProfile): 'system_admin' | 'system_guest' | 'system_user' => {
  const r = u.roles.split(' ');
  return r.includes('system_admin') ? 'system_admin' : r.includes('system_guest') ? 'system_guest' : 'system_user';
};

export function UsersPage({ meId }: { meId: string }): ReactNode {
  const intl = useIntl();
  const [term, setTerm] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const load = useCallback(async (): Promise<UserProfile[]> => {
    if (term.trim()) return (await client.searchUsers(term.trim(), { allow_inactive: true })).filter((u) => matches(u, filter));
    const opts: Record<string, unknown> =
      filter === 'system_admin' || filter === 'system_guest' ? { role: filter } : filter === 'all' ? {} : { [filter]: true };
    return client.getProfiles(0, 200, opts);
  }, [term, filter]);
  const { items: users, error, notice, act } = useAdminList(load);

  return (
    <section className="admin-users" aria-label={intl.formatMessage({ id: 'admin.users.title', defaultMessage: 'Users' })}>
      <h2>
        <FormattedMessage id="admin.users.title" defaultMessage="Users" />
      </h2>
      <div className="admin-filters">
        <input
          type="search"
          aria-label={intl.formatMessage({ id: 'admin.users.search', defaultMessage: 'Search users' })}
          placeholder={intl.formatMessage({ id: 'admin.users.search', defaultMessage: 'Search users' })}
          value={term}
          onChange={(e) => setTerm(e.target.value)}
        />
        <select
          aria-label={intl.formatMessage({ id: 'admin.users.filter', defaultMessage: 'Filter users' })}
          value={filter}
          onChange={(e) => setFilter(e.target.value as Filter)}
        >
          <option value="all">{intl.formatMessage({ id: 'admin.users.filter_all', defaultMessage: 'All users' })}</option>
          <option value="system_admin">{intl.formatMessage({ id: 'admin.users.filter_admins', defaultMessage: 'System admins' })}</option>
          <option value="system_guest">{intl.formatMessage({ id: 'admin.users.filter_guests', defaultMessage: 'Guests' })}</option>
          <option value="active">{intl.formatMessage({ id: 'admin.users.filter_active', defaultMessage: 'Active' })}</option>
          <option value="inactive">{intl.formatMessage({ id: 'admin.users.filter_inactive', defaultMessage: 'Deactivated' })}</option>
        </select>
      </div>
      <ErrorAlert error={error} />
      {notice && (
        <p className="ok" role="status">
          {notice}
        </p>
      )}
      <ul className="pick-list">
        {[...users]
          .sort((a, b) => a.username.localeCompare(b.username))
          .map((u) => (
            <UserRow key={u.id} user={u} isMe={u.id === meId} act={act} />
          ))}
      </ul>
    </section>
  );
}

function matches(u: UserProfile, filter: Filter): boolean {
  if (filter === 'all') return true;
  if (filter === 'active') return u.delete_at === 0;
  if (filter === 'inactive') return u.delete_at > 0;
  return roleOf(u) === filter;
}

function UserRow({
  user: u,
  isMe,
  act,
}: {
  user: UserProfile;
  isMe: boolean;
  act: (fn: () => Promise<unknown>, done?: string) => Promise<void>;
}): ReactNode {
  const intl = useIntl();
  const [password, setPassword] = useState('');
  const inactive = u.delete_at > 0;
  const role = roleOf(u);
  const name = u.username;
  const t = (id: string, defaultMessage: string) => intl.formatMessage({ id, defaultMessage }, { name });
  return (
    <li>
      <div>
        <strong>@{u.username}</strong> <span className="muted">{u.email}</span>
        {role === 'system_admin' && (
          <span className="tag">
            <FormattedMessage id="admin.users.tag_admin" defaultMessage="Admin" />
          </span>
        )}
        {role === 'system_guest' && (
          <span className="tag">
            <FormattedMessage id="admin.users.tag_guest" defaultMessage="Guest" />
          </span>
        )}
        {inactive && (
          <span className="tag off">
            <FormattedMessage id="admin.users.tag_deactivated" defaultMessage="Deactivated" />
          </span>
        )}
      </div>
      {!isMe && (
        <div className="admin-actions">
          {role !== 'system_guest' && (
            <select
              aria-label={t('admin.users.role_of', 'Role of {name}')}
              value={role}
              onChange={(e) =>
                void act(() => client.updateUserRoles(u.id, e.target.value === 'system_admin' ? 'system_user system_admin' : 'system_user'))
              }
            >
              <option value="system_user">{intl.formatMessage({ id: 'admin.users.role_member', defaultMessage: 'Member' })}</option>
              <option value="system_admin">{intl.formatMessage({ id: 'admin.users.role_admin', defaultMessage: 'System admin' })}</option>
            </select>
          )}
          {role === 'system_guest' ? (
            <button
              className="secondary"
              aria-label={t('admin.users.promote', 'Promote {name} to member')}
              onClick={() => void act(() => client.promoteGuestToUser(u.id))}
            >
              <FormattedMessage id="admin.users.promote_short" defaultMessage="Promote to member" />
            </button>
          ) : (
            role === 'system_user' && (
              <button
                className="secondary"
                aria-label={t('admin.users.demote', 'Demote {name} to guest')}
                onClick={() => void act(() => client.demoteUserToGuest(u.id))}
              >
                <FormattedMessage id="admin.users.demote_short" defaultMessage="Demote to guest" />
              </button>
            )
          )}
          {inactive ? (
            <button
              className="secondary"
              aria-label={t('admin.users.activate', 'Activate {name}')}
              onClick={() => void act(() => client.updateUserActive(u.id, true))}
            >
              <FormattedMessage id="admin.users.activate_short" defaultMessage="Activate" />
            </button>
          ) : (
            <button
              className="danger"
              aria-label={t('admin.users.deactivate', 'Deactivate {name}')}
              onClick={() => void act(() => client.updateUserActive(u.id, false))}
            >
              <FormattedMessage id="admin.users.deactivate_short" defaultMessage="Deactivate" />
            </button>
          )}
          <button
            className="secondary"
            aria-label={t('admin.users.revoke', 'Revoke sessions of {name}')}
            onClick={() => void act(() => client.revokeAllSessionsForUser(u.id), t('admin.users.revoked', 'Sessions of {name} ended.'))}
          >
            <FormattedMessage id="admin.users.revoke_short" defaultMessage="Revoke sessions" />
          </button>
          <input
            type="password"
            autoComplete="new-password"
            aria-label={t('admin.users.new_password', 'New password for {name}')}
            placeholder={intl.formatMessage({ id: 'admin.users.new_password_short', defaultMessage: 'New password' })}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <button
            className="secondary"
            disabled={!password}
            aria-label={t('admin.users.reset_password', 'Reset password of {name}')}
            onClick={() =>
              void act(
                async () => {
                  await client.updateUserPassword(u.id, '', password);
                  setPassword('');
                },
                t('admin.users.password_reset', 'Password of {name} changed.'),
              )
            }
          >
            <FormattedMessage id="admin.users.reset_password_short" defaultMessage="Reset password" />
          </button>
        </div>
      )}
    </li>
  );
}
