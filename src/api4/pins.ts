// /api/v4 pins and saved posts: pin/unpin, a channel's pinned posts, a user's flagged posts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, pageOf, route, type Ctx } from './context.ts';
import { PagingQuery, QId } from './schemas.ts';

const FlaggedQuery = Type.Object({ ...PagingQuery, channel_id: QId(), team_id: QId() });

export function pinsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/posts/:post_id/pin', { auth: 'session' }, pinPost);
  route(f, app, 'POST', '/posts/:post_id/unpin', { auth: 'session' }, unpinPost);
  route(f, app, 'GET', '/channels/:channel_id/pinned', { auth: 'session' }, getPinnedPosts);
  route(f, app, 'GET', '/users/:user_id/posts/flagged', { auth: 'session', query: FlaggedQuery }, getFlaggedPostsForUser);
}

async function pinPost(c: Ctx) {
  await c.app.pins.saveIsPinnedPost(c.actor, c.id('post_id'), true);
  return OK;
}

async function unpinPost(c: Ctx) {
  await c.app.pins.saveIsPinnedPost(c.actor, c.id('post_id'), false);
  return OK;
}

async function getPinnedPosts(c: Ctx) {
  return c.app.pins.getPinnedPosts(c.actor, c.id('channel_id'));
}

/** Query: channel_id or team_id narrow the list; page/per_page. */
async function getFlaggedPostsForUser(c: Ctx<undefined, Static<typeof FlaggedQuery>>) {
  return c.app.pins.getFlaggedPostsForUser(c.actor, c.id('user_id'), {
    channelId: c.query.channel_id,
    teamId: c.query.team_id,
    ...pageOf(c.query),
  });
}
