// Roles: the built-in roles with their permission lists, lookups, and an admin's patch of a role's permissions, which
// takes effect at once on every node (role_updated tells every client).
import { appError, Errors } from '../model/app-error.ts';
import { isValidPermission, isValidRoleName, Permissions, type Role } from '../model/roles.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { hasSystemPermission, requireSystemPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { auditPath, recordAudit } from './audits.ts';

/** GET /roles: only to those who may read the permissions pages of the system console, as in Mattermost. */
export function getAllRoles(ctx: AppContext, actor: Actor): Role[] {
  if (
    !hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM) &&
    !hasSystemPermission(ctx, actor, 'sysconsole_read_user_management_permissions')
  )
    throw Errors.forbidden('getAllRoles', actor.userId, 'sysconsole_read_user_management_permissions');
  return ctx.roles.all().sort((a, b) => a.name.localeCompare(b.name));
}

export function getRole(ctx: AppContext, roleId: string): Role {
  const role = ctx.roles.getById(roleId);
  if (!role) throw appError('app.role.get.app_error', 'GetRole');
  return role;
}

export function getRoleByName(ctx: AppContext, name: string): Role {
  if (!isValidRoleName(name)) throw Errors.invalidUrlParam('role_name');
  const role = ctx.roles.get(name);
  if (!role) throw appError('app.role.get_by_name.app_error', 'GetRoleByName');
  return role;
}

/** POST /roles/names: the apps send the union of user, team-member and channel-member roles; unknown names are skipped. */
export function getRolesByNames(ctx: AppContext, names: string[]): Role[] {
  if (!names.every(isValidRoleName)) throw Errors.invalidBodyParam('rolename');
  const out: Role[] = [];
  for (const n of new Set(names)) {
    const r = ctx.roles.get(n);
    if (r) out.push(r);
  }
  return out;
}

/**
 * PUT /roles/{id}/patch: `permissions` (Mattermost's ids) replace the role's, with manage_system; absent, the role is
 * returned unchanged. The role table and the in-memory RoleSet change together; other nodes reload the role before
 * they deliver role_updated to their clients.
 */
export async function patchRole(ctx: AppContext, actor: Actor, roleId: string, patch: { permissions?: string[] | null }): Promise<Role> {
  const role = getRole(ctx, roleId);
  requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'patchRole');
  const perms = patch.permissions;
  if (perms === undefined || perms === null) return role;
  if (!perms.every(isValidPermission)) throw Errors.invalidBodyParam('permissions');
  const next: Role = { ...role, permissions: [...new Set(perms)], update_at: Date.now() };
  await ctx.store.roles.update(next);
  ctx.roles.update(next);
  await ctx.events.invalidate('role', next.id);
  ctx.events.publish(wsEvent(WsEvents.RoleUpdated, { role: JSON.stringify(next) }, {}));
  await recordAudit(ctx, actor, auditPath(`/roles/${next.id}/patch`), `role=${next.name} permissions=${next.permissions.length}`);
  return next;
}
