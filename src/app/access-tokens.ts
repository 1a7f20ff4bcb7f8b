// Personal access tokens (Mattermost's app/session.go, api4/user.go): created and listed under the "user or bot"
// rule; an unknown bearer token is tried as one, making a session whose token is the PAT (as Mattermost stores it).
// Revoking or disabling a token ends that session at once on every node.
import { appError, Errors, type AppError } from '../model/app-error.ts';
import { isValidId, newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import {
  SESSION_TYPE_USER_ACCESS_TOKEN,
  SESSION_USER_ACCESS_TOKEN_EXPIRY_HOURS,
  USER_ACCESS_TOKEN_DESCRIPTION_MAX,
  type UserAccessToken,
} from '../model/bots.ts';
import type { Session } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { requireSystemPermission, requireUserOrManagedBot } from './authz.ts';
import type { AppContext } from './context.ts';
import { tokenAddedEmail } from './mail/token-added.ts';
import { recipientLocale } from './user-locale.ts';

/** What leaves the server after creation: never the secret. */
function sanitize(t: UserAccessToken): UserAccessToken {
  const { token: _secret, ...rest } = t;
  void _secret;
  return rest;
}

export interface NewAccessToken {
  description?: string | null;
  expires_at?: number | null;
}

/**
 * POST /users/{id}/tokens: not from an OAuth session; `create_user_access_token`; the user rule. Off
 * (ServiceSettings.EnableUserAccessTokens) for anyone but bots: 501. The answer is the only time the secret is shown.
 */
export async function createUserAccessToken(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  input: NewAccessToken,
): Promise<UserAccessToken> {
  if (actor.session?.is_oauth) throw Errors.forbidden('createUserAccessToken', actor.userId, Permissions.CREATE_USER_ACCESS_TOKEN);
  const description = input.description ?? '';
  if (!description) throw Errors.invalidBodyParam('description');
  requireSystemPermission(ctx, actor, Permissions.CREATE_USER_ACCESS_TOKEN, 'createUserAccessToken');
  await requireUserOrManagedBot(ctx, actor, userId, 'createUserAccessToken');
  const user = await ctx.store.users.get(userId);
  if (!user) throw appError('app.user.missing_account.const', 'GetUser');
  if (!ctx.config().ServiceSettings.EnableUserAccessTokens && !user.is_bot)
    throw appError('app.user_access_token.disabled', 'CreateUserAccessToken');
  if ([...description].length > USER_ACCESS_TOKEN_DESCRIPTION_MAX)
    throw appError('model.user_access_token.is_valid.description.app_error', 'UserAccessToken.IsValid');
  const expiresAt = input.expires_at ?? 0;
  if (!Number.isSafeInteger(expiresAt) || expiresAt < 0 || (expiresAt > 0 && expiresAt <= Date.now()))
    throw appError('model.user_access_token.is_valid.expires_at.app_error', 'UserAccessToken.IsValid');
  const token = { id: newId(), token: newId(), user_id: userId, description, is_active: true, expires_at: expiresAt };
  await ctx.store.accessTokens.save(token);
  if (!user.is_bot) mailTokenAdded(ctx, user, description);
  return token;
}

/** Tells a user (not a bot) a token was added, when e-mail notifications are on; a failure is only logged. */
function mailTokenAdded(ctx: AppContext, user: { email: string; locale?: string }, description: string): void {
  const cfg = ctx.config();
  if (!cfg.EmailSettings.SendEmailNotifications) return;
  const mail = tokenAddedEmail({
    siteName: cfg.TeamSettings.SiteName,
    siteURL: ctx.siteURL(),
    description,
    locale: recipientLocale(ctx, user),
  });
  ctx.mailer.send({ to: user.email, ...mail }).catch((err: unknown) => ctx.log.warn({ err }, 'personal access token e-mail not sent'));
}

/** GET /users/{id}/tokens: `read_user_access_token` and the user rule. */
export async function getUserAccessTokensForUser(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  page: { page: number; perPage: number },
): Promise<UserAccessToken[]> {
  requireSystemPermission(ctx, actor, Permissions.READ_USER_ACCESS_TOKEN, 'getUserAccessTokensForUser');
  await requireUserOrManagedBot(ctx, actor, userId, 'getUserAccessTokensForUser');
  return (await ctx.store.accessTokens.listForUser(userId, page.page * page.perPage, page.perPage)).map(sanitize);
}

/** GET /users/tokens: every token, `manage_system`. */
export async function getUserAccessTokens(
  ctx: AppContext,
  actor: Actor,
  page: { page: number; perPage: number },
): Promise<UserAccessToken[]> {
  requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'getUserAccessTokens');
  return (await ctx.store.accessTokens.list(page.page * page.perPage, page.perPage)).map(sanitize);
}

/** POST /users/tokens/search: by token id, user id or username prefix; `manage_system`. */
export async function searchUserAccessTokens(ctx: AppContext, actor: Actor, term: string): Promise<UserAccessToken[]> {
  requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'searchUserAccessTokens');
  if (!term) return [];
  return (await ctx.store.accessTokens.search(term, 1000)).map(sanitize);
}

async function tokenOr404(ctx: AppContext, tokenId: string): Promise<UserAccessToken> {
  const t = await ctx.store.accessTokens.get(tokenId);
  if (!t) throw appError('app.user_access_token.get_by_user.app_error', 'GetUserAccessToken');
  return t;
}

/** A token the actor may act on: the permission first, then the token (404), then the user rule for its owner. */
async function tokenFor(ctx: AppContext, actor: Actor, tokenId: string, permission: string, where: string): Promise<UserAccessToken> {
  requireSystemPermission(ctx, actor, permission, where);
  if (!isValidId(tokenId)) throw Errors.invalidBodyParam('token_id');
  const t = await tokenOr404(ctx, tokenId);
  await requireUserOrManagedBot(ctx, actor, t.user_id, where);
  return t;
}

/** GET /users/tokens/{id}. */
export async function getUserAccessToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<UserAccessToken> {
  return sanitize(await tokenFor(ctx, actor, tokenId, Permissions.READ_USER_ACCESS_TOKEN, 'getUserAccessToken'));
}

/** Ends the sessions of these tokens (PAT or OAuth): every node drops them and closes their sockets. */
export async function endSessionsByToken(ctx: AppContext, tokens: string[]): Promise<void> {
  for (const token of tokens) {
    const s = await ctx.store.sessions.getByToken(token);
    if (s) await ctx.store.sessions.remove(s.id);
    ctx.events.invalidate('session', token);
  }
}

/** POST /users/tokens/revoke: the token is deleted and its session ends. */
export async function revokeUserAccessToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<void> {
  const t = await tokenFor(ctx, actor, tokenId, Permissions.REVOKE_USER_ACCESS_TOKEN, 'revokeUserAccessToken');
  await ctx.store.accessTokens.remove(t.id);
  await endSessionsByToken(ctx, [t.token!]);
}

/** POST /users/tokens/disable: inactive, its session ends; enable (`create_user_access_token`) makes it work again. */
export async function disableUserAccessToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<void> {
  const t = await tokenFor(ctx, actor, tokenId, Permissions.REVOKE_USER_ACCESS_TOKEN, 'disableUserAccessToken');
  await ctx.store.accessTokens.setActive(t.id, false);
  await endSessionsByToken(ctx, [t.token!]);
}

export async function enableUserAccessToken(ctx: AppContext, actor: Actor, tokenId: string): Promise<void> {
  const t = await tokenFor(ctx, actor, tokenId, Permissions.CREATE_USER_ACCESS_TOKEN, 'enableUserAccessToken');
  await ctx.store.accessTokens.setActive(t.id, true);
}

/**
 * The session for a bearer token that is no session: a personal access token (createSessionForUserAccessToken).
 * Refused (unknown, inactive, expired, its user deactivated, tokens off for a non-bot): the AppError, which the
 * API answers as an expired session, as Mattermost's ServeHTTP does.
 */
export async function sessionForAccessToken(ctx: AppContext, token: string): Promise<Session | AppError> {
  const invalid = (why: string) =>
    appError('app.user_access_token.invalid_or_missing', 'createSessionForUserAccessToken', { detailed: why });
  const t = await ctx.store.accessTokens.getByToken(token);
  if (!t) return invalid('not found');
  if (!t.is_active) return invalid('inactive_token');
  if (t.expires_at > 0 && t.expires_at <= Date.now()) return appError('app.user_access_token.expired', 'createSessionForUserAccessToken');
  const user = await ctx.store.users.get(t.user_id);
  if (!user || user.delete_at !== 0) return invalid('inactive_user');
  if (!ctx.config().ServiceSettings.EnableUserAccessTokens && !user.is_bot) return invalid('EnableUserAccessTokens=false');
  const now = Date.now();
  let expiresAt = now + SESSION_USER_ACCESS_TOKEN_EXPIRY_HOURS * 3600_000;
  if (t.expires_at > 0 && t.expires_at < expiresAt) expiresAt = t.expires_at;
  const session: Session = {
    id: newId(),
    token,
    create_at: now,
    expires_at: expiresAt,
    last_activity_at: now,
    user_id: user.id,
    device_id: '',
    roles: user.roles,
    is_oauth: false,
    props: {
      user_access_token_id: t.id,
      type: SESSION_TYPE_USER_ACCESS_TOKEN,
      ...(user.is_bot ? { is_bot: 'true' } : {}),
      is_guest: String(user.roles.split(' ').includes('system_guest')),
    },
  };
  try {
    await ctx.store.sessions.save(session);
  } catch {
    // Two first requests with the same token raced: the other one saved the session.
    const again = await ctx.store.sessions.getByToken(token);
    if (again) return again;
    return invalid('session');
  }
  return session;
}

/** A token session of a user (not a bot) stops working while ServiceSettings.EnableUserAccessTokens is off. */
export function accessTokenSessionAllowed(ctx: AppContext, s: Session): boolean {
  if (s.props?.type !== SESSION_TYPE_USER_ACCESS_TOKEN || s.props.is_bot === 'true') return true;
  return ctx.config().ServiceSettings.EnableUserAccessTokens;
}
