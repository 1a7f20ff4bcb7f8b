// Role changes: a user's system roles, a team member's and a channel member's roles (explicit roles plus the scheme
// flags), with Mattermost's validation and events; caches are dropped so the new permissions hold at once.
import { AppError, appError, Errors } from '../model/app-error.ts';
import { isSystemAdmin, isValidRoleName, Permissions, RoleNames, splitRoles } from '../model/roles.ts';
import type { ChannelMember, TeamMember, UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { MemberRoleFlags } from '../store/sql/admin.ts';
import type { Actor } from './actor.ts';
import { requireChannelPermission, requireSystemPermission, requireTeamPermission } from './authz.ts';
import { auditPath, recordAudit } from './audits.ts';
import type { AppContext } from './context.ts';
import { applySlots, channelSlotRoles, teamSlotRoles, type SlotRoles } from './scheme-roles.ts';
import { getUserOr404 } from './users.ts';

/** Mattermost's IsValidUserRoles: valid names, and never `system_admin` alone. */
function isValidUserRoles(roles: string): boolean {
  const names = splitRoles(roles.trim());
  if (!names.every(isValidRoleName)) return false;
  return !(names.length === 1 && names[0] === RoleNames.SYSTEM_ADMIN);
}

/** Every named role exists (CheckRolesExist): 400 naming the missing one. */
function requireRolesExist(ctx: AppContext, names: string[]): void {
  for (const n of names) {
    if (!ctx.roles.get(n) || ctx.roles.get(n)!.delete_at > 0)
      throw appError('app.role.check_roles_exist.role_not_found', 'CheckRolesExist', { detailed: `role=${n}` });
  }
}

/**
 * Sets a user's system roles (no events beyond `user_role_updated`, as Mattermost) and their sessions' roles, so the
 * next request of any of their sessions acts with them.
 */
export async function setUserRoles(ctx: AppContext, user: UserWithSecrets, roles: string): Promise<UserWithSecrets> {
  const next: UserWithSecrets = { ...user, roles, update_at: Date.now() };
  await ctx.store.tx(async (t) => {
    await t.users.update(next);
    await t.sessions.updateRoles(user.id, roles);
  });
  ctx.caches.invalidate('user', user.id);
  await ctx.events.invalidate('user', user.id);
  return next;
}

/** PUT /users/{id}/roles: `manage_roles`; the last system admin keeps the role. */
export async function updateUserRoles(ctx: AppContext, actor: Actor, userId: string, roles: string): Promise<void> {
  if (!isValidUserRoles(roles)) throw Errors.invalidBodyParam('roles');
  requireSystemPermission(ctx, actor, Permissions.MANAGE_ROLES, 'updateUserRoles');
  const user = await getUserOr404(ctx, userId);
  const names = splitRoles(roles);
  requireRolesExist(ctx, names);
  // Only an active admin counts: demoting a deactivated one leaves the active admins as they are.
  if (isSystemAdmin(user.roles) && user.delete_at === 0 && !names.includes(RoleNames.SYSTEM_ADMIN)) {
    const admins = await ctx.store.admin.countUsers({ roles: [RoleNames.SYSTEM_ADMIN] });
    if (admins <= 1) throw appError('app.user.update.lastAdmin.app_error', 'UpdateUserRoles');
  }
  const next = await setUserRoles(ctx, user, names.join(' '));
  ctx.events.publish(wsEvent(WsEvents.UserRoleUpdated, { user_id: next.id, roles: next.roles }, { userId: next.id }));
  await recordAudit(ctx, actor, auditPath(`/users/${userId}/roles`), `user=${userId} roles=${next.roles}`, { userId });
}

/** Splits a members' roles string into explicit roles and scheme flags, against the slots of its team or channel. */
function parseMemberRoles(ctx: AppContext, roles: string, slots: SlotRoles, kind: 'team' | 'channel'): MemberRoleFlags {
  const out: MemberRoleFlags = { roles: '', scheme_admin: false, scheme_user: false, scheme_guest: false };
  const explicit: string[] = [];
  for (const name of splitRoles(roles)) {
    const role = isValidRoleName(name) ? ctx.roles.get(name) : undefined;
    if (!role || role.delete_at > 0)
      throw new AppError('UpdateMemberRoles', 'app.role.get_by_name.app_error', 400, { detailed: `role=${name}` });
    if (!role.scheme_managed) explicit.push(name);
    else if (name === slots.admin) out.scheme_admin = true;
    else if (name === slots.user) out.scheme_user = true;
    else if (name === slots.guest) out.scheme_guest = true;
    else
      throw appError(
        kind === 'team'
          ? 'api.channel.update_team_member_roles.scheme_role.app_error'
          : 'api.channel.update_channel_member_roles.scheme_role.app_error',
        'UpdateMemberRoles',
      );
  }
  out.roles = [...new Set(explicit)].join(' ');
  return out;
}

function checkGuestFlags(prevGuest: boolean, f: MemberRoleFlags, kind: 'team' | 'channel'): void {
  if (f.scheme_guest && f.scheme_user)
    throw appError(
      kind === 'team'
        ? 'api.team.update_team_member_roles.guest_and_user.app_error'
        : 'api.channel.update_channel_member_roles.guest_and_user.app_error',
      'UpdateMemberRoles',
    );
  if (f.scheme_guest !== prevGuest)
    throw appError(
      kind === 'team'
        ? 'api.team.update_team_member_roles.changing_guest_role.app_error'
        : 'api.channel.update_channel_member_roles.changing_guest_role.app_error',
      'UpdateMemberRoles',
    );
}

/** The member as clients see it: `roles` names the team's (or channel's) scheme roles. */
export async function shownTeamMember(ctx: AppContext, m: TeamMember): Promise<TeamMember> {
  return { ...m, roles: applySlots(m.roles, 'team', await teamSlotRoles(ctx, m.team_id)) };
}

export async function shownChannelMember(ctx: AppContext, m: ChannelMember, teamId: string): Promise<ChannelMember> {
  return { ...m, roles: applySlots(m.roles, 'channel', await channelSlotRoles(ctx, m.channel_id, teamId)) };
}

export function shownTeamMembers(ctx: AppContext, ms: TeamMember[]): Promise<TeamMember[]> {
  return Promise.all(ms.map((m) => shownTeamMember(ctx, m)));
}

export function shownChannelMembers(ctx: AppContext, ms: ChannelMember[], teamId: string): Promise<ChannelMember[]> {
  return Promise.all(ms.map((m) => shownChannelMember(ctx, m, teamId)));
}

async function activeTeamMember(ctx: AppContext, teamId: string, userId: string): Promise<TeamMember> {
  const m = await ctx.store.teams.getMember(teamId, userId);
  if (!m || m.delete_at > 0) throw appError('app.team.get_member.missing.app_error', 'GetTeamMember');
  return m;
}

/** Writes a team member's flags and tells the member (`memberrole_updated`). */
async function saveTeamMemberRoles(ctx: AppContext, teamId: string, userId: string, f: MemberRoleFlags): Promise<TeamMember> {
  await ctx.store.admin.setTeamMemberRoles(teamId, userId, f);
  ctx.caches.invalidate('team', teamId);
  await ctx.events.invalidate('team', teamId);
  const member = await shownTeamMember(ctx, (await ctx.store.teams.getMember(teamId, userId))!);
  ctx.events.publish(wsEvent(WsEvents.MemberRoleUpdated, { member: JSON.stringify(member) }, { userId }));
  return member;
}

/** PUT /teams/{tid}/members/{uid}/roles: `manage_team_roles` in the team. */
export async function updateTeamMemberRoles(ctx: AppContext, actor: Actor, teamId: string, userId: string, roles: string): Promise<void> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_TEAM_ROLES, 'updateTeamMemberRoles');
  const m = await activeTeamMember(ctx, teamId, userId);
  const f = parseMemberRoles(ctx, roles, await teamSlotRoles(ctx, teamId), 'team');
  checkGuestFlags(m.scheme_guest, f, 'team');
  await saveTeamMemberRoles(ctx, teamId, userId, f);
  await recordAudit(ctx, actor, auditPath(`/teams/${teamId}/members/${userId}/roles`), `user=${userId} roles=${roles}`, { userId });
}

export interface SchemeRolesInput {
  scheme_admin: boolean;
  scheme_user: boolean;
  scheme_guest: boolean;
}

/** PUT /teams/{tid}/members/{uid}/schemeRoles: the flags as sent; explicit roles kept. */
export async function updateTeamMemberSchemeRoles(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  userId: string,
  s: SchemeRolesInput,
): Promise<void> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_TEAM_ROLES, 'updateTeamMemberSchemeRoles');
  if (s.scheme_guest && s.scheme_user)
    throw appError('api.team.update_team_member_roles.guest_and_user.app_error', 'UpdateTeamMemberSchemeRoles');
  const m = await activeTeamMember(ctx, teamId, userId);
  await saveTeamMemberRoles(ctx, teamId, userId, { roles: m.explicit_roles, ...s });
}

async function channelAndMember(ctx: AppContext, channelId: string, userId: string) {
  const ch = await ctx.store.channels.get(channelId);
  if (!ch) throw appError('app.channel.get.existing.app_error', 'GetChannel');
  const m = await ctx.store.channels.getMember(channelId, userId);
  if (!m) throw appError('app.channel.get_member.missing.app_error', 'GetChannelMember');
  return { ch, m };
}

async function saveChannelMemberRoles(
  ctx: AppContext,
  channelId: string,
  teamId: string,
  userId: string,
  f: MemberRoleFlags,
): Promise<void> {
  await ctx.store.admin.setChannelMemberRoles(channelId, userId, f, Date.now());
  ctx.caches.invalidate('channel', channelId);
  await ctx.events.invalidate('channel', channelId);
  const member = await shownChannelMember(ctx, (await ctx.store.channels.getMember(channelId, userId))!, teamId);
  ctx.events.publish(wsEvent(WsEvents.ChannelMemberUpdated, { channelMember: JSON.stringify(member) }, { userId }));
}

/** PUT /channels/{cid}/members/{uid}/roles: `manage_channel_roles` in the channel. */
export async function updateChannelMemberRoles(
  ctx: AppContext,
  actor: Actor,
  channelId: string,
  userId: string,
  roles: string,
): Promise<void> {
  await requireChannelPermission(ctx, actor, channelId, Permissions.MANAGE_CHANNEL_ROLES, 'updateChannelMemberRoles');
  const { ch, m } = await channelAndMember(ctx, channelId, userId);
  const f = parseMemberRoles(ctx, roles, await channelSlotRoles(ctx, ch.id, ch.team_id), 'channel');
  checkGuestFlags(m.scheme_guest, f, 'channel');
  await saveChannelMemberRoles(ctx, ch.id, ch.team_id, userId, f);
  await recordAudit(ctx, actor, auditPath(`/channels/${channelId}/members/${userId}/roles`), `user=${userId} roles=${roles}`, { userId });
}

/** PUT /channels/{cid}/members/{uid}/schemeRoles. */
export async function updateChannelMemberSchemeRoles(
  ctx: AppContext,
  actor: Actor,
  channelId: string,
  userId: string,
  s: SchemeRolesInput,
): Promise<void> {
  await requireChannelPermission(ctx, actor, channelId, Permissions.MANAGE_CHANNEL_ROLES, 'updateChannelMemberSchemeRoles');
  if (s.scheme_guest && s.scheme_user)
    throw appError('api.channel.update_channel_member_roles.guest_and_user.app_error', 'UpdateChannelMemberSchemeRoles');
  const { ch, m } = await channelAndMember(ctx, channelId, userId);
  await saveChannelMemberRoles(ctx, ch.id, ch.team_id, userId, { roles: m.explicit_roles, ...s });
}
