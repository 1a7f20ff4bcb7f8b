// Use-cases of the UI: load data over REST, apply websocket events, keep the store coherent.
import type { ServerChannel as Channel, ChannelMembership } from '@mattermost/types/channels';
import type { Post, PostList } from '@mattermost/types/posts';
import type { Reaction } from '@mattermost/types/reactions';
import type { UserProfile } from '@mattermost/types/users';
import type { Team } from '@mattermost/types/teams';
import type { Draft } from '@mattermost/types/drafts';
import { client, connectSocket, disconnectSocket, errorMessage, socket } from './api.ts';
import { bootedAt, takeBootPostChannels } from './boot.ts';
import type { NotifyResult } from './notifications.ts';
import { addPosts, addUsers, getState, resetState, setState, showNotice, dmPartnerId } from './store.ts';
import { navigate } from './router.ts';
import { isSlashCommand, runSlashCommand } from './commands.ts';
import { loadPreferences } from './settings/prefs.ts';
import { markArchived } from './channels/archive.ts';
import { loadDrafts, onDraftEvent, restoreLocalDrafts, setDraftConnection } from './composer/drafts.ts';
import { showInteractiveDialog } from './InteractiveDialogHost.tsx';
import { loadThreadTotals, loadUserThreads, onThreadEvent } from './threads/threadActions.ts';

const PAGE = 30;

/** Runs `fn`, showing the server's AppError message when it is refused; returns undefined on failure. */
export async function attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    showNotice(errorMessage(err));
    return undefined;
  }
}

/** Loads the signed-in user and their teams; returns false when there is no valid session. */
export async function loadMe(): Promise<boolean> {
  try {
    const me = await client.getMe();
    let teams;
    try {
      teams = await client.getMyTeams();
    } catch (err) {
      // Where MFA is enforced, GET /users/me is all a user without it may call: show the set-up.
      if ((err as { server_error_id?: string }).server_error_id !== 'api.context.mfa_required.app_error') throw err;
      setState({ me, teams: [], mfaRequired: true });
      return true;
    }
    setState({ me, teams: sortTeams(teams) });
    addUsers([me]);
    await loadPreferences();
    startSocket();
    return true;
  } catch {
    return false;
  }
}

function sortTeams<T extends { display_name: string }>(teams: T[]): T[] {
  return [...teams].sort((a, b) => a.display_name.localeCompare(b.display_name));
}

export async function refreshTeams(): Promise<void> {
  const teams = await attempt(() => client.getMyTeams());
  if (teams) setState({ teams: sortTeams(teams) });
}

/** Logs in and loads the user's teams without touching the store, so the sign-in page stays up until `enterApp`. */
export async function login(loginId: string, password: string, mfaToken = ''): Promise<{ me: UserProfile; teams: Team[] }> {
  const me = await client.login(loginId, password, mfaToken);
  const teams = await client.getMyTeams();
  return { me, teams: sortTeams(teams) };
}

/** Switches the UI to the signed-in state and opens the websocket. */
export function enterApp(me: UserProfile, teams: Team[]): void {
  setState({ me, teams: sortTeams(teams) });
  addUsers([me]);
  restoreLocalDrafts();
  void loadPreferences();
  startSocket();
}

export async function logout(): Promise<void> {
  socketStarted = false;
  disconnectSocket();
  await attempt(() => client.logout());
  resetState();
  navigate('/login');
}

/** Loads a team's channels (including DMs) and the user's memberships, then the DM partners' profiles. */
export async function loadTeam(teamId: string): Promise<void> {
  setState({ currentTeamId: teamId });
  socket.updateActiveTeam(teamId);
  const [channels, members] = await Promise.all([client.getMyChannels(teamId), client.getMyChannelMembers(teamId)]);
  mergeChannels(channels, members);
  void loadDrafts(teamId);
  void loadThreadTotals(teamId);
  const me = getState().me;
  const missing = channels
    .filter((c) => c.type === 'D')
    .map((c) => dmPartnerId(c, me?.id ?? ''))
    .filter((id) => !getState().users[id]);
  if (missing.length) addUsers(await client.getProfilesByIds([...new Set(missing)]));
}

function mergeChannels(channels: Channel[], members: ChannelMembership[]): void {
  setState((s) => {
    const c = { ...s.channels };
    const m = { ...s.members };
    for (const ch of channels) c[ch.id] = ch;
    for (const mem of members) m[mem.channel_id] = mem;
    return { channels: c, members: m };
  });
}

/** Fetches one channel and the user's membership (e.g. after being added to it). */
export async function fetchChannel(channelId: string): Promise<Channel | undefined> {
  try {
    const [ch, mem] = await Promise.all([client.getChannel(channelId), client.getMyChannelMember(channelId)]);
    mergeChannels([ch], [mem]);
    const me = getState().me;
    if (ch.type === 'D') {
      const other = dmPartnerId(ch, me?.id ?? '');
      if (!getState().users[other]) addUsers(await client.getProfilesByIds([other]));
    }
    return ch;
  } catch {
    return undefined;
  }
}

/** A reply sent with "Also send to channel" (Mattermost's `broadcasted_thread_reply` prop): listed in its channel too. */
export function isBroadcastReply(p: Post): boolean {
  return !!p.root_id && (p.props?.broadcasted_thread_reply === true || p.props?.broadcasted_thread_reply === 'true');
}

/** Posts the channel view lists: root posts and broadcast replies. */
function inChannelList(p: Post): boolean {
  return (!p.root_id || isBroadcastReply(p)) && !p.delete_at;
}

function postsFromList(list: PostList): Post[] {
  return list.order.map((id) => list.posts[id]).filter(Boolean);
}

async function ensureAuthors(posts: Post[]): Promise<void> {
  const users = getState().users;
  const missing = [...new Set(posts.map((p) => p.user_id))].filter((id) => !users[id]);
  if (missing.length) {
    try {
      addUsers(await client.getProfilesByIds(missing));
    } catch {
      // names fall back to "Someone"
    }
  }
}

/** Loads the newest page of a channel's posts (root posts are listed; replies live in threads). */
export async function loadChannelPosts(channelId: string): Promise<void> {
  setState((s) => ({ channelPosts: { ...s.channelPosts, [channelId]: { order: [], hasMore: true, loading: true } } }));
  const list = await attempt(() => client.getPosts(channelId, 0, PAGE));
  if (!list) {
    setState((s) => ({ channelPosts: { ...s.channelPosts, [channelId]: { order: [], hasMore: false, loading: false } } }));
    return;
  }
  const posts = postsFromList(list);
  await ensureAuthors(posts);
  addPosts(posts);
  const roots = posts
    .filter(inChannelList)
    .map((p) => p.id)
    .reverse();
  // The cursor for older pages is the oldest post of this page: posts that arrived by websocket while the channel was
  // not shown are newer than the window's start and must not move it.
  if (posts.length) oldestSeen[channelId] = posts[posts.length - 1].id;
  else delete oldestSeen[channelId];
  setState((s) => {
    // posts placed by websocket while the page was loading stay after it
    const known = new Set(roots);
    const late = (s.channelPosts[channelId]?.order ?? []).filter((id) => !known.has(id));
    return {
      channelPosts: { ...s.channelPosts, [channelId]: { order: [...roots, ...late], hasMore: posts.length >= PAGE, loading: false } },
    };
  });
  // A page served from the page's inlined answers after the socket came up: what was posted since is fetched now
  // (before the socket, the first connect does it).
  if (bootedAt && getState().connected) for (const id of takeBootPostChannels()) void catchUpChannel(id, bootedAt);
}

/** Loads the page of posts before the oldest one shown. */
export async function loadOlderPosts(channelId: string): Promise<void> {
  const cp = getState().channelPosts[channelId];
  if (!cp || cp.loading || !cp.hasMore) return;
  const oldest = oldestLoadedPostId(channelId);
  if (!oldest) return;
  setState((s) => ({ channelPosts: { ...s.channelPosts, [channelId]: { ...cp, loading: true } } }));
  const list = await attempt(() => client.getPostsBefore(channelId, oldest, 0, PAGE));
  const posts = list ? postsFromList(list) : [];
  await ensureAuthors(posts);
  addPosts(posts);
  const older = posts
    .filter(inChannelList)
    .map((p) => p.id)
    .reverse();
  oldestSeen[channelId] = posts.length ? posts[posts.length - 1].id : oldest;
  setState((s) => {
    const cur = s.channelPosts[channelId] ?? cp;
    const known = new Set(cur.order);
    return {
      channelPosts: {
        ...s.channelPosts,
        [channelId]: {
          order: [...older.filter((id) => !known.has(id)), ...cur.order],
          hasMore: !!list && posts.length >= PAGE,
          loading: false,
        },
      },
    };
  });
}

/** Oldest post (root or reply) fetched so far per channel: the cursor for the next page. */
const oldestSeen: Record<string, string> = {};

function oldestLoadedPostId(channelId: string): string | undefined {
  if (oldestSeen[channelId]) return oldestSeen[channelId];
  // Only the posts of the loaded window count (never every cached post of the channel).
  const s = getState();
  let oldest: Post | undefined;
  for (const id of s.channelPosts[channelId]?.order ?? []) {
    const p = s.posts[id];
    if (p && (!oldest || p.create_at < oldest.create_at)) oldest = p;
  }
  return oldest?.id;
}

/** Makes `channelId` the open channel and marks it read. */
export async function openChannel(channelId: string): Promise<void> {
  setState({ currentChannelId: channelId });
  socket.updateActiveChannel(channelId);
  const cp = getState().channelPosts[channelId];
  if (!cp) await loadChannelPosts(channelId);
  await markRead(channelId);
}

export async function markRead(channelId: string): Promise<void> {
  const ch = getState().channels[channelId];
  const mem = getState().members[channelId];
  if (ch && mem) {
    setState((s) => ({
      members: { ...s.members, [channelId]: { ...mem, msg_count: ch.total_msg_count, mention_count: 0, last_viewed_at: Date.now() } },
    }));
  }
  try {
    await client.viewMyChannel(channelId);
  } catch {
    // unread state stays local; not worth interrupting the user
  }
}

export async function loadThread(rootId: string): Promise<void> {
  const list = await attempt(() => client.getPostThread(rootId, true, false, false));
  if (!list) return;
  const posts = postsFromList(list);
  await ensureAuthors(posts);
  addPosts(posts);
  const ids = posts
    .filter((p) => p.root_id === rootId && !p.delete_at)
    .sort((a, b) => a.create_at - b.create_at)
    .map((p) => p.id);
  setState((s) => ({ threads: { ...s.threads, [rootId]: ids } }));
}

/** Replies already added to their root's reply_count (the REST reply and the `posted` event both arrive). */
const countedReplies = new Set<string>();

/** Appends a post to the channel or thread it belongs to (idempotent). */
/**
 * `post_edited` of posts not placed yet (the server republishes a post once its link preview is ready, which can
 * overtake the `posted` still being handled): applied when the post is placed. Bounded; oldest dropped.
 */
const earlyEdits = new Map<string, Post>();

function rememberEarlyEdit(post: Post): void {
  earlyEdits.set(post.id, post);
  if (earlyEdits.size > 200) earlyEdits.delete(earlyEdits.keys().next().value!);
}

function placePost(incoming: Post): void {
  const early = earlyEdits.get(incoming.id);
  earlyEdits.delete(incoming.id);
  setState((s) => {
    // A version at least as new already here (an edit, or the same post with its link preview) is kept.
    const newer = [s.posts[incoming.id], early].find((p) => p && p.update_at >= incoming.update_at);
    const post = newer ? { ...incoming, ...newer } : incoming;
    const posts = { ...s.posts, [post.id]: post };
    if (post.root_id) {
      const thread = s.threads[post.root_id];
      const threads = thread && !thread.includes(post.id) ? { ...s.threads, [post.root_id]: [...thread, post.id] } : s.threads;
      const root = posts[post.root_id];
      if (root && !(thread ?? []).includes(post.id) && !countedReplies.has(post.id)) {
        countedReplies.add(post.id);
        posts[post.root_id] = { ...root, reply_count: (root.reply_count ?? 0) + 1, last_reply_at: post.create_at };
      }
      const cp = s.channelPosts[post.channel_id];
      if (!isBroadcastReply(post) || !cp || cp.order.includes(post.id)) return { posts, threads };
      return { posts, threads, channelPosts: { ...s.channelPosts, [post.channel_id]: { ...cp, order: [...cp.order, post.id] } } };
    }
    const cp = s.channelPosts[post.channel_id];
    if (!cp || cp.order.includes(post.id)) return { posts };
    return { posts, channelPosts: { ...s.channelPosts, [post.channel_id]: { ...cp, order: [...cp.order, post.id] } } };
  });
}

/** Creates a post; `broadcast` marks a reply to be shown in the channel as well ("Also send to channel"). */
export async function sendPost(
  channelId: string,
  message: string,
  rootId = '',
  fileIds: string[] = [],
  broadcast = false,
): Promise<boolean> {
  const me = getState().me;
  if (!me) return false;
  if (isSlashCommand(message) && !fileIds.length) return runSlashCommand(channelId, message, rootId);
  const post = await attempt(() =>
    client.createPost({
      channel_id: channelId,
      message,
      root_id: rootId,
      file_ids: fileIds,
      user_id: me.id,
      pending_post_id: me.id + ':' + Date.now(),
      props: rootId && broadcast ? { broadcasted_thread_reply: true } : {},
    } as unknown as Post),
  );
  if (!post) return false;
  placePost(post);
  return true;
}

export async function editPost(postId: string, message: string): Promise<boolean> {
  const post = await attempt(() => client.patchPost({ id: postId, message }));
  if (!post) return false;
  addPosts([post]);
  return true;
}

export async function deletePost(postId: string): Promise<void> {
  const ok = await attempt(() => client.deletePost(postId));
  if (ok) removePost(postId);
}

function removePost(postId: string): void {
  setState((s) => {
    const p = s.posts[postId];
    if (!p) return {};
    const posts = { ...s.posts };
    delete posts[postId];
    const channelPosts = { ...s.channelPosts };
    const cp = channelPosts[p.channel_id];
    if (cp) channelPosts[p.channel_id] = { ...cp, order: cp.order.filter((id) => id !== postId) };
    const threads = { ...s.threads };
    if (p.root_id && threads[p.root_id]) {
      threads[p.root_id] = threads[p.root_id].filter((id) => id !== postId);
      const root = posts[p.root_id];
      if (root) posts[p.root_id] = { ...root, reply_count: Math.max(0, (root.reply_count ?? 1) - 1) };
    }
    const rhs = s.rhs?.kind === 'thread' && s.rhs.rootId === postId ? null : s.rhs;
    return { posts, channelPosts, threads, rhs };
  });
}

export async function toggleReaction(post: Post, emoji: string): Promise<void> {
  const me = getState().me;
  if (!me) return;
  const mine = (post.metadata?.reactions ?? []).some((r) => r.user_id === me.id && r.emoji_name === emoji);
  if (mine) {
    const ok = await attempt(() => client.removeReaction(me.id, post.id, emoji));
    if (ok) applyReaction({ user_id: me.id, post_id: post.id, emoji_name: emoji, create_at: 0 } as Reaction, false);
  } else {
    const r = await attempt(() => client.addReaction(me.id, post.id, emoji));
    if (r) applyReaction(r, true);
  }
}

function applyReaction(r: Reaction, added: boolean): void {
  setState((s) => {
    const p = s.posts[r.post_id];
    if (!p) return {};
    const list = (p.metadata?.reactions ?? []).filter((x) => !(x.user_id === r.user_id && x.emoji_name === r.emoji_name));
    if (added) list.push(r);
    return {
      posts: { ...s.posts, [p.id]: { ...p, has_reactions: list.length > 0, metadata: { ...(p.metadata ?? {}), reactions: list } } as Post },
    };
  });
}

// ---- websocket ----

let socketStarted = false;
const typingTimers: Record<string, ReturnType<typeof setTimeout>> = {};

function parse<T>(v: unknown): T | undefined {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return undefined;
    }
  }
  return v as T;
}

function startSocket(): void {
  if (socketStarted) return;
  socketStarted = true;
  socket.addMessageListener((m) => onEvent(m as unknown as WsMsg));
  socket.addFirstConnectListener(() => {
    setState({ connected: true });
    if (bootedAt) void catchUpSince(bootedAt);
  });
  socket.addReconnectListener(() => {
    setState({ connected: true });
    void resync();
  });
  socket.addMissedMessageListener(() => void resync());
  socket.addCloseListener(() => setState({ connected: false }));
  connectSocket();
}

/** After a reconnect: reload the team's channels and the open channel's posts (the composer keeps its draft). */
async function resync(): Promise<void> {
  const s = getState();
  if (!s.me) return;
  await refreshTeams();
  if (s.currentTeamId) await attempt(() => loadTeam(s.currentTeamId));
  setState({ channelPosts: {}, threads: {} });
  if (s.currentChannelId) await loadChannelPosts(s.currentChannelId);
  const rhs = getState().rhs;
  if (rhs?.kind === 'thread') await loadThread(rhs.rootId);
  // thread events missed while away: the open Threads view reloads its list (the totals came with loadTeam)
  if (getState().threadsViewId !== null && s.currentTeamId) await loadUserThreads(s.currentTeamId);
}

/**
 * A first view drawn from the answers inlined into the page is as old as the page: what changed before the socket
 * listened (the team's channels and counts, the open channel's new or edited posts) is fetched once it does.
 */
async function catchUpSince(since: number): Promise<void> {
  const { currentTeamId } = getState();
  if (currentTeamId) await attempt(() => loadTeam(currentTeamId));
  for (const id of takeBootPostChannels()) await catchUpChannel(id, since);
}

/** Places a channel's posts made or edited since `since` (a page-served list meeting the live socket). */
async function catchUpChannel(channelId: string, since: number): Promise<void> {
  const list = await attempt(() => client.getPostsSince(channelId, since));
  const posts = list ? postsFromList(list).reverse() : [];
  await ensureAuthors(posts);
  for (const p of posts) if (!p.delete_at) placePost(p);
}

type WsMsg = { event: string; data: Record<string, unknown>; broadcast: { channel_id?: string; user_id?: string; team_id?: string } };

function onEvent(msg: WsMsg): void {
  const s = getState();
  const me = s.me?.id ?? '';
  const d = msg.data ?? {};
  if (onThreadEvent(msg.event, d)) return;
  switch (msg.event) {
    case 'posted': {
      const post = parse<Post>(d.post);
      if (!post) return;
      const mentions = parse<string[]>(d.mentions) ?? [];
      void onPosted(post, mentions)
        .then(() => import('./notifications.ts'))
        .then((n) => n.notifyForPost(post, mentions, parse<string[]>(d.followers) ?? [], d))
        .catch((): NotifyResult => ({ status: 'error', reason: 'client_error' }))
        .then((r) => {
          // The server asked for an acknowledgement (posted_ack sockets): say what became of the notification.
          if (d.should_ack === true) socket.acknowledgePostedNotification(post.id, r.status, r.reason);
        });
      return;
    }
    case 'ephemeral_message': {
      // Shown in its channel until reload: ephemeral posts are never stored, so no page from the server has them.
      const post = parse<Post>(d.post);
      if (post) placePost(post);
      return;
    }
    case 'hello':
      setDraftConnection(String(d.connection_id ?? ''));
      return;
    case 'draft_created':
    case 'draft_updated':
    case 'draft_deleted':
      onDraftEvent(msg.event, parse<Draft>(d.draft));
      return;
    case 'post_edited': {
      const post = parse<Post>(d.post);
      if (!post) return;
      if (!getState().posts[post.id]) rememberEarlyEdit(post);
      else setState((st) => (st.posts[post.id] ? { posts: { ...st.posts, [post.id]: { ...st.posts[post.id], ...post } } } : {}));
      return;
    }
    case 'post_deleted': {
      const post = parse<Post>(d.post);
      if (post) removePost(post.id);
      return;
    }
    case 'typing': {
      const channelId = msg.broadcast.channel_id ?? '';
      const userId = String(d.user_id ?? '');
      if (!channelId || !userId || userId === me) return;
      if (!s.users[userId]) void ensureAuthors([{ user_id: userId } as Post]);
      setTyping(channelId, userId, true);
      const key = channelId + userId;
      clearTimeout(typingTimers[key]);
      typingTimers[key] = setTimeout(() => setTyping(channelId, userId, false), 5000);
      return;
    }
    case 'reaction_added':
    case 'reaction_removed': {
      const r = parse<Reaction>(d.reaction);
      if (r) applyReaction(r, msg.event === 'reaction_added');
      return;
    }
    case 'channel_created':
    case 'direct_added':
    case 'group_added': {
      const id = String(d.channel_id ?? msg.broadcast.channel_id ?? '');
      if (id) void fetchChannel(id);
      return;
    }
    case 'user_added': {
      const channelId = msg.broadcast.channel_id ?? '';
      if (d.user_id === me && channelId) void fetchChannel(channelId);
      return;
    }
    case 'user_removed': {
      const channelId = String(d.channel_id ?? msg.broadcast.channel_id ?? '');
      const removed = String(msg.broadcast.user_id || d.user_id || '');
      if (removed === me && channelId) dropChannel(channelId);
      return;
    }
    case 'channel_updated':
    case 'channel_converted': {
      const ch = parse<Channel>(d.channel);
      if (ch) setState((st) => ({ channels: { ...st.channels, [ch.id]: { ...st.channels[ch.id], ...ch } } }));
      else if (d.channel_id) void fetchChannel(String(d.channel_id));
      return;
    }
    case 'channel_deleted': {
      // archived: kept (read-only) with a notice, see channels/archive.ts
      const id = String(d.channel_id ?? '');
      if (id) markArchived(id, Number(d.delete_at) || Date.now(), true);
      return;
    }
    case 'channel_viewed':
      viewed([String(d.channel_id ?? '')]);
      return;
    case 'multiple_channels_viewed':
      viewed(Object.keys((d.channel_times as Record<string, number>) ?? {}));
      return;
    case 'added_to_team':
    case 'leave_team':
    case 'update_team':
    case 'delete_team':
      void refreshTeams();
      return;
    case 'open_dialog':
      showInteractiveDialog(d.dialog);
      return;
    case 'channel_member_updated': {
      // This user's membership changed in another session (notify props, roles): keep the local copy current.
      const m = parse<ChannelMembership>(d.channelMember);
      if (m && m.user_id === me && s.members[m.channel_id])
        setState((st) => ({ members: { ...st.members, [m.channel_id]: { ...st.members[m.channel_id], ...m } } }));
      return;
    }
    case 'user_updated':
    case 'new_user': {
      const u = parse<UserProfile>(d.user);
      if (u) addUsers([u]);
      // the own profile (custom status, names) changed in another session
      if (u && u.id === me && msg.event === 'user_updated') setState({ me: { ...s.me, ...u } as UserProfile });
      return;
    }
  }
}

/** Another session of this user read these channels: clear their unread and mention counts. */
function viewed(ids: string[]): void {
  setState((s) => {
    const members = { ...s.members };
    for (const id of ids) {
      const ch = s.channels[id];
      const mem = members[id];
      if (ch && mem) members[id] = { ...mem, msg_count: ch.total_msg_count, mention_count: 0 };
    }
    return { members };
  });
}

function setTyping(channelId: string, userId: string, on: boolean): void {
  setState((s) => {
    const cur = { ...(s.typing[channelId] ?? {}) };
    if (on) cur[userId] = Date.now();
    else delete cur[userId];
    return { typing: { ...s.typing, [channelId]: cur } };
  });
}

function dropChannel(channelId: string): void {
  setState((s) => {
    const channels = { ...s.channels };
    const members = { ...s.members };
    delete channels[channelId];
    delete members[channelId];
    return { channels, members };
  });
  if (getState().currentChannelId === channelId) setState({ currentChannelId: '' });
}

async function onPosted(post: Post, mentions: string[]): Promise<void> {
  const me = getState().me?.id ?? '';
  // A channel fetched now already counts this post; only known channels get the increment.
  const known = !!getState().channels[post.channel_id];
  if (!known) await fetchChannel(post.channel_id);
  await ensureAuthors([post]);
  setTyping(post.channel_id, post.user_id, false);
  placePost(post);
  if (known) bumpCounts(post, mentions, me);
  if (post.channel_id === getState().currentChannelId && document.visibilityState === 'visible' && post.user_id !== me) {
    void markRead(post.channel_id);
  }
}

function bumpCounts(post: Post, mentions: string[], me: string): void {
  setState((s) => {
    const ch = s.channels[post.channel_id];
    if (!ch) return {};
    const channels = { ...s.channels, [ch.id]: { ...ch, total_msg_count: ch.total_msg_count + 1, last_post_at: post.create_at } };
    const mem = s.members[ch.id];
    let members = s.members;
    if (mem && post.user_id === me) {
      members = { ...members, [ch.id]: { ...mem, msg_count: mem.msg_count + 1 } };
    } else if (mem && mentions.includes(me)) {
      members = { ...members, [ch.id]: { ...mem, mention_count: mem.mention_count + 1 } };
    } else if (mem && ch.type === 'D') {
      members = { ...members, [ch.id]: { ...mem, mention_count: mem.mention_count + 1 } };
    }
    return { channels, members };
  });
}

const lastTyping: Record<string, number> = {};
/** Sends `user_typing` at most every 3 s per channel/thread. */
export function notifyTyping(channelId: string, parentId: string): void {
  const now = Date.now();
  const key = channelId + ':' + parentId;
  if (now - (lastTyping[key] ?? 0) < 3000) return;
  lastTyping[key] = now;
  socket.userTyping(channelId, parentId);
}
