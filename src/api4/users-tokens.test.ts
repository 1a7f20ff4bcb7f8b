// Personal access tokens through Client4: the switch (bots exempt), the user rule, the secret shown once, a
// Client4 and a websocket authenticated by a token, and revoke/disable ending that session at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '@mattermost/types/bots';
import type { Post } from '@mattermost/types/posts';
import { fails, uniq, useBasic } from '../../test/helper.ts';
import { startSmtp, type TestSmtp } from '../../test/smtp.ts';

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => smtp?.close());

const t = useBasic((c) => {
  c.ServiceSettings.EnableBotAccountCreation = true;
  c.EmailSettings.SMTPServer = '127.0.0.1';
  c.EmailSettings.SMTPPort = String(smtp.port);
  c.EmailSettings.SMTPServerTimeout = 5;
});

const withToken = (token: string | undefined) => {
  const c = t.env.client();
  c.setToken(token ?? '');
  return c;
};

async function botInChannel() {
  const a = t.basic.admin.client;
  const bot = await a.createBot({ username: uniq('tokbot'), display_name: 'Tok' } as Bot);
  await a.addToTeam(t.basic.team.id, bot.user_id);
  await a.addToChannel(bot.user_id, t.basic.channel.id);
  return bot;
}

describe('personal access tokens', () => {
  it('are off for users (501 app.user_access_token.disabled) but not for bots; a bot token works for REST and websocket', async () => {
    t.env.config.ServiceSettings.EnableUserAccessTokens = false;
    expect((await t.basic.admin.client.getClientConfig()).EnableUserAccessTokens).toBe('false');
    const off = await fails(t.basic.admin.client.createUserAccessToken(t.basic.admin.user.id, 'mine'));
    expect([off.status_code, off.server_error_id]).toEqual([501, 'app.user_access_token.disabled']);
    const bot = await botInChannel();
    const tok = await t.basic.admin.client.createUserAccessToken(bot.user_id, 'for the bot');
    expect(tok).toMatchObject({ user_id: bot.user_id, description: 'for the bot', is_active: true });
    expect(tok.token).toMatch(/^[a-z0-9]{26}$/);
    const asBot = withToken(tok.token);
    const me = await asBot.getMe();
    expect(me).toMatchObject({ id: bot.user_id, is_bot: true });
    const ws = await t.env.ws(asBot);
    const post = await asBot.createPost({ channel_id: t.basic.channel.id, message: 'beep' } as Post);
    expect(post.user_id).toBe(bot.user_id);
    const ev = await ws.next('posted', (e) => JSON.parse(e.data.post).id === post.id);
    expect(ev.broadcast.channel_id).toBe(t.basic.channel.id);
    // The session the token made carries Mattermost's props.
    const row = await t.env.server.ctx.store.sessions.getByToken(tok.token!);
    expect(row?.props).toMatchObject({ user_access_token_id: tok.id, type: 'UserAccessToken', is_bot: 'true' });
    // The secret is never shown again.
    const listed = await t.basic.admin.client.getUserAccessTokensForUser(bot.user_id);
    expect(listed.map((x) => x.id)).toEqual([tok.id]);
    expect(listed[0]).not.toHaveProperty('token');
    expect(await t.basic.admin.client.getUserAccessToken(tok.id)).not.toHaveProperty('token');
    // Revoked: that session ends at once, its websocket too.
    const closed = new Promise<void>((resolve) => ws.client.addCloseListener(() => resolve()));
    await t.basic.admin.client.revokeUserAccessToken(tok.id);
    await closed;
    const gone = await fails(asBot.getMe());
    expect([gone.status_code, gone.server_error_id]).toEqual([401, 'api.context.session_expired.app_error']);
    expect(await t.env.server.ctx.store.sessions.getByToken(tok.token!)).toBeUndefined();
    const missing = await fails(t.basic.admin.client.getUserAccessToken(tok.id));
    expect([missing.status_code, missing.server_error_id]).toEqual([404, 'app.user_access_token.get_by_user.app_error']);
  });

  it('disable ends the session, enable lets the token in again; a deactivated user is refused', async () => {
    t.env.config.ServiceSettings.EnableUserAccessTokens = true;
    const a = t.basic.admin.client;
    const tok = await a.createUserAccessToken(t.basic.admin.user.id, 'toggle');
    const c = withToken(tok.token);
    expect((await c.getMe()).id).toBe(t.basic.admin.user.id);
    await a.disableUserAccessToken(tok.id);
    expect((await a.getUserAccessToken(tok.id)).is_active).toBe(false);
    expect((await fails(c.getMe())).status_code).toBe(401);
    await a.enableUserAccessToken(tok.id);
    expect((await c.getMe()).id).toBe(t.basic.admin.user.id);

    const someone = await t.env.newUser('patuser');
    const theirs = await a.createUserAccessToken(someone.user.id, 'theirs');
    const asThem = withToken(theirs.token);
    expect((await asThem.getMe()).id).toBe(someone.user.id);
    await a.updateUserActive(someone.user.id, false);
    expect((await fails(asThem.getMe())).status_code).toBe(401);
    // Tokens switched off: a user's existing token stops working too.
    t.env.config.ServiceSettings.EnableUserAccessTokens = false;
    expect((await fails(c.getMe())).status_code).toBe(401);
    t.env.config.ServiceSettings.EnableUserAccessTokens = true;
  });

  it('applies the permissions and the user rule', async () => {
    t.env.config.ServiceSettings.EnableUserAccessTokens = true;
    const a = t.basic.admin.client;
    const plain = await t.env.newUser('plain');
    const noPerm = await fails(plain.client.createUserAccessToken(plain.user.id, 'x'));
    expect([noPerm.status_code, noPerm.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    // The role that grants the token permissions (as PUT /users/{id}/roles would), then a new session.
    await t.env.server.ctx.store.db
      .updateTable('users')
      .set({ roles: 'system_user system_user_access_token' })
      .where('id', '=', plain.user.id)
      .execute();
    const u = t.env.client();
    await u.login(plain.user.username, plain.password);
    const mine = await u.createUserAccessToken(plain.user.id, 'mine');
    expect(mine.token).toBeTruthy();
    const other = await fails(u.createUserAccessToken(t.basic.user2.user.id, 'not mine'));
    expect([other.status_code, other.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const adminTok = await a.createUserAccessToken(t.basic.admin.user.id, 'admin');
    expect((await fails(u.getUserAccessToken(adminTok.id))).status_code).toBe(403);
    expect((await fails(u.revokeUserAccessToken(adminTok.id))).status_code).toBe(403);
    expect((await fails(u.disableUserAccessToken(adminTok.id))).status_code).toBe(403);
    expect((await fails(u.getUserAccessTokensForUser(t.basic.admin.user.id))).status_code).toBe(403);
    expect((await fails(u.getUserAccessTokens())).status_code).toBe(403);
    // An admin may act for others and see every token; search by username.
    const forUser2 = await a.createUserAccessToken(t.basic.user2.user.id, 'by admin');
    expect(forUser2.user_id).toBe(t.basic.user2.user.id);
    const all = await a.getUserAccessTokens(0, 200);
    expect(all.map((x) => x.id)).toEqual(expect.arrayContaining([mine.id, adminTok.id, forUser2.id]));
    const r = await fetch(`${t.env.url}/api/v4/users/tokens/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.getToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ term: t.basic.user2.user.username }),
    });
    const found = (await r.json()) as Array<{ id: string; token?: string }>;
    expect(found.map((x) => x.id)).toContain(forUser2.id);
    expect(found.every((x) => !x.token)).toBe(true);
    // A bot someone manages: the rule lets its manager in (manage_others_bots for the admin), not a plain user.
    const bot = await a.createBot({ username: uniq('rulebot') } as Bot);
    expect((await fails(u.createUserAccessToken(bot.user_id, 'x'))).status_code).toBe(403);
  });

  it('rejects bad input with Mattermost ids', async () => {
    t.env.config.ServiceSettings.EnableUserAccessTokens = true;
    const a = t.basic.admin.client;
    const id = t.basic.admin.user.id;
    const none = await fails(a.createUserAccessToken(id, ''));
    expect([none.status_code, none.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    const long = await fails(a.createUserAccessToken(id, 'x'.repeat(256)));
    expect([long.status_code, long.server_error_id]).toEqual([400, 'model.user_access_token.is_valid.description.app_error']);
    const past = await fails(a.createUserAccessToken(id, 'old', 1000));
    expect(past.status_code).toBe(400);
    const badId = await fails(a.revokeUserAccessToken('not-an-id'));
    expect([badId.status_code, badId.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    const unknown = await fails(a.revokeUserAccessToken('a'.repeat(26)));
    expect([unknown.status_code, unknown.server_error_id]).toEqual([404, 'app.user_access_token.get_by_user.app_error']);
    const noUser = await fails(a.createUserAccessToken('b'.repeat(26), 'x'));
    expect(noUser.status_code).toBe(404);
    const bogus = await fails(withToken('c'.repeat(26)).getMe());
    expect([bogus.status_code, bogus.server_error_id]).toEqual([401, 'api.context.session_expired.app_error']);
  });

  it('mails a user (not a bot) that a token was added, without the token', async () => {
    t.env.config.ServiceSettings.EnableUserAccessTokens = true;
    const before = smtp.messages.length;
    const tok = await t.basic.admin.client.createUserAccessToken(t.basic.admin.user.id, 'mailed');
    // Other mails (mention notifications, token mails of earlier tests to other users) may arrive meanwhile: take the
    // one to the admin.
    const ours = (m: { subject: string; to: string[] }) =>
      m.subject === '[Parley] Personal access token added to your account' && m.to.includes(t.basic.admin.user.email);
    let mail = smtp.messages.slice(before).find(ours);
    for (let n = before + 1; !mail; n++) mail = (await smtp.waitFor(n)).slice(before).find(ours);
    expect(mail.to).toEqual([t.basic.admin.user.email]);
    expect(mail.subject).toBe('[Parley] Personal access token added to your account');
    expect(mail.text).toContain('mailed');
    expect(mail.raw).not.toContain(tok.token);
  });

  it('a token past its expires_at is refused', async () => {
    t.env.config.ServiceSettings.EnableUserAccessTokens = true;
    const a = t.basic.admin.client;
    const tok = await a.createUserAccessToken(t.basic.admin.user.id, 'short', Date.now() + 60_000);
    await t.env.server.ctx.store.db
      .updateTable('user_access_tokens')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', tok.id)
      .execute();
    expect((await fails(withToken(tok.token).getMe())).status_code).toBe(401);
  });
});
