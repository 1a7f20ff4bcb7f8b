// The arithmetic and storage of rate limiting: GCRA (the generic cell rate algorithm, computed as the `throttled`
// library Mattermost uses computes it) over a per-node LRU memory store, or over Redis, where one Lua script reads
// and advances a key's theoretical arrival time atomically, so that every node of a cluster draws on one budget.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface RateQuota {
  /** Requests per second earned. */
  perSec: number;
  /** Requests allowed at once beyond the steady rate; a fresh key may make maxBurst + 1. */
  maxBurst: number;
}

export interface RateResult {
  limited: boolean;
  /** maxBurst + 1 (X-Ratelimit-Limit). */
  limit: number;
  /** Requests the key may still make at once (X-Ratelimit-Remaining). */
  remaining: number;
  /** Milliseconds until the key's budget is whole again (X-Ratelimit-Reset, in seconds rounded up). */
  resetAfterMs: number;
  /** When limited, milliseconds until one request is allowed (Retry-After); -1 otherwise. */
  retryAfterMs: number;
}

/** Where theoretical arrival times live: one node's memory or Redis. */
export interface RateStore {
  take(key: string, quota: RateQuota): Promise<RateResult>;
  close?(): void;
}

/**
 * The result of a request at `now` for a key whose ttl (time until its theoretical arrival time, after the request
 * when allowed) is `ttlMs`: how many more requests fit in the tolerance window.
 */
function resultOf(quota: RateQuota, limited: boolean, ttlMs: number, retryAfterMs: number): RateResult {
  const interval = 1000 / quota.perSec;
  const next = interval * (quota.maxBurst + 1) - ttlMs;
  return {
    limited,
    limit: quota.maxBurst + 1,
    remaining: next > 0 ? Math.floor(next / interval) : 0,
    resetAfterMs: ttlMs,
    retryAfterMs: limited ? retryAfterMs : -1,
  };
}

/**
 * One GCRA step. `tat` is the key's stored theoretical arrival time (undefined for a new key), `now` the time, both in
 * ms. Each request moves the arrival time one emission interval (1/perSec) on; a request is refused while that would
 * put it more than the tolerance (maxBurst + 1 intervals) ahead of now. Returns the new arrival time to store, or
 * undefined when the request is refused (nothing changes).
 */
export function gcra(tat: number | undefined, now: number, quota: RateQuota): { result: RateResult; tat?: number } {
  const interval = 1000 / quota.perSec;
  const tolerance = interval * (quota.maxBurst + 1);
  const from = tat === undefined || tat < now ? now : tat;
  const nextTat = from + interval;
  const allowAt = nextTat - tolerance;
  if (now < allowAt) return { result: resultOf(quota, true, from - now, allowAt - now) };
  return { result: resultOf(quota, false, nextTat - now, -1), tat: nextTat };
}

/** Arrival times in this process, at most `size` keys (the least recently used are forgotten: their budget is whole). */
export class MemoryRateStore implements RateStore {
  private tats = new Map<string, number>();

  constructor(
    private size: number,
    private clock: () => number = Date.now,
  ) {}

  async take(key: string, quota: RateQuota): Promise<RateResult> {
    return this.takeNow(key, quota);
  }

  /** Synchronous `take`, for the fallback path. */
  takeNow(key: string, quota: RateQuota): RateResult {
    const now = this.clock();
    const stored = this.tats.get(key);
    const step = gcra(stored, now, quota);
    if (step.tat !== undefined) {
      this.tats.delete(key);
      this.tats.set(key, step.tat);
      if (this.tats.size > this.size) this.tats.delete(this.tats.keys().next().value!);
    }
    return step.result;
  }
}

/**
 * The same step in Redis, on Redis's clock (nodes' clocks may differ). Lua numbers travel back as strings: Redis
 * would truncate them to integers. Returns {limited, ttl ms, retry-after ms}; the key expires when its budget is whole.
 */
const GCRA_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local tolerance = interval * (tonumber(ARGV[2]) + 1)
local tat = tonumber(redis.call('GET', KEYS[1]) or '')
if tat == nil or tat < now then tat = now end
local nextTat = tat + interval
local allowAt = nextTat - tolerance
if now < allowAt then
  return {'1', tostring(tat - now), tostring(allowAt - now)}
end
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now))
return {'0', tostring(nextTat - now), '-1'}
`;

type GcraRedis = Redis & { parleyGcra(key: string, intervalMs: string, burst: string): Promise<[string, string, string]> };

/**
 * Arrival times in Redis, shared by every node using `prefix` (`parley:<ClusterName>:ratelimit:`). Keys are hashed:
 * with VaryByUser a key holds a session token, which must not appear in Redis.
 */
export class RedisRateStore implements RateStore {
  private redis: GcraRedis;

  constructor(
    redis: Redis,
    private prefix: string,
  ) {
    redis.defineCommand('parleyGcra', { numberOfKeys: 1, lua: GCRA_SCRIPT });
    this.redis = redis as GcraRedis;
  }

  async take(key: string, quota: RateQuota): Promise<RateResult> {
    const hashed = this.prefix + createHash('sha256').update(key).digest('base64url').slice(0, 32);
    const [limited, ttl, retry] = await this.redis.parleyGcra(hashed, String(1000 / quota.perSec), String(quota.maxBurst));
    return resultOf(quota, limited === '1', Number(ttl), Number(retry));
  }

  close(): void {
    this.redis.disconnect();
  }
}
