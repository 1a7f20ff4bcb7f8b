// A load process, driven over IPC by bench/run.ts. Messages in: {type:'clients'|'open'|'post'|'hooks'|'day-add'|'day-window'|'stop'}.
//  clients/open: hold authenticated websockets; report per fan-out marker `fo:<k>` when every socket has seen it.
//  post: 50 users post as fast as they can for a bounded time; reply with latencies.
//  hooks: 50 integrations POST /hooks/{id} the same way.
//  day-add/day-window: simulated users (one websocket each, a weighted-random action every ~100 s); windows of stats.
//  day-rate: every user's mean time between actions becomes `meanActionS` (the ceiling's rate steps).
//  blast: `workers` loops post into one channel as fast as they can (the big channel's sustained posts/s).
import WebSocket from 'ws';
import { Http, now, sleep } from './lib.ts';

const send = (m: unknown) => process.send!(m);
const sockets: WebSocket[] = [];
let http: Http | undefined;

// ---------- websocket clients ----------

interface OpenSpec {
  url: string;
  tokens: string[];
  /** 'challenge': Parley's authentication_challenge; 'none': the bare relay floor (waits for its hello). */
  auth: 'challenge' | 'none';
}

const arrivals = new Map<number, { count: number; last: number }>();
let target = 0;

/** Frames seen carrying a blast post (the big channel's sustained rate), since the last 'delivered' question. */
let blastFrames = 0;

function onFrame(data: WebSocket.RawData): void {
  const s = data.toString();
  if (s.includes('blast:')) blastFrames++;
  const i = s.indexOf('fo:');
  if (i < 0) return;
  const m = /fo:(\d+)/.exec(s.slice(i, i + 16));
  if (!m) return;
  const k = Number(m[1]);
  const t = now();
  let a = arrivals.get(k);
  if (!a) arrivals.set(k, (a = { count: 0, last: 0 }));
  a.count++;
  a.last = t;
  if (a.count === target) {
    send({ type: 'arrived', k, last: a.last });
    arrivals.delete(k);
  }
}

function openOne(url: string, token: string, auth: OpenSpec['auth']): Promise<WebSocket | undefined> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + (auth === 'none' ? '/' : '/api/v4/websocket'), { perMessageDeflate: false });
    const timer = setTimeout(() => {
      ws.terminate();
      resolve(undefined);
    }, 30_000);
    ws.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    ws.once('open', () => {
      if (auth === 'challenge') ws.send(JSON.stringify({ seq: 1, action: 'authentication_challenge', data: { token } }));
    });
    const first = (d: WebSocket.RawData) => {
      if (!d.toString().includes('"hello"')) return;
      ws.off('message', first);
      clearTimeout(timer);
      ws.on('message', onFrame);
      resolve(ws);
    };
    ws.on('message', first);
  });
}

async function openMany(spec: OpenSpec): Promise<{ opened: number; failed: number; ms: number }> {
  const t0 = now();
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < spec.tokens.length) {
      const tok = spec.tokens[next++]!;
      const ws = await openOne(spec.url, tok, spec.auth);
      if (ws) sockets.push(ws);
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  target = sockets.length;
  return { opened: sockets.length, failed, ms: now() - t0 };
}

// ---------- post throughput ----------

interface PostSpec {
  url: string;
  users: Array<{ token: string; channels: string[] }>;
  durationMs: number;
  maxRequests: number;
  /** Appended to every message (the notify scenario: ' @channel'). */
  suffix?: string;
}

type LoopResult = { lat: number[]; ok: number; errors: number; statuses: Record<string, number>; elapsedMs: number };

/**
 * `workers` loops issue requests as fast as they can until `durationMs` or `maxRequests`; `fire(worker, n)` sends one
 * and answers its status, `okStatus` counts as success. Latencies of every answered request.
 */
async function timedLoop(
  workers: number,
  durationMs: number,
  maxRequests: number,
  okStatus: number,
  fire: (worker: number, n: number) => Promise<number>,
): Promise<LoopResult> {
  const lat: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let errors = 0;
  let issued = 0;
  const start = now();
  const loopEnd = start + durationMs;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      let n = 0;
      while (now() < loopEnd && issued < maxRequests) {
        issued++;
        const t = now();
        try {
          const status = await fire(w, n++);
          lat.push(now() - t);
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === okStatus) ok++;
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { lat, ok, errors, statuses, elapsedMs: now() - start };
}

async function postLoop(spec: PostSpec): Promise<LoopResult> {
  http = new Http(spec.url, spec.users.length + 4);
  // Warm-up: one request per user (connections, caches), not measured.
  await Promise.all(
    spec.users.map((u) => http!.request('POST', '/api/v4/posts', u.token, { channel_id: u.channels[0], message: 'warm-up' })),
  );
  return timedLoop(spec.users.length, spec.durationMs, spec.maxRequests, 201, async (ui, n) => {
    const u = spec.users[ui]!;
    const ch = u.channels[(ui + n) % u.channels.length]!;
    const r = await http!.request('POST', '/api/v4/posts', u.token, {
      channel_id: ch,
      message: `throughput ${ui} ${n + 1} hello #bench${spec.suffix ?? ''}`,
    });
    return r.status;
  });
}

interface HookSpec {
  url: string;
  /** Incoming webhook ids, spread over the workers. */
  hookIds: string[];
  workers: number;
  durationMs: number;
  maxRequests: number;
}

/** `workers` integrations POST /hooks/{id} (Slack-style JSON) as fast as they can; Parley answers 200 "ok". */
async function hookLoop(spec: HookSpec): Promise<LoopResult> {
  http = new Http(spec.url, spec.workers + 4);
  await Promise.all(spec.hookIds.map((id) => http!.request('POST', `/hooks/${id}`, undefined, { text: 'warm-up' })));
  return timedLoop(spec.workers, spec.durationMs, spec.maxRequests, 200, async (w, n) => {
    const id = spec.hookIds[(w + n) % spec.hookIds.length]!;
    const r = await http!.request('POST', `/hooks/${id}`, undefined, { text: `hook ${w} ${n} build <https://example.com|passed>` });
    return r.status;
  });
}

interface BlastSpec {
  url: string;
  channelId: string;
  tokens: string[];
  durationMs: number;
  maxRequests: number;
}

/** One poster per token, each posting into the big channel as fast as its answers come back. */
async function blastLoop(spec: BlastSpec): Promise<LoopResult> {
  http = new Http(spec.url, spec.tokens.length + 4);
  return timedLoop(spec.tokens.length, spec.durationMs, spec.maxRequests, 201, async (w, n) => {
    const r = await http!.request('POST', '/api/v4/posts', spec.tokens[w], { channel_id: spec.channelId, message: `blast:${w}:${n} load` });
    return r.status;
  });
}

// ---------- a day at work ----------

interface DayUser {
  i: number;
  /** The node this user talks to (cluster runs spread users over nodes); the spec's url when absent. */
  url?: string;
  token: string;
  userId: string;
  channels: string[];
}

interface DaySpec {
  url: string;
  teamId: string;
  users: DayUser[];
  /** Mean seconds between a user's actions (Mattermost's load test: about 100 s). */
  meanActionS: number;
  otherUserIds: string[];
}

const day = {
  spec: undefined as DaySpec | undefined,
  lat: [] as number[],
  /** Latencies per route (ids replaced by ':id'), to say which request makes a window unhealthy. */
  byRoute: new Map<string, number[]>(),
  five: 0,
  other: 0,
  actions: 0,
  wsFailed: 0,
  wsClosed: 0,
  stopped: false,
  timers: new Set<NodeJS.Timeout>(),
  recent: new Map<string, string[]>(),
  hasSearch: true,
  hasReactions: true,
  users: [] as DayUser[],
};

/** One keep-alive client per node. */
const https = new Map<string, Http>();
function httpFor(u: DayUser): Http {
  const url = u.url ?? day.spec!.url;
  let h = https.get(url);
  if (!h) https.set(url, (h = new Http(url, 256)));
  return h;
}

function record(method: string, p: string, ms: number): void {
  day.lat.push(ms);
  const route = method + ' ' + p.replace(/\?.*$/, '').replace(/[a-z0-9]{26}/g, ':id');
  let xs = day.byRoute.get(route);
  if (!xs) day.byRoute.set(route, (xs = []));
  xs.push(ms);
}

async function timed(u: DayUser, method: string, p: string, body?: unknown): Promise<any> {
  const t = now();
  try {
    const r = await httpFor(u).request(method, p, u.token, body);
    record(method, p, now() - t);
    if (r.status >= 500) day.five++;
    else if (r.status >= 400) day.other++;
    return r;
  } catch {
    record(method, p, now() - t);
    day.five++;
    return undefined;
  }
}

const ACTIONS: Array<[number, (u: DayUser) => Promise<void>]> = [
  [
    48,
    async (u) => {
      const ch = pick(u.channels);
      await timed(u, 'GET', `/api/v4/channels/${ch}`);
      const r = await timed(u, 'GET', `/api/v4/channels/${ch}/posts?page=0&per_page=60`);
      if (r?.status === 200 && Array.isArray(r.body?.order)) day.recent.set(ch, r.body.order.slice(0, 10));
      await timed(u, 'POST', `/api/v4/channels/members/me/view`, { channel_id: ch, prev_channel_id: '' });
    },
  ],
  [
    15,
    async (u) => {
      await timed(u, 'GET', `/api/v4/channels/${pick(u.channels)}/posts?page=${1 + Math.floor(Math.random() * 3)}&per_page=60`);
    },
  ],
  [
    7,
    async (u) => {
      await timed(u, 'GET', `/api/v4/users/me/teams/${day.spec!.teamId}/channels/members`);
    },
  ],
  [
    7,
    async (u) => {
      await timed(u, 'POST', '/api/v4/posts', {
        channel_id: pick(u.channels),
        message: `a day at work ${Math.random().toString(36).slice(2)} meeting notes`,
      });
    },
  ],
  [
    5,
    async (u) => {
      const ch = pick(u.channels);
      const ids = day.recent.get(ch);
      if (!ids?.length) return;
      await timed(u, 'POST', '/api/v4/posts', { channel_id: ch, root_id: pick(ids), message: 'a reply in the thread' });
    },
  ],
  [
    5,
    async (u) => {
      const ids = day.recent.get(pick(u.channels));
      if (!ids?.length || !day.hasReactions) return;
      const r = await timed(u, 'POST', '/api/v4/reactions', { user_id: u.userId, post_id: pick(ids), emoji_name: 'thumbsup' });
      if (r?.status === 404) day.hasReactions = false;
    },
  ],
  [
    4,
    async (u) => {
      const other = pick(day.spec!.otherUserIds);
      if (other === u.userId) return;
      const r = await timed(u, 'POST', '/api/v4/channels/direct', [u.userId, other]);
      if (r?.status === 200 || r?.status === 201) await timed(u, 'GET', `/api/v4/channels/${r.body.id}/posts?page=0&per_page=60`);
    },
  ],
  [
    5,
    async (u) => {
      if (!day.hasSearch) return;
      const r = await timed(u, 'POST', `/api/v4/teams/${day.spec!.teamId}/posts/search`, {
        terms: pick(['meeting', 'deploy', 'lunch', 'review']),
        is_or_search: false,
        page: 0,
        per_page: 20,
      });
      if (r?.status === 404 || r?.status === 405) day.hasSearch = false;
    },
  ],
  [
    4,
    async (u) => {
      await timed(
        u,
        'POST',
        '/api/v4/users/ids',
        Array.from({ length: 10 }, () => pick(day.spec!.otherUserIds)),
      );
    },
  ],
];
const WEIGHT = ACTIONS.reduce((a, [w]) => a + w, 0);

function pick<T>(xs: T[]): T {
  return xs[Math.floor(Math.random() * xs.length)]!;
}

function later(ms: number, f: () => void): void {
  if (day.stopped) return;
  const t = setTimeout(() => {
    day.timers.delete(t);
    if (!day.stopped) f();
  }, ms);
  day.timers.add(t);
}

function exp(meanMs: number): number {
  return -Math.log(1 - Math.random()) * meanMs;
}

/** Bumped by dayRate: a chain of actions (or polls) begun before a rate change ends with its action in flight. */
let generation = 0;

function schedule(u: DayUser): void {
  const gen = generation;
  later(exp(day.spec!.meanActionS * 1000), async () => {
    let r = Math.random() * WEIGHT;
    for (const [w, f] of ACTIONS) {
      if ((r -= w) < 0) {
        day.actions++;
        await f(u).catch(() => undefined);
        break;
      }
    }
    if (gen === generation) schedule(u);
  });
}

function pollStatuses(u: DayUser): void {
  const gen = generation;
  later(60_000 * (0.5 + Math.random()), async () => {
    await timed(
      u,
      'POST',
      '/api/v4/users/status/ids',
      Array.from({ length: 20 }, () => pick(day.spec!.otherUserIds)),
    );
    if (gen === generation) pollStatuses(u);
  });
}

async function dayAdd(spec: DaySpec): Promise<{ opened: number; failed: number }> {
  day.spec = spec;
  let next = 0;
  let opened = 0;
  const worker = async () => {
    while (next < spec.users.length) {
      const u = spec.users[next++]!;
      const ws = await openOne(u.url ?? spec.url, u.token, 'challenge');
      if (!ws) {
        day.wsFailed++;
        continue;
      }
      opened++;
      sockets.push(ws);
      ws.on('close', () => {
        if (!day.stopped) day.wsClosed++;
      });
      day.users.push(u);
      schedule(u);
      pollStatuses(u);
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  return { opened, failed: day.wsFailed };
}

/** New mean time between actions for every user; their pending actions are drawn again (memoryless, so fair). */
function dayRate(meanActionS: number): void {
  day.spec!.meanActionS = meanActionS;
  for (const t of day.timers) clearTimeout(t);
  day.timers.clear();
  generation++;
  for (const u of day.users) {
    schedule(u);
    pollStatuses(u);
  }
}

function dayWindow() {
  const w = {
    lat: day.lat,
    byRoute: Object.fromEntries(day.byRoute),
    five: day.five,
    other: day.other,
    actions: day.actions,
    wsFailed: day.wsFailed,
    wsClosed: day.wsClosed,
    hasSearch: day.hasSearch,
    hasReactions: day.hasReactions,
  };
  day.lat = [];
  day.byRoute = new Map();
  day.five = 0;
  day.other = 0;
  day.actions = 0;
  return w;
}

// ---------- IPC ----------

process.on('message', async (m: any) => {
  try {
    switch (m.type) {
      case 'open':
        send({ type: 'ready', ...(await openMany(m.spec as OpenSpec)) });
        break;
      case 'post':
        send({ type: 'result', ...(await postLoop(m.spec as PostSpec)) });
        break;
      case 'hooks':
        send({ type: 'result', ...(await hookLoop(m.spec as HookSpec)) });
        break;
      case 'day-add':
        send({ type: 'day-added', ...(await dayAdd(m.spec as DaySpec)) });
        break;
      case 'day-rate':
        dayRate(Number(m.meanActionS));
        send({ type: 'day-rated' });
        break;
      case 'blast':
        send({ type: 'result', ...(await blastLoop(m.spec as BlastSpec)) });
        break;
      case 'delivered':
        send({ type: 'delivered', frames: blastFrames });
        break;
      case 'day-window':
        send({ type: 'day-window', ...dayWindow() });
        break;
      case 'stop':
        day.stopped = true;
        for (const t of day.timers) clearTimeout(t);
        for (const ws of sockets) ws.terminate();
        http?.close();
        for (const h of https.values()) h.close();
        await sleep(10);
        send({ type: 'stopped' });
        process.exit(0);
    }
  } catch (err) {
    send({ type: 'error', message: String((err as Error)?.stack ?? err) });
  }
});
// Never outlive the orchestrator.
process.on('disconnect', () => process.exit(0));
send({ type: 'up' });
