// Custom statuses (Mattermost's props.customStatus: emoji + text + optional expiry): reading one off a user with its
// expiry honoured, the clear-after durations turned into an expiry time, and a clock that redraws when one expires.
import { useEffect, useState } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../api.ts';
import { addUsers, getState, setState } from '../store.ts';

export type CustomStatus = { emoji: string; text: string; duration?: string; expires_at?: string };

/** The clear-after choices of Mattermost's custom status modal ('' = don't clear). */
export const DURATIONS = ['', 'thirty_minutes', 'one_hour', 'four_hours', 'today', 'this_week'] as const;
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

/** When a status set now with `duration` expires (ms), in the viewer's local time as Mattermost's modal computes it. */
export function expiresAtFor(duration: Duration, now = new Date()): number {
  const d = new Date(now);
  switch (duration) {
    case 'thirty_minutes':
      return now.getTime() + 30 * 60_000;
    case 'one_hour':
      return now.getTime() + 60 * 60_000;
    case 'four_hours':
      return now.getTime() + 4 * 60 * 60_000;
    case 'today':
      d.setHours(23, 59, 59, 999);
      return d.getTime();
    case 'this_week':
      // the end of Saturday, the end of the week in Mattermost's (moment's) default locale
      d.setDate(d.getDate() + (6 - d.getDay()));
      d.setHours(23, 59, 59, 999);
      return d.getTime();
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
export async function setCustomStatus(emoji: string, text: string, duration: Duration): Promise<void> {
  const exp = expiresAtFor(duration);
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
