// Profile pictures and team icons (app/user-images.ts stores uploads and draws the default picture).
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { formParts } from './multipart.ts';
import type { App } from '../app/index.ts';
import type { Image } from '../app/user-images.ts';
import { OK, route, type Ctx } from './context.ts';

export function userImagesRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/users/:user_id/image', { auth: 'trust' }, getProfileImage);
  // The upload is multipart: the parser lives in this scope only.
  void f.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false });
    route(scope, app, 'POST', '/users/:user_id/image', { auth: 'session' }, setProfileImage);
  });
  route(f, app, 'DELETE', '/users/:user_id/image', { auth: 'session' }, deleteProfileImage);
  route(f, app, 'GET', '/users/:user_id/image/default', { auth: 'trust' }, getDefaultProfileImage);
  route(f, app, 'GET', '/teams/:team_id/image', { auth: 'trust' }, getTeamIcon);
}

/** The PNG with a day of private caching, as Mattermost sends pictures. */
async function sendPng(c: Ctx, image: Image) {
  c.reply
    .code(200)
    .header('content-type', 'image/png')
    .header('cache-control', `max-age=${24 * 60 * 60}, private`)
    .header('last-modified', new Date(image.lastModified || 0).toUTCString());
  await c.reply.send(image.png);
  return c.reply;
}

async function getProfileImage(c: Ctx) {
  return sendPng(c, await c.app.userImages.getProfileImage(c.id('user_id')));
}

async function getDefaultProfileImage(c: Ctx) {
  return sendPng(c, await c.app.userImages.getDefaultProfileImage(c.id('user_id')));
}

/** 404 for a team without an uploaded icon (every team, for now); 403 for a team one may not see. */
async function getTeamIcon(c: Ctx) {
  return sendPng(c, await c.app.userImages.getTeamIcon(c.actor, c.id('team_id')));
}

/** Form file `image`. */
async function setProfileImage(c: Ctx) {
  const len = Number(c.req.headers['content-length'] ?? 0);
  const max = c.app.config().FileSettings.MaxFileSize;
  const parts = c.req.isMultipart() ? formParts(c.req, { fileSize: max + 1, fieldSize: 64 * 1024 }) : undefined;
  await c.app.userImages.setProfileImage(c.actor, c.id('user_id'), { contentLength: Number.isFinite(len) ? len : -1, parts });
  return OK;
}

async function deleteProfileImage(c: Ctx) {
  await c.app.userImages.deleteProfileImage(c.actor, c.id('user_id'));
  return OK;
}
