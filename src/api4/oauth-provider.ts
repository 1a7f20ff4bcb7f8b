// The OAuth 2.0 provider's endpoints at the site root (Mattermost's web/oauth.go): the authorization page and its
// form post, the token endpoint and deauthorization. Errors of the JSON endpoints are AppErrors; the page's are HTML.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import type { AccessTokenForm } from '../app/oauth.ts';
import { OK, route, sendJson, type Ctx } from './context.ts';
import { OptStr, Q } from './schemas.ts';

const AuthorizeQuery = Type.Object({
  response_type: Q(),
  client_id: Q(),
  redirect_uri: Q(),
  scope: Q(),
  state: Q(),
  code_challenge: Q(),
  code_challenge_method: Q(),
});
const AuthorizeBody = Type.Object({
  response_type: OptStr(),
  client_id: OptStr(),
  redirect_uri: OptStr(),
  scope: OptStr(),
  state: OptStr(),
  code_challenge: OptStr(),
  code_challenge_method: OptStr(),
  resource: OptStr(),
});
const DeauthorizeBody = Type.Object({ client_id: Type.String({ maxLength: 64 }) });

export function oauthProviderRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/oauth/authorize', { auth: 'none', query: AuthorizeQuery }, authorizeOAuthPage);
  route(f, app, 'POST', '/oauth/authorize', { auth: 'session', body: AuthorizeBody }, authorizeOAuthApp);
  route(f, app, 'POST', '/oauth/deauthorize', { auth: 'session', body: DeauthorizeBody }, deauthorizeOAuthApp);
  route(f, app, 'POST', '/oauth/access_token', { auth: 'none' }, getAccessToken);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function errorPage(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html><html><head><title>Error</title></head><body><h1>${escapeHtml(message)}</h1></body></html>`);
}

/** GET /oauth/authorize: log in first; trusted or consented apps redirect at once; others get the consent page. */
async function authorizeOAuthPage(c: Ctx<undefined, Static<typeof AuthorizeQuery>>) {
  const actor = await c.optionalActor();
  const page = await c.app.oauth.authorizeOAuthPage(actor, c.query, c.req.url);
  if (page.kind === 'error') return errorPage(c.reply, page.error.statusCode, page.error.message);
  if (page.kind === 'login' || page.kind === 'redirect') return c.reply.redirect(page.url, 302);
  // The web app's shell renders the consent page (web/src/OAuthAuthorize.tsx).
  return c.reply.callNotFound();
}

/** POST /oauth/authorize: the user allows the app; the answer names where the browser goes next. */
async function authorizeOAuthApp(c: Ctx<Static<typeof AuthorizeBody>>) {
  return { redirect: await c.app.oauth.allowOAuthAppAccessToUser(c.actor, c.body) };
}

async function deauthorizeOAuthApp(c: Ctx<Static<typeof DeauthorizeBody>>) {
  await c.app.oauth.deauthorizeOAuthApp(c.actor, c.body.client_id);
  return OK;
}

/** The token request's fields: a form (RFC 6749) as Mattermost reads r.FormValue; a JSON object is read the same. */
function formOf(body: unknown): AccessTokenForm {
  let get: (k: string) => string;
  if (Buffer.isBuffer(body)) {
    const p = new URLSearchParams(body.toString('utf8'));
    get = (k) => p.get(k) ?? '';
  } else {
    const o = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    get = (k) => (typeof o[k] === 'string' ? (o[k] as string) : '');
  }
  return {
    grant_type: get('grant_type'),
    code: get('code'),
    refresh_token: get('refresh_token'),
    client_id: get('client_id'),
    client_secret: get('client_secret'),
    redirect_uri: get('redirect_uri'),
    code_verifier: get('code_verifier'),
  };
}

/** POST /oauth/access_token: never cached (RFC 6749 §5.1). */
async function getAccessToken(c: Ctx) {
  const rsp = await c.app.oauth.getAccessToken(formOf(c.req.body));
  c.reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  return sendJson(c.reply, 200, rsp);
}
