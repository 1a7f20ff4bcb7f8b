// Sessions: login and logout, a user's session list and revocation, and the mobile app's push device id.
import { AppError, appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import { isSystemGuest } from '../model/roles.ts';
import type { Session, User, UserWithSecrets } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { requireEditUser } from './authz.ts';
import type { AppContext } from './context.ts';
import { checkNoUserPassword, checkUserPassword } from './password-checks.ts';
import { sanitizeUser } from './users.ts';
import { auditPath, recordAudit } from './audits.ts';
import { checkLoginMfa } from './mfa.ts';

export interface LoginInput {
  login_id?: string;
  id?: string;
  password?: string;
  device_id?: string;
  token?: string;
}

/** The answer to an unknown login or a wrong password: the same, worded for the sign-in methods that are on. */
function invalidCredentials(ctx: AppContext) {
  const es = ctx.config().EmailSettings;
  if (es.EnableSignInWithUsername && !es.EnableSignInWithEmail) return appError('api.user.login.invalid_credentials_username', 'login');
  if (!es.EnableSignInWithUsername && es.EnableSignInWithEmail) return appError('api.user.login.invalid_credentials_email', 'login');
  return appError('api.user.login.invalid_credentials_email_username', 'login');
}

async function userForLogin(ctx: AppContext, input: LoginInput): Promise<UserWithSecrets | undefined> {
  const es = ctx.config().EmailSettings;
  const loginId = String(input.login_id ?? '').trim();
  if (input.id) return ctx.store.users.get(input.id);
  if (!loginId) return undefined;
  const byEmail = es.EnableSignInWithEmail && loginId.includes('@') ? await ctx.store.users.getByEmail(loginId) : undefined;
  return byEmail ?? (es.EnableSignInWithUsername ? ctx.store.users.getByUsername(loginId) : undefined);
}

/**
 * Checks credentials in Mattermost's order: a blank password; the user (by id, e-mail or username); deactivated; a
 * bot; locked after too many wrong passwords; the password; the MFA code; then (the count of failed attempts back to
 * 0) an unverified address while EmailSettings.RequireEmailVerification is on. An unknown user and a wrong password
 * get the same answer after the same hashing work. `found` learns the user (for the audit row of a failure).
 */
async function authenticate(ctx: AppContext, input: LoginInput, found: { user?: UserWithSecrets }): Promise<UserWithSecrets> {
  const password = input.password ?? '';
  if (!password) throw appError('api.user.login.blank_pwd.app_error', 'AuthenticateUserForLogin');
  const user = await userForLogin(ctx, input);
  found.user = user;
  if (!user) {
    await checkNoUserPassword(ctx, password);
    throw invalidCredentials(ctx);
  }
  if (user.delete_at > 0) throw appError('api.user.login.inactive.app_error', 'login');
  if (user.is_bot) throw appError('api.user.login.bot_login_forbidden.app_error', 'login');
  if (!(await checkUserPassword(ctx, user, password, { keepCount: true }))) throw invalidCredentials(ctx);
  try {
    await checkLoginMfa(ctx, user, input.token);
  } catch (err) {
    // A missing code is the client's cue to ask for one, not a failed attempt: the count goes back to what it was.
    if (err instanceof AppError && err.id === 'mfa.validate_token.authenticate.app_error')
      await ctx.store.users.setFailedAttempts(user.id, user.failed_attempts ?? 0);
    throw err;
  }
  await ctx.store.users.setFailedAttempts(user.id, 0);
  if (!user.email_verified && ctx.config().EmailSettings.RequireEmailVerification)
    throw appError('api.user.login.not_verified.app_error', 'login', { detailed: `user_id=${user.id}` });
  return user;
}

/** A new session for a user; a device id revokes the user's older sessions on that device, as Mattermost does. */
async function createSession(
  ctx: AppContext,
  user: UserWithSecrets,
  opts: { deviceId?: string; mobile?: boolean; props?: Record<string, string> } = {},
): Promise<Session> {
  const now = Date.now();
  const ss = ctx.config().ServiceSettings;
  const mobile = opts.mobile || !!opts.deviceId;
  const hours = mobile ? ss.SessionLengthMobileInHours : ss.SessionLengthWebInHours;
  if (opts.deviceId) await removeSessionsOf(ctx, user.id, { deviceId: opts.deviceId });
  const session: Session = {
    id: newId(),
    token: newId(),
    create_at: now,
    expires_at: now + hours * 3600_000,
    last_activity_at: now,
    user_id: user.id,
    device_id: opts.deviceId ?? '',
    roles: user.roles,
    is_oauth: false,
    props: { ...(opts.props ?? {}), csrf: newId(), is_mobile: String(mobile), is_guest: String(isSystemGuest(user.roles)) },
  };
  await ctx.store.sessions.save(session);
  return session;
}

/** What the client told us about itself: its user agent (the mobile apps name themselves there). */
export interface LoginClient {
  userAgent: string;
}

/**
 * POST /users/login: the user (as they see themselves) and their new session. A device id or a mobile app's user
 * agent makes a mobile session (ServiceSettings.SessionLengthMobileInHours).
 */
export async function login(
  ctx: AppContext,
  actor: Actor,
  input: LoginInput,
  client: LoginClient,
): Promise<{ user: User; session: Session }> {
  const found: { user?: UserWithSecrets } = {};
  const action = auditPath('/users/login');
  let user: UserWithSecrets;
  try {
    user = await authenticate(ctx, input, found);
  } catch (err) {
    const loginId = String(input.login_id ?? input.id ?? '').slice(0, 128);
    await recordAudit(ctx, actor, action, `failure - login_id=${loginId}`, { userId: found.user?.id ?? '' });
    throw err;
  }
  const deviceId = input.device_id || '';
  const ua = client.userAgent;
  const mobile = !!deviceId || (/Mattermost ?(Mobile|\/)/i.test(ua) && !/Electron/i.test(ua));
  const session = await createSession(ctx, user, { deviceId, mobile, props: { platform: '', os: '', browser: '' } });
  await recordAudit(ctx, { ...actor, userId: user.id, sessionId: session.id }, action, 'success');
  return { user: sanitizeUser(ctx, user, { userId: user.id, isAdmin: true }), session };
}

/** POST /users/logout: ends the session the request came with, if any. */
export async function logout(ctx: AppContext, actor: Actor | undefined): Promise<void> {
  if (actor?.session) await removeSession(ctx, actor.session);
}

async function removeSession(ctx: AppContext, session: Session): Promise<void> {
  await ctx.store.sessions.remove(session.id);
  ctx.events.invalidate('session', session.token);
}

/** Removes sessions of a user (see SessionStore.removeForUser); every node forgets them and closes their sockets. */
async function removeSessionsOf(ctx: AppContext, userId: string, opts: { deviceId?: string; exceptId?: string } = {}): Promise<void> {
  const tokens = await ctx.store.sessions.removeForUser(userId, opts);
  for (const t of tokens) ctx.events.invalidate('session', t);
}

/** GET /users/{id}/sessions: without tokens or CSRF secrets. */
export async function getSessions(ctx: AppContext, actor: Actor, userId: string): Promise<Omit<Session, 'token'>[]> {
  await requireEditUser(ctx, actor, userId);
  const sessions = await ctx.store.sessions.listForUser(userId);
  return sessions.map(({ token: _t, props: { csrf: _c, ...props }, ...s }) => ({ ...s, props }));
}

/** POST /users/{id}/sessions/revoke: one of the user's sessions, by id. */
export async function revokeSession(ctx: AppContext, actor: Actor, userId: string, sessionId: string): Promise<void> {
  await requireEditUser(ctx, actor, userId);
  const s = await ctx.store.sessions.get(sessionId);
  if (!s || s.user_id !== userId) throw Errors.invalidBodyParam('session_id');
  await removeSession(ctx, s);
}

/** POST /users/{id}/sessions/revoke/all. */
export async function revokeAllSessionsForUser(ctx: AppContext, actor: Actor, userId: string): Promise<void> {
  await requireEditUser(ctx, actor, userId);
  await removeSessionsOf(ctx, userId);
}

/**
 * PUT /users/sessions/device: the mobile app registers its push device id on the current session, which becomes a
 * mobile session; the user's other sessions on that device end.
 */
export async function attachDeviceId(ctx: AppContext, actor: Actor, deviceId: string): Promise<void> {
  const session = actor.session;
  if (!session) throw Errors.sessionExpired('attachDeviceId');
  await removeSessionsOf(ctx, actor.userId, { deviceId, exceptId: session.id });
  const ss = ctx.config().ServiceSettings;
  await ctx.store.sessions.update({ ...session, device_id: deviceId, expires_at: Date.now() + ss.SessionLengthMobileInHours * 3600_000 });
  // Only the cached copy is dropped: a 'session' invalidation would also close this session's websockets.
  ctx.caches.invalidate('session', session.token);
}
