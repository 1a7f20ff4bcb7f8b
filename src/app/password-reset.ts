// Password reset by e-mail: POST /users/password/reset/send mails a single-use link; POST /users/password/reset sets
// the new password with it. Users without a password (created by a Slack import) set their first one this way.
import { appError, Errors } from '../model/app-error.ts';
import type { UserWithSecrets } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { ACCOUNT_TOKEN_LENGTH, createAccountToken, findAccountToken, isExpired, TOKEN_TYPE_PASSWORD_RECOVERY } from './account-tokens.ts';
import { auditPath, recordAudit } from './audits.ts';
import type { AppContext } from './context.ts';
import { MailError } from './mail/mailer.ts';
import { passwordResetEmail } from './mail/account-templates.ts';
import { checkPasswordRules } from './password-checks.ts';
import { storeNewPassword } from './password-update.ts';
import { recipientLocale } from './user-locale.ts';

/** An account whose password lives elsewhere (LDAP, SAML, OAuth): Mattermost's IsSSOUser and auth_data. */
export function isSsoUser(user: UserWithSecrets): boolean {
  return !!user.auth_data || (user.auth_service !== '' && user.auth_service !== 'email');
}

/**
 * POST /users/password/reset/send. An unknown address answers exactly as a known one (nothing is sent); an SSO account
 * is refused (400, as Mattermost: that does reveal it). Earlier recovery links of the user stop working. A failed send
 * is a 500 and leaves no token behind.
 */
export async function sendPasswordReset(ctx: AppContext, actor: Actor, rawEmail: string): Promise<void> {
  const email = rawEmail.trim().toLowerCase();
  if (!email) throw Errors.invalidBodyParam('email');
  const user = await ctx.store.users.getByEmail(email);
  if (!user || user.delete_at > 0) return;
  if (isSsoUser(user)) throw appError('api.user.send_password_reset.sso.app_error', 'SendPasswordReset');
  const token = await createAccountToken(ctx, TOKEN_TYPE_PASSWORD_RECOVERY, { UserId: user.id, Email: user.email }, { replace: true });
  const mail = passwordResetEmail({
    siteURL: ctx.siteURL(),
    siteName: ctx.config().TeamSettings.SiteName,
    token,
    locale: recipientLocale(ctx, user),
  });
  try {
    await ctx.mailer.send({ to: user.email, ...mail });
  } catch (err) {
    await ctx.store.accountTokens.removeForUser(TOKEN_TYPE_PASSWORD_RECOVERY, user.id);
    if (!(err instanceof MailError)) throw err;
    ctx.log.warn({ err: err.message, reason: err.reason }, 'password reset e-mail not sent');
    throw appError('api.user.send_password_reset.send.app_error', 'SendPasswordReset', { detailed: err.reason });
  }
  await recordAudit(ctx, actor, auditPath('/users/password/reset/send'), `sent=${user.email}`, { userId: user.id });
}

/**
 * POST /users/password/reset: Mattermost's ResetPasswordFromToken. All refusals are 400: a token not 64 characters
 * long (invalid param), unknown or already used (invalid_link), of another type (broken_token), 24 h old or issued
 * for an address the user no longer has (link_expired), an SSO user, a password breaking PasswordSettings (the token
 * stays usable then). The token's use and the new password are one transaction; the user's sessions end after it.
 */
export async function resetPassword(ctx: AppContext, actor: Actor, tokenValue: string, newPassword: string): Promise<void> {
  if (tokenValue.length !== ACCOUNT_TOKEN_LENGTH) throw Errors.invalidBodyParam('token');
  const token = await findAccountToken(ctx, tokenValue);
  if (!token) throw appError('api.user.reset_password.invalid_link.app_error', 'ResetPasswordFromToken');
  if (token.type !== TOKEN_TYPE_PASSWORD_RECOVERY)
    throw appError('api.user.reset_password.broken_token.app_error', 'GetPasswordRecoveryToken');
  const expired = () => appError('api.user.reset_password.link_expired.app_error', 'ResetPasswordFromToken');
  if (isExpired(token)) throw expired();
  const user = await ctx.store.users.get(token.extra.UserId);
  if (!user || user.email !== token.extra.Email) throw expired();
  if (isSsoUser(user)) throw appError('api.user.reset_password.sso.app_error', 'ResetPasswordFromToken');
  checkPasswordRules(ctx, newPassword);
  const { after } = await ctx.store.tx(async (s) => {
    if (!(await s.accountTokens.take(token.key)))
      throw appError('api.user.reset_password.invalid_link.app_error', 'ResetPasswordFromToken');
    return storeNewPassword(ctx, s, user, newPassword, { method: 'api.user.reset_password.method' });
  });
  await after();
  await recordAudit(ctx, actor, auditPath('/users/password/reset'), 'success', { userId: user.id });
}
