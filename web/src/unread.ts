// The unread count in the tab title and favicon, and the notification permission asked at the first click: what the
// first view needs of notifications; the notifications themselves (notifications.ts) load with the first post.
import { clientConfig } from './api.ts';
import { channelTitle, displayName, getState, type State } from './store.ts';

// Browsers prompt only from a user gesture: ask at the first click after the app loads.
if (typeof window !== 'undefined') window.addEventListener('pointerdown', () => requestNotificationPermission(), { once: true });

/** Asks for permission once (a click may prompt; denied stays denied). */
export function requestNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
  try {
    void Notification.requestPermission();
  } catch {
    // Safari's old callback form: nothing to do.
  }
}

/** Mentions and unread channels of the current team and of DMs/GMs, as the tab title counts them. */
export function unreadCounts(s: State): { mentions: number; unreadChannels: number } {
  let mentions = 0;
  let unreadChannels = 0;
  for (const [id, m] of Object.entries(s.members)) {
    const ch = s.channels[id];
    if (!ch || ch.delete_at || (ch.team_id && ch.team_id !== s.currentTeamId)) continue;
    mentions += Math.max(0, m.mention_count);
    const muted = (m.notify_props as Record<string, string> | undefined)?.mark_unread === 'mention';
    if (!muted && ch.total_msg_count - m.msg_count > 0) unreadChannels++;
  }
  return { mentions, unreadChannels };
}

/** Unread mentions over the current team and DMs/GMs (DM messages count as mentions). */
export function unreadMentions(s: State): number {
  return unreadCounts(s).mentions;
}

let siteName = '';
let siteNameAsked = false;

/**
 * The tab title as Mattermost's web app writes it — `(mentions) ` first, then `* ` while a channel has unread
 * messages, then `{channel} - {team} {site name}` (DMs: the teammate's name) — and the favicon's badge.
 */
export function unreadTitle(s: State): { title: string; badge: 'mention' | 'unread' | 'none' } {
  const { mentions, unreadChannels } = unreadCounts(s);
  const badge = mentions > 0 ? 'mention' : unreadChannels > 0 ? 'unread' : 'none';
  const ch = s.channels[s.currentChannelId];
  const team = s.teams.find((t) => t.id === s.currentTeamId);
  if (!ch || !team) return { title: siteName || 'Parley', badge };
  let name = channelTitle(ch, s);
  if (ch.type === 'D') {
    const other = ch.name.split('__').find((id) => id !== s.me?.id) ?? s.me?.id ?? '';
    if (s.users[other]) name = displayName(s.users[other]);
  }
  const prefix = (mentions > 0 ? `(${mentions}) ` : '') + (unreadChannels > 0 ? '* ' : '');
  return { title: `${prefix}${name} - ${team.display_name} ${siteName || 'Parley'}`, badge };
}

/** Draws the 32 px favicon: Parley's square, with a red mention badge (count) or a dot for unread messages. */
function faviconUrl(badge: 'mention' | 'unread' | 'none', mentions: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 32;
  const g = canvas.getContext('2d');
  if (!g) return '';
  g.fillStyle = '#1c58d9';
  g.fillRect(0, 0, 32, 32);
  g.fillStyle = '#ffffff';
  g.font = 'bold 20px sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText('P', 12, 18);
  if (badge === 'none') return canvas.toDataURL('image/png');
  g.fillStyle = badge === 'mention' ? '#d24b4e' : '#ffffff';
  g.beginPath();
  g.arc(23, 9, badge === 'mention' ? 9 : 6, 0, Math.PI * 2);
  g.fill();
  if (badge === 'mention') {
    g.fillStyle = '#ffffff';
    g.font = 'bold 12px sans-serif';
    g.fillText(mentions > 9 ? '9+' : String(mentions), 23, 10);
  }
  return canvas.toDataURL('image/png');
}

let lastIcon = '';

/** Writes the tab title and favicon for the current state; call after state changes. */
export function updateUnreadBadge(s: State = getState()): void {
  if (!siteNameAsked) {
    siteNameAsked = true;
    void clientConfig().then((c) => {
      siteName = c.SiteName ?? '';
      updateUnreadBadge();
    });
  }
  const { title, badge } = unreadTitle(s);
  if (document.title !== title) document.title = title;
  const key = `${badge}:${unreadCounts(s).mentions}`;
  if (key === lastIcon) return;
  lastIcon = key;
  const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]') ?? document.head.appendChild(document.createElement('link'));
  link.rel = 'icon';
  link.dataset.badge = badge;
  link.href = faviconUrl(badge, unreadCounts(s).mentions);
}
