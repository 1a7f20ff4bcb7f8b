// Websocket frames: what a client request looks like once parsed, and the server's OK / FAIL replies to it.
import type { AppError } from '../model/app-error.ts';
import type { Conn } from './hub.ts';

/** A client frame that parsed as a JSON object; its fields are still unchecked. */
export interface RawRequest {
  seq?: unknown;
  action?: unknown;
  data?: unknown;
}

/** A text frame holding a JSON object, or undefined (binary frames, msgpack in Mattermost, are not read). */
export function parseFrame(data: Buffer, isBinary: boolean): RawRequest | undefined {
  if (isBinary) return undefined;
  try {
    const v = JSON.parse(data.toString('utf8'));
    return v && typeof v === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function replyOk(conn: Conn, seq: number, data?: unknown): void {
  conn.sendRaw(data === undefined ? { status: 'OK', seq_reply: seq } : { status: 'OK', seq_reply: seq, data });
}

/** A FAIL reply carries the AppError without its detailed error, as Mattermost's does. */
export function replyFail(conn: Conn, seq: number, err: AppError): void {
  conn.sendRaw({
    status: 'FAIL',
    seq_reply: seq,
    error: { id: err.id, message: err.message, detailed_error: '', status_code: err.statusCode },
  });
}
