// /api/v4/config and user (de)activation: what the system console needs.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, OK, route, type Ctx } from './context.ts';
import { Q } from './schemas.ts';

/** A whole or partial config: any object here; app/admin.ts checks each setting against the defaults' types. */
const ConfigBody = Type.Object({}, { param: 'config' });
const DeleteQuery = Type.Object({ permanent: Q() });
const ActiveBody = Type.Object({ active: Type.Boolean() });

export function adminRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/config', { auth: 'session' }, getConfig);
  route(f, app, 'PUT', '/config', { auth: 'session', body: ConfigBody }, updateConfig);
  // Client4.patchConfig sends PUT; PATCH is accepted too.
  route(f, app, ['PUT', 'PATCH'], '/config/patch', { auth: 'session', body: ConfigBody }, patchConfig);
  route(f, app, 'DELETE', '/users/:user_id', { auth: 'session', query: DeleteQuery }, deleteUser);
  route(f, app, 'PUT', '/users/:user_id/active', { auth: 'session', body: ActiveBody }, updateUserActive);
}

async function getConfig(c: Ctx) {
  return c.app.admin.getConfig(c.actor);
}

async function updateConfig(c: Ctx<Static<typeof ConfigBody>>) {
  return c.app.admin.updateConfig(c.actor, c.body);
}

async function patchConfig(c: Ctx<Static<typeof ConfigBody>>) {
  return c.app.admin.patchConfig(c.actor, c.body);
}

/** Deactivates the user; `permanent=true` is refused (ServiceSettings.EnableAPIUserDeletion is off). */
async function deleteUser(c: Ctx<undefined, Static<typeof DeleteQuery>>) {
  await c.app.admin.deleteUser(c.actor, c.id('user_id'), flag(c.query.permanent));
  return OK;
}

async function updateUserActive(c: Ctx<Static<typeof ActiveBody>>) {
  await c.app.admin.updateUserActive(c.actor, c.id('user_id'), c.body.active);
  return OK;
}
