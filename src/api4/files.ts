// /api/v4/files: upload (multipart or raw body), download, thumbnail, preview, info, public links and file search.
import { canReadChannelId } from '../app/authz.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import type { Readable } from 'node:stream';
import { AppError, appError, Errors } from '../model/app-error.ts';
import { isValidId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { FileInfo, FileUploadResponse, StoredFileInfo } from '../model/files.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireChannelPermission, requireTeamPermission } from '../app/authz.ts';
import {
  fileInfosForPost,
  getFileInfoOr404,
  openFile,
  publicLink,
  publicLinkHashMatches,
  readableFile,
  searchFiles,
  uploadFile,
} from '../app/files/files.ts';
import { boolQuery, legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function filesRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  // Uploads need their own body parsers: multipart streams, and a raw body passed on as a stream.
  void f.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, body ? JSON.parse(body as string) : undefined);
      } catch {
        done(Errors.invalidBodyParam('body'), undefined);
      }
    });
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    await scope.register(multipart, { throwFileSizeLimit: false });
    legacyRoute(scope, app, ctx, 'POST', '/files', 'session', uploadFileStream);
  });
  legacyRoute(f, app, ctx, 'GET', '/files/:file_id', 'trust', getFile);
  legacyRoute(f, app, ctx, 'GET', '/files/:file_id/thumbnail', 'trust', getFileThumbnail);
  legacyRoute(f, app, ctx, 'GET', '/files/:file_id/preview', 'trust', getFilePreview);
  legacyRoute(f, app, ctx, 'GET', '/files/:file_id/link', 'session', getFileLink);
  legacyRoute(f, app, ctx, 'GET', '/files/:file_id/info', 'session', getFileInfo);
  legacyRoute(f, app, ctx, 'GET', '/posts/:post_id/files/info', 'session', getFileInfosForPost);
  legacyRoute(f, app, ctx, 'POST', '/teams/:team_id/files/search', 'session', searchFilesInTeam);
  legacyRoute(f, app, ctx, 'POST', '/files/search', 'session', searchFilesForUser);
  legacyRoute(f, app, ctx, 'POST', '/channels/:channel_id/files/search', 'session', searchFilesInChannel);
}

/**
 * `GET|HEAD /files/{file_id}/public?h=`: served at the site root, outside /api/v4, as Mattermost does. server.ts mounts
 * it on the root instance.
 */
export function publicFileRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, ['GET', 'HEAD'], '/files/:file_id/public', 'none', getPublicFile);
}

function uploadReadError(detailed: string): AppError {
  return appError('api.file.upload_file.read_request.app_error', 'uploadFileStream', { detailed });
}

async function uploadFileStream(c: Ctx) {
  const cfg = c.app.config().FileSettings;
  if (!cfg.EnableFileAttachments) throw appError('api.file.attachments.disabled.app_error', 'uploadFileStream');
  if (c.req.headers['content-length'] === '0') throw uploadReadError('Content-Length should not be 0');
  c.status(201);
  if (c.req.isMultipart()) return uploadMultipart(c);
  return uploadSimple(c);
}

/** The whole request body is one file; `channel_id` and `filename` come in the query. */
async function uploadSimple(c: Ctx): Promise<FileUploadResponse> {
  const channelId = c.query('channel_id') ?? '';
  if (!isValidId(channelId)) throw Errors.invalidUrlParam('channel_id');
  const filename = c.query('filename') ?? '';
  if (!filename) throw Errors.invalidUrlParam('filename');
  await requireChannelPermission(c.app, c.actor, channelId, Permissions.UPLOAD_FILE, 'uploadFileSimple');
  const body = c.req.body as Readable | Buffer | undefined;
  if (!body) throw uploadReadError('empty body');
  const len = Number(c.req.headers['content-length'] ?? -1);
  const info = await uploadFile(c.app, {
    channelId,
    userId: c.session.user_id,
    name: filename,
    data: body,
    contentLength: Number.isFinite(len) ? len : -1,
  });
  const clientId = c.query('client_id') ?? '';
  return { file_infos: [info], client_ids: clientId ? [clientId] : [] };
}

/**
 * Multipart: fields `channel_id` and `client_ids` (one per file, or none) and any number of file parts. Files that come
 * after channel_id stream straight to storage; files before it are buffered until the channel is known.
 */
async function uploadMultipart(c: Ctx): Promise<FileUploadResponse> {
  const max = c.app.config().FileSettings.MaxFileSize;
  let channelId = c.query('channel_id') ?? '';
  let permitted = false;
  const clientIds: string[] = [];
  const infos: FileInfo[] = [];
  const pending: Array<{ name: string; data: Buffer }> = [];
  const ensurePermission = async () => {
    if (permitted) return;
    if (!isValidId(channelId)) throw Errors.invalidUrlParam('channel_id');
    await requireChannelPermission(c.app, c.actor, channelId, Permissions.UPLOAD_FILE, 'uploadFileMultipart');
    permitted = true;
  };
  let parts: AsyncIterableIterator<import('@fastify/multipart').Multipart>;
  try {
    parts = c.req.parts({ limits: { fileSize: max + 1, fieldSize: 10 * 1024 } });
  } catch (err) {
    throw uploadReadError(String((err as Error).message));
  }
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        const v = String(part.value ?? '');
        if (part.fieldname === 'channel_id') {
          if (channelId && v && channelId !== v)
            throw appError('api.file.upload_file.multiple_channel_ids.app_error', 'uploadFileMultipart');
          if (v) channelId = v;
        } else if (part.fieldname === 'client_ids') {
          clientIds.push(v);
        } else {
          throw Errors.invalidUrlParam(part.fieldname);
        }
        continue;
      }
      if (!channelId) {
        const data = await part.toBuffer().catch(() => undefined);
        if (!data || part.file.truncated)
          throw appError('api.file.upload_file.too_large_detailed.app_error', 'UploadFileX', {
            params: { Filename: part.filename, Length: -1, Limit: max },
          });
        pending.push({ name: part.filename, data });
        continue;
      }
      await ensurePermission();
      infos.push(await uploadFile(c.app, { channelId, userId: c.session.user_id, name: part.filename, data: part.file }));
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw uploadReadError(String((err as Error).message));
  }
  if (pending.length) {
    if (!channelId) throw Errors.invalidUrlParam('channel_id');
    await ensurePermission();
    for (const p of pending) infos.push(await uploadFile(c.app, { channelId, userId: c.session.user_id, name: p.name, data: p.data }));
  }
  if (!infos.length && !channelId) throw Errors.invalidUrlParam('channel_id');
  if (clientIds.length && clientIds.length !== infos.length) {
    throw appError('api.file.upload_file.incorrect_number_of_client_ids.app_error', 'uploadFileMultipart', {
      params: { NumClientIds: clientIds.length, NumFiles: infos.length },
    });
  }
  return { file_infos: infos, client_ids: clientIds };
}

/** Types a browser may show inline; everything else is sent as an attachment (Mattermost's WriteFileResponse). */
const INLINE_TYPES = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/bmp',
  'image/webp',
  'image/tiff',
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'audio/mpeg',
  'audio/ogg',
  'audio/wav',
  'application/pdf',
]);

function sendFile(
  reply: FastifyReply,
  name: string,
  mimeType: string,
  size: number,
  updateAt: number,
  stream: Readable,
  forceDownload: boolean,
): FastifyReply {
  const type = mimeType || 'application/octet-stream';
  reply.header('content-type', type);
  if (size > 0) reply.header('content-length', String(size));
  reply.header('cache-control', 'private, max-age=86400');
  reply.header('last-modified', new Date(updateAt).toUTCString());
  reply.header('x-frame-options', 'DENY');
  reply.header('content-security-policy', "Frame-ancestors 'none'");
  const disposition = forceDownload || !INLINE_TYPES.has(type) ? 'attachment' : 'inline';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  reply.header('content-disposition', `${disposition};filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  return reply.code(200).send(stream);
}

async function getFile(c: Ctx) {
  const info = await readableFile(c.app, c.actor, c.id('file_id'));
  const stream = await openFile(c.app, info.path);
  return sendFile(c.reply, info.name, info.mime_type, info.size, info.update_at, stream, boolQuery(c, 'download'));
}

async function getFileThumbnail(c: Ctx) {
  const info = await readableFile(c.app, c.actor, c.id('file_id'));
  if (!info.thumbnail_path)
    throw appError('api.file.get_file_thumbnail.no_thumbnail.app_error', 'getFileThumbnail', { detailed: 'file_id=' + info.id });
  const stream = await openFile(c.app, info.thumbnail_path);
  return sendFile(c.reply, info.name, 'image/jpeg', 0, info.update_at, stream, boolQuery(c, 'download'));
}

async function getFilePreview(c: Ctx) {
  const info = await readableFile(c.app, c.actor, c.id('file_id'));
  if (!info.preview_path)
    throw appError('api.file.get_file_preview.no_preview.app_error', 'getFilePreview', { detailed: 'file_id=' + info.id });
  const stream = await openFile(c.app, info.preview_path);
  return sendFile(c.reply, info.name, 'image/jpeg', 0, info.update_at, stream, boolQuery(c, 'download'));
}

async function getFileInfo(c: Ctx) {
  const { path: _p, thumbnail_path: _t, preview_path: _v, ...info } = await readableFile(c.app, c.actor, c.id('file_id'));
  c.reply.header('cache-control', 'max-age=2592000, private');
  return info;
}

async function getFileLink(c: Ctx) {
  const fileId = c.id('file_id');
  if (!c.app.config().FileSettings.EnablePublicLink) throw appError('api.file.get_public_link.disabled.app_error', 'getPublicLink');
  const info = await readableFile(c.app, c.actor, fileId);
  if (!info.post_id) throw appError('api.file.get_public_link.no_post.app_error', 'getPublicLink', { detailed: 'file_id=' + info.id });
  return { link: publicLink(c.app, info) };
}

async function getPublicFile(c: Ctx) {
  const fileId = c.id('file_id');
  const cfg = c.app.config().FileSettings;
  if (!cfg.EnablePublicLink) throw appError('api.file.get_public_link.disabled.app_error', 'getPublicFile');
  const info: StoredFileInfo = await getFileInfoOr404(c.app, fileId);
  const h = c.query('h') ?? '';
  if (!h || !publicLinkHashMatches(info.id, cfg.PublicLinkSalt, h))
    throw appError('api.file.get_file.public_invalid.app_error', 'getPublicFile');
  const stream = await openFile(c.app, info.path);
  return sendFile(c.reply, info.name, info.mime_type, info.size, info.update_at, stream, false);
}

async function getFileInfosForPost(c: Ctx) {
  const postId = c.id('post_id');
  const includeDeleted = boolQuery(c, 'include_deleted');
  const post = await c.app.store.posts.get(postId, includeDeleted);
  if (!post) throw appError('app.post.get.app_error', 'GetSinglePost');
  if (!(await canReadChannelId(c.app, c.actor, post.channel_id)))
    throw Errors.forbidden('getFileInfosForPost', c.session.user_id, Permissions.READ_CHANNEL_CONTENT);
  c.reply.header('cache-control', 'max-age=2592000, private');
  return fileInfosForPost(c.app.store, post.id, includeDeleted);
}

function searchParams(c: Ctx) {
  const body = c.body<Record<string, unknown>>();
  const terms = body.terms;
  if (typeof terms !== 'string' || !terms.trim()) throw Errors.invalidBodyParam('terms');
  const num = (k: string, d: number) =>
    typeof body[k] === 'number' && Number.isFinite(body[k]) && (body[k] as number) >= 0 ? Math.floor(body[k] as number) : d;
  return {
    terms,
    isOr: body.is_or_search === true,
    page: num('page', 0),
    perPage: Math.min(num('per_page', 60) || 60, 200),
    includeDeleted: body.include_deleted_channels === true,
  };
}

async function searchFilesInTeam(c: Ctx) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'searchFilesInTeam');
  c.reply.header('cache-control', 'no-cache, no-store, must-revalidate');
  return searchFiles(c.app, c.session.user_id, teamId, searchParams(c));
}

async function searchFilesForUser(c: Ctx) {
  c.reply.header('cache-control', 'no-cache, no-store, must-revalidate');
  return searchFiles(c.app, c.session.user_id, '', searchParams(c));
}

async function searchFilesInChannel(c: Ctx) {
  const channelId = c.id('channel_id');
  if (!(await canReadChannelId(c.app, c.actor, channelId)))
    throw Errors.forbidden('searchFilesInChannel', c.session.user_id, Permissions.READ_CHANNEL);
  const ch = (await c.app.store.channels.get(channelId))!;
  c.reply.header('cache-control', 'no-cache, no-store, must-revalidate');
  return searchFiles(c.app, c.session.user_id, ch.team_id, { ...searchParams(c), channelId });
}
