// Where members' scheme roles resolve: the live permission schemes and which teams and channels use them, held in
// memory (schemes are few) and read by app/authz.ts, so a team using a scheme grants its members that scheme's roles.
// Mattermost's rule: team roles from the team's scheme, else the built-ins; channel roles from the channel's scheme,
// else the team scheme's channel roles, else the built-ins.
import { RoleNames } from '../model/roles.ts';
import type { Scheme } from '../store/sql/admin.ts';
import type { AppContext } from './context.ts';

interface SchemeIndex {
  schemes: Map<string, Scheme>;
  teams: Map<string, string>;
  channels: Map<string, string>;
}

/**
 * How long a node serves its index before reading it again: changes made on this node apply at once (reload below);
 * those made on another node of a cluster within this bound.
 */
const INDEX_TTL_MS = 10_000;

// Keyed by the caches, which a transaction's context shares with the app's: one index per app, whichever context asks.
const indexes = new WeakMap<object, { at: number; p: Promise<SchemeIndex> }>();

async function load(ctx: AppContext): Promise<SchemeIndex> {
  const [schemes, teams, channels] = await Promise.all([
    ctx.store.admin.allSchemes(),
    ctx.store.admin.schemeAssignments('teams'),
    ctx.store.admin.schemeAssignments('channels'),
  ]);
  return {
    schemes: new Map(schemes.map((s) => [s.id, s])),
    teams: new Map(teams.map((t) => [t.id, t.scheme_id])),
    channels: new Map(channels.map((c) => [c.id, c.scheme_id])),
  };
}

/** The index, loaded on first use and again once it is older than INDEX_TTL_MS. */
export function schemeIndex(ctx: AppContext): Promise<SchemeIndex> {
  const e = indexes.get(ctx.caches);
  if (e && Date.now() - e.at <= INDEX_TTL_MS) return e.p;
  return start(ctx);
}

function start(ctx: AppContext): Promise<SchemeIndex> {
  const entry = { at: Date.now(), p: load(ctx) };
  indexes.set(ctx.caches, entry);
  entry.p.catch(() => indexes.get(ctx.caches) === entry && indexes.delete(ctx.caches));
  return entry.p;
}

/** Reloads the index after a scheme or an assignment changed (create, patch, delete, PUT …/scheme). */
export async function reloadSchemeIndex(ctx: AppContext): Promise<void> {
  await start(ctx);
}

export interface SlotRoles {
  admin: string;
  user: string;
  guest: string;
}

const BUILTIN_TEAM: SlotRoles = { admin: RoleNames.TEAM_ADMIN, user: RoleNames.TEAM_USER, guest: RoleNames.TEAM_GUEST };
const BUILTIN_CHANNEL: SlotRoles = { admin: RoleNames.CHANNEL_ADMIN, user: RoleNames.CHANNEL_USER, guest: RoleNames.CHANNEL_GUEST };

function liveScheme(ix: SchemeIndex, id: string | undefined): Scheme | undefined {
  return id ? ix.schemes.get(id) : undefined;
}

/** The role names a team's admin/user/guest flags stand for. */
export async function teamSlotRoles(ctx: AppContext, teamId: string): Promise<SlotRoles> {
  const ix = await schemeIndex(ctx);
  if (!ix.schemes.size) return BUILTIN_TEAM;
  const s = liveScheme(ix, ix.teams.get(teamId));
  return s ? { admin: s.default_team_admin_role, user: s.default_team_user_role, guest: s.default_team_guest_role } : BUILTIN_TEAM;
}

/** The role names a channel's flags stand for: its own scheme, else its team's scheme, else the built-ins. */
export async function channelSlotRoles(ctx: AppContext, channelId: string, teamId: string): Promise<SlotRoles> {
  const ix = await schemeIndex(ctx);
  if (!ix.schemes.size) return BUILTIN_CHANNEL;
  const s = liveScheme(ix, ix.channels.get(channelId)) ?? liveScheme(ix, teamId ? ix.teams.get(teamId) : undefined);
  return s
    ? { admin: s.default_channel_admin_role, user: s.default_channel_user_role, guest: s.default_channel_guest_role }
    : BUILTIN_CHANNEL;
}

/**
 * A member's roles string (the store writes the built-in names of the set flags, then the explicit roles) with the
 * built-in slot names replaced by the scheme's. Explicit roles are never scheme-managed (the role update refuses
 * them), so replacing tokens is exact.
 */
export function applySlots(roles: string, builtin: 'team' | 'channel', slots: SlotRoles): string {
  const base = builtin === 'team' ? BUILTIN_TEAM : BUILTIN_CHANNEL;
  if (slots === base) return roles;
  return roles
    .split(' ')
    .map((r) => (r === base.admin ? slots.admin : r === base.user ? slots.user : r === base.guest ? slots.guest : r))
    .join(' ');
}

/** A team member's effective roles (for permission checks). */
export async function teamMemberRoles(ctx: AppContext, teamId: string, roles: string): Promise<string> {
  return applySlots(roles, 'team', await teamSlotRoles(ctx, teamId));
}

/** A channel member's effective roles (for permission checks). */
export async function channelMemberRoles(ctx: AppContext, channelId: string, teamId: string, roles: string): Promise<string> {
  return applySlots(roles, 'channel', await channelSlotRoles(ctx, channelId, teamId));
}
