// /api/v4/users/{id}/status and /users/status/ids: presence as the apps poll and set it.
import type { FastifyInstance } from 'fastify';
import { Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Status } from '../model/types.ts';
import type { AppContext } from '../app/context.ts';
import { requireSystemPermission } from '../app/authz.ts';
import { getStatus, setStatus } from '../app/status.ts';
import { idList, route, type Ctx } from './context.ts';

const STATUSES: ReadonlyArray<Status['status']> = ['online', 'away', 'offline', 'dnd'];

export function statusRoutes(f: FastifyInstance, app: AppContext): void {
  route(f, app, 'POST', '/users/status/ids', 'session', getUserStatusesByIds);
  route(f, app, 'GET', '/users/:user_id/status', 'session', getUserStatus);
  route(f, app, 'PUT', '/users/:user_id/status', 'session', updateUserStatus);
}

/** Body: user ids (the apps send up to 200 per call). Users never seen are `offline`. */
async function getUserStatusesByIds(c: Ctx) {
  const ids = idList(c.req.body, 'user_ids', 1000);
  if (!ids.length) throw Errors.invalidBodyParam('user_ids');
  return Promise.all(ids.map((id) => getStatus(c.app, id)));
}

async function getUserStatus(c: Ctx) {
  return getStatus(c.app, c.id('user_id'));
}

/**
 * Body `{user_id, status, dnd_end_time?}`; `user_id` must match the path. Setting someone else's status needs
 * edit_other_users. A manual status sticks until the user changes it; `dnd_end_time` is in epoch seconds.
 */
async function updateUserStatus(c: Ctx) {
  const userId = c.id('user_id');
  const body = c.body<Record<string, unknown>>();
  if (body.user_id !== userId) throw Errors.invalidBodyParam('user_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.session, Permissions.EDIT_OTHER_USERS, 'updateUserStatus');
  const status = body.status;
  if (typeof status !== 'string' || !STATUSES.includes(status as Status['status'])) throw Errors.invalidBodyParam('status');
  let dndEndTime = 0;
  if (status === 'dnd' && body.dnd_end_time !== undefined && body.dnd_end_time !== null) {
    const t = Number(body.dnd_end_time);
    if (!Number.isInteger(t) || t < 0) throw Errors.invalidBodyParam('dnd_end_time');
    // Mattermost rounds a timed DND down to the minute.
    dndEndTime = t - (t % 60);
  }
  return setStatus(c.app, userId, status as Status['status'], { manual: true, dndEndTime });
}
