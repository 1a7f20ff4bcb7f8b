// Drafts: one row per (user, channel, thread root), upserted as the user types and deleted when sent or emptied.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { Driver } from './dialect.ts';
import { parseJson } from './json.ts';
import type { Draft } from '../../model/drafts.ts';

export interface DraftsTable {
  user_id: string;
  channel_id: string;
  root_id: string;
  create_at: number;
  update_at: number;
  message: string;
  props: string;
  file_ids: string;
  priority: string;
}

declare module './schema.ts' {
  interface DB {
    drafts: DraftsTable;
  }
}

function fromRow(r: DraftsTable): Draft {
  const fileIds = parseJson<string[]>(r.file_ids, []);
  const priority = parseJson<Record<string, unknown>>(r.priority, {});
  return {
    create_at: Number(r.create_at),
    update_at: Number(r.update_at),
    delete_at: 0,
    user_id: r.user_id,
    channel_id: r.channel_id,
    root_id: r.root_id,
    message: r.message,
    props: parseJson(r.props, {}),
    ...(fileIds.length ? { file_ids: fileIds } : {}),
    ...(Object.keys(priority).length ? { priority } : {}),
  };
}

/** Where a draft is kept: its user, channel and thread root ('' for the channel itself). */
export interface DraftKey {
  user_id: string;
  channel_id: string;
  root_id: string;
}

export class DraftStore {
  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  async get(userId: string, channelId: string, rootId: string): Promise<Draft | undefined> {
    const r = await this.db
      .selectFrom('drafts')
      .selectAll()
      .where('user_id', '=', userId)
      .where('channel_id', '=', channelId)
      .where('root_id', '=', rootId)
      .executeTakeFirst();
    return r && fromRow(r);
  }

  /**
   * The drafts kept under any of these keys, in one look-up: the keys go in as one JSON array, so that the statement's
   * text (and, on PostgreSQL, its prepared plan) is the same for any number of them. Each key is a primary-key probe.
   */
  async getMany(keys: DraftKey[]): Promise<Draft[]> {
    if (!keys.length) return [];
    const list = JSON.stringify(keys.map((k) => [k.user_id, k.channel_id, k.root_id]));
    const each =
      this.driver === 'postgres'
        ? sql`select k->>0, k->>1, k->>2 from jsonb_array_elements(${list}::jsonb) k`
        : sql`select value->>0, value->>1, value->>2 from json_each(${list})`;
    const rows = await sql<DraftsTable>`select * from drafts where (user_id, channel_id, root_id) in (${each})`.execute(this.db);
    return rows.rows.map(fromRow);
  }

  /**
   * Writes the draft (its create_at is the time of this write), keeping the create_at of the one it replaces; returns
   * it as stored and whether it is new. One statement: the conflict target is the primary key.
   */
  async upsert(d: Draft): Promise<{ draft: Draft; created: boolean }> {
    const row: DraftsTable = {
      user_id: d.user_id,
      channel_id: d.channel_id,
      root_id: d.root_id,
      create_at: d.create_at,
      update_at: d.update_at,
      message: d.message,
      props: JSON.stringify(d.props ?? {}),
      file_ids: JSON.stringify(d.file_ids ?? []),
      priority: JSON.stringify(d.priority ?? {}),
    };
    const r = await this.db
      .insertInto('drafts')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['user_id', 'channel_id', 'root_id']).doUpdateSet({
          update_at: row.update_at,
          message: row.message,
          props: row.props,
          file_ids: row.file_ids,
          priority: row.priority,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    // A conflict keeps the stored create_at, so the row is new exactly when it carries the one given here.
    return { draft: fromRow(r), created: Number(r.create_at) === row.create_at };
  }

  /** Deletes the draft; returns it when there was one. */
  async delete(userId: string, channelId: string, rootId: string): Promise<Draft | undefined> {
    const r = await this.db
      .deleteFrom('drafts')
      .where('user_id', '=', userId)
      .where('channel_id', '=', channelId)
      .where('root_id', '=', rootId)
      .returningAll()
      .executeTakeFirst();
    return r && fromRow(r);
  }

  /** Deletes every user's draft of a thread (its root post was deleted); returns them. */
  async deleteForThread(channelId: string, rootId: string): Promise<Draft[]> {
    const rows = await this.db
      .deleteFrom('drafts')
      .where('channel_id', '=', channelId)
      .where('root_id', '=', rootId)
      .returningAll()
      .execute();
    return rows.map(fromRow);
  }

  /**
   * The user's drafts in the team's channels and in their direct and group channels (which belong to every team),
   * newest first, those with text or files. Drafts of channels the user has left are not listed (Mattermost joins on ChannelMembers).
   */
  async forUserInTeam(userId: string, teamId: string): Promise<Draft[]> {
    const rows = await this.db
      .selectFrom('drafts as d')
      .innerJoin('channels as c', 'c.id', 'd.channel_id')
      .innerJoin('channel_members as m', (j) => j.onRef('m.channel_id', '=', 'd.channel_id').onRef('m.user_id', '=', 'd.user_id'))
      .selectAll('d')
      .where('d.user_id', '=', userId)
      .where('c.delete_at', '=', 0)
      .where((e) => e.or([e('c.team_id', '=', teamId), e('c.team_id', '=', '')]))
      .where((e) => e.or([e('d.message', '!=', ''), e('d.file_ids', '!=', '[]')]))
      .orderBy('d.update_at', 'desc')
      .limit(1000)
      .execute();
    return rows.map(fromRow);
  }
}
