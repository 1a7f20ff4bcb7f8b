// Pure Slack export → ImportPlan: every row the import writes, with ids assigned, plus Mattermost's import log.
import { createHash } from 'node:crypto';
import { slackToMarkdown, type MarkupContext } from './markup.ts';
import type { SlackAttachment, SlackChannel, SlackExport, SlackFileRef, SlackMessage, SlackUser } from './parse.ts';

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

const RESTRICTED_USERNAMES = new Set(['all', 'channel', 'matterbot', 'system']);
const USERNAME_MAX = 64;
const CHANNEL_NAME_MAX = 64;
const DISPLAY_NAME_MAX_RUNES = 64;
const PURPOSE_MAX_RUNES = 250;
const HEADER_MAX_RUNES = 1024;
const PERSONAL_NAME_MAX_RUNES = 64;
const GROUP_MAX_MEMBERS = 8;

const truncateRunes = (s: string, n: number) => {
  const runes = Array.from(s);
  return runes.length > n ? runes.slice(0, n).join('') : s;
};

/** Mattermost's CleanUsername: lower-case, spaces and other invalid characters → '-', trimmed of '-'; null if unusable. */
export function cleanUsername(raw: string): string | null {
  const s = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, USERNAME_MAX);
  return s && !RESTRICTED_USERNAMES.has(s) ? s : null;
}

/** Mattermost's slackConvertChannelName, lower-cased: trim '_'/'-', 1-char → slack-channel-x, invalid → channel id. */
export function convertChannelName(name: string, slackId: string): string {
  const trimmed = name.replace(/^[_-]+|[_-]+$/g, '').toLowerCase();
  if (Array.from(trimmed).length === 1) return `slack-channel-${trimmed}`;
  if (/^[a-z0-9_-]+$/.test(trimmed)) return trimmed.slice(0, CHANNEL_NAME_MAX);
  return slackId.toLowerCase().slice(0, CHANNEL_NAME_MAX);
}

export const directChannelName = (a: string, b: string) => (a < b ? `${a}__${b}` : `${b}__${a}`);

/** Mattermost's GetGroupNameFromUserIds: hex SHA-1 of the sorted ids concatenated. */
export function groupChannelName(userIds: string[]): string {
  return createHash('sha1')
    .update([...userIds].sort().join(''))
    .digest('hex');
}

/** Slack `ts` ("1700000000.000200") → epoch ms, sub-second part dropped as Mattermost does; 1 when unparsable. */
export function slackTsToMillis(ts: string): number {
  const secs = ts.split('.', 1)[0];
  return /^-?\d+$/.test(secs) ? Number(secs) * 1000 : 1;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

/**
 * Channel names the lead should look up before planning, to fill ExistingState.channelsByName: the converted names of
 * team channels, and the D/G names among Slack users that will merge into existing accounts (only those can exist).
 */
export function channelNamesToCheck(exp: SlackExport, existing: Pick<ExistingState, 'usersByEmail'>): string[] {
  const merged = new Map<string, string>();
  for (const u of exp.users) {
    const found = existing.usersByEmail.get(emailOf(u).toLowerCase());
    if (found) merged.set(u.id, found.id);
  }
  const names = new Set<string>();
  for (const c of exp.channels) {
    const ids = c.members.map((m) => merged.get(m));
    const allMerged = ids.length > 0 && ids.every((x): x is string => !!x);
    if (c.kind === 'O' || c.kind === 'P' || (c.kind === 'G' && c.members.length >= GROUP_MAX_MEMBERS)) {
      names.add(convertChannelName(c.name, c.id));
    } else if (c.kind === 'D' && allMerged && ids.length >= 2) {
      names.add(directChannelName(ids[0], ids[1]));
    } else if (c.kind === 'G' && allMerged) {
      names.add(groupChannelName([...new Set(ids)]));
    }
  }
  return [...names];
}

const emailOf = (u: SlackUser) => u.email || `${u.name}@example.com`;

/** Joins import-log lines the way Mattermost writes its log: CRLF after every line. */
export function formatImportLog(lines: string[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}

/** The 200 body of POST /teams/{team_id}/import: `{"results": base64(log)}`. */
export function importResponseBody(lines: string[]): { results: string } {
  return { results: Buffer.from(formatImportLog(lines), 'utf8').toString('base64') };
}

class Planner {
  readonly plan: ImportPlan;
  private readonly usernamesTaken: Set<string>;
  private readonly channelNamesTaken = new Set<string>();
  private readonly users = new Map<string, { id: string; username: string }>();
  private readonly channelNameBySlackId = new Map<string, string>();
  private readonly isAdmin: boolean;
  private readonly maxPostSize: number;
  private readonly maxFileSize: number;

  constructor(
    private readonly exp: SlackExport,
    private readonly existing: ExistingState,
    private readonly opts: PlanOptions,
  ) {
    this.isAdmin = opts.isAdminImport ?? true;
    this.maxPostSize = opts.maxPostSize ?? 16383;
    this.maxFileSize = opts.maxFileSize ?? 100 * 1024 * 1024;
    this.usernamesTaken = new Set([...existing.usernames].map((u) => u.toLowerCase()));
    this.plan = {
      team_id: opts.teamId,
      users: [],
      team_joins: [],
      password_resets: [],
      bot_user_id: '',
      deactivate_user_ids: [],
      channels: [],
      channel_members: [],
      preferences: [],
      posts: [],
      files: [],
      user_ids: {},
      log: ['Mattermost Slack Import Log', ...exp.skipped],
      warnings: [...exp.warnings],
    };
  }

  run(): ImportPlan {
    this.addUsers();
    this.addBotUser();
    const markup = this.markupContext();
    this.plan.log.push('', 'Channels added:', '=================', '');
    for (const sc of this.exp.channels) this.addChannel(sc, markup);
    this.plan.log.push(
      '',
      'Notes:',
      '=======',
      '',
      '- Some messages may not have been imported because they were not supported by this importer.',
      '- Slack bot messages are currently not supported.',
      '- Additional errors may be found in the server logs.',
    );
    return this.plan;
  }

  private uniqueUsername(base: string): string {
    let name = base;
    for (let i = 1; this.usernamesTaken.has(name); i++) {
      const suffix = `-${i}`;
      name = base.slice(0, USERNAME_MAX - suffix.length) + suffix;
    }
    this.usernamesTaken.add(name);
    return name;
  }

  private newUser(slackId: string, username: string, email: string, first: string, last: string, verified: boolean) {
    const now = this.opts.now;
    const user: PlannedUser = {
      id: this.opts.newId(),
      slack_id: slackId,
      username,
      email,
      email_verified: verified,
      first_name: truncateRunes(first, PERSONAL_NAME_MAX_RUNES),
      last_name: truncateRunes(last, PERSONAL_NAME_MAX_RUNES),
      nickname: '',
      password: '',
      auth_service: '',
      roles: 'system_user',
      locale: 'en',
      create_at: now,
      update_at: now,
      delete_at: 0,
    };
    this.plan.users.push(user);
    this.plan.team_joins.push(user.id);
    return user;
  }

  private addUsers() {
    const log = this.plan.log;
    log.push('', 'Users created:', '===============', '');
    const createdByEmail = new Map<string, { id: string; username: string }>();
    for (const su of this.exp.users) {
      let email = su.email;
      if (!email) {
        email = `${su.name}@example.com`;
        log.push(
          `User ${su.name} does not have an email address in the Slack export. Used ${email} as a placeholder. The user should update their email address once logged in to the system.`,
        );
      }
      const key = email.toLowerCase();
      const existing = this.existing.usersByEmail.get(key);
      if (existing && this.isAdmin) {
        this.mapUser(su.id, existing);
        if (!this.plan.team_joins.includes(existing.id)) this.plan.team_joins.push(existing.id);
        log.push(`Slack user merged with an existing Mattermost user with matching email ${key} and username ${existing.username}.`);
        continue;
      }
      if (existing) {
        // Non-admin import: the account with this e-mail is not adopted, and a second one cannot be created.
        log.push(
          `Slack user ${su.name} matches an existing account by email; it was not merged because the import was not run by a system administrator.`,
        );
        log.push(`Unable to import Slack user: ${su.name}.`);
        continue;
      }
      const earlier = createdByEmail.get(key);
      if (earlier) {
        // Mattermost finds the account it just created for the same e-mail and merges into it.
        this.mapUser(su.id, earlier);
        log.push(`Slack user merged with an existing Mattermost user with matching email ${key} and username ${earlier.username}.`);
        continue;
      }
      const base = cleanUsername(su.name);
      if (!base || !EMAIL_RE.test(key) || key.length > 128) {
        log.push(`Unable to import Slack user: ${su.name}.`);
        continue;
      }
      const username = this.uniqueUsername(base);
      const user = this.newUser(su.id, username, key, su.first_name, su.last_name, this.isAdmin);
      this.mapUser(su.id, user);
      createdByEmail.set(key, user);
      this.plan.password_resets.push(user.id);
      if (username !== su.name) log.push(`Slack user ${su.name} was imported with the username ${username}.`);
      log.push(`Slack user with email ${key} has been imported.`);
    }
  }

  private mapUser(slackId: string, user: { id: string; username: string }) {
    this.users.set(slackId, user);
    this.plan.user_ids[slackId] = user.id;
  }

  private addBotUser() {
    const username = this.uniqueUsername(`slackimportuser_${this.opts.newId()}`);
    const email = `${username}@localhost`;
    const bot = this.newUser('', username, email, '', '', false);
    this.plan.bot_user_id = bot.id;
    this.plan.deactivate_user_ids.push(bot.id);
    this.plan.log.push(`The Integration/Slack Bot user with email ${email} has been imported.`);
  }

  /** Channel names are known before any post is converted, so `<#C…>` resolves to the Mattermost name. */
  private markupContext(): MarkupContext {
    for (const sc of this.exp.channels) {
      if (sc.kind === 'D' || (sc.kind === 'G' && sc.members.length < GROUP_MAX_MEMBERS)) continue;
      this.channelNameBySlackId.set(sc.id, this.teamChannelName(sc));
    }
    return {
      usernames: new Map([...this.users].map(([sid, u]) => [sid, u.username])),
      channelNames: this.channelNameBySlackId,
    };
  }

  private teamChannelName(sc: SlackChannel): string {
    let name = convertChannelName(sc.name, sc.id);
    if (this.channelNamesTaken.has(name)) name = sc.id.toLowerCase();
    if (this.channelNamesTaken.has(name) || !name) name = this.opts.newId();
    const found = this.existing.channelsByName?.get(name);
    if (found && found.delete_at > 0) name = this.opts.newId();
    this.channelNamesTaken.add(name);
    return name;
  }

  private addChannel(sc: SlackChannel, markup: MarkupContext) {
    const log = this.plan.log;
    const displayName = truncateRunes(sc.name, DISPLAY_NAME_MAX_RUNES);
    const label = displayName || sc.id;
    let channel: PlannedChannel | null;
    if (sc.kind === 'D') channel = this.directChannel(sc);
    else if (sc.kind === 'G' && sc.members.length < GROUP_MAX_MEMBERS) channel = this.groupChannel(sc);
    else channel = this.teamChannel(sc, displayName);
    if (!channel) {
      log.push(`Unable to import Slack channel ${label}.`);
      return;
    }
    if (channel.existing && (channel.type === 'O' || channel.type === 'P')) {
      log.push(`The Slack channel ${label} already exists as an active Mattermost channel. Both channels have been merged.`);
    }
    if (channel.type === 'O' || channel.type === 'P') {
      const added = new Set<string>();
      for (const member of sc.members) {
        const user = this.users.get(member);
        if (!user) {
          log.push('Unable to add Slack user ? to channel.');
          continue;
        }
        if (added.has(user.id)) continue;
        added.add(user.id);
        this.plan.channel_members.push({ channel_id: channel.id, user_id: user.id });
      }
    }
    log.push(label);
    this.addPosts(channel, this.exp.posts.get(sc.kind === 'D' ? sc.id : sc.name) ?? [], markup);
  }

  private teamChannel(sc: SlackChannel, displayName: string): PlannedChannel {
    const name = this.channelNameBySlackId.get(sc.id) ?? this.teamChannelName(sc);
    const found = this.existing.channelsByName?.get(name);
    const channel: PlannedChannel = {
      id: found && found.delete_at === 0 ? found.id : this.opts.newId(),
      slack_id: sc.id,
      team_id: this.opts.teamId,
      type: sc.kind === 'O' ? 'O' : 'P',
      name,
      display_name: displayName || name,
      purpose: truncateRunes(sc.purpose, PURPOSE_MAX_RUNES),
      header: truncateRunes(sc.topic, HEADER_MAX_RUNES),
      creator_id: '',
      create_at: this.opts.now,
      existing: !!found && found.delete_at === 0,
    };
    this.plan.channels.push(channel);
    return channel;
  }

  private plannedOrExisting(name: string, make: (id: string) => PlannedChannel): PlannedChannel {
    const same = this.plan.channels.find((c) => c.name === name && c.team_id === '');
    if (same) return same;
    const found = this.existing.channelsByName?.get(name);
    const channel = make(found && found.delete_at === 0 ? found.id : this.opts.newId());
    channel.existing = !!found && found.delete_at === 0;
    this.plan.channels.push(channel);
    return channel;
  }

  private directChannel(sc: SlackChannel): PlannedChannel | null {
    if (sc.members.length < 2) return null;
    const u1 = this.users.get(sc.members[0]);
    const u2 = this.users.get(sc.members[1]);
    if (!u1 || !u2) {
      this.plan.warnings.push(`Slack Import: DM ${sc.id} has members missing from users.json; ignored.`);
      return null;
    }
    const name = directChannelName(u1.id, u2.id);
    const isNew = !this.plan.channels.some((c) => c.name === name && c.team_id === '');
    const channel = this.plannedOrExisting(name, (id) => ({
      ...this.baseChannel(id, sc, 'D', name),
      creator_id: u1.id,
    }));
    if (isNew) {
      const pairs =
        u1.id === u2.id
          ? [[u1, u1]]
          : [
              [u1, u2],
              [u2, u1],
            ];
      for (const [me, other] of pairs) {
        this.plan.channel_members.push({ channel_id: channel.id, user_id: me.id });
        this.plan.preferences.push({ user_id: me.id, category: 'direct_channel_show', name: other.id, value: 'true' });
      }
    }
    return channel;
  }

  private groupChannel(sc: SlackChannel): PlannedChannel | null {
    if (!this.users.get(sc.creator)) return null;
    const members: { id: string; username: string }[] = [];
    for (const m of sc.members) {
      const u = this.users.get(m);
      if (!u) {
        this.plan.warnings.push(`Slack Import: user ${m} of group DM ${sc.name} not found in users.json; ignored.`);
        continue;
      }
      if (!members.some((x) => x.id === u.id)) members.push(u);
    }
    if (members.length < 3 || members.length > GROUP_MAX_MEMBERS) return null;
    const name = groupChannelName(members.map((m) => m.id));
    const isNew = !this.plan.channels.some((c) => c.name === name && c.team_id === '');
    const displayName = truncateRunes(
      members
        .map((m) => m.username)
        .sort()
        .join(', '),
      CHANNEL_NAME_MAX,
    );
    const channel = this.plannedOrExisting(name, (id) => ({ ...this.baseChannel(id, sc, 'G', name), display_name: displayName }));
    if (isNew) {
      for (const m of members) {
        this.plan.channel_members.push({ channel_id: channel.id, user_id: m.id });
        this.plan.preferences.push({ user_id: m.id, category: 'group_channel_show', name: channel.id, value: 'true' });
      }
    }
    return channel;
  }

  private baseChannel(id: string, sc: SlackChannel, type: 'D' | 'G', name: string): PlannedChannel {
    return {
      id,
      slack_id: sc.id,
      team_id: '',
      type,
      name,
      display_name: '',
      purpose: '',
      header: '',
      creator_id: '',
      create_at: this.opts.now,
      existing: false,
    };
  }

  private addPosts(channel: PlannedChannel, messages: SlackMessage[], markup: MarkupContext) {
    const sorted = messages
      .map((m, i) => ({ m, i, at: slackTsToMillis(m.ts) }))
      .sort((a, b) => a.at - b.at || fraction(a.m.ts) - fraction(b.m.ts) || a.i - b.i);
    const threads = new Map<string, string>();
    for (const { m, at } of sorted) {
      const draft = this.draftPost(channel, m, markup);
      if (!draft) continue;
      const rootId = m.thread_ts && m.thread_ts !== m.ts ? (threads.get(m.thread_ts) ?? '') : '';
      const fileRefs = draft.withFiles ? (m.file ? [m.file] : m.files) : [];
      const firstId = this.savePost({ ...draft.post, channel_id: channel.id, root_id: rootId, create_at: at }, fileRefs);
      if (m.thread_ts && m.thread_ts === m.ts && draft.canBeRoot) threads.set(m.ts, firstId);
    }
  }

  /** Mattermost's per-subtype rules; null/undefined = not imported (logged to the server log only). */
  private draftPost(
    channel: PlannedChannel,
    m: SlackMessage,
    markup: MarkupContext,
  ): { post: Pick<PlannedPost, 'user_id' | 'message' | 'type' | 'props'>; withFiles: boolean; canBeRoot: boolean } | null | undefined {
    const author = (slackUserId: string) => {
      const user = slackUserId ? this.users.get(slackUserId) : undefined;
      if (!user) this.plan.warnings.push(`Slack Import: message ${m.ts} in ${channel.name} has no importable user; skipped.`);
      return user;
    };
    const text = () => slackToMarkdown(m.text, markup);
    if (m.type !== 'message') return this.unsupported(m);
    switch (m.subtype) {
      case '':
      case 'file_share': {
        const u = author(m.user);
        return u && { post: { user_id: u.id, message: text(), type: '', props: {} }, withFiles: true, canBeRoot: true };
      }
      case 'file_comment': {
        const u = m.comment ? author(m.comment.user) : undefined;
        if (!u || !m.comment) return null;
        return {
          post: { user_id: u.id, message: slackToMarkdown(m.comment.comment, markup), type: '', props: {} },
          withFiles: false,
          canBeRoot: false,
        };
      }
      case 'bot_message': {
        if (!m.bot_id) {
          this.plan.warnings.push(`Slack Import: bot message ${m.ts} has no bot_id; skipped.`);
          return null;
        }
        const props: Record<string, unknown> = { from_webhook: 'true', override_username: m.username || 'webhook' };
        if (m.attachments.length > 0) props.attachments = m.attachments.map((a) => convertAttachment(a, markup));
        return {
          post: { user_id: this.plan.bot_user_id, message: text(), type: 'slack_attachment', props },
          withFiles: false,
          canBeRoot: true,
        };
      }
      case 'me_message': {
        const u = author(m.user);
        return u && { post: { user_id: u.id, message: `*${text()}*`, type: '', props: {} }, withFiles: false, canBeRoot: true };
      }
      case 'channel_join':
      case 'channel_leave': {
        const u = author(m.user);
        const type = m.subtype === 'channel_join' ? 'system_join_channel' : 'system_leave_channel';
        return u && { post: { user_id: u.id, message: text(), type, props: { username: u.username } }, withFiles: false, canBeRoot: false };
      }
      case 'channel_topic':
      case 'channel_purpose':
      case 'channel_name': {
        const u = author(m.user);
        const type = {
          channel_topic: 'system_header_change',
          channel_purpose: 'system_purpose_change',
          channel_name: 'system_displayname_change',
        }[m.subtype];
        return u && { post: { user_id: u.id, message: text(), type, props: {} }, withFiles: false, canBeRoot: false };
      }
      default:
        return this.unsupported(m);
    }
  }

  private unsupported(m: SlackMessage): null {
    this.plan.warnings.push(`Slack Import: message type ${m.type}/${m.subtype} is not supported; skipped.`);
    return null;
  }

  /**
   * Mattermost's oldImportPost: a message over maxPostSize runes is cut into parts; later parts are replies to the
   * first (or to the thread root) with create_at + 1 each; files go on the first part. Returns the first part's id.
   */
  private savePost(post: Omit<PlannedPost, 'id' | 'file_ids'>, fileRefs: SlackFileRef[]): string {
    const runes = Array.from(post.message);
    const parts: string[] = [];
    for (let i = 0; i < runes.length; i += this.maxPostSize) parts.push(runes.slice(i, i + this.maxPostSize).join(''));
    if (parts.length === 0) parts.push('');
    let firstId = post.root_id;
    parts.forEach((message, i) => {
      const id = this.opts.newId();
      const row: PlannedPost = {
        ...post,
        id,
        message,
        root_id: firstId,
        create_at: post.create_at + i,
        file_ids: [],
        props: { ...post.props },
      };
      if (i === 0) {
        row.file_ids = this.addFiles(row, fileRefs);
        if (!firstId) firstId = id;
      }
      this.plan.posts.push(row);
    });
    return firstId;
  }

  private addFiles(post: PlannedPost, refs: SlackFileRef[]): string[] {
    const ids: string[] = [];
    for (const ref of refs) {
      const upload = this.exp.uploads.get(ref.id);
      if (!upload) {
        this.plan.warnings.push(`Slack Import: file ${ref.id} is missing from the export zip; not attached.`);
        continue;
      }
      if (upload.size > this.maxFileSize) {
        this.plan.warnings.push(`Slack Import: file ${ref.id} is larger than the maximum file size; not attached.`);
        continue;
      }
      const dot = upload.name.lastIndexOf('.');
      const file: PlannedFile = {
        id: this.opts.newId(),
        post_id: post.id,
        channel_id: post.channel_id,
        creator_id: post.user_id,
        name: upload.name,
        extension: dot > 0 ? upload.name.slice(dot + 1).toLowerCase() : '',
        size: upload.size,
        create_at: post.create_at,
        slack_file_id: ref.id,
        zip_path: upload.zip_path,
      };
      this.plan.files.push(file);
      ids.push(file.id);
    }
    return ids;
  }
}

const fraction = (ts: string) => Number(`0.${ts.split('.')[1] ?? '0'}`) || 0;

/** The fields Mattermost's SlackAttachment keeps, with text, pretext and field values converted. */
const ATTACHMENT_KEYS = [
  'id',
  'fallback',
  'color',
  'pretext',
  'author_name',
  'author_link',
  'author_icon',
  'title',
  'title_link',
  'text',
  'fields',
  'image_url',
  'thumb_url',
  'footer',
  'footer_icon',
  'ts',
];

function convertAttachment(a: SlackAttachment, markup: MarkupContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ATTACHMENT_KEYS) if (a[k] !== undefined && a[k] !== null) out[k] = a[k];
  for (const k of ['text', 'pretext'] as const) if (typeof out[k] === 'string') out[k] = slackToMarkdown(out[k] as string, markup);
  if (Array.isArray(out.fields)) {
    out.fields = out.fields
      .filter((f) => f && typeof f === 'object')
      .map((f: Record<string, unknown>) => (typeof f.value === 'string' ? { ...f, value: slackToMarkdown(f.value, markup) } : f));
  }
  return out;
}

/**
 * Plans a Slack import into `opts.teamId`. Pure and deterministic for a given `newId`: ids are drawn in this order —
 * users (export order), the bot, channels and their posts/files (public, private, group DMs, DMs).
 */
export function buildImportPlan(exp: SlackExport, existing: ExistingState, opts: PlanOptions): ImportPlan {
  return new Planner(exp, existing, opts).run();
}
