// The write of one new post: the post row, its channel's counters, the author's read mark and a root's reply stats.
// PostgreSQL does it in one statement (data-modifying CTEs, atomic without a transaction), for all the sends to a
// channel that arrived while its previous write was in flight; SQLite, which has no such CTEs and no round trips to
// save, runs the same writes as plain statements in one transaction.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { Driver } from './dialect.ts';
import type { Post } from '../../model/types.ts';
import { ChannelStore } from './channels.ts';
import { PostStore, postToRow } from './posts.ts';

/** A root's reply stats after a reply was written (what `posts.refreshReplyStats` leaves in its row). */
export interface ReplyStats {
  reply_count: number;
  last_reply_at: number;
  update_at: number;
}

interface Queued {
  post: Post;
  viewedBy: string;
  resolve(stats: ReplyStats | undefined): void;
  reject(err: unknown): void;
}

export class SendStore {
  /** PostgreSQL: at most this many sends in one statement (see savePostGrouped). */
  static readonly MAX_GROUP = 100;
  /** SQLite: sends waiting for the next group commit (see savePost). */
  private queued: Queued[] = [];
  /** PostgreSQL: per channel with a write in flight, the sends waiting for the next one (see savePostGrouped). */
  private waiting = new Map<string, Queued[]>();

  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  /**
   * Saves a new post and bumps its channel's counters (`channels.recordPost`); for a reply refreshes the root's
   * reply_count/last_reply_at (`posts.refreshReplyStats`) and returns them (undefined when the root row is gone);
   * with `viewedBy`, that member has read the channel up to the post (`channels.markViewed`). All or nothing, also
   * when called outside a transaction.
   *
   * SQLite, outside a transaction: the sends that arrive in the same turn of the event loop are written in one
   * transaction (group commit), each in a savepoint of its own so that one failing send fails alone. Each commit
   * costs SQLite a full-text index segment and a WAL append: under load, about a third of a post's write.
   * PostgreSQL, outside a transaction: the sends to a channel that arrive while its previous write is in flight are
   * written together in one statement (savePostGrouped); one that fails fails alone.
   */
  async savePost(post: Post, viewedBy: string): Promise<ReplyStats | undefined> {
    if (this.driver === 'postgres')
      return this.db.isTransaction
        ? this.writeInOneStatement([{ post, viewedBy }]).then((stats) => stats[0])
        : this.savePostGrouped(post, viewedBy);
    if (this.db.isTransaction) return this.writeOne(this.db, post, viewedBy);
    return new Promise((resolve, reject) => {
      if (this.queued.push({ post, viewedBy, resolve, reject }) === 1) setImmediate(() => void this.commitQueued());
    });
  }

  private async commitQueued(): Promise<void> {
    const group = this.queued;
    this.queued = [];
    const results: Array<{ stats?: ReplyStats; err?: unknown; failed: boolean }> = [];
    try {
      await this.db.transaction().execute(async (tx) => {
        if (group.length === 1) {
          results.push({ stats: await this.writeOne(tx, group[0]!.post, group[0]!.viewedBy), failed: false });
          return;
        }
        for (const q of group) {
          await sql`savepoint send`.execute(tx);
          try {
            results.push({ stats: await this.writeOne(tx, q.post, q.viewedBy), failed: false });
          } catch (err) {
            await sql`rollback to send`.execute(tx);
            results.push({ err, failed: true });
          }
          await sql`release send`.execute(tx);
        }
      });
    } catch (err) {
      for (const q of group) q.reject(err);
      return;
    }
    group.forEach((q, i) => (results[i]!.failed ? q.reject(results[i]!.err) : q.resolve(results[i]!.stats)));
  }

  /** SQLite: the writes of one send, as plain statements on `db` (a transaction). */
  private async writeOne(db: Kysely<DB>, post: Post, viewedBy: string): Promise<ReplyStats | undefined> {
    const posts = new PostStore(db, this.driver);
    const channels = new ChannelStore(db, this.driver);
    await posts.save(post);
    await channels.recordPost(post.channel_id, post.create_at, !post.root_id);
    let stats: ReplyStats | undefined;
    if (post.root_id) {
      await posts.refreshReplyStats(post.root_id, post.create_at);
      stats = await db
        .selectFrom('posts')
        .select(['reply_count', 'last_reply_at', 'update_at'])
        .where('id', '=', post.root_id)
        .executeTakeFirst();
    }
    if (viewedBy) await channels.markViewed(post.channel_id, viewedBy, post.create_at);
    return stats;
  }

  /**
   * PostgreSQL, outside a transaction: one group write at a time per channel. A send for a channel with a write in
   * flight waits and goes with the others that arrived meanwhile (at most MAX_GROUP) in the next one statement. Every
   * write holds the channel's row lock (its counters) until its commit has been flushed to disk, a few milliseconds
   * here; one write per post made the posters to a channel queue on that lock, one flush each (the channels divided
   * by the flush time capped the posts per second, and each post waited for the flushes of those ahead of it). A
   * group pays one flush and one lock for all its posts. A group that fails is written again post by post, so one
   * failing send fails alone.
   */
  private savePostGrouped(post: Post, viewedBy: string): Promise<ReplyStats | undefined> {
    return new Promise((resolve, reject) => {
      const q: Queued = { post, viewedBy, resolve, reject };
      const waiting = this.waiting.get(post.channel_id);
      if (waiting) waiting.push(q);
      else {
        this.waiting.set(post.channel_id, []);
        void this.writeChannel(post.channel_id, [q]);
      }
    });
  }

  private async writeChannel(channelId: string, group: Queued[]): Promise<void> {
    for (;;) {
      await this.commitGroup(group);
      const waiting = this.waiting.get(channelId)!;
      if (!waiting.length) {
        this.waiting.delete(channelId);
        return;
      }
      group = waiting.splice(0, SendStore.MAX_GROUP);
    }
  }

  /** Writes a group and settles each of its sends; never throws. */
  private async commitGroup(group: Queued[]): Promise<void> {
    try {
      const stats = await this.writeInOneStatement(group);
      group.forEach((q, i) => q.resolve(stats[i]));
      return;
    } catch (err) {
      if (group.length === 1) return group[0]!.reject(err);
    }
    for (const q of group) {
      try {
        q.resolve((await this.writeInOneStatement([q]))[0]);
      } catch (err) {
        q.reject(err);
      }
    }
  }

  /**
   * The writes of the sends of one channel as one PostgreSQL statement (data-modifying CTEs, atomic without a
   * transaction), with the effect of writing them one after another in the group's order. The rows go in as arrays
   * (`unnest`), so that the statement's text, and its prepared plan, is the same for any group. The channel update
   * reads the insert's output, so the insert (index upkeep, the occasional flush of a GIN pending list) is done before
   * the channel's row lock is taken. Each author's read mark is that of their last post in the group: the channel's
   * counts as the update left them, less the posts of the group after it. A root's reply stats are incremented from
   * its row as locked, not recounted: every CTE sees the snapshot taken before the statement, which misses replies
   * committed while this one waited for the root's row lock, so a recount lost concurrent replies. Each reply answers
   * the stats as they were after it: the count less the group's later replies to the root, its own time.
   */
  private async writeInOneStatement(group: Array<{ post: Post; viewedBy: string }>): Promise<Array<ReplyStats | undefined>> {
    const rows = group.map((q) => postToRow(q.post));
    const column = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    const ats = group.map((q) => q.post.create_at);
    const isRoot = group.map((q) => !q.post.root_id);
    const rootsAfter = (i: number) => isRoot.slice(i + 1).filter(Boolean).length;
    // The read mark of each author, from their last post in the group.
    const lastOf = new Map<string, number>();
    group.forEach((q, i) => q.viewedBy && lastOf.set(q.viewedBy, i));
    const readers = [...lastOf];
    // Per root: replies in the group, the latest time, the last reply's time.
    const roots = new Map<string, { n: number; max: number; last: number }>();
    for (const { post } of group) {
      if (!post.root_id) continue;
      const r = roots.get(post.root_id) ?? { n: 0, max: 0, last: 0 };
      roots.set(post.root_id, { n: r.n + 1, max: Math.max(r.max, post.create_at), last: post.create_at });
    }
    const r = [...roots];
    const result = await sql<{ id: string; reply_count: number; last_reply_at: number }>`
      with p as (
        insert into posts (id, create_at, update_at, edit_at, delete_at, is_pinned, user_id, channel_id, root_id,
          original_id, message, type, props, hashtags, file_ids, pending_post_id, reply_count, last_reply_at)
        select * from unnest(${column('id')}::text[], ${column('create_at')}::bigint[], ${column('update_at')}::bigint[],
          ${column('edit_at')}::bigint[], ${column('delete_at')}::bigint[], ${column('is_pinned')}::int[],
          ${column('user_id')}::text[], ${column('channel_id')}::text[], ${column('root_id')}::text[],
          ${column('original_id')}::text[], ${column('message')}::text[], ${column('type')}::text[],
          ${column('props')}::text[], ${column('hashtags')}::text[], ${column('file_ids')}::text[],
          ${column('pending_post_id')}::text[], ${column('reply_count')}::bigint[], ${column('last_reply_at')}::bigint[])
        returning channel_id),
      c as (
        update channels set
          last_post_at = greatest(last_post_at, ${Math.max(...ats)}::bigint),
          last_root_post_at = greatest(last_root_post_at, ${Math.max(0, ...ats.filter((_, i) => isRoot[i]))}::bigint),
          total_msg_count = total_msg_count + ${group.length}::bigint,
          total_msg_count_root = total_msg_count_root + ${isRoot.filter(Boolean).length}::bigint
        where id = (select channel_id from p limit 1)
        returning total_msg_count, total_msg_count_root),
      m as (
        update channel_members set last_viewed_at = v.at, msg_count = c.total_msg_count - v.after,
          msg_count_root = c.total_msg_count_root - v.roots_after, mention_count = 0, mention_count_root = 0,
          urgent_mention_count = 0, last_update_at = v.at
        from c, unnest(${readers.map(([u]) => u)}::text[], ${readers.map(([, i]) => ats[i]!)}::bigint[],
          ${readers.map(([, i]) => group.length - 1 - i)}::bigint[], ${readers.map(([, i]) => rootsAfter(i))}::bigint[])
          as v(user_id, at, after, roots_after)
        where channel_members.channel_id = ${group[0]!.post.channel_id} and channel_members.user_id = v.user_id),
      r as (
        update posts set reply_count = posts.reply_count + v.n, last_reply_at = greatest(posts.last_reply_at, v.max_at),
          update_at = v.last_at
        from unnest(${r.map(([id]) => id)}::text[], ${r.map(([, x]) => x.n)}::bigint[],
          ${r.map(([, x]) => x.max)}::bigint[], ${r.map(([, x]) => x.last)}::bigint[]) as v(id, n, max_at, last_at)
        where posts.id = v.id and exists (select 1 from p)
        returning posts.id, posts.reply_count, posts.last_reply_at)
      select id, reply_count, last_reply_at from r`.execute(this.db);
    const after = new Map(result.rows.map((row) => [row.id, row]));
    return group.map(({ post }, i) => {
      const root = after.get(post.root_id);
      if (!root) return undefined;
      const later = group.slice(i + 1).filter((q) => q.post.root_id === post.root_id).length;
      const upTo = Math.max(
        ...group
          .slice(0, i + 1)
          .filter((q) => q.post.root_id === post.root_id)
          .map((q) => q.post.create_at),
      );
      // The root's time is the group's latest unless it was later still (a clock set back): then it stays.
      const last = root.last_reply_at === roots.get(post.root_id)!.max ? upTo : root.last_reply_at;
      return { reply_count: root.reply_count - later, last_reply_at: last, update_at: post.create_at };
    });
  }
}
