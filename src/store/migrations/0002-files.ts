// Files (FileInfo), reactions and custom emoji. Never edit once shipped.
import type { Kysely } from 'kysely';

const id = 'varchar(26)';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('file_info')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('creator_id', id, (c) => c.notNull())
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('path', 'varchar(512)', (c) => c.notNull())
    .addColumn('thumbnail_path', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('preview_path', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'varchar(256)', (c) => c.notNull())
    .addColumn('extension', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('size', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('mime_type', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('width', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('height', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('has_preview_image', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mini_preview', 'text')
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('remote_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idx_file_info_post_id').on('file_info').column('post_id').execute();
  await db.schema.createIndex('idx_file_info_channel_create_at').on('file_info').columns(['channel_id', 'create_at']).execute();
  await db.schema.createIndex('idx_file_info_creator_id').on('file_info').column('creator_id').execute();

  await db.schema
    .createTable('reactions')
    .addColumn('post_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('emoji_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('channel_id', id, (c) => c.notNull())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('remote_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('reactions_pk', ['post_id', 'user_id', 'emoji_name'])
    .execute();

  await db.schema
    .createTable('emoji')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('creator_id', id, (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addUniqueConstraint('emoji_name_delete_at_uq', ['name', 'delete_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('emoji').execute();
  await db.schema.dropTable('reactions').execute();
  await db.schema.dropTable('file_info').execute();
}
