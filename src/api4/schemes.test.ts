// Permission schemes: CRUD, scheme roles, assignment to teams and channels, and members' permissions through them.
import { describe, expect, it } from 'vitest';
import type { Scheme } from '@mattermost/types/schemes';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

async function teamScheme(): Promise<Scheme> {
  return t.basic.admin.client.createScheme({
    name: uniq('sch'),
    display_name: 'Strict',
    description: 'No channel creation',
    scope: 'team',
  });
}

describe('/schemes CRUD', () => {
  it('creates a team scheme with its roles (copies of the built-ins), reads, lists, patches and deletes it', async () => {
    const admin = t.basic.admin.client;
    const s = await teamScheme();
    expect(s.scope).toBe('team');
    for (const slot of [
      'default_team_admin_role',
      'default_team_user_role',
      'default_team_guest_role',
      'default_channel_user_role',
    ] as const)
      expect(s[slot]).toMatch(/^[a-z0-9]{26}$/);
    const userRole = await admin.getRole(s.default_team_user_role);
    const builtin = await admin.getRoleByName('team_user');
    expect(userRole.scheme_managed).toBe(true);
    expect(userRole.permissions.sort()).toEqual(builtin.permissions.sort());
    expect((await admin.getScheme(s.id)).name).toBe(s.name);
    expect((await admin.getSchemes('team')).map((x) => x.id)).toContain(s.id);
    expect((await admin.getSchemes('channel')).map((x) => x.id)).not.toContain(s.id);
    const patched = await admin.patchScheme(s.id, { display_name: 'Stricter' });
    expect(patched.display_name).toBe('Stricter');
    await admin.deleteScheme(s.id);
    expect((await fails(admin.getScheme(s.id))).status_code).toBe(404);
    expect((await admin.getRole(s.default_team_user_role)).delete_at).toBeGreaterThan(0);
  });

  it('a channel scheme has channel roles only', async () => {
    const s = await t.basic.admin.client.createScheme({ name: uniq('chs'), display_name: 'Chan', scope: 'channel' });
    expect(s.default_team_user_role).toBe('');
    expect(s.default_channel_user_role).toMatch(/^[a-z0-9]{26}$/);
    const e = await fails(t.basic.admin.client.getSchemeTeams(s.id));
    expect([e.status_code, e.server_error_id]).toEqual([400, 'api.scheme.get_teams_for_scheme.scope.error']);
  });

  it('refuses users without the console permissions (403) and bad input (400)', async () => {
    const user = t.basic.user.client;
    expect((await fails(user.createScheme({ name: uniq('x'), display_name: 'X', scope: 'team' }))).status_code).toBe(403);
    expect((await fails(user.getSchemes())).status_code).toBe(403);
    const admin = t.basic.admin.client;
    for (const body of [
      { name: 'Bad Name', display_name: 'X', scope: 'team' },
      { name: uniq('y'), display_name: '', scope: 'team' },
      { name: uniq('y'), display_name: 'X', scope: 'playbook' },
    ]) {
      const e = await fails(admin.createScheme(body as Parameters<typeof admin.createScheme>[0]));
      expect([e.status_code, e.server_error_id]).toEqual([400, 'model.scheme.is_valid.app_error']);
    }
    const scope = await fails(admin.getSchemes('nope'));
    expect([scope.status_code, scope.server_error_id]).toEqual([400, 'api.context.invalid_url_param.app_error']);
  });
});

describe('scheme roles change what members may do', () => {
  it('a team using a scheme whose user role lacks create_public_channel stops its members creating channels', async () => {
    const admin = t.basic.admin.client;
    const member = t.basic.user2.client;
    const team = await t.basic.user.client.createTeam({ name: uniq('scht'), display_name: 'Scheme Team', type: 'O' } as Team);
    await t.basic.user.client.addToTeam(team.id, t.basic.user2.user.id);
    const mk = () => member.createChannel({ team_id: team.id, name: uniq('c'), display_name: 'C', type: 'O' } as Channel);
    await mk();

    const s = await teamScheme();
    const role = await admin.getRole(s.default_team_user_role);
    await admin.patchRole(role.id, { permissions: role.permissions.filter((p) => p !== 'create_public_channel') });
    const ws = await t.env.ws(member);
    await admin.updateTeamScheme(team.id, s.id);
    await ws.next('update_team_scheme', (e) => JSON.parse(e.data.team).id === team.id);
    expect((await admin.getSchemeTeams(s.id)).map((x) => x.id)).toEqual([team.id]);
    const e = await fails(mk());
    expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);

    // Patching the scheme role back takes effect at once; resetting the scheme restores the built-ins.
    await admin.patchRole(role.id, { permissions: [...role.permissions] });
    await mk();
    await admin.patchRole(role.id, { permissions: [] });
    expect((await fails(member.getTeam(team.id))).status_code).toBe(403);
    await admin.updateTeamScheme(team.id, '');
    await member.getTeam(team.id);
    await mk();
  });

  it('team admin flags resolve through the scheme: a scheme admin role with manage_team grants it', async () => {
    const admin = t.basic.admin.client;
    const team = await t.basic.user.client.createTeam({ name: uniq('scha'), display_name: 'Scheme Admin Team', type: 'O' } as Team);
    await t.basic.user.client.addToTeam(team.id, t.basic.user2.user.id);
    const s = await teamScheme();
    const adminRole = await admin.getRole(s.default_team_admin_role);
    await admin.patchRole(adminRole.id, { permissions: adminRole.permissions.filter((p) => p !== 'manage_team') });
    await admin.updateTeamScheme(team.id, s.id);
    // The creator is team admin through the scheme's admin role, which no longer holds manage_team.
    expect((await fails(t.basic.user.client.patchTeam({ id: team.id, display_name: 'Nope' }))).status_code).toBe(403);
    // Assigning scheme roles names the scheme's role.
    await admin.updateTeamMemberRoles(team.id, t.basic.user2.user.id, `${s.default_team_user_role} ${s.default_team_admin_role}` as never);
    const shown = await admin.getTeamMember(team.id, t.basic.user2.user.id);
    expect(shown.roles.split(' ').sort()).toEqual([s.default_team_user_role, s.default_team_admin_role].sort());
    const wrong = await fails(admin.updateTeamMemberRoles(team.id, t.basic.user2.user.id, 'team_user team_admin' as never));
    expect(wrong.server_error_id).toBe('api.channel.update_team_member_roles.scheme_role.app_error');
  });

  it('a channel scheme decides channel members’ permissions; assignment checks scope and permission', async () => {
    const admin = t.basic.admin.client;
    const { channel, user2 } = t.basic;
    const cs = await admin.createScheme({ name: uniq('cs'), display_name: 'Read only', scope: 'channel' });
    const role = await admin.getRole(cs.default_channel_user_role);
    await admin.patchRole(role.id, { permissions: role.permissions.filter((p) => p !== 'create_post') });
    await admin.updateChannelScheme(channel.id, cs.id);
    expect((await user2.client.getChannelMember(channel.id, user2.user.id)).roles).toBe(cs.default_channel_user_role);
    const e = await fails(user2.client.createPost({ channel_id: channel.id, message: 'blocked' } as never));
    expect(e.status_code).toBe(403);
    await admin.updateChannelScheme(channel.id, '');
    await user2.client.createPost({ channel_id: channel.id, message: 'allowed again' } as never);

    const ts = await teamScheme();
    const scope = await fails(admin.updateChannelScheme(channel.id, ts.id));
    expect([scope.status_code, scope.server_error_id]).toEqual([400, 'api.channel.update_channel_scheme.scheme_scope.error']);
    const tscope = await fails(admin.updateTeamScheme(t.basic.team.id, cs.id));
    expect([tscope.status_code, tscope.server_error_id]).toEqual([400, 'api.team.update_team_scheme.scheme_scope.error']);
    expect((await fails(t.basic.user.client.updateTeamScheme(t.basic.team.id, ts.id))).status_code).toBe(403);
  });
});
