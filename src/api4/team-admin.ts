// Team administration: delete (soft or permanent), restore, privacy, icon upload and removal, batch member adds.
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, OK, route, type Ctx } from './context.ts';
import { imageUploadOf } from './multipart.ts';
import { OptStr, Q } from './schemas.ts';

const DeleteQuery = Type.Object({ permanent: Q() });
const PrivacyBody = Type.Object({ privacy: Type.String() }, { param: 'privacy' });
const BatchBody = Type.Array(Type.Object({ team_id: OptStr(), user_id: OptStr() }), { minItems: 1, maxItems: 256, param: 'members' });
const GracefulQuery = Type.Object({ graceful: Q() });

export function teamAdminRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'DELETE', '/teams/:team_id', { auth: 'session', query: DeleteQuery }, deleteTeam);
  route(f, app, 'POST', '/teams/:team_id/restore', { auth: 'session' }, restoreTeam);
  route(f, app, 'PUT', '/teams/:team_id/privacy', { auth: 'session', body: PrivacyBody }, updateTeamPrivacy);
  route(f, app, 'POST', '/teams/:team_id/members/batch', { auth: 'session', body: BatchBody, query: GracefulQuery }, addTeamMembers);
  route(f, app, 'DELETE', '/teams/:team_id/image', { auth: 'session' }, removeTeamIcon);
  // The icon upload is multipart: the parser lives in this scope only.
  void f.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false });
    route(scope, app, 'POST', '/teams/:team_id/image', { auth: 'session' }, setTeamIcon);
  });
}

/** `permanent=true` needs ServiceSettings.EnableAPITeamDeletion. */
async function deleteTeam(c: Ctx<undefined, Static<typeof DeleteQuery>>) {
  await c.app.teamAdmin.deleteTeam(c.actor, c.id('team_id'), flag(c.query.permanent));
  return OK;
}

async function restoreTeam(c: Ctx) {
  return c.app.teamAdmin.restoreTeam(c.actor, c.id('team_id'));
}

async function updateTeamPrivacy(c: Ctx<Static<typeof PrivacyBody>>) {
  return c.app.teamAdmin.updateTeamPrivacy(c.actor, c.id('team_id'), c.body.privacy);
}

/** 201 with the members (or, graceful, one result per user). */
async function addTeamMembers(c: Ctx<Static<typeof BatchBody>, Static<typeof GracefulQuery>>) {
  const out = await c.app.teamAdmin.addTeamMembers(c.actor, c.id('team_id'), c.body, flag(c.query.graceful));
  c.status(201);
  return out;
}

/** Form field `image`. */
async function setTeamIcon(c: Ctx) {
  await c.app.userImages.setTeamIcon(c.actor, c.id('team_id'), imageUploadOf(c.req, c.app.userImages.maxImageBytes()));
  return OK;
}

async function removeTeamIcon(c: Ctx) {
  await c.app.userImages.removeTeamIcon(c.actor, c.id('team_id'));
  return OK;
}
