// Every permission rule, over an Actor, with Mattermost's semantics: system roles, then team member roles, then
// channel member roles. A `has*` answers; a `require*` throws Mattermost's 403 (or 404) AppError. One rule, one place.
import { appError, Errors } from '../model/app-error.ts';
import { isSystemGuest, Permissions } from '../model/roles.ts';
import type { Channel } from '../model/types.ts';
import type { Actor } from './actor.ts';
import type { AppContext } from './context.ts';
import { channelMemberRoles, teamMemberRoles } from './scheme-roles.ts';

export function hasSystemPermission(ctx: AppContext, actor: Actor, permission: string): boolean {
  return ctx.roles.hasPermission(actor.roles, permission);
}

export function isSystemAdmin(ctx: AppContext, actor: Actor): boolean {
  return ctx.roles.hasPermission(actor.roles, Permissions.MANAGE_SYSTEM);
}

export async function hasTeamPermission(ctx: AppContext, actor: Actor, teamId: string, permission: string): Promise<boolean> {
  if (ctx.roles.hasPermission(actor.roles, permission)) return true;
  if (!teamId) return false;
  const m = await ctx.store.teams.getMember(teamId, actor.userId);
  return !!m && m.delete_at === 0 && ctx.roles.hasPermission(await teamMemberRoles(ctx, teamId, m.roles), permission);
}

/**
 * Channel permission: system roles, a member's channel roles, then the roles held in the channel's team (member or
 * not). Membership and the channel's team come from ctx.caches (dropped on every 'channel' invalidation).
 */
export async function hasChannelPermission(ctx: AppContext, actor: Actor, channelId: string, permission: string): Promise<boolean> {
  if (ctx.roles.hasPermission(actor.roles, permission)) return true;
  const memberRoles = await ctx.caches.channelMemberRoles(channelId, actor.userId);
  const ch = await ctx.caches.channel(channelId);
  if (memberRoles !== null) {
    // Scheme roles: the channel's (or its team's) scheme decides what the member's flags stand for.
    const roles = await channelMemberRoles(ctx, channelId, ch?.team_id ?? '', memberRoles);
    if (ctx.roles.hasPermission(roles, permission)) return true;
  }
  if (!ch || !ch.team_id) return false;
  return hasTeamPermission(ctx, actor, ch.team_id, permission);
}

export function requireSystemPermission(ctx: AppContext, actor: Actor, permission: string, where = 'requireSystemPermission'): void {
  if (!hasSystemPermission(ctx, actor, permission)) throw Errors.forbidden(where, actor.userId, permission);
}

export async function requireTeamPermission(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  permission: string,
  where = 'requireTeamPermission',
): Promise<void> {
  if (!(await hasTeamPermission(ctx, actor, teamId, permission))) throw Errors.forbidden(where, actor.userId, permission);
}

export async function requireChannelPermission(
  ctx: AppContext,
  actor: Actor,
  channelId: string,
  permission: string,
  where = 'requireChannelPermission',
): Promise<void> {
  if (!(await hasChannelPermission(ctx, actor, channelId, permission))) throw Errors.forbidden(where, actor.userId, permission);
}

/** May the actor read the channel: `read_channel` (members), or `read_public_channel` in the team for an open one. */
export async function canReadChannel(ctx: AppContext, actor: Actor, ch: Channel): Promise<boolean> {
  if (await hasChannelPermission(ctx, actor, ch.id, Permissions.READ_CHANNEL)) return true;
  return ch.type === 'O' && (await hasTeamPermission(ctx, actor, ch.team_id, Permissions.READ_PUBLIC_CHANNEL));
}

/** The same by channel id (the cached channel): false for a channel that does not exist. */
export async function canReadChannelId(ctx: AppContext, actor: Actor, channelId: string): Promise<boolean> {
  const ch = channelId ? await ctx.caches.channel(channelId) : undefined;
  return !!ch && (await canReadChannel(ctx, actor, ch));
}

/**
 * The channel, if the actor may read it; 404 when it does not exist, 403 otherwise. `fresh` reads the row (for
 * answers that return the channel, its message counters included); otherwise the cached channel is checked, whose
 * id, name, type, team and delete_at are current but counters are not.
 */
export async function requireChannelRead(
  ctx: AppContext,
  actor: Actor,
  channelId: string,
  opts: { fresh?: boolean } = {},
): Promise<Channel> {
  const ch = opts.fresh ? await ctx.store.channels.get(channelId) : await ctx.caches.channel(channelId);
  if (!ch) throw appError('app.channel.get.existing.app_error', 'GetChannel');
  if (await canReadChannel(ctx, actor, ch)) return ch;
  throw Errors.forbidden('getChannel', actor.userId, Permissions.READ_CHANNEL);
}

/** Self, or `edit_other_users` (`manage_system` when the target is a system admin). */
export async function requireEditUser(ctx: AppContext, actor: Actor, userId: string, where = 'requireEditUser'): Promise<void> {
  if (actor.userId === userId) return;
  const target = await ctx.store.users.get(userId);
  if (!target) throw appError('app.user.missing_account.const', 'GetUser');
  const perm = ctx.roles.hasPermission(target.roles, Permissions.MANAGE_SYSTEM) ? Permissions.MANAGE_SYSTEM : Permissions.EDIT_OTHER_USERS;
  requireSystemPermission(ctx, actor, perm, where);
}

/** Self, or the system permission (Mattermost's `SessionHasPermissionToUser`-style checks: `edit_other_users` …). */
export function requireSelfOr(ctx: AppContext, actor: Actor, userId: string, permission: string, where: string): void {
  if (actor.userId !== userId) requireSystemPermission(ctx, actor, permission, where);
}

/** The permission from the system roles or from the actor's roles in any team they belong to (create_emojis …). */
export async function hasPermissionToAnyTeam(ctx: AppContext, actor: Actor, permission: string): Promise<boolean> {
  if (hasSystemPermission(ctx, actor, permission)) return true;
  for (const m of await ctx.store.teams.listMembersForUser(actor.userId)) {
    if (await hasTeamPermission(ctx, actor, m.team_id, permission)) return true;
  }
  return false;
}

/**
 * May the actor change the channel's name, header and purpose: `manage_{public,private}_channel_properties`; in a
 * direct or group message, being a member is enough (as Mattermost).
 */
export async function requireManageChannelProperties(ctx: AppContext, actor: Actor, ch: Channel, where = 'patchChannel'): Promise<void> {
  if (ch.type === 'D' || ch.type === 'G') {
    if (!(await ctx.store.channels.getMember(ch.id, actor.userId)))
      throw Errors.forbidden(where, actor.userId, Permissions.MANAGE_PRIVATE_CHANNEL_PROPERTIES);
    return;
  }
  const perm = ch.type === 'O' ? Permissions.MANAGE_PUBLIC_CHANNEL_PROPERTIES : Permissions.MANAGE_PRIVATE_CHANNEL_PROPERTIES;
  await requireChannelPermission(ctx, actor, ch.id, perm, where);
}

/** May the actor add or remove other members: `manage_{public,private}_channel_members` by the channel's type. */
export async function requireManageChannelMembers(ctx: AppContext, actor: Actor, ch: Channel, where: string): Promise<void> {
  const perm = ch.type === 'O' ? Permissions.MANAGE_PUBLIC_CHANNEL_MEMBERS : Permissions.MANAGE_PRIVATE_CHANNEL_MEMBERS;
  await requireChannelPermission(ctx, actor, ch.id, perm, where);
}

/** What a user has in a team (their channels, memberships): yourself or `manage_system`, and `view_team` there. */
export async function requireUserInTeamView(ctx: AppContext, actor: Actor, userId: string, teamId: string, where: string): Promise<void> {
  requireSelfOr(ctx, actor, userId, Permissions.MANAGE_SYSTEM, where);
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, where);
}

/** 404 for a bot the actor may not know of (Mattermost's MakeBotNotFoundError). */
export function botNotFound(botUserId: string) {
  return appError('store.sql_bot.get.missing.app_error', 'SqlBotStore.Get', { detailed: `bot_user_id=${botUserId}` });
}

/**
 * May the actor manage the bot (SessionHasPermissionToManageBot): its owner needs `manage_bots`, anyone else
 * `manage_others_bots`. Lacking it, a 404 when the actor may not even read such bots (`read_bots` /
 * `read_others_bots`), else 403. A missing bot is a 404.
 */
export async function requireManageBot(ctx: AppContext, actor: Actor, botUserId: string, where = 'requireManageBot'): Promise<void> {
  const bot = await ctx.store.bots.getRecord(botUserId);
  if (!bot) throw botNotFound(botUserId);
  const own = bot.owner_id === actor.userId;
  const manage = own ? Permissions.MANAGE_BOTS : Permissions.MANAGE_OTHERS_BOTS;
  const read = own ? Permissions.READ_BOTS : Permissions.READ_OTHERS_BOTS;
  if (hasSystemPermission(ctx, actor, manage)) return;
  if (!hasSystemPermission(ctx, actor, read)) throw botNotFound(botUserId);
  throw Errors.forbidden(where, actor.userId, manage);
}

/**
 * Mattermost's "user or bot" rule (SessionHasPermissionToUserOrBot), for personal access tokens: a bot the actor may
 * manage; otherwise, for a user who is not a bot, oneself or `edit_other_users` (`manage_system` for an admin).
 * Refused: 403 naming `edit_other_users`.
 */
export async function requireUserOrManagedBot(ctx: AppContext, actor: Actor, userId: string, where: string): Promise<void> {
  if (await ctx.store.bots.getRecord(userId)) {
    try {
      await requireManageBot(ctx, actor, userId, where);
      return;
    } catch {
      throw Errors.forbidden(where, actor.userId, Permissions.EDIT_OTHER_USERS);
    }
  }
  if (actor.userId === userId) return;
  const target = await ctx.store.users.get(userId);
  const perm =
    target && ctx.roles.hasPermission(target.roles, Permissions.MANAGE_SYSTEM) ? Permissions.MANAGE_SYSTEM : Permissions.EDIT_OTHER_USERS;
  if (!hasSystemPermission(ctx, actor, perm)) throw Errors.forbidden(where, actor.userId, Permissions.EDIT_OTHER_USERS);
}

/**
 * May the actor see these users (Mattermost's UserCanSeeOtherUser, as direct and group messages check it): with
 * `view_members` anyone; otherwise only users sharing a channel, or a team unless the actor is a guest.
 */
export async function requireCanSeeUsers(ctx: AppContext, actor: Actor, userIds: string[], where: string): Promise<void> {
  if (hasSystemPermission(ctx, actor, Permissions.VIEW_MEMBERS)) return;
  const guest = isSystemGuest(actor.roles);
  for (const id of userIds) {
    if (id === actor.userId) continue;
    if (!(await ctx.store.admin.shareChannelOrTeam(actor.userId, id, !guest)))
      throw Errors.forbidden(where, actor.userId, Permissions.VIEW_MEMBERS);
  }
}

/**
 * A draft is the actor's own, in a channel the actor is a member of and may post in (create_post); Mattermost's rule
 * for upsertDraft, narrowed to members: a draft belongs to a composer, and only a member has one.
 */
export async function requireDraftChannel(ctx: AppContext, actor: Actor, channelId: string, where = 'upsertDraft'): Promise<void> {
  const member = (await ctx.caches.channelMemberRoles(channelId, actor.userId)) !== null;
  if (!member || !(await hasChannelPermission(ctx, actor, channelId, Permissions.CREATE_POST)))
    throw Errors.forbidden(where, actor.userId, Permissions.CREATE_POST);
}
