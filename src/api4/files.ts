// /api/v4/files: upload (multipart or raw body), download, thumbnail, preview, info, public links and file search.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import { parseJsonBody, requestJsonLimits } from './request-input.ts';
import type { App } from '../app/index.ts';
import type { FileDownload, FileSearchBody } from '../app/files/files.ts';
import { flag, route, type Ctx } from './context.ts';
import { formParts } from './multipart.ts';
import { Q } from './schemas.ts';

const UploadQuery = Type.Object({ channel_id: Q(), filename: Q(), client_id: Q() });
const DownloadQuery = Type.Object({ download: Q() });
const PublicFileQuery = Type.Object({ h: Q() });
const FileInfosQuery = Type.Object({ include_deleted: Q() });
/** Mattermost's SearchParameter: `terms` must have a non-space character; other values of the wrong type are ignored. */
const FileSearch = Type.Object({
  terms: Type.String({ pattern: '\\S' }),
  is_or_search: Type.Optional(Type.Unknown()),
  page: Type.Optional(Type.Unknown()),
  per_page: Type.Optional(Type.Unknown()),
  include_deleted_channels: Type.Optional(Type.Unknown()),
});

export function filesRoutes(f: FastifyInstance, app: App): void {
  // Uploads need their own body parsers: multipart streams, and a raw body passed on as a stream.
  void f.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, parseJsonBody(body as string, requestJsonLimits(app.config())));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
    await scope.register(multipart, { throwFileSizeLimit: false });
    route(scope, app, 'POST', '/files', { auth: 'session', query: UploadQuery }, uploadFileStream);
  });
  route(f, app, 'GET', '/files/:file_id', { auth: 'trust', query: DownloadQuery }, getFile);
  route(f, app, 'GET', '/files/:file_id/thumbnail', { auth: 'trust', query: DownloadQuery }, getFileThumbnail);
  route(f, app, 'GET', '/files/:file_id/preview', { auth: 'trust', query: DownloadQuery }, getFilePreview);
  route(f, app, 'GET', '/files/:file_id/link', { auth: 'session' }, getFileLink);
  route(f, app, 'GET', '/files/:file_id/info', { auth: 'session' }, getFileInfo);
  route(f, app, 'GET', '/posts/:post_id/files/info', { auth: 'session', query: FileInfosQuery }, getFileInfosForPost);
  route(f, app, 'POST', '/teams/:team_id/files/search', { auth: 'session', body: FileSearch }, searchFilesInTeam);
  route(f, app, 'POST', '/files/search', { auth: 'session', body: FileSearch }, searchFilesForUser);
  route(f, app, 'POST', '/channels/:channel_id/files/search', { auth: 'session', body: FileSearch }, searchFilesInChannel);
}

/**
 * `GET|HEAD /files/{file_id}/public?h=`: served at the site root, outside /api/v4, as Mattermost does. server.ts mounts
 * it on the root instance.
 */
export function publicFileRoutes(f: FastifyInstance, app: App): void {
  route(f, app, ['GET', 'HEAD'], '/files/:file_id/public', { auth: 'none', query: PublicFileQuery }, getPublicFile);
}

/** Multipart (`channel_id`, `client_ids` and files), or the whole body as one file named in the query. */
async function uploadFileStream(c: Ctx<undefined, Static<typeof UploadQuery>>) {
  c.status(201);
  const len = Number(c.req.headers['content-length'] ?? -1);
  const head = { channelId: c.query.channel_id ?? '', contentLength: Number.isFinite(len) ? len : -1 };
  if (c.req.isMultipart()) return c.app.fileUploads.uploadFiles(c.actor, { ...head, parts: uploadParts(c.app, c.req) });
  return c.app.fileUploads.uploadFileSimple(c.actor, {
    ...head,
    filename: c.query.filename ?? '',
    clientId: c.query.client_id ?? '',
    data: rawBody(c.req.body),
  });
}

/** Files longer than FileSettings.MaxFileSize end one byte after it, so the app can tell and refuse them. */
function uploadParts(app: App, req: FastifyRequest) {
  return formParts(req, { fileSize: app.config().FileSettings.MaxFileSize + 1, fieldSize: 10 * 1024 });
}

/** The raw body as the catch-all parser leaves it: the request stream (a parsed JSON value is no file). */
function rawBody(body: unknown): Readable | Buffer | undefined {
  return body instanceof Readable || Buffer.isBuffer(body) ? body : undefined;
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

/** Mattermost's WriteFileResponse: caching, framing and a Content-Disposition naming the file in ASCII and UTF-8. */
function sendFile(reply: FastifyReply, file: FileDownload, forceDownload: boolean): FastifyReply {
  const { name, size, updateAt, stream } = file;
  const type = file.mimeType || 'application/octet-stream';
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

async function getFile(c: Ctx<undefined, Static<typeof DownloadQuery>>) {
  return sendFile(c.reply, await c.app.files.getFile(c.actor, c.id('file_id')), flag(c.query.download));
}

async function getFileThumbnail(c: Ctx<undefined, Static<typeof DownloadQuery>>) {
  return sendFile(c.reply, await c.app.files.getFileThumbnail(c.actor, c.id('file_id')), flag(c.query.download));
}

async function getFilePreview(c: Ctx<undefined, Static<typeof DownloadQuery>>) {
  return sendFile(c.reply, await c.app.files.getFilePreview(c.actor, c.id('file_id')), flag(c.query.download));
}

async function getFileInfo(c: Ctx) {
  const info = await c.app.files.getFileInfo(c.actor, c.id('file_id'));
  c.reply.header('cache-control', 'max-age=2592000, private');
  return info;
}

async function getFileLink(c: Ctx) {
  return c.app.files.getPublicLink(c.actor, c.id('file_id'));
}

async function getPublicFile(c: Ctx<undefined, Static<typeof PublicFileQuery>>) {
  return sendFile(c.reply, await c.app.files.getPublicFile(c.id('file_id'), c.query.h ?? ''), false);
}

async function getFileInfosForPost(c: Ctx<undefined, Static<typeof FileInfosQuery>>) {
  const infos = await c.app.files.getFileInfosForPost(c.actor, c.id('post_id'), flag(c.query.include_deleted));
  c.reply.header('cache-control', 'max-age=2592000, private');
  return infos;
}

function noCache(reply: FastifyReply): void {
  reply.header('cache-control', 'no-cache, no-store, must-revalidate');
}

async function searchFilesInTeam(c: Ctx<FileSearchBody>) {
  const list = await c.app.files.searchFilesInTeam(c.actor, c.id('team_id'), c.body);
  noCache(c.reply);
  return list;
}

async function searchFilesForUser(c: Ctx<FileSearchBody>) {
  const list = await c.app.files.searchFilesForUser(c.actor, c.body);
  noCache(c.reply);
  return list;
}

async function searchFilesInChannel(c: Ctx<FileSearchBody>) {
  const list = await c.app.files.searchFilesInChannel(c.actor, c.id('channel_id'), c.body);
  noCache(c.reply);
  return list;
}
