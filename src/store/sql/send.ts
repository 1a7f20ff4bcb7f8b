// The write of one new post: the post row, its channel's counters, the author's read mark and a root's reply stats.
// PostgreSQL does it in one statement (data-modifying CTEs, atomic without a transaction); SQLite, which has no such
// CTEs and no round trips to save, runs the same writes as plain statements in one transaction.
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
  /** SQLite: sends waiting for the next group commit (see savePost). */
  private queued: Queued[] = [];

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
   */
  async savePost(post: Post, viewedBy: string): Promise<ReplyStats | undefined> {
    if (this.driver === 'postgres') return this.savePostInOneStatement(post, viewedBy);
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
   * The same writes as one PostgreSQL statement. Every CTE sees the snapshot taken before the statement, which does
   * not hold the replies other connections are committing at the same moment: the root's stats are therefore moved
   * on from its row as locked (+1, greatest with the reply's create_at), never recounted here; a recount taken in
   * this snapshot would drop the concurrent replies (refreshReplyStats recounts after locking the root). The member's msg counts come
   * from the channel row the statement just updated, as markViewed's subselect would after recordPost. The channel
   * update reads the insert's output, so the insert (index upkeep, the occasional flush of a GIN pending list) is done
   * before the channel's row lock is taken: concurrent posters to the channel wait only for the short rest.
   */
  private async savePostInOneStatement(post: Post, viewedBy: string): Promise<ReplyStats | undefined> {
    const row = postToRow(post);
    const cols = Object.keys(row) as Array<keyof typeof row>;
    const at = post.create_at;
    const isRoot = !post.root_id;
    const root = post.root_id;
    const member = viewedBy
      ? sql`, m as (
          update channel_members set last_viewed_at = ${at}, msg_count = c.total_msg_count, msg_count_root = c.total_msg_count_root,
            mention_count = 0, mention_count_root = 0, urgent_mention_count = 0, last_update_at = ${at}
          from c where channel_members.channel_id = ${post.channel_id} and channel_members.user_id = ${viewedBy})`
      : sql``;
    const reply = root
      ? sql`, r as (
          update posts set
            reply_count = posts.reply_count + 1,
            last_reply_at = greatest(posts.last_reply_at, ${at}::bigint),
            update_at = ${at}
          where id = ${root} and exists (select 1 from p)
          returning reply_count, last_reply_at, update_at)`
      : sql``;
    const result = await sql<ReplyStats>`
      with p as (
        insert into posts (${sql.join(cols.map((c) => sql.ref(c)))}) values (${sql.join(cols.map((c) => row[c]))})
        returning channel_id),
      c as (
        update channels set
          last_post_at = greatest(last_post_at, ${at}::bigint),
          last_root_post_at = ${isRoot ? sql`greatest(last_root_post_at, ${at}::bigint)` : sql`last_root_post_at`},
          total_msg_count = total_msg_count + 1,
          total_msg_count_root = total_msg_count_root + ${isRoot ? 1 : 0}
        where id = (select channel_id from p)
        returning total_msg_count, total_msg_count_root)${member}${reply}
      ${root ? sql`select reply_count, last_reply_at, update_at from r` : sql`select 1 as done`}`.execute(this.db);
    return root ? result.rows[0] : undefined;
  }
}
