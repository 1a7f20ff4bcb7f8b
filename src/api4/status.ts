// /api/v4/users/{id}/status and /users/status/ids: presence as the apps poll and set it.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { route, type Ctx } from './context.ts';
import { IdList, OptNum, OptStr } from './schemas.ts';

const UserIds = IdList('user_ids');
const StatusBody = Type.Object({ user_id: OptStr(), status: OptStr(), dnd_end_time: OptNum() });

export function statusRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/users/status/ids', { auth: 'session', body: UserIds }, getUserStatusesByIds);
  route(f, app, 'GET', '/users/:user_id/status', { auth: 'session' }, getUserStatus);
  route(f, app, 'PUT', '/users/:user_id/status', { auth: 'session', body: StatusBody }, updateUserStatus);
}

/** Body: user ids (the apps send up to 200 per call). Users never seen are `offline`. */
async function getUserStatusesByIds(c: Ctx<string[]>) {
  return c.app.status.getStatusesByIds(c.body);
}

async function getUserStatus(c: Ctx) {
  return c.app.status.getStatus(c.id('user_id'));
}

/** Body `{user_id, status, dnd_end_time?}`; `user_id` must match the path. */
async function updateUserStatus(c: Ctx<{ user_id?: string | null; status?: string | null; dnd_end_time?: number | null }>) {
  return c.app.status.updateUserStatus(c.actor, c.id('user_id'), c.body);
}
