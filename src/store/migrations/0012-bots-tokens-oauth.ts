// Bots, personal access tokens and the OAuth 2.0 provider (apps, authorization codes, access data), with
// Mattermost's columns. Never edit once shipped.
import { type Kysely } from 'kysely';

const id = 'varchar(26)';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bots')
    .addColumn('user_id', id, (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_id', 'varchar(190)', (c) => c.notNull())
    .addColumn('last_icon_update', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idx_bots_owner_id').on('bots').column('owner_id').execute();

  await db.schema
    .createTable('user_access_tokens')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('token', id, (c) => c.notNull().unique())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('description', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('expires_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idx_user_access_tokens_user_id').on('user_access_tokens').column('user_id').execute();

  await db.schema
    .createTable('oauth_apps')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('creator_id', id, (c) => c.notNull())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('client_secret', 'varchar(128)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('description', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('icon_url', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('callback_urls', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('homepage', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('is_trusted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('mattermost_app_id', 'varchar(32)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('idx_oauth_apps_creator_id').on('oauth_apps').column('creator_id').execute();

  await db.schema
    .createTable('oauth_auth_data')
    .addColumn('code', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('client_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('expires_in', 'integer', (c) => c.notNull())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('redirect_uri', 'varchar(256)', (c) => c.notNull())
    .addColumn('state', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('scope', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('code_challenge', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('code_challenge_method', 'varchar(16)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('idx_oauth_auth_data_user_client').on('oauth_auth_data').columns(['user_id', 'client_id']).execute();

  await db.schema
    .createTable('oauth_access_data')
    .addColumn('token', id, (c) => c.primaryKey())
    .addColumn('refresh_token', id, (c) => c.notNull().unique())
    .addColumn('client_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('redirect_uri', 'varchar(256)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('scope', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('idx_oauth_access_data_user_client').on('oauth_access_data').columns(['user_id', 'client_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['oauth_access_data', 'oauth_auth_data', 'oauth_apps', 'user_access_tokens', 'bots'])
    await db.schema.dropTable(t).execute();
}
