// POST /api/v4/users/{user_id}/posts/{post_id}/set_unread: mark a channel unread from a post.
import type { FastifyInstance } from 'fastify';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireChannelPermission, requireSystemPermission } from '../app/authz.ts';
import { getPostOr404 } from '../app/posts.ts';
import { markChannelAsUnreadFromPost } from '../app/post-unread.ts';
import { legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function postUnreadRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'POST', '/users/:user_id/posts/:post_id/set_unread', 'session', setPostUnread);
}

/** Body `{collapsed_threads_supported?}` (optional). Yourself, or edit_other_users; read_channel on the post's channel. */
async function setPostUnread(c: Ctx) {
  const userId = c.id('user_id');
  const postId = c.id('post_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.EDIT_OTHER_USERS, 'setPostUnread');
  const body = (c.req.body && typeof c.req.body === 'object' ? c.req.body : {}) as Record<string, unknown>;
  const post = await getPostOr404(c.app, postId);
  await requireChannelPermission(c.app, c.actor, post.channel_id, Permissions.READ_CHANNEL, 'setPostUnread');
  return markChannelAsUnreadFromPost(c.app, userId, post, body.collapsed_threads_supported === true);
}
