// /api/v4/roles: the built-in roles with their permission lists, lookups by id and name, and admin patches.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { route, type Ctx } from './context.ts';

const RoleNames = Type.Array(Type.String(), { minItems: 1, param: 'rolenames' });
const RolePatch = Type.Object({ permissions: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])) });

export function rolesRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/roles', { auth: 'session' }, getAllRoles);
  route(f, app, 'GET', '/roles/name/:role_name', { auth: 'session' }, getRoleByName);
  route(f, app, 'POST', '/roles/names', { auth: 'session', body: RoleNames }, getRolesByNames);
  route(f, app, 'GET', '/roles/:role_id', { auth: 'session' }, getRole);
  route(f, app, 'PUT', '/roles/:role_id/patch', { auth: 'session', body: RolePatch }, patchRole);
}

async function getAllRoles(c: Ctx) {
  return c.app.roles.getAllRoles(c.actor);
}

async function getRole(c: Ctx) {
  return c.app.roles.getRole(c.id('role_id'));
}

async function getRoleByName(c: Ctx) {
  return c.app.roles.getRoleByName(c.param('role_name'));
}

/** Body: role names; unknown names are skipped. */
async function getRolesByNames(c: Ctx<string[]>) {
  return c.app.roles.getRolesByNames(c.body);
}

/** Body `{permissions}` replaces the role's permissions (manage_system). */
async function patchRole(c: Ctx<Static<typeof RolePatch>>) {
  return c.app.roles.patchRole(c.actor, c.id('role_id'), c.body);
}
