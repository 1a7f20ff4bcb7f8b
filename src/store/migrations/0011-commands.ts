// Slash commands (Mattermost's Commands) and their response URLs (CommandWebhooks). Never edit once shipped.
import type { Kysely } from 'kysely';

const id = 'varchar(26)';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('commands')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('token', id, (c) => c.notNull())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('creator_id', id, (c) => c.notNull().defaultTo(''))
    .addColumn('team_id', id, (c) => c.notNull())
    .addColumn('trigger', 'varchar(128)', (c) => c.notNull())
    .addColumn('method', 'varchar(1)', (c) => c.notNull())
    .addColumn('username', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('icon_url', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('auto_complete', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auto_complete_desc', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('auto_complete_hint', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('url', 'varchar(1024)', (c) => c.notNull())
    .addColumn('plugin_id', 'varchar(190)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('idx_commands_team_id').on('commands').columns(['team_id', 'delete_at']).execute();

  await db.schema
    .createTable('command_webhooks')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('command_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('channel_id', id, (c) => c.notNull())
    .addColumn('root_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idx_command_webhooks_create_at').on('command_webhooks').column('create_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('command_webhooks').execute();
  await db.schema.dropTable('commands').execute();
}
