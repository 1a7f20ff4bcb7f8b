// /api/v4/config and user (de)activation: what the system console needs.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { AppContext } from '../app/context.ts';
import { requireSystemPermission } from '../app/authz.ts';
import { patchConfig, sanitizeConfig, updateConfig, updateUserActive } from '../app/admin.ts';
import { boolQuery, OK, route, type Ctx } from './context.ts';

export function adminRoutes(f: FastifyInstance, app: AppContext): void {
  route(f, app, 'GET', '/config', 'session', getConfig);
  route(f, app, 'PUT', '/config', 'session', updateConfigHandler);
  // Client4.patchConfig sends PUT; PATCH is accepted too.
  route(f, app, ['PUT', 'PATCH'], '/config/patch', 'session', patchConfigHandler);
  route(f, app, 'DELETE', '/users/:user_id', 'session', deleteUser);
  route(f, app, 'PUT', '/users/:user_id/active', 'session', updateUserActiveHandler);
}

async function getConfig(c: Ctx) {
  requireSystemPermission(c.app, c.session, Permissions.MANAGE_SYSTEM, 'getConfig');
  return sanitizeConfig(c.app.config());
}

async function updateConfigHandler(c: Ctx) {
  requireSystemPermission(c.app, c.session, Permissions.MANAGE_SYSTEM, 'updateConfig');
  return updateConfig(c.app, c.body());
}

async function patchConfigHandler(c: Ctx) {
  requireSystemPermission(c.app, c.session, Permissions.MANAGE_SYSTEM, 'patchConfig');
  return patchConfig(c.app, c.body());
}

/** Deactivates the user; `permanent=true` needs ServiceSettings.EnableAPIUserDeletion, which Parley does not offer. */
async function deleteUser(c: Ctx) {
  const userId = c.id('user_id');
  if (boolQuery(c, 'permanent')) {
    requireSystemPermission(c.app, c.session, Permissions.MANAGE_SYSTEM, 'deleteUser');
    throw appError('api.user.delete_user.not_enabled.app_error', 'deleteUser', { params: { userId } });
  }
  await updateUserActive(c.app, c.session, userId, false);
  return OK;
}

async function updateUserActiveHandler(c: Ctx) {
  const userId = c.id('user_id');
  const active = c.body<{ active?: unknown }>().active;
  if (typeof active !== 'boolean') throw Errors.invalidBodyParam('active');
  await updateUserActive(c.app, c.session, userId, active);
  return OK;
}
