// Mattermost's RateLimitSettings: one limiter per node, built at start (changes need a restart, as in Mattermost),
// counting on this node's memory or, with ClusterSettings.Enable, in Redis so that a client's budget is the same
// however many nodes it spreads its requests over.
import type { Config } from '../config/config.ts';
import type { AppContext } from './context.ts';
import { MemoryRateStore, RedisRateStore, type RateQuota, type RateResult, type RateStore } from './rate-store.ts';

export type { RateResult } from './rate-store.ts';

export interface RateLimiter {
  readonly settings: Config['RateLimitSettings'];
  /**
   * Counts one request under `key`. Never fails: while Redis cannot answer (down, or slower than 500 ms), requests
   * are counted in this node's memory, so a client keeps a budget per node rather than none.
   */
  take(key: string): Promise<RateResult>;
  close(): void;
}

/** The limiter the settings describe, or undefined when RateLimitSettings.Enable is off. */
export async function startRateLimiter(ctx: AppContext): Promise<RateLimiter | undefined> {
  const cfg = ctx.config();
  const settings = { ...cfg.RateLimitSettings };
  if (!settings.Enable) return undefined;
  const quota: RateQuota = { perSec: settings.PerSec, maxBurst: settings.MaxBurst };
  const memory = new MemoryRateStore(settings.MemoryStoreSize);
  const shared = cfg.ClusterSettings.Enable ? await redisStore(cfg.ClusterSettings) : undefined;
  let degraded = false;
  return {
    settings,
    async take(key) {
      if (shared) {
        try {
          const r = await shared.take(key, quota);
          if (degraded) ctx.log.info('rate limiting: Redis answers again, budgets are shared by the cluster');
          degraded = false;
          return r;
        } catch (err) {
          if (!degraded) ctx.log.warn({ err: String(err) }, 'rate limiting: Redis unavailable, counting on this node only');
          degraded = true;
        }
      }
      return memory.takeNow(key, quota);
    },
    close: () => shared?.close?.(),
  };
}

const CONNECT_WAIT_MS = 2000;

async function redisStore(cs: Config['ClusterSettings']): Promise<RateStore> {
  // Loaded only when clustering is on (ioredis is a noticeable slice of a single node's cold start).
  const { Redis } = await import('ioredis');
  // No offline queue and a short timeout: a request never waits on a Redis that is not there.
  const redis = new Redis(cs.RedisURL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
    connectionName: 'parley-ratelimit',
  });
  redis.on('error', () => undefined);
  // The first requests wait for the connection (at most CONNECT_WAIT_MS): counted before it, they would each get a
  // node's budget. A Redis that refuses or does not answer in time is left to reconnect on its own.
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([redis.connect().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, CONNECT_WAIT_MS)))]);
  clearTimeout(timer);
  return new RedisRateStore(redis, `parley:${cs.ClusterName || 'default'}:ratelimit:`);
}
