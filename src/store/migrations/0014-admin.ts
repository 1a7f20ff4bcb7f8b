// Permission schemes (Mattermost's Schemes table): a team- or channel-scoped set of roles that members of the teams and
// channels using it resolve their scheme roles through. Never edit once shipped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('schemes')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('display_name', 'varchar(128)', (c) => c.notNull())
    .addColumn('description', 'varchar(1024)', (c) => c.notNull().defaultTo(''))
    .addColumn('create_at', 'bigint', (c) => c.notNull())
    .addColumn('update_at', 'bigint', (c) => c.notNull())
    .addColumn('delete_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('scope', 'varchar(32)', (c) => c.notNull())
    .addColumn('default_team_admin_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('default_team_user_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('default_team_guest_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('default_channel_admin_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('default_channel_user_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('default_channel_guest_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('default_playbook_admin_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('default_playbook_member_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('default_run_admin_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('default_run_member_role', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('idx_schemes_name').on('schemes').column('name').execute();
  await db.schema.createIndex('idx_teams_scheme_id').on('teams').column('scheme_id').execute();
  await db.schema.createIndex('idx_channels_scheme_id').on('channels').column('scheme_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('idx_channels_scheme_id').execute();
  await db.schema.dropIndex('idx_teams_scheme_id').execute();
  await db.schema.dropTable('schemes').execute();
}
