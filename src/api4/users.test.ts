// /api/v4/users through Client4: sign-up rules, login and cookies with the CSRF rule, logout, profiles, passwords, lists.
import { describe, expect, it } from 'vitest';
import type { UserProfile } from '@mattermost/types/users';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

const newUserBody = (name = uniq('su')) => ({ username: name, email: `${name}@example.com`, password: 'Passw0rd-' + name }) as UserProfile;

/** Logs in over raw HTTP as the web app does and returns the Set-Cookie values by name. */
async function cookieLogin(loginId: string, password: string): Promise<{ res: Response; cookies: Record<string, string>; raw: string[] }> {
  const res = await fetch(t.env.url + '/api/v4/users/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
    body: JSON.stringify({ login_id: loginId, password }),
  });
  const raw = res.headers.getSetCookie();
  const cookies: Record<string, string> = {};
  for (const c of raw) {
    const [kv] = c.split(';');
    const i = kv.indexOf('=');
    cookies[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return { res, cookies, raw };
}

describe('sign-up', () => {
  it('made the first user a system admin and later ones system users', () => {
    expect(t.basic.admin.user.roles.split(' ')).toContain('system_admin');
    expect(t.basic.user.user.roles).toBe('system_user');
  });

  it('refuses an anonymous sign-up when the server is closed, but an admin can still create users', async () => {
    t.env.config.TeamSettings.EnableOpenServer = false;
    try {
      const err = await fails(t.env.client().createUser(newUserBody(), '', ''));
      expect(err.status_code).toBe(403);
      expect(err.server_error_id).toBe('api.user.create_user.no_open_server');
      const created = await t.basic.admin.client.createUser(newUserBody(), '', '');
      expect(created.id).toMatch(/^[a-z0-9]{26}$/);
      expect(created.roles).toBe('system_user');
    } finally {
      t.env.config.TeamSettings.EnableOpenServer = true;
    }
  });

  it('refuses bad input and duplicates with 400', async () => {
    const bad = await fails(t.env.client().createUser({ ...newUserBody(), username: 'A b' } as UserProfile, '', ''));
    expect(bad.status_code).toBe(400);
    expect(bad.server_error_id).toBe('model.user.is_valid.username.app_error');
    const dupe = await fails(t.env.client().createUser({ ...newUserBody(), username: t.basic.user.user.username } as UserProfile, '', ''));
    expect(dupe.status_code).toBe(400);
    expect(dupe.server_error_id).toBe('app.user.save.username_exists.app_error');
    const dupeEmail = await fails(t.env.client().createUser({ ...newUserBody(), email: t.basic.user.user.email } as UserProfile, '', ''));
    expect(dupeEmail.server_error_id).toBe('app.user.save.email_exists.app_error');
    const res = await fetch(t.env.url + '/api/v4/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' });
    expect(res.status).toBe(400);
  });

  it('returns a sanitised user with 201', async () => {
    const res = await fetch(t.env.url + '/api/v4/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newUserBody()),
    });
    expect(res.status).toBe(201);
    const u = (await res.json()) as any;
    expect(u.password).toBeUndefined();
    expect(u.auth_data ?? '').toBe('');
  });
});

describe('login and logout', () => {
  it('logs in by username and by email, returning the Token header', async () => {
    const { user, password } = await t.env.newUser('login', { login: false });
    const c1 = t.env.client();
    const byName = await c1.login(user.username, password);
    expect(byName.id).toBe(user.id);
    expect(c1.getToken()).toMatch(/^[a-z0-9]{26}$/);
    const c2 = t.env.client();
    const byEmail = await c2.login(user.email, password);
    expect(byEmail.id).toBe(user.id);
    expect(c2.getToken()).not.toBe(c1.getToken());
    expect((byEmail as unknown as Record<string, unknown>).password).toBeUndefined();
  });

  it('refuses a wrong password or unknown login with 401 invalid_credentials', async () => {
    const wrong = await fails(t.env.client().login(t.basic.user.user.username, 'not-the-password'));
    expect(wrong.status_code).toBe(401);
    expect(wrong.server_error_id).toBe('api.user.login.invalid_credentials_email_username');
    const unknown = await fails(t.env.client().login('nobody-' + uniq(), 'x'));
    expect(unknown.status_code).toBe(401);
    expect(unknown.server_error_id).toBe('api.user.login.invalid_credentials_email_username');
  });

  it('sets MMAUTHTOKEN (HttpOnly), MMUSERID and MMCSRF for a browser login, and enforces the CSRF rule on cookie writes', async () => {
    const { user, password } = await t.env.newUser('cookie', { login: false });
    const { res, cookies, raw } = await cookieLogin(user.username, password);
    expect(res.status).toBe(200);
    expect(cookies.MMAUTHTOKEN).toMatch(/^[a-z0-9]{26}$/);
    expect(cookies.MMUSERID).toBe(user.id);
    expect(cookies.MMCSRF).toMatch(/^[a-z0-9]{26}$/);
    expect(raw.find((c) => c.startsWith('MMAUTHTOKEN='))).toMatch(/HttpOnly/i);
    expect(raw.find((c) => c.startsWith('MMCSRF='))).not.toMatch(/HttpOnly/i);

    const cookie = `MMAUTHTOKEN=${cookies.MMAUTHTOKEN}; MMUSERID=${cookies.MMUSERID}; MMCSRF=${cookies.MMCSRF}`;
    const me = await fetch(t.env.url + '/api/v4/users/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).id).toBe(user.id);

    const patch = (headers: Record<string, string>) =>
      fetch(t.env.url + '/api/v4/users/me/patch', {
        method: 'PUT',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ nickname: 'nick' }),
      });
    const refused = await patch({});
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as any).id).toBe('api.context.session_expired.app_error');
    const badToken = await patch({ 'x-csrf-token': 'wrong' });
    expect(badToken.status).toBe(401);
    const ok = await patch({ 'x-csrf-token': cookies.MMCSRF });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).nickname).toBe('nick');
  });

  it('does not set cookies for a non-browser login', async () => {
    const { user, password } = await t.env.newUser('nocookie', { login: false });
    const res = await fetch(t.env.url + '/api/v4/users/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login_id: user.username, password }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('token')).toMatch(/^[a-z0-9]{26}$/);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('logout revokes the session', async () => {
    const { client } = await t.env.newUser('logout');
    await client.getMe();
    await client.logout();
    const err = await fails(client.getMe());
    expect(err.status_code).toBe(401);
    expect(err.server_error_id).toBe('api.context.session_expired.app_error');
  });

  it('refuses a malformed login body with 400', async () => {
    const res = await fetch(t.env.url + '/api/v4/users/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login_id: 5 }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).id).toBe('api.context.invalid_body_param.app_error');
  });
});

describe('profiles', () => {
  it('gets me, a user by id, by username and by ids', async () => {
    expect((await t.basic.user.client.getMe()).id).toBe(t.basic.user.user.id);
    expect((await t.basic.user.client.getUser(t.basic.user2.user.id)).username).toBe(t.basic.user2.user.username);
    expect((await t.basic.user.client.getUserByUsername(t.basic.user2.user.username)).id).toBe(t.basic.user2.user.id);
    const many = await t.basic.user.client.getProfilesByIds([t.basic.user.user.id, t.basic.user2.user.id]);
    expect(many.map((u) => u.id).sort()).toEqual([t.basic.user.user.id, t.basic.user2.user.id].sort());
    const byNames = await t.basic.user.client.getProfilesByUsernames([t.basic.user2.user.username]);
    expect(byNames.map((u) => u.id)).toEqual([t.basic.user2.user.id]);
  });

  it('answers unknown users with 404 and bad ids with 400', async () => {
    const nf = await fails(t.basic.user.client.getUser('a'.repeat(26)));
    expect(nf.status_code).toBe(404);
    expect(nf.server_error_id).toBe('app.user.missing_account.const');
    const bad = await fails(t.basic.user.client.getUser('nope'));
    expect(bad.status_code).toBe(400);
    expect(bad.server_error_id).toBe('api.context.invalid_url_param.app_error');
    const nfName = await fails(t.basic.user.client.getUserByUsername('nobody' + uniq()));
    expect(nfName.status_code).toBe(404);
    const badIds = await fails(t.basic.user.client.getProfilesByIds(['x'] as string[]));
    expect(badIds.status_code).toBe(400);
  });

  it('never returns the password or auth data, and hides email from others when ShowEmailAddress is false', async () => {
    t.env.config.PrivacySettings.ShowEmailAddress = false;
    try {
      const other = (await t.basic.user.client.getUser(t.basic.user2.user.id)) as unknown as Record<string, unknown>;
      expect(other.password).toBeUndefined();
      expect(other.auth_data ?? '').toBe('');
      expect(other.email).toBe('');
      const self = await t.basic.user.client.getMe();
      expect(self.email).toBe(t.basic.user.user.email);
      const asAdmin = await t.basic.admin.client.getUser(t.basic.user2.user.id);
      expect(asAdmin.email).toBe(t.basic.user2.user.email);
      const err = await fails(t.basic.user.client.getUserByEmail(t.basic.user2.user.email));
      expect(err.status_code).toBe(403);
      expect(err.server_error_id).toBe('api.context.permissions.app_error');
    } finally {
      t.env.config.PrivacySettings.ShowEmailAddress = true;
    }
    const shown = await t.basic.user.client.getUser(t.basic.user2.user.id);
    expect(shown.email).toBe(t.basic.user2.user.email);
    expect((await t.basic.user.client.getUserByEmail(t.basic.user2.user.email)).id).toBe(t.basic.user2.user.id);
  });

  it('patches the own profile; another user may not, an admin may', async () => {
    const patched = await t.basic.user.client.patchUser({ id: t.basic.user.user.id, nickname: 'basic-nick' } as UserProfile);
    expect(patched.nickname).toBe('basic-nick');
    expect((await t.basic.user2.client.getUser(t.basic.user.user.id)).nickname).toBe('basic-nick');
    const err = await fails(t.basic.user2.client.patchUser({ id: t.basic.user.user.id, nickname: 'hijack' } as UserProfile));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe('api.context.permissions.app_error');
    const byAdmin = await t.basic.admin.client.patchUser({ id: t.basic.user.user.id, position: 'Chief' } as UserProfile);
    expect(byAdmin.position).toBe('Chief');
    const bad = await fails(t.basic.user.client.patchUser({ id: t.basic.user.user.id, username: 'Bad Name!' } as UserProfile));
    expect(bad.status_code).toBe(400);
    expect(bad.server_error_id).toBe('model.user.is_valid.username.app_error');
    const taken = await fails(
      t.basic.user.client.patchUser({ id: t.basic.user.user.id, username: t.basic.user2.user.username } as UserProfile),
    );
    expect(taken.status_code).toBe(400);
    expect(taken.server_error_id).toBe('app.user.save.username_exists.app_error');
  });

  it('updates a user with PUT only when the body id matches', async () => {
    const me = await t.basic.user2.client.getMe();
    const updated = await t.basic.user2.client.updateUser({ ...me, first_name: 'Second' });
    expect(updated.first_name).toBe('Second');
    const err = await fails(t.basic.user2.client.updateUser({ ...me, id: t.basic.user.user.id }));
    expect(err.status_code).toBe(403);
  });
});

describe('passwords and sessions', () => {
  it('changes the own password with the current one, refusing a wrong current password with 400', async () => {
    const { client, user, password } = await t.env.newUser('pwd');
    const other = t.env.client();
    await other.login(user.username, password);
    const wrong = await fails(client.updateUserPassword(user.id, 'wrong-current', 'NewPassw0rd!'));
    expect(wrong.status_code).toBe(400);
    expect(wrong.server_error_id).toBe('api.user.update_password.incorrect.app_error');
    const weak = await fails(client.updateUserPassword(user.id, password, 'x'));
    expect(weak.status_code).toBe(400);
    expect(weak.server_error_id).toMatch(/^model\.user\.is_valid\.pwd/);
    await client.updateUserPassword(user.id, password, 'NewPassw0rd!');
    // The changing session survives; the other session is revoked; the new password works.
    expect((await client.getMe()).id).toBe(user.id);
    expect((await fails(other.getMe())).status_code).toBe(401);
    expect((await fails(t.env.client().login(user.username, password))).status_code).toBe(401);
    expect((await t.env.client().login(user.username, 'NewPassw0rd!')).id).toBe(user.id);
    const forbidden = await fails(t.basic.user2.client.updateUserPassword(user.id, '', 'Another1!'));
    expect(forbidden.status_code).toBe(403);
  });

  it('lists and revokes sessions; others may not', async () => {
    const { client, user, password } = await t.env.newUser('sess');
    const second = t.env.client();
    await second.login(user.username, password);
    const sessions = await client.getSessions(user.id);
    expect(sessions.length).toBe(2);
    for (const s of sessions) expect((s as unknown as Record<string, unknown>).token).toBeUndefined();
    const err = await fails(t.basic.user2.client.getSessions(user.id));
    expect(err.status_code).toBe(403);
    // Revoke one of the two: exactly one client keeps working afterwards.
    await client.revokeSession(user.id, sessions[0].id);
    const alive = await Promise.all(
      [client, second].map((c) =>
        c.getMe().then(
          () => c,
          () => undefined,
        ),
      ),
    );
    const survivors = alive.filter((c) => c !== undefined);
    expect(survivors.length).toBe(1);
    expect((await survivors[0]!.getSessions(user.id)).map((s) => s.id)).toEqual([sessions[1].id]);
    const live = survivors[0]!;
    const bad = await fails(live.revokeSession(user.id, 'b'.repeat(26)));
    expect(bad.status_code).toBe(400);
  });
});

describe('lists and autocomplete', () => {
  it('lists users in a team and in a channel; a member of nothing sees no one', async () => {
    const inTeam = await t.basic.user.client.getProfilesInTeam(t.basic.team.id, 0, 100);
    expect(inTeam.map((u) => u.id)).toEqual(expect.arrayContaining([t.basic.user.user.id, t.basic.user2.user.id, t.basic.admin.user.id]));
    const inChannel = await t.basic.user.client.getProfilesInChannel(t.basic.channel.id, 0, 100);
    expect(inChannel.map((u) => u.id).sort()).toEqual([t.basic.user.user.id, t.basic.user2.user.id].sort());
    const loner = await t.env.newUser('loner');
    const err = await fails(loner.client.getProfilesInTeam(t.basic.team.id, 0, 100));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe('api.context.permissions.app_error');
    expect((await fails(loner.client.getProfilesInChannel(t.basic.privateChannel.id, 0, 100))).status_code).toBe(403);
    expect(await loner.client.getProfiles(0, 100)).toEqual([]);
    const bad = await fails(t.basic.user.client.getProfilesInTeam('zz', 0, 10));
    expect(bad.status_code).toBe(400);
  });

  it('autocompletes in a team and channel, splitting users in and out of the channel', async () => {
    const prefix = t.basic.user2.user.username.slice(0, 8);
    const inTeam = await t.basic.user.client.autocompleteUsers(prefix, t.basic.team.id, '');
    expect(inTeam.users.map((u) => u.id)).toContain(t.basic.user2.user.id);
    const inChannel = await t.basic.user.client.autocompleteUsers(t.basic.admin.user.username, t.basic.team.id, t.basic.channel.id);
    expect(inChannel.users.map((u) => u.id)).not.toContain(t.basic.admin.user.id);
    expect(inChannel.out_of_channel?.map((u) => u.id)).toContain(t.basic.admin.user.id);
    const loner = await t.env.newUser('ac');
    const err = await fails(loner.client.autocompleteUsers(prefix, t.basic.team.id, ''));
    expect(err.status_code).toBe(403);
    const noTeam = await fails(t.basic.user.client.autocompleteUsers(prefix, '', t.basic.channel.id));
    expect(noTeam.status_code).toBe(400);
    expect(noTeam.server_error_id).toBe('api.user.autocomplete_users.missing_team_id.app_error');
    // Without a team, a loner only discovers themselves.
    const global = await loner.client.autocompleteUsers(t.basic.user2.user.username, '', '');
    expect(global.users).toEqual([]);
  });

  it('searches users by term', async () => {
    const found = await t.basic.user.client.searchUsers(t.basic.user2.user.username, { team_id: t.basic.team.id });
    expect(found.map((u) => u.id)).toContain(t.basic.user2.user.id);
    const res = await fetch(t.env.url + '/api/v4/users/search', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + t.basic.user.client.getToken(), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(400);
  });
});

describe('remaining user routes', () => {
  const raw = (method: string, path: string, token: string, body?: unknown) =>
    fetch(t.env.url + '/api/v4' + path, {
      method,
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('refuses search in a team the user is not in, and unknown emails with 404', async () => {
    const loner = await t.env.newUser('srch');
    const err = await fails(loner.client.searchUsers('a', { team_id: t.basic.team.id }));
    expect(err.status_code).toBe(403);
    const nf = await fails(t.basic.user.client.getUserByEmail(`nobody-${uniq()}@example.com`));
    expect(nf.status_code).toBe(404);
    expect(nf.server_error_id).toBe('app.user.missing_account.const');
    const badNames = await raw('POST', '/users/usernames', t.basic.user.client.getToken(), { a: 1 });
    expect(badNames.status).toBe(400);
  });

  it('refuses a PUT whose body id does not match the URL with 400', async () => {
    const me = await t.basic.user2.client.getMe();
    const res = await raw('PUT', `/users/${t.basic.user2.user.id}`, t.basic.user2.client.getToken(), { ...me, id: t.basic.user.user.id });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { id: string }).id).toBe('api.context.invalid_body_param.app_error');
  });

  it('revokes all sessions of a user (admin or self), refusing others', async () => {
    const { client, user, password } = await t.env.newUser('revall');
    const second = t.env.client();
    await second.login(user.username, password);
    expect((await fails(t.basic.user2.client.revokeAllSessionsForUser(user.id))).status_code).toBe(403);
    expect((await fails(t.basic.user2.client.revokeSession(user.id, 'v'.repeat(26)))).status_code).toBe(403);
    expect((await fails(t.basic.user2.client.getSessions('bad'))).status_code).toBe(400);
    await t.basic.admin.client.revokeAllSessionsForUser(user.id);
    expect((await fails(client.getMe())).status_code).toBe(401);
    expect((await fails(second.getMe())).status_code).toBe(401);
  });

  it('attaches a device id to the current session', async () => {
    const { client, user } = await t.env.newUser('device');
    const res = await raw('PUT', '/users/sessions/device', client.getToken(), { device_id: 'android_rn:abc' });
    expect(res.status).toBe(200);
    const sessions = await client.getSessions(user.id);
    expect(sessions[0].device_id).toBe('android_rn:abc');
    const bad = await raw('PUT', '/users/sessions/device', client.getToken(), {});
    expect(bad.status).toBe(400);
  });

  it('accepts a cookie write with X-Requested-With and no CSRF token (Mattermost’s non-strict rule)', async () => {
    const { user, password } = await t.env.newUser('xrw', { login: false });
    const { cookies } = await cookieLogin(user.username, password);
    const res = await fetch(t.env.url + '/api/v4/users/me/patch', {
      method: 'PUT',
      headers: { cookie: `MMAUTHTOKEN=${cookies.MMAUTHTOKEN}`, 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
      body: JSON.stringify({ nickname: 'xrw' }),
    });
    expect(res.status).toBe(200);
  });
});

describe('cookie logout', () => {
  it('revokes the cookie session and clears the cookies', async () => {
    const { user, password } = await t.env.newUser('cookieout', { login: false });
    const { cookies } = await cookieLogin(user.username, password);
    const cookie = `MMAUTHTOKEN=${cookies.MMAUTHTOKEN}; MMCSRF=${cookies.MMCSRF}`;
    const out = await fetch(t.env.url + '/api/v4/users/logout', { method: 'POST', headers: { cookie, 'x-csrf-token': cookies.MMCSRF } });
    expect(out.status).toBe(200);
    const cleared = out.headers.getSetCookie();
    for (const name of ['MMAUTHTOKEN', 'MMUSERID', 'MMCSRF']) expect(cleared.find((c) => c.startsWith(name + '=;'))).toMatch(/Max-Age=0/);
    const me = await fetch(t.env.url + '/api/v4/users/me', { headers: { cookie } });
    expect(me.status).toBe(401);
  });
});
