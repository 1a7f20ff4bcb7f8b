// Unread state the apps load on start and on channel open: per-team unread counts and a channel's posts around
// the first unread one.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel, ChannelMember, Post } from '../model/types.ts';
import { legacyContext, type App } from '../app/index.ts';
import type { AppContext } from '../app/context.ts';
import { requireSystemPermission, requireTeamPermission } from '../app/authz.ts';
import { toPostList } from '../app/posts.ts';
import { threadUnreadsForTeam } from '../app/threads.ts';
import { boolQuery, legacyRoute, type LegacyCtx as Ctx } from './context.ts';
import { readableCachedChannel } from './channels.ts';

export function unreadsRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/teams/unread', 'session', getTeamsUnreadForUser);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/teams/:team_id/unread', 'session', getTeamUnread);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/channels/:channel_id/posts/unread', 'session', getPostsForChannelAroundLastUnread);
}

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

function requireSelfOrEditor(c: Ctx, userId: string, where: string): void {
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.EDIT_OTHER_USERS, where);
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
  const members: ChannelMember[] = await ctx.store.channels.listMembersForUser(userId, null);
  for (const m of members) {
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

/** GET /users/{id}/teams/unread?exclude_team=: one TeamUnread per team the user belongs to. */
async function getTeamsUnreadForUser(c: Ctx) {
  const userId = c.id('user_id');
  requireSelfOrEditor(c, userId, 'getTeamsUnreadForUser');
  const exclude = c.query('exclude_team') ?? '';
  if (exclude && !/^[a-z0-9]{26}$/.test(exclude)) throw Errors.invalidUrlParam('exclude_team');
  const teams = (await c.app.store.teams.listMembersForUser(userId)).filter((m) => m.delete_at === 0 && m.team_id !== exclude);
  return withThreadUnreads(
    c,
    userId,
    await teamUnreads(
      c.app,
      userId,
      teams.map((m) => m.team_id),
    ),
  );
}

async function getTeamUnread(c: Ctx) {
  const userId = c.id('user_id');
  const teamId = c.id('team_id');
  requireSelfOrEditor(c, userId, 'getTeamUnread');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'getTeamUnread');
  const m = await c.app.store.teams.getMember(teamId, userId);
  if (!m || m.delete_at > 0) throw appError('app.team.get_member.missing.app_error', 'GetTeamMember');
  return (await withThreadUnreads(c, userId, await teamUnreads(c.app, userId, [teamId])))[0];
}

/** With `include_collapsed_threads=true`, each team also reports its followed threads' unreads. */
async function withThreadUnreads(c: Ctx, userId: string, list: TeamUnread[]): Promise<TeamUnread[]> {
  if (!boolQuery(c, 'include_collapsed_threads')) return list;
  for (const tu of list) Object.assign(tu, await threadUnreadsForTeam(c.app, userId, tu.team_id));
  return list;
}

function limitParam(c: Ctx, name: string, dflt: number): number {
  const raw = c.query(name);
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw Errors.invalidUrlParam(name);
  return Math.min(n, 200);
}

/**
 * The posts around the user's first unread post: up to `limit_after` posts from the oldest unread one on, and
 * `limit_before` older ones. `next_post_id`/`prev_post_id` name the posts just outside the window ('' at an end).
 * With nothing unread (or a channel never viewed) it is the newest `limit_before` posts.
 */
async function getPostsForChannelAroundLastUnread(c: Ctx) {
  const userId = c.id('user_id');
  requireSelfOrEditor(c, userId, 'getPostsForChannelAroundLastUnread');
  const ch = await readableCachedChannel(c, c.id('channel_id'));
  const limitBefore = limitParam(c, 'limit_before', 60);
  const limitAfter = limitParam(c, 'limit_after', 60);
  if (limitAfter === 0) throw Errors.invalidUrlParam('limit_after');
  const member = await c.app.store.channels.getMember(ch.id, userId);
  if (!member) throw appError('app.channel.get_member.missing.app_error', 'GetChannelMember');
  const posts = c.app.store.posts;
  // A pivot just after the last view: every post created later is unread.
  const readMark = { create_at: member.last_viewed_at, id: 'z'.repeat(26) } as Post;
  const after = member.last_viewed_at > 0 ? await posts.listAround(ch.id, readMark, 'after', 0, limitAfter + 1) : [];
  if (!after.length) {
    const latest = await posts.listPage(ch.id, 0, limitBefore + 1);
    const page = latest.slice(0, limitBefore);
    return toPostList(c.app, page, { prev_post_id: latest.length > limitBefore ? latest[limitBefore].id : '' });
  }
  const moreAfter = after.length > limitAfter;
  const unread = moreAfter ? after.slice(1) : after;
  const oldestUnread = unread[unread.length - 1];
  const before = limitBefore > 0 ? await posts.listAround(ch.id, oldestUnread, 'before', 0, limitBefore + 1) : [];
  const older = before.slice(0, limitBefore);
  const prev = before.length > limitBefore ? before[limitBefore].id : limitBefore === 0 ? await previousId(c, ch.id, oldestUnread) : '';
  return toPostList(c.app, [...unread, ...older], {
    next_post_id: moreAfter ? after[0].id : '',
    prev_post_id: prev,
    has_next: moreAfter,
  });
}

async function previousId(c: Ctx, channelId: string, p: Post): Promise<string> {
  const [prev] = await c.app.store.posts.listAround(channelId, p, 'before', 0, 1);
  return prev?.id ?? '';
}
