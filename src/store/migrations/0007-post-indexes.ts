// Channel history by (create_at, id): one index that orders a channel's posts exactly as the API pages them, carrying
// delete_at and root_id so that cursor and neighbour look-ups, and the ids of a deep page, are read from the index alone.
// Replaces idx_posts_channel_create_at (its prefix). Never edit once shipped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('idx_posts_channel_create_at_id')
    .on('posts')
    .columns(['channel_id', 'create_at', 'id', 'delete_at', 'root_id'])
    .execute();
  await db.schema.dropIndex('idx_posts_channel_create_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('idx_posts_channel_create_at').on('posts').columns(['channel_id', 'create_at']).execute();
  await db.schema.dropIndex('idx_posts_channel_create_at_id').execute();
}
