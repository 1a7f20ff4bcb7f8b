// Bulk import (Slack): the look-ups that decide what an import merges into, batched member inserts and counter recounts.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { Driver } from './dialect.ts';
import { newMemberRow } from './channels.ts';

/** Rows per statement: well under both databases' bound-parameter limits for the widest row written here. */
const BATCH = 500;

function* batches<T>(items: readonly T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += BATCH) yield items.slice(i, i + BATCH);
}

async function eachBatch<T>(items: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (const chunk of batches(items)) await write(chunk);
}

/** A root's reply stats from its live replies (correlated on `posts.id`). */
const REPLY_STATS = {
  reply_count: sql<number>`(select count(*) from posts r where r.root_id = posts.id and r.delete_at = 0)`,
  last_reply_at: sql<number>`coalesce((select max(r.create_at) from posts r where r.root_id = posts.id and r.delete_at = 0), 0)`,
};

/** A channel's counters from its live posts (correlated on `channels.id`); last post times kept when it has none. */
const CHANNEL_COUNTERS = {
  total_msg_count: sql<number>`(select count(*) from posts p where p.channel_id = channels.id and p.delete_at = 0)`,
  total_msg_count_root: sql<number>`(select count(*) from posts p where p.channel_id = channels.id and p.delete_at = 0 and p.root_id = '')`,
  last_post_at: sql<number>`coalesce((select max(p.create_at) from posts p where p.channel_id = channels.id and p.delete_at = 0), channels.last_post_at)`,
  last_root_post_at: sql<number>`coalesce((select max(p.create_at) from posts p where p.channel_id = channels.id and p.delete_at = 0 and p.root_id = ''), channels.last_root_post_at)`,
};

export interface ChannelMemberKey {
  channel_id: string;
  user_id: string;
}

export interface PostFingerprint {
  id: string;
  user_id: string;
  create_at: number;
  message: string;
}

export class ImportStore {
  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  /** Accounts whose e-mail matches one of `emails` (given lower-case) case-insensitively, keyed by lower-cased e-mail. */
  async usersByEmail(emails: readonly string[]): Promise<Map<string, { id: string; username: string }>> {
    const found = new Map<string, { id: string; username: string }>();
    for (const chunk of batches(emails)) {
      const rows = await this.db
        .selectFrom('users')
        .select(['id', 'username', 'email'])
        .where(sql`lower(email)`, 'in', chunk)
        .execute();
      for (const r of rows) found.set(r.email.toLowerCase(), { id: r.id, username: r.username });
    }
    return found;
  }

  /** Every username in use (deactivated accounts included), lower-cased. */
  async usernames(): Promise<Set<string>> {
    return new Set((await this.db.selectFrom('users').select('username').execute()).map((r) => r.username.toLowerCase()));
  }

  /** Channels named one of `names` in the team or among DMs/GMs (team_id ''), deleted ones included, keyed by name. */
  async channelsByName(teamId: string, names: readonly string[]): Promise<Map<string, { id: string; delete_at: number }>> {
    const found = new Map<string, { id: string; delete_at: number }>();
    for (const chunk of batches(names)) {
      const rows = await this.db
        .selectFrom('channels')
        .select(['id', 'name', 'delete_at'])
        .where('name', 'in', chunk)
        .where((e) => e.or([e('team_id', '=', teamId), e('team_id', '=', '')]))
        .execute();
      for (const r of rows) found.set(r.name, { id: r.id, delete_at: r.delete_at });
    }
    return found;
  }

  /** The oldest account whose username starts with `usernamePrefix` and whose e-mail is @localhost (an earlier import's bot). */
  async firstImportBotId(usernamePrefix: string): Promise<string | undefined> {
    const r = await this.db
      .selectFrom('users')
      .select('id')
      .where('username', 'like', `${usernamePrefix}%`)
      .where('email', 'like', '%@localhost')
      .orderBy('create_at')
      .executeTakeFirst();
    return r?.id;
  }

  /** The channel's live posts created within [from, to] (inclusive), as what identifies a repeated post. */
  async livePostsBetween(channelId: string, from: number, to: number): Promise<PostFingerprint[]> {
    return this.db
      .selectFrom('posts')
      .select(['id', 'user_id', 'create_at', 'message'])
      .where('channel_id', '=', channelId)
      .where('create_at', '>=', from)
      .where('create_at', '<=', to)
      .where('delete_at', '=', 0)
      .execute();
  }

  /** Adds each (channel, user) not already a member, with default roles and notify props; returns the pairs added. */
  async addChannelMembers(members: readonly ChannelMemberKey[], at: number): Promise<ChannelMemberKey[]> {
    const added: ChannelMemberKey[] = [];
    for (const chunk of batches(members)) {
      const rows = await this.db
        .insertInto('channel_members')
        .values(chunk.map((m) => newMemberRow(m.channel_id, m.user_id, at)))
        .onConflict((oc) => oc.columns(['channel_id', 'user_id']).doNothing())
        .returning(['channel_id', 'user_id'])
        .execute();
      added.push(...rows);
    }
    return added;
  }

  /** Recomputes reply_count and last_reply_at of the given roots from their live replies; update_at is left alone. */
  async recountReplies(rootIds: readonly string[]): Promise<void> {
    await eachBatch(rootIds, (ids) => this.db.updateTable('posts').set(REPLY_STATS).where('id', 'in', ids).execute());
  }

  /** Recomputes the channels' message counts (all, roots) and last post times from their live posts (kept when none). */
  async recountChannels(channelIds: readonly string[]): Promise<void> {
    await eachBatch(channelIds, (ids) => this.db.updateTable('channels').set(CHANNEL_COUNTERS).where('id', 'in', ids).execute());
  }

  /**
   * A channel's counters from its live posts (what recountChannels would set), for a channel whose row is not written
   * yet: an import writes a new channel's posts first and the channel, with these, when it commits.
   */
  async channelCounters(
    channelId: string,
  ): Promise<{ total_msg_count: number; total_msg_count_root: number; last_post_at: number; last_root_post_at: number }> {
    const r = await this.db
      .selectFrom('posts')
      .select([
        sql<number>`count(*)`.as('total'),
        sql<number>`coalesce(sum(case when root_id = '' then 1 else 0 end), 0)`.as('roots'),
        sql<number>`coalesce(max(create_at), 0)`.as('last'),
        sql<number>`coalesce(max(case when root_id = '' then create_at end), 0)`.as('last_root'),
      ])
      .where('channel_id', '=', channelId)
      .where('delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    const n = (v: unknown) => Number(v ?? 0);
    return { total_msg_count: n(r.total), total_msg_count_root: n(r.roots), last_post_at: n(r.last), last_root_post_at: n(r.last_root) };
  }

  /** Which of `channelIds` have a channel row (deleted ones included). */
  async existingChannelIds(channelIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const chunk of batches(channelIds))
      for (const r of await this.db.selectFrom('channels').select('id').where('id', 'in', chunk).execute()) found.add(r.id);
    return found;
  }

  /**
   * Deletes up to `limit` of the posts, then of the file infos, in the given channels (an import's rows written ahead
   * of channels it never created), and their memberships; returns how many rows it deleted, 0 once none is left.
   */
  async discardChannelRows(channelIds: readonly string[], limit: number): Promise<number> {
    if (!channelIds.length) return 0;
    const members = await this.db.deleteFrom('channel_members').where('channel_id', 'in', channelIds).executeTakeFirst();
    const posts = await this.db
      .deleteFrom('posts')
      .where('id', 'in', (q) => q.selectFrom('posts').select('id').where('channel_id', 'in', channelIds).limit(limit))
      .executeTakeFirst();
    const deleted = Number(members.numDeletedRows) + Number(posts.numDeletedRows);
    if (deleted) return deleted;
    const files = await this.db
      .deleteFrom('file_info')
      .where('id', 'in', (q) => q.selectFrom('file_info').select('id').where('channel_id', 'in', channelIds).limit(limit))
      .executeTakeFirst();
    return Number(files.numDeletedRows);
  }

  /** Deactivates those of the given users still active: delete_at = update_at = `at`. */
  async deactivateUsers(userIds: readonly string[], at: number): Promise<void> {
    const deactivated = { delete_at: at, update_at: at };
    await eachBatch(userIds, (ids) =>
      this.db.updateTable('users').set(deactivated).where('id', 'in', ids).where('delete_at', '=', 0).execute(),
    );
  }
}
