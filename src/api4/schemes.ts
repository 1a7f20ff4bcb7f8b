// /api/v4/schemes: permission schemes, and assigning one to a team or a channel; guest invitations into channels.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, pageOf, route, type Ctx } from './context.ts';
import { OptStr, PagingQuery, Q } from './schemas.ts';

const SchemeBody = Type.Object(
  {
    name: OptStr({ maxLength: 64 }),
    display_name: OptStr({ maxLength: 512 }),
    description: OptStr({ maxLength: 4096 }),
    scope: OptStr({ maxLength: 32 }),
  },
  { param: 'scheme' },
);
const ListQuery = Type.Object({ ...PagingQuery, scope: Q() });
const Paging = Type.Object({ ...PagingQuery });
const SchemeIdBody = Type.Object({ scheme_id: Type.String({ pattern: '^([a-z0-9]{26})?$' }) }, { param: 'scheme_id' });
const GuestInviteBody = Type.Object(
  { emails: Type.Unknown(), channels: Type.Unknown(), message: Type.Optional(Type.Unknown()) },
  { param: 'guests_invite' },
);
const GracefulQuery = Type.Object({ graceful: Q() });

export function schemesRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/schemes', { auth: 'session', query: ListQuery }, getSchemes);
  route(f, app, 'POST', '/schemes', { auth: 'session', body: SchemeBody }, createScheme);
  route(f, app, 'GET', '/schemes/:scheme_id', { auth: 'session' }, getScheme);
  route(f, app, 'DELETE', '/schemes/:scheme_id', { auth: 'session' }, deleteScheme);
  route(f, app, 'PUT', '/schemes/:scheme_id/patch', { auth: 'session', body: SchemeBody }, patchScheme);
  route(f, app, 'GET', '/schemes/:scheme_id/teams', { auth: 'session', query: Paging }, getTeamsForScheme);
  route(f, app, 'GET', '/schemes/:scheme_id/channels', { auth: 'session', query: Paging }, getChannelsForScheme);
  route(f, app, 'PUT', '/teams/:team_id/scheme', { auth: 'session', body: SchemeIdBody }, updateTeamScheme);
  route(f, app, 'PUT', '/channels/:channel_id/scheme', { auth: 'session', body: SchemeIdBody }, updateChannelScheme);
  route(
    f,
    app,
    'POST',
    '/teams/:team_id/invite-guests/email',
    { auth: 'session', body: GuestInviteBody, query: GracefulQuery },
    inviteGuestsToChannels,
  );
}

async function getSchemes(c: Ctx<undefined, Static<typeof ListQuery>>) {
  const { page, perPage } = pageOf(c.query);
  return c.app.schemes.getSchemes(c.actor, c.query.scope ?? '', page, perPage);
}

async function createScheme(c: Ctx<Static<typeof SchemeBody>>) {
  const s = await c.app.schemes.createScheme(c.actor, c.body);
  c.status(201);
  return s;
}

async function getScheme(c: Ctx) {
  return c.app.schemes.getScheme(c.actor, c.id('scheme_id'));
}

async function deleteScheme(c: Ctx) {
  await c.app.schemes.deleteScheme(c.actor, c.id('scheme_id'));
  return OK;
}

async function patchScheme(c: Ctx<Static<typeof SchemeBody>>) {
  return c.app.schemes.patchScheme(c.actor, c.id('scheme_id'), c.body);
}

async function getTeamsForScheme(c: Ctx<undefined, Static<typeof Paging>>) {
  const { page, perPage } = pageOf(c.query);
  return c.app.schemes.getTeamsForScheme(c.actor, c.id('scheme_id'), page, perPage);
}

async function getChannelsForScheme(c: Ctx<undefined, Static<typeof Paging>>) {
  const { page, perPage } = pageOf(c.query);
  return c.app.schemes.getChannelsForScheme(c.actor, c.id('scheme_id'), page, perPage);
}

async function updateTeamScheme(c: Ctx<Static<typeof SchemeIdBody>>) {
  await c.app.schemes.updateTeamScheme(c.actor, c.id('team_id'), c.body.scheme_id);
  return OK;
}

async function updateChannelScheme(c: Ctx<Static<typeof SchemeIdBody>>) {
  await c.app.schemes.updateChannelScheme(c.actor, c.id('channel_id'), c.body.scheme_id);
  return OK;
}

/** `{emails, channels, message}`; graceful answers one `{email, error}` per address. */
async function inviteGuestsToChannels(c: Ctx<Static<typeof GuestInviteBody>, Static<typeof GracefulQuery>>) {
  const graceful = (c.query.graceful ?? '') !== '';
  const results = await c.app.guests.inviteGuestsToChannels(c.actor, c.id('team_id'), c.body, graceful);
  if (!graceful) return OK;
  return results.map((r) => ({ email: r.email, error: r.error ? r.error.toJSON(c.requestId, false) : null }));
}
