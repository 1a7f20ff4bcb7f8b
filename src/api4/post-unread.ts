// POST /api/v4/users/{user_id}/posts/{post_id}/set_unread: mark a channel unread from a post.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { route, type Ctx } from './context.ts';

/** Read as Mattermost reads it (a map of booleans, decode errors ignored): any body is accepted, only `true` counts. */
const SetUnread = Type.Union([Type.Object({ collapsed_threads_supported: Type.Optional(Type.Unknown()) }), Type.Any()]);

export function postUnreadRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/users/:user_id/posts/:post_id/set_unread', { auth: 'session', body: SetUnread }, setPostUnread);
}

/** Body `{collapsed_threads_supported?}` (optional). Yourself, or edit_other_users; read_channel on the post's channel. */
async function setPostUnread(c: Ctx<Static<typeof SetUnread>>) {
  const collapsed = c.body?.collapsed_threads_supported === true;
  return c.app.postUnread.setPostUnread(c.actor, c.id('user_id'), c.id('post_id'), collapsed);
}
