// Slack export JSON → typed records, and the loader that walks a zip the way Mattermost's importer does.
import type { Readable } from 'node:stream';
import { openZip, SLACK_JSON_MAX_BYTES, type ZipArchive } from './zip.ts';

export interface SlackUser {
  id: string;
  /** Slack handle (`name`), the source of the Mattermost username. */
  name: string;
  first_name: string;
  last_name: string;
  /** As exported; '' when Slack withheld it (standard exports without slack-advanced-exporter fetch-emails). */
  email: string;
}

/** Which export file a channel came from: channels.json → O, groups.json → P, mpims.json → G, dms.json → D. */
export type SlackChannelKind = 'O' | 'P' | 'G' | 'D';

export interface SlackChannel {
  id: string;
  name: string;
  creator: string;
  members: string[];
  purpose: string;
  topic: string;
  kind: SlackChannelKind;
}

export interface SlackFileRef {
  id: string;
  title: string;
}

/** A Slack message attachment, reduced to the fields Mattermost's SlackAttachment model keeps. */
export type SlackAttachment = Record<string, unknown>;

export interface SlackMessage {
  type: string;
  subtype: string;
  user: string;
  bot_id: string;
  /** Bot display name (`username`), used as override_username. */
  username: string;
  text: string;
  ts: string;
  thread_ts: string;
  upload: boolean;
  file: SlackFileRef | null;
  files: SlackFileRef[];
  attachments: SlackAttachment[];
  comment: { user: string; comment: string } | null;
}

/** A file under `__uploads/<fileId>/<name>`, read only when the importer stores it. */
export interface SlackUpload {
  file_id: string;
  name: string;
  zip_path: string;
  size: number;
  open(): Promise<Readable>;
}

export interface SlackExport {
  users: SlackUser[];
  /** Public, then private, then group DMs, then DMs, each in file order. */
  channels: SlackChannel[];
  /** Messages per folder (Slack channel name; DM id for DMs), in file order; the mapper sorts them. */
  posts: Map<string, SlackMessage[]>;
  uploads: Map<string, SlackUpload>;
  /** Import-log lines for entries that were skipped (over the 70 MiB limit). */
  skipped: string[];
  /** Diagnostics for the server log (unparsable JSON and the like); not part of the import log. */
  warnings: string[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** `users.json`. Entries that are not objects are dropped; missing fields become ''. */
export function parseUsers(data: unknown): SlackUser[] {
  return arr(data)
    .filter((u) => u && typeof u === 'object')
    .map((u) => {
      const o = obj(u);
      const p = obj(o.profile);
      return { id: str(o.id), name: str(o.name), first_name: str(p.first_name), last_name: str(p.last_name), email: str(p.email) };
    });
}

/** `channels.json` / `groups.json` / `mpims.json` / `dms.json`. */
export function parseChannels(data: unknown, kind: SlackChannelKind): SlackChannel[] {
  return arr(data)
    .filter((c) => c && typeof c === 'object')
    .map((c) => {
      const o = obj(c);
      return {
        id: str(o.id),
        name: str(o.name),
        creator: str(o.creator),
        members: arr(o.members).map(str).filter(Boolean),
        purpose: str(obj(o.purpose).value),
        topic: str(obj(o.topic).value),
        kind,
      };
    });
}

function parseFileRef(v: unknown): SlackFileRef | null {
  if (!v || typeof v !== 'object') return null;
  const o = obj(v);
  return { id: str(o.id), title: str(o.title) };
}

/** One day file `<folder>/<YYYY-MM-DD>.json`. */
export function parseMessages(data: unknown): SlackMessage[] {
  return arr(data)
    .filter((m) => m && typeof m === 'object')
    .map((m) => {
      const o = obj(m);
      const comment = o.comment && typeof o.comment === 'object' ? obj(o.comment) : null;
      return {
        type: str(o.type),
        subtype: str(o.subtype),
        user: str(o.user),
        bot_id: str(o.bot_id),
        username: str(o.username),
        text: str(o.text),
        ts: str(o.ts),
        thread_ts: str(o.thread_ts),
        upload: o.upload === true,
        file: parseFileRef(o.file),
        files: arr(o.files)
          .map(parseFileRef)
          .filter((f): f is SlackFileRef => f !== null),
        attachments: arr(o.attachments).filter((a) => a && typeof a === 'object') as SlackAttachment[],
        comment: comment ? { user: str(comment.user), comment: str(comment.comment) } : null,
      };
    });
}

const CHANNEL_FILES: Record<string, SlackChannelKind> = {
  'channels.json': 'O',
  'groups.json': 'P',
  'mpims.json': 'G',
  'dms.json': 'D',
};
const KIND_ORDER: SlackChannelKind[] = ['O', 'P', 'G', 'D'];

export interface LoadedSlackExport {
  export: SlackExport;
  /** Closes the zip; upload `open()` fails afterwards. Call once the import has stored the files. */
  close(): void;
}

/**
 * Reads a Slack export zip from disk. JSON entries are buffered one at a time (70 MiB cap each, like Mattermost);
 * uploads are only indexed. Entry matching follows Mattermost: exact root names for the five lists,
 * `<folder>/<file>.json` for messages, `__uploads/<fileId>/<name>` for files; everything else is ignored.
 * Rejects with SlackZipError for a non-zip or an undecodable entry.
 */
export async function readSlackExport(zipPath: string, opts: { maxJsonBytes?: number } = {}): Promise<LoadedSlackExport> {
  const zip: ZipArchive = await openZip(zipPath);
  const limit = opts.maxJsonBytes ?? SLACK_JSON_MAX_BYTES;
  const channelsByKind = new Map<SlackChannelKind, SlackChannel[]>();
  const out: SlackExport = { users: [], channels: [], posts: new Map(), uploads: new Map(), skipped: [], warnings: [] };
  try {
    for await (const entry of zip.entries()) {
      const parts = entry.path.split('/');
      const kind = CHANNEL_FILES[entry.path];
      const isMessages = parts.length === 2 && parts[1].endsWith('.json');
      if (kind || entry.path === 'users.json' || isMessages) {
        if (entry.size > limit) {
          out.skipped.push(`${entry.path} in zip archive too large to process for Slack import`);
          continue;
        }
        const data = parseJson(await entry.readBuffer(limit), entry.path, out.warnings);
        if (kind) channelsByKind.set(kind, [...(channelsByKind.get(kind) ?? []), ...parseChannels(data, kind)]);
        else if (entry.path === 'users.json') out.users.push(...parseUsers(data));
        else out.posts.set(parts[0], [...(out.posts.get(parts[0]) ?? []), ...parseMessages(data)]);
      } else if (parts.length === 3 && parts[0] === '__uploads' && parts[2] !== '') {
        out.uploads.set(parts[1], { file_id: parts[1], name: parts[2], zip_path: entry.path, size: entry.size, open: entry.open });
      }
    }
  } catch (err) {
    zip.close();
    throw err;
  }
  for (const k of KIND_ORDER) out.channels.push(...(channelsByKind.get(k) ?? []));
  return { export: out, close: zip.close };
}

function parseJson(buf: Buffer, path: string, warnings: string[]): unknown {
  try {
    return JSON.parse(buf.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    warnings.push(`Slack Import: unable to parse ${path}: ${(err as Error).message}`);
    return [];
  }
}
