// /api/v4/limits/server and /system/notices: what the web app polls after login. Parley has no user or history
// limits and ships no product notices.
import type { FastifyInstance } from 'fastify';
import { Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { hasSystemPermission } from '../app/authz.ts';
import { OK, legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function limitsRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'GET', '/limits/server', 'session', getServerLimits);
  legacyRoute(f, app, ctx, 'GET', '/system/notices/:team_id', 'session', getProductNotices);
  legacyRoute(f, app, ctx, 'PUT', '/system/notices/view', 'session', updateViewedProductNotices);
}

/**
 * ServerLimits: `maxUsersLimit` 0 means no limit (no banner in the web app). Only those who may read the user
 * management console see the active user count, as in Mattermost; others get the history limits only (none).
 */
async function getServerLimits(c: Ctx) {
  const admin =
    hasSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM) ||
    hasSystemPermission(c.app, c.actor, 'sysconsole_read_user_management_users');
  let activeUserCount = 0;
  if (admin) {
    // Deactivated accounts are few; counting them this way keeps SQL in the store's existing queries.
    const inactive = await c.app.store.users.list({ inactive: true, offset: 0, limit: 100_000 });
    activeUserCount = (await c.app.store.users.count()) - inactive.length;
  }
  return { activeUserCount, maxUsersLimit: 0, maxUsersHardLimit: 0, postHistoryLimit: 0, lastAccessiblePostTime: 0 };
}

async function getProductNotices(c: Ctx) {
  c.id('team_id');
  return [];
}

async function updateViewedProductNotices(c: Ctx) {
  const ids = c.req.body;
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) throw Errors.invalidBodyParam('notices');
  return OK;
}
