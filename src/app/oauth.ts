// The OAuth 2.0 provider (Mattermost's app/oauth.go, web/oauth.go): registered apps, the authorization-code grant
// (with PKCE S256) and refresh tokens. An access token is the token of an OAuth session (is_oauth), usable as a
// bearer token on /api/v4; deauthorizing or deleting the app ends those sessions.
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError, appError, Errors, type ErrorId } from '../model/app-error.ts';
import { isValidId, newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import { OAUTH, type AccessData, type AuthData, type OAuthApp } from '../model/oauth.ts';
import type { Session, UserWithSecrets } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { endSessionsByToken } from './access-tokens.ts';
import { hasSystemPermission, requireEditUser, requireSystemPermission } from './authz.ts';
import type { AppContext } from './context.ts';

/** The fields of an app a client may set (creator, secret and times are the server's). */
export interface OAuthAppInput {
  name?: string | null;
  description?: string | null;
  icon_url?: string | null;
  callback_urls?: string[] | null;
  homepage?: string | null;
  is_trusted?: boolean | null;
  mattermost_app_id?: string | null;
}

/** model.IsValidHTTPURL: http(s) and parseable. */
export function isValidHttpUrl(u: string): boolean {
  if (!/^https?:\/\//i.test(u)) return false;
  try {
    new URL(u);
    return true;
  } catch {
    return false;
  }
}

const bad = (field: string) => appError(`model.oauth.is_valid.${field}.app_error` as ErrorId, 'OAuthApp.IsValid', { detailed: field });

/** OAuthApp.IsValid, in Mattermost's order. */
function validateApp(a: OAuthApp): void {
  if (!a.name || [...a.name].length > OAUTH.NAME_MAX) throw bad('name');
  if (a.callback_urls.length === 0 || !a.callback_urls.every(isValidHttpUrl)) throw bad('callback');
  if (a.callback_urls.join('').length > OAUTH.CALLBACK_URLS_MAX_TOTAL) throw bad('callback');
  if (!a.homepage || a.homepage.length > OAUTH.HOMEPAGE_MAX || !isValidHttpUrl(a.homepage)) throw bad('homepage');
  if ([...a.description].length > OAUTH.DESCRIPTION_MAX) throw bad('description');
  if (a.icon_url && (a.icon_url.length > OAUTH.ICON_URL_MAX || !isValidHttpUrl(a.icon_url))) throw bad('icon_url');
  if (a.mattermost_app_id.length > OAUTH.MATTERMOST_APP_ID_MAX) throw bad('mattermost_app_id');
}

function requireEnabled(ctx: AppContext, id: ErrorId, where: string): void {
  if (!ctx.config().ServiceSettings.EnableOAuthServiceProvider) throw appError(id, where);
}

/** The app without its secret (OAuthApp.Sanitize). */
function sanitizeApp(a: OAuthApp): OAuthApp {
  return { ...a, client_secret: '' };
}

async function appOr404(ctx: AppContext, id: string): Promise<OAuthApp> {
  const a = isValidId(id) ? await ctx.store.oauth.getApp(id) : undefined;
  if (!a) throw appError('app.oauth.get_app.find.app_error', 'GetApp', { detailed: `app_id=${id}` });
  return a;
}

/** `manage_oauth`, and `manage_system_wide_oauth` for someone else's app; 501 when the provider is off. */
async function appToManage(ctx: AppContext, actor: Actor, id: string, where: string): Promise<OAuthApp> {
  requireSystemPermission(ctx, actor, Permissions.MANAGE_OAUTH, where);
  requireEnabled(ctx, 'api.oauth.allow_oauth.turn_off.app_error', where);
  const a = await appOr404(ctx, id);
  if (a.creator_id !== actor.userId) requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM_WIDE_OAUTH, where);
  return a;
}

/** POST /oauth/apps: `manage_oauth`; `is_trusted` only from `manage_system`. The answer carries the secret. */
export async function createOAuthApp(ctx: AppContext, actor: Actor, input: OAuthAppInput): Promise<OAuthApp> {
  requireSystemPermission(ctx, actor, Permissions.MANAGE_OAUTH, 'createOAuthApp');
  requireEnabled(ctx, 'api.oauth.register_oauth_app.turn_off.app_error', 'createOAuthApp');
  const now = Date.now();
  const app: OAuthApp = {
    id: newId(),
    creator_id: actor.userId,
    create_at: now,
    update_at: now,
    client_secret: newId(),
    name: input.name ?? '',
    description: input.description ?? '',
    icon_url: input.icon_url ?? '',
    callback_urls: input.callback_urls ?? [],
    homepage: input.homepage ?? '',
    is_trusted: !!input.is_trusted && hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM),
    mattermost_app_id: input.mattermost_app_id ?? '',
  };
  validateApp(app);
  await ctx.store.oauth.saveApp(app);
  return app;
}

/** GET /oauth/apps: every app with `manage_system_wide_oauth`, else one's own; without `manage_oauth`, 403. */
export async function getOAuthApps(ctx: AppContext, actor: Actor, page: { page: number; perPage: number }): Promise<OAuthApp[]> {
  if (!hasSystemPermission(ctx, actor, Permissions.MANAGE_OAUTH)) throw appError('api.command.admin_only.app_error', 'getOAuthApps');
  requireEnabled(ctx, 'api.oauth.allow_oauth.turn_off.app_error', 'getOAuthApps');
  const all = hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM_WIDE_OAUTH);
  return ctx.store.oauth.listApps({ creatorId: all ? undefined : actor.userId, offset: page.page * page.perPage, limit: page.perPage });
}

export async function getOAuthApp(ctx: AppContext, actor: Actor, id: string): Promise<OAuthApp> {
  return appToManage(ctx, actor, id, 'getOAuthApp');
}

/** GET /oauth/apps/{id}/info: what the consent page shows, for any session; never the secret. */
export async function getOAuthAppInfo(ctx: AppContext, actor: Actor, id: string): Promise<OAuthApp> {
  void actor;
  requireEnabled(ctx, 'api.oauth.allow_oauth.turn_off.app_error', 'getOAuthAppInfo');
  return sanitizeApp(await appOr404(ctx, id));
}

/** PUT /oauth/apps/{id}: id, creator, secret and create_at stay; `is_trusted` changes only with `manage_system`. */
export async function updateOAuthApp(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: OAuthAppInput & { id?: string | null },
): Promise<OAuthApp> {
  if (input.id && input.id !== id) throw Errors.invalidBodyParam('oauth_app.id');
  const old = await appToManage(ctx, actor, id, 'updateOAuthApp');
  const next: OAuthApp = {
    ...old,
    name: input.name ?? '',
    description: input.description ?? '',
    icon_url: input.icon_url ?? '',
    callback_urls: input.callback_urls ?? [],
    homepage: input.homepage ?? '',
    mattermost_app_id: input.mattermost_app_id ?? '',
    is_trusted: hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM) ? !!input.is_trusted : old.is_trusted,
    update_at: Date.now(),
  };
  validateApp(next);
  await ctx.store.oauth.updateApp(next);
  return next;
}

/** DELETE /oauth/apps/{id}: the app, its codes, tokens (their sessions end) and consents. */
export async function deleteOAuthApp(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await appToManage(ctx, actor, id, 'deleteOAuthApp');
  const tokens = await ctx.store.tx((t) => t.oauth.removeApp(id, OAUTH.PREFERENCE_CATEGORY));
  await endSessionsByToken(ctx, tokens);
}

/** POST /oauth/apps/{id}/regen_secret. */
export async function regenerateOAuthAppSecret(ctx: AppContext, actor: Actor, id: string): Promise<OAuthApp> {
  const old = await appToManage(ctx, actor, id, 'regenerateOAuthAppSecret');
  const next = { ...old, client_secret: newId(), update_at: Date.now() };
  await ctx.store.oauth.updateApp(next);
  return next;
}

/** GET /users/{id}/oauth/apps/authorized: the apps the user consented to, without secrets. */
export async function getAuthorizedOAuthApps(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  page: { page: number; perPage: number },
): Promise<OAuthApp[]> {
  await requireEditUser(ctx, actor, userId, 'getAuthorizedOAuthApps');
  requireEnabled(ctx, 'api.oauth.allow_oauth.turn_off.app_error', 'getAuthorizedOAuthApps');
  const apps = await ctx.store.oauth.listAuthorizedApps(userId, OAUTH.PREFERENCE_CATEGORY, page.page * page.perPage, page.perPage);
  return apps.map(sanitizeApp);
}

/** An authorization request (query of GET /oauth/authorize, body of POST /oauth/authorize). */
export interface AuthorizeRequest {
  response_type?: string | null;
  client_id?: string | null;
  redirect_uri?: string | null;
  scope?: string | null;
  state?: string | null;
  code_challenge?: string | null;
  code_challenge_method?: string | null;
}

function authorizeError(id: ErrorId, clientId: string) {
  return appError(id, 'AuthorizeRequest.IsValid', { detailed: `client_id=${clientId}` });
}

/** AuthorizeRequest.IsValid (with validatePKCEParameters). */
function validateAuthorizeRequest(r: AuthorizeRequest): void {
  const clientId = r.client_id ?? '';
  if (!isValidId(clientId)) throw authorizeError('model.authorize.is_valid.client_id.app_error', '');
  if (!r.response_type) throw authorizeError('model.authorize.is_valid.response_type.app_error', clientId);
  const uri = r.redirect_uri ?? '';
  if (!uri || uri.length > OAUTH.REDIRECT_URI_MAX || !isValidHttpUrl(uri))
    throw authorizeError('model.authorize.is_valid.redirect_uri.app_error', clientId);
  if ((r.state ?? '').length > OAUTH.STATE_MAX) throw authorizeError('model.authorize.is_valid.state.app_error', clientId);
  if ((r.scope ?? '').length > OAUTH.SCOPE_MAX) throw authorizeError('model.authorize.is_valid.scope.app_error', clientId);
  const challenge = r.code_challenge ?? '';
  const method = r.code_challenge_method ?? '';
  if (!challenge && !method) return;
  if (!challenge) throw authorizeError('model.authorize.is_valid.code_challenge.app_error', clientId);
  if (!method) throw authorizeError('model.authorize.is_valid.code_challenge_method.app_error', clientId);
  if (method !== 'S256') throw authorizeError('model.authorize.is_valid.code_challenge_method.unsupported.app_error', clientId);
  if (challenge.length < OAUTH.PKCE_MIN || challenge.length > OAUTH.PKCE_MAX)
    throw authorizeError('model.authorize.is_valid.code_challenge.length.app_error', clientId);
  if (!/^[A-Za-z0-9_-]+$/.test(challenge)) throw authorizeError('model.authorize.is_valid.code_challenge.format.app_error', clientId);
}

function withQuery(uri: string, params: Record<string, string>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/**
 * POST /oauth/authorize (and GET for trusted or already-consented apps): a user session, not an OAuth one, allows
 * the app. `code`: a 52-character code valid 10 minutes, added with `state` to the redirect URI; the consent is saved
 * (preference `oauth_app`/client id). `token`: the implicit grant. Any other type: `?error=unsupported_response_type`.
 */
export async function allowOAuthAppAccessToUser(ctx: AppContext, actor: Actor, req: AuthorizeRequest): Promise<string> {
  validateAuthorizeRequest(req);
  if (actor.session?.is_oauth) throw Errors.forbidden('authorizeOAuthApp', actor.userId, Permissions.EDIT_OTHER_USERS);
  requireEnabled(ctx, 'api.oauth.allow_oauth.turn_off.app_error', 'AllowOAuthAppAccessToUser');
  const app = await appOr404(ctx, req.client_id!);
  const redirectUri = req.redirect_uri!;
  if (!app.callback_urls.includes(redirectUri))
    throw appError('api.oauth.allow_oauth.redirect_callback.app_error', 'AllowOAuthAppAccessToUser');
  const state = req.state ?? '';
  if (req.response_type === 'token') return implicitRedirect(ctx, app, actor.userId, redirectUri, req.scope || OAUTH.DEFAULT_SCOPE, state);
  if (req.response_type !== 'code') return withQuery(redirectUri, { error: 'unsupported_response_type', state });
  const auth: AuthData = {
    code: newId() + newId(),
    client_id: app.id,
    user_id: actor.userId,
    expires_in: OAUTH.AUTH_CODE_EXPIRE_SECONDS,
    create_at: Date.now(),
    redirect_uri: redirectUri,
    state,
    scope: req.scope || OAUTH.DEFAULT_SCOPE,
    code_challenge: req.code_challenge ?? '',
    code_challenge_method: req.code_challenge_method ?? '',
  };
  await ctx.store.tx(async (t) => {
    await t.oauth.saveAuthData(auth);
    await t.preferences.save([{ user_id: actor.userId, category: OAUTH.PREFERENCE_CATEGORY, name: app.id, value: auth.scope }]);
  });
  return withQuery(redirectUri, { code: auth.code, state });
}

/**
 * The implicit grant (GetOAuthImplicitRedirect): a new OAuth session at once, its token in the redirect URI's fragment.
 * Its access data has no refresh token the client ever sees.
 */
async function implicitRedirect(
  ctx: AppContext,
  app: OAuthApp,
  userId: string,
  redirectUri: string,
  scope: string,
  state: string,
): Promise<string> {
  const user = await ctx.store.users.get(userId);
  if (!user || user.delete_at !== 0) return withQuery(redirectUri, { error: 'server_error', state });
  const session = await newOAuthSession(ctx, app, user);
  await ctx.store.tx(async (t) => {
    await t.oauth.saveAccessData({
      token: session.token,
      refresh_token: newId(),
      client_id: app.id,
      user_id: userId,
      redirect_uri: redirectUri,
      expires_at: session.expires_at,
      scope,
    });
    await t.preferences.save([{ user_id: userId, category: OAUTH.PREFERENCE_CATEGORY, name: app.id, value: scope }]);
  });
  const fragment = new URLSearchParams({
    access_token: session.token,
    token_type: 'bearer',
    expires_in: String(expiresInSeconds(ctx)),
    scope,
    state,
  });
  const u = new URL(redirectUri);
  u.hash = fragment.toString();
  return u.toString();
}

/** What GET /oauth/authorize does: send the browser to log in, show an error page, redirect, or show consent. */
export type AuthorizePage =
  { kind: 'login'; url: string } | { kind: 'error'; error: AppError } | { kind: 'redirect'; url: string } | { kind: 'consent' };

/** GET /oauth/authorize (web/oauth.go authorizeOAuthPage). */
export async function authorizeOAuthPage(
  ctx: AppContext,
  actor: Actor | undefined,
  req: AuthorizeRequest,
  requestUri: string,
): Promise<AuthorizePage> {
  try {
    requireEnabled(ctx, 'api.oauth.authorize_oauth.disabled', 'authorizeOAuth');
    validateAuthorizeRequest(req);
    if (!actor) return { kind: 'login', url: `${ctx.siteURL()}/login?redirect_to=${encodeURIComponent(requestUri)}` };
    const app = await appOr404(ctx, req.client_id!);
    if (!app.callback_urls.includes(req.redirect_uri!))
      throw appError('api.oauth.allow_oauth.redirect_callback.app_error', 'authorizeOAuthPage');
    const consented = (await ctx.store.preferences.list(actor.userId, OAUTH.PREFERENCE_CATEGORY, app.id)).length > 0;
    if (app.is_trusted || consented) return { kind: 'redirect', url: await allowOAuthAppAccessToUser(ctx, actor, req) };
    return { kind: 'consent' };
  } catch (err) {
    if (err instanceof AppError) return { kind: 'error', error: err };
    throw err;
  }
}

/** POST /oauth/deauthorize: the user's tokens for the app end (their sessions too), with pending codes and consent. */
export async function deauthorizeOAuthApp(ctx: AppContext, actor: Actor, clientId: string): Promise<void> {
  requireEnabled(ctx, 'api.oauth.allow_oauth.turn_off.app_error', 'DeauthorizeOAuthAppForUser');
  if (!isValidId(clientId)) throw Errors.invalidBodyParam('client_id');
  const tokens = await ctx.store.tx(async (t) => {
    const removed = await t.oauth.removeForUserAndApp(actor.userId, clientId);
    await t.preferences.remove([{ user_id: actor.userId, category: OAUTH.PREFERENCE_CATEGORY, name: clientId, value: '' }]);
    return removed;
  });
  await endSessionsByToken(ctx, tokens);
}

/** The form of POST /oauth/access_token. */
export interface AccessTokenForm {
  grant_type: string;
  code: string;
  refresh_token: string;
  client_id: string;
  client_secret: string;
  redirect_uri: string;
  code_verifier: string;
}

export interface AccessResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  refresh_token: string;
  id_token: string;
}

const tokenError = (id: ErrorId, status?: number, detailed = '') =>
  new AppError('GetOAuthAccessToken', id, status ?? (appError(id, '').statusCode as number), { detailed });

/** A new OAuth session for the user (newSession): SessionLengthSSOInHours, props naming the app. */
async function newOAuthSession(ctx: AppContext, app: OAuthApp, user: UserWithSecrets): Promise<Session> {
  const now = Date.now();
  const session: Session = {
    id: newId(),
    token: newId(),
    create_at: now,
    expires_at: now + ctx.config().ServiceSettings.SessionLengthSSOInHours * 3600_000,
    last_activity_at: now,
    user_id: user.id,
    device_id: '',
    roles: user.roles,
    is_oauth: true,
    props: {
      csrf: newId(),
      platform: app.name,
      oauth_app_id: app.id,
      mattermost_app_id: app.mattermost_app_id,
      os: 'OAuth2',
      browser: 'OAuth2',
      is_mobile: 'false',
      is_guest: 'false',
    },
  };
  await ctx.store.sessions.save(session);
  return session;
}

function expiresInSeconds(ctx: AppContext): number {
  return ctx.config().ServiceSettings.SessionLengthSSOInHours * 3600;
}

/** Rotates an access token and its refresh token (newSessionUpdateToken): the old session ends. */
async function rotate(ctx: AppContext, app: OAuthApp, data: AccessData, user: UserWithSecrets): Promise<AccessResponse> {
  await endSessionsByToken(ctx, [data.token]);
  const session = await newOAuthSession(ctx, app, user);
  const next: AccessData = { ...data, token: session.token, refresh_token: newId(), expires_at: session.expires_at };
  await ctx.store.oauth.updateAccessData(data.token, next);
  return {
    access_token: next.token,
    token_type: 'bearer',
    expires_in: expiresInSeconds(ctx),
    scope: '',
    refresh_token: next.refresh_token,
    id_token: '',
  };
}

/** PKCE (AuthData.ValidatePKCEForClientType for a confidential client). */
function checkPkce(auth: AuthData, verifier: string): void {
  const fail = (id: ErrorId) => appError(id, 'AuthData.ValidatePKCEForClientType', { detailed: `client_id=${auth.client_id}` });
  if (!auth.code_challenge) {
    if (verifier) throw fail('model.authorize.validate_pkce.not_used_in_auth.app_error');
    return;
  }
  if (!verifier) throw fail('model.authorize.validate_pkce.verifier_required.app_error');
  const ok =
    verifier.length >= OAUTH.PKCE_MIN &&
    verifier.length <= OAUTH.PKCE_MAX &&
    /^[A-Za-z0-9\-._~]+$/.test(verifier) &&
    auth.code_challenge_method === 'S256' &&
    createHash('sha256').update(verifier).digest('base64url') === auth.code_challenge;
  if (!ok) throw fail('model.authorize.validate_pkce.verification_failed.app_error');
}

/** The form's own checks (web/oauth.go getAccessToken), before the app is looked at. */
function checkForm(f: AccessTokenForm): void {
  if (f.grant_type === OAUTH.GRANT_AUTHORIZATION_CODE) {
    if (!f.code) throw tokenError('api.oauth.get_access_token.missing_code.app_error');
  } else if (f.grant_type === OAUTH.GRANT_REFRESH_TOKEN) {
    if (!f.refresh_token) throw tokenError('api.oauth.get_access_token.missing_refresh_token.app_error');
  } else throw tokenError('api.oauth.get_access_token.bad_grant.app_error');
  if (!isValidId(f.client_id)) throw tokenError('api.oauth.get_access_token.bad_client_id.app_error');
  if (!f.client_secret) throw tokenError('api.oauth.get_access_token.bad_client_secret.app_error');
}

async function activeUser(ctx: AppContext, userId: string): Promise<UserWithSecrets> {
  const user = await ctx.store.users.get(userId);
  if (!user) throw tokenError('api.oauth.get_access_token.internal_user.app_error');
  if (user.delete_at !== 0) throw tokenError('api.oauth.get_access_token.expired_code.app_error', 403, 'user is deactivated');
  return user;
}

/** The authorization-code grant: one use per code; a live token of the same user and app is returned again. */
async function exchangeCode(ctx: AppContext, app: OAuthApp, f: AccessTokenForm): Promise<AccessResponse> {
  const auth = f.code.length <= 128 ? await ctx.store.oauth.getAuthData(f.code) : undefined;
  if (!auth || auth.client_id !== app.id) throw tokenError('api.oauth.get_access_token.expired_code.app_error');
  if (Date.now() > auth.create_at + auth.expires_in * 1000) {
    await ctx.store.oauth.removeAuthData(auth.code);
    throw tokenError('api.oauth.get_access_token.expired_code.app_error', 403);
  }
  if (auth.redirect_uri !== f.redirect_uri) throw tokenError('api.oauth.get_access_token.redirect_uri.app_error');
  checkPkce(auth, f.code_verifier);
  const user = await activeUser(ctx, auth.user_id);
  // Claim the code before issuing anything: a racing second exchange finds it gone.
  if (!(await ctx.store.oauth.removeAuthData(auth.code))) throw tokenError('api.oauth.get_access_token.expired_code.app_error');
  const previous = await ctx.store.oauth.getPreviousAccessData(user.id, app.id);
  if (previous && previous.expires_at > Date.now() && (await ctx.store.sessions.getByToken(previous.token))) {
    return {
      access_token: previous.token,
      token_type: 'bearer',
      expires_in: Math.floor((previous.expires_at - Date.now()) / 1000),
      scope: '',
      refresh_token: previous.refresh_token,
      id_token: '',
    };
  }
  if (previous) return rotate(ctx, app, previous, user);
  const session = await newOAuthSession(ctx, app, user);
  const data: AccessData = {
    token: session.token,
    refresh_token: newId(),
    client_id: app.id,
    user_id: user.id,
    redirect_uri: f.redirect_uri,
    expires_at: session.expires_at,
    scope: auth.scope,
  };
  await ctx.store.oauth.saveAccessData(data);
  return {
    access_token: data.token,
    token_type: 'bearer',
    expires_in: expiresInSeconds(ctx),
    scope: '',
    refresh_token: data.refresh_token,
    id_token: '',
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** POST /oauth/access_token (GetOAuthAccessTokenForCodeFlow): authorization_code or refresh_token. */
export async function getAccessToken(ctx: AppContext, f: AccessTokenForm): Promise<AccessResponse> {
  checkForm(f);
  requireEnabled(ctx, 'api.oauth.get_access_token.disabled.app_error', 'GetOAuthAccessTokenForCodeFlow');
  const app = await ctx.store.oauth.getApp(f.client_id);
  if (!app) throw tokenError('api.oauth.get_access_token.credentials.app_error');
  if (!sameSecret(app.client_secret, f.client_secret)) throw tokenError('api.oauth.get_access_token.credentials.app_error', 403);
  if (f.grant_type === OAUTH.GRANT_AUTHORIZATION_CODE) return exchangeCode(ctx, app, f);
  const data = isValidId(f.refresh_token) ? await ctx.store.oauth.getAccessDataByRefreshToken(f.refresh_token) : undefined;
  if (!data || data.client_id !== app.id) throw tokenError('api.oauth.get_access_token.refresh_token.app_error');
  const user = await activeUser(ctx, data.user_id);
  return rotate(ctx, app, data, user);
}
