// Files: who may read a file, downloads (the file, its thumbnail and preview), file infos, public links, file search,
// and the file/reaction metadata Mattermost puts on posts it returns. Uploads are in ./upload.ts.
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import { appError, Errors } from '../../model/app-error.ts';
import { Permissions } from '../../model/roles.ts';
import type { Post } from '../../model/types.ts';
import { publicFileInfo, type FileInfo, type FileInfoList, type Reaction, type StoredFileInfo } from '../../model/files.ts';
import type { AppContext } from '../context.ts';
import type { Actor } from '../actor.ts';
import { canReadChannel, canReadChannelId, requireSystemPermission, requireTeamPermission } from '../authz.ts';
import { fileBackend } from './backend.ts';
import { fillEmbeds } from '../link-metadata/link-metadata.ts';

const MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  heic: 'image/heic',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  json: 'application/json',
  xml: 'text/xml',
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tar: 'application/x-tar',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  js: 'text/javascript',
  ts: 'video/mp2t',
};

export function mimeTypeFor(ext: string): string {
  return MIME[ext] ?? '';
}

async function getFileInfoOr404(ctx: AppContext, fileId: string): Promise<StoredFileInfo> {
  const info = await ctx.store.files.get(fileId);
  if (!info) throw appError('app.file_info.get.app_error', 'GetFileInfo', { detailed: 'file_id=' + fileId });
  return info;
}

/** A file the session may download: its uploader, or a reader of the channel of the post it is attached to. */
async function readableFile(ctx: AppContext, actor: Actor, fileId: string): Promise<StoredFileInfo> {
  const info = await getFileInfoOr404(ctx, fileId);
  if (info.user_id === actor.userId) return info;
  if (info.post_id) {
    const post = await ctx.store.posts.get(info.post_id, true);
    if (post && (await canReadChannelId(ctx, actor, post.channel_id))) return info;
  }
  throw appError('api.context.permissions.app_error', 'getFile', {
    detailed: `userId=${actor.userId}, permission=${Permissions.READ_CHANNEL}`,
  });
}

async function openFile(ctx: AppContext, key: string): Promise<Readable> {
  try {
    return await fileBackend(ctx.config()).get(key);
  } catch {
    throw appError('api.file.file_reader.app_error', 'FileReader');
  }
}

/** Mattermost's public link hash: base64url(sha256(salt ‖ fileId)), unpadded. */
export function publicLinkHash(fileId: string, salt: string): string {
  return crypto.createHash('sha256').update(salt).update(fileId).digest('base64url');
}

function publicLinkHashMatches(fileId: string, salt: string, given: string): boolean {
  const want = Buffer.from(publicLinkHash(fileId, salt));
  const got = Buffer.from(given);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

function publicLink(ctx: AppContext, info: FileInfo): string {
  return `${ctx.siteURL()}/files/${info.id}/public?h=${publicLinkHash(info.id, ctx.config().FileSettings.PublicLinkSalt)}`;
}

/** A file's bytes and what a response needs to describe them. */
export interface FileDownload {
  name: string;
  mimeType: string;
  /** Bytes, or 0 when not known (thumbnails and previews). */
  size: number;
  updateAt: number;
  stream: Readable;
}

async function download(ctx: AppContext, info: StoredFileInfo, key: string, mimeType: string, size: number): Promise<FileDownload> {
  return { name: info.name, mimeType, size, updateAt: info.update_at, stream: await openFile(ctx, key) };
}

/** GET /files/{id}: the file, for its uploader or a reader of the channel it was posted in. */
export async function getFile(ctx: AppContext, actor: Actor, fileId: string): Promise<FileDownload> {
  const info = await readableFile(ctx, actor, fileId);
  return download(ctx, info, info.path, info.mime_type, info.size);
}

/** GET /files/{id}/thumbnail: the 120x100-covering JPEG of an image. */
export async function getFileThumbnail(ctx: AppContext, actor: Actor, fileId: string): Promise<FileDownload> {
  const info = await readableFile(ctx, actor, fileId);
  if (!info.thumbnail_path)
    throw appError('api.file.get_file_thumbnail.no_thumbnail.app_error', 'getFileThumbnail', { detailed: 'file_id=' + info.id });
  return download(ctx, info, info.thumbnail_path, 'image/jpeg', 0);
}

/** GET /files/{id}/preview: the JPEG preview (at most 1920 wide) of an image. */
export async function getFilePreview(ctx: AppContext, actor: Actor, fileId: string): Promise<FileDownload> {
  const info = await readableFile(ctx, actor, fileId);
  if (!info.preview_path)
    throw appError('api.file.get_file_preview.no_preview.app_error', 'getFilePreview', { detailed: 'file_id=' + info.id });
  return download(ctx, info, info.preview_path, 'image/jpeg', 0);
}

/** GET /files/{id}/info. */
export async function getFileInfo(ctx: AppContext, actor: Actor, fileId: string): Promise<FileInfo> {
  return publicFileInfo(await readableFile(ctx, actor, fileId));
}

function requirePublicLinks(ctx: AppContext, where: string): void {
  if (!ctx.config().FileSettings.EnablePublicLink) throw appError('api.file.get_public_link.disabled.app_error', where);
}

/**
 * The one rule of public links: they exist for posted files only. A file never attached to a post has none (400); the
 * file of a deleted post is gone (404), as Mattermost deletes a post's files with it — also when the file's row
 * outlived its post.
 */
async function requirePosted(ctx: AppContext, info: StoredFileInfo, where: string): Promise<void> {
  if (!info.post_id) throw appError('api.file.get_public_link.no_post.app_error', where, { detailed: 'file_id=' + info.id });
  if (!(await ctx.store.posts.get(info.post_id)))
    throw appError('app.file_info.get.app_error', 'GetFileInfo', { detailed: 'file_id=' + info.id });
}

/** GET /files/{id}/link: a link anyone may open, for a posted file the actor may read (FileSettings.EnablePublicLink). */
export async function getPublicLink(ctx: AppContext, actor: Actor, fileId: string): Promise<{ link: string }> {
  requirePublicLinks(ctx, 'getPublicLink');
  const info = await readableFile(ctx, actor, fileId);
  await requirePosted(ctx, info, 'getPublicLink');
  return { link: publicLink(ctx, info) };
}

/**
 * GET /files/{id}/public?h=: a posted file, without a session, for the hash of its public link. The hash is checked
 * before the post, so that without it nothing is learnt of the file but its existence.
 */
export async function getPublicFile(ctx: AppContext, fileId: string, hash: string): Promise<FileDownload> {
  requirePublicLinks(ctx, 'getPublicFile');
  const info = await getFileInfoOr404(ctx, fileId);
  if (!hash || !publicLinkHashMatches(info.id, ctx.config().FileSettings.PublicLinkSalt, hash))
    throw appError('api.file.get_file.public_invalid.app_error', 'getPublicFile');
  await requirePosted(ctx, info, 'getPublicFile');
  return download(ctx, info, info.path, info.mime_type, info.size);
}

/**
 * GET /posts/{id}/files/info: the files of a post the actor may read; a deleted post's with `includeDeleted`, which
 * needs manage_system as GET /posts/{id}?include_deleted does.
 */
export async function getFileInfosForPost(ctx: AppContext, actor: Actor, postId: string, includeDeleted: boolean): Promise<FileInfo[]> {
  if (includeDeleted) requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'getFileInfosForPost');
  const post = await ctx.store.posts.get(postId, includeDeleted);
  if (!post) throw appError('app.post.get.app_error', 'GetSinglePost');
  if (!(await canReadChannelId(ctx, actor, post.channel_id)))
    throw Errors.forbidden('getFileInfosForPost', actor.userId, Permissions.READ_CHANNEL_CONTENT);
  return fileInfosForPost(ctx.store, post.id, includeDeleted);
}

/** The files of a post, oldest first. */
export async function fileInfosForPost(s: AppContext['store'], postId: string, includeDeleted = false): Promise<FileInfo[]> {
  return (await s.files.forPosts([postId], includeDeleted)).map(publicFileInfo);
}

/**
 * Attaches the uploaded files to a new post in the given store (maybe a transaction). As in Mattermost, ids that are
 * not the poster's, not in the post's channel or already attached are dropped; returns the ids that were attached, in
 * the order given.
 */
export async function attachFilesToPost(
  s: AppContext['store'],
  post: Pick<Post, 'id' | 'channel_id' | 'user_id' | 'create_at'>,
  fileIds: string[],
): Promise<string[]> {
  const ok = new Set(await s.files.attachToPost(fileIds, post.id, post.channel_id, post.user_id, post.create_at));
  return fileIds.filter((id) => ok.has(id));
}

/** Soft-deletes the files of deleted posts. */
export async function deleteFilesForPosts(s: AppContext['store'], postIds: string[], at: number): Promise<void> {
  await s.files.deleteForPosts(postIds, at);
}

/**
 * Fills what Mattermost's PreparePostForClient adds for files and reactions: `metadata.files`, `metadata.reactions`
 * and `has_reactions`. Files are looked up only for posts with file_ids, reactions only for posts whose stored
 * has_reactions is set (no query when none is). Mutates and returns the posts.
 */
export async function fillPostMetadata<P extends Post>(ctx: AppContext, posts: P[]): Promise<P[]> {
  if (!posts.length) return posts;
  const withFiles = posts.filter((p) => p.file_ids?.length).map((p) => p.id);
  const withReactions = posts.filter((p) => p.has_reactions).map((p) => p.id);
  const [files, reactions] = await Promise.all([
    ctx.store.files.forPosts(
      withFiles,
      posts.some((p) => p.delete_at > 0),
    ),
    ctx.store.reactions.forPosts(withReactions),
  ]);
  const filesByPost = new Map<string, FileInfo[]>();
  for (const f of files) filesByPost.set(f.post_id, [...(filesByPost.get(f.post_id) ?? []), publicFileInfo(f)]);
  const reactionsByPost = new Map<string, Reaction[]>();
  for (const r of reactions) reactionsByPost.set(r.post_id, [...(reactionsByPost.get(r.post_id) ?? []), r]);
  for (const p of posts) {
    const meta: Record<string, unknown> = { ...(p.metadata ?? {}) };
    const pf = filesByPost.get(p.id);
    if (pf?.length) meta.files = pf;
    else delete meta.files;
    const pr = reactionsByPost.get(p.id);
    if (pr?.length) {
      meta.reactions = pr;
      p.has_reactions = true;
    } else {
      delete meta.reactions;
      delete p.has_reactions;
    }
    p.metadata = meta;
  }
  await fillEmbeds(ctx, posts);
  return posts;
}

/** Parsed file search terms: name words, `ext:` filters, `in:` channel names, `from:` usernames. */
export function parseFileSearch(terms: string): { words: string[]; ext: string[]; inChannels: string[]; from: string[] } {
  const out = { words: [] as string[], ext: [] as string[], inChannels: [] as string[], from: [] as string[] };
  for (const raw of terms.match(/"[^"]*"|\S+/g) ?? []) {
    const t = raw.replace(/^"|"$/g, '');
    const m = /^(ext|in|from|channel):(.+)$/i.exec(t);
    if (m) {
      const v = m[2].replace(/^[~@.]/, '').toLowerCase();
      if (m[1].toLowerCase() === 'ext') out.ext.push(v.replace(/^\./, ''));
      else if (m[1].toLowerCase() === 'from') out.from.push(v);
      else out.inChannels.push(v);
    } else if (t) out.words.push(t.replace(/\*$/, ''));
  }
  out.words = out.words.filter(Boolean);
  return out;
}

/** Searches file names in the channels of `teamId` the user belongs to (or one channel); Mattermost's FileInfoList. */
async function searchFiles(
  ctx: AppContext,
  userId: string,
  teamId: string,
  q: { terms: string; isOr: boolean; page: number; perPage: number; channelId?: string; includeDeleted?: boolean },
): Promise<FileInfoList> {
  const parsed = parseFileSearch(q.terms);
  // One channel (already checked readable by the caller), or the channels of the team the user belongs to.
  let channels = q.channelId
    ? await ctx.store.channels.getMany([q.channelId])
    : await ctx.store.channels.listForUser(userId, teamId || null, !!q.includeDeleted);
  if (parsed.inChannels.length) channels = channels.filter((c) => parsed.inChannels.includes(c.name) || parsed.inChannels.includes(c.id));
  let found = await ctx.store.files.searchByName(
    channels.map((c) => c.id),
    parsed.words,
    { or: q.isOr, ext: parsed.ext, offset: q.page * q.perPage, limit: q.perPage },
  );
  if (parsed.from.length) {
    const users = await ctx.store.users.getMany([...new Set(found.map((f) => f.user_id))]);
    const allowed = new Set(users.filter((u) => parsed.from.includes(u.username)).map((u) => u.id));
    found = found.filter((f) => allowed.has(f.user_id));
  }
  const list: FileInfoList = { order: [], file_infos: {}, next_file_info_id: '', prev_file_info_id: '', first_inaccessible_file_time: 0 };
  for (const f of found) {
    list.order.push(f.id);
    list.file_infos[f.id] = publicFileInfo(f);
  }
  return list;
}

/** A file search body as clients send it (Mattermost's SearchParameter); values of the wrong type count as absent. */
export interface FileSearchBody {
  terms: string;
  is_or_search?: unknown;
  page?: unknown;
  per_page?: unknown;
  include_deleted_channels?: unknown;
}

function searchQuery(body: FileSearchBody) {
  const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : d);
  return {
    terms: body.terms,
    isOr: body.is_or_search === true,
    page: num(body.page, 0),
    perPage: Math.min(num(body.per_page, 60) || 60, 200),
    includeDeleted: body.include_deleted_channels === true,
  };
}

/** POST /teams/{id}/files/search: file names in the team's channels the actor belongs to (view_team). */
export async function searchFilesInTeam(ctx: AppContext, actor: Actor, teamId: string, body: FileSearchBody): Promise<FileInfoList> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'searchFilesInTeam');
  return searchFiles(ctx, actor.userId, teamId, searchQuery(body));
}

/** POST /files/search: file names in every channel the actor belongs to. */
export async function searchFilesForUser(ctx: AppContext, actor: Actor, body: FileSearchBody): Promise<FileInfoList> {
  return searchFiles(ctx, actor.userId, '', searchQuery(body));
}

/** POST /channels/{id}/files/search: file names in one channel the actor may read. */
export async function searchFilesInChannel(ctx: AppContext, actor: Actor, channelId: string, body: FileSearchBody): Promise<FileInfoList> {
  const ch = await ctx.caches.channel(channelId);
  if (!ch || !(await canReadChannel(ctx, actor, ch)))
    throw Errors.forbidden('searchFilesInChannel', actor.userId, Permissions.READ_CHANNEL);
  return searchFiles(ctx, actor.userId, ch.team_id, { ...searchQuery(body), channelId });
}
