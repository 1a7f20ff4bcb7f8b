// Issue 16 in the users area: sign-up is checked and written as one, login locks after too many wrong passwords and
// does not tell whether an account exists, an e-mail change needs the password, and lists by channel need read_channel.
import { saveTokenRow, tokenRow } from '../../test/db.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { fails, initBasic, setup, uniq, type Basic, type TestEnv } from '../../test/helper.ts';
import { TOKEN_TYPE_TEAM_INVITATION } from '../app/invites.ts';

let env: TestEnv;
let b: Basic;
beforeAll(async () => {
  env = await setup();
  b = await initBasic(env);
});
afterAll(async () => env?.close());

const signUpBody = (name: string, domain = 'example.com') => ({ username: name, email: `${name}@${domain}`, password: 'Passw0rd-' + name });

/** POST /users as an anonymous client, with a query string. */
function signUp(body: object, query: string): Promise<Response> {
  return fetch(`${env.url}/api/v4/users${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function rawLogin(body: object): Promise<Response> {
  return fetch(env.url + '/api/v4/users/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function errorOf(res: Response): Promise<[number, string]> {
  return [res.status, ((await res.json()) as { id: string }).id];
}

async function userExists(username: string): Promise<boolean> {
  return b.admin.client.getUserByUsername(username).then(
    () => true,
    () => false,
  );
}

describe('sign-up with an invitation on a closed server', () => {
  beforeAll(() => {
    env.config.TeamSettings.EnableOpenServer = false;
  });
  afterAll(() => {
    env.config.TeamSettings.EnableOpenServer = true;
  });

  it('saves nothing for a bogus invite id or token, so the account can neither log in nor block the name', async () => {
    const name = uniq('bogus');
    const body = signUpBody(name);
    expect(await errorOf(await signUp(body, '?iid=' + 'x'.repeat(26)))).toEqual([404, 'app.team.get_by_invite_id.finding.app_error']);
    expect(await errorOf(await signUp(body, '?t=' + 'y'.repeat(64)))).toEqual([400, 'api.user.create_user.signup_link_invalid.app_error']);
    expect(await userExists(name)).toBe(false);
    expect((await rawLogin({ login_id: name, password: body.password })).status).toBe(401);
    // The name is still free for a real sign-up.
    const ok = await signUp(body, '?iid=' + b.team.invite_id);
    expect(ok.status).toBe(201);
  });

  it('writes the user, the team join and the token use together: a join that fails leaves no user and the token unused', async () => {
    const team = await b.user.client.createTeam({ name: uniq('dom'), display_name: 'Domains', type: 'O' } as Team);
    await b.user.client.patchTeam({ id: team.id, allowed_domains: 'allowed.test' } as Team);
    const token = ('tok' + uniq('t')).padEnd(64, '0');
    await saveTokenRow(env, {
      token,
      create_at: Date.now(),
      type: TOKEN_TYPE_TEAM_INVITATION,
      extra: JSON.stringify({ teamId: team.id, email: 'someone@allowed.test' }),
    });

    const refused = uniq('outside');
    expect(await errorOf(await signUp(signUpBody(refused, 'elsewhere.test'), '?t=' + token))).toEqual([
      400,
      'api.team.join_user_to_team.allowed_domains.app_error',
    ]);
    expect(await userExists(refused)).toBe(false);
    expect(await tokenRow(env, token)).toBeDefined();

    const accepted = uniq('inside');
    const res = await signUp(signUpBody(accepted, 'allowed.test'), '?t=' + token);
    expect(res.status).toBe(201);
    const user = (await res.json()) as UserProfile;
    expect((await b.user.client.getTeamMember(team.id, user.id)).delete_at).toBe(0);
    expect(await tokenRow(env, token)).toBeUndefined();
  });
});

describe('login attempts', () => {
  it('locks an account after MaximumLoginAttempts wrong passwords, even the right one, until the password is reset', async () => {
    const { user, password } = await env.newUser('locked', { login: false });
    for (let i = 0; i < 40; i++) {
      const res = await rawLogin({ login_id: user.username, password: 'wrong-' + i });
      expect(res.status).toBe(401);
    }
    expect(await errorOf(await rawLogin({ login_id: user.username, password }))).toEqual([
      401,
      'api.user.check_user_login_attempts.too_many.app_error',
    ]);
    await b.admin.client.updateUserPassword(user.id, '', 'Reset-Passw0rd');
    expect((await rawLogin({ login_id: user.username, password: 'Reset-Passw0rd' })).status).toBe(200);
  });

  it('counts attempts made in parallel', async () => {
    const { user, password } = await env.newUser('burst', { login: false });
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => rawLogin({ login_id: user.username, password: 'guess-' + i })));
    expect(burst.every((r) => r.status === 401)).toBe(true);
    expect((await errorOf(await rawLogin({ login_id: user.username, password })))[1]).toBe(
      'api.user.check_user_login_attempts.too_many.app_error',
    );
  });

  it('resets the count on a successful login', async () => {
    const { user, password } = await env.newUser('reset', { login: false });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) expect((await rawLogin({ login_id: user.username, password: 'nope' })).status).toBe(401);
      expect((await rawLogin({ login_id: user.username, password })).status).toBe(200);
    }
  });

  it('answers an unknown login exactly as a wrong password, a blank password included', async () => {
    const unknown = 'nobody' + uniq();
    const known = b.user2.user.username;
    const wrong = [
      await errorOf(await rawLogin({ login_id: known, password: 'bad' })),
      await errorOf(await rawLogin({ login_id: unknown, password: 'bad' })),
    ];
    expect(wrong[0]).toEqual([401, 'api.user.login.invalid_credentials_email_username']);
    expect(wrong[1]).toEqual(wrong[0]);
    const blank = [
      await errorOf(await rawLogin({ login_id: known, password: '' })),
      await errorOf(await rawLogin({ login_id: unknown, password: '' })),
    ];
    expect(blank[0]).toEqual([400, 'api.user.login.blank_pwd.app_error']);
    expect(blank[1]).toEqual(blank[0]);
    const byId = await errorOf(await rawLogin({ id: 'z'.repeat(26), password: 'bad' }));
    expect(byId).toEqual(wrong[0]);
  });

  it('counts a wrong current password on a password change', async () => {
    const { client, user, password } = await env.newUser('pwdlock');
    for (let i = 0; i < 10; i++) {
      const e = await fails(client.updateUserPassword(user.id, 'wrong-current', 'NewPassw0rd!'));
      expect(e.server_error_id).toBe('api.user.update_password.incorrect.app_error');
    }
    const locked = await fails(client.updateUserPassword(user.id, password, 'NewPassw0rd!'));
    expect([locked.status_code, locked.server_error_id]).toEqual([401, 'api.user.check_user_login_attempts.too_many.app_error']);
  });
});

describe('e-mail change', () => {
  const patch = (token: string, userId: string, body: object) =>
    fetch(`${env.url}/api/v4/users/${userId}/patch`, {
      method: 'PUT',
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('needs the password for one’s own new address, and leaves the address unverified when verification is required', async () => {
    const { client, user, password } = await env.newUser('mail');
    const token = client.getToken();
    const next = `${uniq('new')}@example.com`;
    expect(await errorOf(await patch(token, user.id, { email: next }))).toEqual([400, 'api.context.invalid_body_param.app_error']);
    expect(await errorOf(await patch(token, user.id, { email: next, password: 'wrong' }))).toEqual([
      401,
      'api.user.check_user_password.invalid.app_error',
    ]);
    expect((await client.getMe()).email).toBe(user.email);
    // The same address again, or another field, needs no password.
    expect((await patch(token, user.id, { email: user.email, nickname: 'same' })).status).toBe(200);

    env.config.EmailSettings.RequireEmailVerification = true;
    try {
      const res = await patch(token, user.id, { email: next, password });
      expect(res.status).toBe(200);
      // As Mattermost: the stored address stays until the link mailed to the new one is used (accounts.test.ts).
      const me = await client.getMe();
      expect(me.email).toBe(user.email);
    } finally {
      env.config.EmailSettings.RequireEmailVerification = false;
    }
  });

  it('lets an admin change someone else’s address without a password', async () => {
    const { user } = await env.newUser('mailadm');
    const next = `${uniq('adm')}@example.com`;
    const res = await patch(b.admin.client.getToken(), user.id, { email: next });
    expect(res.status).toBe(200);
    expect((await b.admin.client.getUser(user.id)).email).toBe(next);
  });
});

describe('lists by channel', () => {
  it('needs read_channel for not_in_channel, in GET /users and in search', async () => {
    const outsider = b.user2.client;
    const list = await fails(outsider.getProfilesNotInChannel(b.team.id, b.privateChannel.id, false, 0, 100));
    expect([list.status_code, list.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const search = await fails(outsider.searchUsers('', { team_id: b.team.id, not_in_channel_id: b.privateChannel.id }));
    expect(search.status_code).toBe(403);
    // A member may.
    const ok = await b.user.client.getProfilesNotInChannel(b.team.id, b.privateChannel.id, false, 0, 100);
    expect(ok.map((u) => u.id)).toContain(b.user2.user.id);
  });
});
