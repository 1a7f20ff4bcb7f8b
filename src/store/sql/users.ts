// Users, sessions, tokens, preferences and statuses.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB, UsersTable, SessionsTable } from './schema.ts';
import type { Driver } from './dialect.ts';
import { likeEscape, likeMatch } from './dialect.ts';
import { parseJson, b } from './json.ts';
import type { GroupCommit } from './group-commit.ts';
import type { Preference, Session, Status, UserWithSecrets } from '../../model/types.ts';

export function userFromRow(r: UsersTable): UserWithSecrets {
  return {
    id: r.id,
    create_at: r.create_at,
    update_at: r.update_at,
    delete_at: r.delete_at,
    username: r.username,
    password: r.password,
    auth_data: r.auth_data ?? '',
    auth_service: r.auth_service,
    email: r.email,
    email_verified: !!r.email_verified,
    nickname: r.nickname,
    first_name: r.first_name,
    last_name: r.last_name,
    position: r.position,
    roles: r.roles,
    props: parseJson(r.props, {}),
    notify_props: parseJson(r.notify_props, {}),
    last_password_update: r.last_password_update,
    last_picture_update: r.last_picture_update,
    failed_attempts: r.failed_attempts,
    locale: r.locale,
    timezone: parseJson(r.timezone, {}),
    mfa_active: !!r.mfa_active,
    is_bot: !!r.is_bot,
    bot_description: r.bot_description,
    last_activity_at: r.last_activity_at,
    disable_welcome_email: false,
  };
}

export function userToRow(u: UserWithSecrets): UsersTable {
  return {
    id: u.id,
    create_at: u.create_at,
    update_at: u.update_at,
    delete_at: u.delete_at,
    username: u.username,
    password: u.password,
    auth_data: u.auth_data || null,
    auth_service: u.auth_service,
    email: u.email,
    email_verified: b(u.email_verified),
    nickname: u.nickname,
    first_name: u.first_name,
    last_name: u.last_name,
    position: u.position,
    roles: u.roles,
    props: JSON.stringify(u.props ?? {}),
    notify_props: JSON.stringify(u.notify_props ?? {}),
    last_password_update: u.last_password_update,
    last_picture_update: u.last_picture_update,
    failed_attempts: u.failed_attempts ?? 0,
    locale: u.locale,
    timezone: JSON.stringify(u.timezone ?? {}),
    mfa_active: b(u.mfa_active),
    is_bot: b(u.is_bot),
    bot_description: u.bot_description ?? '',
    last_activity_at: u.last_activity_at ?? 0,
  };
}

export interface UserQuery {
  inTeam?: string;
  notInTeam?: string;
  inChannel?: string;
  notInChannel?: string;
  withoutTeam?: boolean;
  active?: boolean;
  inactive?: boolean;
  role?: string;
  /** Mattermost's `roles` / `team_roles` / `channel_roles`: a user matching any of them is listed. */
  roles?: string[];
  teamRoles?: string[];
  channelRoles?: string[];
  /** `admin` (channel admins first) and `status` (online, away, dnd, offline) need `inChannel`. */
  sort?: 'username' | 'create_at' | 'last_activity_at' | 'admin' | 'status';
  offset: number;
  limit: number;
  ids?: string[];
}

type UserFilterBuilder = ExpressionBuilder<DB, 'users'>;

/**
 * Mattermost's multi-role filter: system roles by the user's roles (`system_user` only when it is all they are), team
 * and channel roles by the membership's scheme flags in `inTeam` / `inChannel`.
 */
function roleFilters(e: UserFilterBuilder, q: UserQuery): Expression<SqlBool>[] {
  const ors: Expression<SqlBool>[] = [];
  for (const r of q.roles ?? []) {
    ors.push(
      r === 'system_user' ? e('users.roles', '=', r) : sql<SqlBool>`${sql.ref('users.roles')} like ${`%${likeEscape(r)}%`} escape '\\'`,
    );
  }
  const scheme = (role: string, kind: 'team' | 'channel'): [string, number][] =>
    role === `${kind}_admin`
      ? [['scheme_admin', 1]]
      : role === `${kind}_guest`
        ? [['scheme_guest', 1]]
        : [
            ['scheme_user', 1],
            ['scheme_admin', 0],
          ];
  for (const r of q.teamRoles ?? []) {
    if (!q.inTeam) break;
    let sub = e
      .selectFrom('team_members as tr')
      .select('tr.user_id')
      .whereRef('tr.user_id', '=', 'users.id')
      .where('tr.team_id', '=', q.inTeam)
      .where('tr.delete_at', '=', 0);
    for (const [col, v] of scheme(r, 'team')) sub = sub.where(sql.ref(`tr.${col}`), '=', v);
    ors.push(e.exists(sub));
  }
  for (const r of q.channelRoles ?? []) {
    if (!q.inChannel) break;
    let sub = e
      .selectFrom('channel_members as cr')
      .select('cr.user_id')
      .whereRef('cr.user_id', '=', 'users.id')
      .where('cr.channel_id', '=', q.inChannel);
    for (const [col, v] of scheme(r, 'channel')) sub = sub.where(sql.ref(`cr.${col}`), '=', v);
    ors.push(e.exists(sub));
  }
  return ors;
}

export class UserStore {
  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  async save(u: UserWithSecrets): Promise<void> {
    await this.db.insertInto('users').values(userToRow(u)).execute();
  }

  /** Inserts many new accounts (an import's), 100 rows a statement. */
  async saveMany(users: readonly UserWithSecrets[]): Promise<void> {
    for (let i = 0; i < users.length; i += 100)
      await this.db
        .insertInto('users')
        .values(users.slice(i, i + 100).map(userToRow))
        .execute();
  }

  async update(u: UserWithSecrets): Promise<void> {
    const { id, ...rest } = userToRow(u);
    await this.db.updateTable('users').set(rest).where('id', '=', id).execute();
  }

  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('users')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async get(id: string): Promise<UserWithSecrets | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return r && userFromRow(r);
  }

  async getMany(ids: string[]): Promise<UserWithSecrets[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
    return rows.map(userFromRow);
  }

  async getByUsername(username: string): Promise<UserWithSecrets | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
    return r && userFromRow(r);
  }

  async getByUsernames(names: string[]): Promise<UserWithSecrets[]> {
    if (names.length === 0) return [];
    const rows = await this.db
      .selectFrom('users')
      .selectAll()
      .where(
        'username',
        'in',
        names.map((n) => n.toLowerCase()),
      )
      .execute();
    return rows.map(userFromRow);
  }

  async getByEmail(email: string): Promise<UserWithSecrets | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    return r && userFromRow(r);
  }

  /** Lists users filtered by membership and activity, ordered by username (Mattermost's default). */
  async list(q: UserQuery): Promise<UserWithSecrets[]> {
    let query = this.db.selectFrom('users').selectAll('users');
    if (q.ids) query = query.where('users.id', 'in', q.ids.length ? q.ids : ['']);
    if (q.inTeam) {
      query = query.where((e) =>
        e.exists(
          e
            .selectFrom('team_members as tm')
            .select('tm.user_id')
            .whereRef('tm.user_id', '=', 'users.id')
            .where('tm.team_id', '=', q.inTeam!)
            .where('tm.delete_at', '=', 0),
        ),
      );
    }
    if (q.notInTeam) {
      query = query.where((e) =>
        e.not(
          e.exists(
            e
              .selectFrom('team_members as tm')
              .select('tm.user_id')
              .whereRef('tm.user_id', '=', 'users.id')
              .where('tm.team_id', '=', q.notInTeam!)
              .where('tm.delete_at', '=', 0),
          ),
        ),
      );
    }
    if (q.withoutTeam) {
      query = query.where((e) =>
        e.not(
          e.exists(
            e.selectFrom('team_members as tm').select('tm.user_id').whereRef('tm.user_id', '=', 'users.id').where('tm.delete_at', '=', 0),
          ),
        ),
      );
    }
    if (q.inChannel) {
      query = query.where((e) =>
        e.exists(
          e
            .selectFrom('channel_members as cm')
            .select('cm.user_id')
            .whereRef('cm.user_id', '=', 'users.id')
            .where('cm.channel_id', '=', q.inChannel!),
        ),
      );
    }
    if (q.notInChannel) {
      query = query.where((e) =>
        e.not(
          e.exists(
            e
              .selectFrom('channel_members as cm')
              .select('cm.user_id')
              .whereRef('cm.user_id', '=', 'users.id')
              .where('cm.channel_id', '=', q.notInChannel!),
          ),
        ),
      );
    }
    if (q.active) query = query.where('users.delete_at', '=', 0);
    if (q.inactive) query = query.where('users.delete_at', '>', 0);
    if (q.role) query = query.where(sql<boolean>`${sql.ref('users.roles')} like ${`%${likeEscape(q.role)}%`} escape '\\'`);
    if (q.roles?.length || q.teamRoles?.length || q.channelRoles?.length) query = query.where((e) => e.or(roleFilters(e, q)));
    const sort = q.sort ?? 'username';
    if (sort === 'admin' && q.inChannel) {
      const admin = sql<number>`(select cm.scheme_admin from channel_members cm where cm.channel_id = ${q.inChannel} and cm.user_id = users.id)`;
      query = query.orderBy(admin, 'desc').orderBy('users.username', 'asc');
    } else if (sort === 'status') {
      const rank = sql<number>`coalesce((select case s.status when 'online' then 0 when 'away' then 1 when 'dnd' then 2 else 3 end from status s where s.user_id = users.id), 3)`;
      query = query.orderBy(rank, 'asc').orderBy('users.username', 'asc');
    } else if (sort === 'create_at' || sort === 'last_activity_at') query = query.orderBy(`users.${sort}`, 'desc');
    else query = query.orderBy('users.username', 'asc');
    const rows = await query.limit(q.limit).offset(q.offset).execute();
    return rows.map(userFromRow);
  }

  /** Prefix search over username, names, nickname (and email when allowed), active users only unless asked. */
  async search(
    term: string,
    opts: { limit: number; inTeam?: string; inChannel?: string; notInChannel?: string; allowEmails: boolean; allowInactive?: boolean },
  ): Promise<UserWithSecrets[]> {
    const t = term.trim().replace(/^@/, '').toLowerCase();
    const pat = likeEscape(t) + '%';
    let query = this.db.selectFrom('users').selectAll('users');
    if (t) {
      query = query.where((e) => {
        const ors = [
          likeMatch(this.driver, 'users.username', pat),
          likeMatch(this.driver, 'users.first_name', pat),
          likeMatch(this.driver, 'users.last_name', pat),
          likeMatch(this.driver, 'users.nickname', pat),
        ];
        if (opts.allowEmails) ors.push(likeMatch(this.driver, 'users.email', pat));
        return e.or(ors);
      });
    }
    if (!opts.allowInactive) query = query.where('users.delete_at', '=', 0);
    if (opts.inTeam) {
      query = query.where((e) =>
        e.exists(
          e
            .selectFrom('team_members as tm')
            .select('tm.user_id')
            .whereRef('tm.user_id', '=', 'users.id')
            .where('tm.team_id', '=', opts.inTeam!)
            .where('tm.delete_at', '=', 0),
        ),
      );
    }
    if (opts.inChannel) {
      query = query.where((e) =>
        e.exists(
          e
            .selectFrom('channel_members as cm')
            .select('cm.user_id')
            .whereRef('cm.user_id', '=', 'users.id')
            .where('cm.channel_id', '=', opts.inChannel!),
        ),
      );
    }
    if (opts.notInChannel) {
      query = query.where((e) =>
        e.not(
          e.exists(
            e
              .selectFrom('channel_members as cm')
              .select('cm.user_id')
              .whereRef('cm.user_id', '=', 'users.id')
              .where('cm.channel_id', '=', opts.notInChannel!),
          ),
        ),
      );
    }
    const rows = await query.orderBy('users.username').limit(opts.limit).execute();
    return rows.map(userFromRow);
  }

  async touchUpdateAt(id: string, at: number): Promise<void> {
    await this.db.updateTable('users').set({ update_at: at }).where('id', '=', id).execute();
  }

  /** Counts one password attempt in a single statement (parallel attempts each count) and returns the new count. */
  async incrementFailedAttempts(id: string): Promise<number> {
    const r = await this.db
      .updateTable('users')
      .set({ failed_attempts: sql<number>`${sql.ref('failed_attempts')} + 1` })
      .where('id', '=', id)
      .returning('failed_attempts')
      .executeTakeFirst();
    return Number(r?.failed_attempts ?? 0);
  }

  /** Sets the failed password attempts (0 after a right password), touching nothing else of the row. */
  async setFailedAttempts(id: string, n: number): Promise<void> {
    await this.db.updateTable('users').set({ failed_attempts: n }).where('id', '=', id).execute();
  }
}

function sessionFromRow(r: SessionsTable): Session {
  return {
    id: r.id,
    token: r.token,
    create_at: r.create_at,
    expires_at: r.expires_at,
    last_activity_at: r.last_activity_at,
    user_id: r.user_id,
    device_id: r.device_id,
    roles: r.roles,
    is_oauth: !!r.is_oauth,
    props: parseJson(r.props, {}),
  };
}

export class SessionStore {
  constructor(private db: Kysely<DB>) {}

  async save(s: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        id: s.id,
        token: s.token,
        create_at: s.create_at,
        expires_at: s.expires_at,
        last_activity_at: s.last_activity_at,
        user_id: s.user_id,
        device_id: s.device_id,
        roles: s.roles,
        is_oauth: b(s.is_oauth),
        props: JSON.stringify(s.props),
      })
      .execute();
  }

  async getByToken(token: string): Promise<Session | undefined> {
    const r = await this.db.selectFrom('sessions').selectAll().where('token', '=', token).executeTakeFirst();
    return r && sessionFromRow(r);
  }

  async get(id: string): Promise<Session | undefined> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && sessionFromRow(r);
  }

  async listForUser(userId: string): Promise<Session[]> {
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('last_activity_at', 'desc')
      .execute();
    return rows.map(sessionFromRow);
  }

  /** The sessions with a device id of many users in one query (the push fan-out of one post). */
  async listWithDeviceForUsers(userIds: string[]): Promise<Session[]> {
    if (!userIds.length) return [];
    const rows = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', 'in', userIds)
      .where('device_id', '!=', '')
      .orderBy('last_activity_at', 'desc')
      .execute();
    return rows.map(sessionFromRow);
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Removes sessions of a user (optionally only those with a device id, or all but one); returns the removed tokens. */
  async removeForUser(userId: string, opts: { deviceId?: string; exceptId?: string } = {}): Promise<string[]> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (opts.deviceId) q = q.where('device_id', '=', opts.deviceId);
    if (opts.exceptId) q = q.where('id', '!=', opts.exceptId);
    const rows = await q.returning('token').execute();
    return rows.map((r) => r.token);
  }

  async updateRoles(userId: string, roles: string): Promise<void> {
    await this.db.updateTable('sessions').set({ roles }).where('user_id', '=', userId).execute();
  }

  async touch(id: string, at: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_activity_at: at }).where('id', '=', id).execute();
  }

  async update(s: Session): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ device_id: s.device_id, expires_at: s.expires_at, props: JSON.stringify(s.props), roles: s.roles })
      .where('id', '=', s.id)
      .execute();
  }
}

export interface Token {
  token: string;
  create_at: number;
  type: string;
  extra: string;
}

export class TokenStore {
  constructor(private db: Kysely<DB>) {}
  async save(t: Token): Promise<void> {
    await this.db.insertInto('tokens').values(t).execute();
  }
  async get(token: string): Promise<Token | undefined> {
    return this.db.selectFrom('tokens').selectAll().where('token', '=', token).executeTakeFirst();
  }
  async remove(token: string): Promise<void> {
    await this.db.deleteFrom('tokens').where('token', '=', token).execute();
  }
  async removeByType(type: string): Promise<number> {
    const r = await this.db.deleteFrom('tokens').where('type', '=', type).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
  async listByType(type: string): Promise<Token[]> {
    return this.db.selectFrom('tokens').selectAll().where('type', '=', type).execute();
  }
}

export class PreferenceStore {
  constructor(private db: Kysely<DB>) {}
  async list(userId: string, category?: string, name?: string): Promise<Preference[]> {
    let q = this.db.selectFrom('preferences').selectAll().where('user_id', '=', userId);
    if (category) q = q.where('category', '=', category);
    if (name) q = q.where('name', '=', name);
    return q.orderBy('category').orderBy('name').execute();
  }
  async save(prefs: Preference[]): Promise<void> {
    for (const p of prefs) {
      await this.db
        .insertInto('preferences')
        .values(p)
        .onConflict((oc) => oc.columns(['user_id', 'category', 'name']).doUpdateSet({ value: p.value }))
        .execute();
    }
  }
  async remove(prefs: Preference[]): Promise<void> {
    for (const p of prefs) {
      await this.db
        .deleteFrom('preferences')
        .where('user_id', '=', p.user_id)
        .where('category', '=', p.category)
        .where('name', '=', p.name)
        .execute();
    }
  }
  async removeCategory(userId: string, category: string): Promise<void> {
    await this.db.deleteFrom('preferences').where('user_id', '=', userId).where('category', '=', category).execute();
  }
}

export class StatusStore {
  /** `group`: SQLite's group commit for the status upsert (a socket opening or closing is one). */
  constructor(
    private db: Kysely<DB>,
    private group?: GroupCommit,
  ) {}
  async get(userIds: string[]): Promise<Status[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db.selectFrom('status').selectAll().where('user_id', 'in', userIds).execute();
    return rows.map((r) => ({
      user_id: r.user_id,
      status: r.status as Status['status'],
      manual: !!r.manual,
      last_activity_at: r.last_activity_at,
      dnd_end_time: r.dnd_end_time,
    }));
  }
  /** Remembers the status DND replaced, so an expiring DND can return to it. */
  async setPrevStatus(userId: string, prev: string): Promise<void> {
    await this.db.updateTable('status').set({ prev_status: prev }).where('user_id', '=', userId).execute();
  }
  /** DND statuses whose end time (epoch seconds) has passed: each returns to its previous status, non-manual. */
  async expireDnd(nowSeconds: number): Promise<Status[]> {
    const rows = await this.db
      .selectFrom('status')
      .selectAll()
      .where('status', '=', 'dnd')
      .where('dnd_end_time', '>', 0)
      .where('dnd_end_time', '<=', nowSeconds)
      .execute();
    const out: Status[] = [];
    for (const r of rows) {
      const status = (r.prev_status || 'online') as Status['status'];
      const res = await this.db
        .updateTable('status')
        .set({ status, prev_status: 'dnd', dnd_end_time: 0, manual: 0 })
        .where('user_id', '=', r.user_id)
        .where('status', '=', 'dnd')
        .where('dnd_end_time', '=', r.dnd_end_time)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) > 0)
        out.push({ user_id: r.user_id, status, manual: false, last_activity_at: r.last_activity_at, dnd_end_time: 0 });
    }
    return out;
  }
  async save(s: Status): Promise<void> {
    const row = {
      user_id: s.user_id,
      status: s.status,
      manual: b(s.manual),
      last_activity_at: s.last_activity_at,
      dnd_end_time: s.dnd_end_time,
      prev_status: '',
    };
    const write = (db: Kysely<DB>) =>
      db
        .insertInto('status')
        .values(row)
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            status: row.status,
            manual: row.manual,
            last_activity_at: row.last_activity_at,
            dnd_end_time: row.dnd_end_time,
          }),
        )
        .execute();
    await (this.group ? this.group.run(write) : write(this.db));
  }
}
