// Permission schemes: create (with one scheme-managed role per slot, permissions copied from the built-ins), read,
// list, patch, delete; which teams and channels use one, and assigning one to a team or channel. Members then resolve
// their scheme roles through it (app/scheme-roles.ts, read by app/authz.ts).
import { appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import { Permissions, RoleNames, type Role } from '../model/roles.ts';
import type { Channel, Team } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Scheme } from '../store/sql/admin.ts';
import type { Actor } from './actor.ts';
import { requireSystemPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { reloadSchemeIndex } from './scheme-roles.ts';
import { sanitizeTeam } from './teams.ts';

const SCHEME_NAME_RE = /^[a-z0-9_]{2,64}$/;
const MAX_DISPLAY_NAME = 128;
const MAX_DESCRIPTION = 1024;

export interface SchemeInput {
  name?: string | null;
  display_name?: string | null;
  description?: string | null;
  scope?: string | null;
}

type Slot = keyof Pick<
  Scheme,
  | 'default_team_admin_role'
  | 'default_team_user_role'
  | 'default_team_guest_role'
  | 'default_channel_admin_role'
  | 'default_channel_user_role'
  | 'default_channel_guest_role'
  | 'default_playbook_admin_role'
  | 'default_playbook_member_role'
  | 'default_run_admin_role'
  | 'default_run_member_role'
>;

/** Slot → the built-in role whose permissions a new scheme's role starts with, and its display label. */
const TEAM_SLOTS: Array<[Slot, string, string]> = [
  ['default_team_admin_role', RoleNames.TEAM_ADMIN, 'Team Admin'],
  ['default_team_user_role', RoleNames.TEAM_USER, 'Team User'],
  ['default_team_guest_role', RoleNames.TEAM_GUEST, 'Team Guest'],
  ['default_playbook_admin_role', RoleNames.PLAYBOOK_ADMIN, 'Playbook Admin'],
  ['default_playbook_member_role', RoleNames.PLAYBOOK_MEMBER, 'Playbook Member'],
  ['default_run_admin_role', RoleNames.RUN_ADMIN, 'Run Admin'],
  ['default_run_member_role', RoleNames.RUN_MEMBER, 'Run Member'],
];
const CHANNEL_SLOTS: Array<[Slot, string, string]> = [
  ['default_channel_admin_role', RoleNames.CHANNEL_ADMIN, 'Channel Admin'],
  ['default_channel_user_role', RoleNames.CHANNEL_USER, 'Channel User'],
  ['default_channel_guest_role', RoleNames.CHANNEL_GUEST, 'Channel Guest'],
];

const invalid = (field: string) => appError('model.scheme.is_valid.app_error', 'Scheme.IsValid', { detailed: field });

function validateFields(s: SchemeInput): void {
  for (const k of ['name', 'display_name', 'description', 'scope'] as const) {
    if (s[k] !== undefined && s[k] !== null && typeof s[k] !== 'string') throw Errors.invalidBodyParam(k);
  }
  if (s.name != null && !SCHEME_NAME_RE.test(s.name)) throw invalid('name');
  if (s.display_name != null && (s.display_name.trim() === '' || [...s.display_name].length > MAX_DISPLAY_NAME))
    throw invalid('display_name');
  if (s.description != null && [...s.description].length > MAX_DESCRIPTION) throw invalid('description');
}

const requireRead = (ctx: AppContext, actor: Actor, where: string) =>
  requireSystemPermission(ctx, actor, Permissions.SYSCONSOLE_READ_USER_MANAGEMENT_PERMISSIONS, where);
const requireWrite = (ctx: AppContext, actor: Actor, where: string) =>
  requireSystemPermission(ctx, actor, Permissions.SYSCONSOLE_WRITE_USER_MANAGEMENT_PERMISSIONS, where);

async function schemeOr404(ctx: AppContext, id: string): Promise<Scheme> {
  const s = await ctx.store.admin.getScheme(id);
  if (!s || s.delete_at > 0) throw appError('app.scheme.get.app_error', 'GetScheme');
  return s;
}

/** POST /schemes: 201 with the scheme and its new roles. */
export async function createScheme(ctx: AppContext, actor: Actor, input: SchemeInput): Promise<Scheme> {
  requireWrite(ctx, actor, 'createScheme');
  validateFields(input);
  if (input.name == null || input.display_name == null) throw invalid(input.name == null ? 'name' : 'display_name');
  if (input.scope !== 'team' && input.scope !== 'channel') throw invalid('scope');
  const now = Date.now();
  const scheme: Scheme = {
    id: newId(),
    name: input.name,
    display_name: input.display_name,
    description: input.description ?? '',
    create_at: now,
    update_at: now,
    delete_at: 0,
    scope: input.scope,
    default_team_admin_role: '',
    default_team_user_role: '',
    default_team_guest_role: '',
    default_channel_admin_role: '',
    default_channel_user_role: '',
    default_channel_guest_role: '',
    default_playbook_admin_role: '',
    default_playbook_member_role: '',
    default_run_admin_role: '',
    default_run_member_role: '',
  };
  const slots = input.scope === 'team' ? [...TEAM_SLOTS, ...CHANNEL_SLOTS] : CHANNEL_SLOTS;
  const roles: Role[] = slots.map(([slot, builtin, label]) => {
    const id = newId();
    scheme[slot] = id;
    return {
      id,
      name: id,
      display_name: `${label} Role for Scheme ${scheme.name}`,
      description: '',
      create_at: now,
      update_at: now,
      delete_at: 0,
      permissions: [...(ctx.roles.get(builtin)?.permissions ?? [])],
      scheme_managed: true,
      built_in: false,
    };
  });
  await ctx.store.tx(async (t) => {
    for (const r of roles) await t.admin.saveRole(r);
    await t.admin.saveScheme(scheme);
  });
  for (const r of roles) {
    ctx.roles.update(r);
    await ctx.events.invalidate('role', r.id);
  }
  await reloadSchemeIndex(ctx);
  return scheme;
}

export async function getScheme(ctx: AppContext, actor: Actor, id: string): Promise<Scheme> {
  requireRead(ctx, actor, 'getScheme');
  return schemeOr404(ctx, id);
}

/** GET /schemes?scope=team|channel&page&per_page. */
export async function getSchemes(ctx: AppContext, actor: Actor, scope: string, page: number, perPage: number): Promise<Scheme[]> {
  requireRead(ctx, actor, 'getSchemes');
  if (scope !== '' && scope !== 'team' && scope !== 'channel') throw Errors.invalidUrlParam('scope');
  return ctx.store.admin.listSchemes({ scope: scope || undefined, offset: page * perPage, limit: perPage });
}

/** PUT /schemes/{id}/patch: name, display name, description. */
export async function patchScheme(ctx: AppContext, actor: Actor, id: string, patch: SchemeInput): Promise<Scheme> {
  requireWrite(ctx, actor, 'patchScheme');
  validateFields(patch);
  const s = await schemeOr404(ctx, id);
  const next: Scheme = {
    ...s,
    name: patch.name ?? s.name,
    display_name: patch.display_name ?? s.display_name,
    description: patch.description ?? s.description,
    update_at: Date.now(),
  };
  await ctx.store.admin.updateScheme(next);
  await reloadSchemeIndex(ctx);
  return next;
}

const roleSlots = (s: Scheme): string[] => [...TEAM_SLOTS, ...CHANNEL_SLOTS].map(([slot]) => s[slot]).filter(Boolean);

/** DELETE /schemes/{id}: soft; its roles go, and its teams and channels fall back to the defaults. */
export async function deleteScheme(ctx: AppContext, actor: Actor, id: string): Promise<Scheme> {
  requireWrite(ctx, actor, 'deleteScheme');
  const s = await schemeOr404(ctx, id);
  const now = Date.now();
  const next = { ...s, delete_at: now, update_at: now };
  const used = await ctx.store.tx(async (t) => {
    await t.admin.updateScheme(next);
    await t.admin.deleteRoles(roleSlots(s), now);
    return t.admin.clearScheme(s.id);
  });
  for (const roleId of roleSlots(s)) {
    const r = ctx.roles.getById(roleId);
    if (r) ctx.roles.update({ ...r, delete_at: now, update_at: now });
    await ctx.events.invalidate('role', roleId);
  }
  await reloadSchemeIndex(ctx);
  for (const c of used.channels) ctx.caches.invalidate('channel', c);
  return next;
}

/** GET /schemes/{id}/teams: team schemes only. */
export async function getTeamsForScheme(ctx: AppContext, actor: Actor, id: string, page: number, perPage: number): Promise<Team[]> {
  requireSystemPermission(ctx, actor, Permissions.SYSCONSOLE_READ_USER_MANAGEMENT_TEAMS, 'getTeamsForScheme');
  const s = await schemeOr404(ctx, id);
  if (s.scope !== 'team') throw appError('api.scheme.get_teams_for_scheme.scope.error', 'getTeamsForScheme');
  const ids = await ctx.store.admin.usersOfScheme('teams', s.id, page * perPage, perPage);
  const teams = await Promise.all(ids.map((tid) => ctx.store.teams.get(tid)));
  return teams.filter((t): t is Team => !!t).map((t) => sanitizeTeam(t, true));
}

/** GET /schemes/{id}/channels: channel schemes only. */
export async function getChannelsForScheme(ctx: AppContext, actor: Actor, id: string, page: number, perPage: number): Promise<Channel[]> {
  requireSystemPermission(ctx, actor, Permissions.SYSCONSOLE_READ_USER_MANAGEMENT_CHANNELS, 'getChannelsForScheme');
  const s = await schemeOr404(ctx, id);
  if (s.scope !== 'channel') throw appError('api.scheme.get_channels_for_scheme.scope.error', 'getChannelsForScheme');
  const ids = await ctx.store.admin.usersOfScheme('channels', s.id, page * perPage, perPage);
  return (await ctx.store.channels.getMany(ids)).filter(Boolean);
}

/** PUT /teams/{id}/scheme `{scheme_id}` ("" resets): a team scheme; `update_team_scheme` to everyone. */
export async function updateTeamScheme(ctx: AppContext, actor: Actor, teamId: string, schemeId: string): Promise<void> {
  requireWrite(ctx, actor, 'updateTeamScheme');
  const team = await ctx.store.teams.get(teamId);
  if (!team) throw appError('app.team.get.find.app_error', 'GetTeam');
  if (schemeId) {
    const s = await schemeOr404(ctx, schemeId);
    if (s.scope !== 'team') throw appError('api.team.update_team_scheme.scheme_scope.error', 'updateTeamScheme');
  }
  const now = Date.now();
  await ctx.store.admin.setTeamScheme(team.id, schemeId || null, now);
  await reloadSchemeIndex(ctx);
  ctx.caches.invalidate('team', team.id);
  await ctx.events.invalidate('team', team.id);
  for (const channelId of await ctx.store.channels.listIdsInTeam(team.id)) ctx.caches.invalidate('channel', channelId);
  const next = { ...team, scheme_id: schemeId || null, update_at: now };
  ctx.events.publish(wsEvent(WsEvents.UpdateTeamScheme, { team: JSON.stringify(sanitizeTeam(next, false)) }, {}));
}

/** PUT /channels/{id}/scheme `{scheme_id}` ("" resets): a channel scheme, on a public or private channel. */
export async function updateChannelScheme(ctx: AppContext, actor: Actor, channelId: string, schemeId: string): Promise<void> {
  requireWrite(ctx, actor, 'updateChannelScheme');
  const ch = await ctx.store.channels.get(channelId);
  if (!ch) throw appError('app.channel.get.existing.app_error', 'GetChannel');
  if (ch.type !== 'O' && ch.type !== 'P') throw Errors.invalidUrlParam('channel_id');
  if (schemeId) {
    const s = await schemeOr404(ctx, schemeId);
    if (s.scope !== 'channel') throw appError('api.channel.update_channel_scheme.scheme_scope.error', 'updateChannelScheme');
  }
  await ctx.store.admin.setChannelScheme(ch.id, schemeId || null, Date.now());
  await reloadSchemeIndex(ctx);
  ctx.caches.invalidate('channel', ch.id);
  await ctx.events.invalidate('channel', ch.id);
  ctx.events.publish(wsEvent(WsEvents.ChannelSchemeUpdated, {}, { channelId: ch.id }));
}
