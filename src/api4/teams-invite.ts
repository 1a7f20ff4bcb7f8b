// /api/v4/teams invitations: joining from an invite (token or invite id), e-mail invitations, invite page info.
import type { FastifyInstance } from 'fastify';
import { Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { hasTeamPermission, requireSystemPermission, requireTeamPermission } from '../app/authz.ts';
import { getTeamOr404 } from '../app/teams.ts';
import { getUserOr404 } from '../app/users.ts';
import { getInviteInfo, invalidateAllEmailInvites, inviteUsersToTeam, joinUserToTeamFromInvite } from '../app/invites.ts';
import { OK, legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function teamsInviteRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'POST', '/teams/members/invite', 'session', addUserToTeamFromInvite);
  legacyRoute(f, app, ctx, 'GET', '/teams/invite/:invite_id', 'none', getInviteInfoHandler);
  legacyRoute(f, app, ctx, 'POST', '/teams/:team_id/invite/email', 'session', inviteUsersToTeamHandler);
  legacyRoute(f, app, ctx, 'DELETE', '/teams/invites/email', 'session', invalidateAllEmailInvitesHandler);
}

/** `?token=` (e-mail invitation) or `?invite_id=` (shareable link); empty values count as absent, the token wins. */
async function addUserToTeamFromInvite(c: Ctx) {
  const token = c.query('token') ?? '';
  const inviteId = c.query('invite_id') ?? '';
  const user = await getUserOr404(c.app, c.session.user_id);
  const member = await joinUserToTeamFromInvite(c.app, user, { token, inviteId, isGuest: c.session.props.is_guest === 'true' });
  c.status(201);
  return member;
}

async function getInviteInfoHandler(c: Ctx) {
  return getInviteInfo(c.app, c.param('invite_id'));
}

/** Body: a JSON array of addresses, or Mattermost's MemberInvite object `{"emails": [...]}`. */
function emailList(body: unknown): string[] {
  const list = Array.isArray(body) ? body : body && typeof body === 'object' ? (body as { emails?: unknown }).emails : undefined;
  if (!Array.isArray(list) || !list.every((e) => typeof e === 'string')) throw Errors.invalidBodyParam('user_email');
  if (!list.length) throw Errors.invalidBodyParam('user_email');
  return list as string[];
}

async function inviteUsersToTeamHandler(c: Ctx) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.INVITE_USER, 'inviteUsersToTeam');
  // Mattermost reports a missing add_user_to_team as the invite_user permission.
  if (!(await hasTeamPermission(c.app, c.actor, teamId, Permissions.ADD_USER_TO_TEAM)))
    throw Errors.forbidden('inviteUsersToTeam', c.session.user_id, Permissions.INVITE_USER);
  const emails = emailList(c.req.body);
  const graceful = (c.query('graceful') ?? '') !== '';
  const team = await getTeamOr404(c.app, teamId);
  const sender = await getUserOr404(c.app, c.session.user_id);
  const results = await inviteUsersToTeam(c.app, team, sender, emails, { graceful });
  if (!graceful) return OK;
  const withDetails = c.app.config().ServiceSettings.EnableDeveloper;
  return results.map((r) => ({ email: r.email, error: r.error ? r.error.toJSON(c.requestId, withDetails) : null }));
}

async function invalidateAllEmailInvitesHandler(c: Ctx) {
  requireSystemPermission(c.app, c.actor, Permissions.INVALIDATE_EMAIL_INVITE, 'invalidateAllEmailInvites');
  await invalidateAllEmailInvites(c.app);
  return OK;
}
