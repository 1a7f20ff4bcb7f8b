// Checking a user's password with Mattermost's lock: ServiceSettings.MaximumLoginAttempts wrong passwords in a row
// lock the account (until its password is reset), whatever asks for the password: login, a password change, an
// e-mail change. And the same hashing work when there is no such user, so the answer's timing does not tell.
import { appError } from '../model/app-error.ts';
import type { UserWithSecrets } from '../model/types.ts';
import type { AppContext } from './context.ts';
import { hashPassword, verifyPassword } from './password.ts';

function tooMany(user: UserWithSecrets) {
  return appError('api.user.check_user_login_attempts.too_many.app_error', 'checkUserLoginAttempts', { detailed: `user_id=${user.id}` });
}

/**
 * True when `password` is the user's. A locked account is refused (401 too_many) before any hashing. The attempt is
 * counted before the hash is compared, in one statement, so parallel guesses cannot pass the limit; the right
 * password sets the count back to 0.
 */
export async function checkUserPassword(ctx: AppContext, user: UserWithSecrets, password: string): Promise<boolean> {
  const max = ctx.config().ServiceSettings.MaximumLoginAttempts;
  if ((user.failed_attempts ?? 0) >= max) throw tooMany(user);
  if ((await ctx.store.users.incrementFailedAttempts(user.id)) > max) throw tooMany(user);
  if (!(await verifyPassword(password, user.password))) return false;
  await ctx.store.users.setFailedAttempts(user.id, 0);
  return true;
}

/** One hash per work factor, of a password nobody has. */
const dummies = new Map<number, Promise<string>>();

/** The work of a wrong password, for a login that names no user: an unknown account takes as long as a known one. */
export async function checkNoUserPassword(ctx: AppContext, password: string): Promise<void> {
  const workFactor = ctx.config().PasswordSettings.PBKDF2WorkFactor;
  let dummy = dummies.get(workFactor);
  if (!dummy) dummies.set(workFactor, (dummy = hashPassword('\u0000no-such-user', workFactor)));
  await verifyPassword(password, await dummy);
}
