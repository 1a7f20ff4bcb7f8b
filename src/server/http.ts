// The HTTP server: Fastify with Mattermost's timeouts and body parsing, a cap on connections, the headers every
// response carries, and errors rendered as Mattermost's AppError JSON. Routes are mounted by server.ts.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Config } from '../config/config.ts';
import type { Logger } from '../app/context.ts';
import type { App } from '../app/index.ts';
import { renderError } from '../api4/context.ts';
import { frameworkErrors, registerRequestInput } from '../api4/request-input.ts';
import { registerRateLimit } from '../api4/ratelimit.ts';
import { AppError, appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';

export interface HttpOptions {
  config: Config;
  app: App;
  log: Logger;
  /** The current X-Version-ID (it changes with the client config). */
  versionHeader: () => string;
}

/**
 * Mattermost's ServiceSettings timeouts on Node's server (seconds; 0 is none): ReadTimeout bounds receiving a whole
 * request, headers and body (a body trickled a byte at a time is cut off with a 408); WriteTimeout bounds how long a
 * connection may sit without a byte moving while a request is answered; IdleTimeout how long a keep-alive connection
 * waits for its next request (ReadTimeout when 0, as Go's server does). Upgraded websockets leave these behind.
 */
function timeouts(s: Config['ServiceSettings']) {
  const readMs = Math.max(0, s.ReadTimeout) * 1000;
  return {
    requestTimeout: readMs,
    connectionTimeout: Math.max(0, s.WriteTimeout) * 1000,
    keepAliveTimeout: (s.IdleTimeout > 0 ? s.IdleTimeout : Math.max(0, s.ReadTimeout)) * 1000,
    // Node checks the request and header deadlines every connectionsCheckingInterval (30 s by default).
    // (requestTimeout here too: Node refuses a headersTimeout above the requestTimeout the server is created with.)
    http:
      readMs > 0
        ? { requestTimeout: readMs, headersTimeout: readMs, connectionsCheckingInterval: Math.min(30_000, Math.max(100, readMs / 4)) }
        : {},
  };
}

/** The process's open-file limit (its soft RLIMIT_NOFILE, which Node raises to the hard one at start). */
function openFileLimit(): number {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    /* not Linux */
  }
  return 4096;
}

/**
 * ServiceSettings.ParleyMaxConnections, or (0) the open-file limit less a reserve for the database, files, logs and
 * Redis: past it, new connections are closed at once, so no client can take every file descriptor.
 */
export function maxConnections(configured: number, files = openFileLimit()): number {
  if (configured > 0) return configured;
  return Math.max(64, files - Math.max(256, Math.floor(files / 10)));
}

/** How often, at most, refused connections are logged. */
const DROP_LOG_INTERVAL_MS = 60_000;

export function createHttp(opts: HttpOptions): FastifyInstance {
  const { config, app, log, versionHeader } = opts;
  const f = Fastify({
    schemaController: { compilersFactory: lazySchemaCompilers() },
    bodyLimit: config.ServiceSettings.MaximumPayloadSizeBytes,
    logger: false,
    routerOptions: { maxParamLength: 500 },
    genReqId: () => newId(),
    ...timeouts(config.ServiceSettings),
    frameworkErrors: frameworkErrors(app),
  });
  f.server.maxConnections = maxConnections(config.ServiceSettings.ParleyMaxConnections);
  let lastDropLog = 0;
  f.server.on('drop', () => {
    if (Date.now() - lastDropLog < DROP_LOG_INTERVAL_MS) return;
    lastDropLog = Date.now();
    log.warn({ maxConnections: f.server.maxConnections }, 'connection limit reached: refusing new connections');
  });
  registerRequestInput(f, app);
  if (config.ServiceSettings.WebserverMode === 'gzip') registerCompression(f);

  f.addHook('onRequest', async (req, reply) => {
    req.requestId = req.id;
    reply.header('X-Request-ID', req.id);
    reply.header('X-Version-ID', versionHeader());
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Permissions-Policy', '');
    if (req.method === 'GET') reply.header('Expires', '0');
  });
  registerRateLimit(f, app);

  f.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) return renderError(app, req, reply, err);
    const code = (err as FastifyError).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return renderError(app, req, reply, Errors.tooLarge());
    if (
      code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
      code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'
    )
      return renderError(app, req, reply, Errors.invalidBodyParam('body'));
    if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500)
      return renderError(
        app,
        req,
        reply,
        new AppError('ServeHTTP', 'api.context.invalid_body_param.app_error', (err as FastifyError).statusCode!, {
          params: { Name: 'body' },
        }),
      );
    log.error({ err, request_id: req.id, url: req.url.split('?')[0] }, 'request failed');
    return renderError(app, req, reply, appError('api.server.internal.app_error', 'ServeHTTP', { detailed: String(err?.message ?? err) }));
  });
  return f;
}

/**
 * Fastify's default schema compilers, loaded only when a route first declares a schema. No route does today, and
 * Fastify would otherwise load Ajv (~90 modules, ~25 ms) while constructing the instance at every start.
 */
function lazySchemaCompilers(): { buildValidator: any; buildSerializer: any } {
  const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
  let validator: ((...a: unknown[]) => unknown) | undefined;
  let serializer: ((...a: unknown[]) => unknown) | undefined;
  return {
    buildValidator: (...a: unknown[]) => (validator ??= fromFastify('@fastify/ajv-compiler')())(...a),
    buildSerializer: (...a: unknown[]) => (serializer ??= fromFastify('@fastify/fast-json-stringify-compiler')())(...a),
  };
}

/** Types worth compressing: text, JSON, JavaScript, SVG, XML (never octet-stream: uploaded files are sent as they are). */
const COMPRESSIBLE = /^(?:text\/(?!event-stream)|application\/(?:json|javascript|xml|manifest\+json)|image\/svg\+xml)(?:;|$)/;

/**
 * ServiceSettings.WebserverMode 'gzip': answers of 1 KB and more are compressed with brotli (quality 4) or gzip, as the
 * client accepts; the content type is left as it was (JSON stays `application/json` without a charset). The web app's
 * files carry precompressed copies (static.ts), which pass through untouched.
 */
function registerCompression(f: FastifyInstance): void {
  void f.register(compress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: COMPRESSIBLE,
  });
}
