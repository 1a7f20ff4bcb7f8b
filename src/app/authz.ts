// Permission checks with Mattermost's semantics: system roles, then team member roles, then channel member roles.
import { Errors } from '../model/app-error.ts';
import type { Session } from '../model/types.ts';
import type { AppContext } from './context.ts';

export function hasSystemPermission(ctx: AppContext, session: Session, permission: string): boolean {
  return ctx.roles.hasPermission(session.roles, permission);
}

export async function hasTeamPermission(ctx: AppContext, session: Session, teamId: string, permission: string): Promise<boolean> {
  if (ctx.roles.hasPermission(session.roles, permission)) return true;
  if (!teamId) return false;
  const m = await ctx.store.teams.getMember(teamId, session.user_id);
  return !!m && m.delete_at === 0 && ctx.roles.hasPermission(m.roles, permission);
}

/**
 * Channel permission: system roles, a member's channel roles, then the roles held in the channel's team (member or
 * not). Membership and the channel's team come from ctx.caches (dropped on every 'channel' invalidation).
 */
export async function hasChannelPermission(ctx: AppContext, session: Session, channelId: string, permission: string): Promise<boolean> {
  if (ctx.roles.hasPermission(session.roles, permission)) return true;
  const memberRoles = await ctx.caches.channelMemberRoles(channelId, session.user_id);
  if (memberRoles !== null && ctx.roles.hasPermission(memberRoles, permission)) return true;
  const ch = await ctx.caches.channel(channelId);
  if (!ch || !ch.team_id) return false;
  return hasTeamPermission(ctx, session, ch.team_id, permission);
}

export function requireSystemPermission(ctx: AppContext, session: Session, permission: string, where = 'requireSystemPermission'): void {
  if (!hasSystemPermission(ctx, session, permission)) throw Errors.forbidden(where, session.user_id, permission);
}

export async function requireTeamPermission(
  ctx: AppContext,
  session: Session,
  teamId: string,
  permission: string,
  where = 'requireTeamPermission',
): Promise<void> {
  if (!(await hasTeamPermission(ctx, session, teamId, permission))) throw Errors.forbidden(where, session.user_id, permission);
}

export async function requireChannelPermission(
  ctx: AppContext,
  session: Session,
  channelId: string,
  permission: string,
  where = 'requireChannelPermission',
): Promise<void> {
  if (!(await hasChannelPermission(ctx, session, channelId, permission))) throw Errors.forbidden(where, session.user_id, permission);
}
