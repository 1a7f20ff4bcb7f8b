// Who should acknowledge a `posted` event on the websocket (Mattermost's usersToAck for the posted_ack hook): the
// members whose desktop level notifies them of every post, cached per channel for a few seconds like the push-all set.
import type { Channel, Post } from '../../model/types.ts';
import type { PostedAckHook } from '../../model/ws-events.ts';
import type { Store } from '../../store/store.ts';
import type { AppContext } from '../context.ts';

const TTL_MS = 10_000;
const MAX_CHANNELS = 20_000;
const cache = new WeakMap<AppContext, Map<string, { at: number; p: Promise<string[]> }>>();

/** Forgets the channel's answer (its members' notify props or membership changed). */
export function forgetDesktopAll(ctx: AppContext, channelId: string): void {
  cache.get(ctx)?.delete(channelId);
}

function desktopAllMembers(ctx: AppContext, channel: Channel): Promise<string[]> {
  let m = cache.get(ctx);
  if (!m) cache.set(ctx, (m = new Map()));
  const e = m.get(channel.id);
  if (e && Date.now() - e.at < TTL_MS) return e.p;
  if (m.size >= MAX_CHANNELS) m.clear();
  const p = ctx.store.notifications.desktopAllMembers(channel.id, channel.type);
  const entry = { at: Date.now(), p };
  m.set(channel.id, entry);
  const map = m;
  p.catch(() => map.get(channel.id) === entry && map.delete(channel.id));
  return p;
}

/**
 * The posted_ack hook for a new post written through `s` (DMs need no member list: every DM post is acknowledged).
 * Inside a caller's transaction the list is read through it, uncached (SQLite has one connection).
 */
export async function postedAckHook(ctx: AppContext, s: Store, channel: Channel, post: Post): Promise<PostedAckHook> {
  const users =
    channel.type === 'D'
      ? []
      : s.db.isTransaction
        ? await s.notifications.desktopAllMembers(channel.id, channel.type)
        : await desktopAllMembers(ctx, channel);
  return { poster: post.user_id, channel_type: channel.type, users };
}
