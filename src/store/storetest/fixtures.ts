// Store contract suite support: a fresh, migrated database per suite (SQLite or PostgreSQL per PARLEY_TEST_DB) and row builders.
import { testConfig } from '../../../test/helper.ts';
import { connect } from '../sql/dialect.ts';
import { migrate } from '../migrations/index.ts';
import { Store } from '../store.ts';
import { newId } from '../../model/id.ts';
import type { Channel, Post, Team, UserWithSecrets } from '../../model/types.ts';
import type { TeamMembersTable } from '../sql/schema.ts';

export interface StoreEnv {
  store: Store;
  close(): Promise<void>;
}

/** Opens a new store on an empty database, as the server does at start: connect() then migrate(). */
export async function openStore(): Promise<StoreEnv> {
  const { config, cleanup } = await testConfig();
  const conn = await connect(config.SqlSettings.DriverName, config.SqlSettings.DataSource, config.SqlSettings.MaxOpenConns);
  await migrate(conn.db);
  const store = new Store(conn.db, conn.driver);
  return {
    store,
    async close() {
      await conn.close();
      await cleanup();
    },
  };
}

let n = 0;
/** A short unique lowercase token for names. */
export function tag(prefix = 'x'): string {
  return `${prefix}${Date.now().toString(36)}${(n++).toString(36)}`;
}

export function makeUser(extra: Partial<UserWithSecrets> = {}): UserWithSecrets {
  const name = tag('user');
  const now = Date.now();
  return {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    username: name,
    password: 'hash',
    auth_data: '',
    auth_service: '',
    email: `${name}@example.com`,
    email_verified: false,
    nickname: '',
    first_name: '',
    last_name: '',
    position: '',
    roles: 'system_user',
    props: {},
    notify_props: {},
    last_password_update: now,
    last_picture_update: 0,
    failed_attempts: 0,
    locale: 'en',
    timezone: {},
    mfa_active: false,
    is_bot: false,
    bot_description: '',
    last_activity_at: 0,
    disable_welcome_email: false,
    ...extra,
  };
}

export function makeTeam(extra: Partial<Team> = {}): Team {
  const now = Date.now();
  return {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    display_name: 'Team',
    name: tag('team'),
    description: '',
    email: '',
    type: 'O',
    company_name: '',
    allowed_domains: '',
    invite_id: newId(),
    allow_open_invite: false,
    last_team_icon_update: 0,
    scheme_id: null,
    group_constrained: false,
    policy_id: null,
    cloud_limits_archived: false,
    ...extra,
  };
}

export function teamMemberRow(teamId: string, userId: string, extra: Partial<TeamMembersTable> = {}): TeamMembersTable {
  return {
    team_id: teamId,
    user_id: userId,
    roles: '',
    delete_at: 0,
    scheme_user: 1,
    scheme_admin: 0,
    scheme_guest: 0,
    create_at: Date.now(),
    ...extra,
  };
}

export function makeChannel(teamId: string, extra: Partial<Channel> = {}): Channel {
  const now = Date.now();
  return {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    team_id: teamId,
    type: 'O',
    display_name: 'Channel',
    name: tag('chan'),
    header: '',
    purpose: '',
    last_post_at: now,
    last_root_post_at: now,
    total_msg_count: 0,
    total_msg_count_root: 0,
    creator_id: '',
    scheme_id: null,
    group_constrained: false,
    shared: false,
    props: {},
    policy_id: null,
    ...extra,
  };
}

export function makePost(channelId: string, userId: string, extra: Partial<Post> = {}): Post {
  const now = Date.now();
  return {
    id: newId(),
    create_at: now,
    update_at: now,
    edit_at: 0,
    delete_at: 0,
    is_pinned: false,
    user_id: userId,
    channel_id: channelId,
    root_id: '',
    original_id: '',
    message: 'hello',
    type: '',
    props: {},
    hashtags: '',
    pending_post_id: '',
    reply_count: 0,
    last_reply_at: 0,
    participants: null,
    metadata: {},
    ...extra,
  };
}

/** Runs a promise expected to reject and returns the error. */
/** Saves a new team and a public channel in it; returns the channel. */
export async function savedChannel(store: Store, extra: Partial<Channel> = {}): Promise<Channel> {
  const t = makeTeam();
  await store.teams.save(t);
  const c = makeChannel(t.id, extra);
  await store.channels.save(c);
  return c;
}

export async function rejects(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
