// The request context: session lookup (cookie or bearer), the CSRF rule, request ids, params, request schemas and
// AppError rendering. A handler receives a Ctx: the App (use-cases only: no store, no caches), the Actor, and the body
// and query validated against the route's TypeBox schemas.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';
import { AppError, appError, Errors, type ErrorId } from '../model/app-error.ts';
import { isValidId, newId } from '../model/id.ts';
import type { Session } from '../model/types.ts';
import type { App } from '../app/index.ts';
import { actorFromSession, ANONYMOUS, type Actor } from '../app/actor.ts';
import { tokenFromRequest } from '../app/auth-token.ts';
import { requestLocale } from '../i18n/locales.ts';
import { localizedMessage } from '../i18n/server.ts';
import { compiled } from './schemas.ts';
import { clientAddress } from './ratelimit.ts';

/** The actor with the request's client address (audit rows record it). */
function withAddress(app: App, req: FastifyRequest, actor: Actor): Actor {
  return { ...actor, ipAddress: clientAddress(req.raw, app.config().ServiceSettings.TrustedProxyIPHeader) };
}

export type AuthMode = 'session' | 'none' | 'trust';

declare module 'fastify' {
  interface FastifyRequest {
    requestId: string;
    tokenInfo?: { token: string; fromCookie: boolean };
  }
}

/** What a route declares: how the request authenticates and the TypeBox schemas of its body and query. */
export interface RouteSpec<B extends TSchema | undefined = undefined, Q extends TSchema | undefined = undefined> {
  auth: AuthMode;
  /** Usable before MFA is set up where it is enforced (Mattermost's APISessionRequiredMfa). */
  mfaExempt?: boolean;
  body?: B;
  query?: Q;
}

type Input<S> = S extends TSchema ? Static<S> : undefined;

export interface Ctx<B = undefined, Q = undefined> {
  /** The use-cases; nothing else of the application is reachable from a handler. */
  app: App;
  /** Who is acting: the session's user, or ANONYMOUS on a route that needs no session. */
  actor: Actor;
  /** The body, validated against the route's schema (undefined when the route declares none). */
  body: B;
  /** The query string, validated against the route's schema (first value of a repeated name, as Mattermost reads it). */
  query: Q;
  req: FastifyRequest;
  reply: FastifyReply;
  /** Path parameter, validated as a 26-char id; `me` resolves to the session user for user_id. */
  id(name: string): string;
  /** Path parameter as given (non-empty). */
  param(name: string): string;
  status(code: number): void;
  requestId: string;
  /** The session of the request's token when there is one, on a route that does not require it (sign-up by an admin). */
  optionalActor(): Promise<Actor | undefined>;
}

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  // A Buffer keeps Fastify from appending '; charset=utf-8', which Client4 would not parse as JSON.
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send(Buffer.from(JSON.stringify(body)));
}

/** An AppError's JSON with its message in the request's language (Accept-Language, else DefaultClientLocale). */
export function errorJson(app: App, req: FastifyRequest, err: AppError): ReturnType<AppError['toJSON']> {
  const cfg = app.config();
  const body = err.toJSON(req.requestId, cfg.ServiceSettings.EnableDeveloper);
  body.message = localizedMessage(err, requestLocale(req.headers['accept-language'], cfg.LocalizationSettings.DefaultClientLocale));
  return body;
}

export function renderError(app: App, req: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  if (err.statusCode === 401 && req.tokenInfo?.fromCookie) clearAuthCookie(reply);
  return sendJson(reply, err.statusCode, errorJson(app, req, err));
}

export function clearAuthCookie(reply: FastifyReply): void {
  reply.header('set-cookie', 'MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly');
}

export const OK = { status: 'OK' };

export function newRequestId(): string {
  return newId();
}

/** String field from a JSON body, or a 400 naming it. */
export function str(body: Record<string, unknown>, name: string, required = true): string {
  const v = body[name];
  if (v === undefined || v === null) {
    if (required) throw Errors.invalidBodyParam(name);
    return '';
  }
  if (typeof v !== 'string') throw Errors.invalidBodyParam(name);
  return v;
}

/** A JSON array of ids, deduplicated; empty lists are refused (as Mattermost's SetInvalidParam) unless `min` is 0. */
export function idList(body: unknown, name: string, max = 1000, min = 1): string[] {
  if (!Array.isArray(body) || body.length < min || body.length > max || !body.every((x) => isValidId(x)))
    throw Errors.invalidBodyParam(name);
  return [...new Set(body as string[])];
}

/** GET /api/v4/users/me, which Mattermost answers before MFA is set up where it is enforced. */
function isGetMe(req: FastifyRequest): boolean {
  return req.method === 'GET' && req.url.split('?')[0] === '/api/v4/users/me';
}

/** Resolves the session of a request; throws 401 for a missing/invalid token or a failed CSRF check. */
export async function requireSession(app: App, req: FastifyRequest, checkCsrf: boolean): Promise<Session> {
  const info = tokenFromRequest(req);
  req.tokenInfo = info;
  if (!info || !info.token) throw Errors.sessionExpired('ServeHTTP', 'token not provided');
  const session = await app.users.sessionFromToken(info.token);
  if (info.fromQuery && session && !session.is_oauth) throw appError('api.context.token_provided.app_error', 'ServeHTTP');
  if (!session) throw Errors.sessionExpired('ServeHTTP', 'token=' + '[redacted]');
  if (checkCsrf && info.fromCookie && req.method !== 'GET' && req.method !== 'HEAD') {
    const header = req.headers['x-csrf-token'];
    const ok = header === session.props.csrf;
    const xrw = req.headers['x-requested-with'] === 'XMLHttpRequest';
    if (!ok && !(xrw && !app.config().ServiceSettings.ExperimentalStrictCSRFEnforcement)) {
      throw Errors.sessionExpired('checkCSRFToken', 'CSRF check failed');
    }
  }
  return session;
}

/** Mattermost reads the first value of a repeated query parameter. */
function firstValues(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (query && typeof query === 'object')
    for (const [k, v] of Object.entries(query)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (typeof first === 'string') out[k] = first;
    }
  return out;
}

/**
 * The AppError for an input that fails its schema: invalid_{body,url}_param naming the failing top-level field (or
 * the root schema's `param`, for a body that is a list), unless the failing node names its own `errorId`.
 */
function inputError(schema: TSchema, value: unknown, where: 'body' | 'query'): AppError {
  const first = compiled(schema).Errors(value).First();
  const name = (schema as { param?: string }).param ?? (first?.path.split('/')[1] || 'body');
  const custom = (first?.schema as { errorId?: ErrorId } | undefined)?.errorId;
  if (custom) return appError(custom, 'Context', { params: { Name: name } });
  return where === 'body' ? Errors.invalidBodyParam(name) : Errors.invalidUrlParam(name);
}

function validated<S extends TSchema | undefined>(schema: S, value: unknown, where: 'body' | 'query'): Input<S> {
  if (!schema) return undefined as Input<S>;
  if (!compiled(schema).Check(value)) throw inputError(schema, value, where);
  return value as Input<S>;
}

function pathParams(req: FastifyRequest, actor: Actor) {
  const params = req.params as Record<string, string>;
  return {
    id(name: string) {
      let v = params[name];
      if (v === 'me' && name === 'user_id' && actor.userId) v = actor.userId;
      if (!isValidId(v)) throw Errors.invalidUrlParam(name);
      return v;
    },
    param(name: string) {
      const v = params[name];
      if (!v) throw Errors.invalidUrlParam(name);
      return v;
    },
  };
}

async function tokenActor(app: App, req: FastifyRequest): Promise<Actor | undefined> {
  const info = tokenFromRequest(req);
  const session = info && !info.fromQuery ? await app.users.sessionFromToken(info.token) : undefined;
  return session && withAddress(app, req, actorFromSession(session));
}

/**
 * Registers a route with Mattermost's handler wrapper semantics (session required, trust requester, or none): the
 * body and query are checked against the spec's schemas before the handler runs, and its result is sent as JSON.
 */
export function route<B extends TSchema | undefined = undefined, Q extends TSchema | undefined = undefined>(
  f: FastifyInstance,
  app: App,
  method: string | string[],
  url: string,
  spec: RouteSpec<B, Q>,
  handler: (c: Ctx<Input<B>, Input<Q>>) => Promise<unknown>,
): void {
  f.route({
    method: method as 'GET',
    url,
    handler: async (req, reply) => {
      let status = 200;
      let session: Session | undefined;
      if (spec.auth !== 'none') {
        session = await requireSession(app, req, spec.auth === 'session');
        if (!spec.mfaExempt && !isGetMe(req)) await app.mfa.requireMfaIfEnforced(session);
      }
      const actor = withAddress(app, req, session ? actorFromSession(session) : ANONYMOUS);
      const c: Ctx<Input<B>, Input<Q>> = {
        app,
        actor,
        req,
        reply,
        requestId: req.requestId,
        body: validated(spec.body, req.body, 'body') as Input<B>,
        query: validated(spec.query, spec.query ? firstValues(req.query) : undefined, 'query') as Input<Q>,
        ...pathParams(req, actor),
        status(code) {
          status = code;
        },
        optionalActor: () => (spec.auth === 'none' ? tokenActor(app, req) : Promise.resolve(actor)),
      };
      const result = await handler(c);
      if (reply.sent) return reply;
      return sendJson(reply, status, result);
    },
  });
}

/** Mattermost's paging: page ≥ 0 (default 0), per_page default 60, clamped to `max`. */
export function pageOf(q: { page?: string; per_page?: string }, defaultPerPage = 60, max = 200): { page: number; perPage: number } {
  let page = Number(q.page ?? 0);
  let perPage = Number(q.per_page ?? defaultPerPage);
  // Like Go's Atoi failing, a page beyond the integers (1e20) is the default: its offset would not fit in SQL.
  if (!Number.isSafeInteger(Math.floor(page)) || page < 0) page = 0;
  if (!Number.isFinite(perPage) || perPage < 0) perPage = defaultPerPage;
  if (perPage > max) perPage = max;
  return { page: Math.floor(page), perPage: Math.floor(perPage) };
}

/** A boolean query value as Mattermost reads one ("true" or "1"); empty or absent is `dflt`. */
export function flag(v: string | undefined, dflt = false): boolean {
  if (v === undefined || v === '') return dflt;
  return v === 'true' || v === '1';
}
