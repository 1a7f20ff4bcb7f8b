// /api/v4 reactions: add, remove, list for a post, and in bulk for many posts.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { isValidId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { hasChannelPermission, requireSystemPermission } from '../app/authz.ts';
import { canReadChannelId } from '../app/authz.ts';
import { bulkReactions, deleteReaction, reactionsForPost, saveReaction } from '../app/reactions.ts';
import { EMOJI_NAME_MAX_LENGTH } from '../model/files.ts';
import { idList, OK, legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function reactionsRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'POST', '/reactions', 'session', saveReactionHandler);
  legacyRoute(f, app, ctx, 'GET', '/posts/:post_id/reactions', 'session', getReactions);
  legacyRoute(f, app, ctx, 'DELETE', '/users/:user_id/posts/:post_id/reactions/:emoji_name', 'session', deleteReactionHandler);
  legacyRoute(f, app, ctx, 'POST', '/posts/ids/reactions', 'session', getBulkReactions);
}

/** Mattermost's SessionHasPermissionToChannelByPost: a missing post is a permission error, not a 404. */
async function requirePermissionByPost(c: Ctx, postId: string, permission: string, where: string): Promise<void> {
  const post = await c.app.store.posts.get(postId, true);
  if (!post || !(await hasChannelPermission(c.app, c.actor, post.channel_id, permission)))
    throw Errors.forbidden(where, c.session.user_id, permission);
}

async function requireReadByPost(c: Ctx, postId: string, where: string): Promise<void> {
  const post = await c.app.store.posts.get(postId, true);
  if (!post || !(await canReadChannelId(c.app, c.actor, post.channel_id)))
    throw Errors.forbidden(where, c.session.user_id, Permissions.READ_CHANNEL_CONTENT);
}

async function saveReactionHandler(c: Ctx) {
  const body = c.body<Record<string, unknown>>();
  const { user_id: userId, post_id: postId, emoji_name: emojiName } = body;
  if (!isValidId(userId) || !isValidId(postId) || typeof emojiName !== 'string' || !emojiName || emojiName.length > EMOJI_NAME_MAX_LENGTH)
    throw appError('api.reaction.save_reaction.invalid.app_error', 'saveReaction');
  if (userId !== c.session.user_id) throw appError('api.reaction.save_reaction.user_id.app_error', 'saveReaction');
  await requirePermissionByPost(c, postId as string, Permissions.ADD_REACTION, 'saveReaction');
  return saveReaction(c.app, userId as string, postId as string, emojiName);
}

async function getReactions(c: Ctx) {
  const postId = c.id('post_id');
  await requireReadByPost(c, postId, 'getReactions');
  return reactionsForPost(c.app, postId);
}

async function deleteReactionHandler(c: Ctx) {
  const userId = c.id('user_id');
  const postId = c.id('post_id');
  const emojiName = c.param('emoji_name');
  if (emojiName.length > EMOJI_NAME_MAX_LENGTH) throw Errors.invalidUrlParam('emoji_name');
  await requirePermissionByPost(c, postId, Permissions.REMOVE_REACTION, 'deleteReaction');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.REMOVE_OTHERS_REACTIONS, 'deleteReaction');
  await deleteReaction(c.app, userId, postId, emojiName);
  return OK;
}

async function getBulkReactions(c: Ctx) {
  const ids = idList(c.req.body, 'post_ids');
  for (const id of ids) await requireReadByPost(c, id, 'getBulkReactions');
  return bulkReactions(c.app, ids);
}
