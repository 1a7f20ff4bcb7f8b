// Team administration: soft and permanent deletion, restore, privacy, and adding several members at once.
import { appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { Team, TeamMember } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { addTeamMember } from './team-members.ts';
import { publishTeamUpdated, sanitizeTeam } from './teams.ts';

/** The most members one batch may add (Mattermost's limit for POST /teams/{id}/members/batch). */
export const MAX_BATCH_MEMBERS = 256;

async function teamOr404(ctx: AppContext, teamId: string): Promise<Team> {
  const team = await ctx.store.teams.get(teamId);
  if (!team) throw appError('app.team.get.find.app_error', 'GetTeam');
  return team;
}

/** delete_team / restore_team go to everyone, with the sanitized team as a JSON string (Mattermost's sendTeamEvent). */
function publishTeamEvent(ctx: AppContext, event: string, team: Team): void {
  ctx.events.publish(wsEvent(event, { team: JSON.stringify(sanitizeTeam(team, false)) }, {}));
}

/**
 * DELETE /teams/{id}: `manage_team`; soft (delete_at set) unless `permanent`, which needs
 * ServiceSettings.EnableAPITeamDeletion (401 otherwise) and removes the team, its channels and memberships.
 */
export async function deleteTeam(ctx: AppContext, actor: Actor, teamId: string, permanent: boolean): Promise<void> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_TEAM, 'deleteTeam');
  const team = await teamOr404(ctx, teamId);
  if (permanent) {
    if (!ctx.config().ServiceSettings.EnableAPITeamDeletion)
      throw appError('api.user.delete_team.not_enabled.app_error', 'deleteTeam', { detailed: `teamId=${teamId}` });
    const channelIds = await ctx.store.tx((t) => t.admin.permanentDeleteTeam(team.id));
    for (const id of channelIds) {
      ctx.caches.invalidate('channel', id);
      await ctx.events.invalidate('channel', id);
    }
  } else {
    const now = Date.now();
    await ctx.store.admin.setTeamDeleteAt(team.id, now, now);
    team.delete_at = now;
    team.update_at = now;
  }
  ctx.caches.invalidate('team', team.id);
  await ctx.events.invalidate('team', team.id);
  publishTeamEvent(ctx, WsEvents.DeleteTeam, team);
}

/** POST /teams/{id}/restore: `manage_team`; the team with delete_at 0. */
export async function restoreTeam(ctx: AppContext, actor: Actor, teamId: string): Promise<Team> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_TEAM, 'restoreTeam');
  const team = await teamOr404(ctx, teamId);
  const now = Date.now();
  await ctx.store.admin.setTeamDeleteAt(team.id, 0, now);
  const next = { ...team, delete_at: 0, update_at: now };
  ctx.caches.invalidate('team', team.id);
  await ctx.events.invalidate('team', team.id);
  publishTeamEvent(ctx, WsEvents.RestoreTeam, next);
  return next;
}

/**
 * PUT /teams/{id}/privacy `{privacy: "O" | "I"}`: `manage_team`; open teams allow open invites, invite-only ones do not
 * and get a new invite id (the old link stops working); `update_team` after.
 */
export async function updateTeamPrivacy(ctx: AppContext, actor: Actor, teamId: string, privacy: string): Promise<Team> {
  if (privacy !== 'O' && privacy !== 'I') throw Errors.invalidBodyParam('privacy');
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_TEAM, 'updateTeamPrivacy');
  const team = await teamOr404(ctx, teamId);
  const next: Team = { ...team, type: privacy, allow_open_invite: privacy === 'O', update_at: Date.now() };
  if (privacy === 'I') next.invite_id = newId();
  await ctx.store.teams.update(next);
  publishTeamUpdated(ctx, next);
  return next;
}

/** One result of a graceful batch: the member, or the error that kept the user out. */
export interface BatchResult {
  member?: TeamMember;
  user_id: string;
  error?: { id: string; message: string; status_code: number };
}

/**
 * POST /teams/{id}/members/batch: 1–256 `{team_id, user_id}` (the team of the path); each is added as POST
 * /teams/{id}/members would. Without `graceful` the first refusal ends the batch; with it, each result is reported.
 */
export async function addTeamMembers(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  members: Array<{ team_id?: string | null; user_id?: string | null }>,
  graceful: boolean,
): Promise<TeamMember[] | BatchResult[]> {
  if (members.length === 0 || members.length > MAX_BATCH_MEMBERS) throw Errors.invalidBodyParam('members');
  for (const m of members) {
    if (typeof m.user_id !== 'string' || !/^[a-z0-9]{26}$/.test(m.user_id)) throw Errors.invalidBodyParam('user_id');
    if (m.team_id && m.team_id !== teamId) throw Errors.invalidBodyParam('team_id');
  }
  await requireTeamPermission(ctx, actor, teamId, Permissions.ADD_USER_TO_TEAM, 'addTeamMembers');
  if (!graceful) {
    const out: TeamMember[] = [];
    for (const m of members) out.push(await addTeamMember(ctx, actor, teamId, { user_id: m.user_id!, team_id: teamId }));
    return out;
  }
  const results: BatchResult[] = [];
  for (const m of members) {
    try {
      results.push({ member: await addTeamMember(ctx, actor, teamId, { user_id: m.user_id!, team_id: teamId }), user_id: m.user_id! });
    } catch (err) {
      const e = err as { id?: string; message?: string; statusCode?: number };
      if (!e.id) throw err;
      results.push({ user_id: m.user_id!, error: { id: e.id, message: e.message ?? '', status_code: e.statusCode ?? 500 } });
    }
  }
  return results;
}
