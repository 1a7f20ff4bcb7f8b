// Bot accounts through Client4: creation switches and permissions (the 404-vs-403 manage rule), the bot user, the
// owner's DM, patch events, disable/enable, assignment, orphans and conversion to and from users.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '@mattermost/types/bots';
import type { Post } from '@mattermost/types/posts';
import type { UserProfile } from '@mattermost/types/users';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

async function grantSystemUser(perms: string[]) {
  const role = await t.basic.admin.client.getRoleByName('system_user');
  await t.basic.admin.client.patchRole(role.id, { permissions: [...new Set([...role.permissions, ...perms])] });
}
async function revokeSystemUser(perms: string[]) {
  const role = await t.basic.admin.client.getRoleByName('system_user');
  await t.basic.admin.client.patchRole(role.id, { permissions: role.permissions.filter((p) => !perms.includes(p)) });
}

const newBot = (over: Partial<Bot> = {}) => ({ username: uniq('bot'), display_name: 'Robo', description: 'does things', ...over }) as Bot;

describe('bots', () => {
  beforeAll(() => {
    t.env.config.ServiceSettings.EnableBotAccountCreation = true;
  });

  it('refuses creation while EnableBotAccountCreation is off (403 api.bot.create_disabled), and without create_bot', async () => {
    t.env.config.ServiceSettings.EnableBotAccountCreation = false;
    const off = await fails(t.basic.admin.client.createBot(newBot()));
    expect([off.status_code, off.server_error_id]).toEqual([403, 'api.bot.create_disabled']);
    t.env.config.ServiceSettings.EnableBotAccountCreation = true;
    const cfg = await t.basic.admin.client.getClientConfig();
    expect(cfg.EnableBotAccountCreation).toBe('true');
    const noPerm = await fails(t.basic.user.client.createBot(newBot()));
    expect([noPerm.status_code, noPerm.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
  });

  it('creates a bot: its user (is_bot, <username>@localhost, no password login) and a DM to the owner', async () => {
    const input = newBot();
    const bot = await t.basic.admin.client.createBot(input);
    expect(bot).toMatchObject({
      username: input.username,
      display_name: 'Robo',
      description: 'does things',
      owner_id: t.basic.admin.user.id,
      delete_at: 0,
    });
    expect(bot.user_id).toMatch(/^[a-z0-9]{26}$/);
    const u = await t.basic.admin.client.getUser(bot.user_id);
    expect(u).toMatchObject({ is_bot: true, bot_description: 'does things', email: `${input.username}@localhost`, first_name: 'Robo' });
    const login = await fails(t.env.client().login(input.username!, 'whatever-password'));
    expect([login.status_code, login.server_error_id]).toEqual([401, 'api.user.login.bot_login_forbidden.app_error']);
    const dm = await t.basic.admin.client.createDirectChannel([t.basic.admin.user.id, bot.user_id]);
    const posts = await t.basic.admin.client.getPosts(dm.id);
    const hello = Object.values(posts.posts).find((p: Post) => (p.type as string) === 'add_bot_teams_channels');
    expect(hello).toMatchObject({ user_id: bot.user_id });
  });

  it('rejects bad input with Mattermost ids', async () => {
    const c = t.basic.admin.client;
    const bad = await fails(c.createBot(newBot({ username: 'Not Valid' })));
    expect([bad.status_code, bad.server_error_id]).toEqual([400, 'model.bot.is_valid.username.app_error']);
    const long = await fails(c.createBot(newBot({ description: 'x'.repeat(1025) })));
    expect([long.status_code, long.server_error_id]).toEqual([400, 'model.bot.is_valid.description.app_error']);
    const taken = await fails(c.createBot(newBot({ username: t.basic.user.user.username })));
    expect([taken.status_code, taken.server_error_id]).toEqual([400, 'app.user.save.username_exists.app_error']);
    const badId = await fails(c.getBot('nope'));
    expect([badId.status_code, badId.server_error_id]).toEqual([400, 'api.context.invalid_url_param.app_error']);
    const missing = await fails(c.getBot('a'.repeat(26)));
    expect([missing.status_code, missing.server_error_id]).toEqual([404, 'store.sql_bot.get.missing.app_error']);
    const notBot = await fails(c.getBot(t.basic.user.user.id));
    expect(notBot.status_code).toBe(404);
  });

  it('patches a bot; everyone hears user_updated', async () => {
    const bot = await t.basic.admin.client.createBot(newBot());
    const ws = await t.env.ws(t.basic.user2.client);
    const name = uniq('renamed');
    const patched = await t.basic.admin.client.patchBot(bot.user_id, {
      username: name,
      display_name: 'New name',
      description: 'new',
    } as Bot);
    expect(patched).toMatchObject({ user_id: bot.user_id, username: name, display_name: 'New name', description: 'new' });
    const ev = await ws.next('user_updated', (e) => e.data.user.id === bot.user_id);
    expect(ev.data.user).toMatchObject({ username: name, is_bot: true, bot_description: 'new' });
    const again = await t.basic.admin.client.getBot(bot.user_id);
    expect(again.username).toBe(name);
  });

  it('applies the manage rule: 404 without read permission, 403 with it; own bots with read_bots/manage_bots', async () => {
    const adminBot = await t.basic.admin.client.createBot(newBot());
    const u = t.basic.user.client;
    expect((await fails(u.getBot(adminBot.user_id))).status_code).toBe(404);
    const list = await fails(u.getBots());
    expect([list.status_code, list.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const p404 = await fails(u.patchBot(adminBot.user_id, { description: 'x' } as Bot));
    expect([p404.status_code, p404.server_error_id]).toEqual([404, 'store.sql_bot.get.missing.app_error']);
    await grantSystemUser(['create_bot', 'read_bots', 'manage_bots']);
    try {
      const own = await u.createBot(newBot());
      expect(own.owner_id).toBe(t.basic.user.user.id);
      const mine = await u.getBots(0, 200);
      expect(mine.map((b) => b.user_id)).toEqual([own.user_id]);
      expect((await u.getBot(own.user_id)).user_id).toBe(own.user_id);
      expect((await u.patchBot(own.user_id, { description: 'mine' } as Bot)).description).toBe('mine');
      expect((await fails(u.getBot(adminBot.user_id))).status_code).toBe(404);
      await grantSystemUser(['read_others_bots']);
      expect((await u.getBot(adminBot.user_id)).user_id).toBe(adminBot.user_id);
      const p403 = await fails(u.patchBot(adminBot.user_id, { description: 'x' } as Bot));
      expect([p403.status_code, p403.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
      const all = await u.getBots(0, 200);
      expect(all.map((b) => b.user_id)).toContain(adminBot.user_id);
      // A bot may not create bots.
      const tok = await t.basic.admin.client.createUserAccessToken(own.user_id, 'bot token');
      const asBot = t.env.client();
      asBot.setToken(tok.token ?? '');
      const byBot = await fails(asBot.createBot(newBot()));
      expect(byBot.status_code).toBe(403);
    } finally {
      await revokeSystemUser(['create_bot', 'read_bots', 'manage_bots', 'read_others_bots']);
    }
  });

  it('disables and enables a bot (its user follows); include_deleted finds a disabled one', async () => {
    const c = t.basic.admin.client;
    const bot = await c.createBot(newBot());
    const off = await c.disableBot(bot.user_id);
    expect(off.delete_at).toBeGreaterThan(0);
    expect((await c.getUser(bot.user_id)).delete_at).toBeGreaterThan(0);
    expect((await fails(c.getBot(bot.user_id))).status_code).toBe(404);
    const r = await fetch(`${t.env.url}/api/v4/bots/${bot.user_id}?include_deleted=true`, {
      headers: { authorization: `Bearer ${c.getToken()}` },
    });
    expect(r.status).toBe(200);
    expect(((await c.getBots(0, 200)) as Bot[]).map((b) => b.user_id)).not.toContain(bot.user_id);
    expect(((await c.getBotsIncludeDeleted(0, 200)) as Bot[]).map((b) => b.user_id)).toContain(bot.user_id);
    const on = await c.enableBot(bot.user_id);
    expect(on.delete_at).toBe(0);
    expect((await c.getUser(bot.user_id)).delete_at).toBe(0);
  });

  it('assigns a bot to another owner (not a bot); an owner deactivated makes it orphaned', async () => {
    const c = t.basic.admin.client;
    const bot = await c.createBot(newBot());
    const other = await c.createBot(newBot());
    const toBot = await fails(c.assignBot(bot.user_id, other.user_id));
    expect([toBot.status_code, toBot.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const owner = await t.env.newUser('owner');
    const moved = await c.assignBot(bot.user_id, owner.user.id);
    expect(moved.owner_id).toBe(owner.user.id);
    expect(((await c.getBotsOrphaned(0, 200)) as Bot[]).map((b) => b.user_id)).not.toContain(bot.user_id);
    t.env.config.ServiceSettings.DisableBotsWhenOwnerIsDeactivated = false;
    await c.updateUserActive(owner.user.id, false);
    t.env.config.ServiceSettings.DisableBotsWhenOwnerIsDeactivated = true;
    expect(((await c.getBotsOrphaned(0, 200)) as Bot[]).map((b) => b.user_id)).toContain(bot.user_id);
    expect((await c.getBot(bot.user_id)).delete_at).toBe(0);
  });

  it('disables the bots of a deactivated owner (DisableBotsWhenOwnerIsDeactivated, on by default)', async () => {
    const c = t.basic.admin.client;
    const owner = await t.env.newUser('owner');
    const bot = await c.createBot(newBot());
    await c.assignBot(bot.user_id, owner.user.id);
    const tok = await c.createUserAccessToken(bot.user_id, 'soon gone');
    const asBot = t.env.client();
    asBot.setToken(tok.token ?? '');
    expect((await asBot.getMe()).id).toBe(bot.user_id);
    await c.updateUserActive(owner.user.id, false);
    expect((await fails(c.getBot(bot.user_id))).status_code).toBe(404);
    expect((await c.getUser(bot.user_id)).delete_at).toBeGreaterThan(0);
    expect((await fails(asBot.getMe())).status_code).toBe(401);
  });

  it('converts a bot to a user (password required, manage_system) and a user to a bot', async () => {
    const c = t.basic.admin.client;
    const bot = await c.createBot(newBot());
    const post = (path: string, body: unknown, token = c.getToken()) =>
      fetch(`${t.env.url}/api/v4${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const noPw = await post(`/bots/${bot.user_id}/convert_to_user`, {});
    expect([noPw.status, ((await noPw.json()) as { id: string }).id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    const byUser = await post(`/bots/${bot.user_id}/convert_to_user`, { password: 'Secret-pass1' }, t.basic.user.client.getToken());
    expect(byUser.status).toBe(403);
    const badEmail = await post(`/bots/${bot.user_id}/convert_to_user`, { password: 'Secret-pass1', email: 'not-an-address' });
    expect([badEmail.status, ((await badEmail.json()) as { id: string }).id]).toEqual([400, 'model.user.is_valid.email.app_error']);
    const takenEmail = await post(`/bots/${bot.user_id}/convert_to_user`, { password: 'Secret-pass1', email: t.basic.user.user.email });
    expect([takenEmail.status, ((await takenEmail.json()) as { id: string }).id]).toEqual([400, 'app.user.save.email_exists.app_error']);
    expect((await c.getBot(bot.user_id)).user_id).toBe(bot.user_id);
    const ok = await post(`/bots/${bot.user_id}/convert_to_user`, { password: 'Secret-pass1', email: `${uniq('c')}@example.com` });
    expect(ok.status).toBe(200);
    const user = (await ok.json()) as UserProfile;
    expect(user.is_bot).toBe(false);
    const logged = t.env.client();
    expect((await logged.login(user.username, 'Secret-pass1')).id).toBe(bot.user_id);
    expect((await fails(c.getBot(bot.user_id))).status_code).toBe(404);

    const someone = await t.env.newUser('tobot');
    const byUser2 = await post(`/users/${someone.user.id}/convert_to_bot`, {}, t.basic.user.client.getToken());
    expect(byUser2.status).toBe(403);
    const conv = await post(`/users/${someone.user.id}/convert_to_bot`, {});
    expect(conv.status).toBe(200);
    expect(((await conv.json()) as Bot).user_id).toBe(someone.user.id);
    expect((await c.getUser(someone.user.id)).is_bot).toBe(true);
    expect((await fails(someone.client.getMe())).status_code).toBe(401);
    const login = await fails(t.env.client().login(someone.user.username, someone.password));
    expect(login.server_error_id).toBe('api.user.login.bot_login_forbidden.app_error');
  });

  it('sets, serves and deletes a bot icon (an SVG, under the manage rule)', async () => {
    const c = t.basic.admin.client;
    const bot = await c.createBot(newBot());
    const url = `${t.env.url}/api/v4/bots/${bot.user_id}/icon`;
    const auth = (client = c) => ({ authorization: `Bearer ${client.getToken()}` });
    const upload = (data: string, client = c, type = 'image/svg+xml') => {
      const form = new FormData();
      form.append('image', new Blob([data], { type }), 'icon.svg');
      return fetch(url, { method: 'POST', headers: auth(client), body: form });
    };
    const none = await fetch(url, { headers: auth() });
    expect([none.status, ((await none.json()) as { id: string }).id]).toEqual([404, 'api.bot.get_bot_icon_image.read.app_error']);
    const notSvg = await upload('hello, not an image', c, 'text/plain');
    expect([notSvg.status, ((await notSvg.json()) as { id: string }).id]).toEqual([400, 'api.bot.set_bot_icon_image.parse.app_error']);
    const noFile = await fetch(url, { method: 'POST', headers: auth(), body: new FormData() });
    expect(noFile.status).toBe(400);
    const byUser = await upload('<svg xmlns="http://www.w3.org/2000/svg"/>', t.basic.user.client);
    expect(byUser.status).toBe(404);
    const svg =
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    const ws = await t.env.ws(t.basic.user2.client);
    expect((await upload(svg)).status).toBe(200);
    await ws.next('user_updated', (e) => e.data.user.id === bot.user_id);
    expect(((await c.getBot(bot.user_id)) as Bot & { last_icon_update?: number }).last_icon_update).toBeGreaterThan(0);
    const got = await fetch(url, { headers: auth(t.basic.user.client) });
    expect([got.status, got.headers.get('content-type'), await got.text()]).toEqual([200, 'image/svg+xml', svg]);
    const del = await fetch(url, { method: 'DELETE', headers: auth() });
    expect(del.status).toBe(200);
    expect((await fetch(url, { headers: auth() })).status).toBe(404);
    expect(((await c.getBot(bot.user_id)) as Bot & { last_icon_update?: number }).last_icon_update).toBeUndefined();
  });
});
