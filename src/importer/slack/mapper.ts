// Pure Slack export → ImportPlan: every row the import writes, with ids assigned, plus Mattermost's import log.
import { convertAttachment, slackToMarkdown, type MarkupContext } from './markup.ts';
import {
  CHANNEL_NAME_MAX,
  cleanUsername,
  convertChannelName,
  directChannelName,
  DISPLAY_NAME_MAX_RUNES,
  EMAIL_RE,
  GROUP_MAX_MEMBERS,
  groupChannelName,
  HEADER_MAX_RUNES,
  PERSONAL_NAME_MAX_RUNES,
  PURPOSE_MAX_RUNES,
  slackTsToMillis,
  truncateRunes,
  USERNAME_MAX,
} from './names.ts';
import type {
  ExistingState,
  ImportPlan,
  PlanHooks,
  PlannedChannel,
  PlannedFile,
  PlannedPost,
  PlannedUser,
  PlanOptions,
  SkipKind,
} from './plan-model.ts';
import type { SlackChannel, SlackExport, SlackFileRef, SlackMessage } from './parse.ts';

export * from './plan-model.ts';
export { channelNamesToCheck, cleanUsername, convertChannelName, directChannelName, groupChannelName, slackTsToMillis } from './names.ts';

/** Joins import-log lines the way Mattermost writes its log: CRLF after every line. */
export function formatImportLog(lines: string[]): string {
  return lines.map((l) => `${l}\r\n`).join('');
}

/** The 200 body of POST /teams/{team_id}/import: `{"results": base64(log)}`. */
export function importResponseBody(lines: string[]): { results: string } {
  return { results: Buffer.from(formatImportLog(lines), 'utf8').toString('base64') };
}

/**
 * The planner itself; buildImportPlan runs it over a whole export, ImportPlanner (stream-planner.ts) step by step.
 * Not for use elsewhere.
 */
export class Planner {
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
    private readonly hooks: PlanHooks = {},
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

  private markup: MarkupContext = { usernames: new Map(), channelNames: new Map() };

  /** Plans everything; posts and files are drawn channel by channel, interleaved with the channels' ids. */
  run(): ImportPlan {
    this.planHead();
    for (const sc of this.exp.channels) {
      const channel = this.addChannel(sc);
      if (channel) this.addPosts(channel, this.exp.posts.get(folderOf(sc)) ?? []);
    }
    return this.finish();
  }

  planChannels(): Array<{ channel: PlannedChannel; folder: string }> {
    this.planHead();
    const out: Array<{ channel: PlannedChannel; folder: string }> = [];
    for (const sc of this.exp.channels) {
      const channel = this.addChannel(sc);
      if (channel) out.push({ channel, folder: folderOf(sc) });
    }
    return out;
  }

  private planHead() {
    this.addUsers();
    this.addBotUser();
    this.markup = this.markupContext();
    this.plan.log.push('', 'Channels added:', '=================', '');
  }

  adoptBot(existing: string) {
    const plan = this.plan;
    const planned = plan.bot_user_id;
    plan.users = plan.users.filter((u) => u.id !== planned);
    plan.team_joins = plan.team_joins.map((id) => (id === planned ? existing : id));
    plan.deactivate_user_ids = plan.deactivate_user_ids.filter((id) => id !== planned);
    for (const p of plan.posts) if (p.user_id === planned) p.user_id = existing;
    for (const f of plan.files) if (f.creator_id === planned) f.creator_id = existing;
    plan.bot_user_id = existing;
  }

  private warn(kind: SkipKind, text: string, detail = '') {
    if (this.hooks.warn) this.hooks.warn(kind, text, detail);
    else this.plan.warnings.push(text);
  }

  private flush(force: boolean) {
    const { flush, batchSize = 1000 } = this.hooks;
    if (!flush || this.plan.posts.length === 0 || (!force && this.plan.posts.length < batchSize)) return;
    flush(this.plan.posts.splice(0), this.plan.files.splice(0));
  }

  finish(): ImportPlan {
    this.plan.log.push(
      '',
      'Notes:',
      '=======',
      '',
      '- Some messages may not have been imported because they were not supported by this importer.',
      '- Slack bot messages are currently not supported.',
      '- Additional errors may be found in the server logs.',
    );
    if (this.plan.password_resets.length)
      this.plan.log.push(
        '- Imported users have no password yet. Each one sets it with "Forgot password?" on the login page: a reset link is e-mailed to the imported address.',
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

  private addChannel(sc: SlackChannel): PlannedChannel | null {
    const log = this.plan.log;
    const displayName = truncateRunes(sc.name, DISPLAY_NAME_MAX_RUNES);
    const label = displayName || sc.id;
    let channel: PlannedChannel | null;
    if (sc.kind === 'D') channel = this.directChannel(sc);
    else if (sc.kind === 'G' && sc.members.length < GROUP_MAX_MEMBERS) channel = this.groupChannel(sc);
    else channel = this.teamChannel(sc, displayName);
    if (!channel) {
      log.push(`Unable to import Slack channel ${label}.`);
      return null;
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
    return channel;
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
      this.warn('dm_members_missing', `Slack Import: DM ${sc.id} has members missing from users.json; ignored.`, sc.id);
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
        this.warn('gm_member_missing', `Slack Import: user ${m} of group DM ${sc.name} not found in users.json; ignored.`, sc.name);
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

  addPosts(channel: PlannedChannel, messages: SlackMessage[]) {
    const markup = this.markup;
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
      this.flush(false);
    }
    this.flush(true);
  }

  /** Mattermost's per-subtype rules; null/undefined = not imported (logged to the server log only). */
  private draftPost(
    channel: PlannedChannel,
    m: SlackMessage,
    markup: MarkupContext,
  ): { post: Pick<PlannedPost, 'user_id' | 'message' | 'type' | 'props'>; withFiles: boolean; canBeRoot: boolean } | null | undefined {
    const author = (slackUserId: string) => {
      const user = slackUserId ? this.users.get(slackUserId) : undefined;
      if (!user)
        this.warn(
          'message_without_user',
          `Slack Import: message ${m.ts} in ${channel.name} has no importable user; skipped.`,
          channel.name,
        );
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
          this.warn('bot_message_without_bot_id', `Slack Import: bot message ${m.ts} has no bot_id; skipped.`, channel.name);
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

  unsupported(m: Pick<SlackMessage, 'type' | 'subtype'>): null {
    const kind = `${m.type}/${m.subtype}`;
    this.warn('message_unsupported', `Slack Import: message type ${kind} is not supported; skipped.`, kind);
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
        this.warn('file_missing', `Slack Import: file ${ref.id} is missing from the export zip; not attached.`, ref.id);
        continue;
      }
      if (upload.size > this.maxFileSize) {
        this.warn('file_too_large', `Slack Import: file ${ref.id} is larger than the maximum file size; not attached.`, ref.id);
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

/** The folder of a channel's day files: its name, or its id for a DM. */
const folderOf = (sc: SlackChannel) => (sc.kind === 'D' ? sc.id : sc.name);

const fraction = (ts: string) => Number(`0.${ts.split('.')[1] ?? '0'}`) || 0;

/**
 * Plans a Slack import into `opts.teamId`. Pure and deterministic for a given `newId`: ids are drawn in this order —
 * users (export order), the bot, channels and their posts/files (public, private, group DMs, DMs).
 */
export function buildImportPlan(exp: SlackExport, existing: ExistingState, opts: PlanOptions): ImportPlan {
  return new Planner(exp, existing, opts).run();
}
