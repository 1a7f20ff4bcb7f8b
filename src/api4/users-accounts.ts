// /api/v4 account security: password reset by e-mail, e-mail verification, MFA (TOTP) and the audit log.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, pageOf, route, type Ctx } from './context.ts';
import { OptStr, PagingQuery } from './schemas.ts';

const EmailBody = Type.Object({ email: OptStr() });
const ResetBody = Type.Object({ token: OptStr(), new_password: OptStr() });
const TokenBody = Type.Object({ token: OptStr() });
const MfaBody = Type.Object({ activate: Type.Boolean(), code: OptStr() });
const CheckMfaBody = Type.Object({ login_id: OptStr() });
const Paging = Type.Object(PagingQuery);

export function usersAccountsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/users/password/reset/send', { auth: 'none', body: EmailBody }, sendPasswordReset);
  route(f, app, 'POST', '/users/password/reset', { auth: 'none', body: ResetBody }, resetPassword);
  route(f, app, 'POST', '/users/email/verify/send', { auth: 'none', body: EmailBody }, sendVerificationEmail);
  route(f, app, 'POST', '/users/email/verify', { auth: 'none', body: TokenBody }, verifyUserEmail);
  route(f, app, 'POST', '/users/:user_id/email/verify/member', { auth: 'session' }, verifyUserEmailWithoutToken);
  route(f, app, 'POST', '/users/mfa', { auth: 'none', body: CheckMfaBody }, checkUserMfa);
  route(f, app, 'POST', '/users/:user_id/mfa/generate', { auth: 'session', mfaExempt: true }, generateMfaSecret);
  route(f, app, 'PUT', '/users/:user_id/mfa', { auth: 'session', body: MfaBody, mfaExempt: true }, updateUserMfa);
  route(f, app, 'GET', '/users/:user_id/audits', { auth: 'session', query: Paging }, getUserAudits);
  route(f, app, 'GET', '/audits', { auth: 'session', query: Paging }, getAudits);
}

async function sendPasswordReset(c: Ctx<Static<typeof EmailBody>>) {
  await c.app.passwordReset.sendPasswordReset(c.actor, c.body.email ?? '');
  return OK;
}

async function resetPassword(c: Ctx<Static<typeof ResetBody>>) {
  await c.app.passwordReset.resetPassword(c.actor, c.body.token ?? '', c.body.new_password ?? '');
  return OK;
}

async function sendVerificationEmail(c: Ctx<Static<typeof EmailBody>>) {
  await c.app.emailVerification.sendVerifyEmailRequest(c.actor, c.body.email ?? '');
  return OK;
}

async function verifyUserEmail(c: Ctx<Static<typeof TokenBody>>) {
  await c.app.emailVerification.verifyEmail(c.actor, c.body.token ?? '');
  return OK;
}

async function verifyUserEmailWithoutToken(c: Ctx) {
  return c.app.emailVerification.verifyUserEmailWithoutToken(c.actor, c.id('user_id'));
}

async function checkUserMfa(c: Ctx<Static<typeof CheckMfaBody>>) {
  return c.app.mfa.checkUserMfa(c.actor, c.body.login_id ?? '');
}

/** The secret leaves the server only here, once: nothing may cache the answer. */
async function generateMfaSecret(c: Ctx) {
  const secret = await c.app.mfa.generateMfaSecret(c.actor, c.id('user_id'));
  c.reply.header('Cache-Control', 'no-cache').header('Pragma', 'no-cache').header('Expires', '0');
  return secret;
}

async function updateUserMfa(c: Ctx<Static<typeof MfaBody>>) {
  await c.app.mfa.updateMfa(c.actor, c.id('user_id'), c.body.activate, c.body.code ?? undefined);
  return OK;
}

async function getUserAudits(c: Ctx<undefined, Static<typeof Paging>>) {
  return c.app.audits.getUserAudits(c.actor, c.id('user_id'), pageOf(c.query));
}

async function getAudits(c: Ctx<undefined, Static<typeof Paging>>) {
  return c.app.audits.getAudits(c.actor, pageOf(c.query));
}
