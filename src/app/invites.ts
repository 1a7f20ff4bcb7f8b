// Joining a team by its invite id or by an e-mail invitation token, and sending e-mail invitations.
import { AppError } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import type { Team, TeamMember, UserWithSecrets } from '../model/types.ts';
import type { AppContext } from './context.ts';
import { joinUserToTeam } from './teams.ts';

export const TOKEN_TYPE_TEAM_INVITATION = 'team_invitation';
export const TOKEN_TYPE_GUEST_INVITATION = 'guest_invitation';
/** Mattermost's InvitationExpiryTime: 48 hours. */
export const INVITATION_EXPIRY_MS = 48 * 3600_000;

async function teamOr404(ctx: AppContext, teamId: string): Promise<Team> {
  const t = await ctx.store.teams.get(teamId);
  if (!t || t.delete_at) throw new AppError('getTeam', 'app.team.get.find.app_error', 404);
  return t;
}

/** Joins by e-mail token (single use, 48 h) or by the team's invite id; the token wins when both are given. */
export async function joinUserToTeamFromInvite(
  ctx: AppContext,
  user: UserWithSecrets,
  opts: { token?: string; inviteId?: string; isGuest: boolean },
): Promise<TeamMember> {
  if (opts.token) {
    const token = await ctx.store.tokens.get(opts.token);
    const invalid = () => new AppError('AddUserToTeamByToken', 'api.user.create_user.signup_link_invalid.app_error', 400);
    if (!token) throw invalid();
    if (token.type !== TOKEN_TYPE_TEAM_INVITATION && token.type !== TOKEN_TYPE_GUEST_INVITATION) throw invalid();
    if (Date.now() - token.create_at >= INVITATION_EXPIRY_MS) {
      await ctx.store.tokens.remove(token.token);
      throw new AppError('AddUserToTeamByToken', 'api.user.create_user.signup_link_expired.app_error', 400);
    }
    let extra: { teamId?: string };
    try {
      extra = JSON.parse(token.extra);
    } catch {
      throw invalid();
    }
    const team = await teamOr404(ctx, extra.teamId ?? '');
    if (team.group_constrained) throw new AppError('AddUserToTeamByToken', 'app.team.invite_token.group_constrained.error', 403);
    if ((token.type === TOKEN_TYPE_GUEST_INVITATION) !== opts.isGuest)
      throw new AppError('AddUserToTeamByToken', 'api.user.create_user.invalid_invitation_type.app_error', 400);
    const member = await joinUserToTeam(ctx, team, user);
    await ctx.store.tokens.remove(token.token);
    return member;
  }
  if (opts.inviteId) {
    if (opts.isGuest) throw new AppError('addUserToTeamFromInvite', 'api.team.add_user_to_team_from_invite.guest.app_error', 403);
    const team = await ctx.store.teams.getByInviteId(opts.inviteId);
    if (!team) throw new AppError('AddUserToTeamByInviteId', 'app.team.get_by_invite_id.finding.app_error', 404);
    if (team.group_constrained) throw new AppError('AddUserToTeamByInviteId', 'app.team.invite_id.group_constrained.error', 403);
    return joinUserToTeam(ctx, team, user);
  }
  throw new AppError('addUserToTeamFromInvite', 'api.team.add_user_to_team.missing_parameter.app_error', 400);
}

/** Creates a single-use invitation token for an address on a team. */
export async function createInviteToken(ctx: AppContext, team: Team, email: string): Promise<string> {
  const token = newId() + newId();
  await ctx.store.tokens.save({
    token: token.slice(0, 64),
    create_at: Date.now(),
    type: TOKEN_TYPE_TEAM_INVITATION,
    extra: JSON.stringify({ teamId: team.id, email }),
  });
  return token.slice(0, 64);
}
