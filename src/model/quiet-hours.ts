// Quiet hours (Parley's): the schedule a user keeps in the parley_quiet_hours/schedule preference and whether a
// moment falls in it. Pure, shared by the server (which holds push and e-mail) and the web app (desktop).
export const QUIET_HOURS_CATEGORY = 'parley_quiet_hours';
export const QUIET_HOURS_NAME = 'schedule';

export interface QuietHours {
  enabled: boolean;
  /** Days of the week the window starts on, 0 = Sunday; empty = every day. */
  days: number[];
  /** "HH:MM" or "HH:MM:SS"; a window whose end is not after its start runs past midnight. */
  start: string;
  end: string;
  /** Direct messages come through at once. */
  allow_dms: boolean;
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

function seconds(t: string): number | undefined {
  const m = TIME_RE.exec(t);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0) : undefined;
}

/** Parses a stored schedule; undefined when absent, disabled or malformed (nothing waits then). */
export function parseQuietHours(value: string | undefined): QuietHours | undefined {
  if (!value) return undefined;
  let v: Partial<QuietHours>;
  try {
    v = JSON.parse(value) as Partial<QuietHours>;
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || v.enabled !== true) return undefined;
  if (typeof v.start !== 'string' || typeof v.end !== 'string' || seconds(v.start) === undefined || seconds(v.end) === undefined)
    return undefined;
  const days = Array.isArray(v.days) ? v.days.filter((d) => Number.isInteger(d) && d >= 0 && d <= 6) : [];
  return { enabled: true, days, start: v.start, end: v.end, allow_dms: v.allow_dms === true };
}

/** Whether a stored value is acceptable (a preference write is refused otherwise). */
export function isValidQuietHoursValue(value: string): boolean {
  if (value.length > 1000) return false;
  try {
    const v = JSON.parse(value) as Partial<QuietHours>;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
    if (v.enabled !== true) return true;
    return parseQuietHours(value) !== undefined;
  } catch {
    return false;
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Weekday (0 = Sunday) and seconds since local midnight at `at` in `timeZone` ('' = the runtime's own). */
function localClock(at: number, timeZone: string): { day: number; sec: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timeZone || undefined,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '0';
  return { day: WEEKDAYS.indexOf(get('weekday')), sec: Number(get('hour')) * 3600 + Number(get('minute')) * 60 + Number(get('second')) };
}

/**
 * When the quiet period holding `at` ends (epoch ms), or undefined when `at` is not quiet. A window past midnight
 * belongs to the day it starts on. Daylight-saving jumps inside a window shift its end by the jump.
 */
export function quietUntil(q: QuietHours | undefined, at: number, timeZone: string): number | undefined {
  if (!q) return undefined;
  const start = seconds(q.start)!;
  const end = seconds(q.end)!;
  const { day, sec } = localClock(at, timeZone);
  const dayOk = (d: number) => !q.days.length || q.days.includes(d);
  const msTo = (target: number) => at + (target - sec) * 1000 - (at % 1000);
  if (start < end) return sec >= start && sec < end && dayOk(day) ? msTo(end) : undefined;
  // Overnight: the evening part belongs to today, the morning part to yesterday.
  if (sec >= start && dayOk(day)) return msTo(end + 86400);
  if (sec < end && dayOk((day + 6) % 7)) return msTo(end);
  return undefined;
}
