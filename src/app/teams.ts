// Teams: create (with the default channels), view, list and search, patch and update, invite ids; joining and leaving
// (the member use-cases are in team-members.ts).
import { AppError, appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import type { Channel, Post, Team, TeamMember, UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import { isUniqueViolation, type Store } from '../store/store.ts';
import { teamMemberFromRow } from '../store/sql/teams.ts';
import { Permissions } from '../model/roles.ts';
import type { Actor } from './actor.ts';
import { hasSystemPermission, hasTeamPermission, requireSelfOr, requireSystemPermission, requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { insertChannel, insertChannelMember } from './channels.ts';
import { insertPost, postedEvent, storedPost } from './posts.ts';
import { getUserOr404 } from './users.ts';

const TEAM_NAME_RE = /^[a-z0-9]+([a-z0-9-]+|(__)?)[a-z0-9]+$/;
const RESERVED_TEAM_NAMES = new Set([
  'admin',
  'api',
  'channel',
  'claim',
  'error',
  'files',
  'help',
  'landing',
  'login',
  'mfa',
  'oauth',
  'plug',
  'plugins',
  'post',
  'signup',
  'boards',
  'playbooks',
]);

export function validateTeamFields(t: {
  name?: string | null;
  display_name?: string | null;
  type?: string | null;
  description?: string | null;
  company_name?: string | null;
}): void {
  // Wrong JSON types are a 400 naming the field, never a crash or a bad row; null means "not given".
  for (const k of ['name', 'display_name', 'type', 'description', 'company_name', 'allowed_domains', 'email'] as const) {
    const v = (t as Record<string, unknown>)[k];
    if (v !== undefined && v !== null && typeof v !== 'string') throw Errors.invalidBodyParam(k);
  }
  const open = (t as Record<string, unknown>).allow_open_invite;
  if (open !== undefined && open !== null && typeof open !== 'boolean') throw Errors.invalidBodyParam('allow_open_invite');
  if (t.display_name != null && (t.display_name.trim() === '' || [...t.display_name].length > 64))
    throw appError('model.team.is_valid.display_name.app_error', 'Team.IsValid');
  if (t.name != null) {
    if (t.name.length < 2 || t.name.length > 64 || !TEAM_NAME_RE.test(t.name))
      throw appError('model.team.is_valid.characters.app_error', 'Team.IsValid');
    if (RESERVED_TEAM_NAMES.has(t.name)) throw appError('model.team.is_valid.reserved.app_error', 'Team.IsValid');
  }
  if (t.type != null && t.type !== 'O' && t.type !== 'I') throw appError('model.team.is_valid.type.app_error', 'Team.IsValid');
  if (t.description != null && [...t.description].length > 255) throw appError('model.team.is_valid.description.app_error', 'Team.IsValid');
}

/** What a team looks like to those who may not manage it: no email, no invite id, as Mattermost's Sanitize. */
export function sanitizeTeam(team: Team, canManage: boolean): Team {
  if (canManage) return team;
  return { ...team, email: '', invite_id: '' };
}

export async function getTeamOr404(ctx: AppContext, teamId: string): Promise<Team> {
  const t = await ctx.store.teams.get(teamId);
  if (!t) throw appError('app.team.get.find.app_error', 'GetTeam');
  return t;
}

/** A new team as clients send it: null means "not given". */
export interface NewTeam {
  name: string;
  display_name: string;
  type?: string | null;
  description?: string | null;
  company_name?: string | null;
  allowed_domains?: string | null;
  allow_open_invite?: boolean | null;
  email?: string | null;
}

/** Creates a team with town-square and off-topic, and makes the creator its admin (joining the default channels). */
export async function createTeamWithUser(ctx: AppContext, input: NewTeam, creator: UserWithSecrets): Promise<Team> {
  validateTeamFields(input);
  const now = Date.now();
  const type = input.type === 'I' ? 'I' : 'O';
  const team: Team = {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    display_name: input.display_name,
    name: input.name,
    description: input.description ?? '',
    email: input.email ?? creator.email,
    type,
    company_name: input.company_name ?? '',
    allowed_domains: input.allowed_domains ?? '',
    invite_id: newId(),
    allow_open_invite: input.allow_open_invite === true, // Mattermost's default: not listed or joinable until allowed
    last_team_icon_update: 0,
    scheme_id: null,
    group_constrained: false,
    policy_id: null,
    cloud_limits_archived: false,
  };
  const events: WsEvent[] = [];
  await ctx.store.tx(async (t) => {
    try {
      await t.teams.save(team);
    } catch (err) {
      if (isUniqueViolation(err)) throw appError('store.sql_team.save_team.existing.app_error', 'SaveTeam');
      throw err;
    }
    await insertChannel(t, { team_id: team.id, name: 'town-square', display_name: 'Town Square', type: 'O', creator_id: '' });
    await insertChannel(t, { team_id: team.id, name: 'off-topic', display_name: 'Off-Topic', type: 'O', creator_id: '' });
    events.push(...(await insertTeamMember(ctx, t, team, creator, { admin: true })).events);
  });
  for (const e of events) ctx.events.publish(e);
  return team;
}

/** Default channels a new member joins: town-square, off-topic, and TeamSettings.ExperimentalDefaultChannels. */
export function defaultChannelNames(ctx: AppContext): string[] {
  return [...new Set(['town-square', 'off-topic', ...ctx.config().TeamSettings.ExperimentalDefaultChannels])];
}

/**
 * Adds or reactivates a team membership in a store (maybe a transaction), with Mattermost's side effects: the default
 * channels joined with their system posts and `user_added`, then `added_to_team` to the user. An active member is
 * returned unchanged.
 */
export async function insertTeamMember(
  ctx: AppContext,
  s: Store,
  team: Team,
  user: UserWithSecrets,
  opts: { admin?: boolean } = {},
): Promise<{ member: TeamMember; events: WsEvent[]; added: boolean }> {
  const existing = await s.teams.getMemberRow(team.id, user.id);
  if (existing && existing.delete_at === 0) return { member: teamMemberFromRow(existing), events: [], added: false };
  requireAllowedDomain(ctx, team, user);
  const max = ctx.config().TeamSettings.MaxUsersPerTeam;
  if (max > 0 && (await s.teams.countMembers(team.id, true)) >= max)
    throw appError('app.team.join_user_to_team.max_accounts.app_error', 'JoinUserToTeam');
  const now = Date.now();
  await s.teams.saveMember({
    team_id: team.id,
    user_id: user.id,
    roles: '',
    delete_at: 0,
    scheme_user: 1,
    scheme_admin: opts.admin || (!!team.email && team.email === user.email) ? 1 : 0,
    scheme_guest: 0,
    create_at: existing?.create_at || now,
  });
  await s.users.touchUpdateAt(user.id, now);
  ctx.caches.invalidate('team', team.id);
  const events: WsEvent[] = [];
  for (const name of defaultChannelNames(ctx)) {
    const ch = await s.channels.getByName(team.id, name);
    if (!ch || ch.type !== 'O' || ch.delete_at) continue;
    const joinTeam = name === 'town-square';
    const r = await insertChannelMember(ctx, s, ch, user, null, {
      post: ctx.config().ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages,
      postType: joinTeam ? 'system_join_team' : 'system_join_channel',
      postMessage: joinTeam ? `${user.username} joined the team.` : `${user.username} joined the channel.`,
    });
    events.push(...r.events);
  }
  events.push(wsEvent(WsEvents.AddedToTeam, { team_id: team.id, user_id: user.id }, { userId: user.id }));
  const member = teamMemberFromRow((await s.teams.getMemberRow(team.id, user.id))!);
  return { member, events, added: true };
}

/** The team's and the server's allowed e-mail domains (Mattermost's JoinUserToTeam rule); bots are exempt. */
function requireAllowedDomain(ctx: AppContext, team: Team, user: UserWithSecrets): void {
  if (!team.allowed_domains.trim() && !ctx.config().TeamSettings.RestrictCreationToDomains.trim()) return;
  const domains = `${team.allowed_domains} ${ctx.config().TeamSettings.RestrictCreationToDomains}`
    .split(/[\s,@]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  const domain = user.email.split('@')[1] ?? '';
  if (domains.length && !user.is_bot && !domains.includes(domain))
    throw appError('api.team.join_user_to_team.allowed_domains.app_error', 'JoinUserToTeam');
}

/**
 * insertTeamMember for many accounts at once that are in no team and no channel yet (a Slack import's new users,
 * written in the same transaction): the same rows, default-channel joins, system posts and events, in a few
 * statements instead of a dozen per user. Users the domain or team-size rules refuse come back in `refused`.
 */
export async function insertNewTeamMembers(
  ctx: AppContext,
  s: Store,
  team: Team,
  users: readonly UserWithSecrets[],
): Promise<{ events: WsEvent[]; refused: Array<{ user: UserWithSecrets; id: string }> }> {
  const refused: Array<{ user: UserWithSecrets; id: string }> = [];
  const max = ctx.config().TeamSettings.MaxUsersPerTeam;
  let room = max > 0 ? max - (await s.teams.countMembers(team.id, true)) : Infinity;
  const joining: UserWithSecrets[] = [];
  for (const user of users) {
    try {
      requireAllowedDomain(ctx, team, user);
      if (room-- <= 0) throw appError('app.team.join_user_to_team.max_accounts.app_error', 'JoinUserToTeam');
      joining.push(user);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      refused.push({ user, id: err.id });
    }
  }
  const now = Date.now();
  const member = (u: UserWithSecrets) => ({
    team_id: team.id,
    user_id: u.id,
    roles: '',
    delete_at: 0,
    scheme_user: 1,
    scheme_admin: !!team.email && team.email === u.email ? 1 : 0,
    scheme_guest: 0,
    create_at: now,
  });
  await s.teams.insertMembers(joining.map(member));
  ctx.caches.invalidate('team', team.id);
  const events: WsEvent[] = [];
  for (const name of defaultChannelNames(ctx)) {
    const ch = await s.channels.getByName(team.id, name);
    if (!ch || ch.type !== 'O' || ch.delete_at) continue;
    events.push(...(await joinDefaultChannel(ctx, s, ch, joining, name === 'town-square')));
  }
  for (const u of joining) events.push(wsEvent(WsEvents.AddedToTeam, { team_id: team.id, user_id: u.id }, { userId: u.id }));
  return { events, refused };
}

/** New accounts join a default channel: members, then (if configured) their join posts, then the channel's counters. */
async function joinDefaultChannel(ctx: AppContext, s: Store, ch: Channel, users: readonly UserWithSecrets[], joinTeam: boolean) {
  const now = Date.now();
  const added = new Set(
    (
      await s.imports.addChannelMembers(
        users.map((u) => ({ channel_id: ch.id, user_id: u.id })),
        now,
      )
    ).map((m) => m.user_id),
  );
  ctx.caches.invalidate('channel', ch.id);
  const events: WsEvent[] = [];
  const posts: Post[] = [];
  for (const u of users) {
    if (!added.has(u.id)) continue;
    events.push(wsEvent(WsEvents.UserAdded, { user_id: u.id, team_id: ch.team_id }, { channelId: ch.id }));
    if (!ctx.config().ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages) continue;
    const post = systemPost(ch.id, u, now + posts.length, joinTeam);
    posts.push(post);
    events.push(postedEvent(ch, post, u.username, []));
  }
  if (posts.length) {
    await s.posts.saveMany(posts);
    await s.imports.recountChannels([ch.id]);
  }
  return events;
}

function systemPost(channelId: string, u: UserWithSecrets, at: number, joinTeam: boolean): Post {
  const message = joinTeam ? `${u.username} joined the team.` : `${u.username} joined the channel.`;
  const type = joinTeam ? 'system_join_team' : 'system_join_channel';
  return storedPost({
    id: newId(),
    channel_id: channelId,
    user_id: u.id,
    root_id: '',
    message,
    type,
    props: { username: u.username },
    create_at: at,
  });
}

/** Joins a user to a team in one transaction and publishes the events; returns the member. */
export async function joinUserToTeam(ctx: AppContext, team: Team, user: UserWithSecrets): Promise<TeamMember> {
  const r = await ctx.store.tx((t) => insertTeamMember(ctx, t, team, user));
  if (r.added) {
    ctx.events.invalidate('team', team.id);
    for (const e of r.events) if (e.broadcast.channel_id) ctx.events.invalidate('channel', e.broadcast.channel_id);
  }
  for (const e of r.events) ctx.events.publish(e);
  return r.member;
}

/**
 * Removes a user from a team as Mattermost does: leaves every team channel, posts the leave/remove message in
 * town-square, sends `leave_team`, soft-deletes the membership and drops the user's preferences for the team.
 */
export async function removeUserFromTeam(ctx: AppContext, team: Team, user: UserWithSecrets, actorId: string): Promise<void> {
  const row = await ctx.store.teams.getMemberRow(team.id, user.id);
  if (!row) throw appError('api.team.remove_user_from_team.missing.app_error', 'RemoveUserFromTeam');
  const self = actorId === user.id;
  const events: WsEvent[] = [];
  let channelIds: string[] = [];
  await ctx.store.tx(async (t) => {
    const townSquare = await t.channels.getByName(team.id, 'town-square');
    if (townSquare && !townSquare.delete_at && ctx.config().ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages) {
      const r = await insertPost(ctx, t, townSquare, {
        channel_id: townSquare.id,
        user_id: user.id,
        message: self ? `${user.username} left the team.` : `${user.username} removed from the team.`,
        type: self ? 'system_leave_team' : 'system_remove_from_team',
        props: { username: user.username },
      });
      events.push(...r.events);
    }
    channelIds = await t.channels.removeMemberFromTeamChannels(team.id, user.id);
    await t.teams.softDeleteMember(team.id, user.id, Date.now());
    await t.preferences.removeCategory(user.id, team.id);
    await t.users.touchUpdateAt(user.id, Date.now());
  });
  ctx.caches.invalidate('team', team.id);
  ctx.events.invalidate('team', team.id);
  for (const id of channelIds) {
    ctx.caches.invalidate('channel', id);
    ctx.events.invalidate('channel', id);
  }
  // The posted event goes out first (the user still sees it), then leave_team to the team and to the user.
  for (const e of events) ctx.events.publish(e);
  ctx.events.publish(wsEvent(WsEvents.LeaveTeam, { user_id: user.id, team_id: team.id }, { teamId: team.id, omitUsers: [user.id] }));
  ctx.events.publish(wsEvent(WsEvents.LeaveTeam, { user_id: user.id, team_id: team.id }, { userId: user.id }));
}

/** A patch as clients send it: null means "not given"; `name` and `email` are checked but never changed. */
export interface TeamPatch {
  name?: string | null;
  display_name?: string | null;
  description?: string | null;
  company_name?: string | null;
  allowed_domains?: string | null;
  allow_open_invite?: boolean | null;
  email?: string | null;
  type?: string | null;
}

/** Applies a patch's fields to the team (the invite id is never patched) and sends `update_team`. */
async function applyTeamPatch(ctx: AppContext, team: Team, patch: TeamPatch): Promise<Team> {
  validateTeamFields(patch);
  const next: Team = { ...team, update_at: Date.now() };
  if (patch.display_name != null) next.display_name = patch.display_name;
  if (patch.description != null) next.description = patch.description;
  if (patch.company_name != null) next.company_name = patch.company_name;
  if (patch.allowed_domains != null) next.allowed_domains = patch.allowed_domains;
  if (patch.allow_open_invite != null) next.allow_open_invite = !!patch.allow_open_invite;
  if (patch.type != null) next.type = patch.type === 'I' ? 'I' : 'O';
  await ctx.store.teams.update(next);
  publishTeamUpdated(ctx, next);
  return next;
}

export function publishTeamUpdated(ctx: AppContext, team: Team): void {
  ctx.events.publish(wsEvent(WsEvents.UpdateTeam, { team: JSON.stringify(sanitizeTeam(team, false)) }, { teamId: team.id }));
}

export async function regenerateInviteId(ctx: AppContext, team: Team): Promise<Team> {
  const next = { ...team, invite_id: newId(), update_at: Date.now() };
  await ctx.store.teams.update(next);
  publishTeamUpdated(ctx, next);
  return next;
}

/** The team as the actor may see it: email and invite id only with manage_team. */
async function shownTeam(ctx: AppContext, actor: Actor, team: Team): Promise<Team> {
  return sanitizeTeam(team, await hasTeamPermission(ctx, actor, team.id, Permissions.MANAGE_TEAM));
}

function shownTeams(ctx: AppContext, actor: Actor, teams: Team[]): Promise<Team[]> {
  return Promise.all(teams.map((t) => shownTeam(ctx, actor, t)));
}

/** An open team that allows open invites: listed to, and joinable by, those with list_public_teams/join_public_teams. */
function isOpenTeam(team: Team): boolean {
  return team.allow_open_invite && team.type === 'O';
}

/** A team the actor may view (view_team: members and system admins), or an open one with list_public_teams. */
async function viewableTeam(ctx: AppContext, actor: Actor, team: Team): Promise<Team> {
  if (!(await hasTeamPermission(ctx, actor, team.id, Permissions.VIEW_TEAM))) {
    if (!(isOpenTeam(team) && hasSystemPermission(ctx, actor, Permissions.LIST_PUBLIC_TEAMS)))
      throw Errors.forbidden('getTeam', actor.userId, Permissions.VIEW_TEAM);
  }
  return shownTeam(ctx, actor, team);
}

/** POST /teams: create_team, and TeamSettings.EnableTeamCreation unless the actor is a system admin; 201 with the team. */
export async function createTeam(ctx: AppContext, actor: Actor, input: NewTeam): Promise<Team> {
  if (!ctx.config().TeamSettings.EnableTeamCreation && !hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM))
    throw appError('api.team.is_team_creation_allowed.disabled.app_error', 'createTeam');
  requireSystemPermission(ctx, actor, Permissions.CREATE_TEAM, 'createTeam');
  return createTeamWithUser(ctx, input, await getUserOr404(ctx, actor.userId));
}

/** GET /teams: every team for system admins; open teams for those with list_public_teams; nothing for others. */
export async function getAllTeams(
  ctx: AppContext,
  actor: Actor,
  q: { page: number; perPage: number; includeTotalCount: boolean; includeDeleted?: boolean },
): Promise<Team[] | { teams: Team[]; total_count: number }> {
  const openOnly = !hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM);
  if (openOnly && !hasSystemPermission(ctx, actor, Permissions.LIST_PUBLIC_TEAMS)) return [];
  // Deleted teams (include_deleted) only for system admins: the system console lists them to restore.
  const includeDeleted = !openOnly && !!q.includeDeleted;
  const rows = await ctx.store.teams.list({ offset: q.page * q.perPage, limit: q.perPage, openOnly, includeDeleted });
  const teams = await shownTeams(ctx, actor, rows);
  if (q.includeTotalCount) return { teams, total_count: await ctx.store.teams.count({ openOnly }) };
  return teams;
}

/** POST /teams/search: teams by name or display name, open ones only unless the actor is a system admin. */
export async function searchTeams(ctx: AppContext, actor: Actor, term: string): Promise<Team[]> {
  const openOnly = !hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM);
  return shownTeams(ctx, actor, await ctx.store.teams.search(term, { openOnly }));
}

export async function getTeam(ctx: AppContext, actor: Actor, teamId: string): Promise<Team> {
  return viewableTeam(ctx, actor, await getTeamOr404(ctx, teamId));
}

export async function getTeamByName(ctx: AppContext, actor: Actor, name: string): Promise<Team> {
  const team = await ctx.store.teams.getByName(name);
  if (!team) throw appError('app.team.get_by_name.missing.app_error', 'GetTeamByName');
  return viewableTeam(ctx, actor, team);
}

/** GET /teams/name/{name}/exists: true only for a team the actor could view or join by its openness. */
export async function teamExists(ctx: AppContext, actor: Actor, name: string): Promise<{ exists: boolean }> {
  const team = await ctx.store.teams.getByName(name);
  return { exists: !!team && ((await hasTeamPermission(ctx, actor, team.id, Permissions.VIEW_TEAM)) || isOpenTeam(team)) };
}

/** PUT /teams/{id}/patch (manage_team): the given fields change; the invite id is never patched. */
export async function patchTeam(ctx: AppContext, actor: Actor, teamId: string, patch: TeamPatch): Promise<Team> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_TEAM, 'patchTeam');
  return applyTeamPatch(ctx, await getTeamOr404(ctx, teamId), patch);
}

/** PUT /teams/{id} (manage_team): as a patch, with the body's `id` matching the path. */
export async function updateTeam(ctx: AppContext, actor: Actor, teamId: string, body: TeamPatch & { id?: string | null }): Promise<Team> {
  if (body.id !== teamId) throw Errors.invalidBodyParam('id');
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_TEAM, 'updateTeam');
  return applyTeamPatch(ctx, await getTeamOr404(ctx, teamId), body);
}

/** POST /teams/{id}/regenerate_invite_id (manage_team): the old invite link stops working. */
export async function regenerateTeamInviteId(ctx: AppContext, actor: Actor, teamId: string): Promise<Team> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_TEAM, 'regenerateTeamInviteId');
  return regenerateInviteId(ctx, await getTeamOr404(ctx, teamId));
}

/** GET /users/{id}/teams: the user's teams, for the user or a system admin. */
export async function getTeamsForUser(ctx: AppContext, actor: Actor, userId: string): Promise<Team[]> {
  requireSelfOr(ctx, actor, userId, Permissions.MANAGE_SYSTEM, 'getTeamsForUser');
  return shownTeams(ctx, actor, await ctx.store.teams.listForUser(userId));
}
