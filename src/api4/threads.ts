// /api/v4/users/{user_id}/teams/{team_id}/threads: collapsed reply threads the user follows, read marks and following.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireChannelPermission, requireSystemPermission, requireTeamPermission } from '../app/authz.ts';
import { getPostOr404 } from '../app/posts.ts';
import {
  getThreadForUser,
  getThreadsForUser,
  setThreadUnreadByPost,
  updateThreadFollowForUser,
  updateThreadReadForUser,
  updateThreadsReadForUser,
} from '../app/threads.ts';
import { boolQuery, OK, paging, legacyRoute, type LegacyCtx as Ctx } from './context.ts';

const BASE = '/users/:user_id/teams/:team_id/threads';

export function threadsRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'GET', BASE, 'session', getThreadsForUserHandler);
  legacyRoute(f, app, ctx, 'PUT', `${BASE}/read`, 'session', updateReadStateAllThreadsByUser);
  legacyRoute(f, app, ctx, 'GET', `${BASE}/:thread_id`, 'session', getThreadForUserHandler);
  legacyRoute(f, app, ctx, 'PUT', `${BASE}/:thread_id/read/:timestamp`, 'session', updateReadStateThreadByUser);
  legacyRoute(f, app, ctx, 'POST', `${BASE}/:thread_id/set_unread/:post_id`, 'session', setUnreadThreadByPostId);
  legacyRoute(f, app, ctx, 'PUT', `${BASE}/:thread_id/following`, 'session', followThreadByUser);
  legacyRoute(f, app, ctx, 'DELETE', `${BASE}/:thread_id/following`, 'session', unfollowThreadByUser);
}

/** Mattermost's SessionHasPermissionToUser: yourself, or edit_other_users. */
function requireUser(c: Ctx, where: string): string {
  const userId = c.id('user_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.EDIT_OTHER_USERS, where);
  return userId;
}

async function requireThreadReadable(c: Ctx, threadId: string, where: string): Promise<void> {
  const root = await getPostOr404(c.app, threadId, true);
  await requireChannelPermission(c.app, c.actor, root.channel_id, Permissions.READ_CHANNEL, where);
}

function optionalId(c: Ctx, name: string): string {
  const v = c.query(name) ?? '';
  if (v && !/^[a-z0-9]{26}$/.test(v)) throw Errors.invalidUrlParam(name);
  return v;
}

async function getThreadsForUserHandler(c: Ctx) {
  const userId = requireUser(c, 'getThreadsForUser');
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'getThreadsForUser');
  const sinceRaw = c.query('since') ?? '';
  if (sinceRaw && !/^\d+$/.test(sinceRaw)) throw Errors.invalidUrlParam('since');
  const before = optionalId(c, 'before');
  const after = optionalId(c, 'after');
  if (before && after) throw appError('api.getThreadsForUser.bad_params', 'api.getThreadsForUser');
  const totalsOnly = boolQuery(c, 'totalsOnly');
  const threadsOnly = boolQuery(c, 'threadsOnly');
  if (totalsOnly && threadsOnly) throw appError('api.getThreadsForUser.bad_only_params', 'api.getThreadsForUser');
  const { perPage } = paging(c);
  return getThreadsForUser(c.app, userId, {
    teamId,
    since: Number(sinceRaw || 0),
    before,
    after,
    limit: perPage,
    deleted: boolQuery(c, 'deleted'),
    unread: boolQuery(c, 'unread'),
    extended: boolQuery(c, 'extended'),
    totalsOnly,
    threadsOnly,
  });
}

async function getThreadForUserHandler(c: Ctx) {
  const userId = requireUser(c, 'getThreadForUser');
  const threadId = c.id('thread_id');
  c.id('team_id');
  await requireThreadReadable(c, threadId, 'getThreadForUser');
  return getThreadForUser(c.app, userId, threadId, boolQuery(c, 'extended'));
}

async function updateReadStateThreadByUser(c: Ctx) {
  const userId = requireUser(c, 'updateReadStateThreadByUser');
  const teamId = c.id('team_id');
  const threadId = c.id('thread_id');
  const raw = c.param('timestamp');
  if (!/^\d{1,15}$/.test(raw)) throw Errors.invalidUrlParam('timestamp');
  await requireThreadReadable(c, threadId, 'updateReadStateThreadByUser');
  return updateThreadReadForUser(c.app, userId, teamId, threadId, Number(raw));
}

async function setUnreadThreadByPostId(c: Ctx) {
  const userId = requireUser(c, 'setUnreadThreadByPostId');
  const teamId = c.id('team_id');
  const threadId = c.id('thread_id');
  const postId = c.id('post_id');
  await requireThreadReadable(c, threadId, 'setUnreadThreadByPostId');
  return setThreadUnreadByPost(c.app, userId, teamId, threadId, postId);
}

async function followThreadByUser(c: Ctx) {
  const userId = requireUser(c, 'followThreadByUser');
  const teamId = c.id('team_id');
  const threadId = c.id('thread_id');
  await requireThreadReadable(c, threadId, 'followThreadByUser');
  await updateThreadFollowForUser(c.app, userId, teamId, threadId, true);
  return OK;
}

async function unfollowThreadByUser(c: Ctx) {
  const userId = requireUser(c, 'unfollowThreadByUser');
  const teamId = c.id('team_id');
  const threadId = c.id('thread_id');
  await getPostOr404(c.app, threadId, true);
  await updateThreadFollowForUser(c.app, userId, teamId, threadId, false);
  return OK;
}

async function updateReadStateAllThreadsByUser(c: Ctx) {
  const userId = requireUser(c, 'updateReadStateAllThreadsByUser');
  const teamId = c.id('team_id');
  await updateThreadsReadForUser(c.app, userId, teamId);
  return OK;
}
