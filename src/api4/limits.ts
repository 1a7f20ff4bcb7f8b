// /api/v4/limits/server and /system/notices: what the web app polls after login. Parley has no user or history
// limits and ships no product notices.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, route, type Ctx } from './context.ts';

const NoticeIds = Type.Array(Type.String(), { param: 'notices' });

export function limitsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/limits/server', { auth: 'session' }, getServerLimits);
  route(f, app, 'GET', '/system/notices/:team_id', { auth: 'session' }, getProductNotices);
  route(f, app, 'PUT', '/system/notices/view', { auth: 'session', body: NoticeIds }, updateViewedProductNotices);
}

async function getServerLimits(c: Ctx) {
  return c.app.system.getServerLimits(c.actor);
}

/** No notices: the team id is only checked. */
async function getProductNotices(c: Ctx) {
  c.id('team_id');
  return [];
}

/** Body: the notice ids seen; nothing to remember. */
async function updateViewedProductNotices(_c: Ctx<string[]>) {
  return OK;
}
