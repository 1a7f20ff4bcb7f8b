// Quiet hours on the server: the user's timezone, and the check on writes of the preference. The schedule itself
// (parse, is a moment quiet, when it ends) is model/quiet-hours.ts, shared with the web app.
import { appError } from '../../model/app-error.ts';
import { isValidQuietHoursValue, QUIET_HOURS_CATEGORY, QUIET_HOURS_NAME } from '../../model/quiet-hours.ts';
import type { UserWithSecrets } from '../../model/types.ts';

export { parseQuietHours, quietUntil, QUIET_HOURS_CATEGORY, QUIET_HOURS_NAME, type QuietHours } from '../../model/quiet-hours.ts';

/** The user's IANA timezone (Mattermost's timezone props), UTC when unknown or invalid. */
export function userTimeZone(user: Pick<UserWithSecrets, 'timezone'>): string {
  const tz = user.timezone ?? {};
  const name = tz.useAutomaticTimezone === 'false' ? tz.manualTimezone : tz.automaticTimezone || tz.manualTimezone;
  if (!name) return 'UTC';
  let valid = knownZones.get(name);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name });
      valid = true;
    } catch {
      valid = false;
    }
    if (knownZones.size >= 1000) knownZones.clear();
    knownZones.set(name, valid);
  }
  return valid ? name : 'UTC';
}

/** Time zone names already checked (a check builds a formatter, which costs more than a notification's other work). */
const knownZones = new Map<string, boolean>();

/** A write of the quiet-hours preference must hold a valid schedule (other preferences pass untouched). */
export function validateQuietHoursPreference(p: { category: string; name: string; value?: string }): void {
  if (p.category !== QUIET_HOURS_CATEGORY) return;
  if (p.name !== QUIET_HOURS_NAME || !isValidQuietHoursValue(p.value ?? ''))
    throw appError('api.preference.quiet_hours.invalid.app_error', 'updatePreferences');
}
