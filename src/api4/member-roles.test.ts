// Role changes: PUT /users/{id}/roles, team and channel member roles and scheme flags; events and immediate effect.
import { describe, expect, it } from 'vitest';
import { doFetch } from '../../test/raw.ts';
import { fails, useBasic } from '../../test/helper.ts';
import { channelMemberRow, teamMemberRow, userRow } from '../../test/db.ts';

const t = useBasic();

describe('PUT /users/{id}/roles', () => {
  it('makes a user system admin at once (same session) and tells them with user_role_updated', async () => {
    const u = await t.env.newUser('promo');
    const ws = await t.env.ws(u.client);
    expect((await fails(u.client.getConfig())).status_code).toBe(403);
    expect(await t.basic.admin.client.updateUserRoles(u.user.id, 'system_user system_admin')).toEqual({ status: 'OK' });
    const ev = await ws.next('user_role_updated');
    expect(ev.data).toEqual({ user_id: u.user.id, roles: 'system_user system_admin' });
    expect(ev.broadcast.user_id).toBe(u.user.id);
    expect((await userRow(t.env, u.user.id))?.roles).toBe('system_user system_admin');
    const cfg = await u.client.getConfig();
    expect(cfg.ServiceSettings).toBeDefined();
    await t.basic.admin.client.updateUserRoles(u.user.id, 'system_user');
    expect((await fails(u.client.getConfig())).status_code).toBe(403);
  });

  it('refuses without manage_roles (403) and bad roles with Mattermost ids (400)', async () => {
    const e = await fails(t.basic.user.client.updateUserRoles(t.basic.user2.user.id, 'system_user system_admin'));
    expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const alone = await fails(t.basic.admin.client.updateUserRoles(t.basic.user2.user.id, 'system_admin'));
    expect([alone.status_code, alone.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    const bad = await fails(t.basic.admin.client.updateUserRoles(t.basic.user2.user.id, 'system_user Bad-Name'));
    expect(bad.server_error_id).toBe('api.context.invalid_body_param.app_error');
    const unknown = await fails(t.basic.admin.client.updateUserRoles(t.basic.user2.user.id, 'system_user no_such_role'));
    expect([unknown.status_code, unknown.server_error_id]).toEqual([400, 'app.role.check_roles_exist.role_not_found']);
    const missing = await fails(t.basic.admin.client.updateUserRoles('a'.repeat(26), 'system_user'));
    expect(missing.status_code).toBe(404);
    expect((await userRow(t.env, t.basic.user2.user.id))?.roles).toBe('system_user');
  });

  it('keeps the last system admin', async () => {
    const e = await fails(t.basic.admin.client.updateUserRoles(t.basic.admin.user.id, 'system_user'));
    expect([e.status_code, e.server_error_id]).toEqual([400, 'app.user.update.lastAdmin.app_error']);
  });
});

describe('PUT /teams/{tid}/members/{uid}/roles and /schemeRoles', () => {
  it('makes a member team admin (memberrole_updated) and they may manage the team at once', async () => {
    const { team, user, user2 } = t.basic;
    const ws = await t.env.ws(user2.client);
    expect((await fails(user2.client.patchTeam({ id: team.id, display_name: 'By user2' }))).status_code).toBe(403);
    await user.client.updateTeamMemberRoles(team.id, user2.user.id, 'team_user team_admin' as never);
    const ev = await ws.next('memberrole_updated');
    const member = JSON.parse(ev.data.member);
    expect(member).toMatchObject({
      team_id: team.id,
      user_id: user2.user.id,
      scheme_admin: true,
      scheme_user: true,
      roles: 'team_user team_admin',
    });
    expect(ev.broadcast.user_id).toBe(user2.user.id);
    expect((await teamMemberRow(t.env, team.id, user2.user.id))?.scheme_admin).toBe(1);
    await user2.client.patchTeam({ id: team.id, display_name: 'By user2' });

    await user.client.updateTeamMemberSchemeRoles(team.id, user2.user.id, true, false);
    expect((await teamMemberRow(t.env, team.id, user2.user.id))?.scheme_admin).toBe(0);
    expect((await fails(user2.client.patchTeam({ id: team.id, display_name: 'Again' }))).status_code).toBe(403);
  });

  it('refuses without manage_team_roles and rejects bad roles with Mattermost ids', async () => {
    const { team, user, user2, admin } = t.basic;
    const e = await fails(user2.client.updateTeamMemberRoles(team.id, user.user.id, 'team_user' as never));
    expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const unknown = await fails(user.client.updateTeamMemberRoles(team.id, user2.user.id, 'team_user nope' as never));
    expect([unknown.status_code, unknown.server_error_id]).toEqual([400, 'app.role.get_by_name.app_error']);
    const scheme = await fails(user.client.updateTeamMemberRoles(team.id, user2.user.id, 'team_user channel_admin' as never));
    expect(scheme.server_error_id).toBe('api.channel.update_team_member_roles.scheme_role.app_error');
    const both = await fails(user.client.updateTeamMemberRoles(team.id, user2.user.id, 'team_user team_guest' as never));
    expect(both.server_error_id).toBe('api.team.update_team_member_roles.guest_and_user.app_error');
    const guest = await fails(user.client.updateTeamMemberRoles(team.id, user2.user.id, 'team_guest' as never));
    expect(guest.server_error_id).toBe('api.team.update_team_member_roles.changing_guest_role.app_error');
    const outsider = await t.env.newUser('outsider');
    const missing = await fails(admin.client.updateTeamMemberRoles(team.id, outsider.user.id, 'team_user' as never));
    expect([missing.status_code, missing.server_error_id]).toEqual([404, 'app.team.get_member.missing.app_error']);
    const sg = await fails(
      doFetch(user.client, `${user.client.getTeamRoute(team.id)}/members/${user2.user.id}/schemeRoles`, {
        method: 'put',
        body: JSON.stringify({ scheme_admin: false, scheme_user: true, scheme_guest: true }),
      }),
    );
    expect([sg.status_code, sg.server_error_id]).toEqual([400, 'api.team.update_team_member_roles.guest_and_user.app_error']);
  });

  it('keeps explicit (non-scheme) roles apart from the flags', async () => {
    const { team, user, user2 } = t.basic;
    await user.client.updateTeamMemberRoles(team.id, user2.user.id, 'team_user team_post_all' as never);
    const row = await teamMemberRow(t.env, team.id, user2.user.id);
    expect([row?.roles, row?.scheme_user, row?.scheme_admin]).toEqual(['team_post_all', 1, 0]);
    const m = await user2.client.getTeamMember(team.id, user2.user.id);
    expect(m.roles.split(' ').sort()).toEqual(['team_post_all', 'team_user']);
    await user.client.updateTeamMemberRoles(team.id, user2.user.id, 'team_user' as never);
  });
});

describe('PUT /channels/{cid}/members/{uid}/roles and /schemeRoles', () => {
  it('makes a member channel admin (channel_member_updated) with the permission at once', async () => {
    const { channel, user, user2 } = t.basic;
    const ws = await t.env.ws(user2.client);
    await user.client.updateChannelMemberRoles(channel.id, user2.user.id, 'channel_user channel_admin');
    const ev = await ws.next('channel_member_updated');
    const m = JSON.parse(ev.data.channelMember);
    expect(m).toMatchObject({ channel_id: channel.id, user_id: user2.user.id, scheme_admin: true });
    expect((await channelMemberRow(t.env, channel.id, user2.user.id))?.scheme_admin).toBe(true);
    // channel_admin holds manage_channel_roles: user2 may now change roles in this channel.
    await user2.client.updateChannelMemberSchemeRoles(channel.id, user2.user.id, true, false);
    expect((await channelMemberRow(t.env, channel.id, user2.user.id))?.scheme_admin).toBe(false);
    const e = await fails(user2.client.updateChannelMemberRoles(channel.id, user2.user.id, 'channel_user channel_admin'));
    expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
  });

  it('rejects bad roles and non-members', async () => {
    const { channel, user, admin } = t.basic;
    const scheme = await fails(user.client.updateChannelMemberRoles(channel.id, t.basic.user2.user.id, 'channel_user team_admin'));
    expect(scheme.server_error_id).toBe('api.channel.update_channel_member_roles.scheme_role.app_error');
    const missing = await fails(user.client.updateChannelMemberRoles(channel.id, admin.user.id, 'channel_user'));
    expect([missing.status_code, missing.server_error_id]).toEqual([404, 'app.channel.get_member.missing.app_error']);
    const bad = await fails(
      doFetch(user.client, `${user.client.getChannelRoute(channel.id)}/members/${t.basic.user2.user.id}/schemeRoles`, {
        method: 'put',
        body: JSON.stringify({ scheme_admin: 'yes' }),
      }),
    );
    expect([bad.status_code, bad.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
  });
});
