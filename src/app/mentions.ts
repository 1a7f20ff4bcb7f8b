// Who a message mentions: @username, @channel/@all/@here, following each member's notify props.
import type { UserWithSecrets } from '../model/types.ts';

const MENTION_RE = /(?:^|[^\w@.\-])@([a-z0-9][a-z0-9.\-_]*)/gi;

/** Lower-cased @words of a message, without a trailing dot or dash (end of sentence). */
export function mentionedNames(message: string): Set<string> {
  const out = new Set<string>();
  if (!message.includes('@')) return out;
  for (const m of message.matchAll(MENTION_RE)) out.add(m[1].toLowerCase().replace(/[.\-_]+$/, ''));
  return out;
}

export interface MentionResult {
  userIds: string[];
  channelWide: boolean;
}

/**
 * Resolves mentions among channel members. `members` maps user id → user; the sender is never mentioned.
 * @channel/@all/@here reach every member whose notify props allow channel mentions when `allowChannelWide`.
 */
export function resolveMentions(
  message: string,
  senderId: string,
  members: UserWithSecrets[],
  allowChannelWide: boolean,
): MentionResult {
  const names = mentionedNames(message);
  if (names.size === 0) return { userIds: [], channelWide: false };
  const channelWide = allowChannelWide && (names.has('channel') || names.has('all') || names.has('here'));
  const ids = new Set<string>();
  for (const u of members) {
    if (u.id === senderId) continue;
    if (names.has(u.username)) ids.add(u.id);
    else if (channelWide && u.notify_props.channel !== 'false') ids.add(u.id);
    else {
      const keys = (u.notify_props.mention_keys ?? '').split(',').map((k) => k.trim().toLowerCase().replace(/^@/, '')).filter(Boolean);
      if (keys.some((k) => names.has(k))) ids.add(u.id);
    }
  }
  return { userIds: [...ids], channelWide };
}
