// Incoming and outgoing webhooks (Mattermost's IncomingWebhooks / OutgoingWebhooks tables). Never edit once shipped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incoming_webhooks')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('username', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('icon_url', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('channel_locked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idx_incoming_webhooks_team').on('incoming_webhooks').columns(['team_id', 'delete_at']).execute();

  await db.schema
    .createTable('outgoing_webhooks')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('token', 'varchar(26)', (c) => c.notNull())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('creator_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('trigger_words', 'text', (c) => c.notNull())
    .addColumn('trigger_when', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('callback_urls', 'text', (c) => c.notNull())
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'varchar(500)', (c) => c.notNull().defaultTo(''))
    .addColumn('content_type', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('username', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('icon_url', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('idx_outgoing_webhooks_team').on('outgoing_webhooks').columns(['team_id', 'delete_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outgoing_webhooks').execute();
  await db.schema.dropTable('incoming_webhooks').execute();
}
