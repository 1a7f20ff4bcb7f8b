// Role changes: a user's system roles and a team or channel member's roles and scheme flags.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, route, type Ctx } from './context.ts';

const RolesBody = Type.Object({ roles: Type.String({ maxLength: 1024 }) }, { param: 'roles' });
const SchemeRolesBody = Type.Object(
  { scheme_admin: Type.Boolean(), scheme_user: Type.Boolean(), scheme_guest: Type.Optional(Type.Boolean()) },
  { param: 'scheme_roles' },
);

export function memberRolesRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'PUT', '/users/:user_id/roles', { auth: 'session', body: RolesBody }, updateUserRoles);
  route(f, app, 'PUT', '/teams/:team_id/members/:user_id/roles', { auth: 'session', body: RolesBody }, updateTeamMemberRoles);
  route(
    f,
    app,
    'PUT',
    '/teams/:team_id/members/:user_id/schemeRoles',
    { auth: 'session', body: SchemeRolesBody },
    updateTeamMemberSchemeRoles,
  );
  route(f, app, 'PUT', '/channels/:channel_id/members/:user_id/roles', { auth: 'session', body: RolesBody }, updateChannelMemberRoles);
  route(
    f,
    app,
    'PUT',
    '/channels/:channel_id/members/:user_id/schemeRoles',
    { auth: 'session', body: SchemeRolesBody },
    updateChannelMemberSchemeRoles,
  );
}

async function updateUserRoles(c: Ctx<Static<typeof RolesBody>>) {
  await c.app.memberRoles.updateUserRoles(c.actor, c.id('user_id'), c.body.roles);
  return OK;
}

async function updateTeamMemberRoles(c: Ctx<Static<typeof RolesBody>>) {
  await c.app.memberRoles.updateTeamMemberRoles(c.actor, c.id('team_id'), c.id('user_id'), c.body.roles);
  return OK;
}

async function updateTeamMemberSchemeRoles(c: Ctx<Static<typeof SchemeRolesBody>>) {
  const b = c.body;
  await c.app.memberRoles.updateTeamMemberSchemeRoles(c.actor, c.id('team_id'), c.id('user_id'), { ...b, scheme_guest: !!b.scheme_guest });
  return OK;
}

async function updateChannelMemberRoles(c: Ctx<Static<typeof RolesBody>>) {
  await c.app.memberRoles.updateChannelMemberRoles(c.actor, c.id('channel_id'), c.id('user_id'), c.body.roles);
  return OK;
}

async function updateChannelMemberSchemeRoles(c: Ctx<Static<typeof SchemeRolesBody>>) {
  const b = c.body;
  await c.app.memberRoles.updateChannelMemberSchemeRoles(c.actor, c.id('channel_id'), c.id('user_id'), {
    ...b,
    scheme_guest: !!b.scheme_guest,
  });
  return OK;
}
