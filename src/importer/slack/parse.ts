// Slack export JSON → typed records, and the loader that walks a zip the way Mattermost's importer does: the central
// directory is indexed (and held to the import's limits) before anything is decompressed, then JSON entries are read
// one element at a time.
import type { Readable } from 'node:stream';
import { appError } from '../../model/app-error.ts';
import { forEachJsonElement, JsonStreamError } from './json-stream.ts';
import { openZip, SLACK_JSON_MAX_BYTES, SlackZipError, type ZipArchive, type ZipEntry } from './zip.ts';

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

/** One `users.json` entry; null when it is not an object. Missing fields become ''. */
export function parseUser(u: unknown): SlackUser | null {
  if (!u || typeof u !== 'object') return null;
  const o = obj(u);
  const p = obj(o.profile);
  return { id: str(o.id), name: str(o.name), first_name: str(p.first_name), last_name: str(p.last_name), email: str(p.email) };
}

/** `users.json`. Entries that are not objects are dropped; missing fields become ''. */
export function parseUsers(data: unknown): SlackUser[] {
  return arr(data)
    .map(parseUser)
    .filter((u): u is SlackUser => u !== null);
}

/** One entry of `channels.json` / `groups.json` / `mpims.json` / `dms.json`; null when it is not an object. */
export function parseChannel(c: unknown, kind: SlackChannelKind): SlackChannel | null {
  if (!c || typeof c !== 'object') return null;
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
}

/** `channels.json` / `groups.json` / `mpims.json` / `dms.json`. */
export function parseChannels(data: unknown, kind: SlackChannelKind): SlackChannel[] {
  return arr(data)
    .map((c) => parseChannel(c, kind))
    .filter((c): c is SlackChannel => c !== null);
}

function parseFileRef(v: unknown): SlackFileRef | null {
  if (!v || typeof v !== 'object') return null;
  const o = obj(v);
  return { id: str(o.id), title: str(o.title) };
}

/** One message of a day file; null when it is not an object. */
export function parseMessage(m: unknown): SlackMessage | null {
  if (!m || typeof m !== 'object') return null;
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
}

/** One day file `<folder>/<YYYY-MM-DD>.json`. */
export function parseMessages(data: unknown): SlackMessage[] {
  return arr(data)
    .map(parseMessage)
    .filter((m): m is SlackMessage => m !== null);
}

const CHANNEL_FILES: Record<string, SlackChannelKind> = {
  'channels.json': 'O',
  'groups.json': 'P',
  'mpims.json': 'G',
  'dms.json': 'D',
};
const KIND_ORDER: SlackChannelKind[] = ['O', 'P', 'G', 'D'];

/** What an import may decompress. Every limit is checked on the central directory, before any entry is read. */
export interface ZipLimits {
  /** A JSON entry larger than this is skipped with Mattermost's log line (its 70 MiB). */
  maxJsonBytes: number;
  /** The entries the import reads (JSON and uploads), together. */
  maxDecompressedBytes: number;
  /** Uncompressed / compressed, for an entry of more than RATIO_MIN_BYTES. */
  maxCompressionRatio: number;
  /** Entries in the archive, directories included. */
  maxEntries: number;
}

/** Below this an entry's compression ratio is not checked: small files of repeated bytes are harmless. */
export const RATIO_MIN_BYTES = 1024 * 1024;

/** A JSON array element (one user, channel or message) larger than this is skipped. */
export const MAX_JSON_ELEMENT_BYTES = 16 * 1024 * 1024;

const UNLIMITED: ZipLimits = {
  maxJsonBytes: SLACK_JSON_MAX_BYTES,
  maxDecompressedBytes: Infinity,
  maxCompressionRatio: Infinity,
  maxEntries: Infinity,
};

/** The entries of a Slack export the importer reads, found from the central directory alone. */
export interface SlackZipIndex {
  /** `users.json` and the four channel lists, in zip order. */
  lists: ZipEntry[];
  /** Day files by folder (Slack channel name; DM id for DMs), each folder in zip order. */
  folders: Map<string, ZipEntry[]>;
  uploads: Map<string, SlackUpload>;
  /** Import-log lines for entries that were skipped (over the JSON limit). */
  skipped: string[];
}

/**
 * Walks the central directory: which entries are lists, day files and uploads, and whether the archive keeps to
 * `limits` (AppErrors `api.slackimport.slack_import.zip.{entries,too_large,ratio}.app_error` otherwise). Entry
 * matching follows Mattermost: exact root names for the five lists, `<folder>/<file>.json` for messages,
 * `__uploads/<fileId>/<name>` for files; everything else is ignored (and never decompressed).
 */
export async function indexSlackZip(zip: ZipArchive, limits: Partial<ZipLimits> = {}): Promise<SlackZipIndex> {
  const l = { ...UNLIMITED, ...limits };
  if (zip.entryCount > l.maxEntries) throw limitError('api.slackimport.slack_import.zip.entries.app_error', l.maxEntries);
  const index: SlackZipIndex = { lists: [], folders: new Map(), uploads: new Map(), skipped: [] };
  let total = 0;
  const count = (entry: ZipEntry) => {
    total += entry.size;
    if (total > l.maxDecompressedBytes) throw limitError('api.slackimport.slack_import.zip.too_large.app_error', l.maxDecompressedBytes);
    if (entry.size > RATIO_MIN_BYTES && entry.size > l.maxCompressionRatio * entry.compressedSize)
      throw limitError('api.slackimport.slack_import.zip.ratio.app_error', l.maxCompressionRatio, entry.path);
  };
  for await (const entry of zip.entries()) {
    const parts = entry.path.split('/');
    const isMessages = parts.length === 2 && parts[1].endsWith('.json');
    if (CHANNEL_FILES[entry.path] || entry.path === 'users.json' || isMessages) {
      if (entry.size > l.maxJsonBytes) {
        index.skipped.push(`${entry.path} in zip archive too large to process for Slack import`);
        continue;
      }
      count(entry);
      if (isMessages) {
        const folder = index.folders.get(parts[0]);
        if (folder) folder.push(entry);
        else index.folders.set(parts[0], [entry]);
      } else index.lists.push(entry);
    } else if (parts.length === 3 && parts[0] === '__uploads' && !['', '.', '..'].includes(parts[2])) {
      count(entry);
      index.uploads.set(parts[1], { file_id: parts[1], name: parts[2], zip_path: entry.path, size: entry.size, open: entry.open });
    }
  }
  return index;
}

function limitError(id: Parameters<typeof appError>[0], max: number, filename?: string) {
  return appError(id, 'SlackImport', { params: { Max: max, ...(filename ? { Filename: filename } : {}) } });
}

/** A JSON entry that is not well-formed; `line` is the diagnostic Mattermost-style importers log for it. */
export class SlackJsonError extends Error {
  constructor(
    readonly path: string,
    readonly line: string,
  ) {
    super(line);
    this.name = 'SlackJsonError';
  }
}

/**
 * Streams the elements of one JSON entry to `onElement`. Rejects with SlackJsonError when the entry is not
 * well-formed JSON and with SlackZipError when its data cannot be decompressed.
 */
export async function readJsonEntry(entry: ZipEntry, onElement: (value: unknown) => void): Promise<void> {
  const stream = await entry.open();
  // The caller's own errors pass through as they are; only the stream's become SlackZipError.
  let own: { err: unknown } | undefined;
  const guarded = (v: unknown) => {
    try {
      onElement(v);
    } catch (err) {
      own = { err };
      throw err;
    }
  };
  try {
    await forEachJsonElement(stream, guarded, { maxElementBytes: MAX_JSON_ELEMENT_BYTES });
  } catch (err) {
    stream.destroy();
    if (own) throw own.err;
    if (err instanceof JsonStreamError) throw new SlackJsonError(entry.path, `Slack Import: unable to parse ${entry.path}: ${err.message}`);
    if (err instanceof SlackZipError) throw err;
    throw new SlackZipError('api.slackimport.slack_import.open.app_error', String((err as Error)?.message ?? err), entry.path);
  }
}

/** users.json and the channel lists, read whole (channels ordered public, private, group DMs, DMs). */
export async function readLists(
  index: SlackZipIndex,
  onBadJson: (err: SlackJsonError) => void,
): Promise<{ users: SlackUser[]; channels: SlackChannel[] }> {
  const users: SlackUser[] = [];
  const byKind = new Map<SlackChannelKind, SlackChannel[]>(KIND_ORDER.map((k) => [k, []]));
  for (const entry of index.lists) {
    const kind = CHANNEL_FILES[entry.path];
    const found: Array<SlackUser | SlackChannel> = [];
    const ok = await tolerate(
      readJsonEntry(entry, (v) => {
        const row = kind ? parseChannel(v, kind) : parseUser(v);
        if (row) found.push(row);
      }),
      onBadJson,
    );
    if (!ok) continue;
    if (kind) byKind.get(kind)!.push(...(found as SlackChannel[]));
    else users.push(...(found as SlackUser[]));
  }
  return { users, channels: KIND_ORDER.flatMap((k) => byKind.get(k)!) };
}

/** The messages of one folder's day files, in zip order; a file that is not well-formed contributes none. */
export async function readFolder(
  index: SlackZipIndex,
  folder: string,
  onBadJson: (err: SlackJsonError) => void,
  keep: (m: SlackMessage) => boolean = () => true,
): Promise<SlackMessage[]> {
  const out: SlackMessage[] = [];
  for (const entry of index.folders.get(folder) ?? []) {
    const found: SlackMessage[] = [];
    const ok = await tolerate(
      readJsonEntry(entry, (v) => {
        const m = parseMessage(v);
        if (m && keep(m)) found.push(m);
      }),
      onBadJson,
    );
    if (ok) for (const m of found) out.push(m);
  }
  return out;
}

async function tolerate(p: Promise<void>, onBadJson: (err: SlackJsonError) => void): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (err) {
    if (!(err instanceof SlackJsonError)) throw err;
    onBadJson(err);
    return false;
  }
}

export interface LoadedSlackExport {
  export: SlackExport;
  /** Closes the zip; upload `open()` fails afterwards. Call once the import has stored the files. */
  close(): void;
}

/**
 * Reads a whole Slack export zip from disk into memory (tests and small tools; the server's import streams a channel
 * at a time, see worker.ts). JSON entries over `maxJsonBytes` (70 MiB, like Mattermost) are skipped with a log line;
 * one that is not well-formed contributes nothing and leaves a warning. Uploads are only indexed.
 * Rejects with SlackZipError for a non-zip or an undecodable entry.
 */
export async function readSlackExport(zipPath: string, opts: { maxJsonBytes?: number } = {}): Promise<LoadedSlackExport> {
  const zip: ZipArchive = await openZip(zipPath);
  try {
    const index = await indexSlackZip(zip, { maxJsonBytes: opts.maxJsonBytes ?? SLACK_JSON_MAX_BYTES });
    const warnings: string[] = [];
    const bad = (err: SlackJsonError) => warnings.push(err.line);
    const { users, channels } = await readLists(index, bad);
    const posts = new Map<string, SlackMessage[]>();
    for (const folder of index.folders.keys()) posts.set(folder, await readFolder(index, folder, bad));
    const out: SlackExport = { users, channels, posts, uploads: index.uploads, skipped: index.skipped, warnings };
    return { export: out, close: zip.close };
  } catch (err) {
    zip.close();
    throw err;
  }
}
