// Sidebar categories per user and team, and the channels explicitly placed in them. Never edit once shipped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sidebar_categories')
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('sort_order', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sorting', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('collapsed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idx_sidebar_categories_user_team').on('sidebar_categories').columns(['user_id', 'team_id']).execute();

  await db.schema
    .createTable('sidebar_channels')
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('category_id', 'varchar(128)', (c) => c.notNull())
    .addColumn('sort_order', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('sidebar_channels_pk', ['channel_id', 'user_id', 'category_id'])
    .execute();
  await db.schema.createIndex('idx_sidebar_channels_category').on('sidebar_channels').column('category_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sidebar_channels').execute();
  await db.schema.dropTable('sidebar_categories').execute();
}
