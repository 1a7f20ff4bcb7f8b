// Multi-factor authentication with TOTP (ServiceSettings.EnableMultifactorAuthentication), as Mattermost's
// platform/shared/mfa: a 20-byte base32 secret, HMAC-SHA1, 6 digits, 30 s steps, the previous and next step accepted,
// and each used step remembered so a code works once. The secret lives in user_mfa and is returned only by generate.
import { randomBytes } from 'node:crypto';
import { generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { appError, Errors } from '../model/app-error.ts';
import { base32 } from '../model/id.ts';
import { isSystemGuest, Permissions } from '../model/roles.ts';
import type { Session, UserWithSecrets } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { auditPath, recordAudit } from './audits.ts';
import { requireEditUser, requireSelfOr } from './authz.ts';
import type { AppContext } from './context.ts';
import { mfaChangedEmail } from './mail/account-templates.ts';
import { recipientLocale } from './user-locale.ts';
import { getUserOr404 } from './users.ts';

/** RFC 4648 base32, what authenticator apps read. */
const RFC4648 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Used time steps remembered per user: more than the window (3) needs. */
const USED_STEPS_KEPT = 10;
const PERIOD_S = 30;

function mfaEnabled(ctx: AppContext): boolean {
  return ctx.config().ServiceSettings.EnableMultifactorAuthentication;
}

/** Mattermost's issuer: the site URL without its scheme and `www.`, or "Mattermost" without one. */
function issuerOf(siteURL: string): string {
  const host = siteURL
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/\/+$/, '');
  return host || 'Mattermost';
}

/** Time step of a valid code, or undefined: the current step and one either side. */
async function matchingStep(secret: string, rawCode: string): Promise<number | undefined> {
  const code = rawCode.trim();
  if (!/^\d{6}$/.test(code) || !secret) return undefined;
  try {
    const epoch = Math.floor(Date.now() / 1000);
    const r = await verify({ secret, token: code, epoch, period: PERIOD_S, epochTolerance: PERIOD_S });
    return r.valid ? Math.floor(epoch / PERIOD_S) + r.delta : undefined;
  } catch {
    return undefined;
  }
}

/**
 * POST /users/{id}/mfa/generate: yourself or `edit_other_users`; a new secret is stored at once (MFA stays as it was
 * until PUT /users/{id}/mfa activates it) and returned once, with the otpauth URI as a base64 PNG QR code.
 */
export async function generateMfaSecret(ctx: AppContext, actor: Actor, userId: string): Promise<{ secret: string; qr_code: string }> {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'generateMfaSecret');
  if (!mfaEnabled(ctx)) throw appError('mfa.mfa_disabled.app_error', 'GenerateMfaSecret');
  const user = await getUserOr404(ctx, userId);
  const secret = base32(randomBytes(20), RFC4648);
  const issuer = issuerOf(ctx.siteURL());
  const uri = generateURI({ issuer, label: user.email, secret });
  let png: Buffer;
  try {
    png = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 256 });
  } catch (err) {
    throw appError('mfa.generate_qr_code.create_code.app_error', 'GenerateMfaSecret', { detailed: String(err) });
  }
  await ctx.store.mfa.setSecret(user.id, secret);
  return { secret, qr_code: png.toString('base64') };
}

function mailMfaChanged(ctx: AppContext, user: UserWithSecrets, activated: boolean): void {
  const mail = mfaChangedEmail({
    siteURL: ctx.siteURL(),
    siteName: ctx.config().TeamSettings.SiteName,
    activated,
    locale: recipientLocale(ctx, user),
  });
  ctx.mailer.send({ to: user.email, ...mail }).catch((err: Error) => ctx.log.warn({ err: err.message }, 'MFA-changed e-mail not sent'));
}

/**
 * PUT /users/{id}/mfa: yourself, or `edit_other_users` (`manage_system` for an admin). Activating needs the code of
 * the generated secret (400 without one, 401 mfa.activate.bad_token for a wrong one) and an e-mail or LDAP account;
 * deactivating needs no code and forgets the secret (how an admin resets a user's MFA). Both mail the user.
 */
export async function updateMfa(ctx: AppContext, actor: Actor, userId: string, activate: boolean, code: string | undefined): Promise<void> {
  await requireEditUser(ctx, actor, userId, 'updateUserMfa');
  const user = await getUserOr404(ctx, userId);
  if (activate) {
    if (!mfaEnabled(ctx)) throw appError('mfa.mfa_disabled.app_error', 'ActivateMfa');
    if (!code) throw Errors.invalidBodyParam('code');
    if (user.auth_service !== '' && user.auth_service !== 'email' && user.auth_service !== 'ldap')
      throw appError('api.user.activate_mfa.email_and_ldap_only.app_error', 'ActivateMfa');
    const mfa = await ctx.store.mfa.get(user.id);
    const step = await matchingStep(mfa?.secret ?? '', code);
    if (step === undefined || !(await ctx.store.mfa.useTimeStep(user.id, step, USED_STEPS_KEPT)))
      throw appError('mfa.activate.bad_token.app_error', 'ActivateMfa');
    await ctx.store.users.update({ ...user, mfa_active: true, update_at: Date.now() });
  } else {
    await ctx.store.tx(async (s) => {
      await s.mfa.remove(user.id);
      await s.users.update({ ...user, mfa_active: false, update_at: Date.now() });
    });
  }
  ctx.events.invalidate('user', user.id);
  mailMfaChanged(ctx, user, activate);
  await recordAudit(ctx, actor, auditPath(`/users/${user.id}/mfa`), `success - mfa ${activate ? 'activated' : 'deactivated'}`, {
    userId: user.id,
  });
}

/**
 * The second factor of a login (after the right password), when the user has MFA on and the server allows MFA: a
 * `token` that is not six digits (none included) is 400 mfa.validate_token.authenticate (the client's cue to ask for
 * the code; not a failed attempt); a wrong or replayed code is 401 bad_code and counts as a failed attempt.
 */
export async function checkLoginMfa(ctx: AppContext, user: UserWithSecrets, token: string | undefined): Promise<void> {
  if (!user.mfa_active || !mfaEnabled(ctx)) return;
  const code = (token ?? '').trim();
  if (!/^\d{6}$/.test(code)) throw appError('mfa.validate_token.authenticate.app_error', 'ValidateToken');
  const mfa = await ctx.store.mfa.get(user.id);
  const step = await matchingStep(mfa?.secret ?? '', code);
  if (step === undefined || !(await ctx.store.mfa.useTimeStep(user.id, step, USED_STEPS_KEPT)))
    throw appError('api.user.check_user_mfa.bad_code.app_error', 'CheckUserMfa', { detailed: `user_id=${user.id}` });
}

/**
 * POST /users/mfa `{login_id}` (older servers; Mattermost 11 dropped the route): whether login will ask for a code.
 * False when MFA is off, and for unknown users, so it does not tell which accounts exist.
 */
export async function checkUserMfa(ctx: AppContext, _actor: Actor, loginId: string): Promise<{ mfa_required: boolean }> {
  if (!loginId) throw Errors.invalidBodyParam('login_id');
  if (!mfaEnabled(ctx)) return { mfa_required: false };
  const id = loginId.trim().toLowerCase();
  const es = ctx.config().EmailSettings;
  const user =
    (es.EnableSignInWithEmail && id.includes('@') ? await ctx.store.users.getByEmail(id) : undefined) ??
    (es.EnableSignInWithUsername ? await ctx.store.users.getByUsername(id) : undefined);
  return { mfa_required: !!user?.mfa_active };
}

/**
 * Mattermost's MfaRequired: with MFA enabled and enforced, a session whose e-mail user has not activated MFA may use
 * nothing but the routes that set it up (the caller exempts those and GET /users/me). Bots, OAuth-app sessions, SSO
 * users and — unless GuestAccountsSettings.EnforceMultifactorAuthentication — guests are exempt.
 */
export async function requireMfaIfEnforced(ctx: AppContext, session: Session): Promise<void> {
  const cfg = ctx.config();
  if (!cfg.ServiceSettings.EnableMultifactorAuthentication || !cfg.ServiceSettings.EnforceMultifactorAuthentication) return;
  if (session.is_oauth) return;
  const user = await ctx.store.users.get(session.user_id);
  if (!user || user.is_bot || user.mfa_active) return;
  if (user.auth_service && user.auth_service !== 'email' && user.auth_service !== 'ldap') return;
  if (isSystemGuest(user.roles) && !cfg.GuestAccountsSettings.EnforceMultifactorAuthentication) return;
  throw appError('api.context.mfa_required.app_error', 'MfaRequired');
}
