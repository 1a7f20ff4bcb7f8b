// Users: sign-up, profiles and their privacy, profile and password changes; the session of a token.
import { AppError, appError, Errors } from '../model/app-error.ts';
import { isValidId, newId } from '../model/id.ts';
import type { Session, User, UserWithSecrets } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import { Permissions } from '../model/roles.ts';
import { isUniqueViolation } from '../store/store.ts';
import type { AppContext } from './context.ts';
import { validateUserNotifyProps } from './notifications/notify-props.ts';
import { hasSystemPermission, requireCanSeeUsers, requireEditUser } from './authz.ts';
import { checkPasswordRules, checkUserPassword } from './password-checks.ts';
import { hashPassword } from './password.ts';
import { recordAudit } from './audits.ts';
import { deferEmailChange, noticeEmailChanged, sendVerificationEmailLater } from './email-verification.ts';
import { storeNewPassword } from './password-update.ts';
import { requireAvailableLocale } from './user-locale.ts';
import { accessTokenSessionAllowed, sessionForAccessToken } from './access-tokens.ts';

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

/** Checks a password against PasswordSettings (see checkPasswordRules). */
export function validatePassword(ctx: AppContext, password: string): void {
  checkPasswordRules(ctx, password);
}

/** What others may see of a user, following PrivacySettings; `self` and admins see everything but secrets. */
export function sanitizeUser(ctx: AppContext, u: UserWithSecrets | User, viewer?: { userId: string; isAdmin: boolean }): User {
  const { password: _pw, ...rest } = u as UserWithSecrets;
  void _pw;
  const out: User = { ...rest, auth_data: '' };
  delete out.failed_attempts;
  // mfa_active: the user's own settings and the System Console show it, as Mattermost; nobody else sees it.
  if (viewer && (viewer.userId === u.id || viewer.isAdmin)) return out;
  delete out.mfa_active;
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

/** A sign-up body, as Mattermost's User decodes it (null reads as not given). */
export interface NewUserInput {
  username?: string | null;
  email?: string | null;
  password?: string | null;
  nickname?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  position?: string | null;
  locale?: string | null;
  props?: Record<string, string> | null;
  notify_props?: Record<string, string> | null;
}

function validateProfile(u: Partial<Record<'username' | 'email' | 'nickname' | 'first_name' | 'last_name' | 'position', string>>): void {
  if (u.username !== undefined && !isValidUsername(u.username)) throw appError('model.user.is_valid.username.app_error', 'User.IsValid');
  if (u.email !== undefined && (!EMAIL_RE.test(u.email) || u.email.length > 128))
    throw appError('model.user.is_valid.email.app_error', 'User.IsValid');
  if (u.nickname !== undefined && u.nickname.length > 64) throw appError('model.user.is_valid.nickname.app_error', 'User.IsValid');
  if (u.first_name !== undefined && u.first_name.length > 64) throw appError('model.user.is_valid.first_name.app_error', 'User.IsValid');
  if (u.last_name !== undefined && u.last_name.length > 64) throw appError('model.user.is_valid.last_name.app_error', 'User.IsValid');
  if (u.position !== undefined && u.position.length > 128) throw appError('model.user.is_valid.position.app_error', 'User.IsValid');
}

/** Which of the two unique fields a failed insert or update collided on. */
export async function duplicateUserError(ctx: AppContext, username: string, where: string) {
  if (await ctx.store.users.getByUsername(username)) return appError('app.user.save.username_exists.app_error', where);
  return appError('app.user.save.email_exists.app_error', where);
}

/** A new user from a sign-up body, checked and with its password hashed; nothing is written yet. */
export async function newUserFrom(ctx: AppContext, input: NewUserInput): Promise<UserWithSecrets> {
  const username = String(input.username ?? '').toLowerCase();
  const email = String(input.email ?? '')
    .toLowerCase()
    .trim();
  validateProfile({
    username,
    email,
    nickname: input.nickname ?? undefined,
    first_name: input.first_name ?? undefined,
    last_name: input.last_name ?? undefined,
    position: input.position ?? undefined,
  });
  if (input.locale) requireAvailableLocale(ctx, input.locale, 'createUser');
  const password = String(input.password ?? '');
  validatePassword(ctx, password);
  return blankUser({
    username,
    email,
    password: await hashPassword(password, ctx.config().PasswordSettings.PBKDF2WorkFactor),
    email_verified: !ctx.config().EmailSettings.RequireEmailVerification,
    nickname: input.nickname ?? '',
    first_name: input.first_name ?? '',
    last_name: input.last_name ?? '',
    position: input.position ?? '',
    props: input.props ?? {},
    notify_props: { ...DEFAULT_NOTIFY_PROPS, ...(input.notify_props ?? {}) },
    locale: input.locale || ctx.config().LocalizationSettings.DefaultClientLocale || 'en',
  });
}

export async function getUserOr404(ctx: AppContext, userId: string): Promise<UserWithSecrets> {
  const u = await ctx.store.users.get(userId);
  if (!u) throw appError('app.user.missing_account.const', 'GetUser');
  return u;
}

/** A user as the actor may see them (PrivacySettings apply to others). */
export async function getUser(ctx: AppContext, actor: Actor, userId: string): Promise<User> {
  const user = await getUserOr404(ctx, userId);
  await requireCanSeeUsers(ctx, actor, [user.id], 'getUser');
  return sanitizeUser(ctx, user, viewerOf(ctx, actor));
}

export async function getUserByUsername(ctx: AppContext, actor: Actor, username: string): Promise<User> {
  const user = await ctx.store.users.getByUsername(username);
  if (!user) throw appError('app.user.missing_account.const', 'GetUserByUsername');
  await requireCanSeeUsers(ctx, actor, [user.id], 'getUserByUsername');
  return sanitizeUser(ctx, user, viewerOf(ctx, actor));
}

/** By e-mail: only when PrivacySettings.ShowEmailAddress is on, or for an admin. */
export async function getUserByEmail(ctx: AppContext, actor: Actor, email: string): Promise<User> {
  if (!ctx.config().PrivacySettings.ShowEmailAddress && !hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM))
    throw Errors.forbidden('getUserByEmail', actor.userId, 'view_email');
  const user = await ctx.store.users.getByEmail(email);
  if (!user) throw appError('app.user.missing_account.const', 'GetUserByEmail');
  await requireCanSeeUsers(ctx, actor, [user.id], 'getUserByEmail');
  return sanitizeUser(ctx, user, viewerOf(ctx, actor));
}

/** Resolves a token to a live session (cached), or undefined. Expired sessions are removed. */
export async function sessionFromToken(ctx: AppContext, token: string): Promise<Session | undefined> {
  // Tokens are 26-character ids: anything else (a NUL, a long string) finds no session without a query.
  if (!isValidId(token)) return undefined;
  let s = ctx.caches.sessions.get(token);
  if (!s) {
    s = await ctx.store.sessions.getByToken(token);
    if (!s) {
      // Not a session: perhaps a personal access token, which makes one (Mattermost's GetSession fallback).
      const pat = await sessionForAccessToken(ctx, token);
      if (pat instanceof AppError) return undefined;
      s = pat;
    }
    ctx.caches.sessions.set(token, s);
  }
  if (!accessTokenSessionAllowed(ctx, s)) return undefined;
  if (s.expires_at !== 0 && s.expires_at < Date.now()) {
    ctx.caches.sessions.delete(token);
    await ctx.store.sessions.remove(s.id);
    return undefined;
  }
  return s;
}

/**
 * A profile change: any sign-up field, plus the timezone (null reads as not given). `password` is not changed here:
 * it is the current password, which a change of one's own e-mail address needs.
 */
export type UserPatch = NewUserInput & { timezone?: Record<string, string> | null };

const PATCH_FIELDS = ['username', 'email', 'nickname', 'first_name', 'last_name', 'position', 'locale'] as const;

/**
 * One's own new e-mail address needs the current password, as in Mattermost: missing, a 400 naming `password`; wrong,
 * 401 (a failed attempt, counted towards the lock). Someone else's (with edit_other_users) does not.
 */
async function requirePasswordForEmailChange(ctx: AppContext, actor: Actor, user: UserWithSecrets, patch: UserPatch): Promise<void> {
  const email = patch.email?.toLowerCase().trim();
  if (!email || email === user.email || actor.userId !== user.id) return;
  if (patch.password === undefined || patch.password === null) throw Errors.invalidBodyParam('password');
  if (!(await checkUserPassword(ctx, user, patch.password)))
    throw appError('api.user.check_user_password.invalid.app_error', 'DoubleCheckPassword', { detailed: `user_id=${user.id}` });
}

/**
 * PUT /users/{id}/patch: the user themselves, or `edit_other_users` (`manage_system` for an admin). A new e-mail
 * address is unverified while EmailSettings.RequireEmailVerification is on. Publishes `user_updated` (sanitised for
 * others, full for the user); returns the user as the actor sees them.
 */
export async function patchUser(ctx: AppContext, actor: Actor, userId: string, patch: UserPatch): Promise<User> {
  await requireEditUser(ctx, actor, userId, 'requireEditUser');
  const user = await getUserOr404(ctx, userId);
  await requirePasswordForEmailChange(ctx, actor, user, patch);
  const next: UserWithSecrets = { ...user };
  for (const f of PATCH_FIELDS) {
    const v = patch[f];
    if (v !== undefined && v !== null) next[f] = f === 'username' || f === 'email' ? v.toLowerCase().trim() : v;
  }
  if (patch.props) next.props = patch.props;
  if (patch.notify_props) {
    validateUserNotifyProps(patch.notify_props);
    next.notify_props = { ...user.notify_props, ...patch.notify_props };
  }
  if (patch.timezone) next.timezone = patch.timezone;
  if (next.locale !== user.locale) requireAvailableLocale(ctx, next.locale, 'patchUser');
  validateProfile({
    username: next.username !== user.username ? next.username : undefined,
    email: next.email !== user.email ? next.email : undefined,
    nickname: next.nickname,
    first_name: next.first_name,
    last_name: next.last_name,
    position: next.position,
  });
  // With RequireEmailVerification the address changes only once the link mailed to the new one is used.
  const pendingEmail = next.email !== user.email && (await deferEmailChange(ctx, user, next.email)) ? next.email : undefined;
  if (pendingEmail) next.email = user.email;
  next.update_at = Date.now();
  try {
    await ctx.store.users.update(next);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw next.username !== user.username
      ? await duplicateUserError(ctx, next.username, 'patchUser')
      : appError('app.user.save.email_exists.app_error', 'patchUser');
  }
  // Mention keys and first names are cached per channel (Caches.mentionKeywords).
  ctx.events.invalidate('user', next.id);
  publishUserUpdated(ctx, next);
  if (pendingEmail) sendVerificationEmailLater(ctx, next, pendingEmail, true);
  else if (next.email !== user.email) noticeEmailChanged(ctx, next, user.email, next.email);
  return sanitizeUser(ctx, next, viewerOf(ctx, actor));
}

/**
 * PUT /users/{id}: the whole user, applied as a patch; its `id` must be the one in the URL. A wrong password for an
 * e-mail change is a 400 naming `password` here, as Mattermost answers this route.
 */
export async function updateUser(ctx: AppContext, actor: Actor, userId: string, user: UserPatch & { id?: string | null }): Promise<User> {
  if (user.id !== userId) throw Errors.invalidBodyParam('user_id');
  try {
    return await patchUser(ctx, actor, userId, user);
  } catch (err) {
    if (err instanceof AppError && err.id === 'api.user.check_user_password.invalid.app_error') throw Errors.invalidBodyParam('password');
    throw err;
  }
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

/**
 * PUT /users/{id}/password: one's own with the current password (400 `current_password` when missing; a wrong one is
 * 400 incorrect and counts towards the lock); someone else's with `sysconsole_write_user_management_users`
 * (`manage_system` for an admin), else 403 update_password.context. SSO accounts have no password here. The
 * user's other sessions end (ServiceSettings.TerminateSessionsOnPasswordChange) and they are mailed.
 */
export async function updatePassword(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  current: string | null | undefined,
  next: string,
): Promise<void> {
  const self = actor.userId === userId;
  const user = await getUserOr404(ctx, userId);
  const action = `/api/v4/users/${userId}/password`;
  if (!self) {
    const perm = ctx.roles.hasPermission(user.roles, Permissions.MANAGE_SYSTEM)
      ? Permissions.MANAGE_SYSTEM
      : Permissions.SYSCONSOLE_WRITE_USER_MANAGEMENT_USERS;
    if (!hasSystemPermission(ctx, actor, perm)) throw appError('api.user.update_password.context.app_error', 'updatePassword');
  }
  if (user.auth_data || (user.auth_service && user.auth_service !== 'email'))
    throw appError('api.user.update_password.oauth.app_error', 'updatePassword');
  if (self && !current) throw Errors.invalidBodyParam('current_password');
  if (self && !(await checkUserPassword(ctx, user, current ?? ''))) {
    await recordAudit(ctx, actor, action, 'failed', { userId });
    throw appError('api.user.update_password.incorrect.app_error', 'updatePassword');
  }
  validatePassword(ctx, next);
  const { after } = await storeNewPassword(ctx, ctx.store, user, next, {
    exceptSessionId: self ? actor.sessionId : undefined,
    method: 'api.user.update_password.menu',
  });
  await after();
  await recordAudit(ctx, actor, action, 'completed', { userId });
}
