// Posts: create (with replies, counts and mentions), read pages and threads, edit and delete. The use-cases at the end
// take the Actor and check its permissions; the writes above them assume the caller has.
import { appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import { postForClient, postVersionForClient } from '../model/post.ts';
import { publicFileInfo } from '../model/files.ts';
import { withActionIds } from '../model/slack-attachments.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel, Post, PostList } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import type { Store } from '../store/store.ts';
import type { Actor } from './actor.ts';
import { addPermalinkEmbeds } from './link-metadata/permalinks.ts';
import { canReadChannelId, requireChannelPermission, requireChannelRead, requireSystemPermission } from './authz.ts';
import { runAfterEdit, runAfterPost } from './after-post.ts';
import type { AppContext } from './context.ts';
import { postedAckHook } from './notifications/desktop-ack.ts';
import { channelMentionOptions, resolveMentions, mentionedNames, mayMention, mentionKeywordsOf } from './mentions.ts';
import { recordReplyInThread, threadsEnabled, threadUpdatedEvents } from './threads.ts';
import { attachFilesToPost, deleteFilesForPosts, fillPostMetadata, fileInfosForPost } from './files/files.ts';
import { pendingKey, rememberSend, sentBefore } from './pending-posts.ts';
import { channelWideAllowed } from './notifications/channel-wide.ts';
import { dropDraftAfterSend, dropThreadDrafts } from './drafts.ts';
import { desktopFollowers } from './notifications/followers.ts';

/** Mattermost's PostMessageMaxRunesV2. */
export const POST_MESSAGE_MAX_RUNES = 16383;

export interface NewPost {
  channel_id: string;
  user_id: string;
  message: string;
  root_id?: string;
  type?: string;
  props?: Record<string, unknown>;
  file_ids?: string[];
  pending_post_id?: string;
  create_at?: number;
}

function hashtagsOf(message: string): string {
  const tags = message.match(/(?:^|\s)#([A-Za-z][\w.-]{2,})/g);
  return tags ? [...new Set(tags.map((t) => t.trim()))].join(' ') : '';
}

export function validatePostInput(p: NewPost): void {
  if ([...p.message].length > POST_MESSAGE_MAX_RUNES)
    throw appError('model.post.is_valid.msg.app_error', 'Post.IsValid', { detailed: `id=${p.channel_id}` });
  if (p.props && typeof p.props !== 'object') throw appError('model.post.is_valid.props.app_error', 'Post.IsValid');
}

/** The `posted` event's data, as the web and mobile apps read it. */
export function postedEvent(channel: Channel, post: Post, senderName: string, mentions: string[]): WsEvent {
  const data: Record<string, unknown> = {
    channel_display_name: channel.display_name,
    channel_name: channel.name,
    channel_type: channel.type,
    post: JSON.stringify(postForClient(post)),
    sender_name: senderName,
    set_online: true,
    team_id: channel.team_id,
  };
  if (mentions.length) data.mentions = JSON.stringify(mentions);
  // Mattermost flags posts with files so clients can say "uploaded an image/a file" without the post's metadata.
  if (post.file_ids?.length) {
    data.otherFile = 'true';
    const files = (post.metadata?.files as Array<{ mime_type?: string }> | undefined) ?? [];
    if (files.some((f) => f.mime_type?.startsWith('image'))) data.image = 'true';
  }
  return wsEvent(WsEvents.Posted, data, { channelId: channel.id });
}

/** A post as written in bulk (imports, joins): never edited, deleted or pinned, no replies yet; `update_at` = `create_at`. */
export function storedPost(
  p: Pick<Post, 'id' | 'channel_id' | 'user_id' | 'root_id' | 'message' | 'type' | 'props' | 'create_at'> & Partial<Post>,
): Post {
  const blank = { original_id: '', hashtags: '', pending_post_id: '', reply_count: 0, last_reply_at: 0, participants: null, metadata: {} };
  return { ...blank, ...p, update_at: p.create_at, edit_at: 0, delete_at: 0, is_pinned: false };
}

/**
 * Writes a post in the given store (which may be a transaction the caller holds) and returns it with the events to
 * publish after commit. Checks the thread and the channel state; the caller has already checked permissions.
 */
export async function insertPost(
  ctx: AppContext,
  s: Store,
  channel: Channel,
  input: NewPost,
): Promise<{ post: Post; events: WsEvent[]; mentions: string[] }> {
  validatePostInput(input);
  if (channel.delete_at > 0) throw appError('api.post.create_post.can_not_post_to_deleted.error', 'createPost');
  const rootId = input.root_id ?? '';
  let root: Post | undefined;
  if (rootId) {
    root = await s.posts.get(rootId);
    if (!root || root.root_id) throw appError('api.post.create_post.root_id.app_error', 'createPost');
    if (root.channel_id !== channel.id) throw appError('api.post.create_post.channel_root_id.app_error', 'createPost');
  }
  const now = input.create_at ?? Date.now();
  const post: Post = {
    id: newId(),
    create_at: now,
    update_at: now,
    edit_at: 0,
    delete_at: 0,
    is_pinned: false,
    user_id: input.user_id,
    channel_id: channel.id,
    root_id: rootId,
    original_id: '',
    message: input.message,
    type: input.type ?? '',
    props: withActionIds(input.props ?? {}),
    hashtags: input.type ? '' : hashtagsOf(input.message),
    file_ids: input.file_ids?.length ? input.file_ids : undefined,
    pending_post_id: input.pending_post_id ?? '',
    reply_count: 0,
    last_reply_at: 0,
    participants: null,
    metadata: {},
  };
  const isRoot = !rootId;
  let mentions: string[] = [];
  // Mention keys and first names need no '@', so any non-DM post may mention; member profiles (O(members)) are loaded
  // only when the message holds an '@' or one of the channel's cached keywords.
  if (
    !post.type &&
    (channel.type !== 'D' || mentionedNames(post.message).size) &&
    mayMention(post.message, await channelMentionKeywords(ctx, s, channel.id))
  ) {
    const memberIds = [...(await ctx.caches.channelMemberIds(channel.id))];
    const members = await s.users.getMany(memberIds);
    const opts = await channelMentionOptions(ctx, s, channel.id, members, post.message);
    const channelWide = channel.type !== 'D' && (await channelWideAllowed(ctx, s, channel, post.user_id, members.length, opts));
    mentions = resolveMentions(post.message, post.user_id, members, channelWide, opts).userIds;
  }
  // In DMs every message counts as a mention for the other member, as in Mattermost.
  if (channel.type === 'D' && !post.type && !mentions.length)
    mentions = [...(await ctx.caches.channelMemberIds(channel.id))].filter((u) => u !== post.user_id);
  const following = !!root && threadsEnabled(ctx);
  // The post, the channel counters, the author's read mark and the root's reply stats are one write (one statement on
  // PostgreSQL); a transaction only when files, mentions or thread followers add writes of their own.
  const write = async (t: Store) => {
    if (post.file_ids?.length) {
      const attached = await attachFilesToPost(t, post, post.file_ids);
      post.file_ids = attached.length ? attached : undefined;
    }
    const stats = await t.send.savePost(post, post.type ? '' : post.user_id);
    if (mentions.length) await t.channels.incrementMentions(channel.id, mentions, isRoot);
    if (following) await recordReplyInThread(ctx, t, root!, post, mentions);
    return stats;
  };
  const stats = post.file_ids?.length || mentions.length || following ? await s.tx(write) : await write(s);
  if (post.file_ids?.length) post.metadata = { ...post.metadata, files: await fileInfosForPost(s, post.id) };
  // Inside a caller's transaction the cache (which reads through ctx.store) could wait on that transaction's connection.
  const sender = s.db.isTransaction ? (await s.users.get(post.user_id))?.username : await ctx.caches.username(post.user_id);
  // A webhook post is announced under its override name (Mattermost's GetSenderName).
  const override = post.props.from_webhook === 'true' ? post.props.override_username : undefined;
  const senderName = typeof override === 'string' && override ? override : sender ? '@' + sender : '';
  const events = [postedEvent(channel, post, senderName, mentions)];
  events[0].postedAck = await postedAckHook(ctx, s, channel, post);
  if (root && stats) {
    // The root as it now reads: only its reply stats and update_at changed.
    const updated: Post = { ...root, ...stats };
    events.push(wsEvent(WsEvents.PostEdited, { post: JSON.stringify(postForClient(updated)) }, { channelId: channel.id }));
    const threadEvents = await threadUpdatedEvents(ctx, s, channel, rootId, updated);
    events.push(...threadEvents);
    // Collapsed-threads followers the web app notifies on its desktop (Mattermost's `followers`).
    const followers = await desktopFollowers(s, channel, post, threadEvents, mentions);
    if (followers.length) events[0].data.followers = JSON.stringify(followers);
  }
  return { post, events, mentions };
}

function channelMentionKeywords(ctx: AppContext, s: Store, channelId: string) {
  return ctx.caches.mentionKeywords(channelId, async () =>
    mentionKeywordsOf(await s.users.getMany([...(await ctx.caches.channelMemberIds(channelId))])),
  );
}

/** Creates a post, publishes its events, then hands it to the after-post steps (app/after-post.ts). */
export async function createPost(ctx: AppContext, channel: Channel, input: NewPost): Promise<Post> {
  const { post, events, mentions } = await insertPost(ctx, ctx.store, channel, input);
  for (const e of events) ctx.events.publish(e);
  runAfterPost(ctx, post, channel, mentions);
  return post;
}

/** A system post (join/leave/header…), authored by `userId`, in its own transaction. */
export async function createSystemPost(
  ctx: AppContext,
  channel: Channel,
  userId: string,
  type: string,
  message: string,
  props: Record<string, unknown>,
): Promise<Post> {
  return createPost(ctx, channel, { channel_id: channel.id, user_id: userId, message, type, props });
}

export async function getPostOr404(ctx: AppContext, postId: string, includeDeleted = false): Promise<Post> {
  const p = await ctx.store.posts.get(postId, includeDeleted);
  if (!p) throw appError('app.post.get.app_error', 'GetSinglePost');
  await fillPostMetadata(ctx, [p]);
  return p;
}

/**
 * Builds Mattermost's PostList: `order` newest first; `posts` also holds the roots of listed replies. With `viewer`,
 * posts linking to a post the viewer may read carry its permalink embed.
 */
export async function toPostList(ctx: AppContext, posts: Post[], extra: Partial<PostList> = {}, viewer?: Actor): Promise<PostList> {
  const map: Record<string, Post> = {};
  for (const p of posts) map[p.id] = postForClient(p);
  const missingRoots = [...new Set(posts.filter((p) => p.root_id && !map[p.root_id]).map((p) => p.root_id))];
  for (const r of await ctx.store.posts.getMany(missingRoots)) map[r.id] = postForClient(r);
  // Deleted posts (a `since` page lists them so clients drop them) carry no content, so no metadata either.
  const live = Object.values(map).filter((p) => !p.delete_at);
  await fillPostMetadata(ctx, live);
  if (viewer) await addPermalinkEmbeds(ctx, viewer, live);
  return {
    order: posts.map((p) => p.id),
    posts: map,
    next_post_id: '',
    prev_post_id: '',
    has_next: false,
    first_inaccessible_post_time: 0,
    ...extra,
  };
}

/** A page of a channel's posts: `since` (changes after a time), `before`/`after` a post, or page/per_page from the newest. */
export interface ChannelPostsQuery {
  page: number;
  perPage: number;
  /** Epoch ms as given in the query string; '' or absent means none. */
  since?: string;
  before?: string;
  after?: string;
  collapsedThreads?: boolean;
}

async function listPostsForChannel(
  ctx: AppContext,
  viewer: Actor,
  channelId: string,
  q: { page: number; perPage: number; since: number; before?: string; after?: string; collapsedThreads?: boolean },
): Promise<PostList> {
  // With collapsed threads the channel view lists root posts only; replies live in their threads.
  const roots = q.collapsedThreads === true;
  if (q.since) {
    const posts = await ctx.store.posts.listSince(channelId, q.since, 1000, roots);
    return toPostList(ctx, posts, {}, viewer);
  }
  if (q.before || q.after) {
    const pivot = await ctx.store.posts.get((q.before || q.after)!, true);
    if (!pivot || pivot.channel_id !== channelId) return toPostList(ctx, [], {}, viewer);
    const dir = q.before ? 'before' : 'after';
    const posts = await ctx.store.posts.listAround(channelId, pivot, dir, q.page * q.perPage, q.perPage + 1, roots);
    const more = posts.length > q.perPage;
    // listAround returns newest first; the extra row is the oldest for 'before' and the newest for 'after'.
    const page = dir === 'before' || !more ? posts.slice(0, q.perPage) : posts.slice(1);
    const extra = more ? (dir === 'before' ? posts[q.perPage] : posts[0]) : undefined;
    // Mattermost's cursors: page 0 of `before` points next at the pivot, page 0 of `after` points prev at it.
    let next = dir === 'after' ? (extra?.id ?? '') : q.page === 0 ? pivot.id : await neighbourId(ctx, channelId, page[0], 'after', roots);
    let prev =
      dir === 'before'
        ? (extra?.id ?? '')
        : q.page === 0
          ? pivot.id
          : await neighbourId(ctx, channelId, page[page.length - 1], 'before', roots);
    if (!page.length) {
      if (dir === 'before') prev = '';
      else next = '';
    }
    return toPostList(ctx, page, { prev_post_id: prev, next_post_id: next }, viewer);
  }
  const posts = await ctx.store.posts.listPage(channelId, q.page * q.perPage, q.perPage + 1, roots);
  const more = posts.length > q.perPage;
  const page = posts.slice(0, q.perPage);
  const next = q.page > 0 ? await neighbourId(ctx, channelId, page[0], 'after', roots) : '';
  return toPostList(ctx, page, { prev_post_id: more ? posts[q.perPage].id : '', next_post_id: next }, viewer);
}

/** The id of the post just older ('before') or newer ('after') than `p` in the channel, or ''. */
async function neighbourId(
  ctx: AppContext,
  channelId: string,
  p: Post | undefined,
  dir: 'before' | 'after',
  rootsOnly = false,
): Promise<string> {
  return p ? ctx.store.posts.neighbourId(channelId, p, dir, rootsOnly) : '';
}

/** A thread as a PostList: the root (of `post`, itself a root or a reply) and its live replies. */
async function threadOf(ctx: AppContext, viewer: Actor, post: Post): Promise<PostList> {
  const root = post.root_id ? await getPostOr404(ctx, post.root_id) : post;
  const posts = await ctx.store.posts.thread(root.id);
  return toPostList(ctx, posts.reverse(), {}, viewer);
}

/** Changes a post's message/props/pin/files (an edit) and publishes `post_edited`. The caller has checked permissions. */
export async function savePostChanges(
  ctx: AppContext,
  existing: Post,
  changes: { message?: string; props?: Record<string, unknown>; is_pinned?: boolean; file_ids?: string[] },
): Promise<Post> {
  if (existing.delete_at)
    throw appError('api.post.update_post.permissions_details.app_error', 'updatePost', { params: { PostId: existing.id } });
  const now = Date.now();
  const next: Post = { ...existing, update_at: now };
  const edited = changes.message !== undefined && changes.message !== existing.message;
  if (edited) {
    next.message = changes.message!;
    next.hashtags = hashtagsOf(changes.message!);
    next.edit_at = now;
  }
  if (changes.props !== undefined) next.props = withActionIds(changes.props);
  if (changes.is_pinned !== undefined) next.is_pinned = changes.is_pinned;
  if (changes.file_ids !== undefined) next.file_ids = changes.file_ids;
  validatePostInput({ channel_id: next.channel_id, user_id: next.user_id, message: next.message, props: next.props });
  // An edit of the message keeps the version it replaces (Mattermost's: a new id, original_id = the post, delete_at =
  // now), in the edit history table; a pin or a props change is no edit and keeps none.
  if (edited) {
    const previous: Post = { ...existing, id: newId(), original_id: existing.id, delete_at: now, update_at: now };
    await ctx.store.tx((t) => t.posts.updateKeepingVersion(next, previous));
  } else await ctx.store.posts.update(next);
  // Clients replace the post with what the event carries, so it goes with its metadata (files, reactions, embeds).
  await fillPostMetadata(ctx, [next]);
  ctx.events.publish(wsEvent(WsEvents.PostEdited, { post: JSON.stringify(postForClient(next)) }, { channelId: next.channel_id }));
  if (next.message !== existing.message) runAfterEdit(ctx, next);
  return next;
}

/** Soft-deletes a post (and a root's replies); publishes `post_deleted` (admins also learn who deleted it). */
async function softDeletePost(ctx: AppContext, post: Post, deletedBy: string): Promise<void> {
  const now = Date.now();
  await ctx.store.tx(async (t) => {
    const deletedIds = await t.posts.softDelete(post.id, now);
    await deleteFilesForPosts(t, deletedIds, now);
    if (post.root_id) await t.posts.refreshReplyStats(post.root_id, now);
  });
  const deleted = { ...post, delete_at: now, update_at: now, message: '', props: {} };
  const forUsers = wsEvent(WsEvents.PostDeleted, { post: JSON.stringify(deleted) }, { channelId: post.channel_id });
  forUsers.broadcast.contains_sanitized_data = true;
  const forAdmins = wsEvent(WsEvents.PostDeleted, { post: JSON.stringify(deleted), delete_by: deletedBy }, { channelId: post.channel_id });
  forAdmins.broadcast.contains_sensitive_data = true;
  ctx.events.publish(forUsers);
  ctx.events.publish(forAdmins);
  if (!post.root_id) dropThreadDrafts(ctx, post.channel_id, post.id);
}

// ---- Use-cases: the Actor's requests, with their permission checks. ----

/** POST /posts as a client sends it (Mattermost's Post JSON, the fields Parley reads). */
export interface CreatePostInput {
  channel_id: string;
  message?: string | null;
  root_id?: string | null;
  file_ids?: string[] | null;
  props?: Record<string, unknown> | null;
  type?: string | null;
  pending_post_id?: string | null;
}

/**
 * A post by the actor (Mattermost's CreatePostAsUser). The send path: the channel and the create_post check come from
 * the caches (no channel row is read; its name, type, team and delete_at are kept current by invalidation). A retry
 * (same user, channel and pending_post_id within the window of app/pending-posts.ts) answers the first post.
 */
export async function createPostAsUser(ctx: AppContext, actor: Actor, input: CreatePostInput): Promise<Post> {
  const message = input.message ?? '';
  const fileIds = input.file_ids?.length ? [...new Set(input.file_ids)] : [];
  if (!message && !fileIds.length) throw appError('model.post.is_valid.msg.app_error', 'Post.IsValid');
  const type = input.type ?? '';
  if (type && !type.startsWith('custom_') && type !== 'me') throw appError('model.post.is_valid.type.app_error', 'Post.IsValid');
  const channel = await ctx.caches.channel(input.channel_id);
  if (!channel) throw Errors.forbidden('createPost', actor.userId, Permissions.CREATE_POST);
  await requireChannelPermission(ctx, actor, input.channel_id, Permissions.CREATE_POST, 'createPost');
  const pendingPostId = input.pending_post_id ?? '';
  const key = pendingPostId && pendingKey(actor.userId, channel.id, pendingPostId);
  const first = key ? sentBefore(ctx, key) : undefined;
  if (first) return first.then(postForClient);
  const post = createPost(ctx, channel, {
    channel_id: input.channel_id,
    user_id: actor.userId,
    message,
    root_id: input.root_id ?? '',
    type,
    props: input.props ?? {},
    file_ids: fileIds,
    pending_post_id: pendingPostId,
  });
  if (key) rememberSend(ctx, key, post);
  return post.then((p) => {
    dropDraftAfterSend(ctx, actor.userId, p.channel_id, p.root_id);
    return postForClient(p);
  });
}

/**
 * GET /posts/{id}: the post if the actor may read its channel. `includeDeleted` (manage_system only, as Mattermost's)
 * finds a deleted post too, as its content-free shell.
 */
export async function getPostIfAuthorized(ctx: AppContext, actor: Actor, postId: string, includeDeleted: boolean): Promise<Post> {
  if (includeDeleted) requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'getPost');
  const post = await ctx.store.posts.get(postId, includeDeleted);
  if (!post) throw appError('app.post.get.app_error', 'GetSinglePost');
  await requireChannelRead(ctx, actor, post.channel_id);
  if (post.delete_at) return postForClient(post);
  await fillPostMetadata(ctx, [post]);
  await addPermalinkEmbeds(ctx, actor, [post]);
  return postForClient(post);
}

/** POST /posts/ids: the live posts among `postIds` that the actor may read, the others left out (as Mattermost). */
export async function getPostsByIds(ctx: AppContext, actor: Actor, postIds: string[]): Promise<Post[]> {
  const posts = await ctx.store.posts.getMany([...new Set(postIds)]);
  const readable = new Map<string, boolean>();
  const out: Post[] = [];
  for (const p of posts) {
    let ok = readable.get(p.channel_id);
    if (ok === undefined) readable.set(p.channel_id, (ok = await canReadChannelId(ctx, actor, p.channel_id)));
    if (ok) out.push(postForClient(p));
  }
  return out;
}

/** GET /posts/{id}/thread: the whole thread the post is in. */
export async function getPostThread(ctx: AppContext, actor: Actor, postId: string): Promise<PostList> {
  const post = await getPostOr404(ctx, postId);
  await requireChannelRead(ctx, actor, post.channel_id);
  return threadOf(ctx, actor, post);
}

/** GET /channels/{id}/posts: a page of the channel (see ChannelPostsQuery) if the actor may read it. */
export async function getPostsForChannel(ctx: AppContext, actor: Actor, channelId: string, q: ChannelPostsQuery): Promise<PostList> {
  const ch = await requireChannelRead(ctx, actor, channelId);
  const since = Number(q.since ?? 0);
  if (Number.isNaN(since)) throw Errors.invalidUrlParam('since');
  return listPostsForChannel(ctx, actor, ch.id, { ...q, since });
}

/** edit_post on one's own post, edit_others_posts otherwise; and within ServiceSettings.PostEditTimeLimit. */
async function requireEditPost(ctx: AppContext, actor: Actor, post: Post): Promise<void> {
  const perm = post.user_id === actor.userId ? Permissions.EDIT_POST : Permissions.EDIT_OTHERS_POSTS;
  await requireChannelPermission(ctx, actor, post.channel_id, perm, 'updatePost');
  const limit = ctx.config().ServiceSettings.PostEditTimeLimit;
  if (limit > 0 && post.create_at + limit * 1000 < Date.now())
    throw appError('api.post.update_post.permissions_time_limit.app_error', 'updatePost', { params: { timeLimit: limit } });
}

async function postToEdit(ctx: AppContext, actor: Actor, postId: string, where: string): Promise<Post> {
  const post = await ctx.store.posts.get(postId);
  if (!post) throw appError('api.post.update_post.find.app_error', where);
  await requireEditPost(ctx, actor, post);
  return post;
}

/** PUT /posts/{id}/patch: the fields given change, the others stay. */
export async function patchPost(
  ctx: AppContext,
  actor: Actor,
  postId: string,
  patch: { message?: string; props?: Record<string, unknown>; is_pinned?: boolean; file_ids?: string[] },
): Promise<Post> {
  const post = await postToEdit(ctx, actor, postId, 'patchPost');
  return postForClient(await savePostChanges(ctx, post, { ...patch, file_ids: patch.file_ids && [...new Set(patch.file_ids)] }));
}

/** PUT /posts/{id}: the body's `id` must be the path's; its message replaces the post's, its props too when given. */
export async function updatePost(
  ctx: AppContext,
  actor: Actor,
  postId: string,
  input: { id?: string | null; message?: string | null; props?: Record<string, unknown> | null },
): Promise<Post> {
  if (input.id !== postId) throw Errors.invalidBodyParam('id');
  const post = await postToEdit(ctx, actor, postId, 'updatePost');
  return postForClient(await savePostChanges(ctx, post, { message: input.message ?? '', props: input.props ?? post.props }));
}

/**
 * GET /posts/{id}/edit_history: the post's earlier versions, the most recently replaced first. Only its author may
 * read them, with edit_post in its channel; an unknown post is refused like a foreign one (as Mattermost does), and a
 * post never edited has no history (404).
 */
export async function getEditHistoryForPost(ctx: AppContext, actor: Actor, postId: string): Promise<Post[]> {
  const post = await ctx.store.posts.get(postId);
  if (!post) throw Errors.forbidden('getEditHistoryForPost', actor.userId, Permissions.EDIT_POST);
  await requireChannelPermission(ctx, actor, post.channel_id, Permissions.EDIT_POST, 'getEditHistoryForPost');
  if (post.user_id !== actor.userId) throw Errors.forbidden('getEditHistoryForPost', actor.userId, Permissions.EDIT_POST);
  const versions = await ctx.store.posts.editHistory(post.id);
  if (!versions.length) throw appError('app.post.get.app_error', 'GetEditHistoryForPost');
  // A version's files are found by their ids (they belong to the post, not to the version's id).
  const fileIds = [...new Set(versions.flatMap((v) => v.file_ids ?? []))];
  const files = new Map((await ctx.store.files.getMany(fileIds)).map((f) => [f.id, publicFileInfo(f)]));
  for (const v of versions) {
    const mine = (v.file_ids ?? []).map((id) => files.get(id)).filter((f) => f !== undefined);
    if (mine.length) v.metadata = { files: mine };
  }
  return versions.map(postVersionForClient);
}

/** DELETE /posts/{id}: delete_post on one's own post, delete_others_posts otherwise; not in an archived channel. */
export async function deletePost(ctx: AppContext, actor: Actor, postId: string): Promise<void> {
  const post = await getPostOr404(ctx, postId);
  const perm = post.user_id === actor.userId ? Permissions.DELETE_POST : Permissions.DELETE_OTHERS_POSTS;
  await requireChannelPermission(ctx, actor, post.channel_id, perm, 'deletePost');
  // The cached channel: its delete_at is current (archiving invalidates it).
  const ch = await ctx.caches.channel(post.channel_id);
  if (!ch) throw appError('app.channel.get.existing.app_error', 'GetChannel');
  if (ch.delete_at) throw appError('api.post.delete_post.can_not_delete_post_in_deleted.error', 'deletePost');
  await softDeletePost(ctx, post, actor.userId);
}
