// /api/v4/channels: channels of a team, my channels, direct and group messages, patching and stats.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel } from '../model/types.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import {
  hasChannelPermission,
  hasTeamPermission,
  requireChannelPermission,
  requireSystemPermission,
  requireTeamPermission,
} from '../app/authz.ts';
import {
  createChannel,
  getChannelOr404,
  getOrCreateDirectChannel,
  getOrCreateGroupChannel,
  patchChannel,
  type ChannelPatch,
} from '../app/channels.ts';
import { getUserOr404 } from '../app/users.ts';
import { boolQuery, idList, paging, legacyRoute, str, type LegacyCtx as Ctx } from './context.ts';
import { channelMembersRoutes } from './channel-members.ts';

export function channelsRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'POST', '/channels', 'session', createChannelHandler);
  legacyRoute(f, app, ctx, 'POST', '/channels/direct', 'session', createDirectChannel);
  legacyRoute(f, app, ctx, 'POST', '/channels/group', 'session', createGroupChannel);
  legacyRoute(f, app, ctx, 'GET', '/channels/:channel_id', 'session', getChannel);
  legacyRoute(f, app, ctx, 'PUT', '/channels/:channel_id/patch', 'session', patchChannelHandler);
  legacyRoute(f, app, ctx, 'PUT', '/channels/:channel_id', 'session', updateChannelHandler);
  legacyRoute(f, app, ctx, 'GET', '/channels/:channel_id/stats', 'session', getChannelStats);
  legacyRoute(f, app, ctx, 'GET', '/teams/:team_id/channels', 'session', getPublicChannelsForTeam);
  legacyRoute(f, app, ctx, 'POST', '/teams/:team_id/channels/ids', 'session', getPublicChannelsByIds);
  legacyRoute(f, app, ctx, 'GET', '/teams/:team_id/channels/deleted', 'session', getDeletedChannelsForTeam);
  legacyRoute(f, app, ctx, 'GET', '/teams/:team_id/channels/autocomplete', 'session', autocompleteChannels);
  legacyRoute(f, app, ctx, 'POST', '/teams/:team_id/channels/search', 'session', searchChannels);
  legacyRoute(f, app, ctx, 'GET', '/teams/:team_id/channels/name/:channel_name', 'session', getChannelByName);
  legacyRoute(f, app, ctx, 'GET', '/teams/name/:team_name/channels/name/:channel_name', 'session', getChannelByNameForTeamName);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/teams/:team_id/channels', 'session', getChannelsForTeamForUser);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/channels', 'session', getChannelsForUser);
  channelMembersRoutes(f, app);
}

/**
 * A channel the session may read: members always; public channels for team members; archived per config. Read fresh
 * from the store: for handlers that answer with the channel (its message counters included).
 */
export async function readableChannel(c: Ctx, channelId: string): Promise<Channel> {
  return requireReadable(c, await c.app.store.channels.get(channelId));
}

/**
 * The same check on the cached channel (`caches.channel`, no query): its id, name, type, team and delete_at are
 * current (every change invalidates it), its counters are not. For handlers that read what is in the channel (posts,
 * members) and never return the channel object itself.
 */
export async function readableCachedChannel(c: Ctx, channelId: string): Promise<Channel> {
  return requireReadable(c, await c.app.caches.channel(channelId));
}

async function requireReadable(c: Ctx, ch: Channel | undefined): Promise<Channel> {
  if (!ch) throw appError('app.channel.get.existing.app_error', 'GetChannel');
  if (await hasChannelPermission(c.app, c.actor, ch.id, Permissions.READ_CHANNEL)) return ch;
  if (ch.type === 'O' && (await hasTeamPermission(c.app, c.actor, ch.team_id, Permissions.READ_PUBLIC_CHANNEL))) return ch;
  throw Errors.forbidden('getChannel', c.session.user_id, Permissions.READ_CHANNEL);
}

async function createChannelHandler(c: Ctx) {
  const body = c.body<Record<string, unknown>>();
  const teamId = str(body, 'team_id');
  const type = str(body, 'type', false) || 'O';
  if (type === 'D' || type === 'G') throw appError('api.channel.create_channel.direct_channel.app_error', 'createChannel');
  if (type !== 'O' && type !== 'P') throw appError('model.channel.is_valid.type.app_error', 'Channel.IsValid');
  const name = str(body, 'name');
  const display = str(body, 'display_name');
  const perm = type === 'O' ? Permissions.CREATE_PUBLIC_CHANNEL : Permissions.CREATE_PRIVATE_CHANNEL;
  await requireTeamPermission(c.app, c.actor, teamId, perm, 'createChannel');
  const team = await c.app.store.teams.get(teamId);
  if (!team || team.delete_at) throw appError('app.team.get.find.app_error', 'createChannel');
  const ch = await createChannel(c.app, {
    team_id: teamId,
    name,
    display_name: display,
    type,
    purpose: str(body, 'purpose', false),
    header: str(body, 'header', false),
    creator_id: c.session.user_id,
  });
  c.status(201);
  return ch;
}

async function createDirectChannel(c: Ctx) {
  const ids = idList(c.req.body, 'user_ids', 2);
  const pair = ids.length === 1 ? [ids[0], ids[0]] : ids;
  if (pair.length !== 2) throw Errors.invalidBodyParam('user_ids');
  const [a, b] = pair;
  if (a !== c.session.user_id && b !== c.session.user_id)
    requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'createDirectChannel');
  requireSystemPermission(c.app, c.actor, Permissions.CREATE_DIRECT_CHANNEL, 'createDirectChannel');
  await getUserOr404(c.app, a);
  await getUserOr404(c.app, b);
  const { channel, created } = await getOrCreateDirectChannel(c.app, c.session.user_id === b ? b : a, c.session.user_id === b ? a : b);
  c.status(created ? 201 : 201);
  return channel;
}

async function createGroupChannel(c: Ctx) {
  const ids = idList(c.req.body, 'user_ids', 8);
  requireSystemPermission(c.app, c.actor, Permissions.CREATE_GROUP_CHANNEL, 'createGroupChannel');
  const all = [...new Set([...ids, c.session.user_id])];
  const users = await c.app.store.users.getMany(all);
  if (users.length !== all.length) throw Errors.invalidBodyParam('user_ids');
  const { channel } = await getOrCreateGroupChannel(c.app, c.session.user_id, users);
  c.status(201);
  return channel;
}

async function getChannel(c: Ctx) {
  return readableChannel(c, c.id('channel_id'));
}

async function getChannelByName(c: Ctx) {
  const teamId = c.id('team_id');
  const ch = await c.app.store.channels.getByName(teamId, c.param('channel_name'));
  if (!ch || (ch.delete_at && !boolQuery(c, 'include_deleted'))) {
    throw appError('app.channel.get_by_name.missing.app_error', 'GetChannelByName');
  }
  return readableChannel(c, ch.id);
}

async function getChannelByNameForTeamName(c: Ctx) {
  const team = await c.app.store.teams.getByName(c.param('team_name'));
  if (!team) throw appError('app.team.get_by_name.missing.app_error', 'GetTeamByName');
  const ch = await c.app.store.channels.getByName(team.id, c.param('channel_name'));
  if (!ch || (ch.delete_at && !boolQuery(c, 'include_deleted')))
    throw appError('app.channel.get_by_name.missing.app_error', 'GetChannelByName');
  return readableChannel(c, ch.id);
}

async function requireManageChannelProperties(c: Ctx, ch: Channel): Promise<void> {
  if (ch.type === 'D' || ch.type === 'G') {
    if (!(await c.app.store.channels.getMember(ch.id, c.session.user_id)))
      throw Errors.forbidden('patchChannel', c.session.user_id, Permissions.MANAGE_PRIVATE_CHANNEL_PROPERTIES);
    return;
  }
  const perm = ch.type === 'O' ? Permissions.MANAGE_PUBLIC_CHANNEL_PROPERTIES : Permissions.MANAGE_PRIVATE_CHANNEL_PROPERTIES;
  await requireChannelPermission(c.app, c.actor, ch.id, perm, 'patchChannel');
}

async function patchChannelHandler(c: Ctx) {
  const ch = await getChannelOr404(c.app, c.id('channel_id'));
  const patch = c.body<ChannelPatch>();
  for (const k of ['display_name', 'name', 'header', 'purpose'] as const) {
    if (patch[k] !== undefined && patch[k] !== null && typeof patch[k] !== 'string') throw Errors.invalidBodyParam(k);
  }
  await requireManageChannelProperties(c, ch);
  const actor = await getUserOr404(c.app, c.session.user_id);
  return patchChannel(c.app, ch, patch, actor);
}

async function updateChannelHandler(c: Ctx) {
  const ch = await getChannelOr404(c.app, c.id('channel_id'));
  const body = c.body<ChannelPatch & { id?: string }>();
  if (body.id !== ch.id) throw Errors.invalidBodyParam('channel_id');
  await requireManageChannelProperties(c, ch);
  const actor = await getUserOr404(c.app, c.session.user_id);
  return patchChannel(c.app, ch, { display_name: body.display_name, name: body.name, header: body.header, purpose: body.purpose }, actor);
}

async function getChannelStats(c: Ctx) {
  const ch = await readableCachedChannel(c, c.id('channel_id'));
  const counts = await c.app.store.channels.counts(ch.id);
  return {
    channel_id: ch.id,
    member_count: await c.app.store.channels.countMembers(ch.id),
    guest_count: 0,
    pinnedpost_count: counts.pinned,
    files_count: counts.files,
  };
}

async function getPublicChannelsForTeam(c: Ctx) {
  const teamId = c.id('team_id');
  const { page, perPage } = paging(c);
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.LIST_TEAM_CHANNELS, 'getPublicChannelsForTeam');
  return c.app.store.channels.listPublic(teamId, { offset: page * perPage, limit: perPage });
}

async function getPublicChannelsByIds(c: Ctx) {
  const teamId = c.id('team_id');
  const ids = idList(c.req.body, 'channel_ids');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'getPublicChannelsByIds');
  const chans = await c.app.store.channels.getMany(ids);
  return chans.filter((ch) => ch.team_id === teamId && ch.type === 'O');
}

async function getDeletedChannelsForTeam(c: Ctx) {
  const teamId = c.id('team_id');
  const { page, perPage } = paging(c);
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.LIST_TEAM_CHANNELS, 'getDeletedChannelsForTeam');
  return c.app.store.channels.listPublic(teamId, { offset: page * perPage, limit: perPage, deleted: true });
}

async function autocompleteChannels(c: Ctx) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.LIST_TEAM_CHANNELS, 'autocompleteChannelsForTeam');
  return c.app.store.channels.searchInTeam(teamId, c.query('name') ?? '', { publicOnly: false, memberOf: c.session.user_id, limit: 50 });
}

async function searchChannels(c: Ctx) {
  const teamId = c.id('team_id');
  const term = str(c.body(), 'term');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.LIST_TEAM_CHANNELS, 'searchChannels');
  return c.app.store.channels.searchInTeam(teamId, term, { publicOnly: true, limit: 100 });
}

async function getChannelsForTeamForUser(c: Ctx) {
  const userId = c.id('user_id');
  const teamId = c.id('team_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'getChannelsForTeamForUser');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'getChannelsForTeamForUser');
  return c.app.store.channels.listForUser(userId, teamId, boolQuery(c, 'include_deleted'));
}

async function getChannelsForUser(c: Ctx) {
  const userId = c.id('user_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'getChannelsForUser');
  return c.app.store.channels.listForUser(userId, null, boolQuery(c, 'include_deleted'));
}
