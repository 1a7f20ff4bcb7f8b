// Mark as unread: a channel (and, with collapsed threads, the thread) becomes unread from a chosen post on.
import { appError } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Post } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { requireChannelPermission, requireSelfOr } from './authz.ts';
import type { AppContext } from './context.ts';
import { enqueueBadgeUpdate } from './notifications/queue.ts';
import { resolveMentions } from './mentions.ts';
import { getPostOr404 } from './posts.ts';
import { threadsEnabled, updateThreadReadForUser } from './threads.ts';

/** Mattermost's ChannelUnreadAt. */
export interface ChannelUnreadAt {
  team_id: string;
  channel_id: string;
  user_id: string;
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  last_viewed_at: number;
}

/** The user (yourself, or `edit_other_users`) marks a post they may read (`read_channel`) and all after it unread. */
export async function setPostUnread(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  postId: string,
  collapsedThreadsSupported: boolean,
): Promise<ChannelUnreadAt> {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'setPostUnread');
  const post = await getPostOr404(ctx, postId);
  await requireChannelPermission(ctx, actor, post.channel_id, Permissions.READ_CHANNEL, 'setPostUnread');
  const unread = await markChannelAsUnreadFromPost(ctx, userId, post, collapsedThreadsSupported);
  await enqueueBadgeUpdate(ctx, userId, post.channel_id);
  return unread;
}

/**
 * Sets the member's read mark just before `post`, recounts their mentions from it on (every message of the other
 * member in a DM), and publishes `post_unread` to the user. A reply with collapsed threads also marks its thread unread.
 * Mentions are recounted over at most the 1000 newest posts.
 */
async function markChannelAsUnreadFromPost(
  ctx: AppContext,
  userId: string,
  post: Post,
  collapsedThreadsSupported: boolean,
): Promise<ChannelUnreadAt> {
  const channel = await ctx.store.channels.get(post.channel_id);
  const member = channel && (await ctx.store.channels.getMember(channel.id, userId));
  if (!channel || !member) throw appError('app.channel.get_member.missing.app_error', 'MarkChannelAsUnreadFromPost');
  const user = await ctx.store.users.get(userId);
  if (!user) throw appError('app.user.missing_account.const', 'MarkChannelAsUnreadFromPost');
  const later = (await ctx.store.posts.listSince(channel.id, post.create_at - 1)).filter(
    (p) => p.create_at >= post.create_at && p.delete_at === 0 && !p.type && p.user_id !== userId,
  );
  const mentioned =
    channel.type === 'D' ? later : later.filter((p) => resolveMentions(p.message, p.user_id, [user], true).userIds.length > 0);
  const mentions = { all: mentioned.length, root: mentioned.filter((p) => !p.root_id).length };
  await ctx.store.channels.markUnreadFrom(channel.id, userId, post.create_at, mentions);
  const m = (await ctx.store.channels.getMember(channel.id, userId))!;
  const out: ChannelUnreadAt = {
    team_id: channel.team_id,
    channel_id: channel.id,
    user_id: userId,
    msg_count: m.msg_count,
    msg_count_root: m.msg_count_root,
    mention_count: m.mention_count,
    mention_count_root: m.mention_count_root,
    urgent_mention_count: m.urgent_mention_count,
    last_viewed_at: m.last_viewed_at,
  };
  const { team_id: _t, channel_id: _c, user_id: _u, ...data } = out;
  ctx.events.publish(
    wsEvent(WsEvents.PostUnread, { ...data, post_id: post.id }, { teamId: channel.team_id, channelId: channel.id, userId }),
  );
  if (collapsedThreadsSupported && post.root_id && threadsEnabled(ctx)) {
    await updateThreadReadForUser(ctx, userId, channel.team_id, post.root_id, post.create_at - 1);
  }
  return out;
}
