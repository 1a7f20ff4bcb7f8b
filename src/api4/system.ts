// /api/v4/system, /config/client, /license/client: health and what clients read before they log in.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { route, type Ctx } from './context.ts';
import { Q } from './schemas.ts';

const PingQuery = Type.Object({ get_server_status: Q() });
const FormatQuery = Type.Object({ format: Q() });

export function systemRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/system/ping', { auth: 'none', query: PingQuery }, getSystemPing);
  route(f, app, 'GET', '/config/client', { auth: 'none', query: FormatQuery }, getClientConfig);
  route(f, app, 'GET', '/license/client', { auth: 'none', query: FormatQuery }, getClientLicense);
}

/** With `get_server_status=true` the statuses also go out as headers, as Mattermost sends them. */
async function getSystemPing(c: Ctx<undefined, Static<typeof PingQuery>>) {
  const ping = await c.app.system.getSystemPing(c.query.get_server_status === 'true');
  if (ping.database_status) c.reply.header('database_status', ping.database_status).header('filestore_status', ping.filestore_status);
  return ping;
}

async function getClientConfig(c: Ctx<undefined, Static<typeof FormatQuery>>) {
  return c.app.system.getClientConfig(await c.optionalActor(), c.query.format);
}

async function getClientLicense(c: Ctx<undefined, Static<typeof FormatQuery>>) {
  return c.app.system.getClientLicense(c.query.format);
}
