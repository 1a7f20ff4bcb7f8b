// Reactions: one row per (post, user, emoji); removal deletes the row.
import type { Kysely } from 'kysely';
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

export class ReactionStore {
  constructor(private db: Kysely<DB>) {}

  /** Saves a reaction; saving one that exists keeps the original (returns it). */
  async save(r: Reaction): Promise<Reaction> {
    await this.db
      .insertInto('reactions')
      .values({ ...r })
      .onConflict((oc) => oc.columns(['post_id', 'user_id', 'emoji_name']).doNothing())
      .execute();
    const row = await this.db
      .selectFrom('reactions')
      .selectAll()
      .where('post_id', '=', r.post_id)
      .where('user_id', '=', r.user_id)
      .where('emoji_name', '=', r.emoji_name)
      .executeTakeFirstOrThrow();
    return fromRow(row);
  }

  /** Removes a reaction; returns whether one existed. */
  async delete(postId: string, userId: string, emojiName: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('reactions')
      .where('post_id', '=', postId)
      .where('user_id', '=', userId)
      .where('emoji_name', '=', emojiName)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
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
