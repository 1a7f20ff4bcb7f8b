// createServer(config) → a listening Parley: store opened and migrated, API and websocket mounted. Used by main and tests.
// Wiring only: the HTTP server (server/http.ts), the web app (server/static.ts), presence (server/presence-policy.ts),
// the hub and the websocket (ws/), and the Redis bus (ws/cluster.ts) are built elsewhere and joined here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { generateSecrets, parseListenAddress, type Config } from './config/config.ts';
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
import { startPresenceSweeper } from './app/presence.ts';
import { apiRoutes } from './api4/router.ts';
import { commandHookRoutes } from './api4/command-hooks.ts';
import { publicFileRoutes } from './api4/files.ts';
import { hooksPublicRoutes } from './api4/hooks-public.ts';
import { oauthProviderRoutes } from './api4/oauth-provider.ts';
import type { FastifyInstance } from 'fastify';
import { Hub } from './ws/hub.ts';
import { createWebsocketHandler } from './ws/websocket.ts';
import { startCluster, type ClusterSink } from './ws/cluster.ts';
import { WsEvents } from './model/ws-events.ts';
import { createHttp } from './server/http.ts';
import { serveWebApp } from './server/static.ts';
import { createPresencePolicy } from './server/presence-policy.ts';

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
  /** The web app's build to serve (default web/dist). */
  webDist?: string;
}

/** How long close() lets requests in flight finish before it cuts their connections. */
export const SHUTDOWN_GRACE_MS = 3_000;

// One level below the project root both as src/server.ts and bundled as dist/main.js.
const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

export async function createServer(config: Config, opts: ServerOptions = {}): Promise<ParleyServer> {
  const log = pino({
    level: opts.logLevel ?? (config.LogSettings.EnableConsole ? config.LogSettings.ConsoleLevel.toLowerCase() : 'silent'),
  });
  generateSecrets(config); // loadConfig already saved them for a config file; an in-memory config gets them here
  const sql = config.SqlSettings;
  const conn = await connect(sql.DriverName, sql.DataSource, sql.MaxOpenConns, { sqliteSynchronous: sql.ParleySqliteSynchronous });
  await migrate(conn.db);
  const store = new Store(conn.db, conn.driver);
  await store.roles.ensure(defaultRoles());
  const roles = new RoleSet(await store.roles.list());
  const diagnosticId = await store.system.getOrInit('DiagnosticId', newId());
  fs.mkdirSync(config.FileSettings.Directory, { recursive: true });

  let listenUrl = '';
  const siteURL = () => config.ServiceSettings.SiteURL.replace(/\/+$/, '') || listenUrl;
  const serverVersion = () =>
    versionId(clientConfigHash(clientConfig(config, { siteURL: siteURL(), diagnosticId, loggedIn: false })), false);
  let versionHeader = serverVersion();
  const caches = new Caches(() => store);
  const hub = new Hub(caches);
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
  // The cluster calls back into presence before the app exists (it is started first: the app publishes through it).
  let app!: App & { stop(): Promise<void> }; // eslint-disable-line prefer-const -- assigned once the app context exists
  const presence = createPresencePolicy(hub, () => app);
  // In a cluster, events and invalidations also cross to the other nodes over Redis (src/ws/cluster.ts).
  const cluster = config.ClusterSettings.Enable
    ? await startCluster({
        url: config.ClusterSettings.RedisURL,
        clusterName: config.ClusterSettings.ClusterName,
        local: localEvents,
        log,
        onRemoteEvent: presence.onRemoteEvent,
        onResync: () => {
          caches.clear();
          void reloadRoles();
          presence.onResync();
        },
        localConnections: presence.localConnections,
        localCount: presence.localCount,
        onUserGone: presence.onUserGone,
        nodeTimeoutMs: config.ClusterSettings.ParleyNodeTimeoutMilliseconds,
      })
    : undefined;
  const ctx: AppContext = {
    store,
    config: () => config,
    roles,
    events: cluster ?? localEvents,
    caches,
    mailer: createMailer(() => config),
    log,
    siteURL,
    diagnosticId,
    configFile: opts.configPath ?? null,
    afterPost: [],
  };
  app = createApp(ctx);
  presence.watch(cluster);
  await app.slackImport.sweepImportStaging();
  const stopPresenceSweeper = startPresenceSweeper(ctx);

  const f = createHttp({ config, app, log, versionHeader: () => versionHeader });
  await f.register(async (api) => apiRoutes(api, app), { prefix: '/api/v4' });
  // Mattermost serves public file links at the site root (/files/{id}/public), outside /api/v4.
  await f.register(async (root) => publicFileRoutes(root, app));
  // Incoming webhooks post to /hooks/{id} at the site root, as Mattermost's.
  await f.register(async (root) => hooksPublicRoutes(root, app));
  // A slash command's response_url (/hooks/commands/{id}) is outside /api/v4 too.
  await f.register(async (root) => commandHookRoutes(root, app));
  // The OAuth 2.0 provider lives at the site root too (/oauth/authorize, /oauth/access_token …).
  await f.register(async (root) => oauthProviderRoutes(root, app));
  serveWebApp(f, app, opts.webDist ?? WEB_DIST);

  const ws = createWebsocketHandler({ app, hub, serverVersion: () => versionHeader, hostname: os.hostname() });
  f.server.on('upgrade', (req, socket, head) => {
    const p = (req.url ?? '').split('?')[0].replace(/\/$/, '');
    if (p !== '/api/v4/websocket') return void socket.destroy();
    void f.allowUpgrade(req).then((ok) => {
      if (ok) return ws.handleUpgrade(req, socket, head);
      // Mattermost's limiter wraps the whole handler: an upgrade over budget gets its plain-text 429 too.
      socket.end(
        'HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 15\r\nConnection: close\r\n\r\nlimit exceeded\n',
      );
    });
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
      await app.stop();
      stopPresenceSweeper();
      hub.close();
      ws.close();
      const abandon = setTimeout(() => f.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await f.close().finally(() => clearTimeout(abandon));
      await hub.flush();
      await cluster?.close();
      await conn.close();
      (ctx.mailer as { close?: () => void }).close?.();
    },
  };
}
