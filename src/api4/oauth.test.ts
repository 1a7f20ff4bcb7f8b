// The OAuth 2.0 provider end to end: an app made through Client4, a user's consent, the code exchanged by the
// simple-oauth2 library, the access token used on /api/v4, refresh, deauthorization; PKCE and the error cases.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthorizationCode } from 'simple-oauth2';
import type { OAuthApp } from '@mattermost/types/integrations';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();
const CALLBACK = 'https://client.example.com/callback';

const newApp = (over: Partial<OAuthApp> = {}) =>
  ({ name: uniq('app'), description: 'test app', homepage: 'https://client.example.com', callback_urls: [CALLBACK], ...over }) as OAuthApp;

function library(app: OAuthApp, secret = app.client_secret) {
  return new AuthorizationCode({
    client: { id: app.id, secret },
    auth: { tokenHost: t.env.url, tokenPath: '/oauth/access_token', authorizePath: '/oauth/authorize' },
    options: { authorizationMethod: 'body' },
  });
}

/** The user allows the app (POST /oauth/authorize); returns the code and state of the redirect. */
async function consent(app: OAuthApp, extra: { challenge?: string; redirect?: string } = {}) {
  const state = uniq('state');
  const rsp = (await t.basic.user.client.authorizeOAuthApp(
    'code',
    app.id,
    extra.redirect ?? CALLBACK,
    state,
    '',
    undefined,
    extra.challenge,
    extra.challenge ? 'S256' : undefined,
  )) as unknown as { redirect: string };
  const u = new URL(rsp.redirect);
  expect(u.origin + u.pathname).toBe(CALLBACK);
  expect(u.searchParams.get('state')).toBe(state);
  const code = u.searchParams.get('code')!;
  expect(code).toHaveLength(52);
  return code;
}

const bearer = (token: string) => {
  const c = t.env.client();
  c.setToken(token);
  return c;
};

const json = async (r: Response) => (await r.json()) as Record<string, any>;

/** A token request as the library would send it, to read the raw answer. */
const tokenRequest = (form: Record<string, string>) =>
  fetch(`${t.env.url}/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

describe('OAuth 2.0 provider', () => {
  it('runs the authorization-code flow with simple-oauth2: token on /api/v4, refresh, deauthorize', async () => {
    const app = await t.basic.admin.client.createOAuthApp(newApp());
    expect(app.client_secret).toMatch(/^[a-z0-9]{26}$/);
    expect((await t.basic.user.client.getClientConfig()).EnableOAuthServiceProvider).toBe('true');
    const code = await consent(app);
    const lib = library(app);
    const token = await lib.getToken({ code, redirect_uri: CALLBACK });
    expect(token.token).toMatchObject({ token_type: 'bearer', scope: '', id_token: '' });
    expect(token.token.expires_in).toBe(720 * 3600);
    const viaToken = bearer(token.token.access_token);
    expect((await viaToken.getMe()).id).toBe(t.basic.user.user.id);
    // The access token opens a websocket too (hello names the user).
    const ws = await t.env.ws(viaToken);
    expect((await ws.next('hello')).broadcast.user_id).toBe(t.basic.user.user.id);
    // An OAuth session may not make personal access tokens.
    t.env.config.ServiceSettings.EnableUserAccessTokens = true;
    const pat = await fails(viaToken.createUserAccessToken(t.basic.user.user.id, 'nope'));
    expect(pat.status_code).toBe(403);
    t.env.config.ServiceSettings.EnableUserAccessTokens = false;
    // The app is listed as authorized, without its secret.
    const authorized = await t.basic.user.client.getAuthorizedOAuthApps(t.basic.user.user.id);
    expect(authorized.map((a) => [a.id, a.client_secret])).toEqual([[app.id, '']]);

    const refreshed = await token.refresh();
    expect(refreshed.token.access_token).not.toBe(token.token.access_token);
    expect(refreshed.token.refresh_token).not.toBe(token.token.refresh_token);
    expect((await fails(viaToken.getMe())).status_code).toBe(401);
    const viaNew = bearer(refreshed.token.access_token);
    expect((await viaNew.getMe()).id).toBe(t.basic.user.user.id);
    // The old refresh token is spent.
    const spent = await json(
      await tokenRequest({
        grant_type: 'refresh_token',
        refresh_token: token.token.refresh_token!,
        client_id: app.id,
        client_secret: app.client_secret,
      }),
    );
    expect(spent.id).toBe('api.oauth.get_access_token.refresh_token.app_error');

    await t.basic.user.client.deauthorizeOAuthApp(app.id);
    expect((await fails(viaNew.getMe())).status_code).toBe(401);
    expect(await t.basic.user.client.getAuthorizedOAuthApps(t.basic.user.user.id)).toEqual([]);
  });

  it('answers the token request with Cache-Control no-store; a live token is returned again for the next code', async () => {
    const app = await t.basic.admin.client.createOAuthApp(newApp());
    const code = await consent(app);
    const r = await tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: app.id,
      client_secret: app.client_secret,
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('pragma')).toBe('no-cache');
    const first = await json(r);
    const again = await library(app).getToken({ code: await consent(app), redirect_uri: CALLBACK });
    expect(again.token.access_token).toBe(first.access_token);
  });

  it('checks PKCE S256', async () => {
    const app = await t.basic.admin.client.createOAuthApp(newApp());
    const verifier = randomBytes(40).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const lib = library(app);
    const wrong = await fails(
      lib.getToken({ code: await consent(app, { challenge }), redirect_uri: CALLBACK, code_verifier: 'x'.repeat(43) }),
    );
    expect(wrong.message).toMatch(/400/);
    const missingCode = await consent(app, { challenge });
    const missing = await json(
      await tokenRequest({
        grant_type: 'authorization_code',
        code: missingCode,
        redirect_uri: CALLBACK,
        client_id: app.id,
        client_secret: app.client_secret,
      }),
    );
    expect(missing.id).toBe('model.authorize.validate_pkce.verifier_required.app_error');
    const badVerifier = await consent(app, { challenge });
    const failed = await json(
      await tokenRequest({
        grant_type: 'authorization_code',
        code: badVerifier,
        redirect_uri: CALLBACK,
        client_id: app.id,
        client_secret: app.client_secret,
        code_verifier: 'y'.repeat(50),
      }),
    );
    expect(failed.id).toBe('model.authorize.validate_pkce.verification_failed.app_error');
    const ok = await lib.getToken({ code: await consent(app, { challenge }), redirect_uri: CALLBACK, code_verifier: verifier });
    expect((await bearer(ok.token.access_token).getMe()).id).toBe(t.basic.user.user.id);
    const bad = await fails(t.basic.user.client.authorizeOAuthApp('code', app.id, CALLBACK, 's', '', undefined, 'short', 'S256'));
    expect([bad.status_code, bad.server_error_id]).toEqual([400, 'model.authorize.is_valid.code_challenge.length.app_error']);
    const plain = await fails(t.basic.user.client.authorizeOAuthApp('code', app.id, CALLBACK, 's', '', undefined, challenge, 'plain'));
    expect(plain.server_error_id).toBe('model.authorize.is_valid.code_challenge_method.unsupported.app_error');
  });

  it('refuses a bad secret, a reused code, a wrong redirect_uri and malformed requests with Mattermost ids', async () => {
    const app = await t.basic.admin.client.createOAuthApp(newApp({ callback_urls: [CALLBACK, 'https://client.example.com/other'] }));
    const form = (code: string, over: Record<string, string> = {}) => ({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: app.id,
      client_secret: app.client_secret,
      ...over,
    });
    const answer = async (f: Record<string, string>) => {
      const r = await tokenRequest(f);
      return [r.status, (await json(r)).id];
    };
    const code = await consent(app);
    expect(await answer(form(code, { client_secret: 'wrong' }))).toEqual([403, 'api.oauth.get_access_token.credentials.app_error']);
    await expect(library(app, 'wrong').getToken({ code, redirect_uri: CALLBACK })).rejects.toThrow();
    expect(await answer(form(code, { redirect_uri: 'https://client.example.com/other' }))).toEqual([
      400,
      'api.oauth.get_access_token.redirect_uri.app_error',
    ]);
    expect((await answer(form(code)))[0]).toBe(200);
    expect(await answer(form(code))).toEqual([400, 'api.oauth.get_access_token.expired_code.app_error']);
    expect(await answer(form(''))).toEqual([400, 'api.oauth.get_access_token.missing_code.app_error']);
    expect(await answer(form(code, { grant_type: 'password' }))).toEqual([400, 'api.oauth.get_access_token.bad_grant.app_error']);
    expect(await answer(form(code, { grant_type: 'refresh_token', refresh_token: '' }))).toEqual([
      400,
      'api.oauth.get_access_token.missing_refresh_token.app_error',
    ]);
    expect(await answer(form(code, { client_id: 'nope' }))).toEqual([400, 'api.oauth.get_access_token.bad_client_id.app_error']);
    expect(await answer(form(code, { client_secret: '' }))).toEqual([400, 'api.oauth.get_access_token.bad_client_secret.app_error']);
    expect(await answer(form(code, { client_id: 'a'.repeat(26) }))).toEqual([404, 'api.oauth.get_access_token.credentials.app_error']);
    // The authorization request: a redirect URI not registered, a bad client id.
    const wrongUri = await fails(t.basic.user.client.authorizeOAuthApp('code', app.id, 'https://evil.example.com/cb', 's', ''));
    expect([wrongUri.status_code, wrongUri.server_error_id]).toEqual([400, 'api.oauth.allow_oauth.redirect_callback.app_error']);
    const badClient = await fails(t.basic.user.client.authorizeOAuthApp('code', 'bad', CALLBACK, 's', ''));
    expect([badClient.status_code, badClient.server_error_id]).toEqual([400, 'model.authorize.is_valid.client_id.app_error']);
    const unknownApp = await fails(t.basic.user.client.authorizeOAuthApp('code', 'a'.repeat(26), CALLBACK, 's', ''));
    expect([unknownApp.status_code, unknownApp.server_error_id]).toEqual([404, 'app.oauth.get_app.find.app_error']);
    const other = (await t.basic.user.client.authorizeOAuthApp('id_token', app.id, CALLBACK, 's', '')) as unknown as { redirect: string };
    expect(new URL(other.redirect).searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('grants a token in the fragment for response_type=token (implicit), usable on /api/v4', async () => {
    const app = await t.basic.admin.client.createOAuthApp(newApp());
    const rsp = (await t.basic.user.client.authorizeOAuthApp('token', app.id, CALLBACK, 'imp', '')) as unknown as { redirect: string };
    const u = new URL(rsp.redirect);
    expect(u.origin + u.pathname).toBe(CALLBACK);
    const frag = new URLSearchParams(u.hash.slice(1));
    expect([frag.get('token_type'), frag.get('state'), frag.get('scope'), frag.get('expires_in')]).toEqual([
      'bearer',
      'imp',
      'user',
      String(720 * 3600),
    ]);
    const viaToken = bearer(frag.get('access_token')!);
    expect((await viaToken.getMe()).id).toBe(t.basic.user.user.id);
    await t.basic.user.client.deauthorizeOAuthApp(app.id);
    expect((await fails(viaToken.getMe())).status_code).toBe(401);
  });

  it('GET /oauth/authorize: login first; trusted or consented apps redirect with a code; others get the consent page', async () => {
    const app = await t.basic.admin.client.createOAuthApp(newApp());
    const q = `?response_type=code&client_id=${app.id}&redirect_uri=${encodeURIComponent(CALLBACK)}&state=abc`;
    const anon = await fetch(`${t.env.url}/oauth/authorize${q}`, { redirect: 'manual' });
    expect(anon.status).toBe(302);
    expect(anon.headers.get('location')).toBe(`${t.env.url}/login?redirect_to=${encodeURIComponent('/oauth/authorize' + q)}`);
    const auth = { authorization: `Bearer ${t.basic.user2.client.getToken()}` };
    const page = await fetch(`${t.env.url}/oauth/authorize${q}`, { redirect: 'manual', headers: auth });
    expect(page.status).not.toBe(302);
    const trusted = await t.basic.admin.client.createOAuthApp(newApp({ is_trusted: true }));
    expect(trusted.is_trusted).toBe(true);
    const tq = `?response_type=code&client_id=${trusted.id}&redirect_uri=${encodeURIComponent(CALLBACK)}&state=abc`;
    const direct = await fetch(`${t.env.url}/oauth/authorize${tq}`, { redirect: 'manual', headers: auth });
    expect(direct.status).toBe(302);
    const loc = new URL(direct.headers.get('location')!);
    expect(loc.searchParams.get('state')).toBe('abc');
    expect(loc.searchParams.get('code')).toHaveLength(52);
    // Consent once, then the page redirects by itself.
    await t.basic.user2.client.authorizeOAuthApp('code', app.id, CALLBACK, 'x', '');
    const now = await fetch(`${t.env.url}/oauth/authorize${q}`, { redirect: 'manual', headers: auth });
    expect(now.status).toBe(302);
    const badUri = await fetch(
      `${t.env.url}/oauth/authorize?response_type=code&client_id=${app.id}&redirect_uri=${encodeURIComponent('https://x.example.com')}`,
      {
        redirect: 'manual',
        headers: auth,
      },
    );
    expect([badUri.status, badUri.headers.get('content-type')]).toEqual([400, 'text/html; charset=utf-8']);
  });

  it('applies the app permissions, validation and the EnableOAuthServiceProvider switch', async () => {
    const u = t.basic.user.client;
    const a = t.basic.admin.client;
    const create = await fails(u.createOAuthApp(newApp()));
    expect([create.status_code, create.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const list = await fails(u.getOAuthApps());
    expect([list.status_code, list.server_error_id]).toEqual([403, 'api.command.admin_only.app_error']);
    const noCb = await fails(a.createOAuthApp(newApp({ callback_urls: [] })));
    expect([noCb.status_code, noCb.server_error_id]).toEqual([400, 'model.oauth.is_valid.callback.app_error']);
    const badCb = await fails(a.createOAuthApp(newApp({ callback_urls: ['ftp://x'] })));
    expect(badCb.server_error_id).toBe('model.oauth.is_valid.callback.app_error');
    const noHome = await fails(a.createOAuthApp(newApp({ homepage: '' })));
    expect(noHome.server_error_id).toBe('model.oauth.is_valid.homepage.app_error');
    const noName = await fails(a.createOAuthApp(newApp({ name: '' })));
    expect(noName.server_error_id).toBe('model.oauth.is_valid.name.app_error');
    const longName = await fails(a.createOAuthApp(newApp({ name: 'n'.repeat(65) })));
    expect(longName.server_error_id).toBe('model.oauth.is_valid.name.app_error');

    const app = await a.createOAuthApp(newApp());
    const edited = await a.editOAuthApp({ ...app, name: 'Renamed', client_secret: 'ignored' });
    expect([edited.name, edited.client_secret, edited.creator_id]).toEqual(['Renamed', app.client_secret, app.creator_id]);
    const regen = await a.regenOAuthAppSecret(app.id);
    expect(regen.client_secret).not.toBe(app.client_secret);
    const info = await u.getOAuthAppInfo(app.id);
    expect([info.name, info.client_secret]).toEqual(['Renamed', '']);
    expect((await a.getOAuthApps(0, 200)).map((x) => x.id)).toContain(app.id);
    expect((await fails(u.getOAuthApp(app.id))).status_code).toBe(403);
    const missing = await fails(a.getOAuthApp('a'.repeat(26)));
    expect([missing.status_code, missing.server_error_id]).toEqual([404, 'app.oauth.get_app.find.app_error']);
    expect((await fails(u.getAuthorizedOAuthApps(t.basic.user2.user.id))).status_code).toBe(403);

    // Deleting the app ends the sessions of its tokens.
    const token = await library(regen).getToken({ code: await consent(regen), redirect_uri: CALLBACK });
    await a.deleteOAuthApp(app.id);
    expect((await fails(bearer(token.token.access_token).getMe())).status_code).toBe(401);
    expect((await fails(a.getOAuthApp(app.id))).status_code).toBe(404);

    t.env.config.ServiceSettings.EnableOAuthServiceProvider = false;
    try {
      expect((await a.getClientConfig()).EnableOAuthServiceProvider).toBe('false');
      const off = await fails(a.createOAuthApp(newApp()));
      expect([off.status_code, off.server_error_id]).toEqual([501, 'api.oauth.register_oauth_app.turn_off.app_error']);
      const offList = await fails(a.getOAuthApps());
      expect([offList.status_code, offList.server_error_id]).toEqual([501, 'api.oauth.allow_oauth.turn_off.app_error']);
      const offAuth = await fails(u.authorizeOAuthApp('code', regen.id, CALLBACK, 's', ''));
      expect([offAuth.status_code, offAuth.server_error_id]).toEqual([501, 'api.oauth.allow_oauth.turn_off.app_error']);
      const r = await tokenRequest({
        grant_type: 'authorization_code',
        code: 'c',
        redirect_uri: CALLBACK,
        client_id: regen.id,
        client_secret: 'x',
      });
      expect([r.status, (await json(r)).id]).toEqual([501, 'api.oauth.get_access_token.disabled.app_error']);
      const page = await fetch(
        `${t.env.url}/oauth/authorize?response_type=code&client_id=${regen.id}&redirect_uri=${encodeURIComponent(CALLBACK)}`,
        { redirect: 'manual' },
      );
      expect(page.status).toBe(501);
    } finally {
      t.env.config.ServiceSettings.EnableOAuthServiceProvider = true;
    }
  });
});
