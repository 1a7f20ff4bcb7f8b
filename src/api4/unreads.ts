// Unread state the apps load on start and on channel open: per-team unread counts and a channel's posts around
// the first unread one.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, route, type Ctx } from './context.ts';
import { Q } from './schemas.ts';

const TeamsUnread = Type.Object({ exclude_team: Q(), include_collapsed_threads: Q() });
const TeamUnread = Type.Object({ include_collapsed_threads: Q() });
const AroundUnread = Type.Object({ limit_before: Q(), limit_after: Q() });

const AROUND_UNREAD = '/users/:user_id/channels/:channel_id/posts/unread';

export function unreadsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/users/:user_id/teams/unread', { auth: 'session', query: TeamsUnread }, getTeamsUnreadForUser);
  route(f, app, 'GET', '/users/:user_id/teams/:team_id/unread', { auth: 'session', query: TeamUnread }, getTeamUnread);
  route(f, app, 'GET', AROUND_UNREAD, { auth: 'session', query: AroundUnread }, getPostsForChannelAroundLastUnread);
}

/** `?exclude_team=` leaves one team out; `?include_collapsed_threads=true` adds followed-thread unreads. */
async function getTeamsUnreadForUser(c: Ctx<undefined, Static<typeof TeamsUnread>>) {
  const opts = { excludeTeam: c.query.exclude_team, includeCollapsedThreads: flag(c.query.include_collapsed_threads) };
  return c.app.unreads.getTeamsUnreadForUser(c.actor, c.id('user_id'), opts);
}

async function getTeamUnread(c: Ctx<undefined, Static<typeof TeamUnread>>) {
  const includeThreads = flag(c.query.include_collapsed_threads);
  return c.app.unreads.getTeamUnread(c.actor, c.id('user_id'), c.id('team_id'), includeThreads);
}

/** `?limit_before=&limit_after=` (default 60 each, at most 200). */
async function getPostsForChannelAroundLastUnread(c: Ctx<undefined, Static<typeof AroundUnread>>) {
  return c.app.unreads.getPostsForChannelAroundLastUnread(c.actor, c.id('user_id'), c.id('channel_id'), c.query);
}
