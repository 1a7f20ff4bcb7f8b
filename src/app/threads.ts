// Collapsed reply threads: who follows a thread (root author, repliers, mentioned users), read state, and the
// thread_updated / thread_follow_changed / thread_read_changed events.
import { appError, Errors } from '../model/app-error.ts';
import { postForClient } from '../model/post.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel, Post, User } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import type { Store } from '../store/store.ts';
import type { ThreadMembership } from '../store/sql/threads.ts';
import type { Actor } from './actor.ts';
import { requireChannelPermission, requireSelfOr, requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { resolveMentions } from './mentions.ts';
import { sanitizeUser } from './users.ts';

/** Mattermost's ThreadResponse. Without `extended`, participants carry only their id. */
export interface ThreadResponse {
  id: string;
  reply_count: number;
  last_reply_at: number;
  last_viewed_at: number;
  participants: Array<User | { id: string }>;
  post: Post;
  unread_replies: number;
  unread_mentions: number;
  is_urgent: boolean;
  delete_at: number;
}

/** Mattermost's Threads list. */
export interface Threads {
  total: number;
  total_unread_threads: number;
  total_unread_mentions: number;
  total_unread_urgent_mentions: number;
  threads: ThreadResponse[];
}

export function threadsEnabled(ctx: AppContext): boolean {
  const s = ctx.config().ServiceSettings;
  return s.ThreadAutoFollow && s.CollapsedThreads !== 'disabled';
}

/**
 * Inside the transaction that saves a reply: the replier follows and has read the thread, the root author follows
 * (unless they unfollowed), mentioned users follow again with one more unread mention. One upsert.
 */
export async function recordReplyInThread(ctx: AppContext, t: Store, root: Post, reply: Post, mentioned: string[]): Promise<void> {
  if (!threadsEnabled(ctx)) return;
  await t.threads.recordReply({ rootId: root.id, at: reply.create_at, senderId: reply.user_id, participants: [root.user_id], mentioned });
}

async function participantsOf(
  ctx: AppContext,
  rootId: string,
  extended: boolean,
  s: Store = ctx.store,
): Promise<ThreadResponse['participants']> {
  return (await participantsMany(ctx, [rootId], extended, s)).get(rootId) ?? [];
}

/** Participants of many threads with two queries at most (ids, then the users when `extended`). */
async function participantsMany(
  ctx: AppContext,
  rootIds: string[],
  extended: boolean,
  s: Store = ctx.store,
): Promise<Map<string, ThreadResponse['participants']>> {
  const ids = await s.threads.participantsOf(rootIds);
  const out = new Map<string, ThreadResponse['participants']>();
  if (!extended) {
    for (const [root, list] of ids)
      out.set(
        root,
        list.map((id) => ({ id })),
      );
    return out;
  }
  const users = new Map((await s.users.getMany([...new Set([...ids.values()].flat())])).map((u) => [u.id, u]));
  for (const [root, list] of ids)
    out.set(
      root,
      list.filter((id) => users.has(id)).map((id) => sanitizeUser(ctx, users.get(id)!)),
    );
  return out;
}

function response(root: Post, m: ThreadMembership, unreadReplies: number, participants: ThreadResponse['participants']): ThreadResponse {
  return {
    id: root.id,
    reply_count: root.reply_count,
    last_reply_at: root.last_reply_at,
    last_viewed_at: m.last_viewed,
    participants,
    post: postForClient(root),
    unread_replies: unreadReplies,
    unread_mentions: m.unread_mentions,
    is_urgent: false,
    delete_at: root.delete_at,
  };
}

/**
 * After a reply is written (through `s`): `thread_updated` for every follower, each with their own unread counts.
 * `known` is the root as it reads after the write, when the caller has it (saves reading it again).
 */
export async function threadUpdatedEvents(ctx: AppContext, s: Store, channel: Channel, rootId: string, known?: Post): Promise<WsEvent[]> {
  if (!threadsEnabled(ctx)) return [];
  const root = known ?? (await s.posts.get(rootId));
  if (!root) return [];
  const followers = await s.threads.followers(rootId);
  if (!followers.length) return [];
  const participants = await participantsOf(ctx, rootId, true, s);
  return followers.map(({ membership, unread_replies }) =>
    wsEvent(
      WsEvents.ThreadUpdated,
      { thread: JSON.stringify(response(root, membership, unread_replies, participants)) },
      { teamId: channel.team_id, userId: membership.user_id },
    ),
  );
}

/** The thread of a root post, or 404 (replies are not threads). */
async function rootOr404(ctx: AppContext, threadId: string): Promise<Post> {
  const root = await ctx.store.posts.get(threadId, true);
  if (!root || root.root_id) throw appError('app.post.get.app_error', 'GetThreadForUser');
  return root;
}

async function unreadReplies(ctx: AppContext, rootId: string, lastViewed: number): Promise<number> {
  return (await ctx.store.threads.repliesAfter(rootId, lastViewed, '')).length;
}

/** Mentions of `userId` in the thread's replies after `after`, following the same rules as new posts. */
async function countThreadMentions(ctx: AppContext, root: Post, channel: Channel, userId: string, after: number): Promise<number> {
  const user = await ctx.store.users.get(userId);
  if (!user) return 0;
  const replies = await ctx.store.threads.repliesAfter(root.id, after, userId);
  if (channel.type === 'D') return replies.length;
  return replies.filter((p) => !p.type && resolveMentions(p.message, p.user_id, [user], true).userIds.length > 0).length;
}

/** PUT .../threads/{id}/read/{timestamp} (and set_unread by post): moves the read mark and recounts mentions. */
export async function updateThreadReadForUser(
  ctx: AppContext,
  userId: string,
  teamId: string,
  threadId: string,
  timestamp: number,
): Promise<ThreadResponse> {
  const root = await rootOr404(ctx, threadId);
  const channel = await ctx.store.channels.get(root.channel_id);
  if (!channel) throw appError('app.channel.get.existing.app_error', 'UpdateThreadReadForUser');
  const before = await ctx.store.threads.get(userId, threadId);
  const prevReplies = before ? await unreadReplies(ctx, root.id, before.last_viewed) : 0;
  const mentions = await countThreadMentions(ctx, root, channel, userId, timestamp);
  await ctx.store.threads.setRead(userId, threadId, timestamp, mentions, Date.now());
  const m = (await ctx.store.threads.get(userId, threadId))!;
  const replies = await unreadReplies(ctx, root.id, timestamp);
  ctx.events.publish(
    wsEvent(
      WsEvents.ThreadReadChanged,
      {
        thread_id: threadId,
        timestamp,
        unread_mentions: mentions,
        unread_replies: replies,
        previous_unread_mentions: before?.unread_mentions ?? 0,
        previous_unread_replies: prevReplies,
        channel_id: channel.id,
      },
      { teamId, userId },
    ),
  );
  return response(root, m, replies, await participantsOf(ctx, root.id, false));
}

/**
 * Followed-thread unreads of one team's channels (DMs/GMs excluded), as GET /users/{id}/teams/unread reports them with
 * include_collapsed_threads: thread_count = unread threads, thread_mention_count = their unread mentions.
 */
export async function threadUnreadsForTeam(
  ctx: AppContext,
  userId: string,
  teamId: string,
): Promise<{ thread_count: number; thread_mention_count: number; thread_urgent_mention_count: number }> {
  if (!threadsEnabled(ctx)) return { thread_count: 0, thread_mention_count: 0, thread_urgent_mention_count: 0 };
  const t = await ctx.store.threads.totals(userId, teamId, true);
  return { thread_count: t.total_unread_threads, thread_mention_count: t.total_unread_mentions, thread_urgent_mention_count: 0 };
}

// ---- Use-cases: GET/PUT/POST/DELETE /users/{user_id}/teams/{team_id}/threads/..., for the user or with
// edit_other_users (Mattermost's SessionHasPermissionToUser). ----

/** What GET .../threads asks: the list's filters and cursors, and what to answer (totals, threads, extended users). */
export interface ThreadsQuery {
  /** Epoch ms as given in the query string: digits, or '' for none. */
  since?: string;
  before?: string;
  after?: string;
  perPage: number;
  deleted: boolean;
  unread: boolean;
  extended: boolean;
  totalsOnly: boolean;
  threadsOnly: boolean;
}

function requireUser(ctx: AppContext, actor: Actor, userId: string, where: string): void {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, where);
}

/** The root exists (deleted too) and the actor holds read_channel in its channel. */
async function requireThreadReadable(ctx: AppContext, actor: Actor, threadId: string, where: string): Promise<void> {
  const root = await ctx.store.posts.get(threadId, true);
  if (!root) throw appError('app.post.get.app_error', 'GetSinglePost');
  await requireChannelPermission(ctx, actor, root.channel_id, Permissions.READ_CHANNEL, where);
}

/** GET .../threads: followed threads in the team (and DMs/GMs), newest reply first, with totals. */
export async function getThreadsForUser(ctx: AppContext, actor: Actor, userId: string, teamId: string, q: ThreadsQuery): Promise<Threads> {
  requireUser(ctx, actor, userId, 'getThreadsForUser');
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'getThreadsForUser');
  const before = q.before ?? '';
  const after = q.after ?? '';
  if (before && after) throw appError('api.getThreadsForUser.bad_params', 'api.getThreadsForUser');
  if (q.totalsOnly && q.threadsOnly) throw appError('api.getThreadsForUser.bad_only_params', 'api.getThreadsForUser');
  const opts = { teamId, since: Number(q.since || 0), before, after, limit: q.perPage, deleted: q.deleted, unread: q.unread };
  const out: Threads = { total: 0, total_unread_threads: 0, total_unread_mentions: 0, total_unread_urgent_mentions: 0, threads: [] };
  if (!q.threadsOnly) Object.assign(out, await ctx.store.threads.totals(userId, teamId, false, { unread: q.unread, deleted: q.deleted }));
  if (q.totalsOnly) return out;
  const rows = await ctx.store.threads.list(userId, opts);
  const participants = await participantsMany(
    ctx,
    rows.map((r) => r.root.id),
    q.extended,
  );
  for (const r of rows) out.threads.push(response(r.root, r.membership, r.unread_replies, participants.get(r.root.id) ?? []));
  return out;
}

/** GET .../threads/{thread_id}: the user's view of one thread they have a membership in. */
export async function getThreadForUser(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  threadId: string,
  extended: boolean,
): Promise<ThreadResponse> {
  requireUser(ctx, actor, userId, 'getThreadForUser');
  await requireThreadReadable(ctx, actor, threadId, 'getThreadForUser');
  const m = await ctx.store.threads.get(userId, threadId);
  if (!m) throw appError('app.user.get_thread_membership_for_user.not_found', 'GetThreadMembershipForUser');
  const root = await rootOr404(ctx, threadId);
  return response(root, m, await unreadReplies(ctx, root.id, m.last_viewed), await participantsOf(ctx, root.id, extended));
}

/** PUT .../threads/{thread_id}/read/{timestamp}: read up to `timestamp` (epoch ms, up to 15 digits as given). */
export async function updateReadStateThreadByUser(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  teamId: string,
  threadId: string,
  timestamp: string,
): Promise<ThreadResponse> {
  requireUser(ctx, actor, userId, 'updateReadStateThreadByUser');
  if (!/^\d{1,15}$/.test(timestamp)) throw Errors.invalidUrlParam('timestamp');
  await requireThreadReadable(ctx, actor, threadId, 'updateReadStateThreadByUser');
  return updateThreadReadForUser(ctx, userId, teamId, threadId, Number(timestamp));
}

/** POST .../threads/{thread_id}/set_unread/{post_id}: unread from that reply (or the root) on. */
export async function setUnreadThreadByPostId(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  teamId: string,
  threadId: string,
  postId: string,
): Promise<ThreadResponse> {
  requireUser(ctx, actor, userId, 'setUnreadThreadByPostId');
  await requireThreadReadable(ctx, actor, threadId, 'setUnreadThreadByPostId');
  const post = await ctx.store.posts.get(postId);
  if (!post || (post.id !== threadId && post.root_id !== threadId))
    throw appError('app.post.get.app_error', 'UpdateThreadReadForUserByPost');
  return updateThreadReadForUser(ctx, userId, teamId, threadId, post.create_at - 1);
}

/** PUT/DELETE .../threads/{id}/following; publishes thread_follow_changed. */
async function updateThreadFollowForUser(
  ctx: AppContext,
  userId: string,
  teamId: string,
  threadId: string,
  following: boolean,
): Promise<void> {
  const root = await rootOr404(ctx, threadId);
  await ctx.store.threads.setFollowing(userId, threadId, following, Date.now());
  ctx.events.publish(
    wsEvent(WsEvents.ThreadFollowChanged, { thread_id: threadId, state: following, reply_count: root.reply_count }, { teamId, userId }),
  );
}

/** PUT .../threads/{thread_id}/following: needs read_channel in the thread's channel. */
export async function followThreadByUser(ctx: AppContext, actor: Actor, userId: string, teamId: string, threadId: string): Promise<void> {
  requireUser(ctx, actor, userId, 'followThreadByUser');
  await requireThreadReadable(ctx, actor, threadId, 'followThreadByUser');
  await updateThreadFollowForUser(ctx, userId, teamId, threadId, true);
}

/** DELETE .../threads/{thread_id}/following: one may always stop following a thread that exists. */
export async function unfollowThreadByUser(ctx: AppContext, actor: Actor, userId: string, teamId: string, threadId: string): Promise<void> {
  requireUser(ctx, actor, userId, 'unfollowThreadByUser');
  if (!(await ctx.store.posts.get(threadId, true))) throw appError('app.post.get.app_error', 'GetSinglePost');
  await updateThreadFollowForUser(ctx, userId, teamId, threadId, false);
}

/** PUT .../threads/read: every followed thread in the team read now; thread_read_changed with no data. */
export async function updateReadStateAllThreadsByUser(ctx: AppContext, actor: Actor, userId: string, teamId: string): Promise<void> {
  requireUser(ctx, actor, userId, 'updateReadStateAllThreadsByUser');
  await ctx.store.threads.markAllRead(userId, teamId, Date.now());
  ctx.events.publish(wsEvent(WsEvents.ThreadReadChanged, {}, { teamId, userId }));
}
