// Custom emoji rows: names are unique among live emoji; deletion is soft.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { ilike, likeEscape, type Driver } from './dialect.ts';
import type { Emoji } from '../../model/files.ts';

export interface EmojiTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  name: string;
}

declare module './schema.ts' {
  interface DB {
    emoji: EmojiTable;
  }
}

function fromRow(r: EmojiTable): Emoji {
  return {
    id: r.id,
    create_at: Number(r.create_at),
    update_at: Number(r.update_at),
    delete_at: Number(r.delete_at),
    creator_id: r.creator_id,
    name: r.name,
  };
}

export class EmojiStore {
  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  /** Inserts an emoji; a live emoji of the same name makes this throw a unique violation. */
  async save(e: Emoji): Promise<void> {
    await this.db
      .insertInto('emoji')
      .values({ ...e })
      .execute();
  }

  async get(id: string): Promise<Emoji | undefined> {
    const r = await this.db.selectFrom('emoji').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
    return r && fromRow(r);
  }

  async getByName(name: string): Promise<Emoji | undefined> {
    const r = await this.db.selectFrom('emoji').selectAll().where('name', '=', name).where('delete_at', '=', 0).executeTakeFirst();
    return r && fromRow(r);
  }

  async getByNames(names: string[]): Promise<Emoji[]> {
    if (!names.length) return [];
    const rows = await this.db.selectFrom('emoji').selectAll().where('name', 'in', names).where('delete_at', '=', 0).execute();
    return rows.map(fromRow);
  }

  /** A page of live emoji, by creation (default) or by name (`sort = 'name'`). */
  async list(offset: number, limit: number, sort: '' | 'name'): Promise<Emoji[]> {
    let q = this.db.selectFrom('emoji').selectAll().where('delete_at', '=', 0);
    q = sort === 'name' ? q.orderBy('name', 'asc') : q.orderBy('create_at', 'asc').orderBy('id', 'asc');
    return (await q.limit(limit).offset(offset).execute()).map(fromRow);
  }

  /** Emoji whose name starts with (or, unless `prefixOnly`, contains) `term`, by name. */
  async search(term: string, prefixOnly: boolean, limit: number): Promise<Emoji[]> {
    const pattern = (prefixOnly ? '' : '%') + likeEscape(term) + '%';
    const rows = await this.db
      .selectFrom('emoji')
      .selectAll()
      .where('delete_at', '=', 0)
      .where(sql<boolean>`${sql.ref('name')} ${sql.raw(ilike(this.driver))} ${pattern} escape '\\'`)
      .orderBy('name', 'asc')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  async softDelete(id: string, at: number): Promise<void> {
    await this.db.updateTable('emoji').set({ delete_at: at, update_at: at }).where('id', '=', id).execute();
  }
}
