// Reactions, pins and saved (flagged) posts: the small things people do to posts, with their events.
import { appError, type ErrorId } from '../model/app-error.ts';
import { EMOJI_NAME_MAX_LENGTH, EMOJI_NAME_RE, type Reaction } from '../model/files.ts';
import type { Post, PostList } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { AppContext } from './context.ts';
import { getPostOr404, toPostList, updatePost } from './posts.ts';
import type { Actor } from './actor.ts';
import { canReadChannelId } from './authz.ts';

/** Mattermost's ServiceSettings.UniqueEmojiReactionLimitPerPost default. */
export const UNIQUE_EMOJI_REACTION_LIMIT = 50;
export const FLAGGED_POST_CATEGORY = 'flagged_post';

export function isValidEmojiName(name: string): boolean {
  return name.length > 0 && name.length <= EMOJI_NAME_MAX_LENGTH && EMOJI_NAME_RE.test(name);
}

function reactionEvent(event: string, r: Reaction) {
  return wsEvent(event, { reaction: JSON.stringify(r) }, { channelId: r.channel_id });
}

async function liveChannelOf(ctx: AppContext, post: Post, where: string, archivedId: ErrorId) {
  // The cached channel: its delete_at is current (archiving invalidates it); nothing here reads its counters.
  const ch = await ctx.caches.channel(post.channel_id);
  if (!ch) throw appError('app.channel.get.existing.app_error', where);
  if (ch.delete_at > 0) throw appError(archivedId, where);
  return ch;
}

/**
 * Adds a reaction (idempotent) and publishes `reaction_added` to the post's channel. Refused on archived channels and
 * past the per-post limit of distinct emoji. The caller has checked add_reaction.
 */
export async function saveReaction(ctx: AppContext, userId: string, postId: string, emojiName: string): Promise<Reaction> {
  if (!isValidEmojiName(emojiName)) throw appError('model.reaction.is_valid.emoji_name.app_error', 'Reaction.IsValid');
  const post = await getPostOr404(ctx, postId);
  if (!(await ctx.store.reactions.existsOnPost(postId, emojiName))) {
    if ((await ctx.store.reactions.uniqueEmojiCount(postId)) >= UNIQUE_EMOJI_REACTION_LIMIT)
      throw appError('app.reaction.save.save.too_many_reactions', 'SaveReactionForPost');
  }
  await liveChannelOf(ctx, post, 'SaveReactionForPost', 'api.reaction.save.archived_channel.app_error');
  const now = Date.now();
  const saved = await ctx.store.reactions.save({
    user_id: userId,
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

/** Removes a reaction and publishes `reaction_removed`. The caller has checked remove_reaction (and others'). */
export async function deleteReaction(ctx: AppContext, userId: string, postId: string, emojiName: string): Promise<void> {
  const post = await getPostOr404(ctx, postId);
  await liveChannelOf(ctx, post, 'DeleteReactionForPost', 'api.reaction.delete.archived_channel.app_error');
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

export async function reactionsForPost(ctx: AppContext, postId: string): Promise<Reaction[]> {
  return ctx.store.reactions.forPosts([postId]);
}

/** Reactions per post id; every requested id has an entry (empty when none). */
export async function bulkReactions(ctx: AppContext, postIds: string[]): Promise<Record<string, Reaction[]>> {
  const out: Record<string, Reaction[]> = Object.fromEntries(postIds.map((id) => [id, [] as Reaction[]]));
  for (const r of await ctx.store.reactions.forPosts(postIds)) out[r.post_id].push(r);
  return out;
}

/** Pins or unpins a post (`post_edited` follows); archived channels refuse. */
export async function setPostPinned(ctx: AppContext, post: Post, pinned: boolean): Promise<Post> {
  const ch = await ctx.store.channels.get(post.channel_id);
  if (!ch || ch.delete_at > 0) throw appError('api.post.update_post.can_not_update_post_in_deleted.error', 'saveIsPinnedPost');
  if (post.is_pinned === pinned) return post;
  return updatePost(ctx, post, { is_pinned: pinned });
}

export async function pinnedPosts(ctx: AppContext, channelId: string): Promise<PostList> {
  return toPostList(ctx, await ctx.store.posts.listPinned(channelId));
}

/**
 * The user's saved posts (preferences category `flagged_post`), newest first, limited to posts they may still read,
 * optionally to one channel or one team.
 */
export async function flaggedPosts(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  q: { channelId?: string; teamId?: string; page: number; perPage: number },
): Promise<PostList> {
  const prefs = await ctx.store.preferences.list(userId, FLAGGED_POST_CATEGORY);
  const ids = prefs.filter((p) => p.value === 'true' || p.value === '').map((p) => p.name);
  let posts = (await ctx.store.posts.getMany(ids)).sort((a, b) => b.create_at - a.create_at || (a.id < b.id ? 1 : -1));
  if (q.channelId) posts = posts.filter((p) => p.channel_id === q.channelId);
  const channels = new Map((await ctx.store.channels.getMany([...new Set(posts.map((p) => p.channel_id))])).map((c) => [c.id, c]));
  if (q.teamId)
    posts = posts.filter((p) => {
      const ch = channels.get(p.channel_id);
      return !!ch && (ch.team_id === q.teamId || ch.team_id === '');
    });
  const readable: Post[] = [];
  const canRead = new Map<string, boolean>();
  for (const p of posts) {
    if (!canRead.has(p.channel_id)) canRead.set(p.channel_id, await canReadChannelId(ctx, actor, p.channel_id));
    if (canRead.get(p.channel_id)) readable.push(p);
  }
  const page = readable.slice(q.page * q.perPage, (q.page + 1) * q.perPage);
  return toPostList(ctx, page);
}
