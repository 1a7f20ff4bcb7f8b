// E-mail verification (EmailSettings.RequireEmailVerification): the link mailed at sign-up, on request and on an
// e-mail change, and its use, which stores the address as verified.
import { appError, Errors } from '../model/app-error.ts';
import type { UserWithSecrets } from '../model/types.ts';
import { isUniqueViolation } from '../store/store.ts';
import type { Actor } from './actor.ts';
import { ACCOUNT_TOKEN_LENGTH, createAccountToken, findAccountToken, isExpired, TOKEN_TYPE_VERIFY_EMAIL } from './account-tokens.ts';
import type { AppContext } from './context.ts';
import { emailChangedEmail, verifyEmailEmail } from './mail/account-templates.ts';
import { getUserOr404, publishUserUpdated, sanitizeUser, viewerOf } from './users.ts';
import { requireSystemPermission } from './authz.ts';
import { recipientLocale } from './user-locale.ts';
import { Permissions } from '../model/roles.ts';
import type { User } from '../model/types.ts';

/**
 * Mails a verification link for `email` (the user's address, or the new one they asked for). `newAddress` picks the
 * "confirm your new e-mail" wording. Rejects with the mail error when the send fails.
 */
export async function sendVerificationEmail(ctx: AppContext, user: UserWithSecrets, email: string, newAddress: boolean): Promise<void> {
  const token = await createAccountToken(ctx, TOKEN_TYPE_VERIFY_EMAIL, { UserId: user.id, Email: email });
  const mail = verifyEmailEmail({
    siteURL: ctx.siteURL(),
    siteName: ctx.config().TeamSettings.SiteName,
    token,
    email,
    newAddress,
    locale: recipientLocale(ctx, user),
  });
  await ctx.mailer.send({ to: email, ...mail });
}

/** The same, off the request: a failed send is logged (sign-up and e-mail change succeed without it, as Mattermost). */
export function sendVerificationEmailLater(ctx: AppContext, user: UserWithSecrets, email: string, newAddress: boolean): void {
  sendVerificationEmail(ctx, user, email, newAddress).catch((err: Error) =>
    ctx.log.warn({ err: err.message, user_id: user.id }, 'verification e-mail not sent'),
  );
}

/** The notice to the user's old address once it changed (off the request; a failed send is logged). */
export function noticeEmailChanged(ctx: AppContext, user: UserWithSecrets, oldEmail: string, newEmail: string): void {
  const mail = emailChangedEmail({
    siteURL: ctx.siteURL(),
    siteName: ctx.config().TeamSettings.SiteName,
    newEmail,
    locale: recipientLocale(ctx, user),
  });
  ctx.mailer.send({ to: oldEmail, ...mail }).catch((err: Error) => ctx.log.warn({ err: err.message }, 'e-mail-changed notice not sent'));
}

/** After a sign-up: the verification mail when the server requires verified addresses and this one is not. */
export function afterSignupVerification(ctx: AppContext, user: UserWithSecrets): void {
  if (ctx.config().EmailSettings.RequireEmailVerification && !user.email_verified && !user.is_bot)
    sendVerificationEmailLater(ctx, user, user.email, false);
}

/**
 * Whether an e-mail change waits for verification (RequireEmailVerification, not a bot): then the new address must be
 * free (400 email_exists), the stored one is kept, and a link goes to the new address once the rest is saved.
 */
export async function deferEmailChange(ctx: AppContext, user: UserWithSecrets, newEmail: string): Promise<boolean> {
  if (!ctx.config().EmailSettings.RequireEmailVerification || user.is_bot) return false;
  if (await ctx.store.users.getByEmail(newEmail)) throw appError('app.user.save.email_exists.app_error', 'UpdateUser');
  return true;
}

/**
 * POST /users/email/verify/send: the user is found as login finds them (e-mail or username). Unknown users and failed
 * sends answer OK all the same, so the answer tells nothing about accounts.
 */
export async function sendVerifyEmailRequest(ctx: AppContext, _actor: Actor, rawEmail: string): Promise<void> {
  const loginId = rawEmail.trim();
  if (!loginId) throw Errors.invalidBodyParam('email');
  const es = ctx.config().EmailSettings;
  const byEmail = loginId.includes('@') ? await ctx.store.users.getByEmail(loginId.toLowerCase()) : undefined;
  const user = byEmail ?? (es.EnableSignInWithUsername ? await ctx.store.users.getByUsername(loginId.toLowerCase()) : undefined);
  if (!user || user.delete_at > 0) return;
  // Mattermost: the welcome-style "verify" mail until the user has a status row (never signed in), else "confirm".
  const seen = (await ctx.store.status.get([user.id])).length > 0;
  await sendVerificationEmail(ctx, user, user.email, seen).catch((err: Error) =>
    ctx.log.warn({ err: err.message, user_id: user.id }, 'verification e-mail not sent'),
  );
}

/**
 * POST /users/email/verify: a token not 64 characters long is an invalid param; every other failure (unknown, used,
 * another type, expired, the user gone, the address taken meanwhile) is 400 bad_link. Stores the token's address as
 * the user's, verified, and uses the token, in one transaction; publishes `user_updated`.
 */
export async function verifyEmail(ctx: AppContext, _actor: Actor, tokenValue: string): Promise<void> {
  if (tokenValue.length !== ACCOUNT_TOKEN_LENGTH) throw Errors.invalidBodyParam('token');
  const bad = () => appError('api.user.verify_email.bad_link.app_error', 'VerifyEmailFromToken');
  const token = await findAccountToken(ctx, tokenValue);
  if (!token || token.type !== TOKEN_TYPE_VERIFY_EMAIL || isExpired(token)) throw bad();
  const user = await ctx.store.users.get(token.extra.UserId);
  if (!user || user.delete_at > 0 || !token.extra.Email) throw bad();
  const next: UserWithSecrets = { ...user, email: token.extra.Email.toLowerCase(), email_verified: true, update_at: Date.now() };
  try {
    await ctx.store.tx(async (s) => {
      if (!(await s.accountTokens.take(token.key))) throw bad();
      await s.users.update(next);
    });
  } catch (err) {
    throw isUniqueViolation(err) ? bad() : err;
  }
  ctx.events.invalidate('user', user.id);
  publishUserUpdated(ctx, next);
  if (next.email !== user.email) noticeEmailChanged(ctx, next, user.email, next.email);
}

/** POST /users/{id}/email/verify/member (`manage_system`): marks the user's address verified; returns the user. */
export async function verifyUserEmailWithoutToken(ctx: AppContext, actor: Actor, userId: string): Promise<User> {
  requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'verifyUserEmailWithoutToken');
  const user = await getUserOr404(ctx, userId);
  const next: UserWithSecrets = { ...user, email_verified: true, update_at: Date.now() };
  await ctx.store.users.update(next);
  ctx.events.invalidate('user', user.id);
  publishUserUpdated(ctx, next);
  return sanitizeUser(ctx, next, viewerOf(ctx, actor));
}
