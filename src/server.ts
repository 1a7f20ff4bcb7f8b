// createServer(config) → a listening Parley: store opened and migrated, API and websocket mounted. Used by main and tests.
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { parseListenAddress, type Config } from './config/config.ts';
import { AppError, appError, Errors } from './model/app-error.ts';
import { newId } from './model/id.ts';
import { defaultRoles, RoleSet } from './model/roles.ts';
import { clientConfig, clientConfigHash } from './config/client-config.ts';
import { versionId } from './model/version.ts';
import { connect } from './store/sql/dialect.ts';
import { migrate } from './store/migrations/index.ts';
import { Store } from './store/store.ts';
import { Caches, type AppContext, type EventSink } from './app/context.ts';
import { createApp, type App } from './app/index.ts';
import { createMailer } from './app/mail/mailer.ts';
import { forgetAllStatuses, forgetStatus, getStatuses, setStatus } from './app/status.ts';
import { startPresenceSweeper } from './app/presence.ts';
import { apiRoutes } from './api4/router.ts';
import { publicFileRoutes } from './api4/files.ts';
import { renderError, sendJson } from './api4/context.ts';
import { Hub } from './ws/hub.ts';
import { createWebsocketHandler } from './ws/websocket.ts';
import { startCluster, type ClusterSink } from './ws/cluster.ts';
import { WsEvents } from './model/ws-events.ts';

export interface ParleyServer {
  url: string;
  port: number;
  /** The use-cases, as every entry point sees them. */
  app: App;
  /** The whole application context (store, caches, events): for wiring and tests, never for entry points. */
  ctx: AppContext;
  hub: Hub;
  http: FastifyInstance;
  /** The Redis bus when ClusterSettings.Enable is on. */
  cluster?: ClusterSink;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Log level override (tests use 'silent'). */
  logLevel?: string;
  /** The file `config` was loaded from; config changes made through the API are saved there. */
  configPath?: string | null;
}

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

export async function createServer(config: Config, opts: ServerOptions = {}): Promise<ParleyServer> {
  const log = pino({
    level: opts.logLevel ?? (config.LogSettings.EnableConsole ? config.LogSettings.ConsoleLevel.toLowerCase() : 'silent'),
  });
  const conn = await connect(config.SqlSettings.DriverName, config.SqlSettings.DataSource, config.SqlSettings.MaxOpenConns);
  await migrate(conn.db);
  const store = new Store(conn.db, conn.driver);
  await store.roles.ensure(defaultRoles());
  const roles = new RoleSet(await store.roles.list());
  const diagnosticId = await store.system.getOrInit('DiagnosticId', newId());
  fs.mkdirSync(config.FileSettings.Directory, { recursive: true });

  let listenUrl = '';
  const caches = new Caches(() => store);
  // The hub is created below; events published before it exists cannot happen (no routes are served yet).
  let hub!: Hub; // eslint-disable-line prefer-const -- assigned once the app context exists
  /** Reads roles from the store again (an admin patched one on another node); an unknown id changes nothing. */
  const reloadRoles = async (roleId?: string): Promise<void> => {
    try {
      for (const r of await store.roles.list()) if (!roleId || r.id === roleId) roles.update(r);
    } catch (err) {
      log.error({ err, roleId }, 'reloading roles failed');
    }
  };
  const localEvents: EventSink = {
    publish: (ev) => {
      // The client config's hash is part of X-Version-ID: clients reload their config when it changes.
      if (ev.event === WsEvents.ConfigChanged) versionHeader = serverVersion();
      hub.publish(ev);
    },
    invalidate: (kind, key) => {
      if (kind === 'role') return reloadRoles(key);
      caches.invalidate(kind, key);
      if (kind === 'session') hub.closeSession(key);
    },
  };
  // In a cluster, events and invalidations also cross to the other nodes over Redis (src/ws/cluster.ts).
  const cluster = config.ClusterSettings.Enable
    ? await startCluster({
        url: config.ClusterSettings.RedisURL,
        clusterName: config.ClusterSettings.ClusterName,
        local: localEvents,
        log,
        onRemoteEvent: (ev) => {
          if (ev.event !== WsEvents.StatusChange || typeof ev.data.user_id !== 'string') return;
          const userId = ev.data.user_id;
          forgetStatus(ctx, userId);
          // A peer set offline a user who has a socket here (their last one there closed as one opened here, and
          // the two writes crossed): say online again. A manual status is left alone by setStatus.
          if (ev.data.status === 'offline' && hub.activeConnections(userId) > 0)
            void setStatus(ctx, userId, 'online', { manual: false }).catch(() => undefined);
        },
        onResync: () => {
          caches.clear();
          forgetAllStatuses(ctx);
          void reloadRoles();
          void reassertOnline();
        },
        localConnections: () => (hub ? hub.connectedUsers() : new Map()),
        localCount: (userId) => (hub ? hub.activeConnections(userId) : 0),
        onUserGone: (userId) => presenceChanged(userId, false),
        nodeTimeoutMs: config.ClusterSettings.ParleyNodeTimeoutMilliseconds,
      })
    : undefined;
  const events: EventSink = cluster ?? localEvents;
  const ctx: AppContext = {
    store,
    config: () => config,
    roles,
    events,
    caches,
    mailer: createMailer(() => config),
    log,
    siteURL: () => config.ServiceSettings.SiteURL.replace(/\/+$/, '') || listenUrl,
    diagnosticId,
    configFile: opts.configPath ?? null,
  };
  const app = createApp(ctx);
  await app.slackImport.sweepImportStaging();
  hub = new Hub(caches);
  const stopPresenceSweeper = startPresenceSweeper(ctx);
  /** A user's first socket opened or last one closed (on every node, in a cluster): automatic online/offline. */
  function presenceChanged(userId: string, online: boolean): Promise<unknown> {
    return setStatus(ctx, userId, online ? 'online' : 'offline', { manual: false }).catch(() => undefined);
  }
  /**
   * Back after a Redis outage: the peers may have taken this node for dead and set its users offline, and the
   * status_change that says so was lost for this node. Its sockets say otherwise.
   */
  async function reassertOnline(): Promise<void> {
    const ids = [...hub.connectedUsers().keys()];
    if (!ids.length) return;
    const statuses = await getStatuses(ctx, ids).catch(() => ({}) as Record<string, string>);
    for (const id of ids) if (statuses[id] === 'offline' && hub.activeConnections(id) > 0) void presenceChanged(id, true);
  }
  hub.onUserConnectionsChanged = (userId, connected) => {
    const apply = (online: boolean) => presenceChanged(userId, online);
    // In a cluster the user is offline only when no node holds a socket of theirs.
    if (cluster) void cluster.connectionsChanged(userId, () => hub.activeConnections(userId), apply);
    else void apply(connected);
  };
  const serverVersion = () =>
    versionId(clientConfigHash(clientConfig(config, { siteURL: ctx.siteURL(), diagnosticId, loggedIn: false })), false);
  let versionHeader = serverVersion();

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
    reply.header('X-Version-ID', versionHeader);
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

  await f.register(async (api) => apiRoutes(api, app), { prefix: '/api/v4' });
  // Mattermost serves public file links at the site root (/files/{id}/public), outside /api/v4.
  await f.register(async (root) => publicFileRoutes(root, app));

  const hasWeb = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  f.setNotFoundHandler((req, reply) => {
    const p = req.url.split('?')[0];
    if (p.startsWith('/api/')) return renderError(app, req, reply, Errors.notFoundRoute(p));
    if (hasWeb && (req.method === 'GET' || req.method === 'HEAD')) return serveWeb(p, reply);
    return sendJson(reply, 404, Errors.notFoundRoute(p).toJSON(req.id, false));
  });

  function serveWeb(p: string, reply: import('fastify').FastifyReply) {
    const rel = path.normalize(decodeURIComponent(p)).replace(/^([/\\])+/, '');
    let file = path.join(WEB_DIST, rel);
    if (!file.startsWith(WEB_DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(WEB_DIST, 'index.html');
    const ext = path.extname(file);
    const type = MIME[ext] ?? 'application/octet-stream';
    reply.header('content-type', type);
    reply.header('cache-control', rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.send(fs.createReadStream(file));
  }

  const ws = createWebsocketHandler({ app: ctx, hub, serverVersion: () => versionHeader, hostname: os.hostname() });
  f.server.on('upgrade', (req, socket, head) => {
    const p = (req.url ?? '').split('?')[0].replace(/\/$/, '');
    if (p === '/api/v4/websocket') ws.handleUpgrade(req, socket, head);
    else socket.destroy();
  });

  const { host, port } = parseListenAddress(config.ServiceSettings.ListenAddress);
  await f.listen({ host, port });
  ws.preload();
  const addr = f.server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  listenUrl = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${actualPort}`;
  versionHeader = serverVersion();
  log.info({ url: listenUrl, driver: config.SqlSettings.DriverName }, 'Parley is listening');

  return {
    url: listenUrl,
    port: actualPort,
    app,
    ctx,
    hub,
    http: f,
    cluster,
    async close() {
      await app.slackImport.abortImports();
      stopPresenceSweeper();
      hub.close();
      ws.close();
      await f.close();
      await hub.flush();
      await cluster?.close();
      await conn.close();
      (ctx.mailer as { close?: () => void }).close?.();
    },
  };
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

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};
