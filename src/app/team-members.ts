// Team members: list and get them, add and remove one, a user's memberships, and the team's member counts.
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { TeamMember } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { hasTeamPermission, requireSelfOr, requireSystemPermission, requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { getTeamOr404, joinUserToTeam, removeUserFromTeam } from './teams.ts';
import { getUserOr404 } from './users.ts';
import { shownTeamMember, shownTeamMembers } from './member-roles.ts';

/** GET /teams/{id}/stats (view_team): members, and those of them whose accounts are active. */
export async function getTeamStats(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
): Promise<{ team_id: string; total_member_count: number; active_member_count: number }> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'getTeamStats');
  await getTeamOr404(ctx, teamId);
  return {
    team_id: teamId,
    total_member_count: await ctx.store.teams.countMembers(teamId),
    active_member_count: await ctx.store.teams.countMembers(teamId, true),
  };
}

/** GET /teams/{id}/members (view_team): a page of members. */
export async function getTeamMembers(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  q: { page: number; perPage: number },
): Promise<TeamMember[]> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'getTeamMembers');
  return shownTeamMembers(ctx, await ctx.store.teams.listMembers(teamId, { offset: q.page * q.perPage, limit: q.perPage }));
}

/** POST /teams/{id}/members/ids (view_team): the members among these users. */
export async function getTeamMembersByIds(ctx: AppContext, actor: Actor, teamId: string, userIds: string[]): Promise<TeamMember[]> {
  const ids = [...new Set(userIds)];
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'getTeamMembersByIds');
  return shownTeamMembers(ctx, await ctx.store.teams.listMembers(teamId, { offset: 0, limit: ids.length || 1, userIds: ids }));
}

/** GET /teams/{id}/members/{user_id} (view_team). */
export async function getTeamMember(ctx: AppContext, actor: Actor, teamId: string, userId: string): Promise<TeamMember> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'getTeamMember');
  const m = await ctx.store.teams.getMember(teamId, userId);
  if (!m) throw appError('app.team.get_member.missing.app_error', 'GetTeamMember');
  return shownTeamMember(ctx, m);
}

/**
 * POST /teams/{id}/members: joining an open team yourself needs join_public_teams (or add_user_to_team); adding anyone
 * else, or joining any other team, needs add_user_to_team. A body `team_id` must match the path.
 */
export async function addTeamMember(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  body: { user_id: string; team_id?: string | null },
): Promise<TeamMember> {
  if (body.team_id && body.team_id !== teamId) throw Errors.invalidBodyParam('team_id');
  const team = await getTeamOr404(ctx, teamId);
  if (body.user_id === actor.userId && team.allow_open_invite && team.type === 'O') {
    if (!(await hasTeamPermission(ctx, actor, teamId, Permissions.ADD_USER_TO_TEAM)))
      requireSystemPermission(ctx, actor, Permissions.JOIN_PUBLIC_TEAMS, 'addTeamMember');
  } else {
    await requireTeamPermission(ctx, actor, teamId, Permissions.ADD_USER_TO_TEAM, 'addTeamMember');
  }
  return joinUserToTeam(ctx, team, await getUserOr404(ctx, body.user_id));
}

/**
 * DELETE /teams/{id}/members/{user_id}: leaving yourself, or removing another with remove_user_from_team; people (not
 * bots) cannot be removed from a group-constrained team by others.
 */
export async function removeTeamMember(ctx: AppContext, actor: Actor, teamId: string, userId: string): Promise<void> {
  if (userId !== actor.userId) await requireTeamPermission(ctx, actor, teamId, Permissions.REMOVE_USER_FROM_TEAM, 'removeTeamMember');
  const team = await getTeamOr404(ctx, teamId);
  const user = await getUserOr404(ctx, userId);
  if (team.group_constrained && userId !== actor.userId && !user.is_bot)
    throw appError('api.team.remove_member.group_constrained.app_error', 'removeTeamMember');
  await removeUserFromTeam(ctx, team, user, actor.userId);
}

/** GET /users/{id}/teams/members: the user's memberships, for the user or a system admin. */
export async function getTeamMembersForUser(ctx: AppContext, actor: Actor, userId: string): Promise<TeamMember[]> {
  requireSelfOr(ctx, actor, userId, Permissions.MANAGE_SYSTEM, 'getTeamMembersForUser');
  return shownTeamMembers(ctx, await ctx.store.teams.listMembersForUser(userId));
}
