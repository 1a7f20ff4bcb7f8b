// The console's permissions: a checkbox grid of Mattermost's permission names per role, for the system scheme (the
// built-in roles) and for team permission schemes (created here and assigned to teams). Saved with PATCH /roles/{id}.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Role } from '@mattermost/types/roles';
import type { Scheme } from '@mattermost/types/schemes';
import type { Team } from '@mattermost/types/teams';
import { client, errorMessage } from '../api.ts';
import { ErrorAlert } from './common.tsx';

const PERMISSIONS = [
  'create_team',
  'create_direct_channel',
  'create_group_channel',
  'create_emojis',
  'invite_user',
  'invite_guest',
  'add_user_to_team',
  'remove_user_from_team',
  'manage_team',
  'manage_team_roles',
  'create_public_channel',
  'create_private_channel',
  'join_public_channels',
  'read_public_channel',
  'manage_public_channel_properties',
  'manage_private_channel_properties',
  'manage_public_channel_members',
  'manage_private_channel_members',
  'delete_public_channel',
  'delete_private_channel',
  'manage_channel_roles',
  'read_channel',
  'create_post',
  'edit_post',
  'delete_post',
  'delete_others_posts',
  'add_reaction',
  'upload_file',
  'use_channel_mentions',
  'manage_own_incoming_webhooks',
  'manage_own_outgoing_webhooks',
  'manage_own_slash_commands',
] as const;

const SYSTEM_ROLES = [
  'system_user',
  'system_guest',
  'team_admin',
  'team_user',
  'team_guest',
  'channel_admin',
  'channel_user',
  'channel_guest',
];
const SLOT_LABELS: Array<[keyof Scheme, { id: string; defaultMessage: string }]> = [
  ['default_team_admin_role', { id: 'admin.permissions.team_admin', defaultMessage: 'Team admin' }],
  ['default_team_user_role', { id: 'admin.permissions.team_user', defaultMessage: 'Team member' }],
  ['default_team_guest_role', { id: 'admin.permissions.team_guest', defaultMessage: 'Team guest' }],
  ['default_channel_admin_role', { id: 'admin.permissions.channel_admin', defaultMessage: 'Channel admin' }],
  ['default_channel_user_role', { id: 'admin.permissions.channel_user', defaultMessage: 'Channel member' }],
  ['default_channel_guest_role', { id: 'admin.permissions.channel_guest', defaultMessage: 'Channel guest' }],
];

/** A grid over roles; `labels` names each column. Changed roles are patched on save. */
function RoleGrid({ roles, labels, caption }: { roles: Role[]; labels: string[]; caption: string }): ReactNode {
  const intl = useIntl();
  const [edited, setEdited] = useState<Record<string, Set<string>>>({});
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  useEffect(() => setEdited(Object.fromEntries(roles.map((r) => [r.id, new Set(r.permissions)]))), [roles]);

  function toggle(roleId: string, perm: string, on: boolean): void {
    setStatus('');
    setEdited((e) => {
      const next = new Set(e[roleId]);
      if (on) next.add(perm);
      else next.delete(perm);
      return { ...e, [roleId]: next };
    });
  }

  async function save(): Promise<void> {
    setError('');
    try {
      for (const r of roles) {
        const now = edited[r.id];
        if (!now) continue;
        const same = now.size === r.permissions.length && r.permissions.every((p) => now.has(p));
        if (!same) await client.patchRole(r.id, { permissions: [...now] });
      }
      setStatus(intl.formatMessage({ id: 'admin.permissions.saved', defaultMessage: 'Permissions saved.' }));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <div className="admin-grid">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage id="admin.permissions.permission" defaultMessage="Permission" />
            </th>
            {labels.map((l) => (
              <th scope="col" key={l}>
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PERMISSIONS.map((p) => (
            <tr key={p}>
              <th scope="row">
                <code>{p}</code>
              </th>
              {roles.map((r, i) => (
                <td key={r.id}>
                  <input
                    type="checkbox"
                    aria-label={`${labels[i]}: ${p}`}
                    checked={!!edited[r.id]?.has(p)}
                    onChange={(e) => toggle(r.id, p, e.target.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorAlert error={error} />
      {status && (
        <p className="ok" role="status">
          {status}
        </p>
      )}
      <button onClick={() => void save()}>
        <FormattedMessage id="admin.permissions.save" defaultMessage="Save permissions" />
      </button>
    </div>
  );
}

export function PermissionsPage(): ReactNode {
  const intl = useIntl();
  const [systemRoles, setSystemRoles] = useState<Role[]>([]);
  const [schemes, setSchemes] = useState<Scheme[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [selected, setSelected] = useState<Scheme | null>(null);
  const [schemeRoles, setSchemeRoles] = useState<Role[]>([]);
  const [newName, setNewName] = useState('');
  const [error, setError] = useState('');

  const reload = useCallback(async () => {
    try {
      const roles = await client.getRolesByNames(SYSTEM_ROLES);
      setSystemRoles(SYSTEM_ROLES.map((n) => roles.find((r) => r.name === n)).filter((r): r is Role => !!r));
      setSchemes(await client.getSchemes('team', 0, 100));
      setTeams((await client.getTeams(0, 200)) as Team[]);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  async function open(s: Scheme): Promise<void> {
    setSelected(s);
    setSchemeRoles(await Promise.all(SLOT_LABELS.map(([slot]) => client.getRole(String(s[slot])))));
  }

  async function create(): Promise<void> {
    setError('');
    try {
      const name = newName.trim();
      const s = await client.createScheme({
        name:
          name
            .toLowerCase()
            .replace(/[^a-z0-9_]+/g, '_')
            .slice(0, 64) || 'scheme',
        display_name: name,
        scope: 'team',
      });
      setNewName('');
      await reload();
      await open(s);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function assign(teamId: string, schemeId: string): Promise<void> {
    setError('');
    try {
      await client.updateTeamScheme(teamId, schemeId);
      await reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <section className="admin-users" aria-label={intl.formatMessage({ id: 'admin.permissions.title', defaultMessage: 'Permissions' })}>
      <h2>
        <FormattedMessage id="admin.permissions.title" defaultMessage="Permissions" />
      </h2>
      <ErrorAlert error={error} />
      {systemRoles.length > 0 && (
        <RoleGrid
          roles={systemRoles}
          labels={systemRoles.map((r) => r.name)}
          caption={intl.formatMessage({ id: 'admin.permissions.system_scheme', defaultMessage: 'System scheme' })}
        />
      )}
      <h3>
        <FormattedMessage id="admin.permissions.team_schemes" defaultMessage="Team schemes" />
      </h3>
      <div className="admin-filters">
        <input
          aria-label={intl.formatMessage({ id: 'admin.permissions.new_scheme', defaultMessage: 'New scheme name' })}
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
        />
        <button disabled={!newName.trim()} onClick={() => void create()}>
          <FormattedMessage id="admin.permissions.create_scheme" defaultMessage="Create scheme" />
        </button>
      </div>
      <ul className="pick-list">
        {schemes.map((s) => (
          <li key={s.id} className={selected?.id === s.id ? 'selected' : undefined}>
            <div>
              <strong>{s.display_name}</strong>
            </div>
            <button className="secondary" onClick={() => void open(s)}>
              <FormattedMessage id="admin.permissions.edit_scheme" defaultMessage="Edit" />
            </button>
          </li>
        ))}
      </ul>
      {selected && schemeRoles.length > 0 && (
        <RoleGrid roles={schemeRoles} labels={SLOT_LABELS.map(([, l]) => intl.formatMessage(l))} caption={selected.display_name} />
      )}
      {schemes.length > 0 && (
        <ul
          className="pick-list"
          aria-label={intl.formatMessage({ id: 'admin.permissions.team_assignments', defaultMessage: 'Team schemes in use' })}
        >
          {teams.map((t) => (
            <li key={t.id}>
              <div>{t.display_name}</div>
              <select
                aria-label={intl.formatMessage(
                  { id: 'admin.permissions.scheme_of', defaultMessage: 'Scheme of {name}' },
                  { name: t.display_name },
                )}
                value={t.scheme_id ?? ''}
                onChange={(e) => void assign(t.id, e.target.value)}
              >
                <option value="">{intl.formatMessage({ id: 'admin.permissions.default_scheme', defaultMessage: 'System scheme' })}</option>
                {schemes.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.display_name}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
