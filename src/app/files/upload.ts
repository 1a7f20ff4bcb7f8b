// File uploads: POST /files as a multipart form or as one raw body, checked against upload_file on the channel and
// stored with image dimensions, a thumbnail, a preview and a mini preview.
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Metadata } from 'sharp';
import { AppError, appError, Errors } from '../../model/app-error.ts';
import { isValidId, newId } from '../../model/id.ts';
import { Permissions } from '../../model/roles.ts';
import { publicFileInfo, type FileInfo, type FileUploadResponse, type StoredFileInfo } from '../../model/files.ts';
import type { Actor } from '../actor.ts';
import { requireChannelPermission } from '../authz.ts';
import type { AppContext } from '../context.ts';
import { fileBackend, FileTooLargeError } from './backend.ts';
import { mimeTypeFor } from './files.ts';
import { readLimited, type FormPart } from './form.ts';

// sharp (libvips) loads on first use: importing it costs ~100 ms of every cold start.
const loadSharp = () => import('sharp').then((m) => m.default);

/** Mattermost's image constants: thumbnails cover 120x100, previews are at most 1920 wide, mini previews 16x16. */
export const THUMBNAIL_WIDTH = 120;
export const THUMBNAIL_HEIGHT = 100;
export const PREVIEW_WIDTH = 1920;
/** FileSettings.MaxImageResolution's default (7680 x 4320). */
export const MAX_IMAGE_RESOLUTION = 33177600;

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'gif', 'bmp', 'png', 'tiff', 'tif', 'webp', 'heic']);

function tooLarge(name: string, length: number, limit: number): AppError {
  return appError('api.file.upload_file.too_large_detailed.app_error', 'UploadFileX', {
    params: { Filename: name, Length: length, Limit: limit },
  });
}

function datePrefix(now: number): string {
  const d = new Date(now);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

interface UploadInput {
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
async function uploadFile(ctx: AppContext, input: UploadInput): Promise<FileInfo> {
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

/** What an upload request says before its files: `channel_id` from the query ('' when absent) and its Content-Length. */
export interface UploadRequest {
  channelId: string;
  /** The request's Content-Length, -1 when unknown. */
  contentLength: number;
}

function uploadReadError(detailed: string): AppError {
  return appError('api.file.upload_file.read_request.app_error', 'uploadFileStream', { detailed });
}

function requireUploadsAccepted(ctx: AppContext, req: UploadRequest): void {
  if (!ctx.config().FileSettings.EnableFileAttachments) throw appError('api.file.attachments.disabled.app_error', 'uploadFileStream');
  if (req.contentLength === 0) throw uploadReadError('Content-Length should not be 0');
}

/** POST /files whose whole body is the file: `filename` and `client_id` come in the query with `channel_id`. */
export async function uploadFileSimple(
  ctx: AppContext,
  actor: Actor,
  req: UploadRequest & { filename: string; clientId: string; data: Readable | Buffer | undefined },
): Promise<FileUploadResponse> {
  requireUploadsAccepted(ctx, req);
  if (!isValidId(req.channelId)) throw Errors.invalidUrlParam('channel_id');
  if (!req.filename) throw Errors.invalidUrlParam('filename');
  await requireChannelPermission(ctx, actor, req.channelId, Permissions.UPLOAD_FILE, 'uploadFileSimple');
  if (!req.data) throw uploadReadError('empty body');
  const info = await uploadFile(ctx, {
    channelId: req.channelId,
    userId: actor.userId,
    name: req.filename,
    data: req.data,
    contentLength: req.contentLength,
  });
  return { file_infos: [info], client_ids: req.clientId ? [req.clientId] : [] };
}

/**
 * POST /files as a multipart form: fields `channel_id` and `client_ids` (one per file, or none) and any number of files.
 * Files that come after the channel is known stream straight to storage; files before it are held in memory (each at
 * most MaxFileSize) until it is. upload_file on the channel is checked once, before the first file is stored.
 */
export async function uploadFiles(
  ctx: AppContext,
  actor: Actor,
  req: UploadRequest & { parts: AsyncIterable<FormPart> },
): Promise<FileUploadResponse> {
  requireUploadsAccepted(ctx, req);
  const max = ctx.config().FileSettings.MaxFileSize;
  let channelId = req.channelId;
  let permitted = false;
  const clientIds: string[] = [];
  const infos: FileInfo[] = [];
  const pending: Array<{ name: string; data: Buffer }> = [];
  const ensurePermission = async () => {
    if (permitted) return;
    if (!isValidId(channelId)) throw Errors.invalidUrlParam('channel_id');
    await requireChannelPermission(ctx, actor, channelId, Permissions.UPLOAD_FILE, 'uploadFileMultipart');
    permitted = true;
  };
  const store = (name: string, data: Readable | Buffer) => uploadFile(ctx, { channelId, userId: actor.userId, name, data });
  try {
    for await (const part of req.parts) {
      if (part.kind === 'field') {
        if (part.name === 'channel_id') {
          if (channelId && part.value && channelId !== part.value)
            throw appError('api.file.upload_file.multiple_channel_ids.app_error', 'uploadFileMultipart');
          if (part.value) channelId = part.value;
        } else if (part.name === 'client_ids') {
          clientIds.push(part.value);
        } else {
          throw Errors.invalidUrlParam(part.name);
        }
      } else if (!channelId) {
        const data = await readLimited(part.data, max).catch(() => undefined);
        if (!data) throw tooLarge(part.filename, -1, max);
        pending.push({ name: part.filename, data });
      } else {
        await ensurePermission();
        infos.push(await store(part.filename, part.data));
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw uploadReadError(String((err as Error).message));
  }
  if (pending.length) {
    if (!channelId) throw Errors.invalidUrlParam('channel_id');
    await ensurePermission();
    for (const p of pending) infos.push(await store(p.name, p.data));
  }
  if (!infos.length && !channelId) throw Errors.invalidUrlParam('channel_id');
  if (clientIds.length && clientIds.length !== infos.length) {
    throw appError('api.file.upload_file.incorrect_number_of_client_ids.app_error', 'uploadFileMultipart', {
      params: { NumClientIds: clientIds.length, NumFiles: infos.length },
    });
  }
  return { file_infos: infos, client_ids: clientIds };
}
