// Users and sessions: sign-up, login, sanitising, profile changes.
import { appError, Errors, type ErrorId } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import type { Session, User, UserWithSecrets } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import { Permissions } from '../model/roles.ts';
import { isUniqueViolation } from '../store/store.ts';
import type { AppContext } from './context.ts';
import { hashPassword, verifyPassword } from './password.ts';

const USERNAME_RE = /^[a-z][a-z0-9.\-_]*$/;
const RESERVED_USERNAMES = new Set([
  'all',
  'channel',
  'here',
  'matterbot',
  'system',
  'valet',
  'surveybot',
  'feedbackbot',
  'playbooks',
  'calls',
]);
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

export const DEFAULT_NOTIFY_PROPS = {
  email: 'true',
  push: 'mention',
  desktop: 'mention',
  desktop_sound: 'true',
  mention_keys: '',
  channel: 'true',
  first_name: 'false',
  comments: 'never',
  push_status: 'online',
  auto_responder_active: 'false',
  auto_responder_message: 'Hello, I am out of office and unable to respond to messages.',
  desktop_threads: 'all',
  email_threads: 'all',
  push_threads: 'all',
};

export const DEFAULT_TIMEZONE = { automaticTimezone: '', manualTimezone: '', useAutomaticTimezone: 'true' };

export function isValidUsername(u: string): boolean {
  return u.length >= 3 && u.length <= 64 && USERNAME_RE.test(u) && !RESERVED_USERNAMES.has(u);
}

/** Checks a password against PasswordSettings; the id names the failing rules the way Mattermost composes it. */
export function validatePassword(ctx: AppContext, password: string): void {
  const ps = ctx.config().PasswordSettings;
  let id = 'model.user.is_valid.pwd';
  let ok = password.length >= ps.MinimumLength && password.length <= 72;
  if (ps.Lowercase) {
    id += '_lowercase';
    ok &&= /[a-z]/.test(password);
  }
  if (ps.Uppercase) {
    id += '_uppercase';
    ok &&= /[A-Z]/.test(password);
  }
  if (ps.Number) {
    id += '_number';
    ok &&= /[0-9]/.test(password);
  }
  if (ps.Symbol) {
    id += '_symbol';
    ok &&= /[^a-zA-Z0-9]/.test(password);
  }
  if (!ok) throw appError(`${id}.app_error` as ErrorId, 'User.IsValid', { params: { Min: ps.MinimumLength } });
}

/** What others may see of a user, following PrivacySettings; `self` and admins see everything but secrets. */
export function sanitizeUser(ctx: AppContext, u: UserWithSecrets | User, viewer?: { userId: string; isAdmin: boolean }): User {
  const { password: _pw, ...rest } = u as UserWithSecrets;
  void _pw;
  const out: User = { ...rest, auth_data: '' };
  delete out.mfa_active;
  delete out.failed_attempts;
  if (viewer && (viewer.userId === u.id || viewer.isAdmin)) return out;
  const privacy = ctx.config().PrivacySettings;
  if (!privacy.ShowEmailAddress) out.email = '';
  if (!privacy.ShowFullName) {
    out.first_name = '';
    out.last_name = '';
  }
  out.notify_props = {};
  out.last_password_update = 0;
  out.auth_service = '';
  return out;
}

export function viewerOf(ctx: AppContext, actor: Actor) {
  return { userId: actor.userId, isAdmin: ctx.roles.hasPermission(actor.roles, Permissions.MANAGE_SYSTEM) };
}

/** A new active user with Mattermost's defaults; `fields` overrides them (create_at defaults to now, id to a new one). */
export function blankUser(fields: Pick<UserWithSecrets, 'username' | 'email'> & Partial<UserWithSecrets>): UserWithSecrets {
  const now = fields.create_at ?? Date.now();
  return {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    password: '',
    auth_data: '',
    auth_service: '',
    email_verified: false,
    nickname: '',
    first_name: '',
    last_name: '',
    position: '',
    roles: 'system_user',
    props: {},
    notify_props: { ...DEFAULT_NOTIFY_PROPS },
    last_password_update: now,
    last_picture_update: 0,
    failed_attempts: 0,
    locale: 'en',
    timezone: { ...DEFAULT_TIMEZONE },
    mfa_active: false,
    is_bot: false,
    bot_description: '',
    last_activity_at: 0,
    disable_welcome_email: false,
    ...fields,
  };
}

export interface NewUserInput {
  username: string;
  email: string;
  password: string;
  nickname?: string;
  first_name?: string;
  last_name?: string;
  position?: string;
  locale?: string;
  props?: Record<string, string>;
  notify_props?: Record<string, string>;
}

function validateProfile(u: Partial<NewUserInput>): void {
  if (u.username !== undefined && !isValidUsername(u.username)) throw appError('model.user.is_valid.username.app_error', 'User.IsValid');
  if (u.email !== undefined && (!EMAIL_RE.test(u.email) || u.email.length > 128))
    throw appError('model.user.is_valid.email.app_error', 'User.IsValid');
  if (u.nickname !== undefined && u.nickname.length > 64) throw appError('model.user.is_valid.nickname.app_error', 'User.IsValid');
  if (u.first_name !== undefined && u.first_name.length > 64) throw appError('model.user.is_valid.first_name.app_error', 'User.IsValid');
  if (u.last_name !== undefined && u.last_name.length > 64) throw appError('model.user.is_valid.last_name.app_error', 'User.IsValid');
  if (u.position !== undefined && u.position.length > 128) throw appError('model.user.is_valid.position.app_error', 'User.IsValid');
}

/** Creates a user; the very first user of the server becomes a system admin. Publishes `new_user`. */
export async function createUser(ctx: AppContext, input: NewUserInput, opts: { emailVerified?: boolean } = {}): Promise<UserWithSecrets> {
  const username = String(input.username ?? '').toLowerCase();
  const email = String(input.email ?? '')
    .toLowerCase()
    .trim();
  validateProfile({ ...input, username, email });
  validatePassword(ctx, String(input.password ?? ''));
  const first = (await ctx.store.users.count()) === 0;
  const user = blankUser({
    username,
    email,
    password: await hashPassword(input.password, ctx.config().PasswordSettings.PBKDF2WorkFactor),
    email_verified: opts.emailVerified ?? !ctx.config().EmailSettings.RequireEmailVerification,
    nickname: input.nickname ?? '',
    first_name: input.first_name ?? '',
    last_name: input.last_name ?? '',
    position: input.position ?? '',
    roles: first ? 'system_admin system_user' : 'system_user',
    props: input.props ?? {},
    notify_props: { ...DEFAULT_NOTIFY_PROPS, ...(input.notify_props ?? {}) },
    locale: input.locale || 'en',
  });
  try {
    await ctx.store.users.save(user);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    if (await ctx.store.users.getByUsername(username)) throw appError('app.user.save.username_exists.app_error', 'createUser');
    throw appError('app.user.save.email_exists.app_error', 'createUser');
  }
  ctx.events.publish(wsEvent(WsEvents.NewUser, { user_id: user.id }, {}));
  return user;
}

export async function getUserOr404(ctx: AppContext, userId: string): Promise<UserWithSecrets> {
  const u = await ctx.store.users.get(userId);
  if (!u) throw appError('app.user.missing_account.const', 'GetUser');
  return u;
}

export interface LoginInput {
  login_id?: string;
  id?: string;
  password?: string;
  device_id?: string;
}

/** Checks credentials; failures are masked as Mattermost masks them. */
export async function authenticate(ctx: AppContext, input: LoginInput): Promise<UserWithSecrets> {
  const es = ctx.config().EmailSettings;
  const loginId = String(input.login_id ?? '').trim();
  const password = typeof input.password === 'string' ? input.password : '';
  let user: UserWithSecrets | undefined;
  if (input.id) user = await ctx.store.users.get(String(input.id));
  else if (loginId) {
    if (es.EnableSignInWithEmail && loginId.includes('@')) user = await ctx.store.users.getByEmail(loginId);
    if (!user && es.EnableSignInWithUsername) user = await ctx.store.users.getByUsername(loginId);
  }
  const invalid = () => appError('api.user.login.invalid_credentials_email_username', 'login');
  if (!user) throw invalid();
  if (!password) throw appError('api.user.login.blank_pwd.app_error', 'checkPasswordAndAllCriteria');
  if (!(await verifyPassword(password, user.password))) throw invalid();
  if (user.delete_at > 0) throw appError('api.user.login.inactive.app_error', 'login');
  if (user.is_bot) throw appError('api.user.login.bot_login_forbidden.app_error', 'login');
  return user;
}

/** A new session for a user; a device id revokes the user's older sessions on that device, as Mattermost does. */
export async function createSession(
  ctx: AppContext,
  user: UserWithSecrets,
  opts: { deviceId?: string; mobile?: boolean; props?: Record<string, string> } = {},
): Promise<Session> {
  const now = Date.now();
  const ss = ctx.config().ServiceSettings;
  const mobile = opts.mobile || !!opts.deviceId;
  const hours = mobile ? ss.SessionLengthMobileInHours : ss.SessionLengthWebInHours;
  if (opts.deviceId) {
    const tokens = await ctx.store.sessions.removeForUser(user.id, { deviceId: opts.deviceId });
    for (const t of tokens) ctx.events.invalidate('session', t);
  }
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
    props: { ...(opts.props ?? {}), csrf: newId(), is_mobile: String(mobile), is_guest: 'false' },
  };
  await ctx.store.sessions.save(session);
  return session;
}

/** Resolves a token to a live session (cached), or undefined. Expired sessions are removed. */
export async function sessionFromToken(ctx: AppContext, token: string): Promise<Session | undefined> {
  if (!token) return undefined;
  let s = ctx.caches.sessions.get(token);
  if (!s) {
    s = await ctx.store.sessions.getByToken(token);
    if (!s) return undefined;
    ctx.caches.sessions.set(token, s);
  }
  if (s.expires_at !== 0 && s.expires_at < Date.now()) {
    ctx.caches.sessions.delete(token);
    await ctx.store.sessions.remove(s.id);
    return undefined;
  }
  return s;
}

export async function revokeSession(ctx: AppContext, session: Session): Promise<void> {
  await ctx.store.sessions.remove(session.id);
  ctx.events.invalidate('session', session.token);
}

/** A profile change: any sign-up field but the password, plus the timezone. */
export type UserPatch = Partial<Omit<NewUserInput, 'password'>> & { timezone?: Record<string, string> };

const PATCH_FIELDS = ['username', 'email', 'nickname', 'first_name', 'last_name', 'position', 'locale'] as const;

/** Applies a profile patch; publishes `user_updated` (sanitised for others, full for the user). */
export async function patchUser(ctx: AppContext, userId: string, patch: UserPatch): Promise<UserWithSecrets> {
  const user = await getUserOr404(ctx, userId);
  const next: UserWithSecrets = { ...user };
  for (const f of PATCH_FIELDS) {
    const v = patch[f];
    if (v !== undefined && v !== null) {
      if (typeof v !== 'string') throw Errors.invalidBodyParam(f);
      (next as unknown as Record<string, string>)[f] = f === 'username' || f === 'email' ? v.toLowerCase().trim() : v;
    }
  }
  // props, notify_props and timezone are Mattermost StringMaps: anything else is a 400, not a stored oddity.
  for (const f of ['props', 'notify_props', 'timezone'] as const) {
    const v: unknown = patch[f];
    if (
      v !== undefined &&
      v !== null &&
      (typeof v !== 'object' || Array.isArray(v) || !Object.values(v as object).every((x) => typeof x === 'string'))
    )
      throw Errors.invalidBodyParam(f);
  }
  if (patch.props) next.props = patch.props;
  if (patch.notify_props) next.notify_props = { ...user.notify_props, ...patch.notify_props };
  if (patch.timezone) next.timezone = patch.timezone;
  validateProfile({
    username: next.username !== user.username ? next.username : undefined,
    email: next.email !== user.email ? next.email : undefined,
    nickname: next.nickname,
    first_name: next.first_name,
    last_name: next.last_name,
    position: next.position,
  });
  next.update_at = Date.now();
  try {
    await ctx.store.users.update(next);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    if (next.username !== user.username && (await ctx.store.users.getByUsername(next.username)))
      throw appError('app.user.save.username_exists.app_error', 'patchUser');
    throw appError('app.user.save.email_exists.app_error', 'patchUser');
  }
  // Mention keys and first names are cached per channel (Caches.mentionKeywords).
  ctx.events.invalidate('user', next.id);
  publishUserUpdated(ctx, next);
  return next;
}

export function publishUserUpdated(ctx: AppContext, user: UserWithSecrets): void {
  const full = sanitizeUser(ctx, user, { userId: user.id, isAdmin: true });
  const others = sanitizeUser(ctx, user);
  const admin = wsEvent(WsEvents.UserUpdated, { user: full }, { omitUsers: [user.id] });
  admin.broadcast.contains_sensitive_data = true;
  const plain = wsEvent(WsEvents.UserUpdated, { user: others }, { omitUsers: [user.id] });
  plain.broadcast.contains_sanitized_data = true;
  ctx.events.publish(admin);
  ctx.events.publish(plain);
  ctx.events.publish(wsEvent(WsEvents.UserUpdated, { user: full }, { userId: user.id }));
}

export async function updatePassword(ctx: AppContext, actor: Actor, userId: string, current: string, next: string): Promise<void> {
  const user = await getUserOr404(ctx, userId);
  const self = actor.userId === userId;
  if (self) {
    if (!current || !(await verifyPassword(current, user.password)))
      throw appError('api.user.update_password.incorrect.app_error', 'updatePassword');
  }
  validatePassword(ctx, next);
  user.password = await hashPassword(next, ctx.config().PasswordSettings.PBKDF2WorkFactor);
  user.last_password_update = Date.now();
  user.update_at = user.last_password_update;
  await ctx.store.users.update(user);
  // Like Mattermost: every other session of the user ends when the password changes.
  const tokens = await ctx.store.sessions.removeForUser(userId, { exceptId: self ? actor.sessionId : undefined });
  for (const t of tokens) ctx.events.invalidate('session', t);
}
