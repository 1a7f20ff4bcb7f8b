// User administration: profile picture upload and reset, revoking every session, user and site statistics, custom
// statuses, and guest promotion/demotion.
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, OK, route, type Ctx } from './context.ts';
import { imageUploadOf } from './multipart.ts';
import { OptStr, Q, QId } from './schemas.ts';

const FilteredStatsQuery = Type.Object({
  in_team: QId(),
  in_channel: QId(),
  include_deleted: Q(),
  include_bots: Q(),
  include_remote_users: Q(),
  roles: Q(),
  team_roles: Q(),
  channel_roles: Q(),
});
const AnalyticsQuery = Type.Object({ name: Q(), team_id: QId() });
const CustomStatusBody = Type.Object(
  {
    emoji: OptStr({ maxLength: 64 }),
    text: OptStr({ maxLength: 1024 }),
    duration: OptStr({ maxLength: 32 }),
    expires_at: OptStr({ maxLength: 64 }),
  },
  { param: 'custom_status' },
);

export function userAdminRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'DELETE', '/users/:user_id/image', { auth: 'session' }, setDefaultProfileImage);
  void f.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false });
    route(scope, app, 'POST', '/users/:user_id/image', { auth: 'session' }, setProfileImage);
  });
  route(f, app, 'POST', '/users/sessions/revoke/all', { auth: 'session' }, revokeAllSessionsAllUsers);
  route(f, app, 'GET', '/users/stats', { auth: 'session' }, getTotalUsersStats);
  route(f, app, 'GET', '/users/stats/filtered', { auth: 'session', query: FilteredStatsQuery }, getFilteredUsersStats);
  route(f, app, 'GET', '/analytics/old', { auth: 'session', query: AnalyticsQuery }, getAnalytics);
  route(f, app, 'PUT', '/users/:user_id/status/custom', { auth: 'session', body: CustomStatusBody }, updateUserCustomStatus);
  route(f, app, 'DELETE', '/users/:user_id/status/custom', { auth: 'session' }, removeUserCustomStatus);
  route(f, app, 'GET', '/users/:user_id/status/custom/recent', { auth: 'session' }, getRecentCustomStatuses);
  route(
    f,
    app,
    'POST',
    '/users/:user_id/status/custom/recent/delete',
    { auth: 'session', body: CustomStatusBody },
    removeRecentCustomStatus,
  );
  route(f, app, 'DELETE', '/users/:user_id/status/custom/recent', { auth: 'session', body: CustomStatusBody }, removeRecentCustomStatus);
  route(f, app, 'POST', '/users/:user_id/promote', { auth: 'session' }, promoteGuestToUser);
  route(f, app, 'POST', '/users/:user_id/demote', { auth: 'session' }, demoteUserToGuest);
}

/** Form field `image`. */
async function setProfileImage(c: Ctx) {
  await c.app.userImages.setProfileImage(c.actor, c.id('user_id'), imageUploadOf(c.req, c.app.userImages.maxImageBytes()));
  return OK;
}

async function setDefaultProfileImage(c: Ctx) {
  await c.app.userImages.deleteProfileImage(c.actor, c.id('user_id'));
  return OK;
}

async function revokeAllSessionsAllUsers(c: Ctx) {
  await c.app.userAdmin.revokeAllSessionsAllUsers(c.actor);
  return OK;
}

async function getTotalUsersStats(c: Ctx) {
  return c.app.userAdmin.getTotalUsersStats();
}

async function getFilteredUsersStats(c: Ctx<undefined, Static<typeof FilteredStatsQuery>>) {
  const q = c.query;
  return c.app.userAdmin.getFilteredUsersStats(c.actor, {
    inTeam: q.in_team || undefined,
    inChannel: q.in_channel || undefined,
    includeDeleted: flag(q.include_deleted),
    includeBots: flag(q.include_bots),
    roles: q.roles,
    teamRoles: q.team_roles,
    channelRoles: q.channel_roles,
  });
}

async function getAnalytics(c: Ctx<undefined, Static<typeof AnalyticsQuery>>) {
  return c.app.userAdmin.getAnalytics(c.actor, c.query.name || 'standard', c.query.team_id || undefined);
}

async function updateUserCustomStatus(c: Ctx<Static<typeof CustomStatusBody>>) {
  await c.app.userAdmin.updateCustomStatus(c.actor, c.id('user_id'), c.body);
  return OK;
}

async function removeUserCustomStatus(c: Ctx) {
  await c.app.userAdmin.removeCustomStatus(c.actor, c.id('user_id'));
  return OK;
}

async function getRecentCustomStatuses(c: Ctx) {
  return c.app.userAdmin.getRecentCustomStatuses(c.actor, c.id('user_id'));
}

async function removeRecentCustomStatus(c: Ctx<Static<typeof CustomStatusBody>>) {
  await c.app.userAdmin.removeRecentCustomStatus(c.actor, c.id('user_id'), c.body);
  return OK;
}

async function promoteGuestToUser(c: Ctx) {
  await c.app.guests.promoteGuestToUser(c.actor, c.id('user_id'));
  return OK;
}

async function demoteUserToGuest(c: Ctx) {
  await c.app.guests.demoteUserToGuest(c.actor, c.id('user_id'));
  return OK;
}
