// What clients read about the server before and after they log in: health, the client config and license, and the
// server's user limits (Parley has none).
import { appError } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import { clientConfig, clientLicense, type ClientConfig } from '../config/client-config.ts';
import type { Actor } from './actor.ts';
import { hasSystemPermission } from './authz.ts';
import type { AppContext } from './context.ts';

export interface Ping {
  status: 'OK';
  AndroidLatestVersion: string;
  AndroidMinVersion: string;
  IosLatestVersion: string;
  IosMinVersion: string;
  ActiveSearchBackend: string;
  database_status?: 'OK' | 'UNHEALTHY';
  filestore_status?: 'OK';
}

/** GET /system/ping; with `withStatus` the database is tried (a failing read is UNHEALTHY, not an error). */
export async function getSystemPing(ctx: AppContext, withStatus: boolean): Promise<Ping> {
  const out: Ping = {
    status: 'OK',
    AndroidLatestVersion: '',
    AndroidMinVersion: '',
    IosLatestVersion: '',
    IosMinVersion: '',
    ActiveSearchBackend: 'database',
  };
  if (withStatus) {
    out.database_status = await ctx.store.system.get('DiagnosticId').then(
      () => 'OK' as const,
      () => 'UNHEALTHY' as const,
    );
    out.filestore_status = 'OK';
  }
  return out;
}

/** GET /config/client?format=old: the limited config before login (whether any account exists yet), the full one after. */
export async function getClientConfig(ctx: AppContext, viewer: Actor | undefined, format: string | undefined): Promise<ClientConfig> {
  if (format !== 'old') throw appError('api.config.client.old_format.app_error', 'getClientConfig');
  const noAccounts = (await ctx.store.users.count()) === 0;
  return clientConfig(ctx.config(), { siteURL: ctx.siteURL(), diagnosticId: ctx.diagnosticId, loggedIn: !!viewer, noAccounts });
}

/** GET /license/client?format=old: Parley is unlicensed. */
export function getClientLicense(_ctx: AppContext, format: string | undefined): Record<string, string> {
  if (format !== 'old') throw appError('api.license.client.old_format.app_error', 'getClientLicense');
  return clientLicense();
}

/** Mattermost's ServerLimits. */
export interface ServerLimits {
  activeUserCount: number;
  maxUsersLimit: number;
  maxUsersHardLimit: number;
  postHistoryLimit: number;
  lastAccessiblePostTime: number;
}

/**
 * GET /limits/server: `maxUsersLimit` 0 means no limit (no banner in the web app). Only those who may read the user
 * management console see the active user count, as in Mattermost; others get the history limits only (none).
 */
export async function getServerLimits(ctx: AppContext, actor: Actor): Promise<ServerLimits> {
  const admin =
    hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM) || hasSystemPermission(ctx, actor, 'sysconsole_read_user_management_users');
  let activeUserCount = 0;
  if (admin) {
    // Deactivated accounts are few; counting them this way keeps SQL in the store's existing queries.
    const inactive = await ctx.store.users.list({ inactive: true, offset: 0, limit: 100_000 });
    activeUserCount = (await ctx.store.users.count()) - inactive.length;
  }
  return { activeUserCount, maxUsersLimit: 0, maxUsersHardLimit: 0, postHistoryLimit: 0, lastAccessiblePostTime: 0 };
}
