// /api/v4/teams: teams, their members, stats and invite ids.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, pageOf, route, type Ctx } from './context.ts';
import { IdList, OptBool, OptStr, PagingQuery, Q } from './schemas.ts';

/** The team fields a client may send, in the order Mattermost checks them; null means "not given". */
const teamFields = {
  type: OptStr(),
  description: OptStr(),
  company_name: OptStr(),
  allowed_domains: OptStr(),
  email: OptStr(),
  allow_open_invite: OptBool(),
};
const NewTeamBody = Type.Object({ name: Type.String(), display_name: Type.String(), ...teamFields });
/** `name` and `email` are checked but never changed; an `invite_id` is ignored. */
const TeamPatchBody = Type.Object({ name: OptStr(), display_name: OptStr(), ...teamFields });
const TeamUpdateBody = Type.Object({ id: OptStr(), name: OptStr(), display_name: OptStr(), ...teamFields });
const AllTeamsQuery = Type.Object({ ...PagingQuery, include_total_count: Q(), include_deleted: Q() });
const SearchBody = Type.Object({ term: Type.String() });
const NewMemberBody = Type.Object({ user_id: Type.String(), team_id: OptStr() });
const UserIds = IdList('user_ids');
const MembersQuery = Type.Object(PagingQuery);

export function teamsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/teams', { auth: 'session', body: NewTeamBody }, createTeam);
  route(f, app, 'GET', '/teams', { auth: 'session', query: AllTeamsQuery }, getAllTeams);
  route(f, app, 'POST', '/teams/search', { auth: 'session', body: SearchBody }, searchTeams);
  route(f, app, 'GET', '/teams/name/:team_name', { auth: 'session' }, getTeamByName);
  route(f, app, 'GET', '/teams/name/:team_name/exists', { auth: 'session' }, teamExists);
  route(f, app, 'GET', '/teams/:team_id', { auth: 'session' }, getTeam);
  route(f, app, 'PUT', '/teams/:team_id/patch', { auth: 'session', body: TeamPatchBody }, patchTeam);
  route(f, app, 'PUT', '/teams/:team_id', { auth: 'session', body: TeamUpdateBody }, updateTeam);
  route(f, app, 'POST', '/teams/:team_id/regenerate_invite_id', { auth: 'session' }, regenerateTeamInviteId);
  route(f, app, 'GET', '/teams/:team_id/stats', { auth: 'session' }, getTeamStats);
  route(f, app, 'GET', '/teams/:team_id/members', { auth: 'session', query: MembersQuery }, getTeamMembers);
  route(f, app, 'POST', '/teams/:team_id/members', { auth: 'session', body: NewMemberBody }, addTeamMember);
  route(f, app, 'POST', '/teams/:team_id/members/ids', { auth: 'session', body: UserIds }, getTeamMembersByIds);
  route(f, app, 'GET', '/teams/:team_id/members/:user_id', { auth: 'session' }, getTeamMember);
  route(f, app, 'DELETE', '/teams/:team_id/members/:user_id', { auth: 'session' }, removeTeamMember);
  route(f, app, 'GET', '/users/:user_id/teams', { auth: 'session' }, getTeamsForUser);
  route(f, app, 'GET', '/users/:user_id/teams/members', { auth: 'session' }, getTeamMembersForUser);
  route(f, app, 'GET', '/users/:user_id/teams/:team_id/members', { auth: 'session' }, getTeamMember);
}

async function createTeam(c: Ctx<Static<typeof NewTeamBody>>) {
  const team = await c.app.teams.createTeam(c.actor, c.body);
  c.status(201);
  return team;
}

async function getAllTeams(c: Ctx<undefined, Static<typeof AllTeamsQuery>>) {
  return c.app.teams.getAllTeams(c.actor, {
    ...pageOf(c.query),
    includeTotalCount: c.query.include_total_count === 'true',
    includeDeleted: c.query.include_deleted === 'true',
  });
}

async function searchTeams(c: Ctx<Static<typeof SearchBody>>) {
  return c.app.teams.searchTeams(c.actor, c.body.term);
}

async function getTeam(c: Ctx) {
  return c.app.teams.getTeam(c.actor, c.id('team_id'));
}

async function getTeamByName(c: Ctx) {
  return c.app.teams.getTeamByName(c.actor, c.param('team_name'));
}

async function teamExists(c: Ctx) {
  return c.app.teams.teamExists(c.actor, c.param('team_name'));
}

async function patchTeam(c: Ctx<Static<typeof TeamPatchBody>>) {
  return c.app.teams.patchTeam(c.actor, c.id('team_id'), c.body);
}

async function updateTeam(c: Ctx<Static<typeof TeamUpdateBody>>) {
  return c.app.teams.updateTeam(c.actor, c.id('team_id'), c.body);
}

async function regenerateTeamInviteId(c: Ctx) {
  return c.app.teams.regenerateTeamInviteId(c.actor, c.id('team_id'));
}

async function getTeamStats(c: Ctx) {
  return c.app.teamMembers.getTeamStats(c.actor, c.id('team_id'));
}

async function getTeamMembers(c: Ctx<undefined, Static<typeof MembersQuery>>) {
  return c.app.teamMembers.getTeamMembers(c.actor, c.id('team_id'), pageOf(c.query));
}

async function getTeamMembersByIds(c: Ctx<string[]>) {
  return c.app.teamMembers.getTeamMembersByIds(c.actor, c.id('team_id'), c.body);
}

async function getTeamMember(c: Ctx) {
  return c.app.teamMembers.getTeamMember(c.actor, c.id('team_id'), c.id('user_id'));
}

async function addTeamMember(c: Ctx<Static<typeof NewMemberBody>>) {
  const member = await c.app.teamMembers.addTeamMember(c.actor, c.id('team_id'), c.body);
  c.status(201);
  return member;
}

async function removeTeamMember(c: Ctx) {
  await c.app.teamMembers.removeTeamMember(c.actor, c.id('team_id'), c.id('user_id'));
  return OK;
}

async function getTeamsForUser(c: Ctx) {
  return c.app.teams.getTeamsForUser(c.actor, c.id('user_id'));
}

async function getTeamMembersForUser(c: Ctx) {
  return c.app.teamMembers.getTeamMembersForUser(c.actor, c.id('user_id'));
}
