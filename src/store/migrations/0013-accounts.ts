// Accounts (issue 13): the TOTP secret and used time steps of a user's MFA (kept out of the user row Parley reads
// everywhere, so no profile answer can carry them), and Mattermost's Audits table. Never edit once shipped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_mfa')
    .addColumn('user_id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('secret', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('used_time_steps', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  await db.schema
    .createTable('audits')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('action', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('extra_info', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('ip_address', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('session_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('idx_audits_user_id').on('audits').columns(['user_id', 'create_at']).execute();
  await db.schema.createIndex('idx_audits_create_at').on('audits').column('create_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audits').execute();
  await db.schema.dropTable('user_mfa').execute();
}
