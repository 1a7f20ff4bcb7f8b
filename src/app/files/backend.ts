// Where file bytes live. Callers speak only FileBackend, so an S3-compatible backend can be added beside the local one.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import type { Config } from '../../config/config.ts';

export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`file exceeds ${limit} bytes`);
  }
}

export interface FileBackend {
  /**
   * Writes `data` at `key` (a relative, '/'-separated path), creating parents. With `maxBytes`, a stream longer than
   * that is cut off, the partial object removed and FileTooLargeError thrown. Returns the bytes written.
   */
  put(key: string, data: Readable | Buffer, maxBytes?: number): Promise<number>;
  /** A stream of the object's bytes; rejects with code 'ENOENT' when there is none. */
  get(key: string): Promise<Readable>;
  /** The whole object in memory (small objects: images for thumbnails, emoji). */
  read(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** Removes an object; a missing one is not an error. */
  remove(key: string): Promise<void>;
}

/** Files under a directory on local disk (FileSettings.DriverName = "local"). */
export class LocalFileBackend implements FileBackend {
  private root: string;

  constructor(directory: string) {
    this.root = path.resolve(directory);
  }

  private resolve(key: string): string {
    const p = path.resolve(this.root, key);
    if (p !== this.root && !p.startsWith(this.root + path.sep)) throw new Error('file key escapes the file directory: ' + key);
    return p;
  }

  async put(key: string, data: Readable | Buffer, maxBytes?: number): Promise<number> {
    const p = this.resolve(key);
    await fsp.mkdir(path.dirname(p), { recursive: true });
    let written = 0;
    const limit = maxBytes ?? Infinity;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        written += chunk.length;
        if (written > limit) cb(new FileTooLargeError(limit));
        else cb(null, chunk);
      },
    });
    const src = Buffer.isBuffer(data) ? Readable.from([data]) : data;
    try {
      await pipeline(src, counter, fs.createWriteStream(p));
    } catch (err) {
      await fsp.rm(p, { force: true });
      throw err;
    }
    return written;
  }

  async get(key: string): Promise<Readable> {
    const p = this.resolve(key);
    const fh = await fsp.open(p, 'r');
    return fh.createReadStream();
  }

  async read(key: string): Promise<Buffer> {
    return fsp.readFile(this.resolve(key));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await fsp.access(this.resolve(key));
      return true;
    } catch {
      return false;
    }
  }

  async remove(key: string): Promise<void> {
    await fsp.rm(this.resolve(key), { force: true });
  }
}

const backends = new Map<string, FileBackend>();

/** The backend FileSettings names; one instance per directory. */
export function fileBackend(config: Config): FileBackend {
  const s = config.FileSettings;
  if (s.DriverName && s.DriverName !== 'local') throw new Error(`file driver ${s.DriverName} is not supported`);
  let be = backends.get(s.Directory);
  if (!be) {
    be = new LocalFileBackend(s.Directory);
    backends.set(s.Directory, be);
  }
  return be;
}
