// Run-time shape checks tied to @mattermost/types at compile time: each spec must name every required field of its
// type (a missing one fails `tsc`), and `checkShape` asserts each field's JSON kind in a live answer.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { UserProfile, UserStatus } from '@mattermost/types/users';
import type { Team, TeamMembership, TeamUnread } from '@mattermost/types/teams';
import type { Channel, ChannelMembership, ChannelStats } from '@mattermost/types/channels';
import type { ChannelCategory, OrderedChannelCategories } from '@mattermost/types/channel_categories';
import type { Post, PostList } from '@mattermost/types/posts';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { Role } from '@mattermost/types/roles';
import type { ServerLimits } from '@mattermost/types/limits';
import type { Session } from '@mattermost/types/sessions';

/** JSON kinds; a leading `?` marks a field Mattermost itself omits when empty (omitempty), so absence is allowed. */
type Kind =
  'string' | 'number' | 'boolean' | 'array' | 'object' | 'string|null' | `?${'string' | 'number' | 'boolean' | 'array' | 'object'}`;

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** Every required key of T must appear; optional keys of T may be listed too. */
export type Spec<T> = Record<RequiredKeys<T>, Kind> & Partial<Record<keyof T, Kind>>;

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Asserts that `value` has every field of `spec` with the stated kind; `what` names the call in failures. */
export function checkShape<T>(what: string, value: unknown, spec: Spec<T>): T {
  expect(kindOf(value), `${what}: not an object`).toBe('object');
  const obj = value as Record<string, unknown>;
  for (const [key, kind] of Object.entries(spec) as Array<[string, Kind]>) {
    const optional = kind.startsWith('?');
    const want = optional ? kind.slice(1) : kind;
    if (!(key in obj)) {
      expect(optional, `${what}: missing required field "${key}"`).toBe(true);
      continue;
    }
    const got = kindOf(obj[key]);
    expect(want.split('|').includes(got), `${what}: field "${key}" is ${got}, want ${want}`).toBe(true);
  }
  return value as T;
}

export function checkEach<T>(what: string, value: unknown, spec: Spec<T>): T[] {
  expect(Array.isArray(value), `${what}: not an array`).toBe(true);
  (value as unknown[]).forEach((v, i) => checkShape<T>(`${what}[${i}]`, v, spec));
  return value as T[];
}

// Mattermost never sends password; terms_of_service_* only after acceptance; mfa_active is omitempty.
export const USER: Spec<UserProfile> = {
  id: 'string',
  create_at: 'number',
  update_at: 'number',
  delete_at: 'number',
  username: 'string',
  password: '?string',
  auth_service: 'string',
  email: 'string',
  nickname: 'string',
  first_name: 'string',
  last_name: 'string',
  position: 'string',
  roles: 'string',
  props: 'object',
  notify_props: 'object',
  last_password_update: 'number',
  last_picture_update: 'number',
  locale: 'string',
  timezone: 'object',
  mfa_active: '?boolean',
  last_activity_at: '?number',
  is_bot: 'boolean',
  bot_description: '?string',
  terms_of_service_id: '?string',
  terms_of_service_create_at: '?number',
};

export const TEAM: Spec<Team> = {
  id: 'string',
  create_at: 'number',
  update_at: 'number',
  delete_at: 'number',
  display_name: 'string',
  name: 'string',
  description: 'string',
  email: 'string',
  type: 'string',
  company_name: 'string',
  allowed_domains: 'string',
  invite_id: 'string',
  allow_open_invite: 'boolean',
  scheme_id: 'string|null' as Kind,
  group_constrained: '?boolean',
};

export const TEAM_MEMBER: Spec<TeamMembership> = {
  team_id: 'string',
  user_id: 'string',
  roles: 'string',
  delete_at: 'number',
  scheme_admin: 'boolean',
  scheme_guest: 'boolean',
  scheme_user: 'boolean',
  // The unread counts of TeamMembership come from /teams/unread; members do not carry them in Mattermost either.
  mention_count: '?number',
  mention_count_root: '?number',
  msg_count: '?number',
  msg_count_root: '?number',
};

export const TEAM_UNREAD: Spec<TeamUnread> = {
  team_id: 'string',
  mention_count: 'number',
  mention_count_root: 'number',
  msg_count: 'number',
  msg_count_root: 'number',
  thread_count: '?number',
  thread_mention_count: '?number',
  thread_urgent_mention_count: '?number',
};

export const CHANNEL: Spec<Channel> = {
  id: 'string',
  create_at: 'number',
  update_at: 'number',
  delete_at: 'number',
  team_id: 'string',
  type: 'string',
  display_name: 'string',
  name: 'string',
  header: 'string',
  purpose: 'string',
  last_post_at: 'number',
  last_root_post_at: 'number',
  creator_id: 'string',
  scheme_id: 'string|null' as Kind,
  group_constrained: '?boolean',
  total_msg_count: 'number',
  total_msg_count_root: 'number',
} as Spec<Channel>;

export const CHANNEL_MEMBER: Spec<ChannelMembership> = {
  channel_id: 'string',
  user_id: 'string',
  roles: 'string',
  last_viewed_at: 'number',
  msg_count: 'number',
  msg_count_root: 'number',
  mention_count: 'number',
  mention_count_root: 'number',
  urgent_mention_count: 'number',
  notify_props: 'object',
  last_update_at: 'number',
  scheme_user: 'boolean',
  scheme_admin: 'boolean',
};

export const CATEGORY: Spec<ChannelCategory> = {
  id: 'string',
  user_id: 'string',
  team_id: 'string',
  type: 'string',
  display_name: 'string',
  sorting: 'string',
  channel_ids: 'array',
  muted: 'boolean',
  collapsed: 'boolean',
};
export const ORDERED_CATEGORIES: Spec<OrderedChannelCategories> = { categories: 'array', order: 'array' };

export const POST: Spec<Post> = {
  id: 'string',
  create_at: 'number',
  update_at: 'number',
  edit_at: 'number',
  delete_at: 'number',
  is_pinned: 'boolean',
  user_id: 'string',
  channel_id: 'string',
  root_id: 'string',
  original_id: 'string',
  message: 'string',
  type: 'string',
  props: 'object',
  hashtags: 'string',
  pending_post_id: 'string',
  reply_count: 'number',
  metadata: 'object',
};
export const POST_LIST: Spec<PostList> = {
  order: 'array',
  posts: 'object',
  next_post_id: 'string',
  prev_post_id: 'string',
  first_inaccessible_post_time: 'number',
};

export const PREFERENCE: Spec<PreferenceType> = { category: 'string', name: 'string', user_id: 'string', value: 'string' };
export const ROLE: Spec<Role> = {
  id: 'string',
  name: 'string',
  display_name: 'string',
  description: 'string',
  create_at: 'number',
  update_at: 'number',
  delete_at: 'number',
  permissions: 'array',
  scheme_managed: 'boolean',
  built_in: 'boolean',
};
export const STATUS: Spec<UserStatus> = {
  user_id: 'string',
  status: 'string',
  manual: '?boolean',
  last_activity_at: '?number',
  dnd_end_time: '?number',
};
export const SERVER_LIMITS: Spec<ServerLimits> = { activeUserCount: 'number', maxUsersLimit: 'number' };
// The token never leaves the server in session lists; team_members/local are filled only by the web app's own store.
export const SESSION: Spec<Session> = {
  id: 'string',
  token: '?string',
  create_at: 'number',
  expires_at: 'number',
  last_activity_at: 'number',
  user_id: 'string',
  device_id: 'string',
  roles: 'string',
  is_oauth: 'boolean',
  props: 'object',
  team_members: '?array',
  local: '?boolean',
};
export const CHANNEL_STATS: Spec<ChannelStats> = {
  channel_id: 'string',
  member_count: 'number',
  guest_count: 'number',
  pinnedpost_count: 'number',
  files_count: 'number',
};

/** The keys of @mattermost/types' ClientConfig (what the web app of the same release reads), from its declaration file. */
export function webappClientConfigKeys(): string[] {
  const file = path.resolve('node_modules/@mattermost/types/lib/config.d.ts');
  const src = fs.readFileSync(file, 'utf8');
  const start = src.indexOf('export type ClientConfig = {');
  const body = src.slice(start, src.indexOf('\n};', start));
  return [...body.matchAll(/^\s{4}(\w+)\??:/gm)].map((m) => m[1]);
}
