// Teams: create (with the default channels), join and leave, patch, invite ids.
import { appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import type { Team, TeamMember, UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import { isUniqueViolation, type Store } from '../store/store.ts';
import { teamMemberFromRow } from '../store/sql/teams.ts';
import type { AppContext } from './context.ts';
import { insertChannel, insertChannelMember } from './channels.ts';
import { insertPost } from './posts.ts';

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
  name?: string;
  display_name?: string;
  type?: string;
  description?: string;
  company_name?: string;
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

export interface NewTeam {
  name: string;
  display_name: string;
  type?: 'O' | 'I';
  description?: string;
  company_name?: string;
  allowed_domains?: string;
  allow_open_invite?: boolean;
  email?: string;
}

/** Creates a team with town-square and off-topic, and makes the creator its admin (joining the default channels). */
export async function createTeam(ctx: AppContext, input: NewTeam, creator: UserWithSecrets): Promise<Team> {
  validateTeamFields(input);
  const now = Date.now();
  const type = input.type ?? 'O';
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
function defaultChannelNames(ctx: AppContext): string[] {
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
  if (team.allowed_domains.trim() || ctx.config().TeamSettings.RestrictCreationToDomains.trim()) {
    const domains = `${team.allowed_domains} ${ctx.config().TeamSettings.RestrictCreationToDomains}`
      .split(/[\s,@]+/)
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean);
    const domain = user.email.split('@')[1] ?? '';
    if (domains.length && !user.is_bot && !domains.includes(domain))
      throw appError('api.team.join_user_to_team.allowed_domains.app_error', 'JoinUserToTeam');
  }
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

export interface TeamPatch {
  display_name?: string;
  description?: string;
  company_name?: string;
  allowed_domains?: string;
  allow_open_invite?: boolean;
  invite_id?: string;
  type?: 'O' | 'I';
}

export async function patchTeam(ctx: AppContext, team: Team, patch: TeamPatch): Promise<Team> {
  validateTeamFields(patch);
  const next: Team = { ...team, update_at: Date.now() };
  if (patch.display_name != null) next.display_name = patch.display_name;
  if (patch.description != null) next.description = patch.description;
  if (patch.company_name != null) next.company_name = patch.company_name;
  if (patch.allowed_domains != null) next.allowed_domains = patch.allowed_domains;
  if (patch.allow_open_invite != null) next.allow_open_invite = !!patch.allow_open_invite;
  if (patch.type != null) next.type = patch.type;
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
