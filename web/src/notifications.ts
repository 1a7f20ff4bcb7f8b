// Desktop notifications, the notification sound, and the unread count in the tab title and favicon. Follows
// Mattermost's web app rules: own/system posts and muted channels skip, DND skips, the channel's `desktop` level over
// the user's, mentions needed at `mention`, nothing for the channel in focus; Parley's quiet hours hold them too.
import { createIntl, createIntlCache } from 'react-intl';
import type { Post } from '@mattermost/types/posts';
import type { PreferenceType } from '@mattermost/types/preferences';
import { client } from './api.ts';
import { channelTitle, displayName, getState, type State } from './store.ts';
import { navigate } from './router.ts';
import { parseQuietHours, quietUntil, QUIET_HOURS_CATEGORY, QUIET_HOURS_NAME } from '../../src/model/quiet-hours.ts';

const intl = createIntl({ locale: 'en', defaultLocale: 'en', onError: () => {} }, createIntlCache());

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

let statusCache: { at: number; status: string } = { at: 0, status: '' };
let quietCache: { at: number; value: string } = { at: -Infinity, value: '' };
const REFRESH_MS = 60_000;

async function myStatus(me: string): Promise<string> {
  if (Date.now() - statusCache.at > REFRESH_MS) {
    try {
      statusCache = { at: Date.now(), status: (await client.getStatus(me)).status };
    } catch {
      statusCache = { at: Date.now(), status: '' };
    }
  }
  return statusCache.status;
}

async function quietPreference(me: string): Promise<string> {
  if (Date.now() - quietCache.at > REFRESH_MS) {
    try {
      const prefs = (await client.getMyPreferences()) as unknown as PreferenceType[];
      quietCache = {
        at: Date.now(),
        value: prefs.find((p) => p.category === QUIET_HOURS_CATEGORY && p.name === QUIET_HOURS_NAME)?.value ?? '',
      };
    } catch {
      quietCache = { at: Date.now(), value: '' };
    }
  }
  void me;
  return quietCache.value;
}

/** Forget cached status and quiet hours (the settings tab saved new ones). */
export function refreshNotificationSettings(): void {
  statusCache = { at: 0, status: '' };
  quietCache = { at: -Infinity, value: '' };
}

/** Whether the user's quiet-hours schedule (the server's parley_quiet_hours preference) holds `at`, in their timezone. */
export function inQuietHours(value: string, timeZone: string, isDm: boolean, at = Date.now()): boolean {
  const q = parseQuietHours(value);
  if (!q || (isDm && q.allow_dms)) return false;
  return quietUntil(q, at, timeZone) !== undefined;
}

function timeZoneOf(s: State): string {
  const tz = (s.me?.timezone ?? {}) as Record<string, string>;
  return tz.useAutomaticTimezone === 'false' ? tz.manualTimezone : tz.automaticTimezone || tz.manualTimezone || '';
}

function strip(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~|`)/g, '')
    .trim();
}

let audio: AudioContext | undefined;
/** A short two-tone chime (Mattermost's default sound is "Bing"). */
function playSound(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, freq] of [880, 1320].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.15, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.12 + 0.25);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.3);
    }
  } catch {
    // No audio (autoplay policy): the notification still shows.
  }
}

/**
 * Called for each `posted` event after the post is placed. `mentions` / `followers` are the event's lists;
 * `data` the event's other fields (otherFile, image).
 */
export async function notifyForPost(post: Post, mentions: string[], followers: string[], data: Record<string, unknown>): Promise<void> {
  const s = getState();
  const me = s.me;
  if (!me || typeof Notification === 'undefined') return;
  const fromWebhook = post.props?.from_webhook === 'true';
  if (post.user_id === me.id && !fromWebhook) return;
  if (post.type?.startsWith('system_')) return;
  const ch = s.channels[post.channel_id];
  const member = s.members[post.channel_id];
  if (!ch || !member) return;
  const force = !!post.props?.force_notification;
  const cp = (member.notify_props ?? {}) as Record<string, string>;
  if (!force) {
    if (cp.mark_unread === 'mention') return;
    const status = await myStatus(me.id);
    if (status === 'dnd' || status === 'ooo') return;
    if (inQuietHours(await quietPreference(me.id), timeZoneOf(s), ch.type === 'D')) return;
    let level = cp.desktop && cp.desktop !== 'default' ? cp.desktop : (me.notify_props?.desktop ?? 'all');
    if (ch.type === 'G' && (!cp.desktop || cp.desktop === 'default') && level === 'mention') level = 'all';
    if (level === 'none') return;
    const mentioned = ch.type === 'D' || mentions.includes(me.id) || followers.includes(me.id);
    if (level === 'mention' && !mentioned) return;
    if (post.channel_id === s.currentChannelId && document.hasFocus()) return;
  }
  if (Notification.permission !== 'granted') return;
  let title = ch.type === 'D' ? intl.formatMessage({ id: 'notification.dm', defaultMessage: 'Direct Message' }) : channelTitle(ch, s);
  if (post.root_id && followers.includes(me.id))
    title = intl.formatMessage({ id: 'notification.crt', defaultMessage: 'Reply in {title}' }, { title });
  const name = displayName(s.users[post.user_id]) || String(post.props?.override_username ?? '');
  const text = strip(post.message ?? '');
  const body = text
    ? `@${name}: ${text}`
    : data.image === 'true'
      ? intl.formatMessage({ id: 'notification.image', defaultMessage: '@{name} uploaded an image' }, { name })
      : data.otherFile === 'true'
        ? intl.formatMessage({ id: 'notification.file', defaultMessage: '@{name} uploaded a file' }, { name })
        : intl.formatMessage({ id: 'notification.other', defaultMessage: '@{name} did something new' }, { name });
  const n = new Notification(title, { body: body.slice(0, 500), tag: post.id, icon: '/favicon.ico' });
  n.onclick = () => {
    window.focus();
    const team = s.teams.find((t) => t.id === ch.team_id) ?? s.teams.find((t) => t.id === s.currentTeamId);
    if (team) navigate(`/${team.name}/pl/${post.id}`);
    n.close();
  };
  const sound = cp.desktop_sound && cp.desktop_sound !== 'default' ? cp.desktop_sound === 'on' : me.notify_props?.desktop_sound !== 'false';
  if (sound) playSound();
}

/** Unread mentions (DMs: unread messages) over the user's channels, as the badge counts them. */
export function unreadMentions(s: State): number {
  let n = 0;
  for (const [id, m] of Object.entries(s.members)) {
    const ch = s.channels[id];
    if (!ch || ch.delete_at) continue;
    n += ch.type === 'D' ? Math.max(0, m.mention_count) : m.mention_count;
  }
  return n;
}

let baseTitle = '';
let baseIcon = '';
let lastCount = -1;

/** Puts the count in the tab title ("(3) …") and a red badge on the favicon; call after state changes. */
export function updateUnreadBadge(s: State = getState()): void {
  const count = unreadMentions(s);
  if (count === lastCount) return;
  lastCount = count;
  if (!baseTitle) baseTitle = document.title.replace(/^\(\d+\+?\) /, '');
  document.title = count ? `(${count > 99 ? '99+' : count}) ${baseTitle}` : baseTitle;
  const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]') ?? document.head.appendChild(document.createElement('link'));
  link.rel = 'icon';
  if (!baseIcon) baseIcon = link.href || '/favicon.ico';
  if (!count) {
    link.href = baseIcon;
    return;
  }
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 32;
  const g = canvas.getContext('2d');
  if (!g) return;
  g.fillStyle = '#1c58d9';
  g.fillRect(0, 0, 32, 32);
  g.fillStyle = '#d24b4e';
  g.beginPath();
  g.arc(22, 10, 10, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = '#ffffff';
  g.font = 'bold 13px sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(count > 9 ? '9+' : String(count), 22, 11);
  link.href = canvas.toDataURL('image/png');
}
