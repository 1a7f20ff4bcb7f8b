// Profile pictures and team icons (app/user-images.ts draws the default picture; uploads are not stored yet).
import type { FastifyInstance } from 'fastify';
import type { App } from '../app/index.ts';
import type { Image } from '../app/user-images.ts';
import { route, type Ctx } from './context.ts';

export function userImagesRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/users/:user_id/image', { auth: 'trust' }, getProfileImage);
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
