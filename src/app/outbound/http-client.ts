// The one outbound HTTP client: every call Parley makes to a URL someone configured (outgoing webhooks, slash
// commands, interactive actions and dialogs, link previews, the push proxy) goes through `outboundRequest`, which
// bounds time and size and refuses internal addresses unless ServiceSettings.AllowedUntrustedInternalConnections
// names them (Mattermost's rule: a host listed by name, or an address inside a listed IP or CIDR).
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { LookupFunction } from 'node:net';
import type { Config } from '../../config/config.ts';

export interface OutboundRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Milliseconds for the whole exchange; defaults to ServiceSettings.OutgoingIntegrationRequestsTimeout. */
  timeoutMs?: number;
  /** Largest response body read; defaults to ServiceSettings.ParleyOutboundMaxResponseBytes. */
  maxBytes?: number;
  /** Redirects followed (each target checked again); default 0, so a 3xx is answered as it came. */
  maxRedirects?: number;
  /**
   * Past `maxBytes`, stop reading and answer with the first `maxBytes` bytes (`truncated: true`) instead of failing:
   * for readers that need only a body's head (link previews read meta tags and image headers).
   */
  truncate?: boolean;
  /**
   * Reuse connections to the same host (a pooled keep-alive agent, at most KEEP_ALIVE_SOCKETS per host): for a
   * target called many times in a row (the push proxy). The guard still judges every new connection's address.
   */
  keepAlive?: boolean;
}

/** Open connections a keep-alive agent keeps per host, and how long an idle one stays open. */
const KEEP_ALIVE_SOCKETS = 16;
const KEEP_ALIVE_IDLE_MS = 15_000;

/**
 * Keep-alive agents by protocol and allow list: a socket opened under one AllowedUntrustedInternalConnections is never
 * reused under another (the guard ran when it was opened).
 */
const agents = new Map<string, http.Agent>();

function keepAliveAgent(https_: boolean, allowedInternal: string): http.Agent {
  const key = `${https_ ? 'https' : 'http'} ${allowedInternal}`;
  let a = agents.get(key);
  if (!a) {
    if (agents.size >= 8) {
      for (const old of agents.values()) old.destroy();
      agents.clear();
    }
    const opts = { keepAlive: true, maxSockets: KEEP_ALIVE_SOCKETS, maxFreeSockets: KEEP_ALIVE_SOCKETS, timeout: KEEP_ALIVE_IDLE_MS };
    a = https_ ? new https.Agent(opts) : new http.Agent(opts);
    agents.set(key, a);
  }
  return a;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The URL finally answered (after redirects). */
  url: string;
  /** Set when `truncate` cut the body at `maxBytes`. */
  truncated?: boolean;
}

export type OutboundFailure = 'bad_url' | 'internal_address' | 'timeout' | 'too_large' | 'connect' | 'redirects';

/** Why an outbound call did not produce a response; callers map it to their own AppError. */
export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundFailure,
    message: string,
  ) {
    super(message);
  }
}

/** The limits and guard an outbound call runs under, read from the live config on each call. */
export interface OutboundSettings {
  allowedInternal: string;
  timeoutMs: number;
  maxBytes: number;
}

export function outboundSettings(config: Config): OutboundSettings {
  const s = config.ServiceSettings;
  return {
    allowedInternal: s.AllowedUntrustedInternalConnections,
    timeoutMs: Math.max(1, s.OutgoingIntegrationRequestsTimeout) * 1000,
    maxBytes: s.ParleyOutboundMaxResponseBytes,
  };
}

const RESERVED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const RESERVED_V6: Array<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
}

function v6ToBigInt(ip: string): bigint {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) counts as two groups.
  const expand = (g: string[]) =>
    g.flatMap((x) => (x.includes('.') ? [(v4ToInt(x) >>> 16).toString(16), (v4ToInt(x) & 0xffff).toString(16)] : [x]));
  const hh = expand(h);
  const tt = expand(t);
  const groups = tail !== undefined ? [...hh, ...Array(8 - hh.length - tt.length).fill('0'), ...tt] : hh;
  return groups.reduce((a, g) => (a << 16n) + BigInt(parseInt(g || '0', 16)), 0n);
}

/** Whether `ip` lies in `base/bits` (same family only). */
export function inCidr(ip: string, base: string, bits: number): boolean {
  const fam = net.isIP(ip);
  if (fam !== net.isIP(base) || !fam) return false;
  if (fam === 4) {
    if (bits === 0) return true;
    const mask = (~0 << (32 - bits)) >>> 0;
    return (v4ToInt(ip) & mask) === (v4ToInt(base) & mask);
  }
  const mask = bits === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - bits)) - 1n);
  return (v6ToBigInt(ip) & mask) === (v6ToBigInt(base) & mask);
}

/** An IPv4-mapped IPv6 address as its IPv4 form, so ::ffff:127.0.0.1 is judged as 127.0.0.1. */
function unmapped(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1] : ip;
}

/** Mattermost's IsReservedIP: loopback, private, link-local, shared, multicast and unspecified ranges. */
export function isReservedAddress(ip: string): boolean {
  const a = unmapped(ip);
  const list = net.isIP(a) === 4 ? RESERVED_V4 : RESERVED_V6;
  return list.some(([b, n]) => inCidr(a, b, n));
}

/** The entries of AllowedUntrustedInternalConnections (separated by spaces or commas). */
function allowList(setting: string): string[] {
  return setting
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/** Whether an address (resolved for `host`) may be reached under the allow list. */
export function addressAllowed(host: string, ip: string, setting: string): boolean {
  if (!isReservedAddress(ip)) return true;
  const a = unmapped(ip);
  for (const entry of allowList(setting)) {
    if (entry === host.toLowerCase()) return true;
    const [base, bits] = entry.split('/');
    if (net.isIP(base)) {
      const n = bits === undefined ? (net.isIP(base) === 4 ? 32 : 128) : Number(bits);
      if (Number.isInteger(n) && inCidr(a, base, n)) return true;
    }
  }
  return false;
}

/** A DNS lookup that refuses internal addresses, so the check holds for the address actually connected to. */
function guardedLookup(host: string, setting: string): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      const ok = list.filter((a) => addressAllowed(host, a.address, setting));
      if (!ok.length) {
        const e = new OutboundError('internal_address', `address of ${host} is not allowed`) as NodeJS.ErrnoException;
        return callback(e, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as any)(null, ok);
      callback(null, ok[0].address, ok[0].family);
    });
  };
}

function parseTarget(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new OutboundError('bad_url', 'not a URL');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new OutboundError('bad_url', 'only http and https URLs');
  return u;
}

/** Checks a URL without calling it: a literal internal address or a name resolving only to internal ones is refused. */
export async function checkOutboundURL(settings: OutboundSettings, url: string): Promise<void> {
  const u = parseTarget(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const addrs = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addrs.length && !addrs.some((a) => addressAllowed(host, a, settings.allowedInternal)))
    throw new OutboundError('internal_address', `address of ${host} is not allowed`);
}

function once(settings: OutboundSettings, req: OutboundRequest, u: URL, deadline: number, maxBytes: number): Promise<OutboundResponse> {
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host) && !addressAllowed(host, host, settings.allowedInternal))
    return Promise.reject(new OutboundError('internal_address', `address ${host} is not allowed`));
  const lib = u.protocol === 'https:' ? https : http;
  return new Promise((resolveOnce, rejectOnce) => {
    let settled = false;
    const resolve = (v: OutboundResponse) => void (settled || ((settled = true), resolveOnce(v)));
    const reject = (e: unknown) => void (settled || ((settled = true), rejectOnce(e)));
    const remaining = Math.max(1, deadline - Date.now());
    const r = lib.request(
      u,
      {
        method: req.method ?? 'GET',
        headers: { 'User-Agent': 'Parley', ...req.headers },
        lookup: guardedLookup(host, settings.allowedInternal),
        agent: req.keepAlive ? keepAliveAgent(u.protocol === 'https:', settings.allowedInternal) : false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            if (req.truncate) {
              chunks.push(c.subarray(0, c.length - (size - maxBytes)));
              const body = Buffer.concat(chunks);
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body, url: u.toString(), truncated: true });
            } else reject(new OutboundError('too_large', `response over ${maxBytes} bytes`));
            r.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), url: u.toString() }));
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => r.destroy(new OutboundError('timeout', `no answer within ${remaining} ms`)), remaining);
    r.on('close', () => clearTimeout(timer));
    r.on('error', (err) => {
      clearTimeout(timer);
      reject(err instanceof OutboundError ? err : new OutboundError('connect', err.message));
    });
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}

/**
 * Calls a URL under the config's guard, timeout and size limit. Resolves with any HTTP status (the caller decides
 * what a 4xx/5xx means); rejects with OutboundError when no acceptable response came.
 */
export async function outboundRequest(config: Config, req: OutboundRequest): Promise<OutboundResponse> {
  const settings = outboundSettings(config);
  const deadline = Date.now() + (req.timeoutMs ?? settings.timeoutMs);
  const maxBytes = req.maxBytes ?? settings.maxBytes;
  let u = parseTarget(req.url);
  for (let hop = 0; ; hop++) {
    const res = await once(settings, req, u, deadline, maxBytes);
    const loc = res.headers.location;
    if (res.status < 300 || res.status >= 400 || !loc || hop >= (req.maxRedirects ?? 0)) {
      if (res.status >= 300 && res.status < 400 && loc && (req.maxRedirects ?? 0) > 0)
        throw new OutboundError('redirects', 'too many redirects');
      return res;
    }
    u = parseTarget(new URL(loc, u).toString());
    // A redirect turns a POST into a GET, as browsers and Go's client do.
    if (res.status !== 307 && res.status !== 308) req = { ...req, method: 'GET', body: undefined };
  }
}
