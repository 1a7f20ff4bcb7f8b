// /api/v4/teams invitations: joining from an invite (token or invite id), e-mail invitations, invite page info.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { errorJson, OK, route, type Ctx } from './context.ts';
import { Q } from './schemas.ts';

const InviteQuery = Type.Object({ token: Q(), invite_id: Q() });
/** A JSON array of addresses, or Mattermost's MemberInvite object `{"emails": [...]}`; never empty. */
const EmailList = Type.Array(Type.String(), { minItems: 1 });
const EmailInviteBody = Type.Union([EmailList, Type.Object({ emails: EmailList })], { param: 'user_email' });
const EmailInviteQuery = Type.Object({ graceful: Q() });

export function teamsInviteRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/teams/members/invite', { auth: 'session', query: InviteQuery }, addUserToTeamFromInvite);
  route(f, app, 'GET', '/teams/invite/:invite_id', { auth: 'none' }, getInviteInfo);
  route(
    f,
    app,
    'POST',
    '/teams/:team_id/invite/email',
    { auth: 'session', body: EmailInviteBody, query: EmailInviteQuery },
    inviteUsersToTeam,
  );
  route(f, app, 'DELETE', '/teams/invites/email', { auth: 'session' }, invalidateAllEmailInvites);
}

/** `?token=` (e-mail invitation) or `?invite_id=` (shareable link); empty values count as absent, the token wins. */
async function addUserToTeamFromInvite(c: Ctx<undefined, Static<typeof InviteQuery>>) {
  const member = await c.app.invites.addUserToTeamFromInvite(c.actor, { token: c.query.token ?? '', inviteId: c.query.invite_id ?? '' });
  c.status(201);
  return member;
}

async function getInviteInfo(c: Ctx) {
  return c.app.invites.getInviteInfo(c.param('invite_id'));
}

/** `?graceful=` (any value) answers one result per address instead of failing the whole request. */
async function inviteUsersToTeam(c: Ctx<Static<typeof EmailInviteBody>, Static<typeof EmailInviteQuery>>) {
  const emails = Array.isArray(c.body) ? c.body : c.body.emails;
  const graceful = (c.query.graceful ?? '') !== '';
  const results = await c.app.invites.inviteUsersToTeam(c.actor, c.id('team_id'), emails, { graceful });
  if (!graceful) return OK;
  return results.map((r) => ({ email: r.email, error: r.error ? errorJson(c.app, c.req, r.error) : null }));
}

async function invalidateAllEmailInvites(c: Ctx) {
  await c.app.invites.invalidateAllEmailInvites(c.actor);
  return OK;
}
