// /api/v4/channels/{id}/members and the member views of the current user.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { hasChannelPermission, requireChannelPermission, requireSystemPermission, requireTeamPermission } from '../app/authz.ts';
import { addChannelMember, getChannelOr404, removeChannelMember, viewChannel } from '../app/channels.ts';
import { getUserOr404 } from '../app/users.ts';
import { idList, OK, paging, legacyRoute, str, type LegacyCtx as Ctx } from './context.ts';
import { readableCachedChannel } from './channels.ts';

export function channelMembersRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'GET', '/channels/:channel_id/members', 'session', getChannelMembers);
  legacyRoute(f, app, ctx, 'POST', '/channels/:channel_id/members', 'session', addChannelMemberHandler);
  legacyRoute(f, app, ctx, 'POST', '/channels/:channel_id/members/ids', 'session', getChannelMembersByIds);
  legacyRoute(f, app, ctx, 'GET', '/channels/:channel_id/members/:user_id', 'session', getChannelMember);
  legacyRoute(f, app, ctx, 'DELETE', '/channels/:channel_id/members/:user_id', 'session', removeChannelMemberHandler);
  legacyRoute(f, app, ctx, 'POST', '/channels/members/:user_id/view', 'session', viewChannelHandler);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/teams/:team_id/channels/members', 'session', getChannelMembersForTeamForUser);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/channel_members', 'session', getChannelMembersForUser);
}

async function getChannelMembers(c: Ctx) {
  const ch = await readableCachedChannel(c, c.id('channel_id'));
  const { page, perPage } = paging(c);
  return c.app.store.channels.listMembers(ch.id, { offset: page * perPage, limit: perPage });
}

async function getChannelMembersByIds(c: Ctx) {
  const ch = await readableCachedChannel(c, c.id('channel_id'));
  const ids = idList(c.req.body, 'user_ids');
  return c.app.store.channels.listMembers(ch.id, { offset: 0, limit: ids.length || 1, userIds: ids });
}

async function getChannelMember(c: Ctx) {
  const ch = await readableCachedChannel(c, c.id('channel_id'));
  const m = await c.app.store.channels.getMember(ch.id, c.id('user_id'));
  if (!m) throw appError('app.channel.get_member.missing.app_error', 'GetMember');
  return m;
}

/** Joining a public channel yourself needs join_public_channels; adding others needs manage_*_channel_members. */
async function addChannelMemberHandler(c: Ctx) {
  const ch = await getChannelOr404(c.app, c.id('channel_id'));
  const body = c.body<Record<string, unknown>>();
  const userIds = body.user_ids !== undefined ? idList(body.user_ids, 'user_ids', 1000) : [str(body, 'user_id')];
  if (!userIds.length) throw Errors.invalidBodyParam('user_id');
  const self = userIds.length === 1 && userIds[0] === c.session.user_id;
  if (ch.type === 'D' || ch.type === 'G') throw appError('api.channel.add_user_to_channel.type.app_error', 'addChannelMember');
  if (self && ch.type === 'O') {
    await requireTeamPermission(c.app, c.actor, ch.team_id, Permissions.JOIN_PUBLIC_CHANNELS, 'addChannelMember');
  } else {
    const perm = ch.type === 'O' ? Permissions.MANAGE_PUBLIC_CHANNEL_MEMBERS : Permissions.MANAGE_PRIVATE_CHANNEL_MEMBERS;
    await requireChannelPermission(c.app, c.actor, ch.id, perm, 'addChannelMember');
  }
  const actor = await getUserOr404(c.app, c.session.user_id);
  const members = [];
  for (const id of userIds) {
    const user = await getUserOr404(c.app, id);
    members.push(await addChannelMember(c.app, ch, user, actor));
  }
  c.status(201);
  return body.user_ids !== undefined ? members : members[0];
}

/** Mattermost's order: channel type, group constraint, permission (others only), town-square (non-guests), membership. */
async function removeChannelMemberHandler(c: Ctx) {
  const ch = await getChannelOr404(c.app, c.id('channel_id'));
  const userId = c.id('user_id');
  const user = await getUserOr404(c.app, userId);
  const self = userId === c.session.user_id;
  if (ch.type !== 'O' && ch.type !== 'P') throw appError('api.channel.remove_channel_member.type.app_error', 'removeChannelMember');
  if (ch.group_constrained && !self && !user.is_bot)
    throw appError('api.channel.remove_member.group_constrained.app_error', 'removeChannelMember');
  if (!self) {
    const perm = ch.type === 'O' ? Permissions.MANAGE_PUBLIC_CHANNEL_MEMBERS : Permissions.MANAGE_PRIVATE_CHANNEL_MEMBERS;
    await requireChannelPermission(c.app, c.actor, ch.id, perm, 'removeChannelMember');
  }
  if (ch.name === 'town-square' && !user.roles.split(' ').includes('system_guest'))
    throw appError('api.channel.remove.default.app_error', 'RemoveUserFromChannel', { params: { Channel: 'town-square' } });
  const actor = self ? user : await getUserOr404(c.app, c.session.user_id);
  await removeChannelMember(c.app, ch, user, actor);
  return OK;
}

async function viewChannelHandler(c: Ctx) {
  const userId = c.id('user_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.EDIT_OTHER_USERS, 'viewChannel');
  const body = c.body<Record<string, unknown>>();
  const channelId = str(body, 'channel_id', false);
  const prev = str(body, 'prev_channel_id', false);
  if (channelId && !(await hasChannelPermission(c.app, c.actor, channelId, Permissions.READ_CHANNEL)))
    throw Errors.forbidden('viewChannel', c.session.user_id, Permissions.READ_CHANNEL);
  const times = await viewChannel(c.app, userId, channelId, prev);
  return { status: 'OK', last_viewed_at_times: times };
}

async function getChannelMembersForTeamForUser(c: Ctx) {
  const userId = c.id('user_id');
  const teamId = c.id('team_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'getChannelMembersForUser');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'getChannelMembersForUser');
  return c.app.store.channels.listMembersForUser(userId, teamId);
}

async function getChannelMembersForUser(c: Ctx) {
  const userId = c.id('user_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'getChannelMembersForUser');
  return c.app.store.channels.listMembersForUser(userId, null);
}
