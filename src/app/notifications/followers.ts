// The `posted` event's `followers`: thread followers (collapsed threads) whose desktop settings want this reply,
// sorted as Mattermost sorts them (channel `desktop`/`desktop_threads` over the user's).
import type { Channel, Post, StringMap, UserWithSecrets } from '../../model/types.ts';
import type { WsEvent } from '../../model/ws-events.ts';
import type { Store } from '../../store/store.ts';

/** Mattermost's desktop rule for a CRT follower of the thread a reply is in. */
export function wantsDesktopReply(user: UserWithSecrets, member: StringMap, mentioned: boolean): boolean {
  const ch = member.desktop ?? 'default';
  const up = user.notify_props;
  if (ch === 'default') return up.desktop !== 'none' && (mentioned || up.desktop_threads === 'all' || up.desktop === 'all');
  return ch !== 'none' && (mentioned || (member.desktop_threads === 'all' && up.desktop_threads !== 'mention') || ch === 'all');
}

/**
 * The follower ids for a reply's `posted` event, from the `thread_updated` events already built (one per follower):
 * two reads (the users and their channel props), only for replies that have followers.
 */
export async function desktopFollowers(
  s: Store,
  channel: Channel,
  post: Post,
  threadEvents: WsEvent[],
  mentions: string[],
): Promise<string[]> {
  const webhook = post.props?.from_webhook === 'true';
  const ids = threadEvents.map((e) => e.broadcast.user_id).filter((id): id is string => !!id && (webhook || id !== post.user_id));
  if (!ids.length) return [];
  const users = new Map((await s.users.getMany(ids)).map((u) => [u.id, u]));
  const members = await s.channels.listMembers(channel.id, { offset: 0, limit: ids.length, userIds: ids });
  const mentioned = new Set(mentions);
  return members
    .filter((m) => {
      const u = users.get(m.user_id);
      return !!u && !u.delete_at && m.notify_props.mark_unread !== 'mention' && wantsDesktopReply(u, m.notify_props, mentioned.has(u.id));
    })
    .map((m) => m.user_id);
}
