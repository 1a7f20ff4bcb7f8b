// Team administration: delete (soft/permanent), restore, privacy, icon, batch member adds; events on a websocket.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Team } from '@mattermost/types/teams';
import { doFetch } from '../../test/raw.ts';
import { fails, uniq, useBasic } from '../../test/helper.ts';
import { channelRowByName, teamMemberRow } from '../../test/db.ts';

const t = useBasic();

async function newTeam(): Promise<Team> {
  return t.basic.user.client.createTeam({ name: uniq('tadm'), display_name: 'Admin Team', type: 'O' } as Team);
}

async function png(w = 300, h = 200): Promise<File> {
  const buf = await sharp({ create: { width: w, height: h, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
  return new File([new Uint8Array(buf)], 'icon.png', { type: 'image/png' });
}

describe('DELETE /teams/{id} and POST /teams/{id}/restore', () => {
  it('soft-deletes (delete_team to everyone) and restores (restore_team)', async () => {
    const team = await newTeam();
    const ws = await t.env.ws(t.basic.user2.client);
    expect(await t.basic.user.client.deleteTeam(team.id)).toEqual({ status: 'OK' });
    const del = await ws.next('delete_team', (e) => JSON.parse(e.data.team).id === team.id);
    expect(JSON.parse(del.data.team).delete_at).toBeGreaterThan(0);
    expect(JSON.parse(del.data.team).invite_id).toBe('');
    expect((await t.basic.admin.client.getTeam(team.id)).delete_at).toBeGreaterThan(0);

    const restored = await t.basic.user.client.unarchiveTeam(team.id);
    expect(restored.delete_at).toBe(0);
    await ws.next('restore_team', (e) => JSON.parse(e.data.team).id === team.id);
    expect((await t.basic.admin.client.getTeam(team.id)).delete_at).toBe(0);
  });

  it('needs manage_team (403) and refuses permanent deletion while EnableAPITeamDeletion is off (401)', async () => {
    const team = await newTeam();
    await t.basic.user.client.addToTeam(team.id, t.basic.user2.user.id);
    const e = await fails(t.basic.user2.client.deleteTeam(team.id));
    expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    expect((await fails(t.basic.user2.client.unarchiveTeam(team.id))).status_code).toBe(403);
    const perm = await fails(
      doFetch(t.basic.admin.client, `${t.basic.admin.client.getTeamRoute(team.id)}?permanent=true`, { method: 'delete' }),
    );
    expect([perm.status_code, perm.server_error_id]).toEqual([401, 'api.user.delete_team.not_enabled.app_error']);
    expect((await t.basic.admin.client.getTeam(team.id)).delete_at).toBe(0);
    const missing = await fails(t.basic.admin.client.deleteTeam('z'.repeat(26)));
    expect(missing.status_code).toBe(404);
  });

  it('deletes permanently when EnableAPITeamDeletion is on', async () => {
    const team = await newTeam();
    const cfg = await t.basic.admin.client.getConfig();
    cfg.ServiceSettings.EnableAPITeamDeletion = true;
    await t.basic.admin.client.updateConfig(cfg);
    try {
      await doFetch(t.basic.admin.client, `${t.basic.admin.client.getTeamRoute(team.id)}?permanent=true`, { method: 'delete' });
      expect((await fails(t.basic.admin.client.getTeam(team.id))).status_code).toBe(404);
      expect(await channelRowByName(t.env, team.id, 'town-square')).toBeUndefined();
      expect(await teamMemberRow(t.env, team.id, t.basic.user.user.id)).toBeUndefined();
    } finally {
      cfg.ServiceSettings.EnableAPITeamDeletion = false;
      await t.basic.admin.client.updateConfig(cfg);
    }
  });
});

describe('PUT /teams/{id}/privacy', () => {
  it('switches type and open invite; going invite-only changes the invite id (update_team)', async () => {
    const team = await newTeam();
    const ws = await t.env.ws(t.basic.user.client);
    const before = (await t.basic.user.client.getTeam(team.id)).invite_id;
    const priv = await doFetch<Team>(t.basic.user.client, `${t.basic.user.client.getTeamRoute(team.id)}/privacy`, {
      method: 'put',
      body: JSON.stringify({ privacy: 'I' }),
    });
    expect([priv.type, priv.allow_open_invite]).toEqual(['I', false]);
    expect(priv.invite_id).not.toBe(before);
    const ev = await ws.next('update_team', (e) => JSON.parse(e.data.team).id === team.id && JSON.parse(e.data.team).type === 'I');
    expect(ev.broadcast.team_id).toBe(team.id);
    const open = await doFetch<Team>(t.basic.user.client, `${t.basic.user.client.getTeamRoute(team.id)}/privacy`, {
      method: 'put',
      body: JSON.stringify({ privacy: 'O' }),
    });
    expect([open.type, open.allow_open_invite]).toEqual(['O', true]);
  });

  it('rejects other values (400) and non-managers (403)', async () => {
    const team = await newTeam();
    const put = (c: typeof t.basic.user.client, body: unknown) =>
      doFetch(c, `${c.getTeamRoute(team.id)}/privacy`, { method: 'put', body: JSON.stringify(body) });
    const bad = await fails(put(t.basic.user.client, { privacy: 'X' }));
    expect([bad.status_code, bad.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    expect((await fails(put(t.basic.user.client, {}))).status_code).toBe(400);
    expect((await fails(put(t.basic.user2.client, { privacy: 'I' }))).status_code).toBe(403);
  });
});

describe('POST/GET/DELETE /teams/{id}/image', () => {
  it('stores a 128×128 PNG, serves it, and removes it (update_team each time)', async () => {
    const team = await newTeam();
    const ws = await t.env.ws(t.basic.user.client);
    expect((await fails(fetch(`${t.env.url}/api/v4/teams/${team.id}/image`, { headers: auth() }).then(okOrThrow))).status_code).toBe(404);
    await t.basic.user.client.setTeamIcon(team.id, await png());
    await ws.next('update_team', (e) => JSON.parse(e.data.team).last_team_icon_update > 0);
    expect((await t.basic.user.client.getTeam(team.id)).last_team_icon_update).toBeGreaterThan(0);
    const res = await fetch(`${t.env.url}/api/v4/teams/${team.id}/image`, { headers: auth() });
    expect(res.status).toBe(200);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 128, 128]);

    await t.basic.user.client.removeTeamIcon(team.id);
    expect((await t.basic.user.client.getTeam(team.id)).last_team_icon_update).toBe(0);
    expect((await fetch(`${t.env.url}/api/v4/teams/${team.id}/image`, { headers: auth() })).status).toBe(404);
  });

  it('refuses non-managers, a form without image, and what is no image', async () => {
    const team = await newTeam();
    await t.basic.user.client.addToTeam(team.id, t.basic.user2.user.id);
    expect((await fails(t.basic.user2.client.setTeamIcon(team.id, await png()))).status_code).toBe(403);
    expect((await fails(t.basic.user2.client.removeTeamIcon(team.id))).status_code).toBe(403);
    const form = new FormData();
    form.append('other', new File([new Uint8Array([1, 2, 3])], 'x.bin'));
    const none = await fails(
      doFetch(t.basic.user.client, `${t.basic.user.client.getTeamRoute(team.id)}/image`, { method: 'post', body: form }),
    );
    expect([none.status_code, none.server_error_id]).toEqual([400, 'api.team.set_team_icon.no_file.app_error']);
    const junk = await fails(t.basic.user.client.setTeamIcon(team.id, new File([new Uint8Array([1, 2, 3, 4])], 'x.png')));
    expect([junk.status_code, junk.server_error_id]).toEqual([400, 'api.team.set_team_icon.decode.app_error']);
  });
});

describe('POST /teams/{id}/members/batch', () => {
  it('adds several members (201, added_to_team each) and reports per user when graceful', async () => {
    const team = await newTeam();
    const a = await t.env.newUser('bata');
    const b = await t.env.newUser('batb');
    const ws = await t.env.ws(a.client);
    const members = await t.basic.user.client.addUsersToTeam(team.id, [a.user.id, b.user.id]);
    expect(members.map((m) => m.user_id).sort()).toEqual([a.user.id, b.user.id].sort());
    await ws.next('added_to_team', (e) => e.data.team_id === team.id);
    expect((await teamMemberRow(t.env, team.id, b.user.id))?.delete_at).toBe(0);

    const c = await t.env.newUser('batc');
    const results = await t.basic.user.client.addUsersToTeamGracefully(team.id, [c.user.id, 'q'.repeat(26)]);
    expect(results[0]).toMatchObject({ user_id: c.user.id, member: { team_id: team.id } });
    expect(results[1]).toMatchObject({ user_id: 'q'.repeat(26), error: { status_code: 404 } });
  });

  it('refuses bad bodies (400) and users without add_user_to_team (403)', async () => {
    const team = await newTeam();
    const other = await newTeam();
    const post = (body: unknown) =>
      doFetch(t.basic.user.client, `${t.basic.user.client.getTeamRoute(team.id)}/members/batch`, {
        method: 'post',
        body: JSON.stringify(body),
      });
    expect((await fails(post([]))).status_code).toBe(400);
    const wrong = await fails(post([{ team_id: other.id, user_id: t.basic.user2.user.id }]));
    expect([wrong.status_code, wrong.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    expect((await fails(post(Array.from({ length: 257 }, () => ({ team_id: team.id, user_id: t.basic.user2.user.id }))))).status_code).toBe(
      400,
    );
    const outsider = await t.env.newUser('batout');
    expect((await fails(outsider.client.addUsersToTeam(team.id, [outsider.user.id]))).status_code).toBe(403);
    expect(await teamMemberRow(t.env, team.id, outsider.user.id)).toBeUndefined();
  });
});

function auth(): Record<string, string> {
  return { Authorization: `Bearer ${t.basic.user.client.getToken()}` };
}

async function okOrThrow(res: Response): Promise<Response> {
  if (!res.ok) throw { status_code: res.status, ...((await res.json()) as object) };
  return res;
}
