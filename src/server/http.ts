// The HTTP server: Fastify with Mattermost's body parsing, the headers every response carries, and errors rendered as
// Mattermost's AppError JSON. Routes are mounted by server.ts.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import type { Config } from '../config/config.ts';
import type { Logger } from '../app/context.ts';
import type { App } from '../app/index.ts';
import { renderError } from '../api4/context.ts';
import { AppError, appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';

export interface HttpOptions {
  config: Config;
  app: App;
  log: Logger;
  /** The current X-Version-ID (it changes with the client config). */
  versionHeader: () => string;
}

export function createHttp(opts: HttpOptions): FastifyInstance {
  const { config, app, log, versionHeader } = opts;
  const f = Fastify({
    schemaController: { compilersFactory: lazySchemaCompilers() },
    bodyLimit: config.ServiceSettings.MaximumPayloadSizeBytes,
    logger: false,
    routerOptions: { maxParamLength: 500 },
    genReqId: () => newId(),
  });
  // JSON bodies: an empty body is no body (some clients send Content-Type without one).
  f.removeContentTypeParser('application/json');
  f.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const s = body as string;
    if (!s) return done(null, undefined);
    try {
      done(null, JSON.parse(s));
    } catch {
      done(Errors.invalidBodyParam('body'), undefined);
    }
  });
  f.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  f.addHook('onRequest', async (req, reply) => {
    req.requestId = req.id;
    reply.header('X-Request-ID', req.id);
    reply.header('X-Version-ID', versionHeader());
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    if (req.method === 'GET') reply.header('Expires', '0');
  });

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
