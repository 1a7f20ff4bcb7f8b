// /api/v4/posts: create, read, thread, patch/update, delete, and a channel's posts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, OK, pageOf, route, type Ctx } from './context.ts';
import { AnyObject, Id, IdList, OptStr, PagingQuery, Q, QId } from './schemas.ts';

/** A post's attachments: at most 10 file ids (Mattermost's limit). */
const FileIds = () => Type.Array(Id(), { maxItems: 10 });
const NullableProps = (opts: object = {}) => Type.Optional(Type.Union([AnyObject(), Type.Null()], opts));

const CreatePostBody = Type.Object({
  channel_id: Type.String(),
  message: OptStr(),
  root_id: OptStr(),
  file_ids: Type.Optional(Type.Union([FileIds(), Type.Null()])),
  props: NullableProps(),
  type: OptStr(),
  pending_post_id: OptStr(),
});
const PatchPostBody = Type.Object({
  message: Type.Optional(Type.String()),
  props: Type.Optional(AnyObject()),
  is_pinned: Type.Optional(Type.Boolean()),
  file_ids: Type.Optional(FileIds()),
});
/** Props that are not an object fail Post.IsValid, as they always have here. */
const UpdatePostBody = Type.Object({
  id: OptStr(),
  message: OptStr(),
  props: NullableProps({ errorId: 'model.post.is_valid.props.app_error' }),
});
const PostIds = IdList('post_ids', 1000);
const GetPostQuery = Type.Object({ include_deleted: Q() });
const ChannelPostsQuery = Type.Object({ ...PagingQuery, since: Q(), before: QId(), after: QId(), collapsedThreads: Q() });

export function postsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/posts', { auth: 'session', body: CreatePostBody }, createPost);
  route(f, app, 'POST', '/posts/ids', { auth: 'session', body: PostIds }, getPostsByIds);
  route(f, app, 'GET', '/posts/:post_id', { auth: 'session', query: GetPostQuery }, getPost);
  route(f, app, 'GET', '/posts/:post_id/thread', { auth: 'session' }, getPostThread);
  route(f, app, 'GET', '/posts/:post_id/edit_history', { auth: 'session' }, getEditHistoryForPost);
  route(f, app, 'PUT', '/posts/:post_id/patch', { auth: 'session', body: PatchPostBody }, patchPost);
  route(f, app, 'PUT', '/posts/:post_id', { auth: 'session', body: UpdatePostBody }, updatePost);
  route(f, app, 'DELETE', '/posts/:post_id', { auth: 'session' }, deletePost);
  route(f, app, 'GET', '/channels/:channel_id/posts', { auth: 'session', query: ChannelPostsQuery }, getPostsForChannel);
}

/** The send path: the schema check, then one use-case; 201 with the post. */
async function createPost(c: Ctx<Static<typeof CreatePostBody>>) {
  const post = await c.app.posts.createPostAsUser(c.actor, c.body);
  c.status(201);
  return post;
}

/** Body: post ids (up to 1000); posts the user may not read are left out. */
async function getPostsByIds(c: Ctx<string[]>) {
  return c.app.posts.getPostsByIds(c.actor, c.body);
}

async function getPost(c: Ctx<undefined, Static<typeof GetPostQuery>>) {
  return c.app.posts.getPostIfAuthorized(c.actor, c.id('post_id'), flag(c.query.include_deleted));
}

/** The post's earlier versions, newest first; its author only. */
async function getEditHistoryForPost(c: Ctx) {
  return c.app.posts.getEditHistoryForPost(c.actor, c.id('post_id'));
}

async function getPostThread(c: Ctx) {
  return c.app.posts.getPostThread(c.actor, c.id('post_id'));
}

/** Query: page/per_page, or since (epoch ms), or before/after a post id; collapsedThreads lists root posts only. */
async function getPostsForChannel(c: Ctx<undefined, Static<typeof ChannelPostsQuery>>) {
  const q = c.query;
  return c.app.posts.getPostsForChannel(c.actor, c.id('channel_id'), {
    ...pageOf(q),
    since: q.since,
    before: q.before,
    after: q.after,
    collapsedThreads: flag(q.collapsedThreads),
  });
}

async function patchPost(c: Ctx<Static<typeof PatchPostBody>>) {
  return c.app.posts.patchPost(c.actor, c.id('post_id'), c.body);
}

async function updatePost(c: Ctx<Static<typeof UpdatePostBody>>) {
  return c.app.posts.updatePost(c.actor, c.id('post_id'), c.body);
}

async function deletePost(c: Ctx) {
  await c.app.posts.deletePost(c.actor, c.id('post_id'));
  return OK;
}
