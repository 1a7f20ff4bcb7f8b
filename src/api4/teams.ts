// /api/v4/teams: teams, their members, stats and invite ids.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Team } from '../model/types.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { hasSystemPermission, hasTeamPermission, requireSystemPermission, requireTeamPermission } from '../app/authz.ts';
import {
  createTeam,
  getTeamOr404,
  joinUserToTeam,
  patchTeam,
  regenerateInviteId,
  removeUserFromTeam,
  sanitizeTeam,
  type NewTeam,
  type TeamPatch,
} from '../app/teams.ts';
import { getUserOr404 } from '../app/users.ts';
import { idList, OK, paging, legacyRoute, str, type LegacyCtx as Ctx } from './context.ts';

export function teamsRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'POST', '/teams', 'session', createTeamHandler);
  legacyRoute(f, app, ctx, 'GET', '/teams', 'session', getAllTeams);
  legacyRoute(f, app, ctx, 'POST', '/teams/search', 'session', searchTeams);
  legacyRoute(f, app, ctx, 'GET', '/teams/name/:team_name', 'session', getTeamByName);
  legacyRoute(f, app, ctx, 'GET', '/teams/name/:team_name/exists', 'session', teamExists);
  legacyRoute(f, app, ctx, 'GET', '/teams/:team_id', 'session', getTeam);
  legacyRoute(f, app, ctx, 'PUT', '/teams/:team_id/patch', 'session', patchTeamHandler);
  legacyRoute(f, app, ctx, 'PUT', '/teams/:team_id', 'session', updateTeamHandler);
  legacyRoute(f, app, ctx, 'POST', '/teams/:team_id/regenerate_invite_id', 'session', regenerateInviteIdHandler);
  legacyRoute(f, app, ctx, 'GET', '/teams/:team_id/stats', 'session', getTeamStats);
  legacyRoute(f, app, ctx, 'GET', '/teams/:team_id/members', 'session', getTeamMembers);
  legacyRoute(f, app, ctx, 'POST', '/teams/:team_id/members', 'session', addTeamMember);
  legacyRoute(f, app, ctx, 'POST', '/teams/:team_id/members/ids', 'session', getTeamMembersByIds);
  legacyRoute(f, app, ctx, 'GET', '/teams/:team_id/members/:user_id', 'session', getTeamMember);
  legacyRoute(f, app, ctx, 'DELETE', '/teams/:team_id/members/:user_id', 'session', removeTeamMember);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/teams', 'session', getTeamsForUser);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/teams/members', 'session', getTeamMembersForUser);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/teams/:team_id/members', 'session', getTeamMember);
}

async function canManageTeam(c: Ctx, teamId: string): Promise<boolean> {
  return hasTeamPermission(c.app, c.actor, teamId, Permissions.MANAGE_TEAM);
}

async function shown(c: Ctx, team: Team): Promise<Team> {
  return sanitizeTeam(team, await canManageTeam(c, team.id));
}

/** A team the session may view: members and system admins see any; others see open teams only. */
async function viewableTeam(c: Ctx, team: Team | undefined): Promise<Team> {
  if (!team) throw appError('app.team.get.find.app_error', 'GetTeam');
  if (!(await hasTeamPermission(c.app, c.actor, team.id, Permissions.VIEW_TEAM))) {
    if (!(team.allow_open_invite && team.type === 'O' && hasSystemPermission(c.app, c.actor, Permissions.LIST_PUBLIC_TEAMS)))
      throw Errors.forbidden('getTeam', c.session.user_id, Permissions.VIEW_TEAM);
  }
  return shown(c, team);
}

async function createTeamHandler(c: Ctx) {
  const body = c.body<NewTeam>();
  for (const k of ['name', 'display_name'] as const) str(body as unknown as Record<string, unknown>, k);
  if (!c.app.config().TeamSettings.EnableTeamCreation && !hasSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM))
    throw appError('api.team.is_team_creation_allowed.disabled.app_error', 'createTeam');
  requireSystemPermission(c.app, c.actor, Permissions.CREATE_TEAM, 'createTeam');
  const creator = await getUserOr404(c.app, c.session.user_id);
  const team = await createTeam(c.app, body, creator);
  c.status(201);
  return team;
}

async function getAllTeams(c: Ctx) {
  const { page, perPage } = paging(c);
  const all = hasSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM);
  const openOnly = !all;
  if (openOnly && !hasSystemPermission(c.app, c.actor, Permissions.LIST_PUBLIC_TEAMS)) return [];
  const teams = await c.app.store.teams.list({ offset: page * perPage, limit: perPage, openOnly });
  const out = await Promise.all(teams.map((t) => shown(c, t)));
  if (c.query('include_total_count') === 'true') return { teams: out, total_count: await c.app.store.teams.count({ openOnly }) };
  return out;
}

async function searchTeams(c: Ctx) {
  const term = str(c.body(), 'term');
  const all = hasSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM);
  const teams = await c.app.store.teams.search(term, { openOnly: !all });
  return Promise.all(teams.map((t) => shown(c, t)));
}

async function getTeam(c: Ctx) {
  return viewableTeam(c, await c.app.store.teams.get(c.id('team_id')));
}

async function getTeamByName(c: Ctx) {
  const team = await c.app.store.teams.getByName(c.param('team_name'));
  if (!team) throw appError('app.team.get_by_name.missing.app_error', 'GetTeamByName');
  return viewableTeam(c, team);
}

async function teamExists(c: Ctx) {
  const team = await c.app.store.teams.getByName(c.param('team_name'));
  return {
    exists:
      !!team &&
      ((await hasTeamPermission(c.app, c.actor, team.id, Permissions.VIEW_TEAM)) || (team.allow_open_invite && team.type === 'O')),
  };
}

async function patchTeamHandler(c: Ctx) {
  const teamId = c.id('team_id');
  const patch = c.body<TeamPatch>();
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.MANAGE_TEAM, 'patchTeam');
  const team = await getTeamOr404(c.app, teamId);
  delete patch.invite_id;
  return patchTeam(c.app, team, patch);
}

async function updateTeamHandler(c: Ctx) {
  const teamId = c.id('team_id');
  const body = c.body<TeamPatch & { id?: string }>();
  if (body.id !== teamId) throw Errors.invalidBodyParam('id');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.MANAGE_TEAM, 'updateTeam');
  const team = await getTeamOr404(c.app, teamId);
  delete body.invite_id;
  return patchTeam(c.app, team, body);
}

async function regenerateInviteIdHandler(c: Ctx) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.MANAGE_TEAM, 'regenerateTeamInviteId');
  return regenerateInviteId(c.app, await getTeamOr404(c.app, teamId));
}

async function getTeamStats(c: Ctx) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'getTeamStats');
  await getTeamOr404(c.app, teamId);
  return {
    team_id: teamId,
    total_member_count: await c.app.store.teams.countMembers(teamId),
    active_member_count: await c.app.store.teams.countMembers(teamId, true),
  };
}

async function getTeamMembers(c: Ctx) {
  const teamId = c.id('team_id');
  const { page, perPage } = paging(c);
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'getTeamMembers');
  return c.app.store.teams.listMembers(teamId, { offset: page * perPage, limit: perPage });
}

async function getTeamMembersByIds(c: Ctx) {
  const teamId = c.id('team_id');
  const ids = idList(c.req.body, 'user_ids');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'getTeamMembersByIds');
  return c.app.store.teams.listMembers(teamId, { offset: 0, limit: ids.length || 1, userIds: ids });
}

async function getTeamMember(c: Ctx) {
  const teamId = c.id('team_id');
  const userId = c.id('user_id');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'getTeamMember');
  const m = await c.app.store.teams.getMember(teamId, userId);
  if (!m) throw appError('app.team.get_member.missing.app_error', 'GetTeamMember');
  return m;
}

async function addTeamMember(c: Ctx) {
  const teamId = c.id('team_id');
  const body = c.body<Record<string, unknown>>();
  const userId = str(body, 'user_id');
  if (str(body, 'team_id', false) && body.team_id !== teamId) throw Errors.invalidBodyParam('team_id');
  const team = await getTeamOr404(c.app, teamId);
  // Joining an open team yourself needs join_public_teams; adding anyone else needs add_user_to_team.
  if (userId === c.session.user_id && team.allow_open_invite && team.type === 'O') {
    if (!(await hasTeamPermission(c.app, c.actor, teamId, Permissions.ADD_USER_TO_TEAM)))
      requireSystemPermission(c.app, c.actor, Permissions.JOIN_PUBLIC_TEAMS, 'addTeamMember');
  } else {
    await requireTeamPermission(c.app, c.actor, teamId, Permissions.ADD_USER_TO_TEAM, 'addTeamMember');
  }
  const user = await getUserOr404(c.app, userId);
  const member = await joinUserToTeam(c.app, team, user);
  c.status(201);
  return member;
}

async function removeTeamMember(c: Ctx) {
  const teamId = c.id('team_id');
  const userId = c.id('user_id');
  if (userId !== c.session.user_id)
    await requireTeamPermission(c.app, c.actor, teamId, Permissions.REMOVE_USER_FROM_TEAM, 'removeTeamMember');
  const team = await getTeamOr404(c.app, teamId);
  const user = await getUserOr404(c.app, userId);
  if (team.group_constrained && userId !== c.session.user_id && !user.is_bot)
    throw appError('api.team.remove_member.group_constrained.app_error', 'removeTeamMember');
  await removeUserFromTeam(c.app, team, user, c.session.user_id);
  return OK;
}

async function getTeamsForUser(c: Ctx) {
  const userId = c.id('user_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'getTeamsForUser');
  const teams = await c.app.store.teams.listForUser(userId);
  return Promise.all(teams.map((t) => shown(c, t)));
}

async function getTeamMembersForUser(c: Ctx) {
  const userId = c.id('user_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'getTeamMembersForUser');
  return c.app.store.teams.listMembersForUser(userId);
}
