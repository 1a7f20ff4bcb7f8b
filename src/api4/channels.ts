// /api/v4/channels: creating channels (public, private, direct, group), reading one by id or name, the channels of
// a team and of a user, patching and stats. Members are in channel-members.ts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, pageOf, route, type Ctx } from './context.ts';
import { IdList, OptStr, PagingQuery, Q } from './schemas.ts';

const NewChannel = Type.Object({
  team_id: OptStr(),
  type: OptStr(),
  name: OptStr(),
  display_name: OptStr(),
  purpose: OptStr(),
  header: OptStr(),
});
const Patch = Type.Object({ display_name: OptStr(), name: OptStr(), header: OptStr(), purpose: OptStr() });
/** The whole channel object; `id` must be the path's (a mismatch of any type is `channel_id`, as before). */
const Update = Type.Object({
  id: Type.Optional(Type.Unknown()),
  display_name: OptStr(),
  name: OptStr(),
  header: OptStr(),
  purpose: OptStr(),
});
const DirectIds = IdList('user_ids', 2);
const GroupIds = IdList('user_ids', 8);
const ChannelIds = IdList('channel_ids');
const Search = Type.Object({ term: Type.String() });
const Paging = Type.Object(PagingQuery);
const IncludeDeleted = Type.Object({ include_deleted: Q() });
const Autocomplete = Type.Object({ name: Q() });

const BY_TEAM_NAME = '/teams/name/:team_name/channels/name/:channel_name';

export function channelsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/channels', { auth: 'session', body: NewChannel }, createChannel);
  route(f, app, 'POST', '/channels/direct', { auth: 'session', body: DirectIds }, createDirectChannel);
  route(f, app, 'POST', '/channels/group', { auth: 'session', body: GroupIds }, createGroupChannel);
  route(f, app, 'GET', '/channels/:channel_id', { auth: 'session' }, getChannel);
  route(f, app, 'PUT', '/channels/:channel_id/patch', { auth: 'session', body: Patch }, patchChannel);
  route(f, app, 'PUT', '/channels/:channel_id', { auth: 'session', body: Update }, updateChannel);
  route(f, app, 'GET', '/channels/:channel_id/stats', { auth: 'session' }, getChannelStats);
  route(f, app, 'GET', '/teams/:team_id/channels', { auth: 'session', query: Paging }, getPublicChannelsForTeam);
  route(f, app, 'POST', '/teams/:team_id/channels/ids', { auth: 'session', body: ChannelIds }, getPublicChannelsByIds);
  route(f, app, 'GET', '/teams/:team_id/channels/deleted', { auth: 'session', query: Paging }, getDeletedChannelsForTeam);
  route(f, app, 'GET', '/teams/:team_id/channels/autocomplete', { auth: 'session', query: Autocomplete }, autocompleteChannelsForTeam);
  route(f, app, 'POST', '/teams/:team_id/channels/search', { auth: 'session', body: Search }, searchChannels);
  route(f, app, 'GET', '/teams/:team_id/channels/name/:channel_name', { auth: 'session', query: IncludeDeleted }, getChannelByName);
  route(f, app, 'GET', BY_TEAM_NAME, { auth: 'session', query: IncludeDeleted }, getChannelByNameForTeamName);
  route(f, app, 'GET', '/users/:user_id/teams/:team_id/channels', { auth: 'session', query: IncludeDeleted }, getChannelsForTeamForUser);
  route(f, app, 'GET', '/users/:user_id/channels', { auth: 'session', query: IncludeDeleted }, getChannelsForUser);
}

/** Body: a channel (`team_id`, `name`, `display_name`, `type` O or P, `purpose`, `header`). 201. */
async function createChannel(c: Ctx<Static<typeof NewChannel>>) {
  const ch = await c.app.channels.createChannel(c.actor, c.body);
  c.status(201);
  return ch;
}

/** Body: the two user ids (one for a self-DM). 201, whether it is new or not. */
async function createDirectChannel(c: Ctx<string[]>) {
  const ch = await c.app.directChannels.createDirectChannel(c.actor, c.body);
  c.status(201);
  return ch;
}

/** Body: the other members' ids (the caller is added). 201. */
async function createGroupChannel(c: Ctx<string[]>) {
  const ch = await c.app.directChannels.createGroupChannel(c.actor, c.body);
  c.status(201);
  return ch;
}

async function getChannel(c: Ctx) {
  return c.app.channels.getChannel(c.actor, c.id('channel_id'));
}

async function getChannelByName(c: Ctx<undefined, Static<typeof IncludeDeleted>>) {
  return c.app.channels.getChannelByName(c.actor, c.id('team_id'), c.param('channel_name'), flag(c.query.include_deleted));
}

async function getChannelByNameForTeamName(c: Ctx<undefined, Static<typeof IncludeDeleted>>) {
  const includeDeleted = flag(c.query.include_deleted);
  return c.app.channels.getChannelByNameForTeamName(c.actor, c.param('team_name'), c.param('channel_name'), includeDeleted);
}

async function patchChannel(c: Ctx<Static<typeof Patch>>) {
  return c.app.channels.patchChannel(c.actor, c.id('channel_id'), c.body);
}

async function updateChannel(c: Ctx<Static<typeof Update>>) {
  return c.app.channels.updateChannel(c.actor, c.id('channel_id'), c.body);
}

async function getChannelStats(c: Ctx) {
  return c.app.channels.getChannelStats(c.actor, c.id('channel_id'));
}

async function getPublicChannelsForTeam(c: Ctx<undefined, Static<typeof Paging>>) {
  return c.app.channels.getPublicChannelsForTeam(c.actor, c.id('team_id'), pageOf(c.query));
}

async function getPublicChannelsByIds(c: Ctx<string[]>) {
  return c.app.channels.getPublicChannelsByIds(c.actor, c.id('team_id'), c.body);
}

async function getDeletedChannelsForTeam(c: Ctx<undefined, Static<typeof Paging>>) {
  return c.app.channels.getDeletedChannelsForTeam(c.actor, c.id('team_id'), pageOf(c.query));
}

async function autocompleteChannelsForTeam(c: Ctx<undefined, Static<typeof Autocomplete>>) {
  return c.app.channels.autocompleteChannelsForTeam(c.actor, c.id('team_id'), c.query.name ?? '');
}

async function searchChannels(c: Ctx<Static<typeof Search>>) {
  return c.app.channels.searchChannels(c.actor, c.id('team_id'), c.body.term);
}

async function getChannelsForTeamForUser(c: Ctx<undefined, Static<typeof IncludeDeleted>>) {
  return c.app.channels.getChannelsForTeamForUser(c.actor, c.id('user_id'), c.id('team_id'), flag(c.query.include_deleted));
}

async function getChannelsForUser(c: Ctx<undefined, Static<typeof IncludeDeleted>>) {
  return c.app.channels.getChannelsForUser(c.actor, c.id('user_id'), flag(c.query.include_deleted));
}
