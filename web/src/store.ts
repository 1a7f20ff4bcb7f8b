// Client-side state: a tiny external store (useSyncExternalStore) updated by REST replies and websocket events.
import { useSyncExternalStore } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel as Channel, ChannelMembership } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { UserThread } from '@mattermost/types/threads';
import type { FileInfo } from '@mattermost/types/files';
import { t } from './i18n/current.ts';

export type ChannelPosts = {
  /** Post ids of root-level and reply posts shown in the channel, oldest first. */
  order: string[];
  /** True while older history may exist on the server. */
  hasMore: boolean;
  loading: boolean;
};

export type Rhs =
  | { kind: 'thread'; rootId: string }
  | { kind: 'search'; terms: string; ids: string[]; loading: boolean }
  | { kind: 'editHistory'; postId: string }
  | null;

/** A composer's unsent text (composer/drafts.ts); `remote` when it came from another session or the server's list. */
/** A composer's unsent message and the uploads attached to it (`files`, kept with the draft as Mattermost's file_ids). */
export type DraftEntry = { message: string; updateAt: number; remote: boolean; files?: FileInfo[] };

export type DialogSpec =
  | { kind: 'createChannel'; type: 'O' | 'P' }
  | { kind: 'browse' | 'invite' | 'teamMembers' | 'newDm' | 'switcher' | 'import' }
  | { kind: 'language' }
  | { kind: 'channelSettings' | 'channelMembers'; channelId: string }
  | { kind: 'accountSettings' }
  | { kind: 'customStatus' };

/** The profile popover: whose, and the box of what was clicked (viewport coordinates). */
export type ProfilePopoverSpec = { userId: string; anchor: { top: number; left: number; bottom: number; right: number } };

export type State = {
  dialog: DialogSpec | null;
  profilePopover: ProfilePopoverSpec | null;
  me: UserProfile | null;
  /** The server enforces MFA and the user has not set it up: nothing but the MFA set-up works until they do. */
  mfaRequired: boolean;
  teams: Team[];
  currentTeamId: string;
  channels: Record<string, Channel>;
  members: Record<string, ChannelMembership>;
  users: Record<string, UserProfile>;
  posts: Record<string, Post>;
  channelPosts: Record<string, ChannelPosts>;
  threads: Record<string, string[]>;
  /** channel id → user id → time (ms) the typing notice expires. */
  typing: Record<string, Record<string, number>>;
  currentChannelId: string;
  rhs: Rhs;
  /** Post being edited inline (Up arrow or the edit action). */
  editingPostId: string;
  connected: boolean;
  notice: string;
  /** The user's preferences, `category:name` → value (settings/prefs.ts). */
  preferences: Record<string, string>;
  /** Unsent drafts by `channelId:rootId` (rootId '' for the channel's own composer). */
  drafts: Record<string, DraftEntry>;
  /** Collapsed reply threads of the viewer by root id (threads/threadActions.ts); `is_following` false once unfollowed. */
  userThreads: Record<string, UserThread>;
  /** The current team's followed-thread totals, as GET .../threads reports them. */
  threadTotals: { unreadThreads: number; unreadMentions: number };
  /** The thread open in the Threads view ('' for none), or null when the Threads view is not shown. */
  threadsViewId: string | null;
};

const initial: State = {
  dialog: null,
  profilePopover: null,
  me: null,
  mfaRequired: false,
  teams: [],
  currentTeamId: '',
  channels: {},
  members: {},
  users: {},
  posts: {},
  channelPosts: {},
  threads: {},
  typing: {},
  currentChannelId: '',
  rhs: null,
  editingPostId: '',
  connected: false,
  notice: '',
  preferences: {},
  drafts: {},
  userThreads: {},
  threadTotals: { unreadThreads: 0, unreadMentions: 0 },
  threadsViewId: null,
};

let state: State = initial;
const listeners = new Set<() => void>();

export function getState(): State {
  return state;
}

/** Shallow-merges `patch` (or the result of `fn(state)`) into the state and notifies subscribers. */
export function setState(patch: Partial<State> | ((s: State) => Partial<State>)): void {
  const p = typeof patch === 'function' ? patch(state) : patch;
  state = { ...state, ...p };
  for (const l of listeners) l();
}

export function resetState(): void {
  state = initial;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useStore<T>(selector: (s: State) => T): T {
  return useSyncExternalStore(subscribe, () => selector(state));
}

export function showNotice(message: string): void {
  setState({ notice: message });
}

/** Opens one of the signed-in layout's dialogs (Dialogs.tsx renders it). */
export function openDialog(d: DialogSpec): void {
  setState({ dialog: d });
}

export function addUsers(list: UserProfile[]): void {
  if (!list.length) return;
  setState((s) => {
    const users = { ...s.users };
    for (const u of list) users[u.id] = u;
    return { users };
  });
}

export function addPosts(list: Post[]): void {
  if (!list.length) return;
  setState((s) => {
    const posts = { ...s.posts };
    for (const p of list) posts[p.id] = p;
    return { posts };
  });
}

/** A user's name as the viewer's `display_settings:name_format` preference (Mattermost's teammate name display) says. */
export function displayName(u: UserProfile | undefined): string {
  if (!u) return t('user.someone', 'Someone');
  const format = state.preferences['display_settings:name_format'];
  const full = [u.first_name, u.last_name].filter(Boolean).join(' ');
  if (format === 'nickname_full_name') return u.nickname || full || u.username;
  if (format === 'full_name') return full || u.username;
  return u.username;
}

/** Title of a channel as the sidebar shows it; for DMs the other user's name. */
export function channelTitle(c: Channel, s: State): string {
  if (c.type === 'D') {
    const other = c.name.split('__').find((id) => id !== s.me?.id) ?? s.me?.id ?? '';
    const u = s.users[other];
    if (!u) return t('dm.unknown', 'Direct message');
    return other === s.me?.id ? t('dm.self', '@{username} (you)', { username: u.username }) : '@' + u.username;
  }
  if (c.type === 'G') return c.display_name;
  return c.display_name || c.name;
}

/** Channels visible in a team's sidebar: its own channels plus all DMs/GMs. */
export function teamChannels(s: State, teamId: string): Channel[] {
  return Object.values(s.channels).filter(
    (c) => !c.delete_at && (c.team_id === teamId || c.type === 'D' || c.type === 'G') && s.members[c.id],
  );
}

export function dmPartnerId(c: Channel, meId: string): string {
  return c.name.split('__').find((id) => id !== meId) ?? meId;
}
