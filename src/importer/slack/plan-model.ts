// The shape of a planned Slack import: every row it writes, with ids assigned, what it needs to know of the server,
// and the hooks of a streaming planner. Types only.
export type ChannelType = 'O' | 'P' | 'D' | 'G';

/** A new account. Password-less (`password: ''`): the user sets one through password reset, as in Mattermost. */
export interface PlannedUser {
  id: string;
  /** Slack user id; '' for the import bot. */
  slack_id: string;
  username: string;
  email: string;
  email_verified: boolean;
  first_name: string;
  last_name: string;
  nickname: string;
  password: '';
  auth_service: '';
  roles: 'system_user';
  locale: 'en';
  create_at: number;
  update_at: number;
  delete_at: 0;
}

export interface PlannedChannel {
  id: string;
  /** Slack channel id (DM id for D). */
  slack_id: string;
  /** '' for D and G channels. */
  team_id: string;
  type: ChannelType;
  name: string;
  display_name: string;
  purpose: string;
  header: string;
  creator_id: string;
  create_at: number;
  /** True when the import merges into a channel that already exists (same name): do not insert it. */
  existing: boolean;
}

export interface PlannedChannelMember {
  channel_id: string;
  user_id: string;
}

export interface PlannedPreference {
  user_id: string;
  category: 'direct_channel_show' | 'group_channel_show';
  name: string;
  value: 'true';
}

/** A post row in Mattermost's field names; update_at = create_at, edit_at = delete_at = 0, is_pinned = false. */
export interface PlannedPost {
  id: string;
  channel_id: string;
  user_id: string;
  root_id: string;
  message: string;
  type: string;
  props: Record<string, unknown>;
  create_at: number;
  file_ids: string[];
}

/** A file to copy from the zip (`zip_path`, also `export.uploads.get(slack_file_id)`) and record as a FileInfo. */
export interface PlannedFile {
  id: string;
  post_id: string;
  channel_id: string;
  creator_id: string;
  name: string;
  /** Lower-case, without the dot; '' when the name has none. */
  extension: string;
  size: number;
  create_at: number;
  slack_file_id: string;
  zip_path: string;
}

export interface ImportPlan {
  team_id: string;
  /** New accounts in creation order; the import bot (`slackimportuser_<id>`) is last. */
  users: PlannedUser[];
  /** Users to join to the team (Mattermost's JoinUserToTeam), in order: Slack users (created or merged), then the bot. */
  team_joins: string[];
  /** Created Slack users (not merged ones, not the bot) who should get a password-reset e-mail after commit. */
  password_resets: string[];
  bot_user_id: string;
  /** Deactivate (delete_at = update_at = now) after all posts are written: the bot. */
  deactivate_user_ids: string[];
  channels: PlannedChannel[];
  /** Insert-if-missing; includes both members of every D and every member of every G. */
  channel_members: PlannedChannelMember[];
  preferences: PlannedPreference[];
  /** In insertion order (per channel, by time); roots always precede their replies. */
  posts: PlannedPost[];
  files: PlannedFile[];
  /** Slack user id → Mattermost user id, for created and merged users. */
  user_ids: Record<string, string>;
  /** Import-log lines without line endings; render with formatImportLog. */
  log: string[];
  /** Diagnostics for the server log (Mattermost logs these, it does not put them in the import log). */
  warnings: string[];
}

export interface ExistingState {
  /** Existing accounts by lower-cased e-mail. */
  usersByEmail: ReadonlyMap<string, { id: string; username: string }>;
  /** Every username in use (lower-case). */
  usernames: ReadonlySet<string>;
  /**
   * Channels that may collide, by name: the team's channels plus D/G channels (see channelNamesToCheck).
   * An active one is merged into; a deleted one makes the import use a random name.
   */
  channelsByName?: ReadonlyMap<string, { id: string; delete_at: number }>;
}

export interface PlanOptions {
  teamId: string;
  now: number;
  newId: () => string;
  /**
   * Whether a system admin runs the import (Mattermost ≥ 10.x security rule). Only then are Slack users merged into
   * existing accounts with the same e-mail and are new e-mails marked verified. Default true.
   */
  isAdminImport?: boolean;
  /** Longest message in runes; longer ones are split into replies (Mattermost's MaxPostSize, default 16383). */
  maxPostSize?: number;
  /** FileSettings.MaxFileSize; larger uploads are skipped (default 100 MiB). */
  maxFileSize?: number;
}

/** Why an item of the export was left out; the server's import summarises them by kind instead of logging each. */
export type SkipKind =
  | 'message_without_user'
  | 'bot_message_without_bot_id'
  | 'message_unsupported'
  | 'file_missing'
  | 'file_too_large'
  | 'dm_members_missing'
  | 'gm_member_missing'
  | 'team_join_failed';

export interface PlanHooks {
  /**
   * Receives each diagnostic instead of plan.warnings (`detail`: the type/subtype of an unsupported message, the id
   * of a missing file …). Default: the text is appended to plan.warnings.
   */
  warn?(kind: SkipKind, text: string, detail: string): void;
  /**
   * Takes the posts and files planned so far out of the plan whenever `batchSize` posts are waiting and when a
   * channel's posts are done, so a large export never holds all its posts. Default: they stay in plan.posts/files.
   */
  flush?(posts: PlannedPost[], files: PlannedFile[]): void;
  batchSize?: number;
}
