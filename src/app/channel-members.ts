// Channel members: who is in a channel, the user's memberships, joining, adding, removing, and marking channels viewed.
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel, ChannelMember, UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import {
  requireChannelPermission,
  requireChannelRead,
  requireManageChannelMembers,
  requireSelfOr,
  requireUserInTeamView,
  requireTeamPermission,
} from './authz.ts';
import { getChannelOr404, insertChannelMember } from './channels.ts';
import type { AppContext } from './context.ts';
import { enqueueClearPushes } from './notifications/queue.ts';
import { insertPost } from './posts.ts';
import { getUserOr404 } from './users.ts';
import { shownChannelMember, shownChannelMembers } from './member-roles.ts';

/** A page of the members of a channel the actor may read. */
export async function getChannelMembers(
  ctx: AppContext,
  actor: Actor,
  channelId: string,
  paging: { page: number; perPage: number },
): Promise<ChannelMember[]> {
  const ch = await requireChannelRead(ctx, actor, channelId);
  return shownChannelMembers(
    ctx,
    await ctx.store.channels.listMembers(ch.id, { offset: paging.page * paging.perPage, limit: paging.perPage }),
    ch.team_id,
  );
}

/** The memberships of these users in a channel the actor may read (non-members are left out). */
export async function getChannelMembersByIds(
  ctx: AppContext,
  actor: Actor,
  channelId: string,
  userIds: string[],
): Promise<ChannelMember[]> {
  const ch = await requireChannelRead(ctx, actor, channelId);
  const ids = [...new Set(userIds)];
  return shownChannelMembers(
    ctx,
    await ctx.store.channels.listMembers(ch.id, { offset: 0, limit: ids.length || 1, userIds: ids }),
    ch.team_id,
  );
}

/** One membership in a channel the actor may read; 404 for a non-member. */
export async function getChannelMember(ctx: AppContext, actor: Actor, channelId: string, userId: string): Promise<ChannelMember> {
  const ch = await requireChannelRead(ctx, actor, channelId);
  const m = await ctx.store.channels.getMember(ch.id, userId);
  if (!m) throw appError('app.channel.get_member.missing.app_error', 'GetMember');
  return shownChannelMember(ctx, m, ch.team_id);
}

/** The user's memberships in a team's channels (yourself, or `manage_system`; `view_team` there). */
export async function getChannelMembersForTeamForUser(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  teamId: string,
): Promise<ChannelMember[]> {
  await requireUserInTeamView(ctx, actor, userId, teamId, 'getChannelMembersForUser');
  return ctx.store.channels.listMembersForUser(userId, teamId);
}

/** All the user's memberships, DMs and GMs included (yourself, or `manage_system`). */
export async function getChannelMembersForUser(ctx: AppContext, actor: Actor, userId: string): Promise<ChannelMember[]> {
  requireSelfOr(ctx, actor, userId, Permissions.MANAGE_SYSTEM, 'getChannelMembersForUser');
  return ctx.store.channels.listMembersForUser(userId, null);
}

/** Who to add: one `user_id`, or a list `user_ids` (then the answer is a list too). */
export interface AddChannelMemberInput {
  user_id?: string | null;
  user_ids?: string[];
}

/**
 * Adds users to a public or private channel. Joining a public channel yourself needs `join_public_channels` in its
 * team; adding others (or yourself to a private one) needs `manage_{public,private}_channel_members`.
 */
export async function addChannelMember(
  ctx: AppContext,
  actor: Actor,
  channelId: string,
  input: AddChannelMemberInput,
): Promise<ChannelMember | ChannelMember[]> {
  const ch = await getChannelOr404(ctx, channelId);
  if (input.user_ids === undefined && input.user_id == null) throw Errors.invalidBodyParam('user_id');
  const userIds = input.user_ids !== undefined ? [...new Set(input.user_ids)] : [input.user_id!];
  const self = userIds.length === 1 && userIds[0] === actor.userId;
  if (ch.type === 'D' || ch.type === 'G') throw appError('api.channel.add_user_to_channel.type.app_error', 'addChannelMember');
  if (self && ch.type === 'O') {
    await requireTeamPermission(ctx, actor, ch.team_id, Permissions.JOIN_PUBLIC_CHANNELS, 'addChannelMember');
  } else {
    await requireManageChannelMembers(ctx, actor, ch, 'addChannelMember');
  }
  const by = await getUserOr404(ctx, actor.userId);
  const members = [];
  for (const id of userIds) members.push(await addUserToChannel(ctx, ch, await getUserOr404(ctx, id), by));
  return input.user_ids !== undefined ? members : members[0];
}

/** Mattermost's order: channel type, group constraint, permission (others only), town-square (non-guests), membership. */
export async function removeChannelMember(ctx: AppContext, actor: Actor, channelId: string, userId: string): Promise<void> {
  const ch = await getChannelOr404(ctx, channelId);
  const user = await getUserOr404(ctx, userId);
  const self = userId === actor.userId;
  if (ch.type !== 'O' && ch.type !== 'P') throw appError('api.channel.remove_channel_member.type.app_error', 'removeChannelMember');
  if (ch.group_constrained && !self && !user.is_bot)
    throw appError('api.channel.remove_member.group_constrained.app_error', 'removeChannelMember');
  if (!self) await requireManageChannelMembers(ctx, actor, ch, 'removeChannelMember');
  if (ch.name === 'town-square' && !user.roles.split(' ').includes('system_guest'))
    throw appError('api.channel.remove.default.app_error', 'RemoveUserFromChannel', { params: { Channel: 'town-square' } });
  await removeUserFromChannel(ctx, ch, user, self ? user : await getUserOr404(ctx, actor.userId));
}

/**
 * The user (yourself, or `edit_other_users`) views `channel_id` (which needs `read_channel`) and leaves
 * `prev_channel_id`: both are marked read; `multiple_channels_viewed` goes to the user.
 */
export async function viewChannel(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  view: { channel_id?: string | null; prev_channel_id?: string | null },
): Promise<{ status: 'OK'; last_viewed_at_times: Record<string, number> }> {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'viewChannel');
  const channelId = view.channel_id ?? '';
  if (channelId) await requireChannelPermission(ctx, actor, channelId, Permissions.READ_CHANNEL, 'viewChannel');
  const times = await markChannelsViewed(ctx, userId, channelId, view.prev_channel_id ?? '', actor.sessionId);
  return { status: 'OK', last_viewed_at_times: times };
}

/** Mattermost's AddUserToChannel: the user must be in the channel's team; a member already there is returned as is. */
async function addUserToChannel(
  ctx: AppContext,
  channel: Channel,
  user: UserWithSecrets,
  actor: UserWithSecrets | null,
): Promise<ChannelMember> {
  if (channel.type === 'D' || channel.type === 'G') throw appError('api.channel.add_user_to_channel.type.app_error', 'addUserToChannel');
  if (channel.delete_at) throw appError('api.channel.update_channel.deleted.app_error', 'addUserToChannel');
  if (channel.team_id) {
    const tm = await ctx.store.teams.getMember(channel.team_id, user.id);
    if (!tm || tm.delete_at) throw appError('api.channel.add_user.to.channel.failed.deleted.app_error', 'addUserToChannel');
  }
  const { member, events } = await ctx.store.tx((t) => insertChannelMember(ctx, t, channel, user, actor));
  ctx.events.invalidate('channel', channel.id);
  for (const e of events) ctx.events.publish(e);
  return member;
}

/** Removes a user from a channel: system post, `user_removed` to the channel and to the user. */
async function removeUserFromChannel(ctx: AppContext, channel: Channel, user: UserWithSecrets, actor: UserWithSecrets): Promise<void> {
  const self = actor.id === user.id;
  const events: WsEvent[] = [];
  await ctx.store.tx(async (t) => {
    const m = await t.channels.getMember(channel.id, user.id);
    if (!m) throw appError('app.channel.get_member.missing.app_error', 'removeUserFromChannel');
    await t.channels.removeMember(channel.id, user.id);
    ctx.caches.invalidate('channel', channel.id);
    if (channel.type === 'O' || channel.type === 'P') {
      const type = self ? 'system_leave_channel' : 'system_remove_from_channel';
      const message = self ? `@${user.username} left the channel.` : `@${user.username} removed from the channel.`;
      const props = self ? { username: user.username } : { removedUserId: user.id, removedUsername: user.username };
      const r = await insertPost(ctx, t, channel, { channel_id: channel.id, user_id: actor.id, message, type, props });
      events.push(...r.events);
    }
  });
  ctx.events.invalidate('channel', channel.id);
  ctx.events.publish(wsEvent(WsEvents.UserRemoved, { user_id: user.id, remover_id: actor.id }, { channelId: channel.id }));
  ctx.events.publish(wsEvent(WsEvents.UserRemoved, { channel_id: channel.id, remover_id: actor.id }, { userId: user.id }));
  for (const e of events) ctx.events.publish(e);
}

/** Marks channels viewed for a user; returns the previous last_viewed_at per channel. */
async function markChannelsViewed(
  ctx: AppContext,
  userId: string,
  channelId: string,
  prevChannelId: string,
  sessionId = '',
): Promise<Record<string, number>> {
  const now = Date.now();
  const times: Record<string, number> = {};
  const read: Parameters<typeof enqueueClearPushes>[2] = [];
  for (const id of [channelId, prevChannelId]) {
    if (!id || times[id] !== undefined) continue;
    const m = await ctx.store.channels.getMember(id, userId);
    if (!m) continue;
    await ctx.store.channels.markViewed(id, userId, now);
    times[id] = now;
    read.push(m);
  }
  // The user's other devices drop the channel's pushes (`clear`, queued; app/notifications/queue.ts).
  await enqueueClearPushes(ctx, userId, read, sessionId);
  if (Object.keys(times).length) ctx.events.publish(wsEvent(WsEvents.MultipleChannelsViewed, { channel_times: times }, { userId }));
  return times;
}
