// Desktop notifications and the notification sound (the tab title's unread count is unread.ts), loaded with the first
// `posted` event. Follows Mattermost's web app rules: own/system posts and muted channels skip, DND skips, the
// channel's `desktop` level over the user's, mentions needed at `mention`, nothing for the channel in focus; Parley's
// quiet hours hold them too.
import { createIntl, createIntlCache } from 'react-intl';
import type { Post } from '@mattermost/types/posts';
import { client, socket } from './api.ts';
import { channelTitle, displayName, getState, type State } from './store.ts';
import { navigate } from './router.ts';
import { parseQuietHours, quietUntil, QUIET_HOURS_CATEGORY, QUIET_HOURS_NAME } from '../../src/model/quiet-hours.ts';

const intl = createIntl({ locale: 'en', defaultLocale: 'en', onError: () => {} }, createIntlCache());

let statusCache: { at: number; status: string } = { at: 0, status: '' };
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

// The server tells the user of their own status changes (Do Not Disturb set in another session, say).
socket.addMessageListener((m) => {
  const msg = m as unknown as { event: string; data?: { user_id?: string; status?: string } };
  if (msg.event === 'status_change' && msg.data?.user_id === getState().me?.id && msg.data?.status)
    statusCache = { at: Date.now(), status: msg.data.status };
});

/** The quiet-hours schedule from the user's preferences (kept current by `preferences_changed`). */
function quietPreference(s: State): string {
  return s.preferences[`${QUIET_HOURS_CATEGORY}:${QUIET_HOURS_NAME}`] ?? '';
}

/** Forget the cached status (the settings tab saved new settings). */
export function refreshNotificationSettings(): void {
  statusCache = { at: 0, status: '' };
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

/** Mattermost's desktop notification sounds (notify prop `desktop_notification_sound`); the first is the default. */
export const NOTIFICATION_SOUNDS = ['Bing', 'Crackle', 'Down', 'Hello', 'Ripple', 'Upstairs'] as const;
export type NotificationSound = (typeof NOTIFICATION_SOUNDS)[number];

/** Each sound as tones (Hz, start s, length s), drawn here rather than shipped as files; Crackle is noise. */
const TONES: Record<NotificationSound, Array<[number, number, number]>> = {
  Bing: [
    [880, 0, 0.12],
    [1320, 0.12, 0.33],
  ],
  Crackle: [],
  Down: [
    [1175, 0, 0.12],
    [988, 0.12, 0.12],
    [784, 0.24, 0.26],
  ],
  Hello: [
    [660, 0, 0.16],
    [990, 0.16, 0.3],
  ],
  Ripple: [
    [1568, 0, 0.08],
    [1319, 0.08, 0.08],
    [1568, 0.16, 0.08],
    [1319, 0.24, 0.2],
  ],
  Upstairs: [
    [523, 0, 0.1],
    [659, 0.1, 0.1],
    [784, 0.2, 0.1],
    [1047, 0.3, 0.2],
  ],
};

const soundUrls = new Map<NotificationSound, string>();

/** A sound name as stored, or the default for anything unknown. */
export function soundName(v: string | undefined): NotificationSound {
  return (NOTIFICATION_SOUNDS as readonly string[]).includes(v ?? '') ? (v as NotificationSound) : 'Bing';
}

/** One sound as a 16-bit mono WAV data URL, made once. */
function soundUrl(name: NotificationSound): string {
  const cached = soundUrls.get(name);
  if (cached) return cached;
  const rate = 8000;
  const n = Math.floor(rate * 0.5);
  const bytes = new Uint8Array(44 + n * 2);
  const v = new DataView(bytes.buffer);
  const text = (at: number, str: string) => [...str].forEach((ch, i) => v.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  v.setUint32(4, 36 + n * 2, true);
  text(8, 'WAVEfmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, rate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, 'data');
  v.setUint32(40, n * 2, true);
  let seed = 7;
  for (let i = 0; i < n; i++) {
    const t = i / rate;
    let sample = 0;
    if (name === 'Crackle') {
      // Short bursts of deterministic noise, each dying away.
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const burst = t % 0.09;
      sample = t < 0.36 ? (seed / 0x7fffffff - 0.5) * Math.exp(-burst * 60) * 0.5 : 0;
    } else {
      const tone = TONES[name].find(([, t0, len]) => t >= t0 && t < t0 + len);
      if (tone) sample = Math.sin(2 * Math.PI * tone[0] * t) * Math.exp(-(t - tone[1]) * 12) * 0.3;
    }
    v.setInt16(44 + i * 2, Math.round(sample * 32767), true);
  }
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  const url = 'data:audio/wav;base64,' + btoa(bin);
  soundUrls.set(name, url);
  return url;
}

/** Plays a notification sound through an audio element, as Mattermost's web app does (also the settings' preview). */
export function playSound(name: NotificationSound): void {
  try {
    void new Audio(soundUrl(name)).play().catch(() => undefined);
  } catch {
    // No audio (autoplay policy): the notification still shows.
  }
}

/** What happened to a `posted` event's notification, for the `posted_notify_ack` the server asked for. */
export interface NotifyResult {
  status: 'success' | 'not_sent' | 'error';
  reason?: string;
}

/**
 * Called for each `posted` event after the post is placed. `mentions` / `followers` are the event's lists;
 * `data` the event's other fields (otherFile, image).
 */
export async function notifyForPost(
  post: Post,
  mentions: string[],
  followers: string[],
  data: Record<string, unknown>,
): Promise<NotifyResult> {
  const skip = (reason: string): NotifyResult => ({ status: 'not_sent', reason });
  const s = getState();
  const me = s.me;
  if (!me) return skip('missing_profile');
  if (typeof Notification === 'undefined') return skip('notifications_unsupported');
  const fromWebhook = post.props?.from_webhook === 'true';
  if (post.user_id === me.id && !fromWebhook) return skip('own_post');
  if (post.type?.startsWith('system_')) return skip('system_message');
  const ch = s.channels[post.channel_id];
  const member = s.members[post.channel_id];
  if (!ch || !member) return skip('missing_member');
  const force = !!post.props?.force_notification;
  const cp = (member.notify_props ?? {}) as Record<string, string>;
  if (!force) {
    if (cp.mark_unread === 'mention') return skip('channel_muted');
    const status = await myStatus(me.id);
    if (status === 'dnd' || status === 'ooo') return skip('user_status');
    if (inQuietHours(quietPreference(s), timeZoneOf(s), ch.type === 'D')) return skip('quiet_hours');
    let level = cp.desktop && cp.desktop !== 'default' ? cp.desktop : (me.notify_props?.desktop ?? 'all');
    if (ch.type === 'G' && (!cp.desktop || cp.desktop === 'default') && level === 'mention') level = 'all';
    if (level === 'none') return skip('level_none');
    const mentioned = ch.type === 'D' || mentions.includes(me.id) || followers.includes(me.id);
    if (level === 'mention' && !mentioned) return skip('not_mentioned');
    if (post.channel_id === s.currentChannelId && document.hasFocus()) return skip('channel_in_focus');
  }
  if (Notification.permission !== 'granted') return skip('notifications_permission_denied');
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
  // The channel's own sound wins over the user's (both Mattermost's `desktop_notification_sound`).
  if (sound) playSound(soundName(cp.desktop_notification_sound || me.notify_props?.desktop_notification_sound));
  return { status: 'success' };
}
