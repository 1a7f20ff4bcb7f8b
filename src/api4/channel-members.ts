// /api/v4/channels/{id}/members and the member views of the current user.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, pageOf, route, type Ctx } from './context.ts';
import { IdList, OptStr, PagingQuery } from './schemas.ts';

const Paging = Type.Object(PagingQuery);
const UserIds = IdList('user_ids');
/** One `user_id`, or up to 1000 `user_ids`. */
const AddMember = Type.Object({ user_id: OptStr(), user_ids: Type.Optional(IdList('user_ids', 1000)) });
const View = Type.Object({ channel_id: OptStr(), prev_channel_id: OptStr() });

export function channelMembersRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/channels/:channel_id/members', { auth: 'session', query: Paging }, getChannelMembers);
  route(f, app, 'POST', '/channels/:channel_id/members', { auth: 'session', body: AddMember }, addChannelMember);
  route(f, app, 'POST', '/channels/:channel_id/members/ids', { auth: 'session', body: UserIds }, getChannelMembersByIds);
  route(f, app, 'GET', '/channels/:channel_id/members/:user_id', { auth: 'session' }, getChannelMember);
  route(f, app, 'DELETE', '/channels/:channel_id/members/:user_id', { auth: 'session' }, removeChannelMember);
  route(f, app, 'POST', '/channels/members/:user_id/view', { auth: 'session', body: View }, viewChannel);
  route(f, app, 'GET', '/users/:user_id/teams/:team_id/channels/members', { auth: 'session' }, getChannelMembersForTeamForUser);
  route(f, app, 'GET', '/users/:user_id/channel_members', { auth: 'session' }, getChannelMembersForUser);
}

async function getChannelMembers(c: Ctx<undefined, Static<typeof Paging>>) {
  return c.app.channelMembers.getChannelMembers(c.actor, c.id('channel_id'), pageOf(c.query));
}

async function getChannelMembersByIds(c: Ctx<string[]>) {
  return c.app.channelMembers.getChannelMembersByIds(c.actor, c.id('channel_id'), c.body);
}

async function getChannelMember(c: Ctx) {
  return c.app.channelMembers.getChannelMember(c.actor, c.id('channel_id'), c.id('user_id'));
}

/** 201 with the member, or the list of members for a `user_ids` body. */
async function addChannelMember(c: Ctx<Static<typeof AddMember>>) {
  const added = await c.app.channelMembers.addChannelMember(c.actor, c.id('channel_id'), c.body);
  c.status(201);
  return added;
}

async function removeChannelMember(c: Ctx) {
  await c.app.channelMembers.removeChannelMember(c.actor, c.id('channel_id'), c.id('user_id'));
  return OK;
}

/** Body `{channel_id, prev_channel_id?}`; answers the new last_viewed_at of each. */
async function viewChannel(c: Ctx<Static<typeof View>>) {
  return c.app.channelMembers.viewChannel(c.actor, c.id('user_id'), c.body);
}

async function getChannelMembersForTeamForUser(c: Ctx) {
  return c.app.channelMembers.getChannelMembersForTeamForUser(c.actor, c.id('user_id'), c.id('team_id'));
}

async function getChannelMembersForUser(c: Ctx) {
  return c.app.channelMembers.getChannelMembersForUser(c.actor, c.id('user_id'));
}
