// Who a message mentions: @username, @channel/@all/@here, first names and mention keys, following each member's
// notify props (user `channel`, `first_name`, `mention_keys`; channel member `ignore_channel_mentions`).
import type { UserWithSecrets } from '../model/types.ts';
import type { Store } from '../store/store.ts';
import type { AppContext } from './context.ts';
import { getStatuses } from './status.ts';

const MENTION_RE = /(?:^|[^\w@.-])@([a-z0-9][a-z0-9._-]*)/gi;

/** Lower-cased @words of a message, without a trailing dot or dash (end of sentence). */
export function mentionedNames(message: string): Set<string> {
  const out = new Set<string>();
  if (!message.includes('@')) return out;
  for (const m of message.matchAll(MENTION_RE)) out.add(m[1].toLowerCase().replace(/[._-]+$/, ''));
  return out;
}

/** The plain words of a message (letters, digits and `._-` inside words), as written. */
function plainWords(message: string): string[] {
  return message
    .split(/[^\p{L}\p{N}@._-]+/u)
    .map((w) => w.replace(/^[._-]+|[._-]+$/g, ''))
    .filter(Boolean);
}

export interface MentionResult {
  userIds: string[];
  channelWide: boolean;
}

export interface MentionOptions {
  /** Users online now: `@here` reaches only them. Without it `@here` reaches everyone `@channel` would. */
  online?: Set<string>;
  /** Members whose channel notify props ignore channel-wide mentions (`ignore_channel_mentions: on`). */
  ignoreChannelMentions?: Set<string>;
}

/**
 * Whether a member ignores @channel/@all/@here: the channel's ignore_channel_mentions, `default` counting as `on` in a
 * muted channel (mark_unread = mention), else the user's `channel` prop.
 */
export function ignoresChannelMentions(user: UserWithSecrets, channelIgnore: string | undefined, markUnread?: string): boolean {
  if (channelIgnore === 'on') return true;
  if (channelIgnore === 'off') return false;
  if (markUnread === 'mention') return true;
  return user.notify_props.channel === 'false';
}

/**
 * Resolves mentions among channel members (`members`); the sender is never mentioned. @channel/@all/@here apply
 * when `allowChannelWide`. Mention keys match @key or the plain word, case-insensitively; a first name (notify prop
 * `first_name: "true"`) matches the plain word case-sensitively, as in Mattermost.
 */
export function resolveMentions(
  message: string,
  senderId: string,
  members: UserWithSecrets[],
  allowChannelWide: boolean,
  opts: MentionOptions = {},
): MentionResult {
  const names = mentionedNames(message);
  const words = plainWords(message);
  const lowerWords = new Set(words.map((w) => w.toLowerCase().replace(/^@/, '')));
  const exactWords = new Set(words);
  const everyone = allowChannelWide && (names.has('channel') || names.has('all'));
  const here = allowChannelWide && names.has('here');
  const ids = new Set<string>();
  for (const u of members) {
    if (u.id === senderId) continue;
    if (names.has(u.username)) {
      ids.add(u.id);
      continue;
    }
    const ignores = opts.ignoreChannelMentions ? opts.ignoreChannelMentions.has(u.id) : u.notify_props.channel === 'false';
    if ((everyone || here) && !ignores) {
      if (everyone || !opts.online || opts.online.has(u.id)) {
        ids.add(u.id);
        continue;
      }
    }
    const keys = (u.notify_props.mention_keys ?? '')
      .split(',')
      .map((k) => k.trim().toLowerCase().replace(/^@/, ''))
      .filter(Boolean);
    if (keys.some((k) => names.has(k) || lowerWords.has(k))) ids.add(u.id);
    else if (u.notify_props.first_name === 'true' && u.first_name && exactWords.has(u.first_name)) ids.add(u.id);
  }
  return { userIds: [...ids], channelWide: everyone || here };
}

/** What can mention a member without an '@': lower-cased mention keys, and first names of members who opted in. */
export interface MentionKeywords {
  lower: Set<string>;
  exact: Set<string>;
}

export function mentionKeywordsOf(members: UserWithSecrets[]): MentionKeywords {
  const out: MentionKeywords = { lower: new Set(), exact: new Set() };
  for (const u of members) {
    for (const k of (u.notify_props.mention_keys ?? '').split(',')) {
      const key = k.trim().toLowerCase().replace(/^@/, '');
      if (key) out.lower.add(key);
    }
    if (u.notify_props.first_name === 'true' && u.first_name) out.exact.add(u.first_name);
  }
  return out;
}

/**
 * Whether resolveMentions could find anyone: any '@', or a plain word that is a member's mention key or first name.
 * Lets the common message skip loading every member's profile.
 */
export function mayMention(message: string, keywords: MentionKeywords): boolean {
  if (message.includes('@')) return true;
  if (!keywords.lower.size && !keywords.exact.size) return false;
  for (const w of plainWords(message)) if (keywords.exact.has(w) || keywords.lower.has(w.toLowerCase())) return true;
  return false;
}

/** Loads what channel-wide mentions need, only when the message has one: members' ignore flags, and who is online for @here. */
export async function channelMentionOptions(
  ctx: AppContext,
  s: Store,
  channelId: string,
  members: UserWithSecrets[],
  message: string,
): Promise<MentionOptions> {
  const names = mentionedNames(message);
  if (!names.has('channel') && !names.has('all') && !names.has('here')) return {};
  const byId = new Map(members.map((u) => [u.id, u]));
  const cms = await s.channels.listMembers(channelId, { offset: 0, limit: Math.max(1, members.length) });
  const ignoreChannelMentions = new Set(
    cms
      .filter(
        (m) =>
          byId.has(m.user_id) &&
          ignoresChannelMentions(byId.get(m.user_id)!, m.notify_props.ignore_channel_mentions, m.notify_props.mark_unread),
      )
      .map((m) => m.user_id),
  );
  if (!names.has('here')) return { ignoreChannelMentions };
  const statuses = await getStatuses(
    ctx,
    members.map((u) => u.id),
  );
  return {
    ignoreChannelMentions,
    online: new Set(
      Object.entries(statuses)
        .filter(([, st]) => st === 'online')
        .map(([id]) => id),
    ),
  };
}
