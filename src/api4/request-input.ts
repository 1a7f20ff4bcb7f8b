// Client input at the edge, before any handler: JSON bodies within ServiceSettings' bounds (depth, keys, items) and
// free of NUL characters; URLs no longer than ServiceSettings.MaximumURLLength, well encoded, whose path and query
// carry no NUL. Each refusal is Mattermost's AppError (400, or 414 for a long URL), the same on either database.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app/index.ts';
import type { Config } from '../config/config.ts';
import { appError, Errors, type AppError } from '../model/app-error.ts';
import { checkJsonText, type JsonLimits } from '../model/json-limits.ts';
import { renderError } from './context.ts';

/** The request bounds of the live config (a change saved through PUT /config applies to the next request). */
export function requestJsonLimits(cfg: Config): JsonLimits {
  const ss = cfg.ServiceSettings;
  return {
    maxDepth: ss.ParleyMaximumJsonDepth,
    maxKeys: ss.ParleyMaximumJsonObjectKeys,
    maxItems: ss.ParleyMaximumJsonArrayLength,
    rejectNul: true,
  };
}

/**
 * Parses a JSON request body: empty is no body (some clients send a Content-Type without one); malformed text, or
 * text beyond `limits`, is a 400 `invalid_body_param` naming the top-level field it broke in (or `body`).
 */
export function parseJsonBody(text: string, limits: JsonLimits): unknown {
  if (!text) return undefined;
  const violation = checkJsonText(text, limits);
  if (violation) throw Errors.invalidBodyParam(violation.field || 'body');
  try {
    return JSON.parse(text);
  } catch {
    throw Errors.invalidBodyParam('body');
  }
}

/** The first path or query value holding a NUL (decoded), as the 400 for it; undefined when there is none. */
export function nulInUrl(req: FastifyRequest): AppError | undefined {
  if (!req.url.includes('%00')) return undefined;
  for (const [name, v] of Object.entries((req.params ?? {}) as Record<string, unknown>))
    if (typeof v === 'string' && v.includes('\0')) return Errors.invalidUrlParam(name);
  for (const [name, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    const values = Array.isArray(v) ? v : [v];
    if (name.includes('\0') || values.some((x) => typeof x === 'string' && x.includes('\0')))
      return Errors.invalidUrlParam(name.replace(/\0/g, ''));
  }
  return Errors.invalidUrlParam('url');
}

/**
 * Fastify's `frameworkErrors`: a URL it cannot route (bad percent-encoding, a path parameter over maxParamLength)
 * becomes Mattermost's 400 invalid_url_param instead of Fastify's own JSON. No hook has run: the request id is set here.
 */
export function frameworkErrors(app: App): (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => void {
  return (_err, req, reply) => {
    req.requestId = req.id;
    reply.header('X-Request-ID', req.id);
    renderError(app, req, reply, Errors.invalidUrlParam('url'));
  };
}

/**
 * Registers the body parsers of every route (JSON bounded as above; anything else passed on as a Buffer) and the
 * URL checks, on the root instance so that /api/v4, public file links and the web app all get them.
 */
export function registerRequestInput(f: FastifyInstance, app: App): void {
  f.removeContentTypeParser('application/json');
  f.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string, requestJsonLimits(app.config())));
    } catch (err) {
      done(err as AppError, undefined);
    }
  });
  f.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  // After onRequest (request id and headers are set by then), before the body is read; a callback, not a promise,
  // as this runs for every request.
  f.addHook('preParsing', (req, _reply, payload, done) => {
    if (req.url.length > app.config().ServiceSettings.MaximumURLLength)
      return done(appError('basic_security_check.url.too_long_error', 'ServeHTTP'));
    const err = nulInUrl(req);
    if (err) return done(err);
    done(null, payload);
  });
}
