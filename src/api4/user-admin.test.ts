// User administration: profile pictures, (de)activation rules, session revocation, statistics, custom status.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { UserCustomStatus } from '@mattermost/types/users';
import { doFetch } from '../../test/raw.ts';
import { fails, useBasic } from '../../test/helper.ts';
import { userRow } from '../../test/db.ts';

const t = useBasic();

async function png(): Promise<File> {
  const buf = await sharp({ create: { width: 64, height: 256, channels: 3, background: '#cc3333' } })
    .png()
    .toBuffer();
  return new File([new Uint8Array(buf)], 'me.png', { type: 'image/png' });
}

describe('POST/DELETE /users/{id}/image', () => {
  it('stores the upload as 128×128 PNG (user_updated) and resets to the default', async () => {
    const u = await t.env.newUser('pic');
    const ws = await t.env.ws(t.basic.user.client);
    const defaultPng = Buffer.from(
      await (await fetch(`${t.env.url}/api/v4/users/${u.user.id}/image`, { headers: auth(u.client) })).arrayBuffer(),
    );
    await u.client.uploadProfileImage(u.user.id, await png());
    const ev = await ws.next('user_updated', (e) => e.data.user.id === u.user.id && e.data.user.last_picture_update > 0);
    expect(ev.data.user.last_picture_update).toBeGreaterThan(0);
    const res = await fetch(`${t.env.url}/api/v4/users/${u.user.id}/image`, { headers: auth(u.client) });
    const body = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(body).metadata();
    expect([meta.width, meta.height]).toEqual([128, 128]);
    expect(body.equals(defaultPng)).toBe(false);

    await u.client.setDefaultProfileImage(u.user.id);
    expect(Number((await userRow(t.env, u.user.id))?.last_picture_update)).toBeLessThan(0);
    const after = Buffer.from(
      await (await fetch(`${t.env.url}/api/v4/users/${u.user.id}/image`, { headers: auth(u.client) })).arrayBuffer(),
    );
    expect(after.equals(defaultPng)).toBe(true);
  });

  it("refuses someone else's picture without edit_other_users, and a form without image", async () => {
    const e = await fails(t.basic.user2.client.uploadProfileImage(t.basic.user.user.id, await png()));
    expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    expect((await fails(t.basic.user2.client.setDefaultProfileImage(t.basic.user.user.id))).status_code).toBe(403);
    const form = new FormData();
    form.append('file', new File([new Uint8Array([1])], 'x'));
    const none = await fails(
      doFetch(t.basic.user2.client, `${t.basic.user2.client.getUserRoute(t.basic.user2.user.id)}/image`, { method: 'post', body: form }),
    );
    expect([none.status_code, none.server_error_id]).toEqual([400, 'api.user.upload_profile_user.no_file.app_error']);
    await t.basic.admin.client.uploadProfileImage(t.basic.user2.user.id, await png());
  });
});

describe('PUT /users/{id}/active and DELETE /users/{id}', () => {
  it('deactivates and reactivates (user_activation_status_change), ending sessions', async () => {
    const u = await t.env.newUser('deact');
    const ws = await t.env.ws(t.basic.user.client);
    await t.basic.admin.client.updateUserActive(u.user.id, false);
    await ws.next('user_activation_status_change');
    expect(Number((await userRow(t.env, u.user.id))?.delete_at)).toBeGreaterThan(0);
    expect((await fails(u.client.getMe())).status_code).toBe(401);
    await t.basic.admin.client.updateUserActive(u.user.id, true);
    expect(Number((await userRow(t.env, u.user.id))?.delete_at)).toBe(0);
  });

  it("refuses others' (403 Mattermost id), self-deactivation while off (401), permanent deletion while off (401)", async () => {
    const e = await fails(t.basic.user.client.updateUserActive(t.basic.user2.user.id, false));
    expect([e.status_code, e.server_error_id]).toEqual([403, 'api.user.update_active.permissions.app_error']);
    const self = await fails(t.basic.user.client.updateUserActive(t.basic.user.user.id, false));
    expect([self.status_code, self.server_error_id]).toEqual([401, 'api.user.update_active.not_enable.app_error']);
    const perm = await fails(
      doFetch(t.basic.admin.client, `${t.basic.admin.client.getUserRoute(t.basic.user2.user.id)}?permanent=true`, { method: 'delete' }),
    );
    expect([perm.status_code, perm.server_error_id]).toEqual([401, 'api.user.delete_user.not_enabled.app_error']);
    expect(Number((await userRow(t.env, t.basic.user2.user.id))?.delete_at)).toBe(0);
  });

  it('deletes permanently with EnableAPIUserDeletion', async () => {
    const u = await t.env.newUser('gone');
    const cfg = await t.basic.admin.client.getConfig();
    cfg.ServiceSettings.EnableAPIUserDeletion = true;
    await t.basic.admin.client.updateConfig(cfg);
    try {
      await doFetch(t.basic.admin.client, `${t.basic.admin.client.getUserRoute(u.user.id)}?permanent=true`, { method: 'delete' });
      expect(await userRow(t.env, u.user.id)).toBeUndefined();
    } finally {
      cfg.ServiceSettings.EnableAPIUserDeletion = false;
      await t.basic.admin.client.updateConfig(cfg);
    }
  });
});

describe('session revocation', () => {
  it("POST /users/{id}/sessions/revoke/all ends a user's sessions; /users/sessions/revoke/all needs manage_system", async () => {
    const u = await t.env.newUser('revoke');
    await t.basic.admin.client.revokeAllSessionsForUser(u.user.id);
    expect((await fails(u.client.getMe())).status_code).toBe(401);
    const e = await fails(t.basic.user.client.revokeSessionsForAllUsers());
    expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
  });
});

describe('GET /users filters and sorts (the System Console)', () => {
  const ids = (list: Array<{ id: string }>) => list.map((u) => u.id);
  it('filters by roles, team_roles and channel_roles, any of them matching', async () => {
    const { admin, user, user2, team, channel } = t.basic;
    const a = admin.client;
    const admins = ids(await a.getProfiles(0, 200, { roles: 'system_admin' }));
    expect(admins).toContain(admin.user.id);
    expect(admins).not.toContain(user.user.id);
    const plain = ids(await a.getProfiles(0, 200, { roles: 'system_user' }));
    expect(plain).toContain(user.user.id);
    expect(plain).not.toContain(admin.user.id);
    // The team's creator is its admin; user2 is a member.
    const teamAdmins = ids(await a.getProfiles(0, 200, { in_team: team.id, team_roles: 'team_admin' }));
    expect(teamAdmins).toContain(user.user.id);
    expect(teamAdmins).not.toContain(user2.user.id);
    const teamUsers = ids(await a.getProfiles(0, 200, { in_team: team.id, team_roles: 'team_user' }));
    expect(teamUsers).toContain(user2.user.id);
    expect(teamUsers).not.toContain(user.user.id);
    const either = ids(await a.getProfiles(0, 200, { in_team: team.id, roles: 'system_admin', team_roles: 'team_admin' }));
    expect(either).toEqual(expect.arrayContaining([admin.user.id, user.user.id]));
    expect(either).not.toContain(user2.user.id);
    const chAdmins = ids(await a.getProfiles(0, 200, { in_channel: channel.id, channel_roles: 'channel_admin' }));
    expect(chAdmins).toEqual([user.user.id]);
    for (const [query, name] of [
      [{ team_roles: 'team_admin' }, 'team_roles'],
      [{ channel_roles: 'channel_admin' }, 'channel_roles'],
      [{ in_team: team.id, team_roles: 'team_boss' }, 'team_roles'],
    ] as const) {
      const e = await fails(a.getProfiles(0, 200, query));
      expect([e.status_code, e.server_error_id]).toEqual([400, 'api.context.invalid_url_param.app_error']);
      expect(e.message).toContain(name);
    }
  });

  it('sorts by create_at within a team, by admin and status within a channel; other combinations are 400', async () => {
    const { admin, user, user2, team, channel } = t.basic;
    const a = admin.client;
    const newest = ids(await a.getProfiles(0, 200, { in_team: team.id, sort: 'create_at' }));
    expect(newest.indexOf(user2.user.id)).toBeLessThan(newest.indexOf(user.user.id));
    expect(ids(await a.getProfiles(0, 200, { in_channel: channel.id, sort: 'admin' }))[0]).toBe(user.user.id);
    await user2.client.updateStatus({ user_id: user2.user.id, status: 'online' } as never);
    await user.client.updateStatus({ user_id: user.user.id, status: 'offline' } as never);
    const byStatus = ids(await a.getProfiles(0, 200, { in_channel: channel.id, sort: 'status' }));
    expect(byStatus.indexOf(user2.user.id)).toBeLessThan(byStatus.indexOf(user.user.id));
    for (const query of [{ sort: 'create_at' }, { sort: 'admin' }, { in_team: team.id, sort: 'status' }, { sort: 'bogus' }]) {
      const e = await fails(a.getProfiles(0, 200, query));
      expect([e.status_code, e.server_error_id]).toEqual([400, 'api.context.invalid_url_param.app_error']);
    }
  });
});

describe('statistics', () => {
  it('GET /users/stats counts active users; /stats/filtered needs the console permission and filters by role', async () => {
    const { total_users_count: total } = await t.basic.user.client.getTotalUsersStats();
    expect(total).toBeGreaterThanOrEqual(3);
    const admins = await t.basic.admin.client.getFilteredUsersStats({ roles: ['system_admin'] } as never);
    expect(admins.total_users_count).toBe(1);
    const inTeam = await t.basic.admin.client.getFilteredUsersStats({ in_team: t.basic.team.id, team_roles: ['team_admin'] } as never);
    expect(inTeam.total_users_count).toBe(1);
    const e = await fails(t.basic.user.client.getFilteredUsersStats({} as never));
    expect(e.status_code).toBe(403);
    const admins2 = await t.basic.admin.client.getProfiles(0, 100, { role: 'system_admin' });
    expect(admins2.map((u) => u.id)).toEqual([t.basic.admin.user.id]);
    const role = await fails(t.basic.admin.client.getProfiles(0, 100, { role: 'no_such_role' }));
    expect([role.status_code, role.server_error_id]).toEqual([400, 'api.context.invalid_url_param.app_error']);
    const bad = await fails(t.basic.admin.client.getFilteredUsersStats({ team_roles: ['team_admin'] } as never));
    expect([bad.status_code, bad.server_error_id]).toEqual([400, 'api.context.invalid_url_param.app_error']);
  });

  it('GET /analytics/old gives the site counts to admins only', async () => {
    const rows = await t.basic.admin.client.getAnalytics('standard');
    const byName = Object.fromEntries(rows.map((r) => [r.name, r.value]));
    expect(byName.team_count).toBeGreaterThanOrEqual(1);
    expect(byName.channel_open_count).toBeGreaterThanOrEqual(2);
    expect(byName.unique_user_count).toBeGreaterThanOrEqual(3);
    expect((await fails(t.basic.user.client.getAnalytics('standard'))).status_code).toBe(403);
  });
});

describe('custom status', () => {
  it('sets (user_updated, recents), lists recents, removes one, and clears', async () => {
    const u = await t.env.newUser('cstat');
    const ws = await t.env.ws(u.client);
    const status = { emoji: 'palm_tree', text: 'On holiday', duration: 'today', expires_at: new Date(Date.now() + 3600_000).toISOString() };
    await u.client.updateCustomStatus(status as UserCustomStatus);
    const ev = await ws.next('user_updated', (e) => e.data.user.id === u.user.id && !!e.data.user.props?.customStatus);
    expect(JSON.parse(ev.data.user.props.customStatus)).toMatchObject({ emoji: 'palm_tree', text: 'On holiday', duration: 'today' });
    await ws.next('preferences_changed');
    await u.client.updateCustomStatus({ emoji: 'coffee', text: 'Break' } as UserCustomStatus);
    const recent = await doFetch<UserCustomStatus[]>(u.client, `${u.client.getUserRoute('me')}/status/custom/recent`, { method: 'get' });
    expect(recent.map((r) => r.text)).toEqual(['Break', 'On holiday']);
    await u.client.removeRecentCustomStatus({ emoji: 'palm_tree', text: 'On holiday', duration: 'today' } as UserCustomStatus);
    const after = await doFetch<UserCustomStatus[]>(u.client, `${u.client.getUserRoute('me')}/status/custom/recent`, { method: 'get' });
    expect(after.map((r) => r.text)).toEqual(['Break']);
    await u.client.unsetCustomStatus();
    expect((await userRow(t.env, u.user.id))?.props.customStatus).toBe('');
  });

  it('rejects empty, past-expiry and unknown-duration statuses (400) and others without edit_other_users (403)', async () => {
    const c = t.basic.user2.client;
    for (const body of [
      {},
      { text: 'x', duration: 'custom_date_time' },
      { text: 'x', expires_at: '2001-01-01T00:00:00Z', duration: 'date_and_time' },
    ]) {
      const e = await fails(c.updateCustomStatus(body as UserCustomStatus));
      expect([e.status_code, e.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    }
    const other = await fails(
      doFetch(c, `${c.getUserRoute(t.basic.user.user.id)}/status/custom`, { method: 'put', body: JSON.stringify({ text: 'hi' }) }),
    );
    expect(other.status_code).toBe(403);
    const notThere = await fails(c.removeRecentCustomStatus({ emoji: 'x', text: 'never set' } as UserCustomStatus));
    expect([notThere.status_code, notThere.server_error_id]).toEqual([400, 'api.custom_status.recent_custom_statuses.delete.app_error']);
  });
});

function auth(c: { getToken(): string }): Record<string, string> {
  return { Authorization: `Bearer ${c.getToken()}` };
}
