// Teams and team memberships.
import { type Kysely } from 'kysely';
import type { DB, TeamsTable, TeamMembersTable } from './schema.ts';
import type { Driver } from './dialect.ts';
import { likeEscape, likeMatch } from './dialect.ts';
import { b } from './json.ts';
import type { Team, TeamMember } from '../../model/types.ts';

export function teamFromRow(r: TeamsTable): Team {
  return {
    id: r.id,
    create_at: r.create_at,
    update_at: r.update_at,
    delete_at: r.delete_at,
    display_name: r.display_name,
    name: r.name,
    description: r.description,
    email: r.email,
    type: r.type as Team['type'],
    company_name: r.company_name,
    allowed_domains: r.allowed_domains,
    invite_id: r.invite_id,
    allow_open_invite: !!r.allow_open_invite,
    last_team_icon_update: r.last_team_icon_update,
    scheme_id: r.scheme_id,
    group_constrained: !!r.group_constrained,
    policy_id: null,
    cloud_limits_archived: false,
  };
}

function teamToRow(t: Team): TeamsTable {
  return {
    id: t.id,
    create_at: t.create_at,
    update_at: t.update_at,
    delete_at: t.delete_at,
    display_name: t.display_name,
    name: t.name,
    description: t.description,
    email: t.email,
    type: t.type,
    company_name: t.company_name,
    allowed_domains: t.allowed_domains,
    invite_id: t.invite_id,
    allow_open_invite: b(t.allow_open_invite),
    last_team_icon_update: t.last_team_icon_update,
    scheme_id: t.scheme_id,
    group_constrained: b(t.group_constrained),
  };
}

export function teamMemberFromRow(r: TeamMembersTable): TeamMember {
  const schemeRoles = [r.scheme_guest ? 'team_guest' : '', r.scheme_user ? 'team_user' : '', r.scheme_admin ? 'team_admin' : ''];
  const explicit = r.roles;
  return {
    team_id: r.team_id,
    user_id: r.user_id,
    roles: r.delete_at ? '' : [...schemeRoles, explicit].filter(Boolean).join(' '),
    delete_at: r.delete_at,
    scheme_guest: !!r.scheme_guest,
    scheme_user: !!r.scheme_user,
    scheme_admin: !!r.scheme_admin,
    explicit_roles: explicit,
  };
}

export class TeamStore {
  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  async save(t: Team): Promise<void> {
    await this.db.insertInto('teams').values(teamToRow(t)).execute();
  }
  async update(t: Team): Promise<void> {
    const { id, ...rest } = teamToRow(t);
    await this.db.updateTable('teams').set(rest).where('id', '=', id).execute();
  }
  async get(id: string): Promise<Team | undefined> {
    const r = await this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    return r && teamFromRow(r);
  }
  async getByName(name: string): Promise<Team | undefined> {
    const r = await this.db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
    return r && teamFromRow(r);
  }
  async getByInviteId(inviteId: string): Promise<Team | undefined> {
    const r = await this.db.selectFrom('teams').selectAll().where('invite_id', '=', inviteId).where('delete_at', '=', 0).executeTakeFirst();
    return r && teamFromRow(r);
  }
  async list(opts: { offset: number; limit: number; openOnly?: boolean; includeDeleted?: boolean }): Promise<Team[]> {
    let q = this.db.selectFrom('teams').selectAll();
    if (opts.openOnly) q = q.where('allow_open_invite', '=', 1).where('type', '=', 'O');
    if (!opts.includeDeleted) q = q.where('delete_at', '=', 0);
    const rows = await q.orderBy('display_name').limit(opts.limit).offset(opts.offset).execute();
    return rows.map(teamFromRow);
  }
  async count(opts: { openOnly?: boolean }): Promise<number> {
    let q = this.db
      .selectFrom('teams')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('delete_at', '=', 0);
    if (opts.openOnly) q = q.where('allow_open_invite', '=', 1).where('type', '=', 'O');
    return Number((await q.executeTakeFirstOrThrow()).n);
  }
  async search(term: string, opts: { openOnly?: boolean }): Promise<Team[]> {
    const pat = likeEscape(term.toLowerCase()) + '%';
    let q = this.db
      .selectFrom('teams')
      .selectAll()
      .where('delete_at', '=', 0)
      .where((e) => e.or([likeMatch(this.driver, 'name', pat), likeMatch(this.driver, 'display_name', pat)]));
    if (opts.openOnly) q = q.where('allow_open_invite', '=', 1).where('type', '=', 'O');
    return (await q.orderBy('display_name').limit(100).execute()).map(teamFromRow);
  }
  /** Active teams the user belongs to. */
  async listForUser(userId: string): Promise<Team[]> {
    const rows = await this.db
      .selectFrom('teams')
      .innerJoin('team_members as tm', 'tm.team_id', 'teams.id')
      .selectAll('teams')
      .where('tm.user_id', '=', userId)
      .where('tm.delete_at', '=', 0)
      .where('teams.delete_at', '=', 0)
      .orderBy('teams.display_name')
      .execute();
    return rows.map(teamFromRow);
  }

  /** Inserts memberships that do not exist yet (an import's new accounts), 500 rows a statement. */
  async insertMembers(rows: readonly TeamMembersTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await this.db
        .insertInto('team_members')
        .values(rows.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
        .execute();
    }
  }

  async saveMember(m: TeamMembersTable): Promise<void> {
    await this.db
      .insertInto('team_members')
      .values(m)
      .onConflict((oc) =>
        oc.columns(['team_id', 'user_id']).doUpdateSet({
          roles: m.roles,
          delete_at: m.delete_at,
          scheme_user: m.scheme_user,
          scheme_admin: m.scheme_admin,
          scheme_guest: m.scheme_guest,
        }),
      )
      .execute();
  }
  async getMemberRow(teamId: string, userId: string): Promise<TeamMembersTable | undefined> {
    return this.db.selectFrom('team_members').selectAll().where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
  }
  async getMember(teamId: string, userId: string): Promise<TeamMember | undefined> {
    const r = await this.getMemberRow(teamId, userId);
    return r && teamMemberFromRow(r);
  }
  async listMembers(teamId: string, opts: { offset: number; limit: number; userIds?: string[] }): Promise<TeamMember[]> {
    let q = this.db.selectFrom('team_members').selectAll().where('team_id', '=', teamId).where('delete_at', '=', 0);
    if (opts.userIds) q = q.where('user_id', 'in', opts.userIds.length ? opts.userIds : ['']);
    const rows = await q.orderBy('user_id').limit(opts.limit).offset(opts.offset).execute();
    return rows.map(teamMemberFromRow);
  }
  async listMembersForUser(userId: string): Promise<TeamMember[]> {
    const rows = await this.db
      .selectFrom('team_members')
      .innerJoin('teams', 'teams.id', 'team_members.team_id')
      .selectAll('team_members')
      .where('team_members.user_id', '=', userId)
      .where('team_members.delete_at', '=', 0)
      .where('teams.delete_at', '=', 0)
      .execute();
    return rows.map(teamMemberFromRow);
  }
  async memberUserIds(teamId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('team_members')
      .select('user_id')
      .where('team_id', '=', teamId)
      .where('delete_at', '=', 0)
      .execute();
    return rows.map((r) => r.user_id);
  }
  async countMembers(teamId: string, activeUsersOnly = false): Promise<number> {
    let q = this.db
      .selectFrom('team_members')
      .innerJoin('users', 'users.id', 'team_members.user_id')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('team_members.team_id', '=', teamId)
      .where('team_members.delete_at', '=', 0);
    if (activeUsersOnly) q = q.where('users.delete_at', '=', 0);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }
  async softDeleteMember(teamId: string, userId: string, at: number): Promise<void> {
    await this.db
      .updateTable('team_members')
      .set({ delete_at: at, roles: '' })
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .execute();
  }
}
