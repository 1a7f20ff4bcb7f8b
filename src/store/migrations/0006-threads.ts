// Collapsed reply threads: who follows which thread, and how far they have read it. Never edit once shipped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('thread_memberships')
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('following', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_viewed', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_updated', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('unread_mentions', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('thread_memberships_pk', ['post_id', 'user_id'])
    .execute();
  await db.schema.createIndex('idx_thread_memberships_user').on('thread_memberships').columns(['user_id', 'following']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('thread_memberships').execute();
}
