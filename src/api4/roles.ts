// /api/v4/roles: the built-in roles with their permission lists, lookups by id and name, and admin patches.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { isValidPermission, isValidRoleName, Permissions, type Role } from '../model/roles.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { hasSystemPermission, requireSystemPermission } from '../app/authz.ts';
import { legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function rolesRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'GET', '/roles', 'session', getAllRoles);
  legacyRoute(f, app, ctx, 'GET', '/roles/name/:role_name', 'session', getRoleByName);
  legacyRoute(f, app, ctx, 'POST', '/roles/names', 'session', getRolesByNames);
  legacyRoute(f, app, ctx, 'GET', '/roles/:role_id', 'session', getRole);
  legacyRoute(f, app, ctx, 'PUT', '/roles/:role_id/patch', 'session', patchRole);
}

/** Mattermost lists every role only to those who may read the permissions pages of the system console. */
async function getAllRoles(c: Ctx) {
  if (
    !hasSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM) &&
    !hasSystemPermission(c.app, c.actor, 'sysconsole_read_user_management_permissions')
  )
    throw Errors.forbidden('getAllRoles', c.session.user_id, 'sysconsole_read_user_management_permissions');
  return c.app.roles.all().sort((a, b) => a.name.localeCompare(b.name));
}

async function getRole(c: Ctx) {
  const role = c.app.roles.getById(c.id('role_id'));
  if (!role) throw appError('app.role.get.app_error', 'GetRole');
  return role;
}

async function getRoleByName(c: Ctx) {
  const name = c.param('role_name');
  if (!isValidRoleName(name)) throw Errors.invalidUrlParam('role_name');
  const role = c.app.roles.get(name);
  if (!role) throw appError('app.role.get_by_name.app_error', 'GetRoleByName');
  return role;
}

/** Body: role names (the apps send the union of user, team-member and channel-member roles). Unknown names are skipped. */
async function getRolesByNames(c: Ctx) {
  const names = c.req.body;
  if (!Array.isArray(names) || names.length === 0) throw Errors.invalidBodyParam('rolenames');
  if (!names.every((n) => typeof n === 'string' && isValidRoleName(n))) throw Errors.invalidBodyParam('rolename');
  const out: Role[] = [];
  for (const n of new Set(names as string[])) {
    const r = c.app.roles.get(n);
    if (r) out.push(r);
  }
  return out;
}

/**
 * Body `{permissions: string[]}` replaces the role's permissions (ids must be Mattermost's). Needs manage_system.
 * The role table and the in-memory RoleSet change together (on every node); `role_updated` tells every client.
 */
async function patchRole(c: Ctx) {
  const role = c.app.roles.getById(c.id('role_id'));
  if (!role) throw appError('app.role.get.app_error', 'GetRole');
  const body = c.body<Record<string, unknown>>();
  requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'patchRole');
  const perms = body.permissions;
  if (perms === undefined || perms === null) return role;
  if (!Array.isArray(perms) || !perms.every((p) => typeof p === 'string' && isValidPermission(p)))
    throw Errors.invalidBodyParam('permissions');
  const next: Role = { ...role, permissions: [...new Set(perms as string[])], update_at: Date.now() };
  await c.app.store.roles.update(next);
  c.app.roles.update(next);
  // Other nodes reload the role from the store before they deliver role_updated to their clients.
  await c.app.events.invalidate('role', next.id);
  c.app.events.publish(wsEvent(WsEvents.RoleUpdated, { role: JSON.stringify(next) }, {}));
  return next;
}
