// A multipart form as the app reads it: the HTTP layer turns the request into these parts, in their order, and the
// use-cases (file uploads, custom emoji) consume them one after another, each file's bytes as a stream.
import type { Readable } from 'node:stream';

export type FormPart =
  | { kind: 'field'; name: string; value: string }
  /** A file part; its stream ends early (at the reader's size limit) when the part is longer than that limit. */
  | { kind: 'file'; field: string; filename: string; data: Readable };

/**
 * The stream read into memory, or undefined when it holds more than `max` bytes. The stream is read to its end either
 * way, so the next part of the form can be read.
 */
export async function readLimited(data: Readable, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of data as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= max) chunks.push(chunk);
  }
  return size > max ? undefined : Buffer.concat(chunks);
}
