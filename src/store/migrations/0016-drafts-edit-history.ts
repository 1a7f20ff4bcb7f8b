// Synced drafts (Mattermost's Drafts: one per user, channel and thread) and the edit history of posts: the versions a
// post had before each edit, kept apart from `posts` so that no channel page, thread, search, count or export can ever
// read one. Never edit once shipped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('drafts')
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('root_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('file_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('{}'))
    .addPrimaryKeyConstraint('pk_drafts', ['user_id', 'channel_id', 'root_id'])
    .execute();

  // A version of a post as it read before an edit: Mattermost's Post with original_id = the edited post, delete_at = the
  // time of the edit that replaced it.
  await db.schema
    .createTable('post_edit_history')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('original_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('edit_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('root_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('hashtags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('file_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.createIndex('idx_post_edit_history_original').on('post_edit_history').columns(['original_id', 'delete_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post_edit_history').execute();
  await db.schema.dropTable('drafts').execute();
}
