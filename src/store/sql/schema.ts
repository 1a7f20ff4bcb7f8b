// Row types of the database tables (snake_case, Mattermost's column names). Booleans are 0/1 integers on both databases;
// JSON columns are text.

export interface UsersTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  username: string;
  password: string;
  auth_data: string | null;
  auth_service: string;
  email: string;
  email_verified: number;
  nickname: string;
  first_name: string;
  last_name: string;
  position: string;
  roles: string;
  props: string;
  notify_props: string;
  last_password_update: number;
  last_picture_update: number;
  failed_attempts: number;
  locale: string;
  timezone: string;
  mfa_active: number;
  is_bot: number;
  bot_description: string;
  last_activity_at: number;
}

export interface SessionsTable {
  id: string;
  token: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
  user_id: string;
  device_id: string;
  roles: string;
  is_oauth: number;
  props: string;
}

export interface TeamsTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  display_name: string;
  name: string;
  description: string;
  email: string;
  type: string;
  company_name: string;
  allowed_domains: string;
  invite_id: string;
  allow_open_invite: number;
  last_team_icon_update: number;
  scheme_id: string | null;
  group_constrained: number;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  roles: string;
  delete_at: number;
  scheme_user: number;
  scheme_admin: number;
  scheme_guest: number;
  create_at: number;
}

export interface ChannelsTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  team_id: string;
  type: string;
  display_name: string;
  name: string;
  header: string;
  purpose: string;
  last_post_at: number;
  last_root_post_at: number;
  total_msg_count: number;
  total_msg_count_root: number;
  creator_id: string;
  scheme_id: string | null;
  group_constrained: number;
  shared: number;
  props: string;
}

export interface ChannelMembersTable {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  notify_props: string;
  last_update_at: number;
  scheme_user: number;
  scheme_admin: number;
  scheme_guest: number;
}

export interface PostsTable {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  is_pinned: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  original_id: string;
  message: string;
  type: string;
  props: string;
  hashtags: string;
  file_ids: string;
  pending_post_id: string;
  reply_count: number;
  last_reply_at: number;
  /** 1 while the post has live reactions; written only by the reaction store, 0 (the default) for a new post (0009). */
  has_reactions?: number;
}

export interface PreferencesTable {
  user_id: string;
  category: string;
  name: string;
  value: string;
}

export interface TokensTable {
  token: string;
  create_at: number;
  type: string;
  extra: string;
}

export interface SystemsTable {
  name: string;
  value: string;
}

export interface StatusTable {
  user_id: string;
  status: string;
  manual: number;
  last_activity_at: number;
  dnd_end_time: number;
  prev_status: string;
}

export interface RolesTable {
  id: string;
  name: string;
  display_name: string;
  description: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  permissions: string;
  scheme_managed: number;
  built_in: number;
}

/** Tables added by later migrations declare themselves by extending this interface (declaration merging). */
export interface DB {
  users: UsersTable;
  sessions: SessionsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  channels: ChannelsTable;
  channel_members: ChannelMembersTable;
  posts: PostsTable;
  preferences: PreferencesTable;
  tokens: TokensTable;
  systems: SystemsTable;
  status: StatusTable;
  roles: RolesTable;
}
