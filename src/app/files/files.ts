// Files: upload (with image dimensions, thumbnail, preview and mini preview), access checks, public links, search,
// and the file/reaction metadata Mattermost puts on posts it returns.
import crypto from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Metadata } from 'sharp';
import { AppError, appError } from '../../model/app-error.ts';
import { newId } from '../../model/id.ts';
import { Permissions } from '../../model/roles.ts';
import type { Post } from '../../model/types.ts';
import { publicFileInfo, type FileInfo, type FileInfoList, type Reaction, type StoredFileInfo } from '../../model/files.ts';
import type { AppContext } from '../context.ts';
import type { Actor } from '../actor.ts';
import { canReadChannelId } from '../authz.ts';
import { fileBackend, FileTooLargeError } from './backend.ts';

// sharp (libvips) loads on first use: importing it costs ~100 ms of every cold start.
const loadSharp = () => import('sharp').then((m) => m.default);

/** Mattermost's image constants: thumbnails cover 120x100, previews are at most 1920 wide, mini previews 16x16. */
export const THUMBNAIL_WIDTH = 120;
export const THUMBNAIL_HEIGHT = 100;
export const PREVIEW_WIDTH = 1920;
/** FileSettings.MaxImageResolution's default (7680 x 4320). */
export const MAX_IMAGE_RESOLUTION = 33177600;

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'gif', 'bmp', 'png', 'tiff', 'tif', 'webp', 'heic']);

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

function tooLarge(name: string, length: number, limit: number): AppError {
  return appError('api.file.upload_file.too_large_detailed.app_error', 'UploadFileX', {
    params: { Filename: name, Length: length, Limit: limit },
  });
}

function datePrefix(now: number): string {
  const d = new Date(now);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

export interface UploadInput {
  channelId: string;
  userId: string;
  name: string;
  data: Readable | Buffer;
  /** Content-Length when the body is the file itself; -1 or undefined when unknown. */
  contentLength?: number;
}

/**
 * Stores one upload and its FileInfo (unattached: post_id ''). Images get dimensions, a 120x100 thumbnail, a preview at
 * most 1920 wide and a mini preview. The caller has checked upload_file on the channel.
 */
export async function uploadFile(ctx: AppContext, input: UploadInput): Promise<FileInfo> {
  const cfg = ctx.config().FileSettings;
  const max = cfg.MaxFileSize;
  const name = path.basename(input.name.replace(/\\/g, '/')).trim();
  if (!name || name === '.' || name === '..')
    throw appError('api.context.invalid_url_param.app_error', 'uploadFileStream', { params: { Name: 'filename' } });
  if ((input.contentLength ?? -1) > max) throw tooLarge(name, input.contentLength!, max);
  const be = fileBackend(ctx.config());
  const now = Date.now();
  const id = newId();
  const prefix = `${datePrefix(now)}/teams/noteam/channels/${input.channelId}/users/${input.userId}/${id}/`;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const info: StoredFileInfo = {
    id,
    user_id: input.userId,
    post_id: '',
    channel_id: input.channelId,
    create_at: now,
    update_at: now,
    delete_at: 0,
    name,
    extension: ext,
    size: 0,
    mime_type: mimeTypeFor(ext),
    width: 0,
    height: 0,
    has_preview_image: false,
    remote_id: '',
    archived: false,
    path: prefix + name,
    thumbnail_path: '',
    preview_path: '',
  };
  try {
    info.size = await be.put(info.path, input.data, max);
  } catch (err) {
    if (err instanceof FileTooLargeError) throw tooLarge(name, input.contentLength ?? -1, max);
    throw err;
  }
  const written = [info.path];
  try {
    if (IMAGE_EXTENSIONS.has(ext)) await processImage(ctx, info, prefix, written);
    await ctx.store.files.save(info);
  } catch (err) {
    for (const k of written) await be.remove(k).catch(() => undefined);
    throw err;
  }
  return publicFileInfo(info);
}

/** Fills dimensions and writes thumbnail, preview and mini preview; an undecodable image stays a plain file. */
async function processImage(ctx: AppContext, info: StoredFileInfo, prefix: string, written: string[]): Promise<void> {
  const sharp = await loadSharp();
  const be = fileBackend(ctx.config());
  const data = await be.read(info.path);
  let meta: Metadata;
  try {
    meta = await sharp(data).metadata();
  } catch {
    return;
  }
  if (!meta.width || !meta.height) return;
  if (meta.width * meta.height > MAX_IMAGE_RESOLUTION)
    throw appError('api.file.upload_file.large_image_detailed.app_error', 'uploadFileTask', { params: { Filename: info.name } });
  const rotated = (meta.orientation ?? 1) >= 5;
  info.width = rotated ? meta.height : meta.width;
  info.height = rotated ? meta.width : meta.height;
  // Animated GIFs get no preview, as in Mattermost; they still get a thumbnail.
  info.has_preview_image = !(info.mime_type === 'image/gif' && (meta.pages ?? 1) > 1);
  const base = info.name.includes('.') ? info.name.slice(0, info.name.lastIndexOf('.')) : info.name;
  try {
    const upright = await sharp(data).rotate().flatten({ background: '#ffffff' }).toBuffer();
    const ratio = info.height / info.width;
    let thumb = sharp(upright);
    if (info.height >= THUMBNAIL_HEIGHT && info.width >= THUMBNAIL_WIDTH) {
      thumb =
        ratio < THUMBNAIL_HEIGHT / THUMBNAIL_WIDTH ? thumb.resize({ height: THUMBNAIL_HEIGHT }) : thumb.resize({ width: THUMBNAIL_WIDTH });
    }
    info.thumbnail_path = prefix + base + '_thumb.jpg';
    await be.put(info.thumbnail_path, await thumb.jpeg({ quality: 90 }).toBuffer());
    written.push(info.thumbnail_path);
    let preview = sharp(upright);
    if (info.width > PREVIEW_WIDTH) preview = preview.resize({ width: PREVIEW_WIDTH });
    info.preview_path = prefix + base + '_preview.jpg';
    await be.put(info.preview_path, await preview.jpeg({ quality: 90 }).toBuffer());
    written.push(info.preview_path);
    const mini = await sharp(upright).resize(16, 16, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer();
    info.mini_preview = mini.toString('base64');
  } catch (err) {
    ctx.log.warn({ err, file_id: info.id }, 'could not generate image previews');
    info.thumbnail_path = '';
    info.preview_path = '';
    info.has_preview_image = false;
  }
}

export async function getFileInfoOr404(ctx: AppContext, fileId: string): Promise<StoredFileInfo> {
  const info = await ctx.store.files.get(fileId);
  if (!info) throw appError('app.file_info.get.app_error', 'GetFileInfo', { detailed: 'file_id=' + fileId });
  return info;
}

/** A file the session may download: its uploader, or a reader of the channel of the post it is attached to. */
export async function readableFile(ctx: AppContext, actor: Actor, fileId: string): Promise<StoredFileInfo> {
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

export async function openFile(ctx: AppContext, key: string): Promise<Readable> {
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

export function publicLinkHashMatches(fileId: string, salt: string, given: string): boolean {
  const want = Buffer.from(publicLinkHash(fileId, salt));
  const got = Buffer.from(given);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

export function publicLink(ctx: AppContext, info: FileInfo): string {
  return `${ctx.siteURL()}/files/${info.id}/public?h=${publicLinkHash(info.id, ctx.config().FileSettings.PublicLinkSalt)}`;
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
export async function searchFiles(
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
