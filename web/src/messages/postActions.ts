// Message use-cases beyond actions.ts: pin, save (the flagged_post preference), copy a permalink, mark unread,
// open a permalink in its channel, and learn which @names are real users.
import type { Post } from '@mattermost/types/posts';
import { client } from '../api.ts';
import { attempt, fetchChannel, loadOlderPosts, openChannel } from '../actions.ts';
import { addPosts, addUsers, getState, setState, showNotice } from '../store.ts';
import { channelPath, navigate } from '../router.ts';
import { deletePreference, savePreference } from '../settings/prefs.ts';
import { setHighlighted } from './highlight.ts';
import { openThread } from '../ChannelView.tsx';

export async function setPinned(post: Post, pinned: boolean): Promise<void> {
  const ok = await attempt(() => (pinned ? client.pinPost(post.id) : client.unpinPost(post.id)));
  if (ok) addPosts([{ ...(getState().posts[post.id] ?? post), is_pinned: pinned }]);
}

export function isSaved(postId: string): boolean {
  return getState().preferences[`flagged_post:${postId}`] === 'true';
}

export async function setSaved(postId: string, saved: boolean): Promise<void> {
  await attempt(() => (saved ? savePreference('flagged_post', postId, 'true') : deletePreference('flagged_post', postId)));
}

export function permalink(postId: string): string {
  const s = getState();
  const team = s.teams.find((t) => t.id === s.currentTeamId);
  return `${window.location.origin}/${team?.name ?? ''}/pl/${postId}`;
}

export async function copyLink(postId: string, copied: string): Promise<void> {
  const ok = await attempt(() => navigator.clipboard.writeText(permalink(postId)).then(() => true));
  if (ok) showNotice(copied);
}

/** Marks the channel unread from `post` on (Mattermost's set_unread); the sidebar shows it once the user leaves. */
export async function markUnread(post: Post): Promise<void> {
  const me = getState().me;
  if (!me) return;
  const res = await attempt(() => client.markPostAsUnread(me.id, post.id));
  if (!res) return;
  setState((s) => {
    const mem = s.members[post.channel_id];
    if (!mem) return {};
    return {
      members: {
        ...s.members,
        [post.channel_id]: { ...mem, msg_count: res.msg_count, mention_count: res.mention_count, last_viewed_at: res.last_viewed_at },
      },
    };
  });
}

/** `/<team>/pl/<post_id>`: shows the post in its channel (older pages loaded until it is there), highlighted. */
export async function openPermalink(teamName: string, postId: string): Promise<void> {
  const post = await attempt(() => client.getPost(postId));
  if (!post) {
    navigate(`/${teamName}`, true);
    return;
  }
  const ch = getState().channels[post.channel_id] ?? (await fetchChannel(post.channel_id));
  if (!ch) {
    navigate(`/${teamName}`, true);
    return;
  }
  addPosts([post]);
  navigate(channelPath(teamName, ch), true);
  await openChannel(ch.id);
  const rootId = post.root_id || post.id;
  for (let i = 0; i < 20; i++) {
    const cp = getState().channelPosts[ch.id];
    if (!cp || cp.order.includes(rootId) || !cp.hasMore) break;
    await loadOlderPosts(ch.id);
  }
  setHighlighted(rootId);
  if (post.root_id) openThread(post.root_id);
}

const asked = new Set<string>();
let pending: string[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/** Whether `username` is a known user; unknown names are looked up (batched) so a real one is highlighted soon. */
export function knownUsername(username: string): boolean {
  const s = getState();
  const lower = username.toLowerCase();
  for (const u of Object.values(s.users)) if (u.username === lower) return true;
  // A trailing dot or similar punctuation is not part of the name (Mattermost trims it too).
  const trimmed = lower.replace(/[._-]+$/, '');
  if (trimmed !== lower) for (const u of Object.values(s.users)) if (u.username === trimmed) return true;
  if (!asked.has(lower)) {
    asked.add(lower);
    pending.push(lower);
    if (trimmed !== lower) pending.push(trimmed);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const names = pending;
      pending = [];
      client.getProfilesByUsernames(names).then(addUsers, () => undefined);
    }, 50);
  }
  return false;
}
