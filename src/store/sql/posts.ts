// Posts: insert, fetch pages of a channel, threads, edits and soft deletes.
import { sql, type Kysely } from 'kysely';
import type { DB, PostsTable } from './schema.ts';
import type { Driver } from './dialect.ts';
import { parseJson, b } from './json.ts';
import type { Post } from '../../model/types.ts';

/** Props of a reply sent with "Also send to channel" (Mattermost's broadcasted_thread_reply), as JSON.stringify writes them. */
const BROADCAST_REPLY = '%"broadcasted_thread_reply":true%';

export function postFromRow(r: PostsTable): Post {
  const fileIds = parseJson<string[]>(r.file_ids, []);
  return {
    id: r.id,
    create_at: r.create_at,
    update_at: r.update_at,
    edit_at: r.edit_at,
    delete_at: r.delete_at,
    is_pinned: !!r.is_pinned,
    user_id: r.user_id,
    channel_id: r.channel_id,
    root_id: r.root_id,
    original_id: r.original_id,
    message: r.message,
    type: r.type,
    props: parseJson(r.props, {}),
    hashtags: r.hashtags,
    ...(fileIds.length ? { file_ids: fileIds } : {}),
    pending_post_id: r.pending_post_id,
    reply_count: r.reply_count,
    last_reply_at: r.last_reply_at,
    participants: null,
    metadata: {},
    ...(r.has_reactions ? { has_reactions: true } : {}),
  };
}

/** The row of a post as saved and updated: without has_reactions, which only reaction writes change. */
export function postToRow(p: Post): Omit<PostsTable, 'has_reactions'> {
  return {
    id: p.id,
    create_at: p.create_at,
    update_at: p.update_at,
    edit_at: p.edit_at,
    delete_at: p.delete_at,
    is_pinned: b(p.is_pinned),
    user_id: p.user_id,
    channel_id: p.channel_id,
    root_id: p.root_id,
    original_id: p.original_id,
    message: p.message,
    type: p.type,
    props: JSON.stringify(p.props ?? {}),
    hashtags: p.hashtags,
    file_ids: JSON.stringify(p.file_ids ?? []),
    pending_post_id: p.pending_post_id,
    reply_count: p.reply_count,
    last_reply_at: p.last_reply_at,
  };
}

/** A version of a post before an edit (migration 0016): kept apart from `posts`, so no page, thread or count reads it. */
export interface PostEditHistoryTable {
  id: string;
  original_id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
  type: string;
  props: string;
  hashtags: string;
  file_ids: string;
}

declare module './schema.ts' {
  interface DB {
    post_edit_history: PostEditHistoryTable;
  }
}

/** An old version: a post row of its own, never pinned, pending or replied to. */
function versionFromRow(r: PostEditHistoryTable): Post {
  return postFromRow({ ...r, is_pinned: 0, pending_post_id: '', reply_count: 0, last_reply_at: 0, has_reactions: 0 } as PostsTable);
}

export class PostStore {
  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  async save(p: Post): Promise<void> {
    await this.db.insertInto('posts').values(postToRow(p)).execute();
  }

  async saveMany(posts: Post[]): Promise<void> {
    for (let i = 0; i < posts.length; i += 200) {
      await this.db
        .insertInto('posts')
        .values(posts.slice(i, i + 200).map(postToRow))
        .execute();
    }
  }

  async get(id: string, includeDeleted = false): Promise<Post | undefined> {
    let q = this.db.selectFrom('posts').selectAll().where('id', '=', id);
    if (!includeDeleted) q = q.where('delete_at', '=', 0);
    const r = await q.executeTakeFirst();
    return r && postFromRow(r);
  }

  async getMany(ids: string[]): Promise<Post[]> {
    if (!ids.length) return [];
    return (await this.db.selectFrom('posts').selectAll().where('id', 'in', ids).where('delete_at', '=', 0).execute()).map(postFromRow);
  }

  /** Newest first, `offset`/`limit` over the channel's live posts (replies included, as Mattermost without CRT; `rootsOnly` with it). */
  async listPage(channelId: string, offset: number, limit: number, rootsOnly = false): Promise<Post[]> {
    return this.pageOf(channelId, undefined, 'before', offset, limit, rootsOnly);
  }

  /** Posts created or changed (edited, deleted) since `since`, as the app uses to catch up. */
  async listSince(channelId: string, since: number, limit = 1000, rootsOnly = false): Promise<Post[]> {
    let q = this.db.selectFrom('posts').selectAll().where('channel_id', '=', channelId).where('update_at', '>', since);
    if (rootsOnly) q = q.where((e) => e.or([e('root_id', '=', ''), e('props', 'like', BROADCAST_REPLY)]));
    const rows = await q.orderBy('create_at', 'desc').limit(limit).execute();
    return rows.map(postFromRow);
  }

  /** Posts strictly before (older) or after (newer) the given post; returned newest first. */
  async listAround(
    channelId: string,
    pivot: Post,
    direction: 'before' | 'after',
    offset: number,
    limit: number,
    rootsOnly = false,
  ): Promise<Post[]> {
    return this.pageOf(channelId, pivot, direction, offset, limit, rootsOnly);
  }

  /** The id of the live post just older ('before') or newer ('after') than `p` in its channel, or ''. Reads the index only (broadcast replies aside). */
  async neighbourId(
    channelId: string,
    p: Pick<Post, 'create_at' | 'id'>,
    direction: 'before' | 'after',
    rootsOnly = false,
  ): Promise<string> {
    const r = await this.channelKeys(channelId, p, direction, rootsOnly).select('id').limit(1).executeTakeFirst();
    return r?.id ?? '';
  }

  /**
   * A channel's live posts in page order, optionally strictly past a pivot: newest first for 'before', oldest first for
   * 'after'. Served by idx_posts_channel_create_at_id, which holds every column used here (migration 0007).
   */
  private channelKeys(
    channelId: string,
    pivot: Pick<Post, 'create_at' | 'id'> | undefined,
    direction: 'before' | 'after',
    rootsOnly: boolean,
  ) {
    let q = this.db.selectFrom('posts').where('channel_id', '=', channelId).where('delete_at', '=', 0);
    // Replies sent "also to the channel" are listed with the roots; only replies need their props read.
    if (rootsOnly) q = q.where((e) => e.or([e('root_id', '=', ''), e('props', 'like', BROADCAST_REPLY)]));
    // A row value comparison is one index range; the equivalent OR of two conditions is not (PostgreSQL scanned the
    // whole channel for it).
    if (pivot) q = q.where((e) => e(e.refTuple('create_at', 'id'), direction === 'before' ? '<' : '>', e.tuple(pivot.create_at, pivot.id)));
    const order = direction === 'before' ? 'desc' : 'asc';
    return q.orderBy('create_at', order).orderBy('id', order);
  }

  /**
   * `limit` posts from `offset` of channelKeys, newest first. A deep page picks its ids from the index first and reads
   * only those rows (skipping `offset` index entries, not `offset` table rows).
   */
  private async pageOf(
    channelId: string,
    pivot: Post | undefined,
    direction: 'before' | 'after',
    offset: number,
    limit: number,
    rootsOnly: boolean,
  ): Promise<Post[]> {
    const keys = this.channelKeys(channelId, pivot, direction, rootsOnly).limit(limit);
    const order = direction === 'before' ? 'desc' : 'asc';
    const rows = offset
      ? await this.db
          .selectFrom('posts')
          .selectAll()
          .where('id', 'in', keys.select('id').offset(offset))
          .orderBy('create_at', order)
          .orderBy('id', order)
          .execute()
      : await keys.selectAll().execute();
    const posts = rows.map(postFromRow);
    return direction === 'after' ? posts.reverse() : posts;
  }

  /** A root post and its live replies, oldest first. */
  async thread(rootId: string): Promise<Post[]> {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where((e) => e.or([e('id', '=', rootId), e('root_id', '=', rootId)]))
      .where('delete_at', '=', 0)
      .orderBy('create_at', 'asc')
      .execute();
    return rows.map(postFromRow);
  }

  async update(p: Post): Promise<void> {
    const { id, ...rest } = postToRow(p);
    await this.db.updateTable('posts').set(rest).where('id', '=', id).execute();
  }

  /**
   * An edit: the post's new row, and `previous` (the post as it read before, with its own new id, original_id = the
   * post and delete_at = the edit's time) kept in the edit history. The caller holds a transaction for the two.
   */
  async updateKeepingVersion(next: Post, previous: Post): Promise<void> {
    await this.db
      .insertInto('post_edit_history')
      .values({
        id: previous.id,
        original_id: previous.original_id,
        create_at: previous.create_at,
        update_at: previous.update_at,
        edit_at: previous.edit_at,
        delete_at: previous.delete_at,
        user_id: previous.user_id,
        channel_id: previous.channel_id,
        root_id: previous.root_id,
        message: previous.message,
        type: previous.type,
        props: JSON.stringify(previous.props ?? {}),
        hashtags: previous.hashtags,
        file_ids: JSON.stringify(previous.file_ids ?? []),
      })
      .execute();
    await this.update(next);
  }

  /** The earlier versions of a post, the most recently replaced first (Mattermost orders by EditAt descending). */
  async editHistory(postId: string): Promise<Post[]> {
    const rows = await this.db
      .selectFrom('post_edit_history')
      .selectAll()
      .where('original_id', '=', postId)
      .orderBy('delete_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1000)
      .execute();
    return rows.map(versionFromRow);
  }

  /** Soft-deletes a post and, for a root, its replies; returns the ids deleted. */
  async softDelete(id: string, at: number): Promise<string[]> {
    const rows = await this.db
      .updateTable('posts')
      .set({ delete_at: at, update_at: at })
      .where((e) => e.or([e('id', '=', id), e('root_id', '=', id)]))
      .where('delete_at', '=', 0)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Keeps the root's reply_count and last_reply_at in step with its live replies. On PostgreSQL, inside a transaction,
   * the root's row is locked first: the recount (a later statement, so a later snapshot) then sees every reply
   * committed before the lock was granted, and a reply committing after it increments the row this writes (send.ts).
   */
  async refreshReplyStats(rootId: string, at: number): Promise<void> {
    if (this.driver === 'postgres' && this.db.isTransaction)
      await this.db.selectFrom('posts').select('id').where('id', '=', rootId).forUpdate().execute();
    await this.db
      .updateTable('posts')
      .set({
        reply_count: sql`(select count(*) from posts r where r.root_id = ${rootId} and r.delete_at = 0)`,
        last_reply_at: sql`coalesce((select max(r.create_at) from posts r where r.root_id = ${rootId} and r.delete_at = 0), 0)`,
        update_at: at,
      })
      .where('id', '=', rootId)
      .execute();
  }

  /** A channel's live pinned posts, newest first. */
  async listPinned(channelId: string): Promise<Post[]> {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('is_pinned', '=', 1)
      .where('delete_at', '=', 0)
      .orderBy('create_at', 'desc')
      .execute();
    return rows.map(postFromRow);
  }

  async countInChannel(channelId: string): Promise<number> {
    const r = await this.db
      .selectFrom('posts')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .where('delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
