// Guest accounts: e-mail invitations into chosen channels of a team, sign-up through such an invitation (a system
// guest in only those channels), and promotion/demotion between guest and user. What a guest may do follows from the
// guest roles (system_guest, team_guest, channel_guest) through the ordinary permission rules.
import { appError, Errors } from '../model/app-error.ts';
import { isSystemAdmin, isSystemGuest, Permissions, RoleNames, splitRoles } from '../model/roles.ts';
import type { Team, UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { canReadChannelId, requireSystemPermission, requireTeamPermission } from './authz.ts';
import { insertChannelMember } from './channels.ts';
import type { AppContext } from './context.ts';
import { INVITATION_EXPIRY_MS, sendEach, sendOneInvite, TOKEN_TYPE_GUEST_INVITATION, type EmailInviteResult } from './invites.ts';
import { setUserRoles, shownChannelMember, shownTeamMember } from './member-roles.ts';
import { defaultChannelNames } from './teams.ts';
import { getUserOr404, publishUserUpdated } from './users.ts';

/** Most addresses and channels one guest invitation may name. */
export const MAX_GUEST_INVITE_EMAILS = 100;
export const MAX_GUEST_INVITE_CHANNELS = 100;
/** Longest personal message of an invitation, in characters. */
export const MAX_GUEST_INVITE_MESSAGE = 4000;

const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;
const ID_RE = /^[a-z0-9]{26}$/;

export interface GuestInviteInput {
  emails?: unknown;
  channels?: unknown;
  message?: unknown;
}

function requireGuestsEnabled(
  ctx: AppContext,
  id: 'api.team.invite_guests_to_channels.disabled.error' | 'api.team.demote_user_to_guest.disabled.error',
  where: string,
) {
  if (!ctx.config().GuestAccountsSettings.Enable) throw appError(id, where);
}

/** Mattermost's GuestsInvite.IsValid, in its order. */
function validateInvite(input: GuestInviteInput): { emails: string[]; channels: string[]; message: string } {
  const { emails, channels, message } = input;
  if (!Array.isArray(emails) || emails.length === 0 || emails.length > MAX_GUEST_INVITE_EMAILS)
    throw appError('model.guest.is_valid.emails.app_error', 'GuestsInvite.IsValid');
  for (const e of emails) {
    if (typeof e !== 'string' || e.length > 128 || !EMAIL_RE.test(e.trim()))
      throw appError('model.guest.is_valid.email.app_error', 'GuestsInvite.IsValid');
  }
  if (!Array.isArray(channels) || channels.length === 0 || channels.length > MAX_GUEST_INVITE_CHANNELS)
    throw appError('model.guest.is_valid.channels.app_error', 'GuestsInvite.IsValid');
  for (const c of channels)
    if (typeof c !== 'string' || !ID_RE.test(c)) throw appError('model.guest.is_valid.channel.app_error', 'GuestsInvite.IsValid');
  if (message !== undefined && message !== null && (typeof message !== 'string' || message.length > MAX_GUEST_INVITE_MESSAGE))
    throw appError('api.team.invite_guests_to_channels.invalid_body.app_error', 'inviteGuestsToChannels');
  return {
    emails: [...new Set((emails as string[]).map((e) => e.trim().toLowerCase()))],
    channels: [...new Set(channels as string[])],
    message: typeof message === 'string' ? message : '',
  };
}

function allowedGuestDomain(ctx: AppContext, email: string): boolean {
  const domains = ctx
    .config()
    .GuestAccountsSettings.RestrictCreationToDomains.split(/[\s,]+/)
    .map((d) => d.trim().replace(/^@/, '').toLowerCase())
    .filter(Boolean);
  return !domains.length || domains.some((d) => email.endsWith('@' + d));
}

function sendGuestInvite(ctx: AppContext, team: Team, sender: UserWithSecrets, email: string, channels: string[], message: string) {
  const extra = { teamId: team.id, channels: channels.join(' '), email, guest: 'true', senderId: sender.id };
  return sendOneInvite(ctx, team, sender, email, { type: TOKEN_TYPE_GUEST_INVITATION, extra, note: message });
}

/**
 * POST /teams/{id}/invite-guests/email: GuestAccountsSettings.Enable (501), `invite_guest` in the team, a valid body;
 * channels outside the team or that the sender cannot read are dropped; each address gets a 48-hour guest token.
 * Strict mode refuses an address outside the guest domains (400); graceful reports one result per address.
 */
export async function inviteGuestsToChannels(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  input: GuestInviteInput,
  graceful: boolean,
): Promise<EmailInviteResult[]> {
  requireGuestsEnabled(ctx, 'api.team.invite_guests_to_channels.disabled.error', 'inviteGuestsToChannels');
  await requireTeamPermission(ctx, actor, teamId, Permissions.INVITE_GUEST, 'inviteGuestsToChannels');
  const { emails, channels, message } = validateInvite(input);
  const team = await ctx.store.teams.get(teamId);
  if (!team || team.delete_at) throw appError('app.team.get.find.app_error', 'GetTeam');
  const usable: string[] = [];
  for (const id of channels) {
    const ch = await ctx.caches.channel(id);
    if (!ch || ch.delete_at) continue;
    if (ch.team_id !== team.id) throw appError('api.team.invite_guests.channel_in_invalid_team.app_error', 'inviteGuestsToChannels');
    if (await canReadChannelId(ctx, actor, id)) usable.push(id);
  }
  if (!usable.length) throw appError('model.guest.is_valid.channels.app_error', 'GuestsInvite.IsValid');
  const refused = emails.filter((e) => !allowedGuestDomain(ctx, e));
  if (!graceful && refused.length)
    throw appError('api.team.invite_members.invalid_email.app_error', 'inviteGuestsToChannels', {
      params: { Addresses: refused.join(', ') },
    });
  const sender = await getUserOr404(ctx, actor.userId);
  return sendEach(ctx, emails, refused, (email) => sendGuestInvite(ctx, team, sender, email, usable, message), 'inviteGuestsToChannels');
}

/** A guest invitation's contents, when `token` is one (else undefined): checked for expiry and e-mail by the caller. */
export interface GuestInvitation {
  token: string;
  createAt: number;
  teamId: string;
  channels: string[];
  email: string;
}

export async function guestInvitation(ctx: AppContext, token: string): Promise<GuestInvitation | undefined> {
  const row = await ctx.store.tokens.get(token);
  if (!row || row.type !== TOKEN_TYPE_GUEST_INVITATION) return undefined;
  let extra: { teamId?: unknown; channels?: unknown; email?: unknown };
  try {
    extra = JSON.parse(row.extra);
  } catch {
    throw appError('api.user.create_user.signup_link_invalid.app_error', 'CreateUserWithToken');
  }
  return {
    token: row.token,
    createAt: row.create_at,
    teamId: String(extra.teamId ?? ''),
    channels: String(extra.channels ?? '')
      .split(' ')
      .filter(Boolean),
    email: String(extra.email ?? ''),
  };
}

/**
 * Prepares a sign-up through a guest invitation (before the user is saved): guests enabled, not expired, the address
 * the one invited; the account becomes a system guest with a verified address.
 */
export async function prepareGuestSignup(ctx: AppContext, user: UserWithSecrets, inv: GuestInvitation): Promise<void> {
  if (!ctx.config().GuestAccountsSettings.Enable)
    throw appError('api.user.create_user.guest_accounts.disabled.app_error', 'CreateUserWithToken');
  if (Date.now() - inv.createAt >= INVITATION_EXPIRY_MS) {
    await ctx.store.tokens.remove(inv.token);
    throw appError('api.user.create_user.signup_link_expired.app_error', 'CreateUserWithToken');
  }
  if (inv.email.toLowerCase() !== user.email.toLowerCase())
    throw appError('api.user.create_user.bad_token_email_data.app_error', 'CreateUserWithToken');
  user.roles = RoleNames.SYSTEM_GUEST;
  user.email_verified = true;
}

/**
 * In the sign-up's transaction (`tx`): the guest joins the team (as team guest, no default channels) and the invited
 * channels (as channel guest); the token is used up.
 */
export async function joinGuestFromInvitation(tx: AppContext, user: UserWithSecrets, inv: GuestInvitation): Promise<void> {
  const team = await tx.store.teams.get(inv.teamId);
  if (!team || team.delete_at) throw appError('app.team.get.find.app_error', 'CreateUserWithToken');
  const now = Date.now();
  await tx.store.teams.saveMember({
    team_id: team.id,
    user_id: user.id,
    roles: '',
    delete_at: 0,
    scheme_user: 0,
    scheme_admin: 0,
    scheme_guest: 1,
    create_at: now,
  });
  tx.caches.invalidate('team', team.id);
  tx.events.invalidate('team', team.id);
  const events: WsEvent[] = [];
  for (const id of inv.channels) {
    const ch = await tx.store.channels.get(id);
    if (!ch || ch.delete_at || ch.team_id !== team.id) continue;
    const r = await insertChannelMember(tx, tx.store, ch, user, null, {
      post: tx.config().ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages,
    });
    events.push(...r.events);
    tx.events.invalidate('channel', ch.id);
  }
  await tx.store.admin.setGuestFlags(user.id, true, now);
  for (const id of inv.channels) tx.caches.invalidate('channel', id);
  await tx.store.tokens.remove(inv.token);
  for (const e of events) tx.events.publish(e);
  tx.events.publish(wsEvent(WsEvents.AddedToTeam, { team_id: team.id, user_id: user.id }, { userId: user.id }));
}

/** After the member flags of a user changed everywhere: caches dropped, each membership announced to the user. */
async function announceMemberships(ctx: AppContext, userId: string, changed: { teams: string[]; channels: string[] }): Promise<void> {
  for (const teamId of changed.teams) {
    ctx.caches.invalidate('team', teamId);
    await ctx.events.invalidate('team', teamId);
    const m = await ctx.store.teams.getMember(teamId, userId);
    if (m) ctx.events.publish(wsEvent(WsEvents.MemberRoleUpdated, { member: JSON.stringify(await shownTeamMember(ctx, m)) }, { userId }));
  }
  for (const channelId of changed.channels) {
    ctx.caches.invalidate('channel', channelId);
    await ctx.events.invalidate('channel', channelId);
    const [m, ch] = [await ctx.store.channels.getMember(channelId, userId), await ctx.caches.channel(channelId)];
    if (m)
      ctx.events.publish(
        wsEvent(
          WsEvents.ChannelMemberUpdated,
          { channelMember: JSON.stringify(await shownChannelMember(ctx, m, ch?.team_id ?? '')) },
          { userId },
        ),
      );
  }
}

/** POST /users/{id}/promote: `promote_guest`; a guest becomes a user (system_user, member flags user). */
export async function promoteGuestToUser(ctx: AppContext, actor: Actor, userId: string): Promise<void> {
  requireSystemPermission(ctx, actor, Permissions.PROMOTE_GUEST, 'promoteGuestToUser');
  const user = await getUserOr404(ctx, userId);
  if (!isSystemGuest(user.roles)) throw appError('api.user.promote_guest_to_user.no_guest.app_error', 'promoteGuestToUser');
  const roles = [
    RoleNames.SYSTEM_USER,
    ...splitRoles(user.roles).filter((r) => r !== RoleNames.SYSTEM_GUEST && r !== RoleNames.SYSTEM_USER),
  ];
  const changed = await ctx.store.admin.setGuestFlags(user.id, false, Date.now());
  const next = await setUserRoles(ctx, user, roles.join(' '));
  publishUserUpdated(ctx, next);
  await announceMemberships(ctx, user.id, changed);
  await joinDefaultChannels(ctx, next, changed.teams);
}

/** A promoted guest joins the default channels of their teams, as a new member would. */
async function joinDefaultChannels(ctx: AppContext, user: UserWithSecrets, teamIds: string[]): Promise<void> {
  for (const teamId of teamIds) {
    const events = await ctx.store.tx(async (t) => {
      const out: WsEvent[] = [];
      for (const name of defaultChannelNames(ctx)) {
        const ch = await t.channels.getByName(teamId, name);
        if (!ch || ch.type !== 'O' || ch.delete_at) continue;
        const r = await insertChannelMember(ctx, t, ch, user, null, {
          post: ctx.config().ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages,
        });
        out.push(...r.events);
      }
      return out;
    });
    for (const e of events) {
      if (e.broadcast.channel_id) await ctx.events.invalidate('channel', e.broadcast.channel_id);
      ctx.events.publish(e);
    }
  }
}

/**
 * POST /users/{id}/demote: guests enabled (501), `demote_to_guest` (and `manage_system` for an admin); a user becomes
 * a guest everywhere (system_guest; team and channel memberships guest).
 */
export async function demoteUserToGuest(ctx: AppContext, actor: Actor, userId: string): Promise<void> {
  requireGuestsEnabled(ctx, 'api.team.demote_user_to_guest.disabled.error', 'demoteUserToGuest');
  requireSystemPermission(ctx, actor, Permissions.DEMOTE_TO_GUEST, 'demoteUserToGuest');
  const user = await getUserOr404(ctx, userId);
  if (isSystemAdmin(user.roles)) requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'demoteUserToGuest');
  if (isSystemGuest(user.roles)) throw appError('api.user.demote_user_to_guest.already_guest.app_error', 'demoteUserToGuest');
  if (user.is_bot) throw Errors.invalidUrlParam('user_id');
  const keep = splitRoles(user.roles).filter((r) => r !== RoleNames.SYSTEM_USER && r !== RoleNames.SYSTEM_ADMIN);
  const changed = await ctx.store.admin.setGuestFlags(user.id, true, Date.now());
  const next = await setUserRoles(ctx, user, [RoleNames.SYSTEM_GUEST, ...keep.filter((r) => r !== RoleNames.SYSTEM_GUEST)].join(' '));
  publishUserUpdated(ctx, next);
  await announceMemberships(ctx, user.id, changed);
}

/** Guests deactivated per batch when guest accounts are switched off. */
const DEACTIVATE_BATCH = 200;

/**
 * Guest accounts switched off (GuestAccountsSettings.Enable true → false): every active guest is deactivated and
 * their sessions end; `guests_deactivated` tells every client once.
 */
export async function deactivateAllGuests(ctx: AppContext): Promise<number> {
  let n = 0;
  for (;;) {
    const guests = await ctx.store.users.list({ role: RoleNames.SYSTEM_GUEST, active: true, offset: 0, limit: DEACTIVATE_BATCH });
    const batch = guests.filter((g) => isSystemGuest(g.roles));
    if (!batch.length) break;
    const now = Date.now();
    for (const g of batch) {
      await ctx.store.users.update({ ...g, delete_at: now, update_at: now });
      for (const token of await ctx.store.sessions.removeForUser(g.id)) await ctx.events.invalidate('session', token);
      await ctx.events.invalidate('user', g.id);
      n++;
    }
    if (batch.length < guests.length || guests.length < DEACTIVATE_BATCH) break;
  }
  if (n) ctx.events.publish(wsEvent(WsEvents.GuestsDeactivated, {}, {}));
  return n;
}
