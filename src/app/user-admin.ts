// User administration besides (de)activation (admin.ts): revoking every session, user statistics for the system
// console, site statistics (GET /analytics/old), and custom statuses (emoji + text, optional expiry) with the recent list.
import { appError, Errors } from '../model/app-error.ts';
import { isValidRoleName, Permissions } from '../model/roles.ts';
import type { UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { hasSystemPermission, requireSelfOr, requireSystemPermission, requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { getUserOr404, publishUserUpdated } from './users.ts';

/** POST /users/sessions/revoke/all: `manage_system`; every session of every user ends (their sockets close). */
export async function revokeAllSessionsAllUsers(ctx: AppContext, actor: Actor): Promise<void> {
  requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'revokeAllSessionsAllUsers');
  const tokens = await ctx.store.admin.removeAllSessions();
  for (const t of tokens) ctx.events.invalidate('session', t);
}

/** GET /users/stats: active users (bots included, as Mattermost's count for this route). */
export async function getTotalUsersStats(ctx: AppContext): Promise<{ total_users_count: number }> {
  return { total_users_count: await ctx.store.admin.countUsers({ includeBots: true }) };
}

export interface FilteredStatsQuery {
  inTeam?: string;
  inChannel?: string;
  includeDeleted: boolean;
  includeBots: boolean;
  /** Comma-separated role names, as the query sends them. */
  roles?: string;
  teamRoles?: string;
  channelRoles?: string;
}

/** Splits a comma-separated role list; a name that is not a role name is a 400 naming the parameter. */
function parseRoleList(value: string | undefined, param: string): string[] {
  if (!value) return [];
  const names = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (names.length > 32 || !names.every(isValidRoleName)) throw Errors.invalidUrlParam(param);
  return names;
}

/** GET /users/stats/filtered: `sysconsole_read_user_management_users`. */
export async function getFilteredUsersStats(ctx: AppContext, actor: Actor, q: FilteredStatsQuery): Promise<{ total_users_count: number }> {
  requireSystemPermission(ctx, actor, Permissions.SYSCONSOLE_READ_USER_MANAGEMENT_USERS, 'getFilteredUsersStats');
  const roles = parseRoleList(q.roles, 'roles');
  const teamRoles = parseRoleList(q.teamRoles, 'team_roles');
  const channelRoles = parseRoleList(q.channelRoles, 'channel_roles');
  if (teamRoles.length && !q.inTeam) throw Errors.invalidUrlParam('team_roles');
  if (channelRoles.length && !q.inChannel) throw Errors.invalidUrlParam('channel_roles');
  const n = await ctx.store.admin.countUsers({
    includeDeleted: q.includeDeleted,
    includeBots: q.includeBots,
    inTeam: q.inTeam,
    inChannel: q.inChannel,
    roles,
    teamRoles,
    channelRoles,
  });
  return { total_users_count: n };
}

/** One row of GET /analytics/old. */
export interface AnalyticsRow {
  name: string;
  value: number;
}

/**
 * GET /analytics/old?name=standard (the only set Parley computes; others answer an empty list): `get_analytics`, or
 * `sysconsole_read_reporting_team_statistics` with a team the actor may view.
 */
export async function getAnalytics(ctx: AppContext, actor: Actor, name: string, teamId: string | undefined): Promise<AnalyticsRow[]> {
  if (teamId) await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'getAnalytics');
  if (!hasSystemPermission(ctx, actor, Permissions.GET_ANALYTICS))
    requireSystemPermission(ctx, actor, Permissions.SYSCONSOLE_READ_REPORTING_SITE_STATISTICS, 'getAnalytics');
  if (name !== 'standard') return [];
  const c = await ctx.store.admin.siteCounts();
  return [
    { name: 'channel_open_count', value: c.channel_open_count },
    { name: 'channel_private_count', value: c.channel_private_count },
    { name: 'post_count', value: c.post_count },
    { name: 'unique_user_count', value: c.unique_user_count },
    { name: 'team_count', value: c.team_count },
    { name: 'total_websocket_connections', value: 0 },
    { name: 'total_master_db_connections', value: 0 },
    { name: 'total_read_db_connections', value: 0 },
    { name: 'daily_active_users', value: 0 },
    { name: 'monthly_active_users', value: 0 },
    { name: 'inactive_user_count', value: c.inactive_user_count },
  ];
}

// ---- custom status -----------------------------------------------------------------------------------------------

/** Mattermost's durations; the web app's `custom_date_time` is not one of them. */
const DURATIONS = new Set(['thirty_minutes', 'one_hour', 'four_hours', 'today', 'this_week', 'date_and_time']);
const MAX_TEXT_RUNES = 100;
const MAX_EMOJI_LENGTH = 64;
const MAX_RECENT = 5;
const ZERO_TIME = '0001-01-01T00:00:00Z';
const RECENT_CATEGORY = 'custom_status';
const RECENT_NAME = 'recent_custom_statuses';

export interface CustomStatus {
  emoji: string;
  text: string;
  duration: string;
  expires_at: string;
}

export interface CustomStatusInput {
  emoji?: string | null;
  text?: string | null;
  duration?: string | null;
  expires_at?: string | null;
}

function requireCustomStatuses(ctx: AppContext, where: string): void {
  if (!ctx.config().TeamSettings.EnableCustomUserStatuses) throw appError('api.custom_status.disabled', where);
}

/** The expiry as epoch ms (0 for none); an unparsable one is a 400. */
function expiryMs(expiresAt: string): number {
  if (!expiresAt || expiresAt === ZERO_TIME || expiresAt.startsWith('0001-01-01')) return 0;
  const t = Date.parse(expiresAt);
  if (!Number.isFinite(t)) throw Errors.invalidBodyParam('custom_status');
  return t;
}

/** Validates and normalises a status as Mattermost's AreDurationAndExpirationTimeValid and PreSave. */
function normalise(input: CustomStatusInput): CustomStatus {
  const emoji = typeof input.emoji === 'string' ? input.emoji : '';
  const text = typeof input.text === 'string' ? input.text : '';
  let duration = typeof input.duration === 'string' ? input.duration : '';
  const expiresAt = typeof input.expires_at === 'string' ? input.expires_at : '';
  if ((!emoji && !text) || emoji.length > MAX_EMOJI_LENGTH || !/^[a-z0-9_+-]*$/i.test(emoji))
    throw Errors.invalidBodyParam('custom_status');
  const exp = expiryMs(expiresAt);
  const future = exp === 0 || exp >= Date.now();
  if (duration !== '' && !DURATIONS.has(duration)) throw Errors.invalidBodyParam('custom_status');
  if (!future) throw Errors.invalidBodyParam('custom_status');
  if (duration === '' && exp > 0) duration = 'date_and_time';
  return {
    emoji,
    text: [...text].slice(0, MAX_TEXT_RUNES).join(''),
    duration,
    expires_at: exp ? new Date(exp).toISOString() : ZERO_TIME,
  };
}

async function saveProps(ctx: AppContext, user: UserWithSecrets, customStatus: string): Promise<void> {
  const next: UserWithSecrets = { ...user, props: { ...user.props, customStatus }, update_at: Date.now() };
  await ctx.store.users.update(next);
  ctx.caches.invalidate('user', user.id);
  await ctx.events.invalidate('user', user.id);
  publishUserUpdated(ctx, next);
}

async function recentStatuses(ctx: AppContext, userId: string): Promise<CustomStatus[]> {
  const [p] = await ctx.store.preferences.list(userId, RECENT_CATEGORY, RECENT_NAME);
  if (!p) return [];
  try {
    const v = JSON.parse(p.value) as unknown;
    return Array.isArray(v) ? (v as CustomStatus[]) : [];
  } catch {
    return [];
  }
}

async function saveRecent(ctx: AppContext, userId: string, list: CustomStatus[]): Promise<void> {
  const pref = { user_id: userId, category: RECENT_CATEGORY, name: RECENT_NAME, value: JSON.stringify(list) };
  await ctx.store.preferences.save([pref]);
  ctx.events.publish(wsEvent(WsEvents.PreferencesChanged, { preferences: JSON.stringify([pref]) }, { userId }));
}

const sameStatus = (a: CustomStatus, b: CustomStatus) => a.emoji === b.emoji && a.text === b.text && a.duration === b.duration;

/** PUT /users/{id}/status/custom: yourself or `edit_other_users`; stored in props.customStatus, added to the recents. */
export async function updateCustomStatus(ctx: AppContext, actor: Actor, userId: string, input: CustomStatusInput): Promise<void> {
  requireCustomStatuses(ctx, 'updateUserCustomStatus');
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'updateUserCustomStatus');
  const status = normalise(input);
  const user = await getUserOr404(ctx, userId);
  await saveProps(ctx, user, JSON.stringify(status));
  const recent = (await recentStatuses(ctx, userId)).filter((r) => !sameStatus(r, status));
  await saveRecent(ctx, userId, [status, ...recent].slice(0, MAX_RECENT));
}

/** DELETE /users/{id}/status/custom. */
export async function removeCustomStatus(ctx: AppContext, actor: Actor, userId: string): Promise<void> {
  requireCustomStatuses(ctx, 'removeUserCustomStatus');
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'removeUserCustomStatus');
  const user = await getUserOr404(ctx, userId);
  await saveProps(ctx, user, '');
}

/** GET /users/{id}/status/custom/recent (newest first). */
export async function getRecentCustomStatuses(ctx: AppContext, actor: Actor, userId: string): Promise<CustomStatus[]> {
  requireCustomStatuses(ctx, 'getRecentCustomStatuses');
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'getRecentCustomStatuses');
  return recentStatuses(ctx, userId);
}

/** POST /users/{id}/status/custom/recent/delete: the status given leaves the recents; not there → 400. */
export async function removeRecentCustomStatus(ctx: AppContext, actor: Actor, userId: string, input: CustomStatusInput): Promise<void> {
  requireCustomStatuses(ctx, 'removeRecentCustomStatus');
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'removeRecentCustomStatus');
  const target: CustomStatus = {
    emoji: typeof input.emoji === 'string' ? input.emoji : '',
    text: typeof input.text === 'string' ? input.text : '',
    duration: typeof input.duration === 'string' ? input.duration : '',
    expires_at: '',
  };
  const recent = await recentStatuses(ctx, userId);
  const kept = recent.filter((r) => !sameStatus(r, target));
  if (kept.length === recent.length)
    throw appError('api.custom_status.recent_custom_statuses.delete.app_error', 'removeRecentCustomStatus');
  await saveRecent(ctx, userId, kept);
}
