// Storing a new password: the hash, the lifted lock, the end of the user's other sessions (per
// ServiceSettings.TerminateSessionsOnPasswordChange) and the "password changed" e-mail. Shared by the password change
// (PUT /users/{id}/password) and the reset by e-mail link; the callers check who may do it and the rules first.
import type { UserWithSecrets } from '../model/types.ts';
import type { Store } from '../store/store.ts';
import type { AppContext } from './context.ts';
import { passwordChangedEmail, type PasswordChangeMethod } from './mail/account-templates.ts';
import { recipientLocale } from './user-locale.ts';
import { hashPassword } from './password.ts';

/**
 * Writes the new password (through `store`, so a caller may do it in its transaction) and returns what must follow
 * the commit: `after()` ends the other sessions and sends the notice (a failed send is only logged).
 */
export async function storeNewPassword(
  ctx: AppContext,
  store: Store,
  user: UserWithSecrets,
  password: string,
  opts: { exceptSessionId?: string; method: PasswordChangeMethod },
): Promise<{ after: () => Promise<void> }> {
  const now = Date.now();
  const next: UserWithSecrets = {
    ...user,
    password: await hashPassword(password, ctx.config().PasswordSettings.PBKDF2WorkFactor),
    // A new password lifts the lock of too many failed attempts (a reset is how a locked user gets back in).
    failed_attempts: 0,
    last_password_update: now,
    update_at: now,
  };
  await store.users.update(next);
  return {
    after: async () => {
      ctx.events.invalidate('user', user.id);
      if (ctx.config().ServiceSettings.TerminateSessionsOnPasswordChange) {
        const tokens = await ctx.store.sessions.removeForUser(user.id, { exceptId: opts.exceptSessionId });
        for (const t of tokens) ctx.events.invalidate('session', t);
      }
      const cfg = ctx.config();
      const mail = passwordChangedEmail({
        siteURL: ctx.siteURL(),
        siteName: cfg.TeamSettings.SiteName,
        method: opts.method,
        locale: recipientLocale(ctx, user),
      });
      await ctx.mailer
        .send({ to: user.email, ...mail })
        .catch((err: Error) => ctx.log.warn({ err: err.message }, 'password-changed e-mail not sent'));
    },
  };
}
