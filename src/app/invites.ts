// Joining a team by its invite id or by an e-mail invitation token, and sending e-mail invitations.
import { AppError, appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import type { Team, TeamMember, UserWithSecrets } from '../model/types.ts';
import { Permissions } from '../model/roles.ts';
import type { Actor } from './actor.ts';
import { hasTeamPermission, requireSystemPermission, requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { getTeamOr404, joinUserToTeam } from './teams.ts';
import { getUserOr404 } from './users.ts';
import { inviteSendFailedErrorId, MailError } from './mail/mailer.ts';
import { escapeHtml, inviteEmail } from './mail/templates.ts';
import { personLocale, type Locale } from '../i18n/locales.ts';

export const TOKEN_TYPE_TEAM_INVITATION = 'team_invitation';
export const TOKEN_TYPE_GUEST_INVITATION = 'guest_invitation';
/** Mattermost's InvitationExpiryTime: 48 hours. */
export const INVITATION_EXPIRY_MS = 48 * 3600_000;

async function teamOr404(ctx: AppContext, teamId: string): Promise<Team> {
  const t = await ctx.store.teams.get(teamId);
  if (!t || t.delete_at) throw appError('app.team.get.find.app_error', 'getTeam');
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
    const invalid = () => appError('api.user.create_user.signup_link_invalid.app_error', 'AddUserToTeamByToken');
    if (!token) throw invalid();
    if (token.type !== TOKEN_TYPE_TEAM_INVITATION && token.type !== TOKEN_TYPE_GUEST_INVITATION) throw invalid();
    if (Date.now() - token.create_at >= INVITATION_EXPIRY_MS) {
      await ctx.store.tokens.remove(token.token);
      throw appError('api.user.create_user.signup_link_expired.app_error', 'AddUserToTeamByToken');
    }
    let extra: { teamId?: string };
    try {
      extra = JSON.parse(token.extra);
    } catch {
      throw invalid();
    }
    const team = await teamOr404(ctx, extra.teamId ?? '');
    if (team.group_constrained) throw appError('app.team.invite_token.group_constrained.error', 'AddUserToTeamByToken');
    if ((token.type === TOKEN_TYPE_GUEST_INVITATION) !== opts.isGuest)
      throw appError('api.user.create_user.invalid_invitation_type.app_error', 'AddUserToTeamByToken');
    const member = await joinUserToTeam(ctx, team, user);
    await ctx.store.tokens.remove(token.token);
    return member;
  }
  if (opts.inviteId) {
    if (opts.isGuest) throw appError('api.team.add_user_to_team_from_invite.guest.app_error', 'addUserToTeamFromInvite');
    const team = await ctx.store.teams.getByInviteId(opts.inviteId);
    if (!team) throw appError('app.team.get_by_invite_id.finding.app_error', 'AddUserToTeamByInviteId');
    if (team.group_constrained) throw appError('app.team.invite_id.group_constrained.error', 'AddUserToTeamByInviteId');
    return joinUserToTeam(ctx, team, user);
  }
  throw appError('api.team.add_user_to_team.missing_parameter.app_error', 'addUserToTeamFromInvite');
}

/** POST /teams/members/invite: the actor joins by an e-mail token or an invite id (see joinUserToTeamFromInvite). */
export async function addUserToTeamFromInvite(
  ctx: AppContext,
  actor: Actor,
  invite: { token: string; inviteId: string },
): Promise<TeamMember> {
  const user = await getUserOr404(ctx, actor.userId);
  return joinUserToTeamFromInvite(ctx, user, { ...invite, isGuest: actor.session?.props.is_guest === 'true' });
}

/** Creates a single-use invitation token (a team invitation unless `type` and `extra` say otherwise). */
export async function createInviteToken(
  ctx: AppContext,
  team: Team,
  email: string,
  opts: { type?: string; extra?: Record<string, string> } = {},
): Promise<string> {
  const token = newId() + newId();
  await ctx.store.tokens.save({
    token: token.slice(0, 64),
    create_at: Date.now(),
    type: opts.type ?? TOKEN_TYPE_TEAM_INVITATION,
    extra: JSON.stringify(opts.extra ?? { teamId: team.id, email }),
  });
  return token.slice(0, 64);
}

/** One address of a graceful invitation: `error` is null when the invitation went out (Mattermost's EmailInviteWithError). */
export interface EmailInviteResult {
  email: string;
  error: AppError | null;
}

/** The sender's name as TeamSettings.TeammateNameDisplay shows it (username, full_name, nickname_full_name). */
export function displayNameOf(user: UserWithSecrets, format: string): string {
  const full = [user.first_name, user.last_name].filter(Boolean).join(' ');
  if (format === 'nickname_full_name') return user.nickname || full || user.username;
  if (format === 'full_name') return full || user.username;
  return user.username;
}

/**
 * Mattermost's allowed-domain rule for invitations: the team's allowed_domains and, unless the sender is a system admin,
 * TeamSettings.RestrictCreationToDomains; each non-empty list must contain the address's domain.
 */
export function isEmailAllowedForTeam(ctx: AppContext, team: Team, sender: UserWithSecrets, email: string): boolean {
  const lists = [team.allowed_domains];
  if (!sender.roles.split(' ').includes('system_admin')) lists.push(ctx.config().TeamSettings.RestrictCreationToDomains);
  const lower = email.toLowerCase();
  for (const list of lists) {
    const domains = list
      .split(/[\s,]+/)
      .map((d) => d.trim().replace(/^@/, '').toLowerCase())
      .filter(Boolean);
    if (domains.length && !domains.some((d) => lower.endsWith('@' + d))) return false;
  }
  return true;
}

function invitationsEnabled(ctx: AppContext): boolean {
  return ctx.config().ServiceSettings.EnableEmailInvitations;
}

/** An invitation's language: the invitee's own when the address has an account, else the inviter's, else DefaultServerLocale. */
async function inviteeLocale(ctx: AppContext, sender: UserWithSecrets, email: string): Promise<Locale> {
  const fallback = ctx.config().LocalizationSettings.DefaultServerLocale;
  const existing = await ctx.store.users.getByEmail(email.toLowerCase());
  return personLocale(existing?.locale || sender.locale, fallback);
}

/**
 * Creates the token and sends one invitation; the token is dropped again when the mail could not be sent. A guest
 * invitation passes its token type and contents and the sender's personal `note`.
 */
export async function sendOneInvite(
  ctx: AppContext,
  team: Team,
  sender: UserWithSecrets,
  email: string,
  opts: { type?: string; extra?: Record<string, string>; note?: string } = {},
): Promise<void> {
  const token = await createInviteToken(ctx, team, email, opts);
  const cfg = ctx.config();
  const mail = inviteEmail({
    siteURL: ctx.siteURL(),
    siteName: cfg.TeamSettings.SiteName,
    teamDisplayName: team.display_name,
    teamName: team.name,
    senderName: displayNameOf(sender, cfg.TeamSettings.TeammateNameDisplay),
    token,
    email,
    startedByRole: sender.roles.split(' ').includes('system_admin') ? 'sa' : 'su',
    locale: await inviteeLocale(ctx, sender, email),
  });
  const note = opts.note?.trim();
  if (note) {
    mail.text = `${note}\n\n${mail.text}`;
    mail.html = mail.html.replace(/(<body[^>]*>)/, `$1<p>${escapeHtml(note)}</p>`);
  }
  try {
    await ctx.mailer.send({ to: email, ...mail });
  } catch (err) {
    await ctx.store.tokens.remove(token);
    throw err;
  }
}

/**
 * POST /teams/{id}/invite/email, with invite_user and add_user_to_team in the team (a missing add_user_to_team is
 * reported as invite_user, as Mattermost does). Strict mode: any address outside the allowed domains refuses the whole
 * request (400) and send failures are only logged. Graceful mode: one result per address, refusals and failed sends
 * as errors.
 */
export async function inviteUsersToTeam(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  emails: string[],
  opts: { graceful: boolean },
): Promise<EmailInviteResult[]> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.INVITE_USER, 'inviteUsersToTeam');
  if (!(await hasTeamPermission(ctx, actor, teamId, Permissions.ADD_USER_TO_TEAM)))
    throw Errors.forbidden('inviteUsersToTeam', actor.userId, Permissions.INVITE_USER);
  const team = await getTeamOr404(ctx, teamId);
  const sender = await getUserOr404(ctx, actor.userId);
  return inviteNewUsersToTeam(ctx, team, sender, emails, opts);
}

async function inviteNewUsersToTeam(
  ctx: AppContext,
  team: Team,
  sender: UserWithSecrets,
  emails: string[],
  opts: { graceful: boolean },
): Promise<EmailInviteResult[]> {
  if (!invitationsEnabled(ctx)) throw appError('api.team.invite_members.disabled.app_error', 'InviteNewUsersToTeam');
  if (!emails.length) throw appError('api.team.invite_members.no_one.app_error', 'InviteNewUsersToTeam');
  const list = emails.map((e) => e.trim().toLowerCase());
  const refused = list.filter((e) => !isEmailAllowedForTeam(ctx, team, sender, e));
  if (!opts.graceful && refused.length)
    throw appError('api.team.invite_members.invalid_email.app_error', 'InviteNewUsersToTeam', {
      params: { Addresses: refused.join(', ') },
    });
  return sendEach(ctx, list, refused, (email) => sendOneInvite(ctx, team, sender, email), 'InviteNewUsersToTeam');
}

/**
 * One result per address: refused ones (outside the allowed domains) as errors, the others sent by `send`; a mail that
 * could not go out is logged and reported with Mattermost's send-failure id (anything else thrown ends the request).
 */
export async function sendEach(
  ctx: AppContext,
  emails: string[],
  refused: string[],
  send: (email: string) => Promise<void>,
  where: string,
): Promise<EmailInviteResult[]> {
  const results: EmailInviteResult[] = [];
  for (const email of emails) {
    if (refused.includes(email)) {
      results.push({ email, error: appError('api.team.invite_members.invalid_email.app_error', where, { params: { Addresses: email } }) });
      continue;
    }
    try {
      await send(email);
      results.push({ email, error: null });
    } catch (err) {
      if (!(err instanceof MailError)) throw err;
      ctx.log.warn({ err: err.message, reason: err.reason }, 'invitation e-mail not sent');
      const id = inviteSendFailedErrorId(ctx.config().EmailSettings);
      results.push({ email, error: appError(id, 'SendInviteEmails', { detailed: err.message }) });
    }
  }
  return results;
}

/** DELETE /teams/invites/email (invalidate_email_invite): every pending team and guest invitation token stops working. */
export async function invalidateAllEmailInvites(ctx: AppContext, actor: Actor): Promise<number> {
  requireSystemPermission(ctx, actor, Permissions.INVALIDATE_EMAIL_INVITE, 'invalidateAllEmailInvites');
  const a = await ctx.store.tokens.removeByType(TOKEN_TYPE_TEAM_INVITATION);
  const b = await ctx.store.tokens.removeByType(TOKEN_TYPE_GUEST_INVITATION);
  return a + b;
}

/** Public team info for an invite page; invite links of invite-only teams are not described (403, as Mattermost). */
export async function getInviteInfo(
  ctx: AppContext,
  inviteId: string,
): Promise<{ id: string; name: string; display_name: string; description: string }> {
  const team = await ctx.store.teams.getByInviteId(inviteId);
  if (!team) throw appError('app.team.get_by_invite_id.finding.app_error', 'GetTeamByInviteId');
  if (team.type !== 'O') throw appError('api.team.get_invite_info.not_open_team', 'getInviteInfo', { detailed: `id=${inviteId}` });
  return { id: team.id, name: team.name, display_name: team.display_name, description: team.description };
}
