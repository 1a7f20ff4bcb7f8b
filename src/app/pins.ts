// Pinned and saved (flagged) posts: pin/unpin with its event, a channel's pinned posts, a user's saved posts.
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Post, PostList } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { canReadChannelId, requireChannelRead, requireSelfOr } from './authz.ts';
import type { AppContext } from './context.ts';
import { fillPostMetadata } from './files/files.ts';
import { savePostChanges, toPostList } from './posts.ts';

export const FLAGGED_POST_CATEGORY = 'flagged_post';

/**
 * POST /posts/{id}/pin and /unpin: anyone who may read the channel (a missing post is a permission error, as
 * Mattermost's); `post_edited` follows; archived channels refuse.
 */
export async function saveIsPinnedPost(ctx: AppContext, actor: Actor, postId: string, pinned: boolean): Promise<Post> {
  const post = await ctx.store.posts.get(postId);
  if (!post || !(await canReadChannelId(ctx, actor, post.channel_id)))
    throw Errors.forbidden('saveIsPinnedPost', actor.userId, Permissions.READ_CHANNEL_CONTENT);
  // The cached channel: its delete_at is current (archiving invalidates it).
  const ch = await ctx.caches.channel(post.channel_id);
  if (!ch || ch.delete_at > 0) throw appError('api.post.update_post.can_not_update_post_in_deleted.error', 'saveIsPinnedPost');
  if (post.is_pinned === pinned) return post;
  await fillPostMetadata(ctx, [post]);
  return savePostChanges(ctx, post, { is_pinned: pinned });
}

/** GET /channels/{id}/pinned: the channel's live pinned posts, newest first. */
export async function getPinnedPosts(ctx: AppContext, actor: Actor, channelId: string): Promise<PostList> {
  const ch = await requireChannelRead(ctx, actor, channelId);
  return toPostList(ctx, await ctx.store.posts.listPinned(ch.id));
}

/**
 * GET /users/{id}/posts/flagged: the user's saved posts (preferences category `flagged_post`), newest first, limited to
 * posts the actor may still read, optionally to one channel or one team. Another user's need edit_other_users.
 */
export async function getFlaggedPostsForUser(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  q: { channelId?: string; teamId?: string; page: number; perPage: number },
): Promise<PostList> {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'getFlaggedPostsForUser');
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
