// /api/v4/system, /config/client, /license/client: health and what clients read before they log in.
import type { FastifyInstance } from 'fastify';
import { appError } from '../model/app-error.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { clientConfig, clientLicense } from '../config/client-config.ts';
import { legacyRoute, type LegacyCtx as Ctx } from './context.ts';
import { tokenFromRequest } from '../app/auth-token.ts';
import { sessionFromToken } from '../app/users.ts';

export function systemRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'GET', '/system/ping', 'none', ping);
  legacyRoute(f, app, ctx, 'GET', '/config/client', 'none', getClientConfig);
  legacyRoute(f, app, ctx, 'GET', '/license/client', 'none', getClientLicense);
}

async function ping(c: Ctx) {
  const out: Record<string, unknown> = {
    status: 'OK',
    AndroidLatestVersion: '',
    AndroidMinVersion: '',
    IosLatestVersion: '',
    IosMinVersion: '',
    ActiveSearchBackend: 'database',
  };
  if (c.query('get_server_status') === 'true') {
    let dbOk = 'OK';
    try {
      await c.app.store.system.get('DiagnosticId');
    } catch {
      dbOk = 'UNHEALTHY';
    }
    out.database_status = dbOk;
    out.filestore_status = 'OK';
    c.reply.header('database_status', dbOk).header('filestore_status', 'OK');
  }
  return out;
}

async function getClientConfig(c: Ctx) {
  if (c.query('format') !== 'old') throw appError('api.config.client.old_format.app_error', 'getClientConfig');
  const info = tokenFromRequest(c.req);
  const loggedIn = !!info && !!(await sessionFromToken(c.app, info.token));
  const noAccounts = (await c.app.store.users.count()) === 0;
  return clientConfig(c.app.config(), { siteURL: c.app.siteURL(), diagnosticId: c.app.diagnosticId, loggedIn, noAccounts });
}

async function getClientLicense(c: Ctx) {
  if (c.query('format') !== 'old') throw appError('api.license.client.old_format.app_error', 'getClientLicense');
  return clientLicense();
}
