// Administration rows: permission schemes (0014), member role flags, team deletion and restore, scheme assignment,
// the counts behind user statistics and site analytics.
import { type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { Role } from '../../model/roles.ts';

export interface SchemesTable {
  id: string;
  name: string;
  display_name: string;
  description: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  scope: string;
  default_team_admin_role: string;
  default_team_user_role: string;
  default_team_guest_role: string;
  default_channel_admin_role: string;
  default_channel_user_role: string;
  default_channel_guest_role: string;
  default_playbook_admin_role: string;
  default_playbook_member_role: string;
  default_run_admin_role: string;
  default_run_member_role: string;
}

declare module './schema.ts' {
  interface DB {
    schemes: SchemesTable;
  }
}

/** Mattermost's Scheme as it goes over the wire (the row, numbers as numbers). */
export type Scheme = SchemesTable;

function schemeFromRow(r: SchemesTable): Scheme {
  return { ...r, create_at: Number(r.create_at), update_at: Number(r.update_at), delete_at: Number(r.delete_at) };
}

/** The scheme flags and explicit roles of a team or channel membership. */
export interface MemberRoleFlags {
  roles: string;
  scheme_admin: boolean;
  scheme_user: boolean;
  scheme_guest: boolean;
}

const n = (v: boolean): number => (v ? 1 : 0);

export class AdminStore {
  constructor(private db: Kysely<DB>) {}

  async saveScheme(s: Scheme): Promise<void> {
    await this.db.insertInto('schemes').values(s).execute();
  }
  async updateScheme(s: Scheme): Promise<void> {
    await this.db
      .updateTable('schemes')
      .set({ name: s.name, display_name: s.display_name, description: s.description, update_at: s.update_at, delete_at: s.delete_at })
      .where('id', '=', s.id)
      .execute();
  }
  async getScheme(id: string): Promise<Scheme | undefined> {
    const r = await this.db.selectFrom('schemes').selectAll().where('id', '=', id).executeTakeFirst();
    return r && schemeFromRow(r);
  }
  /** Live schemes, newest first, optionally of one scope. */
  async listSchemes(opts: { scope?: string; offset: number; limit: number }): Promise<Scheme[]> {
    let q = this.db.selectFrom('schemes').selectAll().where('delete_at', '=', 0);
    if (opts.scope) q = q.where('scope', '=', opts.scope);
    const rows = await q.orderBy('create_at', 'desc').orderBy('id').limit(opts.limit).offset(opts.offset).execute();
    return rows.map(schemeFromRow);
  }
  /** Every live scheme (the in-memory index is built from these at start). */
  async allSchemes(): Promise<Scheme[]> {
    return (await this.db.selectFrom('schemes').selectAll().where('delete_at', '=', 0).execute()).map(schemeFromRow);
  }
  /** Teams (or channels) that use a scheme: [id, scheme_id] of every row with one. */
  async schemeAssignments(table: 'teams' | 'channels'): Promise<Array<{ id: string; scheme_id: string }>> {
    const rows = await this.db
      .selectFrom(table)
      .select(['id', 'scheme_id'])
      .where('scheme_id', 'is not', null)
      .where('scheme_id', '!=', '')
      .execute();
    return rows.map((r) => ({ id: r.id, scheme_id: r.scheme_id! }));
  }
  async setTeamScheme(teamId: string, schemeId: string | null, at: number): Promise<void> {
    await this.db.updateTable('teams').set({ scheme_id: schemeId, update_at: at }).where('id', '=', teamId).execute();
  }
  async setChannelScheme(channelId: string, schemeId: string | null, at: number): Promise<void> {
    await this.db.updateTable('channels').set({ scheme_id: schemeId, update_at: at }).where('id', '=', channelId).execute();
  }
  /** Drops a deleted scheme from every team and channel using it; returns their ids. */
  async clearScheme(schemeId: string): Promise<{ teams: string[]; channels: string[] }> {
    const teams = (await this.db.selectFrom('teams').select('id').where('scheme_id', '=', schemeId).execute()).map((r) => r.id);
    const channels = (await this.db.selectFrom('channels').select('id').where('scheme_id', '=', schemeId).execute()).map((r) => r.id);
    await this.db.updateTable('teams').set({ scheme_id: null }).where('scheme_id', '=', schemeId).execute();
    await this.db.updateTable('channels').set({ scheme_id: null }).where('scheme_id', '=', schemeId).execute();
    return { teams, channels };
  }
  /** A page of the ids of the teams (or channels) using a scheme, by display name. */
  async usersOfScheme(table: 'teams' | 'channels', schemeId: string, offset: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom(table)
      .select('id')
      .where('scheme_id', '=', schemeId)
      .orderBy('display_name')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => r.id);
  }

  async saveRole(r: Role): Promise<void> {
    await this.db
      .insertInto('roles')
      .values({ ...r, permissions: r.permissions.join(' '), scheme_managed: n(r.scheme_managed), built_in: n(r.built_in) })
      .execute();
  }
  async deleteRoles(ids: string[], at: number): Promise<void> {
    if (!ids.length) return;
    await this.db.updateTable('roles').set({ delete_at: at, update_at: at }).where('id', 'in', ids).execute();
  }

  async setTeamMemberRoles(teamId: string, userId: string, f: MemberRoleFlags): Promise<void> {
    await this.db
      .updateTable('team_members')
      .set({ roles: f.roles, scheme_admin: n(f.scheme_admin), scheme_user: n(f.scheme_user), scheme_guest: n(f.scheme_guest) })
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .execute();
  }
  async setChannelMemberRoles(channelId: string, userId: string, f: MemberRoleFlags, at: number): Promise<void> {
    await this.db
      .updateTable('channel_members')
      .set({
        roles: f.roles,
        scheme_admin: n(f.scheme_admin),
        scheme_user: n(f.scheme_user),
        scheme_guest: n(f.scheme_guest),
        last_update_at: at,
      })
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .execute();
  }
  /** Guest ⇄ user on every membership of a user (promotion, demotion); returns the team and channel ids. */
  async setGuestFlags(userId: string, guest: boolean, at: number): Promise<{ teams: string[]; channels: string[] }> {
    const teams = (
      await this.db.selectFrom('team_members').select('team_id').where('user_id', '=', userId).where('delete_at', '=', 0).execute()
    ).map((r) => r.team_id);
    const channels = (await this.db.selectFrom('channel_members').select('channel_id').where('user_id', '=', userId).execute()).map(
      (r) => r.channel_id,
    );
    const flags = guest ? { scheme_guest: 1, scheme_user: 0, scheme_admin: 0 } : { scheme_guest: 0, scheme_user: 1 };
    await this.db.updateTable('team_members').set(flags).where('user_id', '=', userId).execute();
    await this.db
      .updateTable('channel_members')
      .set({ ...flags, last_update_at: at })
      .where('user_id', '=', userId)
      .execute();
    return { teams, channels };
  }

  async setTeamDeleteAt(teamId: string, deleteAt: number, at: number): Promise<void> {
    await this.db.updateTable('teams').set({ delete_at: deleteAt, update_at: at }).where('id', '=', teamId).execute();
  }
  /** Removes a team with its channels' memberships, channels and team memberships (posts stay, unreachable). */
  async permanentDeleteTeam(teamId: string): Promise<string[]> {
    const channelIds = (await this.db.selectFrom('channels').select('id').where('team_id', '=', teamId).execute()).map((r) => r.id);
    if (channelIds.length) await this.db.deleteFrom('channel_members').where('channel_id', 'in', channelIds).execute();
    await this.db.deleteFrom('channels').where('team_id', '=', teamId).execute();
    await this.db.deleteFrom('team_members').where('team_id', '=', teamId).execute();
    await this.db.deleteFrom('teams').where('id', '=', teamId).execute();
    return channelIds;
  }
  /** Removes a user's rows (sessions, memberships, preferences, status, drafts) and the user; posts stay. */
  async permanentDeleteUser(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('channel_members').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('team_members').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('preferences').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('status').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('drafts').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('users').where('id', '=', userId).execute();
  }
  /** Whether two users are members of one channel (or, with `orTeam`, of one team). */
  async shareChannelOrTeam(a: string, b: string, orTeam: boolean): Promise<boolean> {
    const ch = await this.db
      .selectFrom('channel_members as x')
      .innerJoin('channel_members as y', 'y.channel_id', 'x.channel_id')
      .select('x.channel_id')
      .where('x.user_id', '=', a)
      .where('y.user_id', '=', b)
      .limit(1)
      .executeTakeFirst();
    if (ch || !orTeam) return !!ch;
    const tm = await this.db
      .selectFrom('team_members as x')
      .innerJoin('team_members as y', 'y.team_id', 'x.team_id')
      .select('x.team_id')
      .where('x.user_id', '=', a)
      .where('y.user_id', '=', b)
      .where('x.delete_at', '=', 0)
      .where('y.delete_at', '=', 0)
      .limit(1)
      .executeTakeFirst();
    return !!tm;
  }
  /** Removes every session; returns their tokens (POST /users/sessions/revoke/all). */
  async removeAllSessions(): Promise<string[]> {
    const tokens = (await this.db.selectFrom('sessions').select('token').execute()).map((r) => r.token);
    await this.db.deleteFrom('sessions').execute();
    return tokens;
  }
  async setLastTeamIconUpdate(teamId: string, at: number): Promise<void> {
    await this.db
      .updateTable('teams')
      .set({ last_team_icon_update: at, update_at: Math.max(at, Date.now()) })
      .where('id', '=', teamId)
      .execute();
  }

  /**
   * Users counted as Mattermost's GetTotalUsersCount: active unless `includeDeleted`, bots only with `includeBots`, in a
   * team or channel when given, holding one of `roles` (system), `teamRoles` or `channelRoles` when given.
   */
  async countUsers(opts: {
    includeDeleted?: boolean;
    includeBots?: boolean;
    inTeam?: string;
    inChannel?: string;
    roles?: string[];
    teamRoles?: string[];
    channelRoles?: string[];
  }): Promise<number> {
    let q = this.db.selectFrom('users').select((e) => e.fn.countAll<number>().as('n'));
    if (!opts.includeDeleted) q = q.where('users.delete_at', '=', 0);
    if (!opts.includeBots) q = q.where('users.is_bot', '=', 0);
    if (opts.roles?.length) q = q.where((e) => e.or(opts.roles!.map((r) => roleMatch(e, 'users.roles', r))));
    if (opts.inTeam) {
      const teamId = opts.inTeam;
      const teamRoles = opts.teamRoles ?? [];
      q = q.where((e) =>
        e.exists(
          e
            .selectFrom('team_members as tm')
            .select('tm.user_id')
            .whereRef('tm.user_id', '=', 'users.id')
            .where('tm.team_id', '=', teamId)
            .where('tm.delete_at', '=', 0)
            .where((w) => (teamRoles.length ? w.or(teamRoles.map((r) => memberRoleMatch(w, 'tm', r, 'team'))) : w.lit(true))),
        ),
      );
    }
    if (opts.inChannel) {
      const channelId = opts.inChannel;
      const channelRoles = opts.channelRoles ?? [];
      q = q.where((e) =>
        e.exists(
          e
            .selectFrom('channel_members as cm')
            .select('cm.user_id')
            .whereRef('cm.user_id', '=', 'users.id')
            .where('cm.channel_id', '=', channelId)
            .where((w) => (channelRoles.length ? w.or(channelRoles.map((r) => memberRoleMatch(w, 'cm', r, 'channel'))) : w.lit(true))),
        ),
      );
    }
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /** Site statistics (GET /analytics/old, name "standard"). */
  async siteCounts(): Promise<Record<string, number>> {
    const count = async (table: 'teams' | 'channels' | 'posts' | 'users' | 'sessions', where?: (q: any) => any) => {
      let q: any = this.db.selectFrom(table).select((e) => e.fn.countAll<number>().as('n'));
      if (where) q = where(q);
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    return {
      channel_open_count: await count('channels', (q) => q.where('type', '=', 'O').where('delete_at', '=', 0)),
      channel_private_count: await count('channels', (q) => q.where('type', '=', 'P').where('delete_at', '=', 0)),
      post_count: await count('posts', (q) => q.where('delete_at', '=', 0)),
      unique_user_count: await count('users', (q) => q.where('delete_at', '=', 0).where('is_bot', '=', 0)),
      team_count: await count('teams', (q) => q.where('delete_at', '=', 0)),
      inactive_user_count: await count('users', (q) => q.where('delete_at', '>', 0).where('is_bot', '=', 0)),
      bot_count: await count('users', (q) => q.where('delete_at', '=', 0).where('is_bot', '=', 1)),
      session_count: await count('sessions', (q) => q.where('expires_at', '>', Date.now())),
    };
  }
}

/** The roles string (space-separated) holds `role`: exact token match, no LIKE wildcards from the name. */
function roleMatch(e: any, column: string, role: string) {
  return e.or([e(column, '=', role), e(column, 'like', `${role} %`), e(column, 'like', `% ${role}`), e(column, 'like', `% ${role} %`)]);
}

/** A member holds a built-in scheme role through its flag, or another role explicitly. */
function memberRoleMatch(e: any, alias: string, role: string, kind: 'team' | 'channel') {
  if (role === `${kind}_admin`) return e(`${alias}.scheme_admin`, '=', 1);
  if (role === `${kind}_user`) return e.and([e(`${alias}.scheme_user`, '=', 1), e(`${alias}.scheme_admin`, '=', 0)]);
  if (role === `${kind}_guest`) return e(`${alias}.scheme_guest`, '=', 1);
  return roleMatch(e, `${alias}.roles`, role);
}
