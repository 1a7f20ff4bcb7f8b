// Test helper: an in-process SMTP server on 127.0.0.1:<random> that records every message it receives,
// decoded enough (headers, subject, text and html parts) to assert on what Parley sent.
import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../src/config/config.ts';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** Decoded Subject header ('' when absent). */
  subject: string;
  /** Decoded text/plain part ('' when absent); line breaks normalised from the wire's CRLF to LF. */
  text: string;
  /** Decoded text/html part ('' when absent); line breaks normalised to LF. */
  html: string;
  /** Top-level headers, lower-cased names, unfolded; RFC 2047 words decoded. First occurrence wins. */
  headers: Record<string, string>;
  /** Credentials the client authenticated with, when it did. */
  auth?: { username: string; password: string };
  /** The message exactly as received (after DATA, dot-unstuffed). */
  raw: string;
}

export interface SmtpOptions {
  /** Reject MAIL FROM unless the client authenticated (AUTH is offered over plain TCP for tests). */
  requireAuth?: boolean;
  /** When given, only these username → password pairs may authenticate; otherwise any credentials are accepted. */
  users?: Record<string, string>;
}

export interface TestSmtp {
  port: number;
  messages: ReceivedMail[];
  /** Resolves with `messages` once at least `n` have arrived; rejects after `timeoutMs` (a hang guard, not an assertion). */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /**
   * The first message after the first `after` that is addressed to `address`: other mails (a notification of an
   * earlier test, sent later by the queue) may arrive in between. Rejects after `timeoutMs`.
   */
  mailTo(address: string, after: number, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Starts a recording SMTP server on 127.0.0.1 with an ephemeral port. STARTTLS is not offered. */
export async function startSmtp(opts: SmtpOptions = {}): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };

  const options: SMTPServerOptions = {
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !opts.requireAuth,
    logger: false,
    onAuth(auth, _session, cb) {
      const username = auth.username ?? '';
      const password = auth.password ?? '';
      if (opts.users && opts.users[username] !== password) {
        cb(new Error('Invalid username or password'));
        return;
      }
      cb(null, { user: { username, password } });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', cb);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const user = session.user as unknown as { username: string; password: string } | undefined;
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          ...parseMessage(raw),
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          auth: user ? { username: user.username, password: user.password } : undefined,
          raw,
        });
        cb();
        notify();
      });
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  const smtp: TestSmtp = {
    port,
    messages,
    waitFor(n, timeoutMs = 5000) {
      if (messages.length >= n) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`smtp: expected ${n} message(s), got ${messages.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    async mailTo(address, after, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      for (let n = after + 1; ; n++) {
        await smtp.waitFor(n, Math.max(1, end - Date.now()));
        const mail = messages.slice(after).find((m) => m.to.includes(address));
        if (mail) return mail;
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return smtp;
}

// ---- minimal MIME parsing, sufficient for nodemailer's output -------------------------------------------------

interface Part {
  headers: Record<string, string>;
  body: string; // latin1 "binary" string of the raw body bytes
}

/** Splits a latin1 message into unfolded headers (lower-cased names) and body. */
function splitPart(raw: string): Part {
  const sep = raw.search(/\r?\n\r?\n/);
  const head = sep < 0 ? raw : raw.slice(0, sep);
  const body = sep < 0 ? '' : raw.slice(sep).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!(name in headers)) headers[name] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

/** `text/plain; charset=utf-8` → {type: 'text/plain', params: {charset: 'utf-8'}} */
function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  if (!value) return { type: 'text/plain', params: {} };
  const [type, ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    params[p.slice(0, i).trim().toLowerCase()] = p
      .slice(i + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params };
}

function bytesOf(latin1: string): Buffer {
  return Buffer.from(latin1, 'latin1');
}

function decodeQuotedPrintable(s: string): Buffer {
  const soft = s.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      out.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(soft.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(out);
}

function decodeBody(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return bytesOf(body);
  }
}

function toText(bytes: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=` / `=?UTF-8?B?...?=`) in a header value. */
function decodeHeader(value: string, rawIsLatin1 = true): string {
  const plain = rawIsLatin1 ? toText(bytesOf(value), 'utf-8') : value;
  return plain
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, charset: string, enc: string, data: string) => {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : decodeQuotedPrintable(data.replace(/_/g, ' '));
      return toText(bytes, charset);
    });
}

/** Walks a (possibly multipart) entity and collects the first text/plain and text/html leaves. */
function collectBodies(part: Part, found: { text?: string; html?: string }, depth = 0): void {
  const ct = parseContentType(part.headers['content-type']);
  if (ct.type.startsWith('multipart/') && ct.params.boundary && depth < 10) {
    const delim = `--${ct.params.boundary}`;
    const sections = part.body.split(new RegExp(`\\r?\\n?${escapeRegExp(delim)}`));
    // sections[0] is the preamble; the section starting with "--" is the epilogue after the close delimiter.
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      collectBodies(splitPart(section.replace(/^[ \t]*\r?\n/, '')), found, depth + 1);
    }
    return;
  }
  if (ct.type !== 'text/plain' && ct.type !== 'text/html') return;
  const disposition = (part.headers['content-disposition'] ?? '').toLowerCase();
  if (disposition.startsWith('attachment')) return;
  const text = toText(decodeBody(part.body, part.headers['content-transfer-encoding']), ct.params.charset).replace(/\r\n/g, '\n');
  if (ct.type === 'text/plain' && found.text === undefined) found.text = text;
  if (ct.type === 'text/html' && found.html === undefined) found.html = text;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parses a raw RFC 5322 message (latin1 string of its bytes) into subject, headers and text/html bodies. */
export function parseMessage(raw: string): Pick<ReceivedMail, 'subject' | 'text' | 'html' | 'headers'> {
  const top = splitPart(raw);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(top.headers)) headers[k] = decodeHeader(v);
  const found: { text?: string; html?: string } = {};
  collectBodies(top, found);
  return { subject: headers['subject'] ?? '', text: found.text ?? '', html: found.html ?? '', headers };
}

/**
 * A recording SMTP server for a test file: call before useBasic/useServer so the server is up when the Parley config
 * reads its port (and closes after Parley); `configure` points a config at it.
 */
export function useSmtp(): { readonly server: TestSmtp; configure(c: Config): void } {
  let smtp: TestSmtp | undefined;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => smtp?.close());
  return {
    get server() {
      if (!smtp) throw new Error('the SMTP server starts in beforeAll: read it inside a hook or test');
      return smtp;
    },
    configure(c: Config) {
      c.EmailSettings.SMTPServer = '127.0.0.1';
      c.EmailSettings.SMTPPort = String(this.server.port);
      c.EmailSettings.FeedbackEmail = 'noreply@parley.test';
      c.EmailSettings.SMTPServerTimeout = 5;
    },
  };
}
