// The request context: session lookup (cookie or bearer), the CSRF rule, request ids, params, and AppError rendering.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, appError, Errors } from '../model/app-error.ts';
import { isValidId, newId } from '../model/id.ts';
import type { Session } from '../model/types.ts';
import type { AppContext } from '../app/context.ts';
import { sessionFromToken } from '../app/users.ts';

export type AuthMode = 'session' | 'none' | 'trust';

export interface Ctx {
  app: AppContext;
  req: FastifyRequest;
  reply: FastifyReply;
  session: Session;
  /** Path parameter, validated as a 26-char id unless `raw`; `me` resolves to the session user for user_id. */
  id(name: string): string;
  param(name: string): string;
  query(name: string): string | undefined;
  body<T = Record<string, unknown>>(): T;
  status(code: number): void;
  requestId: string;
}

export type Handler = (c: Ctx) => Promise<unknown>;

declare module 'fastify' {
  interface FastifyRequest {
    requestId: string;
    tokenInfo?: { token: string; fromCookie: boolean };
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (k && !(k in out)) out[k] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** Mattermost's ParseAuthTokenFromRequest order: cookie, then `Authorization: Bearer|Token`, then ?access_token. */
export function tokenFromRequest(req: {
  headers: Record<string, string | string[] | undefined>;
  url: string;
}): { token: string; fromCookie: boolean; fromQuery?: boolean } | undefined {
  const cookie = parseCookies(req.headers.cookie as string | undefined).MMAUTHTOKEN;
  if (cookie) return { token: cookie, fromCookie: true };
  const auth = req.headers.authorization as string | undefined;
  if (auth) {
    if (auth.length > 6 && auth.slice(0, 6).toUpperCase() === 'BEARER') return { token: auth.slice(6).trim(), fromCookie: false };
    if (auth.length > 5 && auth.slice(0, 5).toLowerCase() === 'token') return { token: auth.slice(5).trim(), fromCookie: false };
  }
  const q = req.url.indexOf('access_token=');
  if (q >= 0) {
    const m = /[?&]access_token=([^&]*)/.exec(req.url);
    if (m) return { token: decodeURIComponent(m[1]), fromCookie: false, fromQuery: true };
  }
  return undefined;
}

export function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  // A Buffer keeps Fastify from appending '; charset=utf-8', which Client4 would not parse as JSON.
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send(Buffer.from(JSON.stringify(body)));
}

export function renderError(app: AppContext, req: FastifyRequest, reply: FastifyReply, err: AppError): FastifyReply {
  if (err.statusCode === 401 && req.tokenInfo?.fromCookie) clearAuthCookie(reply);
  return sendJson(reply, err.statusCode, err.toJSON(req.requestId, app.config().ServiceSettings.EnableDeveloper));
}

export function clearAuthCookie(reply: FastifyReply): void {
  reply.header('set-cookie', 'MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly');
}

/** Resolves the session of a request; throws 401 for a missing/invalid token or a failed CSRF check. */
export async function requireSession(app: AppContext, req: FastifyRequest, checkCsrf: boolean): Promise<Session> {
  const info = tokenFromRequest(req);
  req.tokenInfo = info;
  if (!info || !info.token) throw Errors.sessionExpired('ServeHTTP', 'token not provided');
  if (info.fromQuery) {
    const s = await sessionFromToken(app, info.token);
    if (s && !s.is_oauth) throw appError('api.context.token_provided.app_error', 'ServeHTTP');
  }
  const session = await sessionFromToken(app, info.token);
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

/** Registers a route with Mattermost's handler wrapper semantics (session required, trust requester, or none). */
export function route(f: FastifyInstance, app: AppContext, method: string | string[], url: string, auth: AuthMode, handler: Handler): void {
  f.route({
    method: method as 'GET',
    url,
    handler: async (req, reply) => {
      let status = 200;
      const session = auth === 'none' ? (undefined as unknown as Session) : await requireSession(app, req, auth === 'session');
      const params = req.params as Record<string, string>;
      const query = req.query as Record<string, string | undefined>;
      const c: Ctx = {
        app,
        req,
        reply,
        session,
        requestId: req.requestId,
        id(name) {
          let v = params[name];
          if (v === 'me' && name === 'user_id' && session) v = session.user_id;
          if (!isValidId(v)) throw Errors.invalidUrlParam(name);
          return v;
        },
        param(name) {
          const v = params[name];
          if (!v) throw Errors.invalidUrlParam(name);
          return v;
        },
        query(name) {
          const v = query[name];
          return typeof v === 'string' ? v : undefined;
        },
        body<T>() {
          const b = req.body;
          if (b === undefined || b === null || typeof b !== 'object' || Array.isArray(b)) throw Errors.invalidBodyParam('body');
          return b as T;
        },
        status(code) {
          status = code;
        },
      };
      const result = await handler(c);
      if (reply.sent) return reply;
      return sendJson(reply, status, result);
    },
  });
}

/** Mattermost's paging: page ≥ 0 (default 0), per_page default 60, clamped to 200. */
export function paging(c: Ctx, defaultPerPage = 60, max = 200): { page: number; perPage: number } {
  let page = Number(c.query('page') ?? 0);
  let perPage = Number(c.query('per_page') ?? defaultPerPage);
  if (!Number.isFinite(page) || page < 0) page = 0;
  if (!Number.isFinite(perPage) || perPage < 0) perPage = defaultPerPage;
  if (perPage > max) perPage = max;
  return { page: Math.floor(page), perPage: Math.floor(perPage) };
}

export function boolQuery(c: Ctx, name: string, dflt = false): boolean {
  const v = c.query(name);
  if (v === undefined || v === '') return dflt;
  return v === 'true' || v === '1';
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
