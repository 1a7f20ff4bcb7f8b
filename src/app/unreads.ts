// Unread state the apps load on start and on channel open: per-team unread counts and a channel's posts around the
// first unread one.
import { appError, Errors } from '../model/app-error.ts';
import { isValidId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel, Post, PostList } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { requireChannelRead, requireSelfOr, requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { toPostList } from './posts.ts';
import { threadUnreadsForTeam } from './threads.ts';

/** Mattermost's TeamUnread. */
export interface TeamUnread {
  team_id: string;
  msg_count: number;
  mention_count: number;
  mention_count_root: number;
  msg_count_root: number;
  thread_count: number;
  thread_mention_count: number;
  thread_urgent_mention_count: number;
}

/**
 * One TeamUnread per live team membership of the user (yourself, or `edit_other_users`), but `excludeTeam`. With
 * `includeCollapsedThreads` each team also reports its followed threads' unreads.
 */
export async function getTeamsUnreadForUser(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  opts: { excludeTeam?: string; includeCollapsedThreads: boolean },
): Promise<TeamUnread[]> {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'getTeamsUnreadForUser');
  const exclude = opts.excludeTeam ?? '';
  if (exclude && !isValidId(exclude)) throw Errors.invalidUrlParam('exclude_team');
  const teams = (await ctx.store.teams.listMembersForUser(userId)).filter((m) => m.delete_at === 0 && m.team_id !== exclude);
  const list = await teamUnreads(
    ctx,
    userId,
    teams.map((m) => m.team_id),
  );
  return withThreadUnreads(ctx, userId, list, opts.includeCollapsedThreads);
}

/** The TeamUnread of one team the user (yourself, or `edit_other_users`) belongs to; needs `view_team`. */
export async function getTeamUnread(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  teamId: string,
  includeCollapsedThreads: boolean,
): Promise<TeamUnread> {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'getTeamUnread');
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'getTeamUnread');
  const m = await ctx.store.teams.getMember(teamId, userId);
  if (!m || m.delete_at > 0) throw appError('app.team.get_member.missing.app_error', 'GetTeamMember');
  return (await withThreadUnreads(ctx, userId, await teamUnreads(ctx, userId, [teamId]), includeCollapsedThreads))[0];
}

/**
 * Sums unread posts and mentions over the user's live channels of each team (DMs and GMs are not in any team).
 * A channel muted to "mention only" (notify_props.mark_unread = mention) adds mentions but no unread posts.
 * Thread counts stay 0 here: followed-thread unreads are the threads area's to add.
 */
async function teamUnreads(ctx: AppContext, userId: string, teamIds: string[]): Promise<TeamUnread[]> {
  const out = new Map<string, TeamUnread>(
    teamIds.map((team_id) => [
      team_id,
      {
        team_id,
        msg_count: 0,
        mention_count: 0,
        mention_count_root: 0,
        msg_count_root: 0,
        thread_count: 0,
        thread_mention_count: 0,
        thread_urgent_mention_count: 0,
      },
    ]),
  );
  const channels = new Map<string, Channel>((await ctx.store.channels.listForUser(userId, null, false)).map((ch) => [ch.id, ch]));
  for (const m of await ctx.store.channels.listMembersForUser(userId, null)) {
    const ch = channels.get(m.channel_id);
    const tu = ch && out.get(ch.team_id);
    if (!ch || !tu) continue;
    tu.mention_count += m.mention_count;
    tu.mention_count_root += m.mention_count_root;
    if (m.notify_props?.mark_unread === 'mention') continue;
    tu.msg_count += Math.max(0, ch.total_msg_count - m.msg_count);
    tu.msg_count_root += Math.max(0, ch.total_msg_count_root - m.msg_count_root);
  }
  return [...out.values()];
}

async function withThreadUnreads(ctx: AppContext, userId: string, list: TeamUnread[], include: boolean): Promise<TeamUnread[]> {
  if (!include) return list;
  for (const tu of list) Object.assign(tu, await threadUnreadsForTeam(ctx, userId, tu.team_id));
  return list;
}

/** A `limit_*` query value: absent or empty is `dflt`; a non-negative integer, at most 200; anything else a 400. */
function limitParam(raw: string | undefined, name: string, dflt: number): number {
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw Errors.invalidUrlParam(name);
  return Math.min(n, 200);
}

/**
 * The posts around the user's first unread post in a channel the actor may read (the user: yourself, or
 * `edit_other_users`): up to `limit_after` posts from the oldest unread one on, and `limit_before` older ones.
 * `next_post_id`/`prev_post_id` name the posts just outside the window ('' at an end). With nothing unread (or a
 * channel never viewed) it is the newest `limit_before` posts.
 */
export async function getPostsForChannelAroundLastUnread(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  channelId: string,
  limits: { limit_before?: string; limit_after?: string },
): Promise<PostList> {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'getPostsForChannelAroundLastUnread');
  const ch = await requireChannelRead(ctx, actor, channelId);
  const limitBefore = limitParam(limits.limit_before, 'limit_before', 60);
  const limitAfter = limitParam(limits.limit_after, 'limit_after', 60);
  if (limitAfter === 0) throw Errors.invalidUrlParam('limit_after');
  const member = await ctx.store.channels.getMember(ch.id, userId);
  if (!member) throw appError('app.channel.get_member.missing.app_error', 'GetChannelMember');
  const posts = ctx.store.posts;
  // A pivot just after the last view: every post created later is unread.
  const readMark = { create_at: member.last_viewed_at, id: 'z'.repeat(26) } as Post;
  const after = member.last_viewed_at > 0 ? await posts.listAround(ch.id, readMark, 'after', 0, limitAfter + 1) : [];
  if (!after.length) {
    const latest = await posts.listPage(ch.id, 0, limitBefore + 1);
    const page = latest.slice(0, limitBefore);
    return toPostList(ctx, page, { prev_post_id: latest.length > limitBefore ? latest[limitBefore].id : '' }, actor);
  }
  const moreAfter = after.length > limitAfter;
  const unread = moreAfter ? after.slice(1) : after;
  const oldestUnread = unread[unread.length - 1];
  const before = limitBefore > 0 ? await posts.listAround(ch.id, oldestUnread, 'before', 0, limitBefore + 1) : [];
  const older = before.slice(0, limitBefore);
  const prev = before.length > limitBefore ? before[limitBefore].id : limitBefore === 0 ? await previousId(ctx, ch.id, oldestUnread) : '';
  return toPostList(
    ctx,
    [...unread, ...older],
    { next_post_id: moreAfter ? after[0].id : '', prev_post_id: prev, has_next: moreAfter },
    actor,
  );
}

async function previousId(ctx: AppContext, channelId: string, p: Post): Promise<string> {
  const [prev] = await ctx.store.posts.listAround(channelId, p, 'before', 0, 1);
  return prev?.id ?? '';
}
