// Mattermost's naming rules as the Slack importer applies them: usernames, channel names, DM/GM names, Slack
// timestamps, the field limits it truncates to, and which channel names an import must look up first.
import { createHash } from 'node:crypto';
import type { ExistingState } from './plan-model.ts';
import type { SlackExport, SlackUser } from './parse.ts';

const RESTRICTED_USERNAMES = new Set(['all', 'channel', 'matterbot', 'system']);
export const USERNAME_MAX = 64;
export const CHANNEL_NAME_MAX = 64;
export const DISPLAY_NAME_MAX_RUNES = 64;
export const PURPOSE_MAX_RUNES = 250;
export const HEADER_MAX_RUNES = 1024;
export const PERSONAL_NAME_MAX_RUNES = 64;
export const GROUP_MAX_MEMBERS = 8;

export const truncateRunes = (s: string, n: number) => {
  const runes = Array.from(s);
  return runes.length > n ? runes.slice(0, n).join('') : s;
};

/** Mattermost's CleanUsername: lower-case, spaces and other invalid characters → '-', trimmed of '-'; null if unusable. */
export function cleanUsername(raw: string): string | null {
  const s = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, USERNAME_MAX);
  return s && !RESTRICTED_USERNAMES.has(s) ? s : null;
}

/** Mattermost's slackConvertChannelName, lower-cased: trim '_'/'-', 1-char → slack-channel-x, invalid → channel id. */
export function convertChannelName(name: string, slackId: string): string {
  const trimmed = name.replace(/^[_-]+|[_-]+$/g, '').toLowerCase();
  if (Array.from(trimmed).length === 1) return `slack-channel-${trimmed}`;
  if (/^[a-z0-9_-]+$/.test(trimmed)) return trimmed.slice(0, CHANNEL_NAME_MAX);
  return slackId.toLowerCase().slice(0, CHANNEL_NAME_MAX);
}

export const directChannelName = (a: string, b: string) => (a < b ? `${a}__${b}` : `${b}__${a}`);

/** Mattermost's GetGroupNameFromUserIds: hex SHA-1 of the sorted ids concatenated. */
export function groupChannelName(userIds: string[]): string {
  return createHash('sha1')
    .update([...userIds].sort().join(''))
    .digest('hex');
}

/** Slack `ts` ("1700000000.000200") → epoch ms, sub-second part dropped as Mattermost does; 1 when unparsable. */
export function slackTsToMillis(ts: string): number {
  const secs = ts.split('.', 1)[0];
  return /^-?\d+$/.test(secs) ? Number(secs) * 1000 : 1;
}

export const EMAIL_RE = /^[^\s@]+@[^\s@]+$/;

/**
 * Channel names the lead should look up before planning, to fill ExistingState.channelsByName: the converted names of
 * team channels, and the D/G names among Slack users that will merge into existing accounts (only those can exist).
 */
export function channelNamesToCheck(exp: Pick<SlackExport, 'users' | 'channels'>, existing: Pick<ExistingState, 'usersByEmail'>): string[] {
  const merged = new Map<string, string>();
  for (const u of exp.users) {
    const found = existing.usersByEmail.get(emailOf(u).toLowerCase());
    if (found) merged.set(u.id, found.id);
  }
  const names = new Set<string>();
  for (const c of exp.channels) {
    const ids = c.members.map((m) => merged.get(m));
    const allMerged = ids.length > 0 && ids.every((x): x is string => !!x);
    if (c.kind === 'O' || c.kind === 'P' || (c.kind === 'G' && c.members.length >= GROUP_MAX_MEMBERS)) {
      names.add(convertChannelName(c.name, c.id));
    } else if (c.kind === 'D' && allMerged && ids.length >= 2) {
      names.add(directChannelName(ids[0], ids[1]));
    } else if (c.kind === 'G' && allMerged) {
      names.add(groupChannelName([...new Set(ids)]));
    }
  }
  return [...names];
}

export const emailOf = (u: SlackUser) => u.email || `${u.name}@example.com`;
