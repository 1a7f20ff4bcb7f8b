// /api/v4 reactions: add, remove, list for a post, and in bulk for many posts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { EMOJI_NAME_MAX_LENGTH } from '../model/files.ts';
import { OK, route, type Ctx } from './context.ts';
import { Id, IdList } from './schemas.ts';

/** Any field missing or malformed is Mattermost's one "reaction is not valid". */
const INVALID = { errorId: 'api.reaction.save_reaction.invalid.app_error' };
const ReactionBody = Type.Object({
  user_id: Id(INVALID),
  post_id: Id(INVALID),
  emoji_name: Type.String({ minLength: 1, maxLength: EMOJI_NAME_MAX_LENGTH, ...INVALID }),
});
const PostIds = IdList('post_ids');

export function reactionsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/reactions', { auth: 'session', body: ReactionBody }, saveReaction);
  route(f, app, 'GET', '/posts/:post_id/reactions', { auth: 'session' }, getReactions);
  route(f, app, 'DELETE', '/users/:user_id/posts/:post_id/reactions/:emoji_name', { auth: 'session' }, deleteReaction);
  route(f, app, 'POST', '/posts/ids/reactions', { auth: 'session', body: PostIds }, getBulkReactions);
}

/** Body `{user_id, post_id, emoji_name}`; `user_id` must be the session's. */
async function saveReaction(c: Ctx<Static<typeof ReactionBody>>) {
  return c.app.reactions.saveReaction(c.actor, c.body);
}

async function getReactions(c: Ctx) {
  return c.app.reactions.getReactions(c.actor, c.id('post_id'));
}

async function deleteReaction(c: Ctx) {
  await c.app.reactions.deleteReaction(c.actor, c.id('user_id'), c.id('post_id'), c.param('emoji_name'));
  return OK;
}

/** Body: post ids; the answer maps each to its reactions. */
async function getBulkReactions(c: Ctx<string[]>) {
  return c.app.reactions.getBulkReactions(c.actor, c.body);
}
