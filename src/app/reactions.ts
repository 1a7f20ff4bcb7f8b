// Reactions: add, remove and list them on posts, with their events.
import { appError, Errors, type ErrorId } from '../model/app-error.ts';
import { EMOJI_NAME_MAX_LENGTH, EMOJI_NAME_RE, type Reaction } from '../model/files.ts';
import { Permissions } from '../model/roles.ts';
import type { Post } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { canReadChannelId, hasChannelPermission, requireSystemPermission } from './authz.ts';
import type { AppContext } from './context.ts';

/** Mattermost's ServiceSettings.UniqueEmojiReactionLimitPerPost default. */
export const UNIQUE_EMOJI_REACTION_LIMIT = 50;

export function isValidEmojiName(name: string): boolean {
  return name.length > 0 && name.length <= EMOJI_NAME_MAX_LENGTH && EMOJI_NAME_RE.test(name);
}

function reactionEvent(event: string, r: Reaction) {
  return wsEvent(event, { reaction: JSON.stringify(r) }, { channelId: r.channel_id });
}

/**
 * Mattermost's SessionHasPermissionToChannelByPost: the post (deleted ones too) if the actor holds `permission` in its
 * channel; a missing post is a permission error, not a 404.
 */
async function postWithPermission(ctx: AppContext, actor: Actor, postId: string, permission: string, where: string): Promise<Post> {
  const post = await ctx.store.posts.get(postId, true);
  if (!post || !(await hasChannelPermission(ctx, actor, post.channel_id, permission)))
    throw Errors.forbidden(where, actor.userId, permission);
  return post;
}

async function requireReadByPost(ctx: AppContext, actor: Actor, postId: string, where: string): Promise<void> {
  const post = await ctx.store.posts.get(postId, true);
  if (!post || !(await canReadChannelId(ctx, actor, post.channel_id)))
    throw Errors.forbidden(where, actor.userId, Permissions.READ_CHANNEL_CONTENT);
}

function requireLive(post: Post): void {
  if (post.delete_at) throw appError('app.post.get.app_error', 'GetSinglePost');
}

async function requireLiveChannel(ctx: AppContext, post: Post, where: string, archivedId: ErrorId): Promise<void> {
  // The cached channel: its delete_at is current (archiving invalidates it); nothing here reads its counters.
  const ch = await ctx.caches.channel(post.channel_id);
  if (!ch) throw appError('app.channel.get.existing.app_error', where);
  if (ch.delete_at > 0) throw appError(archivedId, where);
}

/**
 * POST /reactions: the actor's own reaction (idempotent), with add_reaction in the post's channel; `reaction_added`
 * goes to the channel. Refused on archived channels and past the per-post limit of distinct emoji.
 */
export async function saveReaction(
  ctx: AppContext,
  actor: Actor,
  input: { user_id: string; post_id: string; emoji_name: string },
): Promise<Reaction> {
  if (input.user_id !== actor.userId) throw appError('api.reaction.save_reaction.user_id.app_error', 'saveReaction');
  const post = await postWithPermission(ctx, actor, input.post_id, Permissions.ADD_REACTION, 'saveReaction');
  const { post_id: postId, emoji_name: emojiName } = input;
  if (!isValidEmojiName(emojiName)) throw appError('model.reaction.is_valid.emoji_name.app_error', 'Reaction.IsValid');
  requireLive(post);
  if (!(await ctx.store.reactions.existsOnPost(postId, emojiName))) {
    if ((await ctx.store.reactions.uniqueEmojiCount(postId)) >= UNIQUE_EMOJI_REACTION_LIMIT)
      throw appError('app.reaction.save.save.too_many_reactions', 'SaveReactionForPost');
  }
  await requireLiveChannel(ctx, post, 'SaveReactionForPost', 'api.reaction.save.archived_channel.app_error');
  const now = Date.now();
  const saved = await ctx.store.reactions.save({
    user_id: actor.userId,
    post_id: postId,
    emoji_name: emojiName,
    create_at: now,
    update_at: now,
    delete_at: 0,
    remote_id: '',
    channel_id: post.channel_id,
  });
  ctx.events.publish(reactionEvent(WsEvents.ReactionAdded, saved));
  return saved;
}

/**
 * DELETE /users/{id}/posts/{id}/reactions/{emoji}: remove_reaction in the post's channel, and remove_others_reactions
 * for someone else's; `reaction_removed` goes to the channel.
 */
export async function deleteReaction(ctx: AppContext, actor: Actor, userId: string, postId: string, emojiName: string): Promise<void> {
  if (emojiName.length > EMOJI_NAME_MAX_LENGTH) throw Errors.invalidUrlParam('emoji_name');
  const post = await postWithPermission(ctx, actor, postId, Permissions.REMOVE_REACTION, 'deleteReaction');
  if (userId !== actor.userId) requireSystemPermission(ctx, actor, Permissions.REMOVE_OTHERS_REACTIONS, 'deleteReaction');
  requireLive(post);
  await requireLiveChannel(ctx, post, 'DeleteReactionForPost', 'api.reaction.delete.archived_channel.app_error');
  const now = Date.now();
  await ctx.store.reactions.delete(postId, userId, emojiName, now);
  ctx.events.publish(
    reactionEvent(WsEvents.ReactionRemoved, {
      user_id: userId,
      post_id: postId,
      emoji_name: emojiName,
      create_at: 0,
      update_at: now,
      delete_at: now,
      remote_id: '',
      channel_id: post.channel_id,
    }),
  );
}

/** GET /posts/{id}/reactions, for those who may read the post's channel. */
export async function getReactions(ctx: AppContext, actor: Actor, postId: string): Promise<Reaction[]> {
  await requireReadByPost(ctx, actor, postId, 'getReactions');
  return ctx.store.reactions.forPosts([postId]);
}

/** POST /posts/ids/reactions: reactions per post id; every requested id has an entry (empty when none). */
export async function getBulkReactions(ctx: AppContext, actor: Actor, postIds: string[]): Promise<Record<string, Reaction[]>> {
  const ids = [...new Set(postIds)];
  for (const id of ids) await requireReadByPost(ctx, actor, id, 'getBulkReactions');
  const out: Record<string, Reaction[]> = Object.fromEntries(ids.map((id) => [id, [] as Reaction[]]));
  for (const r of await ctx.store.reactions.forPosts(ids)) out[r.post_id].push(r);
  return out;
}
