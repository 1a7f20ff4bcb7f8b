// Streaming reader for a Slack export zip on disk: walks the central directory, never loads the whole archive.
import { pipeline, Transform, type Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import type yauzl from 'yauzl';
import { AppError } from '../../model/app-error.ts';

/** Mattermost's per-JSON-entry limit (`slackImportMaxFileSize`, 70 MiB). */
export const SLACK_JSON_MAX_BYTES = 70 * 1024 * 1024;

export type SlackZipErrorId = 'api.slackimport.slack_import.zip.app_error' | 'api.slackimport.slack_import.open.app_error';

const ZIP_MESSAGES: Record<SlackZipErrorId, string> = {
  'api.slackimport.slack_import.zip.app_error': 'Unable to open the Slack export zip file.',
  'api.slackimport.slack_import.open.app_error': 'Unable to open the file: {{.Filename}}.',
};

/**
 * The input is not a readable zip (`…zip.app_error`) or one of its entries cannot be decoded (`…open.app_error`).
 * Always a 400: the upload is bad, the server is fine.
 */
export class SlackZipError extends AppError {
  constructor(id: SlackZipErrorId, detailed: string, filename?: string) {
    const message = ZIP_MESSAGES[id].replace('{{.Filename}}', filename ?? '');
    super('SlackImport', id, 400, { detailed, message, params: filename ? { Filename: filename } : undefined });
    this.name = 'SlackZipError';
  }
}

/** One file inside the archive; data is only read when asked for. */
export interface ZipEntry {
  /** Path inside the zip, `/`-separated, as stored (e.g. `general/2024-01-02.json`). */
  readonly path: string;
  /** Uncompressed size from the central directory (verified against the data when read). */
  readonly size: number;
  /** Compressed size from the central directory (equal to `size` for a stored entry). */
  readonly compressedSize: number;
  /** Reads the whole entry into memory; rejects with SlackZipError if it is larger than `limit` bytes. */
  readBuffer(limit?: number): Promise<Buffer>;
  /** Opens a fresh decompressing stream over the entry; valid until the archive is closed. */
  open(): Promise<Readable>;
}

export interface ZipArchive {
  /** Entries in the central directory, directories included (known before any is read). */
  readonly entryCount: number;
  /** Entries in central-directory order; directories are skipped. Iterate once. */
  entries(): AsyncGenerator<ZipEntry>;
  /** Releases the file descriptor; `open()` on entries fails afterwards. Idempotent. */
  close(): void;
}

function zipError(err: unknown): SlackZipError {
  if (err instanceof SlackZipError) return err;
  return new SlackZipError('api.slackimport.slack_import.zip.app_error', String((err as Error)?.message ?? err));
}

/** yauzl checks sizes but not CRC-32; this pass-through fails the stream when the data does not match the directory. */
function withCrcCheck(source: Readable, entry: yauzl.Entry): Readable {
  let crc = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
    flush(done) {
      done(crc >>> 0 === entry.crc32 >>> 0 ? null : new Error(`CRC-32 mismatch in ${entry.fileName}`));
    },
  });
  pipeline(source, check, () => {});
  return check;
}

/** Opens `path` as a zip archive. Rejects with SlackZipError when it is not a zip or its directory is corrupt. */
export async function openZip(path: string): Promise<ZipArchive> {
  // Loaded on the first import, not at every server start.
  const { default: yauzlLib } = await import('yauzl');
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzlLib.open(
      path,
      { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false },
      (err, zf) => (err || !zf ? reject(zipError(err ?? 'no zip file')) : resolve(zf)),
    );
  });
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      zip.close();
    }
  };

  const openEntry = (entry: yauzl.Entry) => (): Promise<Readable> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new SlackZipError('api.slackimport.slack_import.open.app_error', 'archive closed', entry.fileName));
      if (entry.isEncrypted() || !entry.canDecodeFileData()) {
        return reject(new SlackZipError('api.slackimport.slack_import.open.app_error', 'unsupported entry', entry.fileName));
      }
      zip.openReadStream(entry, (err, stream) =>
        err || !stream
          ? reject(new SlackZipError('api.slackimport.slack_import.open.app_error', String(err?.message), entry.fileName))
          : resolve(withCrcCheck(stream, entry)),
      );
    });

  const toZipEntry = (entry: yauzl.Entry): ZipEntry => {
    const open = openEntry(entry);
    return {
      path: entry.fileName,
      size: entry.uncompressedSize,
      compressedSize: entry.compressedSize,
      open,
      async readBuffer(limit = SLACK_JSON_MAX_BYTES) {
        if (entry.uncompressedSize > limit) {
          throw new SlackZipError('api.slackimport.slack_import.open.app_error', `entry larger than ${limit} bytes`, entry.fileName);
        }
        const stream = await open();
        const chunks: Buffer[] = [];
        try {
          for await (const chunk of stream) chunks.push(chunk as Buffer);
        } catch (err) {
          throw new SlackZipError('api.slackimport.slack_import.open.app_error', String((err as Error).message), entry.fileName);
        }
        return Buffer.concat(chunks);
      },
    };
  };

  async function* entries(): AsyncGenerator<ZipEntry> {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        const onEntry = (e: yauzl.Entry) => {
          cleanup();
          resolve(e);
        };
        const onEnd = () => {
          cleanup();
          resolve(null);
        };
        const onError = (err: unknown) => {
          cleanup();
          reject(zipError(err));
        };
        const cleanup = () => {
          zip.off('entry', onEntry);
          zip.off('end', onEnd);
          zip.off('error', onError);
        };
        zip.on('entry', onEntry);
        zip.on('end', onEnd);
        zip.on('error', onError);
        zip.readEntry();
      });
      if (!entry) return;
      if (entry.fileName.endsWith('/')) continue;
      yield toZipEntry(entry);
    }
  }

  return { entryCount: zip.entryCount, entries, close };
}
