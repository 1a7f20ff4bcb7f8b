// The persisted notification queue: one row per job (a post to sort into e-mails and pushes, one e-mail, one push),
// claimed by one node at a time with an expiring claim, deleted once done. Never edit once shipped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_jobs')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('batch', 'varchar(16)', (c) => c.notNull().defaultTo(''))
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_by', 'varchar(26)')
    .addColumn('claimed_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idx_notification_jobs_due').on('notification_jobs').columns(['due_at']).execute();
  await db.schema.createIndex('idx_notification_jobs_user').on('notification_jobs').columns(['user_id', 'kind']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_jobs').execute();
}
