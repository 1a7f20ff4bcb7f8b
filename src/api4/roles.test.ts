// Roles API: lookups, names, listing rights, and an admin patch that changes what members may do, live.
import { describe, expect, it } from 'vitest';
import { fails, useBasic } from '../../test/helper.ts';

const t = useBasic();

describe('roles', () => {
  it('looks roles up by names, name and id', async () => {
    const roles = await t.basic.user.client.getRolesByNames(['system_user', 'team_user', 'channel_user', 'no_such_role']);
    expect(roles.map((r) => r.name).sort()).toEqual(['channel_user', 'system_user', 'team_user']);
    const tu = await t.basic.user.client.getRoleByName('team_user');
    expect(tu.permissions).toContain('create_public_channel');
    expect((await t.basic.user.client.getRole(tu.id)).name).toBe('team_user');
    expect((await fails(t.basic.user.client.getRoleByName('nope_nope'))).server_error_id).toBe('app.role.get_by_name.app_error');
    expect((await fails(t.basic.user.client.getRolesByNames([]))).status_code).toBe(400);
    expect((await fails(t.basic.user.client.getRolesByNames(['Bad Name']))).status_code).toBe(400);
  });

  it('lists all roles only to admins', async () => {
    const get = (token: string) => fetch(t.env.url + '/api/v4/roles', { headers: { authorization: 'Bearer ' + token } });
    expect((await get(t.basic.user.client.getToken())).status).toBe(403);
    const all = (await (await get(t.basic.admin.client.getToken())).json()) as Array<{ name: string }>;
    expect(all.map((r) => r.name)).toEqual(expect.arrayContaining(['system_admin', 'system_user', 'team_admin', 'channel_admin']));
  });

  it('lets an admin patch a role; the change takes effect and role_updated is sent', async () => {
    const ws = await t.env.ws(t.basic.user.client);
    const tu = await t.basic.admin.client.getRoleByName('team_user');
    expect((await fails(t.basic.user.client.patchRole(tu.id, { permissions: [] }))).status_code).toBe(403);
    expect((await fails(t.basic.admin.client.patchRole(tu.id, { permissions: ['not_a_permission'] }))).status_code).toBe(400);
    const without = tu.permissions.filter((p) => p !== 'create_public_channel');
    const patched = await t.basic.admin.client.patchRole(tu.id, { permissions: without });
    expect(patched.permissions).not.toContain('create_public_channel');
    const ev = await ws.next('role_updated', (e) => JSON.parse(e.data.role).id === tu.id);
    expect(JSON.parse(ev.data.role).permissions).toEqual(without);
    const denied = await fails(
      t.basic.user2.client.createChannel({ team_id: t.basic.team.id, name: 'nopublic', display_name: 'No', type: 'O' } as never),
    );
    expect(denied.status_code).toBe(403);
    await t.basic.admin.client.patchRole(tu.id, { permissions: tu.permissions });
    expect(
      (await t.basic.user2.client.createChannel({ team_id: t.basic.team.id, name: 'yespublic', display_name: 'Yes', type: 'O' } as never))
        .name,
    ).toBe('yespublic');
  });
});
