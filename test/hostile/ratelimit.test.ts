// Issue 16 (9): RateLimitSettings as Mattermost applies them: GCRA per remote address / session / user / header,
// Mattermost's plain-text 429 with the X-Ratelimit-* headers and Retry-After, and in a cluster one budget shared
// through Redis. Quotas are tiny (PerSec 0.01: one request earned per 100 s) so that no assertion depends on timing.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { Config } from '../../src/config/config.ts';
import { createServer, type ParleyServer } from '../../src/server.ts';
import { MemoryRateStore, RedisRateStore } from '../../src/app/rate-store.ts';
import { newId } from '../../src/model/id.ts';
import { fails, initBasic, setup, uniq, type TestEnv } from '../helper.ts';

const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether a Redis answers PING at `url` (the cluster cases skip without one). */
async function redisAnswers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
const redisUp = await redisAnswers(REDIS_URL);

const limits =
  (over: Partial<Config['RateLimitSettings']> = {}) =>
  (c: Config) => {
    Object.assign(c.RateLimitSettings, { Enable: true, PerSec: 0.01, MaxBurst: 2, ...over });
  };

async function ping(url: string, headers: Record<string, string> = {}) {
  const r = await fetch(url + '/api/v4/system/ping', { headers });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

describe('GCRA', () => {
  it('allows MaxBurst + 1 at once, then one per 1/PerSec seconds', async () => {
    let now = 1_000_000;
    const store = new MemoryRateStore(100, () => now);
    const q = { perSec: 10, maxBurst: 2 };
    const got = [];
    for (let i = 0; i < 4; i++) got.push(store.takeNow('k', q));
    expect(got.map((r) => [r.limited, r.remaining])).toEqual([
      [false, 2],
      [false, 1],
      [false, 0],
      [true, 0],
    ]);
    expect(got[3]!.retryAfterMs).toBe(100);
    expect(got[3]!.resetAfterMs).toBe(300);
    expect(got[0]!.limit).toBe(3);
    now += 100;
    expect(store.takeNow('k', q).limited).toBe(false);
    expect(store.takeNow('k', q).limited).toBe(true);
    now += 300;
    expect(store.takeNow('k', q).remaining).toBe(2);
  });

  it('forgets the least recently used key beyond MemoryStoreSize', () => {
    const store = new MemoryRateStore(2, () => 0);
    const q = { perSec: 1, maxBurst: 0 };
    expect(store.takeNow('a', q).limited).toBe(false);
    expect(store.takeNow('b', q).limited).toBe(false);
    expect(store.takeNow('c', q).limited).toBe(false);
    expect(store.takeNow('a', q).limited).toBe(false); // forgotten: its budget is whole again
    expect(store.takeNow('c', q).limited).toBe(true);
  });
});

describe('rate limiting one node', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup(limits({ VaryByHeader: 'X-Tenant' }));
  });
  afterAll(() => env?.close());

  it('answers 429 text beyond the burst, with the budget in the headers', async () => {
    const h = { 'X-Tenant': 'Acme' };
    const ok = [await ping(env.url, h), await ping(env.url, h), await ping(env.url, h)];
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(ok.map((r) => r.headers.get('x-ratelimit-limit'))).toEqual(['3', '3', '3']);
    expect(ok.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0']);
    expect(ok.map((r) => r.headers.get('x-ratelimit-reset'))).toEqual(['100', '200', '300']);
    expect(ok[0]!.headers.get('retry-after')).toBeNull();
    const no = await ping(env.url, h);
    expect(no.status).toBe(429);
    expect(no.text).toBe('limit exceeded\n');
    expect(no.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(no.headers.get('retry-after')).toBe('100');
    expect(no.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(no.headers.get('x-request-id')).toMatch(/^[a-z0-9]{26}$/);
    // The header's value (lower-cased) is part of the key: another tenant has its own budget, ACME does not.
    expect((await ping(env.url, { 'X-Tenant': 'Other' })).status).toBe(200);
    expect((await ping(env.url, { 'X-Tenant': 'ACME' })).status).toBe(429);
    // Everything is counted, not only the API.
    expect((await fetch(env.url + '/no/such/page', { headers: h })).status).toBe(429);
    // Websocket upgrades too: they bypass Fastify's hooks, and Mattermost's limiter wraps them as well.
    expect(await upgradeStatus(env.url, { 'X-Tenant': 'acme' })).toBe(429);
    expect(await upgradeStatus(env.url, { 'X-Tenant': 'third' })).toBe(101);
  });
});

/** The status line's code of a websocket upgrade of /api/v4/websocket (no token: a 101 is then the challenge). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname, () => {
      const extra = Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      sock.write(
        `GET /api/v4/websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`,
      );
    });
    let got = '';
    sock.on('data', (d) => {
      got += d.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) {
        sock.destroy();
        resolve(Number(m[1]));
      }
    });
    sock.on('error', reject);
  });
}

describe('rate limiting behind a proxy', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup((c) => {
      limits({ MaxBurst: 0 })(c);
      c.ServiceSettings.TrustedProxyIPHeader = ['X-Forwarded-For'];
    });
  });
  afterAll(() => env?.close());

  it('keys on the first address of a trusted header', async () => {
    expect((await ping(env.url, { 'X-Forwarded-For': '10.0.0.1, 10.0.0.9' })).status).toBe(200);
    expect((await ping(env.url, { 'X-Forwarded-For': '10.0.0.1' })).status).toBe(429);
    expect((await ping(env.url, { 'X-Forwarded-For': '10.0.0.2, 10.0.0.9' })).status).toBe(200);
  });
});

describe('rate limiting by user', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup(limits({ MaxBurst: 1, VaryByUser: true, VaryByHeader: 'X-Run' }));
  });
  afterAll(() => env?.close());

  /** Signs up and logs in twice, each request under a header value of its own (a budget of its own). */
  async function twoSessions(): Promise<{ id: string; tokens: string[] }> {
    const name = uniq('rl');
    const password = 'Passw0rd-' + name;
    const post = (path: string, body: unknown) =>
      fetch(env.url + '/api/v4' + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Run': newId() },
        body: JSON.stringify(body),
      });
    const created = (await (await post('/users', { username: name, email: `${name}@example.com`, password })).json()) as { id: string };
    const tokens = [];
    for (let i = 0; i < 2; i++) tokens.push((await post('/users/login', { login_id: name, password })).headers.get('token')!);
    return { id: created.id, tokens };
  }

  it('counts each session token, and the user across all of their sessions', async () => {
    const a = await twoSessions();
    const b = await twoSessions();
    const me = (token: string) => fetch(env.url + '/api/v4/users/me', { headers: { authorization: 'Bearer ' + token, 'X-Run': 'same' } });
    expect((await me(a.tokens[0]!)).status).toBe(200);
    expect((await me(a.tokens[0]!)).status).toBe(200);
    // A fresh token of the same user: its own key has budget, the user's (2 requests) is spent.
    expect((await me(a.tokens[1]!)).status).toBe(429);
    expect((await me(b.tokens[0]!)).status).toBe(200);
  });
});

describe.skipIf(!redisUp)('rate limiting a cluster', () => {
  const clusterName = 'rl' + newId().slice(0, 8);
  let env: TestEnv;
  let second: ParleyServer;
  beforeAll(async () => {
    env = await setup((c) => {
      limits({ MaxBurst: 3 })(c);
      Object.assign(c.ClusterSettings, { Enable: true, ClusterName: clusterName, RedisURL: REDIS_URL });
    });
    second = await createServer(structuredClone(env.config), { logLevel: 'silent' });
  });
  afterAll(async () => {
    await second?.close();
    await env?.close();
  });

  it('shares one budget between the nodes through Redis', async () => {
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await ping(i % 2 ? second.url : env.url)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.slice(4).every((s) => s === 429)).toBe(true);
  });

  it('shares arrival times between two stores on one Redis prefix', async () => {
    const prefix = `parley:${clusterName}:test:`;
    const [r1, r2] = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
    const [s1, s2] = [new RedisRateStore(r1, prefix), new RedisRateStore(r2, prefix)];
    try {
      const q = { perSec: 0.01, maxBurst: 2 };
      const got = [await s1.take('k', q), await s2.take('k', q), await s1.take('k', q), await s2.take('k', q)];
      expect(got.map((r) => [r.limited, r.remaining])).toEqual([
        [false, 2],
        [false, 1],
        [false, 0],
        [true, 0],
      ]);
      expect(Math.ceil(got[3]!.retryAfterMs / 1000)).toBe(100);
      const keys = await r1.keys(prefix + '*');
      expect(keys).toHaveLength(1);
      expect(keys[0]).not.toContain(':k');
    } finally {
      s1.close();
      s2.close();
    }
  });
});

describe('rate limiting without its Redis', () => {
  let env: TestEnv;
  beforeAll(async () => {
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
    });
    env = await setup((c) => {
      limits({ MaxBurst: 1 })(c);
      Object.assign(c.ClusterSettings, { Enable: true, ClusterName: 'gone', RedisURL: `redis://127.0.0.1:${closed}` });
    });
  });
  afterAll(() => env?.close());

  it('counts on the node instead, without waiting', async () => {
    expect([(await ping(env.url)).status, (await ping(env.url)).status, (await ping(env.url)).status]).toEqual([200, 200, 429]);
  });
});

describe('RateLimitSettings through the API', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup();
  });
  afterAll(() => env?.close());

  it('keeps PerSec and MaxBurst on save and refuses values that are not positive', async () => {
    const { admin } = await initBasic(env);
    const cfg = await admin.client.getConfig();
    const next = { ...cfg, RateLimitSettings: { ...cfg.RateLimitSettings, PerSec: 7, MaxBurst: 70, VaryByHeader: 'X-Real-IP' } };
    const saved = await admin.client.updateConfig(next as typeof cfg);
    expect(saved.RateLimitSettings).toMatchObject({ PerSec: 7, MaxBurst: 70, VaryByHeader: 'X-Real-IP', MemoryStoreSize: 10000 });
    expect(env.server.ctx.config().RateLimitSettings.PerSec).toBe(7);
    for (const [key, id] of [
      ['PerSec', 'model.config.is_valid.rate_sec.app_error'],
      ['MaxBurst', 'model.config.is_valid.max_burst.app_error'],
      ['MemoryStoreSize', 'model.config.is_valid.rate_mem.app_error'],
    ] as const) {
      const e = await fails(
        admin.client.updateConfig({ ...next, RateLimitSettings: { ...next.RateLimitSettings, [key]: 0 } } as typeof cfg),
      );
      expect([key, e.status_code, e.server_error_id]).toEqual([key, 400, id]);
    }
  });
});
