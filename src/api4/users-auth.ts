// /api/v4/users login, logout and sessions: the session cookies are written here (an HTTP concern); authentication
// and the sessions themselves are app/sessions.ts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { clearAuthCookie, OK, route, type Ctx } from './context.ts';

const Str = () => Type.Optional(Type.String());
const LoginBody = Type.Object({ login_id: Str(), password: Str(), id: Str(), device_id: Str(), token: Str() });
const RevokeBody = Type.Object({ session_id: Type.String() });
const DeviceBody = Type.Object({ device_id: Type.String() });

export function usersAuthRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/users/login', { auth: 'none', body: LoginBody }, login);
  route(f, app, 'POST', '/users/logout', { auth: 'none' }, logout);
  route(f, app, 'GET', '/users/:user_id/sessions', { auth: 'session' }, getSessions);
  route(f, app, 'POST', '/users/:user_id/sessions/revoke', { auth: 'session', body: RevokeBody }, revokeSession);
  route(f, app, 'POST', '/users/:user_id/sessions/revoke/all', { auth: 'session' }, revokeAllSessionsForUser);
  route(f, app, 'PUT', '/users/sessions/device', { auth: 'session', body: DeviceBody }, attachDeviceId);
}

function cookieHeader(name: string, value: string, maxAgeSec: number, httpOnly: boolean, secure: boolean): string {
  const expires = new Date(Date.now() + maxAgeSec * 1000).toUTCString();
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSec}; Expires=${expires}${httpOnly ? '; HttpOnly' : ''}${secure ? '; Secure' : ''}`;
}

/** The token goes back in the `Token` header; a browser (X-Requested-With) also gets Mattermost's three cookies. */
async function login(c: Ctx<Static<typeof LoginBody>>) {
  const { user, session } = await c.app.sessions.login(c.actor, c.body, { userAgent: String(c.req.headers['user-agent'] ?? '') });
  c.reply.header('Token', session.token);
  if (c.req.headers['x-requested-with'] === 'XMLHttpRequest') {
    const maxAge = Math.floor((session.expires_at - Date.now()) / 1000);
    const secure = c.req.headers['x-forwarded-proto'] === 'https';
    c.reply.header('set-cookie', [
      cookieHeader('MMAUTHTOKEN', session.token, maxAge, true, secure),
      cookieHeader('MMUSERID', user.id, maxAge, false, secure),
      cookieHeader('MMCSRF', session.props.csrf, maxAge, false, secure),
    ]);
  }
  return user;
}

/** Ends the request's session (if it has one) and clears the cookies either way. */
async function logout(c: Ctx) {
  await c.app.sessions.logout(await c.optionalActor());
  clearAuthCookie(c.reply);
  c.reply.header('set-cookie', ['MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly', 'MMUSERID=; Path=/; Max-Age=0', 'MMCSRF=; Path=/; Max-Age=0']);
  return OK;
}

async function getSessions(c: Ctx) {
  return c.app.sessions.getSessions(c.actor, c.id('user_id'));
}

async function revokeSession(c: Ctx<Static<typeof RevokeBody>>) {
  await c.app.sessions.revokeSession(c.actor, c.id('user_id'), c.body.session_id);
  return OK;
}

async function revokeAllSessionsForUser(c: Ctx) {
  await c.app.sessions.revokeAllSessionsForUser(c.actor, c.id('user_id'));
  return OK;
}

/** The mobile app registers its push device id on the current session. */
async function attachDeviceId(c: Ctx<Static<typeof DeviceBody>>) {
  await c.app.sessions.attachDeviceId(c.actor, c.body.device_id);
  return OK;
}
