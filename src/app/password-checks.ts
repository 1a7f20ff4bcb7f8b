// Checking a user's password with Mattermost's lock: ServiceSettings.MaximumLoginAttempts wrong passwords in a row
// lock the account (until its password is reset), whatever asks for the password: login, a password change, an
// e-mail change. And the same hashing work when there is no such user, so the answer's timing does not tell.
import { appError, type ErrorId } from '../model/app-error.ts';
import type { UserWithSecrets } from '../model/types.ts';
import type { AppContext } from './context.ts';
import { hashPassword, verifyPassword } from './password.ts';

/** Mattermost's PasswordMaximumLength: bcrypt's limit, in bytes. */
export const PASSWORD_MAXIMUM_BYTES = 72;
/** Mattermost's model.Symbols: what PasswordSettings.Symbol accepts as a symbol (space and backslash included). */
const SYMBOLS = ' !"\\#$%&\'()*+,-./:;<=>?@[]^_`|~';
const hasAny = (s: string, chars: string) => [...s].some((c) => chars.includes(c));

/**
 * PasswordSettings' rules as Mattermost checks them: MinimumLength..72 bytes, and a character of each enabled class.
 * The error id names every enabled rule, broken or not (`model.user.is_valid.pwd_lowercase_number.app_error`): the
 * same id for too short, too long and a missing class, with `{Min}`.
 */
export function checkPasswordRules(ctx: AppContext, password: string): void {
  const ps = ctx.config().PasswordSettings;
  const bytes = Buffer.byteLength(password, 'utf8');
  let ok = bytes >= ps.MinimumLength && bytes <= PASSWORD_MAXIMUM_BYTES;
  let id = 'model.user.is_valid.pwd';
  const rules: Array<[boolean, string, string]> = [
    [ps.Lowercase, '_lowercase', 'abcdefghijklmnopqrstuvwxyz'],
    [ps.Uppercase, '_uppercase', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
    [ps.Number, '_number', '0123456789'],
    [ps.Symbol, '_symbol', SYMBOLS],
  ];
  for (const [on, suffix, chars] of rules) {
    if (!on) continue;
    id += suffix;
    ok &&= hasAny(password, chars);
  }
  if (!ok) throw appError(`${id}.app_error` as ErrorId, 'IsPasswordValidWithSettings', { params: { Min: ps.MinimumLength } });
}

function tooMany(user: UserWithSecrets) {
  return appError('api.user.check_user_login_attempts.too_many.app_error', 'checkUserLoginAttempts', { detailed: `user_id=${user.id}` });
}

/**
 * True when `password` is the user's. A locked account is refused (401 too_many) before any hashing. The attempt is
 * counted before the hash is compared, in one statement, so parallel guesses cannot pass the limit; the right
 * password sets the count back to 0 (unless `keepCount`: then the count stays raised by this attempt).
 */
export async function checkUserPassword(
  ctx: AppContext,
  user: UserWithSecrets,
  password: string,
  opts: { keepCount?: boolean } = {},
): Promise<boolean> {
  const max = ctx.config().ServiceSettings.MaximumLoginAttempts;
  if ((user.failed_attempts ?? 0) >= max) throw tooMany(user);
  if ((await ctx.store.users.incrementFailedAttempts(user.id)) > max) throw tooMany(user);
  if (!(await verifyPassword(password, user.password))) return false;
  // keepCount: the caller (login with MFA) sets the count back once the second factor passed too.
  if (!opts.keepCount) await ctx.store.users.setFailedAttempts(user.id, 0);
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
