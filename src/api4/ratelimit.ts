// RateLimitSettings at the edge: every HTTP request (API, public file links, the web app) is counted before routing
// under Mattermost's key (the remote address and/or the session token, plus a header's value), and with VaryByUser
// also under the session's user; over budget is Mattermost's plain-text 429. Each counted answer says the budget
// in X-Ratelimit-Limit / -Remaining / -Reset (seconds), a refused one also in Retry-After.
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { App } from '../app/index.ts';
import type { Config } from '../config/config.ts';
import type { RateLimiter, RateResult } from '../app/ratelimit.ts';
import { tokenFromRequest } from '../app/auth-token.ts';

type Settings = Config['RateLimitSettings'];
/** What the limiter reads of a request: an HTTP request or a websocket upgrade alike. */
type Incoming = Pick<IncomingMessage, 'headers' | 'socket'> & { url?: string };

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts a websocket upgrade as Mattermost's wrapped handler does; false when it is over budget. */
    allowUpgrade(req: IncomingMessage): Promise<boolean>;
  }
}

/**
 * The client's address: the first address in the first of ServiceSettings.TrustedProxyIPHeader present on the
 * request (as Mattermost's GetIPAddress reads them), else the socket's peer.
 */
export function clientAddress(req: Incoming, trustedHeaders: string[]): string {
  for (const name of trustedHeaders) {
    const raw = req.headers[name.toLowerCase()];
    const value = Array.isArray(raw) ? raw[0] : raw;
    const first = value?.trim().split(/\s+/)[0]?.replace(/,+$/, '');
    if (first) return first;
  }
  return req.socket.remoteAddress ?? '';
}

/**
 * Mattermost's GenerateKey: with VaryByUser the session token when the request has one, else (or without
 * VaryByUser) the address when VaryByRemoteAddr; then the lower-cased value of the VaryByHeader header.
 */
export function rateLimitKey(req: Incoming, s: Settings, trustedHeaders: string[]): string {
  let key = '';
  const token = s.VaryByUser ? tokenFromRequest({ headers: req.headers, url: req.url ?? '' })?.token : undefined;
  if (token) key += token;
  else if (s.VaryByRemoteAddr) key += clientAddress(req, trustedHeaders);
  if (s.VaryByHeader) {
    const v = req.headers[s.VaryByHeader.toLowerCase()];
    key += (Array.isArray(v) ? v[0] : (v ?? '')).toLowerCase();
  }
  return key;
}

function setHeaders(reply: FastifyReply, r: RateResult): void {
  reply.header('X-Ratelimit-Limit', String(r.limit));
  reply.header('X-Ratelimit-Remaining', String(r.remaining));
  reply.header('X-Ratelimit-Reset', String(Math.ceil(r.resetAfterMs / 1000)));
  if (r.retryAfterMs >= 0) reply.header('Retry-After', String(Math.ceil(r.retryAfterMs / 1000)));
}

/** Counts the request under `key`; true when it was refused (the 429 is sent). */
async function refused(limiter: RateLimiter, key: string, reply: FastifyReply): Promise<boolean> {
  const r = await limiter.take(key);
  setHeaders(reply, r);
  if (!r.limited) return false;
  // Mattermost answers with Go's http.Error: plain text, not an AppError.
  reply.code(429).header('content-type', 'text/plain; charset=utf-8').send('limit exceeded\n');
  return true;
}

/** The session's user, for VaryByUser's second count (Mattermost counts it once the session is known). */
async function sessionUser(app: App, req: Incoming): Promise<string | undefined> {
  const info = tokenFromRequest({ headers: req.headers, url: req.url ?? '' });
  if (!info?.token) return undefined;
  const session = await app.users.sessionFromToken(info.token).catch(() => undefined);
  return session?.user_id;
}

/**
 * Registers the limiter as an onRequest hook of `f` (after the hook that sets the request id, so a 429 carries it),
 * when RateLimitSettings.Enable is on. The settings are read once, at start.
 */
export function registerRateLimit(f: FastifyInstance, app: App): void {
  if (!app.config().RateLimitSettings.Enable) {
    f.decorate('allowUpgrade', async () => true);
    return;
  }
  const trusted = [...app.config().ServiceSettings.TrustedProxyIPHeader];
  const started = app.rateLimit.startRateLimiter().catch(() => undefined);
  f.addHook('onRequest', async (req, reply) => {
    const limiter = await started;
    if (!limiter) return;
    if (await refused(limiter, 'k:' + rateLimitKey(req, limiter.settings, trusted), reply)) return reply;
    if (!limiter.settings.VaryByUser) return;
    const userId = await sessionUser(app, req);
    if (userId && (await refused(limiter, 'u:' + userId, reply))) return reply;
  });
  // Websocket upgrades bypass Fastify's hooks: the server asks here before handing one to the websocket handler.
  f.decorate('allowUpgrade', async (req: IncomingMessage) => {
    const limiter = await started;
    if (!limiter) return true;
    if ((await limiter.take('k:' + rateLimitKey(req, limiter.settings, trusted))).limited) return false;
    if (!limiter.settings.VaryByUser) return true;
    const userId = await sessionUser(app, req);
    return !userId || !(await limiter.take('u:' + userId)).limited;
  });
  f.addHook('onClose', async () => (await started)?.close());
}
