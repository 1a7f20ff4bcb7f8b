// Core tables: users, sessions, teams, channels, posts and what hangs off them. Never edit once shipped.
import { type Kysely } from 'kysely';

const id = 'varchar(26)';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('password', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('auth_data', 'varchar(128)')
    .addColumn('auth_service', 'varchar(32)', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('nickname', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('first_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('notify_props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('last_password_update', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_picture_update', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locale', 'varchar(5)', (c) => c.notNull().defaultTo('en'))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('mfa_active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_bot', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bot_description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('token', id, (c) => c.notNull().unique())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('device_id', 'varchar(512)', (c) => c.notNull().defaultTo(''))
    .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('is_oauth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema.createIndex('idx_sessions_user_id').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('description', 'varchar(255)', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(1)', (c) => c.notNull().defaultTo('O'))
    .addColumn('company_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('allowed_domains', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('invite_id', id, (c) => c.notNull())
    .addColumn('allow_open_invite', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_team_icon_update', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('scheme_id', id)
    .addColumn('group_constrained', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idx_teams_invite_id').on('teams').column('invite_id').execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('scheme_user', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('scheme_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scheme_guest', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('create_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('idx_team_members_user_id').on('team_members').column('user_id').execute();

  await db.schema
    .createTable('channels')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(1)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('header', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('purpose', 'varchar(250)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_post_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_root_post_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_msg_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('total_msg_count_root', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('creator_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('scheme_id', id)
    .addColumn('group_constrained', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('channels_team_name_uq', ['team_id', 'name'])
    .execute();

  await db.schema
    .createTable('channel_members')
    .addColumn('channel_id', id, (c) => c.notNull())
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('roles', 'varchar(256)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_viewed_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('msg_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('msg_count_root', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('mention_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('mention_count_root', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('urgent_mention_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('notify_props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('last_update_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('scheme_user', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('scheme_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scheme_guest', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('channel_members_pk', ['channel_id', 'user_id'])
    .execute();
  await db.schema.createIndex('idx_channel_members_user_id').on('channel_members').column('user_id').execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('edit_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('is_pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('channel_id', id, (c) => c.notNull())
    .addColumn('root_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('original_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('props', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('hashtags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('file_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('pending_post_id', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reply_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('idx_posts_channel_create_at').on('posts').columns(['channel_id', 'create_at']).execute();
  await db.schema.createIndex('idx_posts_root_id').on('posts').columns(['root_id', 'create_at']).execute();
  await db.schema.createIndex('idx_posts_update_at').on('posts').columns(['channel_id', 'update_at']).execute();

  await db.schema
    .createTable('preferences')
    .addColumn('user_id', id, (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(32)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('preferences_pk', ['user_id', 'category', 'name'])
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('token', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('systems')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('status')
    .addColumn('user_id', id, (c) => c.primaryKey())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('manual', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('dnd_end_time', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('prev_status', 'varchar(32)', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('roles')
    .addColumn('id', id, (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'varchar(128)', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('permissions', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('scheme_managed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('built_in', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
