// /api/v4/posts: create, read, thread, patch/update, delete, and a channel's posts.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Post } from '../model/types.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireChannelPermission } from '../app/authz.ts';
import { getChannelOr404 } from '../app/channels.ts';
import { createPost, deletePost, getPostOr404, getPostsForChannel, getThread, updatePost } from '../app/posts.ts';
import { boolQuery, idList, OK, paging, legacyRoute, str, type LegacyCtx as Ctx } from './context.ts';
import { readableCachedChannel } from './channels.ts';

export function postsRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'POST', '/posts', 'session', createPostHandler);
  legacyRoute(f, app, ctx, 'POST', '/posts/ids', 'session', getPostsByIds);
  legacyRoute(f, app, ctx, 'GET', '/posts/:post_id', 'session', getPost);
  legacyRoute(f, app, ctx, 'GET', '/posts/:post_id/thread', 'session', getPostThread);
  legacyRoute(f, app, ctx, 'PUT', '/posts/:post_id/patch', 'session', patchPost);
  legacyRoute(f, app, ctx, 'PUT', '/posts/:post_id', 'session', updatePostHandler);
  legacyRoute(f, app, ctx, 'DELETE', '/posts/:post_id', 'session', deletePostHandler);
  legacyRoute(f, app, ctx, 'GET', '/channels/:channel_id/posts', 'session', getPostsForChannelHandler);
}

async function createPostHandler(c: Ctx) {
  const body = c.body<Record<string, unknown>>();
  const channelId = str(body, 'channel_id');
  const message = str(body, 'message', false);
  const rootId = str(body, 'root_id', false);
  const fileIds = body.file_ids === undefined || body.file_ids === null ? [] : idList(body.file_ids, 'file_ids', 10, 0);
  if (body.props !== undefined && (typeof body.props !== 'object' || Array.isArray(body.props))) throw Errors.invalidBodyParam('props');
  if (!message && !fileIds.length) throw appError('model.post.is_valid.msg.app_error', 'Post.IsValid');
  const type = str(body, 'type', false);
  if (type && !type.startsWith('custom_') && type !== 'me') throw appError('model.post.is_valid.type.app_error', 'Post.IsValid');
  // Cached: the send path reads no channel row (its name, type, team and delete_at are kept current by invalidation).
  const channel = await c.app.caches.channel(channelId);
  if (!channel) throw Errors.forbidden('createPost', c.session.user_id, Permissions.CREATE_POST);
  await requireChannelPermission(c.app, c.actor, channelId, Permissions.CREATE_POST, 'createPost');
  const post = await createPost(c.app, channel, {
    channel_id: channelId,
    user_id: c.session.user_id,
    message,
    root_id: rootId,
    type,
    props: (body.props as Record<string, unknown>) ?? {},
    file_ids: fileIds,
    pending_post_id: str(body, 'pending_post_id', false),
  });
  c.status(201);
  return post;
}

async function requireReadPost(c: Ctx, post: Post): Promise<void> {
  await readableCachedChannel(c, post.channel_id);
}

async function getPost(c: Ctx) {
  const post = await getPostOr404(c.app, c.id('post_id'), c.query('include_deleted') === 'true');
  await requireReadPost(c, post);
  return post;
}

async function getPostsByIds(c: Ctx) {
  const ids = idList(c.req.body, 'post_ids', 1000);
  const posts = await c.app.store.posts.getMany(ids);
  const out: Post[] = [];
  for (const p of posts) {
    try {
      await requireReadPost(c, p);
      out.push(p);
    } catch {
      // Posts the user may not read are left out, as Mattermost does.
    }
  }
  return out;
}

async function getPostThread(c: Ctx) {
  const post = await getPostOr404(c.app, c.id('post_id'));
  await requireReadPost(c, post);
  return getThread(c.app, post.id);
}

async function getPostsForChannelHandler(c: Ctx) {
  const ch = await readableCachedChannel(c, c.id('channel_id'));
  const { page, perPage } = paging(c);
  const since = Number(c.query('since') ?? 0);
  const before = c.query('before') ?? '';
  const after = c.query('after') ?? '';
  if (Number.isNaN(since)) throw Errors.invalidUrlParam('since');
  for (const [n, v] of [
    ['before', before],
    ['after', after],
  ] as const)
    if (v && !/^[a-z0-9]{26}$/.test(v)) throw Errors.invalidUrlParam(n);
  return getPostsForChannel(c.app, ch.id, { page, perPage, since, before, after, collapsedThreads: boolQuery(c, 'collapsedThreads') });
}

async function requireEditPost(c: Ctx, post: Post): Promise<void> {
  const perm = post.user_id === c.session.user_id ? Permissions.EDIT_POST : Permissions.EDIT_OTHERS_POSTS;
  await requireChannelPermission(c.app, c.actor, post.channel_id, perm, 'updatePost');
  const limit = c.app.config().ServiceSettings.PostEditTimeLimit;
  if (limit > 0 && post.create_at + limit * 1000 < Date.now())
    throw appError('api.post.update_post.permissions_time_limit.app_error', 'updatePost', { params: { timeLimit: limit } });
}

async function patchPost(c: Ctx) {
  const post = await c.app.store.posts.get(c.id('post_id'));
  if (!post) throw appError('api.post.update_post.find.app_error', 'patchPost');
  const body = c.body<Record<string, unknown>>();
  if (body.message !== undefined && typeof body.message !== 'string') throw Errors.invalidBodyParam('message');
  if (body.props !== undefined && (typeof body.props !== 'object' || body.props === null || Array.isArray(body.props)))
    throw Errors.invalidBodyParam('props');
  if (body.is_pinned !== undefined && typeof body.is_pinned !== 'boolean') throw Errors.invalidBodyParam('is_pinned');
  await requireEditPost(c, post);
  return updatePost(c.app, post, {
    message: body.message as string | undefined,
    props: body.props as Record<string, unknown> | undefined,
    is_pinned: body.is_pinned as boolean | undefined,
    file_ids: body.file_ids === undefined ? undefined : idList(body.file_ids, 'file_ids', 10, 0),
  });
}

async function updatePostHandler(c: Ctx) {
  const postId = c.id('post_id');
  const body = c.body<Record<string, unknown>>();
  if (body.id !== postId) throw Errors.invalidBodyParam('id');
  const post = await c.app.store.posts.get(postId);
  if (!post) throw appError('api.post.update_post.find.app_error', 'updatePost');
  await requireEditPost(c, post);
  return updatePost(c.app, post, { message: str(body, 'message', false), props: (body.props as Record<string, unknown>) ?? post.props });
}

async function deletePostHandler(c: Ctx) {
  const post = await getPostOr404(c.app, c.id('post_id'));
  const perm = post.user_id === c.session.user_id ? Permissions.DELETE_POST : Permissions.DELETE_OTHERS_POSTS;
  await requireChannelPermission(c.app, c.actor, post.channel_id, perm, 'deletePost');
  const ch = await getChannelOr404(c.app, post.channel_id);
  if (ch.delete_at) throw appError('api.post.delete_post.can_not_delete_post_in_deleted.error', 'deletePost');
  await deletePost(c.app, post, c.session.user_id);
  return OK;
}
