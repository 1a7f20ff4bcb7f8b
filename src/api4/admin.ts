// /api/v4/config and user (de)activation: what the system console needs.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireSystemPermission } from '../app/authz.ts';
import { patchConfig, sanitizeConfig, updateConfig, updateUserActive } from '../app/admin.ts';
import { boolQuery, OK, legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function adminRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'GET', '/config', 'session', getConfig);
  legacyRoute(f, app, ctx, 'PUT', '/config', 'session', updateConfigHandler);
  // Client4.patchConfig sends PUT; PATCH is accepted too.
  legacyRoute(f, app, ctx, ['PUT', 'PATCH'], '/config/patch', 'session', patchConfigHandler);
  legacyRoute(f, app, ctx, 'DELETE', '/users/:user_id', 'session', deleteUser);
  legacyRoute(f, app, ctx, 'PUT', '/users/:user_id/active', 'session', updateUserActiveHandler);
}

async function getConfig(c: Ctx) {
  requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'getConfig');
  return sanitizeConfig(c.app.config());
}

async function updateConfigHandler(c: Ctx) {
  requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'updateConfig');
  return updateConfig(c.app, c.body());
}

async function patchConfigHandler(c: Ctx) {
  requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'patchConfig');
  return patchConfig(c.app, c.body());
}

/** Deactivates the user; `permanent=true` needs ServiceSettings.EnableAPIUserDeletion, which Parley does not offer. */
async function deleteUser(c: Ctx) {
  const userId = c.id('user_id');
  if (boolQuery(c, 'permanent')) {
    requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'deleteUser');
    throw appError('api.user.delete_user.not_enabled.app_error', 'deleteUser', { params: { userId } });
  }
  await updateUserActive(c.app, c.actor, userId, false);
  return OK;
}

async function updateUserActiveHandler(c: Ctx) {
  const userId = c.id('user_id');
  const active = c.body<{ active?: unknown }>().active;
  if (typeof active !== 'boolean') throw Errors.invalidBodyParam('active');
  await updateUserActive(c.app, c.actor, userId, active);
  return OK;
}
