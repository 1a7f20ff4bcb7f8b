// Bot accounts and personal access tokens. A bot's username and display name live on its user row (first_name).
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { b } from './json.ts';
import { likeEscape, likeMatch, type Driver } from './dialect.ts';
import type { Bot, BotRecord, UserAccessToken } from '../../model/bots.ts';

/** The bots row is the model's BotRecord. */
export type BotsTable = BotRecord;

export interface UserAccessTokensTable {
  id: string;
  token: string;
  user_id: string;
  description: string;
  is_active: number;
  expires_at: number;
}

declare module './schema.ts' {
  interface DB {
    bots: BotsTable;
    user_access_tokens: UserAccessTokensTable;
  }
}

type BotRow = BotsTable & { username: string; first_name: string };

function botFromRow(r: BotRow): Bot {
  const bot: Bot = {
    user_id: r.user_id,
    username: r.username,
    owner_id: r.owner_id,
    create_at: Number(r.create_at),
    update_at: Number(r.update_at),
    delete_at: Number(r.delete_at),
  };
  // Mattermost omits these when empty.
  if (r.first_name) bot.display_name = r.first_name;
  if (r.description) bot.description = r.description;
  if (Number(r.last_icon_update)) bot.last_icon_update = Number(r.last_icon_update);
  return bot;
}

export interface BotQuery {
  ownerId?: string;
  includeDeleted: boolean;
  onlyOrphaned: boolean;
  offset: number;
  limit: number;
}

export class BotStore {
  constructor(private db: Kysely<DB>) {}

  private select() {
    return this.db
      .selectFrom('bots')
      .innerJoin('users', 'users.id', 'bots.user_id')
      .selectAll('bots')
      .select(['users.username', 'users.first_name']);
  }

  async save(r: BotRecord): Promise<void> {
    await this.db.insertInto('bots').values(r).execute();
  }

  async update(r: BotRecord): Promise<void> {
    await this.db
      .updateTable('bots')
      .set({
        description: r.description,
        owner_id: r.owner_id,
        last_icon_update: r.last_icon_update,
        update_at: r.update_at,
        delete_at: r.delete_at,
      })
      .where('user_id', '=', r.user_id)
      .execute();
  }

  async get(userId: string, includeDeleted = true): Promise<Bot | undefined> {
    let q = this.select().where('bots.user_id', '=', userId);
    if (!includeDeleted) q = q.where('bots.delete_at', '=', 0);
    const r = await q.executeTakeFirst();
    return r && botFromRow(r);
  }

  async getRecord(userId: string): Promise<BotRecord | undefined> {
    return this.db.selectFrom('bots').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** Bots by username, oldest first; orphaned = the owner is deactivated or gone (as Mattermost's GetAll). */
  async list(q: BotQuery): Promise<Bot[]> {
    let s = this.select();
    if (q.ownerId) s = s.where('bots.owner_id', '=', q.ownerId);
    if (!q.includeDeleted) s = s.where('bots.delete_at', '=', 0);
    if (q.onlyOrphaned)
      s = s.where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('users as owner').select('owner.id').whereRef('owner.id', '=', 'bots.owner_id').where('owner.delete_at', '=', 0),
          ),
        ),
      );
    const rows = await s.orderBy('users.username').limit(q.limit).offset(q.offset).execute();
    return rows.map(botFromRow);
  }

  async remove(userId: string): Promise<void> {
    await this.db.deleteFrom('bots').where('user_id', '=', userId).execute();
  }
}

function tokenFromRow(r: UserAccessTokensTable): UserAccessToken {
  return {
    id: r.id,
    token: r.token,
    user_id: r.user_id,
    description: r.description,
    is_active: !!r.is_active,
    expires_at: Number(r.expires_at),
  };
}

export class UserAccessTokenStore {
  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  async save(t: UserAccessToken & { token: string }): Promise<void> {
    await this.db
      .insertInto('user_access_tokens')
      .values({ ...t, is_active: b(t.is_active) })
      .execute();
  }

  async get(id: string): Promise<UserAccessToken | undefined> {
    const r = await this.db.selectFrom('user_access_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return r && tokenFromRow(r);
  }

  async getByToken(token: string): Promise<UserAccessToken | undefined> {
    const r = await this.db.selectFrom('user_access_tokens').selectAll().where('token', '=', token).executeTakeFirst();
    return r && tokenFromRow(r);
  }

  async listForUser(userId: string, offset: number, limit: number): Promise<UserAccessToken[]> {
    const rows = await this.db
      .selectFrom('user_access_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(tokenFromRow);
  }

  async list(offset: number, limit: number): Promise<UserAccessToken[]> {
    const rows = await this.db.selectFrom('user_access_tokens').selectAll().orderBy('id').limit(limit).offset(offset).execute();
    return rows.map(tokenFromRow);
  }

  /** Tokens whose id or user id is `term`, or whose user's username starts with it (Mattermost's Search). */
  async search(term: string, limit: number): Promise<UserAccessToken[]> {
    const prefix = likeEscape(term.toLowerCase()) + '%';
    const rows = await this.db
      .selectFrom('user_access_tokens')
      .innerJoin('users', 'users.id', 'user_access_tokens.user_id')
      .selectAll('user_access_tokens')
      .where((eb) =>
        eb.or([
          eb('user_access_tokens.id', '=', term),
          eb('user_access_tokens.user_id', '=', term),
          likeMatch(this.driver, 'users.username', prefix),
        ]),
      )
      .orderBy('user_access_tokens.id')
      .limit(limit)
      .execute();
    return rows.map(tokenFromRow);
  }

  async setActive(id: string, active: boolean): Promise<void> {
    await this.db
      .updateTable('user_access_tokens')
      .set({ is_active: b(active) })
      .where('id', '=', id)
      .execute();
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('user_access_tokens').where('id', '=', id).execute();
  }

  async removeForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('user_access_tokens').where('user_id', '=', userId).execute();
  }
}
