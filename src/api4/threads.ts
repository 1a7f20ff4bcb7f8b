// /api/v4/users/{user_id}/teams/{team_id}/threads: collapsed reply threads the user follows, read marks and following.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, OK, pageOf, route, type Ctx } from './context.ts';
import { PagingQuery, Q, QId } from './schemas.ts';

const BASE = '/users/:user_id/teams/:team_id/threads';

const ThreadsQuery = Type.Object({
  ...PagingQuery,
  since: Type.Optional(Type.String({ pattern: '^\\d*$' })),
  before: QId(),
  after: QId(),
  deleted: Q(),
  unread: Q(),
  extended: Q(),
  totalsOnly: Q(),
  threadsOnly: Q(),
});
const ThreadQuery = Type.Object({ extended: Q() });

export function threadsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', BASE, { auth: 'session', query: ThreadsQuery }, getThreadsForUser);
  route(f, app, 'PUT', `${BASE}/read`, { auth: 'session' }, updateReadStateAllThreadsByUser);
  route(f, app, 'GET', `${BASE}/:thread_id`, { auth: 'session', query: ThreadQuery }, getThreadForUser);
  route(f, app, 'PUT', `${BASE}/:thread_id/read/:timestamp`, { auth: 'session' }, updateReadStateThreadByUser);
  route(f, app, 'POST', `${BASE}/:thread_id/set_unread/:post_id`, { auth: 'session' }, setUnreadThreadByPostId);
  route(f, app, 'PUT', `${BASE}/:thread_id/following`, { auth: 'session' }, followThreadByUser);
  route(f, app, 'DELETE', `${BASE}/:thread_id/following`, { auth: 'session' }, unfollowThreadByUser);
}

/** Query: since, before/after (exclusive), per_page, deleted, unread, extended, totalsOnly/threadsOnly. */
async function getThreadsForUser(c: Ctx<undefined, Static<typeof ThreadsQuery>>) {
  const q = c.query;
  return c.app.threads.getThreadsForUser(c.actor, c.id('user_id'), c.id('team_id'), {
    since: q.since,
    before: q.before,
    after: q.after,
    perPage: pageOf(q).perPage,
    deleted: flag(q.deleted),
    unread: flag(q.unread),
    extended: flag(q.extended),
    totalsOnly: flag(q.totalsOnly),
    threadsOnly: flag(q.threadsOnly),
  });
}

async function getThreadForUser(c: Ctx<undefined, Static<typeof ThreadQuery>>) {
  const userId = c.id('user_id');
  c.id('team_id');
  return c.app.threads.getThreadForUser(c.actor, userId, c.id('thread_id'), flag(c.query.extended));
}

async function updateReadStateThreadByUser(c: Ctx) {
  const [userId, teamId, threadId] = [c.id('user_id'), c.id('team_id'), c.id('thread_id')];
  return c.app.threads.updateReadStateThreadByUser(c.actor, userId, teamId, threadId, c.param('timestamp'));
}

async function setUnreadThreadByPostId(c: Ctx) {
  const [userId, teamId, threadId] = [c.id('user_id'), c.id('team_id'), c.id('thread_id')];
  return c.app.threads.setUnreadThreadByPostId(c.actor, userId, teamId, threadId, c.id('post_id'));
}

async function followThreadByUser(c: Ctx) {
  await c.app.threads.followThreadByUser(c.actor, c.id('user_id'), c.id('team_id'), c.id('thread_id'));
  return OK;
}

async function unfollowThreadByUser(c: Ctx) {
  await c.app.threads.unfollowThreadByUser(c.actor, c.id('user_id'), c.id('team_id'), c.id('thread_id'));
  return OK;
}

async function updateReadStateAllThreadsByUser(c: Ctx) {
  await c.app.threads.updateReadStateAllThreadsByUser(c.actor, c.id('user_id'), c.id('team_id'));
  return OK;
}
