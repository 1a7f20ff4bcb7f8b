// What an import left out, counted by kind: a few lines of the import log (and one server log line) instead of one
// server log line per skipped message, which a crafted export turns into a million.
import type { SkipKind } from './mapper.ts';

/** Distinct details (message types, channel names …) kept per kind; the rest are counted together. */
const MAX_DETAILS = 20;
/** Details shown per kind in the import log, the most frequent first. */
const SHOWN_DETAILS = 5;

const TEXT: Record<SkipKind, (n: number) => string> = {
  message_unsupported: (n) => `${n} ${plural(n, 'message was', 'messages were')} not imported: the message type is not supported`,
  message_without_user: (n) =>
    `${n} ${plural(n, 'message was', 'messages were')} not imported: no user that could be imported wrote ${plural(n, 'it', 'them')}`,
  bot_message_without_bot_id: (n) => `${n} bot ${plural(n, 'message was', 'messages were')} not imported: no bot_id`,
  file_missing: (n) => `${n} ${plural(n, 'file was', 'files were')} not attached: missing from the export zip`,
  file_too_large: (n) => `${n} ${plural(n, 'file was', 'files were')} not attached: larger than FileSettings.MaxFileSize`,
  dm_members_missing: (n) =>
    `${n} direct message ${plural(n, 'channel was', 'channels were')} not imported: members missing from users.json`,
  gm_member_missing: (n) => `${n} group message ${plural(n, 'member was', 'members were')} left out: not found in users.json`,
  team_join_failed: (n) => `${n} ${plural(n, 'user', 'users')} could not join the team`,
};

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** Plain data (it crosses from the worker thread): count and counts by detail per kind. */
export type SkipCounts = Partial<Record<SkipKind, { count: number; details: Record<string, number> }>>;

export class SkipSummary {
  readonly counts: SkipCounts = {};

  add(kind: SkipKind, detail: string, n = 1): void {
    const c = (this.counts[kind] ??= { count: 0, details: {} });
    c.count += n;
    const known = Object.hasOwn(c.details, detail);
    const key = known || Object.keys(c.details).length < MAX_DETAILS ? detail : '(other)';
    c.details[key] = (c.details[key] ?? 0) + n;
  }

  merge(other: SkipCounts): void {
    for (const [kind, c] of Object.entries(other) as Array<[SkipKind, { details: Record<string, number> }]>)
      for (const [detail, n] of Object.entries(c.details)) this.add(kind, detail, n);
  }

  get total(): number {
    return Object.values(this.counts).reduce((n, c) => n + c.count, 0);
  }

  /** Import-log lines: a titled section, one line per kind, or nothing when nothing was left out. */
  logLines(): string[] {
    const kinds = Object.keys(this.counts) as SkipKind[];
    if (!kinds.length) return [];
    const lines = ['', 'Not imported:', '=============', ''];
    for (const kind of kinds) {
      const c = this.counts[kind]!;
      const details = Object.entries(c.details)
        .filter(([d]) => d !== '')
        .sort((a, b) => b[1] - a[1])
        .slice(0, SHOWN_DETAILS)
        .map(([d, n]) => `${d}: ${n}`);
      lines.push(`${TEXT[kind](c.count)}${details.length ? ` (${details.join(', ')})` : ''}.`);
    }
    return lines;
  }
}

/** The import log with the summary placed before Mattermost's closing notes. */
export function withSkipSummary(log: string[], summary: SkipSummary): string[] {
  const notes = log.lastIndexOf('Notes:');
  const at = notes > 0 ? notes - 1 : log.length;
  return [...log.slice(0, at), ...summary.logLines(), ...log.slice(at)];
}
