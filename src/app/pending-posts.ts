// Retried sends: a client that did not see the answer to POST /posts sends it again with the same pending_post_id.
// Within a window the retry answers the first post instead of writing a second (Mattermost's seenPendingPostIdsCache,
// which also answers a retry racing the first send; here the racer waits for the first send's outcome).
//
// One map per node, in memory and bounded. In a cluster a retry that lands on another node is not recognised: clients
// retry on the connection they hold, which a load balancer keeps on one node; sharing the window across nodes would
// take a Redis round trip (SET NX with the window as expiry) on every send, which the send path does not pay today.
import type { Post } from '../model/types.ts';
import type { AppContext } from './context.ts';

/** Mattermost's PendingPostIDsCacheTTL. */
export const PENDING_POST_WINDOW_MS = 30_000;
/** Sends remembered at most; past it the oldest are forgotten first (about 30 s of sends at 300 posts a second). */
export const PENDING_POST_MAX = 10_000;

interface Sent {
  at: number;
  post: Promise<Post>;
}

const byContext = new WeakMap<AppContext, Map<string, Sent>>();

function sentOf(ctx: AppContext): Map<string, Sent> {
  let m = byContext.get(ctx);
  if (!m) byContext.set(ctx, (m = new Map()));
  return m;
}

/** The key of a send: one user's pending id in one channel (another user's same id is theirs). */
export function pendingKey(userId: string, channelId: string, pendingPostId: string): string {
  return userId + ' ' + channelId + ' ' + pendingPostId;
}

/** The first send of this key within the window (maybe still being written), or undefined. */
export function sentBefore(ctx: AppContext, key: string): Promise<Post> | undefined {
  const e = sentOf(ctx).get(key);
  return e && Date.now() - e.at <= PENDING_POST_WINDOW_MS ? e.post : undefined;
}

/**
 * Remembers a send in flight under its key; a send that fails is forgotten, so that its retry is written. The map is
 * swept only when full (expired entries are never answered): insertion order is time order, so the expired ones and
 * then the oldest leave first.
 */
export function rememberSend(ctx: AppContext, key: string, post: Promise<Post>): void {
  const m = sentOf(ctx);
  const now = Date.now();
  if (m.size >= PENDING_POST_MAX) sweep(m, now);
  m.delete(key);
  const entry = { at: now, post };
  m.set(key, entry);
  post.catch(() => m.get(key) === entry && m.delete(key));
}

function sweep(m: Map<string, Sent>, now: number): void {
  for (const [k, e] of m) {
    if (m.size < PENDING_POST_MAX && now - e.at <= PENDING_POST_WINDOW_MS) return;
    m.delete(k);
  }
}
