// Where an import keeps what it has not committed: the uploaded zip, the planned posts and a journal of the files it
// has put into the file store, in a directory named by the import's id under ImportSettings.Directory. A journal
// line is written before its file, so after a crash (kill -9 included) the next start knows every file the import
// may have left: those without a FileInfo row (the transaction never committed) are removed with the directory. The
// same goes for rows: the ids of the new channels an import writes posts into ahead of its commit are journaled first,
// and the rows in those channels are removed when the channel itself was never written.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { newId } from '../../model/id.ts';

const PREFIX = 'slack-import-';
const MANIFEST = 'manifest.json';
const JOURNAL = 'files.journal';
const CHANNELS = 'channels.journal';

/** Who owns a staging directory: the sweep only removes those whose process is gone. */
export interface StagingManifest {
  import_id: string;
  team_id: string;
  host: string;
  pid: number;
  started_at: number;
  /** The file store directory the journaled keys are relative to (absolute). */
  files_root: string;
}

export interface JournalEntry {
  fileId: string;
  key: string;
}

export class ImportStaging {
  private constructor(
    readonly dir: string,
    readonly manifest: StagingManifest,
  ) {}

  /** Makes `<root>/slack-import-<id>/` with its manifest. */
  static async create(root: string, teamId: string, filesRoot: string): Promise<ImportStaging> {
    const id = newId();
    const dir = path.resolve(root, PREFIX + id);
    await fsp.mkdir(dir, { recursive: true });
    const manifest: StagingManifest = {
      import_id: id,
      team_id: teamId,
      host: os.hostname(),
      pid: process.pid,
      started_at: Date.now(),
      files_root: path.resolve(filesRoot),
    };
    await fsp.writeFile(path.join(dir, MANIFEST), JSON.stringify(manifest));
    return new ImportStaging(dir, manifest);
  }

  get id(): string {
    return this.manifest.import_id;
  }
  /** Where the upload is received. */
  get zipPath(): string {
    return path.join(this.dir, 'export.zip');
  }
  /** The planned posts and files, one JSON batch per line (written by the worker, read by the write phase). */
  get planPath(): string {
    return path.join(this.dir, 'plan.ndjson');
  }
  get journalPath(): string {
    return path.join(this.dir, JOURNAL);
  }

  /** Journals the new channels whose posts are about to be written ahead of the commit (synchronously, as files). */
  recordChannels(channelIds: readonly string[]): void {
    if (channelIds.length) fs.appendFileSync(path.join(this.dir, CHANNELS), channelIds.map((id) => `${id}\n`).join(''));
  }

  /** Removes every file the journal lists (the import did not commit), then nothing is left to sweep. */
  async discardFiles(removeFile: (key: string) => Promise<void>): Promise<void> {
    for (const e of await readJournal(this.dir)) await removeFile(e.key).catch(() => undefined);
  }

  async remove(): Promise<void> {
    await fsp.rm(this.dir, { recursive: true, force: true });
  }
}

/** Journals a file before it is written (synchronously: the line is in the kernel's hands before the data is). */
export function recordFile(journalPath: string, entry: JournalEntry): void {
  fs.appendFileSync(journalPath, `${entry.fileId}\t${entry.key}\n`);
}

async function readChannelJournal(dir: string): Promise<string[]> {
  const text = await fsp.readFile(path.join(dir, CHANNELS), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean);
}

async function readJournal(dir: string): Promise<JournalEntry[]> {
  const text = await fsp.readFile(path.join(dir, JOURNAL), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => {
      const [fileId, key] = l.split('\t');
      return { fileId, key };
    });
}

export interface SweepOptions {
  /** FileSettings.Directory: only staging of imports into this file store is swept. */
  filesRoot: string;
  /** ImportSettings.RetentionDays: a staging directory older than this is removed whoever owns it. */
  retentionDays: number;
  /** Imports of this process still running (their directories are kept). */
  isRunning(importId: string): boolean;
  /** Whether the FileInfo row of a journaled file exists (then its import committed: the file stays). */
  hasFileInfo(fileId: string): Promise<boolean>;
  removeFile(key: string): Promise<void>;
  /** Removes the rows written ahead into the journaled channels, unless the channel exists (its import committed). */
  discardRows(channelIds: string[]): Promise<void>;
}

/**
 * Removes the staging directories of imports that cannot finish any more (their process is gone, or they are older
 * than the retention), and the journaled files of theirs that no FileInfo row references. Returns what it removed.
 */
export async function sweepStaging(root: string, opts: SweepOptions): Promise<{ dirs: number; files: number }> {
  const removed = { dirs: 0, files: 0 };
  const names = await fsp.readdir(root).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(PREFIX))) {
    const dir = path.join(root, name);
    const manifest = await readManifest(dir);
    const age = Date.now() - (manifest?.started_at ?? (await fsp.stat(dir).catch(() => undefined))?.mtimeMs ?? Date.now());
    const expired = age > opts.retentionDays * 86_400_000;
    if (!expired && !(manifest ? abandoned(manifest, opts) : age > 3_600_000)) continue;
    if (manifest && path.resolve(manifest.files_root) === path.resolve(opts.filesRoot)) {
      // Rows first: a FileInfo row written ahead would otherwise keep its file.
      await opts.discardRows(await readChannelJournal(dir));
      for (const e of await readJournal(dir)) {
        if (await opts.hasFileInfo(e.fileId)) continue;
        await opts.removeFile(e.key).catch(() => undefined);
        removed.files++;
      }
    } else if (!expired) continue; // another file store's import: its own server sweeps it
    await fsp.rm(dir, { recursive: true, force: true });
    removed.dirs++;
  }
  return removed;
}

async function readManifest(dir: string): Promise<StagingManifest | undefined> {
  try {
    return JSON.parse(await fsp.readFile(path.join(dir, MANIFEST), 'utf8')) as StagingManifest;
  } catch {
    return undefined;
  }
}

/** An import on this host whose process has ended (or is this one, no longer running it, or predates the boot). */
function abandoned(m: StagingManifest, opts: SweepOptions): boolean {
  if (m.host !== os.hostname()) return false;
  if (m.pid === process.pid) return !opts.isRunning(m.import_id);
  if (m.started_at < Date.now() - os.uptime() * 1000) return true;
  try {
    process.kill(m.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'EPERM';
  }
}
