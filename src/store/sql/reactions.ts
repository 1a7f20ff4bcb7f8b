// Reactions: one row per (post, user, emoji), deleted on removal; each write keeps the post's has_reactions current.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';
import type { Reaction } from '../../model/files.ts';

export interface ReactionsTable {
  post_id: string;
  user_id: string;
  emoji_name: string;
  channel_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  remote_id: string;
}

declare module './schema.ts' {
  interface DB {
    reactions: ReactionsTable;
  }
}

function fromRow(r: ReactionsTable): Reaction {
  return {
    user_id: r.user_id,
    post_id: r.post_id,
    emoji_name: r.emoji_name,
    create_at: Number(r.create_at),
    update_at: Number(r.update_at),
    delete_at: Number(r.delete_at),
    remote_id: r.remote_id,
    channel_id: r.channel_id,
  };
}

/** Whether the post has live reactions, as posts.has_reactions holds it (correlated on `posts.id`). */
const HAS_REACTIONS = sql<number>`case when exists (select 1 from reactions r where r.post_id = posts.id and r.delete_at = 0) then 1 else 0 end`;

export class ReactionStore {
  constructor(private db: Kysely<DB>) {}

  /**
   * Saves a reaction; saving one that exists keeps the original (returns it). In the same transaction, as Mattermost's
   * SqlReactionStore.Save, the post gets has_reactions and update_at = the reaction's update_at (clients catching up
   * with `since` see it).
   */
  async save(r: Reaction): Promise<Reaction> {
    return this.inTx(async (db) => {
      await db
        .insertInto('reactions')
        .values({ ...r })
        .onConflict((oc) => oc.columns(['post_id', 'user_id', 'emoji_name']).doNothing())
        .execute();
      await db.updateTable('posts').set({ has_reactions: 1, update_at: r.update_at }).where('id', '=', r.post_id).execute();
      const row = await db
        .selectFrom('reactions')
        .selectAll()
        .where('post_id', '=', r.post_id)
        .where('user_id', '=', r.user_id)
        .where('emoji_name', '=', r.emoji_name)
        .executeTakeFirstOrThrow();
      return fromRow(row);
    });
  }

  /**
   * Removes a reaction; returns whether one existed. In the same transaction, as Mattermost's SqlReactionStore.Delete,
   * the post's update_at becomes `at` and its has_reactions whether any reaction is left. The post row is locked
   * first: a save of another reaction to it (which updates that row) has then committed, or waits for this one, before
   * the flag is computed, so a concurrent save is never counted out (PostgreSQL takes a snapshot per statement).
   */
  async delete(postId: string, userId: string, emojiName: string, at: number): Promise<boolean> {
    return this.inTx(async (db) => {
      await db.updateTable('posts').set({ update_at: at }).where('id', '=', postId).execute();
      const r = await db
        .deleteFrom('reactions')
        .where('post_id', '=', postId)
        .where('user_id', '=', userId)
        .where('emoji_name', '=', emojiName)
        .executeTakeFirst();
      await db.updateTable('posts').set({ has_reactions: HAS_REACTIONS }).where('id', '=', postId).execute();
      return Number(r.numDeletedRows) > 0;
    });
  }

  private inTx<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db.isTransaction ? fn(this.db) : this.db.transaction().execute(fn);
  }

  /** Reactions of the given posts, oldest first. */
  async forPosts(postIds: string[]): Promise<Reaction[]> {
    if (!postIds.length) return [];
    const rows = await this.db
      .selectFrom('reactions')
      .selectAll()
      .where('post_id', 'in', postIds)
      .where('delete_at', '=', 0)
      .orderBy('create_at', 'asc')
      .execute();
    return rows.map(fromRow);
  }

  async existsOnPost(postId: string, emojiName: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('reactions')
      .select('post_id')
      .where('post_id', '=', postId)
      .where('emoji_name', '=', emojiName)
      .where('delete_at', '=', 0)
      .executeTakeFirst();
    return !!r;
  }

  async uniqueEmojiCount(postId: string): Promise<number> {
    const r = await this.db
      .selectFrom('reactions')
      .select((e) => e.fn.count<number>('emoji_name').distinct().as('n'))
      .where('post_id', '=', postId)
      .where('delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
