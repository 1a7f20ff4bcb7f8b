// Collapsed reply threads in the UI: the followed-thread list and totals of the current team, read marks, following,
// and the thread_updated / thread_follow_changed / thread_read_changed websocket events.
import type { Post } from '@mattermost/types/posts';
import type { UserThread } from '@mattermost/types/threads';
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../api.ts';
import { attempt } from '../actions.ts';
import { addPosts, addUsers, getState, setState } from '../store.ts';

const PAGE = 50;

function meId(): string {
  return getState().me?.id ?? '';
}

/**
 * Stores threads from the server, with their root posts and the participants' profiles (the `extended` answer).
 * The wire has no `is_following` (as in Mattermost): the list and thread_updated only carry followed threads.
 */
function putThreads(list: UserThread[], following = true): void {
  if (!list.length) return;
  addPosts(list.map((t) => t.post as unknown as Post).filter((p) => !!p && 'id' in p));
  addUsers(list.flatMap((t) => t.participants.filter((p): p is UserProfile => 'username' in p)));
  setState((s) => {
    const userThreads = { ...s.userThreads };
    for (const t of list) userThreads[t.id] = { ...userThreads[t.id], ...t, is_following: following };
    return { userThreads };
  });
}

/** Reloads the sidebar's Threads counts for `teamId` (the current team). */
export async function loadThreadTotals(teamId: string): Promise<void> {
  try {
    const r = await client.getUserThreads(meId(), teamId, { totalsOnly: true });
    if (getState().currentTeamId !== teamId) return;
    setState({ threadTotals: { unreadThreads: r.total_unread_threads, unreadMentions: r.total_unread_mentions } });
  } catch {
    // the item stays as it was
  }
}

/**
 * Loads the newest followed threads (all, or only unread ones) and the totals. Resolves whether older threads are left
 * to page in with `loadOlderThreads`.
 */
export async function loadUserThreads(teamId: string, unread = false): Promise<boolean> {
  const r = await attempt(() => client.getUserThreads(meId(), teamId, { perPage: PAGE, extended: true, unread }));
  if (!r) return false;
  putThreads(r.threads);
  if (!unread) {
    listState[teamId] = r.threads.length < PAGE ? 'complete' : 'partial';
    // threads followed here before but absent from the newest page stay; ones the server no longer lists are unfollowed
    const listed = new Set(r.threads.map((t) => t.id));
    if (r.threads.length < PAGE) {
      setState((s) => {
        const userThreads = { ...s.userThreads };
        for (const t of Object.values(userThreads)) {
          if (t.is_following && !listed.has(t.id) && inTeam(t, teamId)) userThreads[t.id] = { ...t, is_following: false };
        }
        return { userThreads };
      });
    }
  }
  setState({ threadTotals: { unreadThreads: r.total_unread_threads, unreadMentions: r.total_unread_mentions } });
  return r.threads.length === PAGE;
}

/**
 * The next page of the list as the reader scrolls: the followed threads replied to before `beforeId` (the oldest one
 * shown), as Mattermost's list pages with `before`. Resolves whether more are left.
 */
export async function loadOlderThreads(teamId: string, unread: boolean, beforeId: string): Promise<boolean> {
  const r = await attempt(() =>
    client.getUserThreads(meId(), teamId, { perPage: PAGE, extended: true, unread, before: beforeId, threadsOnly: true }),
  );
  if (!r) return false;
  putThreads(r.threads);
  return r.threads.length === PAGE;
}

/** Per team: whether the followed list was loaded, and whether it held every followed thread. */
const listState: Record<string, 'complete' | 'partial'> = {};

function inTeam(t: UserThread, teamId: string): boolean {
  const ch = getState().channels[t.post?.channel_id ?? ''];
  return !!ch && (ch.team_id === teamId || ch.team_id === '');
}

/**
 * Whether the viewer follows `rootId`. The followed list says so; a thread missing from a complete list is not
 * followed; past a full page, a thread membership is taken as following (GET of one thread does not tell).
 */
export async function ensureThreadState(teamId: string, rootId: string): Promise<void> {
  if (getState().userThreads[rootId]) return;
  if (!listState[teamId]) await loadUserThreads(teamId);
  if (getState().userThreads[rootId]) return;
  try {
    if (listState[teamId] === 'complete') throw new Error('not followed');
    putThreads([await client.getUserThread(meId(), teamId, rootId, true)]);
  } catch {
    const root = getState().posts[rootId];
    const stub = {
      id: rootId,
      reply_count: root?.reply_count ?? 0,
      last_reply_at: root?.last_reply_at ?? 0,
      last_viewed_at: 0,
      participants: [],
      unread_replies: 0,
      unread_mentions: 0,
      is_following: false,
      post: { channel_id: root?.channel_id ?? '', user_id: root?.user_id ?? '' },
    } as UserThread;
    setState((s) => (s.userThreads[rootId] ? {} : { userThreads: { ...s.userThreads, [rootId]: stub } }));
  }
}

function patchThread(id: string, patch: Partial<UserThread>): void {
  setState((s) => (s.userThreads[id] ? { userThreads: { ...s.userThreads, [id]: { ...s.userThreads[id], ...patch } } } : {}));
}

/** Follows or stops following a thread (PUT/DELETE .../following); the list and the RHS button follow at once. */
export async function setFollowing(teamId: string, rootId: string, following: boolean): Promise<void> {
  const ok = await attempt(() => client.updateThreadFollowForUser(meId(), teamId, rootId, following));
  if (!ok) return;
  if (following && !getState().userThreads[rootId]?.participants.length) {
    await attempt(async () => putThreads([await client.getUserThread(meId(), teamId, rootId, true)], true));
  }
  patchThread(rootId, { is_following: following });
  void loadThreadTotals(teamId);
}

/** Marks the thread read now (opening it in the Threads view does this). */
export async function markThreadRead(teamId: string, rootId: string): Promise<void> {
  const t = getState().userThreads[rootId];
  if (t && !t.unread_replies && !t.unread_mentions) return;
  patchThread(rootId, { unread_replies: 0, unread_mentions: 0, last_viewed_at: Date.now() });
  const r = await attempt(() => client.updateThreadReadForUser(meId(), teamId, rootId, Date.now()));
  if (r) patchThread(rootId, { unread_replies: r.unread_replies, unread_mentions: r.unread_mentions, last_viewed_at: r.last_viewed_at });
  void loadThreadTotals(teamId);
}

/** Marks the thread unread from its newest reply on. */
export async function markThreadUnread(teamId: string, rootId: string): Promise<void> {
  const t = getState().userThreads[rootId];
  const last = t?.last_reply_at || getState().posts[rootId]?.last_reply_at || 0;
  if (!last) return;
  const r = await attempt(() => client.updateThreadReadForUser(meId(), teamId, rootId, last - 1));
  if (r) patchThread(rootId, { unread_replies: r.unread_replies, unread_mentions: r.unread_mentions, last_viewed_at: r.last_viewed_at });
  void loadThreadTotals(teamId);
}

/** "Mark all as read" of the Threads view. */
export async function markAllThreadsRead(teamId: string): Promise<void> {
  const ok = await attempt(() => client.updateThreadsReadForUser(meId(), teamId));
  if (!ok) return;
  allRead();
  setState({ threadTotals: { unreadThreads: 0, unreadMentions: 0 } });
}

function allRead(): void {
  setState((s) => {
    const userThreads = { ...s.userThreads };
    for (const [id, t] of Object.entries(userThreads)) userThreads[id] = { ...t, unread_replies: 0, unread_mentions: 0 };
    return { userThreads };
  });
}

function parseThread(v: unknown): UserThread | undefined {
  try {
    return (typeof v === 'string' ? JSON.parse(v) : v) as UserThread;
  } catch {
    return undefined;
  }
}

/** Applies one of the three thread events; returns false for any other event. */
export function onThreadEvent(event: string, d: Record<string, unknown>): boolean {
  const s = getState();
  const teamId = s.currentTeamId;
  switch (event) {
    case 'thread_updated': {
      const t = parseThread(d.thread);
      if (!t) return true;
      putThreads([t]);
      // a reply arriving in the thread the reader has open in the Threads view is read at once
      if (s.threadsViewId === t.id && document.visibilityState === 'visible' && (t.unread_replies || t.unread_mentions)) {
        void markThreadRead(teamId, t.id);
      } else if (teamId) void loadThreadTotals(teamId);
      return true;
    }
    case 'thread_follow_changed': {
      const id = String(d.thread_id ?? '');
      const following = d.state === true || d.state === 'true';
      if (!id) return true;
      if (following && teamId) void ensureFollowed(teamId, id);
      else patchThread(id, { is_following: false });
      if (teamId) void loadThreadTotals(teamId);
      return true;
    }
    case 'thread_read_changed': {
      const id = String(d.thread_id ?? '');
      if (!id) allRead();
      else
        patchThread(id, {
          unread_replies: Number(d.unread_replies) || 0,
          unread_mentions: Number(d.unread_mentions) || 0,
          last_viewed_at: Number(d.timestamp) || 0,
        });
      if (teamId) void loadThreadTotals(teamId);
      return true;
    }
  }
  return false;
}

async function ensureFollowed(teamId: string, id: string): Promise<void> {
  try {
    putThreads([await client.getUserThread(meId(), teamId, id, true)]);
  } catch {
    patchThread(id, { is_following: true });
  }
}
