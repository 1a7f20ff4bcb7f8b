// Issue 16 in the users area: sign-up is checked and written as one, login locks after too many wrong passwords and
// does not tell whether an account exists, an e-mail change needs the password, and lists by channel need read_channel.
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
    await env.server.ctx.store.tokens.save({
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
    expect(await env.server.ctx.store.tokens.get(token)).toBeDefined();

    const accepted = uniq('inside');
    const res = await signUp(signUpBody(accepted, 'allowed.test'), '?t=' + token);
    expect(res.status).toBe(201);
    const user = (await res.json()) as UserProfile;
    expect((await b.user.client.getTeamMember(team.id, user.id)).delete_at).toBe(0);
    expect(await env.server.ctx.store.tokens.get(token)).toBeUndefined();
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
