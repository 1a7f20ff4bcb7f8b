// Lists of users: by team and channel membership, by ids and usernames, search and autocomplete, each limited to what
// the actor may see (a team or channel they can read, or the users they share a team with).
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { User, UserWithSecrets } from '../model/types.ts';
import type { UserQuery } from '../store/sql/users.ts';
import type { Actor } from './actor.ts';
import {
  hasSystemPermission,
  hasTeamPermission,
  requireChannelPermission,
  requireSystemPermission,
  requireTeamPermission,
} from './authz.ts';
import type { AppContext } from './context.ts';
import { sanitizeUser, viewerOf } from './users.ts';

function sanitizeAll(ctx: AppContext, actor: Actor, users: UserWithSecrets[]): User[] {
  const viewer = viewerOf(ctx, actor);
  return users.map((u) => sanitizeUser(ctx, u, viewer));
}

/**
 * Whom the actor may see (Mattermost's view restrictions): everyone with `list_users_without_team`; else the members of
 * their teams where they hold `view_members`, and — without `view_members` system-wide, as a guest — of their channels,
 * so a guest sees only the people of its channels. `null` is unrestricted.
 */
async function visibleSet(ctx: AppContext, actor: Actor): Promise<Set<string> | null> {
  if (hasSystemPermission(ctx, actor, Permissions.LIST_USERS_WITHOUT_TEAM)) return null;
  const visible = new Set<string>([actor.userId]);
  for (const m of await ctx.store.teams.listMembersForUser(actor.userId)) {
    if (!(await hasTeamPermission(ctx, actor, m.team_id, Permissions.VIEW_MEMBERS))) continue;
    for (const id of await ctx.caches.teamMemberIds(m.team_id)) visible.add(id);
  }
  if (!hasSystemPermission(ctx, actor, Permissions.VIEW_MEMBERS))
    for (const m of await ctx.store.channels.listMembersForUser(actor.userId, null))
      for (const id of await ctx.caches.channelMemberIds(m.channel_id)) visible.add(id);
  return visible;
}

/**
 * `users` less those the actor may not see. A list already scoped to a team or channel the actor may read needs the
 * check only for an actor without `view_members` (a guest).
 */
async function visibleTo(ctx: AppContext, actor: Actor, users: UserWithSecrets[], scoped = false): Promise<UserWithSecrets[]> {
  if (scoped && hasSystemPermission(ctx, actor, Permissions.VIEW_MEMBERS)) return users;
  const visible = await visibleSet(ctx, actor);
  return visible ? users.filter((u) => visible.has(u.id)) : users;
}

/** A requested result size: 1..max, else 100 (a query value or a body number). */
function limitOf(v: string | number | null | undefined, max: number): number {
  const n = Number(v ?? 100);
  return Number.isFinite(n) && n > 0 && n <= max ? n : 100;
}

/**
 * Who is in a channel, and who is not, is the channel's to tell: a list filtered by either needs read_channel there
 * (Mattermost's rule), so a private channel's members stay hidden from outsiders.
 */
async function requireChannelFilters(ctx: AppContext, actor: Actor, channelIds: Array<string | undefined>, where: string): Promise<void> {
  for (const id of channelIds) if (id) await requireChannelPermission(ctx, actor, id, Permissions.READ_CHANNEL, where);
}

function allowEmails(ctx: AppContext, actor: Actor): boolean {
  return ctx.config().PrivacySettings.ShowEmailAddress || hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM);
}

/**
 * Mattermost's sort rules for GET /users: `create_at` and `last_activity_at` only within one team and no other filter,
 * `admin` and `status` only within a channel; anything else is a 400.
 */
function userListSort(q: UserListQuery): NonNullable<UserQuery['sort']> {
  const s = q.sort ?? '';
  if (s === '' || s === 'display_name') return 'username';
  const teamOnly = !!q.inTeam && !q.notInTeam && !q.inChannel && !q.notInChannel && !q.withoutTeam;
  if ((s === 'create_at' || s === 'last_activity_at') && teamOnly) return s;
  if ((s === 'admin' || s === 'status') && q.inChannel) return s;
  throw Errors.invalidUrlParam('sort');
}

/** GET /users filters (the store's, ids checked by the caller's schema), with Mattermost's paging and sort names. */
export type UserListQuery = Omit<UserQuery, 'sort' | 'offset' | 'limit' | 'ids'> & { sort?: string; page: number; perPage: number };

/**
 * GET /users: members of a team (view_team) or channel (read_channel), those outside one (the same permissions),
 * those without a team (list_users_without_team); with no filter, nobody for a user who is in no team, as
 * Mattermost's view restrictions.
 */
export async function getUsers(ctx: AppContext, actor: Actor, q: UserListQuery): Promise<User[]> {
  const { inTeam, notInTeam, inChannel, notInChannel, withoutTeam } = q;
  // `role` must name an existing role (Mattermost: 400 otherwise).
  if (q.role && !ctx.roles.get(q.role)) throw Errors.invalidUrlParam('role');
  if (inTeam) await requireTeamPermission(ctx, actor, inTeam, Permissions.VIEW_TEAM, 'getUsers');
  if (notInTeam) await requireTeamPermission(ctx, actor, notInTeam, Permissions.VIEW_TEAM, 'getUsers');
  await requireChannelFilters(ctx, actor, [inChannel, notInChannel], 'getUsers');
  if (withoutTeam) requireSystemPermission(ctx, actor, Permissions.LIST_USERS_WITHOUT_TEAM, 'getUsers');
  if (!inTeam && !inChannel && !notInTeam && !notInChannel && !withoutTeam) {
    if (!hasSystemPermission(ctx, actor, Permissions.LIST_USERS_WITHOUT_TEAM)) {
      const teams = await ctx.store.teams.listMembersForUser(actor.userId);
      if (!teams.length) return [];
    }
  }
  const sort = userListSort(q);
  const known = (list: string[] | undefined, kind: string) =>
    list?.every((r) => r === `${kind}_admin` || r === `${kind}_user` || r === `${kind}_guest`);
  if (q.roles?.length && !known(q.roles, 'system')) throw Errors.invalidUrlParam('roles');
  if (q.teamRoles?.length && (!inTeam || !known(q.teamRoles, 'team'))) throw Errors.invalidUrlParam('team_roles');
  if (q.channelRoles?.length && (!inChannel || !known(q.channelRoles, 'channel'))) throw Errors.invalidUrlParam('channel_roles');
  const users = await ctx.store.users.list({
    inTeam: inTeam || undefined,
    notInTeam: notInTeam || undefined,
    inChannel: inChannel || undefined,
    notInChannel: notInChannel || undefined,
    withoutTeam,
    active: q.active,
    inactive: q.inactive,
    role: q.role || undefined,
    roles: q.roles,
    teamRoles: q.teamRoles,
    channelRoles: q.channelRoles,
    sort,
    offset: q.page * q.perPage,
    limit: q.perPage,
  });
  return sanitizeAll(ctx, actor, await visibleTo(ctx, actor, users, !!(inTeam || inChannel || notInTeam || notInChannel || withoutTeam)));
}

/** POST /users/ids. */
export async function getUsersByIds(ctx: AppContext, actor: Actor, ids: string[]): Promise<User[]> {
  return sanitizeAll(ctx, actor, await visibleTo(ctx, actor, await ctx.store.users.getMany([...new Set(ids)]), true));
}

/** POST /users/usernames. */
export async function getUsersByUsernames(ctx: AppContext, actor: Actor, names: string[]): Promise<User[]> {
  return sanitizeAll(ctx, actor, await visibleTo(ctx, actor, await ctx.store.users.getByUsernames(names), true));
}

/** GET /users/autocomplete: Client4 and Mattermost name the filters in_team / in_channel. */
export interface AutocompleteQuery {
  teamId: string;
  channelId: string;
  name: string;
  /** As given in the query: 1..100, else 100. */
  limit?: string;
}

/**
 * GET /users/autocomplete: in a channel (read_channel; a team is then required) the members and, apart, the team's
 * users outside it; in a team (view_team) its users; otherwise everyone the actor may see.
 */
export async function autocompleteUsers(
  ctx: AppContext,
  actor: Actor,
  q: AutocompleteQuery,
): Promise<{ users: User[]; out_of_channel?: User[] }> {
  const { teamId, channelId, name } = q;
  const limit = limitOf(q.limit, 100);
  const emails = allowEmails(ctx, actor);
  if (channelId) {
    if (!teamId) throw appError('api.user.autocomplete_users.missing_team_id.app_error', 'autocompleteUsers');
    await requireChannelPermission(ctx, actor, channelId, Permissions.READ_CHANNEL, 'autocompleteUsers');
    const inCh = await ctx.store.users.search(name, { limit, inChannel: channelId, allowEmails: emails });
    const outCh = await ctx.store.users.search(name, { limit, inTeam: teamId, notInChannel: channelId, allowEmails: emails });
    return {
      users: sanitizeAll(ctx, actor, await visibleTo(ctx, actor, inCh, true)),
      out_of_channel: sanitizeAll(ctx, actor, await visibleTo(ctx, actor, outCh, true)),
    };
  }
  if (teamId) {
    await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'autocompleteUsers');
    const users = await ctx.store.users.search(name, { limit, inTeam: teamId, allowEmails: emails });
    return { users: sanitizeAll(ctx, actor, await visibleTo(ctx, actor, users, true)) };
  }
  const users = await ctx.store.users.search(name, { limit, allowEmails: emails });
  return { users: sanitizeAll(ctx, actor, await visibleTo(ctx, actor, users)) };
}

/** POST /users/search body (Mattermost's UserSearch, the fields Parley reads). */
export interface UserSearch {
  term: string;
  team_id?: string | null;
  in_channel_id?: string | null;
  not_in_channel_id?: string | null;
  limit?: number | null;
  allow_inactive?: boolean | null;
}

/**
 * POST /users/search: by term, within a team (view_team), in or outside a channel (read_channel), or among those the
 * actor may see.
 */
export async function searchUsers(ctx: AppContext, actor: Actor, s: UserSearch): Promise<User[]> {
  const teamId = s.team_id || undefined;
  const inChannel = s.in_channel_id || undefined;
  const notInChannel = s.not_in_channel_id || undefined;
  const limit = limitOf(s.limit, 1000);
  if (teamId) await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'searchUsers');
  await requireChannelFilters(ctx, actor, [inChannel, notInChannel], 'searchUsers');
  const users = await ctx.store.users.search(s.term, {
    limit,
    inTeam: teamId,
    inChannel,
    notInChannel,
    allowEmails: allowEmails(ctx, actor),
    allowInactive: s.allow_inactive === true,
  });
  return sanitizeAll(ctx, actor, await visibleTo(ctx, actor, users, !!(teamId || inChannel)));
}
