// Custom statuses (Mattermost's props.customStatus: emoji + text + optional expiry): reading one off a user with its
// expiry honoured, the clear-after durations turned into an expiry time, and a clock that redraws when one expires.
import { useEffect, useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../api.ts';
import { addUsers, getState, setState } from '../store.ts';

export type CustomStatus = { emoji: string; text: string; duration?: string; expires_at?: string };

/** The clear-after choices of Mattermost's custom status modal ('' = don't clear; date_and_time = a chosen moment). */
export const DURATIONS = ['', 'thirty_minutes', 'one_hour', 'four_hours', 'today', 'this_week', 'date_and_time'] as const;
export type Duration = (typeof DURATIONS)[number];

/** Mattermost's suggestions, plus commuting. */
export const PRESETS: Array<{ id: string; emoji: string; text: string; duration: Duration }> = [
  { id: 'in_a_meeting', emoji: 'calendar', text: 'In a meeting', duration: 'one_hour' },
  { id: 'out_for_lunch', emoji: 'hamburger', text: 'Out for lunch', duration: 'thirty_minutes' },
  { id: 'commuting', emoji: 'bus', text: 'Commuting', duration: 'thirty_minutes' },
  { id: 'out_sick', emoji: 'sneezing_face', text: 'Out sick', duration: 'today' },
  { id: 'working_home', emoji: 'house', text: 'Working from home', duration: 'today' },
];

function expiry(cs: CustomStatus): number {
  const e = cs.expires_at ?? '';
  if (!e || e.startsWith('0001-01-01')) return 0;
  const t = Date.parse(e);
  return Number.isFinite(t) ? t : 0;
}

/** The user's custom status unless none is set or it has expired at `now`. */
export function activeCustomStatus(u: UserProfile | undefined, now = Date.now()): (CustomStatus & { expiresAt: number }) | null {
  const raw = (u?.props as Record<string, unknown> | undefined)?.customStatus;
  if (typeof raw !== 'string' || !raw) return null;
  try {
    const cs = JSON.parse(raw) as CustomStatus;
    if (!cs || (!cs.emoji && !cs.text)) return null;
    const expiresAt = expiry(cs);
    if (expiresAt && expiresAt <= now) return null;
    return { ...cs, emoji: cs.emoji || 'speech_balloon', expiresAt };
  } catch {
    return null;
  }
}

/** The calendar day ('YYYY-MM-DD') and the time ('HH:MM') that `zone` ('' = the browser's) reads at `t`. */
export function wallClock(t: number, zone: string): { day: string; time: string } {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: zone || undefined,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The moment at which `zone` reads `day` ('YYYY-MM-DD') at `time` ('HH:MM'): two corrections cover DST changes. */
export function instantIn(day: string, time: string, zone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const want = Date.UTC(y, m - 1, d, h, mi);
  let t = want;
  for (let i = 0; i < 2; i++) {
    const seen = wallClock(t, zone);
    const [sy, sm, sd] = seen.day.split('-').map(Number);
    const [sh, smi] = seen.time.split(':').map(Number);
    t += want - Date.UTC(sy, sm - 1, sd, sh, smi);
  }
  return t;
}

/** `day` moved by `n` calendar days. */
function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/**
 * When a status set at `now` with `duration` expires (ms), in the user's timezone `zone` as Mattermost's modal
 * computes it ('today' and 'this_week' end at that zone's midnight). date_and_time takes the chosen moment.
 */
export function expiresAtFor(duration: Duration, now = Date.now(), zone = '', chosen = 0): number {
  const today = wallClock(now, zone).day;
  const endOf = (day: string): number => instantIn(addDays(day, 1), '00:00', zone) - 1;
  switch (duration) {
    case 'thirty_minutes':
      return now + 30 * 60_000;
    case 'one_hour':
      return now + 60 * 60_000;
    case 'four_hours':
      return now + 4 * 60 * 60_000;
    case 'today':
      return endOf(today);
    case 'this_week': {
      // the end of Saturday, the end of the week in Mattermost's (moment's) default locale
      const [y, m, d] = today.split('-').map(Number);
      return endOf(addDays(today, 6 - new Date(Date.UTC(y, m - 1, d)).getUTCDay()));
    }
    case 'date_and_time':
      return chosen;
    default:
      return 0;
  }
}

/** Recent statuses, newest first, from the `custom_status:recent_custom_statuses` preference the server keeps. */
export function recentStatuses(prefs: Record<string, string>): CustomStatus[] {
  try {
    const v = JSON.parse(prefs['custom_status:recent_custom_statuses'] ?? '[]') as unknown;
    return Array.isArray(v) ? (v as CustomStatus[]).filter((c) => c && (c.emoji || c.text)) : [];
  } catch {
    return [];
  }
}

/** PUT /users/me/status/custom; the `user_updated` event brings the new props to every client, this one included. */
export async function setCustomStatus(emoji: string, text: string, duration: Duration, zone = '', chosen = 0): Promise<void> {
  const exp = expiresAtFor(duration, Date.now(), zone, chosen);
  const body = { emoji: emoji || 'speech_balloon', text, ...(duration ? { duration, expires_at: new Date(exp).toISOString() } : {}) };
  await client.updateCustomStatus(body as never);
  await refreshMe();
}

export async function clearCustomStatus(): Promise<void> {
  await client.unsetCustomStatus();
  await refreshMe();
}

async function refreshMe(): Promise<void> {
  const me = await client.getMe();
  addUsers([me]);
  if (getState().me?.id === me.id) setState({ me });
}

/**
 * The current time, updated every `everyMs` and right after `until` (an expiry) passes; with `onlyForExpiry` it only
 * ticks while an expiry is ahead (a name in a long message list should not keep a timer for nothing).
 */
export function useNow(until = 0, everyMs = 60_000, onlyForExpiry = false): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (onlyForExpiry && !(until > now)) return;
    const wait = until > now ? Math.min(everyMs, until - now + 50) : everyMs;
    const t = setTimeout(() => setNow(Date.now()), wait);
    return () => clearTimeout(t);
  }, [now, until, everyMs, onlyForExpiry]);
  return now;
}
