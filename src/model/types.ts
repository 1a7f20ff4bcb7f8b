// Wire types, shaped exactly as Mattermost serialises them (snake_case keys).

export type StringMap = Record<string, string>;

export interface User {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  username: string;
  auth_data?: string;
  auth_service: string;
  email: string;
  email_verified: boolean;
  nickname: string;
  first_name: string;
  last_name: string;
  position: string;
  roles: string;
  props: StringMap;
  notify_props: StringMap;
  last_password_update: number;
  last_picture_update: number;
  locale: string;
  timezone: StringMap;
  is_bot: boolean;
  bot_description?: string;
  mfa_active?: boolean;
  failed_attempts?: number;
  last_activity_at?: number;
  disable_welcome_email: boolean;
}

/** A user row with its password hash; never leaves the server. */
export interface UserWithSecrets extends User {
  password: string;
}

export interface Session {
  id: string;
  token: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
  user_id: string;
  device_id: string;
  roles: string;
  is_oauth: boolean;
  props: StringMap;
  team_members?: TeamMember[];
}

export interface Team {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  display_name: string;
  name: string;
  description: string;
  email: string;
  type: 'O' | 'I';
  company_name: string;
  allowed_domains: string;
  invite_id: string;
  allow_open_invite: boolean;
  last_team_icon_update: number;
  scheme_id: string | null;
  group_constrained: boolean | null;
  policy_id?: string | null;
  cloud_limits_archived: boolean;
}

export interface TeamMember {
  team_id: string;
  user_id: string;
  roles: string;
  delete_at: number;
  scheme_guest: boolean;
  scheme_user: boolean;
  scheme_admin: boolean;
  explicit_roles: string;
}

export type ChannelType = 'O' | 'P' | 'D' | 'G';

export interface Channel {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  team_id: string;
  type: ChannelType;
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
  group_constrained: boolean | null;
  shared: boolean | null;
  props: Record<string, unknown> | null;
  policy_id: string | null;
}

export interface ChannelMember {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  notify_props: StringMap;
  last_update_at: number;
  scheme_guest: boolean;
  scheme_user: boolean;
  scheme_admin: boolean;
  explicit_roles: string;
}

export interface Post {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  is_pinned: boolean;
  user_id: string;
  channel_id: string;
  root_id: string;
  original_id: string;
  message: string;
  type: string;
  props: Record<string, unknown>;
  hashtags: string;
  file_ids?: string[];
  pending_post_id: string;
  reply_count: number;
  last_reply_at: number;
  participants: null;
  metadata: Record<string, unknown>;
  /** Present (true) only while the post has reactions, as Mattermost's omitempty field. */
  has_reactions?: boolean;
}

export interface PostList {
  order: string[];
  posts: Record<string, Post>;
  next_post_id: string;
  prev_post_id: string;
  has_next: boolean;
  /** Always 0: Parley keeps the whole history accessible (Mattermost sends the field on every PostList). */
  first_inaccessible_post_time: number;
}

export interface Preference {
  user_id: string;
  category: string;
  name: string;
  value: string;
}

export interface Status {
  user_id: string;
  status: 'online' | 'away' | 'offline' | 'dnd';
  manual: boolean;
  last_activity_at: number;
  dnd_end_time: number;
}

export const SYSTEM_ADMIN_ROLE = 'system_admin';
export const SYSTEM_USER_ROLE = 'system_user';
export const TEAM_USER_ROLE = 'team_user';
export const TEAM_ADMIN_ROLE = 'team_admin';
export const CHANNEL_USER_ROLE = 'channel_user';
export const CHANNEL_ADMIN_ROLE = 'channel_admin';
export const DEFAULT_CHANNEL = 'town-square';
