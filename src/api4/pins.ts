// /api/v4 pins and saved posts: pin/unpin, a channel's pinned posts, a user's flagged posts.
import type { FastifyInstance } from 'fastify';
import { Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireSystemPermission } from '../app/authz.ts';
import { canReadChannelId } from '../app/authz.ts';
import { getPostOr404 } from '../app/posts.ts';
import { flaggedPosts, pinnedPosts, setPostPinned } from '../app/reactions.ts';
import { isValidId } from '../model/id.ts';
import { OK, paging, legacyRoute, type LegacyCtx as Ctx } from './context.ts';
import { readableCachedChannel } from './channels.ts';

export function pinsRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'POST', '/posts/:post_id/pin', 'session', pinPost);
  legacyRoute(f, app, ctx, 'POST', '/posts/:post_id/unpin', 'session', unpinPost);
  legacyRoute(f, app, ctx, 'GET', '/channels/:channel_id/pinned', 'session', getPinnedPosts);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/posts/flagged', 'session', getFlaggedPostsForUser);
}

async function saveIsPinnedPost(c: Ctx, pinned: boolean) {
  const postId = c.id('post_id');
  const post = await c.app.store.posts.get(postId);
  if (!post || !(await canReadChannelId(c.app, c.actor, post.channel_id)))
    throw Errors.forbidden('saveIsPinnedPost', c.session.user_id, Permissions.READ_CHANNEL_CONTENT);
  await setPostPinned(c.app, await getPostOr404(c.app, postId), pinned);
  return OK;
}

const pinPost = (c: Ctx) => saveIsPinnedPost(c, true);
const unpinPost = (c: Ctx) => saveIsPinnedPost(c, false);

async function getPinnedPosts(c: Ctx) {
  const ch = await readableCachedChannel(c, c.id('channel_id'));
  return pinnedPosts(c.app, ch.id);
}

async function getFlaggedPostsForUser(c: Ctx) {
  const userId = c.id('user_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.EDIT_OTHER_USERS, 'getFlaggedPostsForUser');
  const channelId = c.query('channel_id') ?? '';
  const teamId = c.query('team_id') ?? '';
  if (channelId && !isValidId(channelId)) throw Errors.invalidUrlParam('channel_id');
  if (teamId && !isValidId(teamId)) throw Errors.invalidUrlParam('team_id');
  const { page, perPage } = paging(c);
  return flaggedPosts(c.app, c.actor, userId, { channelId, teamId, page, perPage });
}
