// npm run bench [-- --quick] [-- --db=sqlite|postgres] [-- --cpu-prof] [-- --large] [-- --posts=N] [-- scenario…]
// Scenarios: post, hooks (incoming webhooks), fanout, conns, day, history (history and search), coldstart; and, only
// when named: ceiling (day's rate multiplier on a fixed population), cluster (the ceiling on 1 and on --nodes=N nodes,
// PostgreSQL + Redis), bigchannel (fan-out to --members=N sockets of one channel). Starts Parley as its own process per
// database (fresh each), drives it from separate load processes over loopback, prints a table and writes
// bench/results/latest.json. Every loop is bounded in count and time.
import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import path from 'node:path';
import {
  child,
  freshDb,
  Http,
  nextMessage,
  readCpuMs,
  now,
  ROOT,
  round,
  sleep,
  startServer,
  stats,
  type Db,
  type Driver,
  type ServerProc,
  type Stats,
} from './lib.ts';
import { FANOUT_MEMBERS, POST_USERS, seededPopulation, seedPopulation, seedPosts, tokenOf, userId, type Population } from './seed.ts';
import { attachDevices, pendingJobs, startNotifySinks } from './notify.ts';

const ALL = ['post', 'hooks', 'fanout', 'conns', 'day', 'history', 'coldstart', 'ceiling', 'cluster', 'bigchannel', 'notify'] as const;
/** Run only when named: they need minutes, many sockets, or Redis. */
const NAMED_ONLY = new Set<string>(['ceiling', 'cluster', 'bigchannel']);
type Scenario = (typeof ALL)[number];
const ALIASES: Record<string, Scenario> = {
  posts: 'post',
  throughput: 'post',
  webhooks: 'hooks',
  webhook: 'hooks',
  connections: 'conns',
  search: 'history',
  cold: 'coldstart',
  'cold-start': 'coldstart',
  rate: 'ceiling',
  big: 'bigchannel',
  'big-channel': 'bigchannel',
};

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const cpuProf = argv.includes('--cpu-prof');
const noBuild = argv.includes('--no-build');
const large = argv.includes('--large');
// --keep-db=NAME: a database of that name, seeded once and kept for the next run with the same population and posts
// (history and coldstart measure it again without seeding); --drop-db removes it at the end.
const keepDb = argv.find((a) => a.startsWith('--keep-db='))?.slice(10);
const dropDb = argv.includes('--drop-db');
const dbArg = argv.find((a) => a.startsWith('--db='))?.slice(5);
const numArg = (name: string): number | undefined => {
  const v = argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (v === undefined) return undefined;
  const n = Number(v.replace(/[_,]/g, ''));
  if (!(n > 0)) throw new Error(`--${name} wants a positive number`);
  return n;
};
const listArg = (name: string): number[] | undefined =>
  argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',')
    .map(Number);
const drivers: Driver[] = dbArg ? (dbArg.split(',') as Driver[]) : ['sqlite', 'postgres'];
const picked = argv.filter((a) => !a.startsWith('--')).map((a) => ALIASES[a] ?? a);
for (const p of picked) if (!ALL.includes(p as Scenario)) throw new Error(`unknown scenario ${p}; one of ${ALL.join(', ')}`);
const scenarios = new Set<Scenario>(picked.length ? (picked as Scenario[]) : ALL.filter((s) => !NAMED_ONLY.has(s)));

/** Set when capSockets left day steps out. */
let socketCap = '';
const Q = {
  // The full run's largest day step stays below the 20,000 open files a process may have here (ulimit -n).
  users: quick ? 2000 : 15_000,
  postMs: quick ? 3000 : 10_000,
  fanoutClients: quick ? 200 : FANOUT_MEMBERS,
  fanoutPosts: quick ? 50 : 200,
  conns: capSockets(quick ? [0, 500, 2000] : [0, 1000, 5000]),
  daySteps: capSockets(quick ? [250, 500, 1000, 2000] : [2500, 5000, 10_000, 15_000]),
  dayWindowMs: quick ? 4000 : 6000,
  dayBudgetMs: quick ? 40_000 : 55_000,
  posts: numArg('posts') ?? (large ? 10_000_000 : quick ? 100_000 : 1_000_000),
  historyReqs: quick ? 100 : 400,
  searchReqs: quick ? 30 : 100,
  coldRuns: 3,
  // The ceiling: a fixed population whose mean time between actions is 108 s × rate, rate lowered step by step.
  ceilingUsers: numArg('ceiling-users') ?? (quick ? 1000 : 10_000),
  ceilingRates: listArg('rates') ?? [4, 2, 1, 0.5, 0.25, 0.15, 0.1, 0.07, 0.05, 0.035, 0.025, 0.018, 0.012, 0.008, 0.005, 0.003, 0.002],
  ceilingWindowMs: quick ? 4000 : 10_000,
  ceilingBudgetMs: quick ? 90_000 : 300_000,
  loadProcs: numArg('load-procs') ?? 2,
  nodes: numArg('nodes') ?? 2,
  // The big channel: members 1..N (each load process holds at most BIG_PER_PROC sockets).
  bigMembers: numArg('members') ?? (quick ? 1000 : 10_000),
  bigPosts: quick ? 30 : 100,
  bigBlastMs: quick ? 3000 : 10_000,
};
/** Mattermost load-test's mean seconds between one user's actions at rate 1. */
const MM_ACTION_S = 108;
/** Sockets per load process in the big channel: well inside the 20,000 open files a process may have here. */
const BIG_PER_PROC = 4000;

/**
 * The socket counts that fit in the open files a process may have (`ulimit -n`, inherited by the server and load
 * processes), with room for everything else they keep open; the cut is said once. A step beyond it would fail on
 * EMFILE, which measures the machine, not Parley.
 */
function capSockets(steps: number[]): number[] {
  let limit = Infinity;
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    if (/^\d+$/.test(out)) limit = Number(out);
  } catch {
    // No shell: assume no limit.
  }
  const fit = steps.filter((n) => n <= limit - 1000);
  if (fit.length < steps.length && !socketCap) {
    socketCap = ` by ulimit -n ${limit}`;
    console.log(`! ulimit -n is ${limit}: socket counts over ${limit - 1000} are left out (raise it for the full run)`);
  }
  return fit;
}

const PROF_DIR = path.join(ROOT, 'bench', 'results', 'prof');
const serverArgs = cpuProf ? ['--cpu-prof', '--cpu-prof-dir', PROF_DIR] : [];

type Row = { scenario: string; metric: string; value: string; target: string };
const results: Record<string, any> = {
  when: new Date().toISOString(),
  quick,
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  node: process.version,
  runs: {},
};
const table: Row[] = [];
const row = (db: string, scenario: string, metric: string, value: string, target = '') => {
  table.push({ scenario: `${scenario} [${db}]`, metric, value, target });
  console.log(`  ${scenario} [${db}] ${metric}: ${value}${target ? `  (target ${target})` : ''}`);
};
const ms = (x: number) => (Number.isFinite(x) ? `${round(x, 1)} ms` : 'n/a');

function build(): void {
  if (noBuild) return;
  try {
    // The same bundle `npm start` runs (scripts/build-server.mjs), so cold start is measured on what users start.
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-server.mjs')], { cwd: ROOT, stdio: 'pipe' });
  } catch (err) {
    console.log('! server build failed; running Parley through tsx instead (cold start includes TypeScript loading)');
    console.log(String((err as { stdout?: Buffer }).stdout ?? '').slice(0, 800));
    process.env.PARLEY_BENCH_TSX = '1';
  }
}

async function loadProc(): Promise<ChildProcess> {
  const p = child('load.ts');
  await nextMessage(p, 'up', 30_000);
  return p;
}

async function stopProc(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const done = new Promise((r) => p.once('exit', r));
  p.send({ type: 'stop' });
  await Promise.race([done, sleep(5000)]);
  if (p.exitCode === null) p.kill('SIGKILL');
}

// ---------- scenarios ----------

/**
 * The `notify` scenario: the post loop with e-mail and push on, each post an @channel, every member offline; first
 * the same @channel loop with notifications off (what the mentions cost the send path by themselves), then with them
 * on, then the drain: how fast the worker sends once the load stops, and the server CPU per post including it.
 */
async function postWithNotifications(db: string, store: Db, pop: Population) {
  const offEnv = { MM_EMAILSETTINGS_SENDEMAILNOTIFICATIONS: 'false', MM_EMAILSETTINGS_SENDPUSHNOTIFICATIONS: 'false' };
  const off = await startServer({ db: store, nodeArgs: serverArgs, env: offEnv });
  let quiet;
  try {
    quiet = await postThroughput(db, off, pop, { suffix: ' @channel', label: 'notify-off' });
  } finally {
    await off.stop();
  }
  const sinks = await startNotifySinks();
  await attachDevices(store);
  const srv = await startServer({ db: store, nodeArgs: serverArgs, env: sinks.env });
  try {
    const cpu0 = srv.cpuMs();
    const r = await postThroughput(db, srv, pop, { suffix: ' @channel', label: 'notify' });
    // Bounded wait for the queue to drain, so the counts below say what was sent for the posts above.
    const atEnd = sinks.counts();
    const t0 = now();
    const end = t0 + 60_000;
    let left = await pendingJobs(store);
    while (left > 0 && now() < end) {
      await sleep(500);
      left = await pendingJobs(store);
    }
    const drainS = (now() - t0) / 1000;
    const c = sinks.counts();
    const drained = c.mails - atEnd.mails + (c.pushes - atEnd.pushes);
    const cpuAll = (srv.cpuMs() - cpu0) / (r.ok + r.errors);
    row(db, 'notify', 'mails / pushes sent, jobs left', `${c.mails} / ${c.pushes}, ${left}`);
    row(db, 'notify', 'at load end: mails / pushes sent', `${atEnd.mails} / ${atEnd.pushes}`);
    row(db, 'notify', 'drain after the load: sends/s', `${round(drained / drainS, 0)} (${drained} in ${round(drainS, 1)} s)`);
    row(db, 'notify', 'server CPU per post incl. drain', `${round(cpuAll, 3)} ms`);
    return {
      ...r,
      mails: c.mails,
      pushes: c.pushes,
      jobsLeft: left,
      atLoadEnd: atEnd,
      drainSendsPerSec: round(drained / drainS, 1),
      serverCpuMsPerPostWithDrain: round(cpuAll, 3),
      notificationsOff: quiet,
    };
  } finally {
    await srv.stop();
    await sinks.close();
  }
}

async function postThroughput(db: string, srv: ServerProc, pop: Population, opts: { suffix?: string; label?: string } = {}) {
  const p = await loadProc();
  const users = Array.from({ length: POST_USERS }, (_, i) => ({ token: tokenOf(i + 1), channels: pop.loadChannels }));
  const cpu0 = srv.cpuMs();
  const label = opts.label ?? 'post';
  p.send({ type: 'post', spec: { url: srv.url, users, durationMs: Q.postMs, maxRequests: 200_000, suffix: opts.suffix } });
  const r = await nextMessage(p, 'result', Q.postMs + 60_000);
  const cpuPerPost = (srv.cpuMs() - cpu0) / (r.ok + r.errors + users.length);
  await stopProc(p);
  const s = stats(r.lat);
  const rate = r.ok / (r.elapsedMs / 1000);
  row(db, label, 'posts/s (50 users, 10 channels)', `${round(rate, 0)}`, db === 'sqlite' ? '≥ 2000' : '≥ 1000');
  row(db, label, 'latency p50 / p99', `${ms(s.p50)} / ${ms(s.p99)}`, 'p99 ≤ 50 ms');
  row(db, label, 'server CPU per post', `${round(cpuPerPost, 3)} ms`);
  if (r.errors) row(db, label, 'errors', `${r.errors} ${JSON.stringify(r.statuses)}`);
  return {
    postsPerSec: round(rate, 1),
    serverCpuMsPerPost: round(cpuPerPost, 3),
    ok: r.ok,
    errors: r.errors,
    statuses: r.statuses,
    latency: roundStats(s),
  };
}

/** POST /hooks/{id} from 50 integrations over one hook per load channel: the webhook path beside POST /posts. */
async function incomingWebhookThroughput(db: string, srv: ServerProc, pop: Population, adminToken: string) {
  const http = new Http(srv.url, 4);
  const hookIds: string[] = [];
  for (const channelId of pop.loadChannels)
    hookIds.push((await http.ok('POST', '/api/v4/hooks/incoming', adminToken, { channel_id: channelId, display_name: 'bench' })).id);
  http.close();
  const p = await loadProc();
  const cpu0 = srv.cpuMs();
  p.send({ type: 'hooks', spec: { url: srv.url, hookIds, workers: POST_USERS, durationMs: Q.postMs, maxRequests: 200_000 } });
  const r = await nextMessage(p, 'result', Q.postMs + 60_000);
  const cpuPerPost = (srv.cpuMs() - cpu0) / (r.ok + r.errors + hookIds.length);
  await stopProc(p);
  const s = stats(r.lat);
  const rate = r.ok / (r.elapsedMs / 1000);
  row(db, 'hooks', `POST /hooks/{id} posts/s (${POST_USERS} senders, ${hookIds.length} hooks)`, `${round(rate, 0)}`, 'beside POST /posts');
  row(db, 'hooks', 'latency p50 / p99', `${ms(s.p50)} / ${ms(s.p99)}`, 'p99 ≤ 50 ms');
  row(db, 'hooks', 'server CPU per post', `${round(cpuPerPost, 3)} ms`);
  if (r.errors) row(db, 'hooks', 'errors', `${r.errors} ${JSON.stringify(r.statuses)}`);
  return { postsPerSec: round(rate, 1), serverCpuMsPerPost: round(cpuPerPost, 3), ok: r.ok, errors: r.errors, latency: roundStats(s) };
}

/** Posts `n` markers through `postOne(k)` and waits until every client in `procs` has seen each; returns latencies. */
async function fanoutRun(
  procs: ChildProcess[],
  n: number,
  postOne: (k: number) => Promise<void>,
): Promise<{ lat: number[]; postLat: number[]; missed: number }> {
  const waiting = new Map<number, { left: number; last: number; resolve: () => void }>();
  const on = (m: any) => {
    if (m?.type !== 'arrived') return;
    const w = waiting.get(m.k);
    if (!w) return;
    w.last = Math.max(w.last, m.last);
    if (--w.left === 0) w.resolve();
  };
  for (const p of procs) p.on('message', on);
  const lat: number[] = [];
  const postLat: number[] = [];
  let missed = 0;
  const warm = 5;
  for (let k = 0; k < n + warm; k++) {
    let resolve!: () => void;
    const all = new Promise<void>((r) => (resolve = r));
    const w = { left: procs.length, last: 0, resolve };
    waiting.set(k, w);
    const t = now();
    await postOne(k);
    const tp = now();
    let to: NodeJS.Timeout | undefined;
    const ok = await Promise.race([all.then(() => true), new Promise<boolean>((r) => (to = setTimeout(() => r(false), 10_000)))]);
    clearTimeout(to);
    waiting.delete(k);
    if (k < warm) continue;
    if (!ok) missed++;
    else lat.push(w.last - t);
    postLat.push(tp - t);
  }
  for (const p of procs) p.off('message', on);
  return { lat, postLat, missed };
}

async function openClients(
  url: string,
  tokens: string[],
  auth: 'challenge' | 'none',
  nProcs: number,
): Promise<{ procs: ChildProcess[]; opened: number; failed: number }> {
  const procs = await Promise.all(Array.from({ length: nProcs }, () => loadProc()));
  const per = Math.ceil(tokens.length / nProcs);
  const ready = await Promise.all(
    procs.map((p, i) => {
      p.send({ type: 'open', spec: { url, tokens: tokens.slice(i * per, (i + 1) * per), auth } });
      return nextMessage(p, 'ready', 120_000);
    }),
  );
  return { procs, opened: ready.reduce((a, r) => a + r.opened, 0), failed: ready.reduce((a, r) => a + r.failed, 0) };
}

const floorCache = new Map<number, any>();
/** The bare relay's fan-out to `clients` sockets held by `procs` load processes (measured once per size). */
async function fanoutFloor(clients = Q.fanoutClients, procs = 2, posts = Q.fanoutPosts): Promise<any> {
  const cached = floorCache.get(clients);
  if (cached) return cached;
  const relay = child('relay.ts');
  const { port } = await nextMessage(relay, 'listening', 30_000);
  const url = `http://127.0.0.1:${port}`;
  const c = await openClients(
    url,
    Array.from({ length: clients }, () => ''),
    'none',
    procs,
  );
  const frameFor = (k: number) =>
    `{"event":"posted","data":{"channel_display_name":"Bench fan-out","channel_name":"bench-fanout","channel_type":"O","post":${JSON.stringify(JSON.stringify({ id: 'x'.repeat(26), create_at: Date.now(), update_at: Date.now(), edit_at: 0, delete_at: 0, is_pinned: false, user_id: 'u'.repeat(26), channel_id: 'c'.repeat(26), root_id: '', original_id: '', message: `fo:${k} fan-out`, type: '', props: {}, hashtags: '', pending_post_id: '', reply_count: 0, last_reply_at: 0, participants: null, metadata: {} }))},"sender_name":"@bench1","set_online":true,"team_id":"${'t'.repeat(26)}"},"broadcast":{"omit_users":null,"user_id":"","channel_id":"${'c'.repeat(26)}","team_id":"","connection_id":"","omit_connection_id":""},"seq":1}`;
  const raw = await fanoutRun(c.procs, posts, (k) => postRaw(url + '/relay', frameFor(k)));
  await Promise.all(c.procs.map(stopProc));
  relay.kill('SIGTERM');
  const floor = { clients: c.opened, latency: roundStats(stats(raw.lat)), missed: raw.missed };
  floorCache.set(clients, floor);
  return floor;
}

async function postRaw(url: string, body: string): Promise<void> {
  const { request } = await import('node:http');
  const u = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const req = request(
      { method: 'POST', host: u.hostname, port: u.port, path: u.pathname, headers: { 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The fan-out's two rows: POST → every socket has `posted`, against the bare relay's floor to as many sockets. */
function fanoutRows(db: string, scenario: string, who: string, s: Stats, floor: any): void {
  row(
    db,
    scenario,
    `POST → all ${who} have posted, p50 / p99`,
    `${ms(s.p50)} / ${ms(s.p99)}`,
    `p99 ≤ 1.5 × floor = ${ms(floor.latency.p99 * 1.5)}`,
  );
  row(db, scenario, `floor: bare ws relay to ${floor.clients}, p50 / p99`, `${ms(floor.latency.p50)} / ${ms(floor.latency.p99)}`);
}

async function fanout(db: string, srv: ServerProc, pop: Population) {
  const floor = await fanoutFloor();
  const tokens = Array.from({ length: Q.fanoutClients }, (_, i) => tokenOf(i + 1));
  const c = await openClients(srv.url, tokens, 'challenge', 2);
  const http = new Http(srv.url, 4);
  const r = await fanoutRun(c.procs, Q.fanoutPosts, async (k) => {
    await http.ok('POST', '/api/v4/posts', tokenOf(1), { channel_id: pop.fanoutChannel, message: `fo:${k} fan-out` });
  });
  http.close();
  await Promise.all(c.procs.map(stopProc));
  const s = stats(r.lat);
  fanoutRows(db, 'fanout', `${c.opened} clients`, s, floor);
  if (r.missed || c.failed) row(db, 'fanout', 'missed posts / failed sockets', `${r.missed} / ${c.failed}`);
  return {
    clients: c.opened,
    failed: c.failed,
    missed: r.missed,
    latency: roundStats(s),
    postLatency: roundStats(stats(r.postLat)),
    floor,
    ratioP99: round(s.p99 / floor.latency.p99, 2),
  };
}

async function connections(db: string, srv: ServerProc) {
  const p = await loadProc();
  const out: Array<{ conns: number; rssKb: number }> = [];
  let opened = 0;
  let failed = 0;
  for (const n of Q.conns) {
    if (n > opened) {
      const tokens = Array.from({ length: n - opened }, (_, i) => tokenOf(opened + i + 1));
      p.send({ type: 'open', spec: { url: srv.url, tokens, auth: 'challenge' } });
      const r = await nextMessage(p, 'ready', 180_000);
      failed += r.failed;
      opened = n;
    }
    await sleep(1500);
    out.push({ conns: n, rssKb: srv.rssKb() });
  }
  await stopProc(p);
  const base = out[0]!.rssKb;
  const last = out[out.length - 1]!;
  const perConn = last.conns ? (last.rssKb - base) / last.conns : NaN;
  row(
    db,
    'conns',
    'server RSS at ' + out.map((o) => o.conns).join(' / ') + ' idle sockets',
    out.map((o) => `${round(o.rssKb / 1024, 1)} MB`).join(' / '),
  );
  row(db, 'conns', 'KB per idle websocket', Number.isFinite(perConn) ? `${round(perConn, 1)}` : `n/a${socketCap}`, '≤ 20');
  if (failed) row(db, 'conns', 'failed sockets', String(failed));
  return { points: out, kbPerConn: round(perConn, 2), failed };
}

async function dayAtWork(db: string, srv: ServerProc, pop: Population) {
  const p = await loadProc();
  const others = Array.from({ length: 200 }, (_, i) => userId(1 + Math.floor((i * pop.users) / 200)));
  const t0 = now();
  let have = 0;
  let bestHealthy = 0;
  const windows: any[] = [];
  let reason = '';
  for (const step of Q.daySteps) {
    if (step > pop.users) break;
    if (now() - t0 > Q.dayBudgetMs - Q.dayWindowMs) {
      reason = 'time budget';
      break;
    }
    const users = [];
    for (let i = have + 1; i <= step; i++) users.push({ i, token: tokenOf(i), userId: userId(i), channels: pop.dayChannelsOf(i) });
    p.send({ type: 'day-add', spec: { url: srv.url, teamId: pop.teamId, users, meanActionS: 100, otherUserIds: others } });
    const added = await nextMessage(p, 'day-added', 120_000);
    have = step;
    p.send({ type: 'day-window' });
    await nextMessage(p, 'day-window'); // discard the connect phase
    await sleep(Q.dayWindowMs);
    p.send({ type: 'day-window' });
    const w = await nextMessage(p, 'day-window');
    const s = stats(w.lat);
    const healthy = !(s.avg > 100) && !(s.p99 > 2000) && w.five === 0 && w.wsClosed === 0 && added.failed === 0;
    windows.push({
      users: step,
      requests: s.n,
      reqPerSec: round(s.n / (Q.dayWindowMs / 1000), 1),
      avg: round(s.avg),
      p99: round(s.p99),
      fiveXX: w.five,
      fourXX: w.other,
      wsClosed: w.wsClosed,
      wsFailed: added.failed,
      rssKb: srv.rssKb(),
      healthy,
    });
    console.log(
      `    day: ${step} users, ${s.n} requests, avg ${ms(s.avg)}, p99 ${ms(s.p99)}, 5xx ${w.five}, ws closed ${w.wsClosed}, failed ${added.failed} → ${healthy ? 'healthy' : 'UNHEALTHY'}`,
    );
    if (!healthy) {
      reason = 'unhealthy';
      break;
    }
    bestHealthy = step;
  }
  await stopProc(p);
  const capped = !reason
    ? ` (stopped at the largest step${socketCap}; not saturated)`
    : reason === 'time budget'
      ? ' (time budget reached)'
      : '';
  row(db, 'day', 'highest healthy simulated users', `${bestHealthy}${capped}`, '≥ 5000');
  return { highestHealthy: bestHealthy, stoppedBy: reason || 'max step', windows };
}

// ---------- the ceiling: day's rate multiplier ----------

/** Is `redis://host:port` accepting connections? */
async function reachable(url: string): Promise<boolean> {
  const net = await import('node:net');
  const u = new URL(url);
  return new Promise((resolve) => {
    const sock = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => (sock.destroy(), resolve(ok));
    sock.setTimeout(1000, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * Mattermost load-test's rate multiplier on a fixed population: Q.ceilingUsers simulated users (a websocket each, the
 * day's action mix) spread over `nodes` and Q.loadProcs load processes, each acting on average every 108 s × rate;
 * the rate is lowered step by step (Q.ceilingRates) until a window is unhealthy by Mattermost's thresholds (mean
 * request over 100 ms, p99 over 2 s, any 5xx, any dropped socket). The ceiling, in Mattermost-equivalent users, is the
 * highest healthy window's actions per second ÷ (1 / 108 s).
 */
async function ceiling(db: string, nodes: ServerProc[], pop: Population, label = 'ceiling') {
  const n = Math.min(Q.ceilingUsers, pop.users);
  const procs = await Promise.all(Array.from({ length: Q.loadProcs }, () => loadProc()));
  const others = Array.from({ length: 200 }, (_, i) => userId(1 + Math.floor((i * pop.users) / 200)));
  const per: any[][] = procs.map(() => []);
  for (let i = 1; i <= n; i++)
    per[i % procs.length]!.push({
      i,
      url: nodes[i % nodes.length]!.url,
      token: tokenOf(i),
      userId: userId(i),
      channels: pop.dayChannelsOf(i),
    });
  const rates = Q.ceilingRates;
  const added = await Promise.all(
    procs.map((p, k) => {
      p.send({
        type: 'day-add',
        spec: { url: nodes[0]!.url, teamId: pop.teamId, users: per[k], meanActionS: MM_ACTION_S * rates[0]!, otherUserIds: others },
      });
      return nextMessage(p, 'day-added', 600_000);
    }),
  );
  const wsFailed = added.reduce((a, r) => a + r.failed, 0);
  const window = async () => {
    const ws = await Promise.all(
      procs.map((p) => {
        p.send({ type: 'day-window' });
        return nextMessage(p, 'day-window');
      }),
    );
    const byRoute = new Map<string, number[]>();
    for (const w of ws)
      for (const [k, xs] of Object.entries(w.byRoute as Record<string, number[]>)) byRoute.set(k, [...(byRoute.get(k) ?? []), ...xs]);
    return {
      lat: ws.flatMap((w) => w.lat as number[]),
      byRoute,
      five: ws.reduce((a, w) => a + w.five, 0),
      wsClosed: ws.reduce((a, w) => a + w.wsClosed, 0),
      actions: ws.reduce((a, w) => a + w.actions, 0),
    };
  };
  const cpu = () => nodes.reduce((a, s) => a + s.cpuMs(), 0);
  const t0 = now();
  const steps: any[] = [];
  let best: any;
  let reason = '';
  for (const rate of rates) {
    if (now() - t0 > Q.ceilingBudgetMs - Q.ceilingWindowMs) {
      reason = 'time budget';
      break;
    }
    await Promise.all(
      procs.map((p) => {
        p.send({ type: 'day-rate', meanActionS: MM_ACTION_S * rate });
        return nextMessage(p, 'day-rated');
      }),
    );
    await sleep(1000);
    await window(); // the change-over is not measured
    const c0 = cpu();
    const w0 = now();
    await sleep(Q.ceilingWindowMs);
    const w = await window();
    const cpuMs = cpu() - c0;
    const secs = (now() - w0) / 1000;
    const st = stats(w.lat);
    const actionsPerSec = w.actions / secs;
    const healthy = !(st.avg > 100) && !(st.p99 > 2000) && w.five === 0 && w.wsClosed === 0 && wsFailed === 0;
    const step = {
      rate,
      offeredActionsPerSec: round(n / (MM_ACTION_S * rate), 1),
      actionsPerSec: round(actionsPerSec, 1),
      requestsPerSec: round(st.n / secs, 1),
      mmEquivalentUsers: Math.round(actionsPerSec * MM_ACTION_S),
      avg: round(st.avg),
      p99: round(st.p99),
      fiveXX: w.five,
      wsClosed: w.wsClosed,
      serverCpuPct: round(cpuMs / (secs * 10), 1),
      // What the machine's load cannot inflate much: the server's own CPU per simulated action (its requests and events).
      serverCpuMsPerAction: round(cpuMs / Math.max(1, w.actions), 2),
      loadAvg: round(os.loadavg()[0]!, 1),
      healthy,
      slowest: slowestRoutes(w.byRoute),
    };
    steps.push(step);
    console.log(
      `    ${label}: rate ${rate}, ${step.actionsPerSec} actions/s (offered ${step.offeredActionsPerSec}), ${step.requestsPerSec} req/s, avg ${ms(st.avg)}, p99 ${ms(st.p99)}, 5xx ${w.five}, ws closed ${w.wsClosed}, server ${step.serverCpuPct}% CPU (${step.serverCpuMsPerAction} ms/action), load ${step.loadAvg} → ${healthy ? 'healthy' : 'UNHEALTHY'} (${step.mmEquivalentUsers} MM-equivalent users)`,
    );
    if (!healthy) {
      console.log(`      slowest routes: ${step.slowest.map((r) => `${r.route} n=${r.n} avg ${ms(r.avg)} p99 ${ms(r.p99)}`).join('; ')}`);
      reason = 'unhealthy';
      break;
    }
    best = step;
  }
  await Promise.all(procs.map(stopProc));
  const mmUsers = best?.mmEquivalentUsers ?? 0;
  const note = !reason ? ' (lowest rate reached; not saturated)' : reason === 'time budget' ? ' (time budget reached)' : '';
  row(
    db,
    label,
    `Mattermost-equivalent users (${n} sockets on ${nodes.length} node${nodes.length > 1 ? 's' : ''}, healthy actions/s × ${MM_ACTION_S})`,
    `${mmUsers}${note}`,
    '≥ 50,000',
  );
  if (best) row(db, label, 'at rate / actions/s / mean / p99', `${best.rate} / ${best.actionsPerSec} / ${ms(best.avg)} / ${ms(best.p99)}`);
  if (wsFailed) row(db, label, 'failed sockets', String(wsFailed));
  return {
    users: n,
    nodes: nodes.length,
    loadProcs: procs.length,
    wsFailed,
    mmEquivalentUsers: mmUsers,
    stoppedBy: reason || 'lowest rate',
    best,
    steps,
  };
}

/** The three routes with the most total latency in a window: what made it unhealthy. */
function slowestRoutes(byRoute: Map<string, number[]>) {
  return [...byRoute]
    .map(([route, xs]) => ({ route, total: xs.reduce((a, b) => a + b, 0), ...roundStats(stats(xs)) }))
    .sort((a, b) => b.total - a.total)
    .slice(0, 3)
    .map(({ total: _total, ...r }) => r);
}

const REDIS_URL = process.env.PARLEY_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Parley nodes in cluster mode over one PostgreSQL database and Redis (ClusterSettings, as src/ws/cluster.test.ts). */
async function startCluster(db: Db, n: number): Promise<ServerProc[]> {
  const env = {
    MM_CLUSTERSETTINGS_ENABLE: 'true',
    MM_CLUSTERSETTINGS_CLUSTERNAME: 'bench-' + Math.random().toString(36).slice(2, 8),
    MM_CLUSTERSETTINGS_REDISURL: REDIS_URL,
  };
  const nodes: ServerProc[] = [];
  for (let i = 0; i < n; i++) nodes.push(await startServer({ db, env, nodeArgs: serverArgs }));
  return nodes;
}

/** The ceiling on one cluster node and on Q.nodes nodes (PostgreSQL + Redis); the ratio says what the second node adds. */
async function cluster(driver: string, db: Db, pop: Population) {
  if (driver !== 'postgres') return { skipped: 'cluster mode needs PostgreSQL' };
  if (!(await reachable(REDIS_URL))) {
    row(driver, 'cluster', 'skipped', `Redis not reachable at ${REDIS_URL}`);
    return { skipped: 'no Redis' };
  }
  const out: any = {};
  for (const n of [1, Q.nodes]) {
    const nodes = await startCluster(db, n);
    try {
      out[`nodes${n}`] = await ceiling(driver, nodes, pop, `cluster×${n}`);
    } finally {
      await Promise.all(nodes.map((s) => s.stop()));
    }
  }
  const one = out.nodes1.mmEquivalentUsers;
  const many = out[`nodes${Q.nodes}`].mmEquivalentUsers;
  out.ratio = round(many / one, 2);
  row(driver, 'cluster', `${Q.nodes} nodes ÷ 1 node (Mattermost-equivalent users)`, `${many} / ${one} = ${out.ratio}`, '> 1');
  return out;
}

// ---------- big channels ----------

/**
 * Fan-out to Q.bigMembers members of one channel, their sockets held by several load processes (BIG_PER_PROC each):
 * POST → every socket has `posted` p50/p99 against the bare relay to as many sockets, then the posts/s the server
 * sustains into that channel (10 posters) with every socket connected, and server CPU per delivered message.
 */
async function bigChannel(db: string, srv: ServerProc, pop: Population) {
  const n = Math.min(Q.bigMembers, pop.users);
  const nProcs = Math.max(2, Math.ceil(n / BIG_PER_PROC));
  const floor = await fanoutFloor(n, nProcs, Q.bigPosts);
  const tokens = Array.from({ length: n }, (_, i) => tokenOf(i + 1));
  const c = await openClients(srv.url, tokens, 'challenge', nProcs);
  const http = new Http(srv.url, 4);
  const r = await fanoutRun(c.procs, Q.bigPosts, async (k) => {
    await http.ok('POST', '/api/v4/posts', tokenOf(1), { channel_id: pop.bigChannel, message: `fo:${k} big channel` });
  });
  http.close();
  const s = stats(r.lat);
  // Sustained: 10 posters as fast as they can, every member's socket connected.
  const delivered = async () =>
    (
      await Promise.all(
        c.procs.map((p) => {
          p.send({ type: 'delivered' });
          return nextMessage<{ frames: number }>(p, 'delivered');
        }),
      )
    ).reduce((a, d) => a + d.frames, 0);
  const poster = await loadProc();
  const cpu0 = srv.cpuMs();
  const d0 = await delivered();
  const posters = Array.from({ length: 10 }, (_, i) => tokenOf(i + 1));
  poster.send({
    type: 'blast',
    spec: { url: srv.url, channelId: pop.bigChannel, tokens: posters, durationMs: Q.bigBlastMs, maxRequests: 100_000 },
  });
  const b = await nextMessage(poster, 'result', Q.bigBlastMs + 60_000);
  // Wait until the frames stop coming (or all arrived): the server's CPU for them counts too.
  let got = (await delivered()) - d0;
  for (let i = 0; i < 60 && got < b.ok * c.opened; i++) {
    await sleep(500);
    const g = (await delivered()) - d0;
    if (g === got) break;
    got = g;
  }
  const cpuMs = srv.cpuMs() - cpu0;
  await stopProc(poster);
  await Promise.all(c.procs.map(stopProc));
  const postsPerSec = b.ok / (b.elapsedMs / 1000);
  const bs = stats(b.lat);
  fanoutRows(db, 'bigchannel', `${c.opened} members`, s, floor);
  row(db, 'bigchannel', `posts/s sustained into it (10 posters), POST p99`, `${round(postsPerSec, 0)} / ${ms(bs.p99)}`);
  row(
    db,
    'bigchannel',
    'messages delivered of expected; server CPU per delivered message',
    `${got} of ${b.ok * c.opened}; ${round((cpuMs * 1000) / Math.max(1, got), 2)} µs`,
  );
  if (r.missed || c.failed) row(db, 'bigchannel', 'missed posts / failed sockets', `${r.missed} / ${c.failed}`);
  return {
    members: n,
    clients: c.opened,
    failed: c.failed,
    loadProcs: nProcs,
    missed: r.missed,
    latency: roundStats(s),
    floor,
    ratioP99: round(s.p99 / floor.latency.p99, 2),
    sustained: {
      postsPerSec: round(postsPerSec, 1),
      posts: b.ok,
      errors: b.errors,
      postLatency: roundStats(bs),
      delivered: got,
      expected: b.ok * c.opened,
      serverCpuMs: cpuMs,
      serverCpuUsPerDelivered: round((cpuMs * 1000) / Math.max(1, got), 3),
    },
  };
}

/**
 * PostgreSQL: the CPU time its backends serving `dataSource` have used so far (from /proc: the bench runs beside the
 * database), so that server CPU per request includes the queries' own; SQLite runs inside the server: 0.
 */
async function backendsCpu(dataSource: string): Promise<() => Promise<number>> {
  const c = new pg.Client({ connectionString: dataSource });
  await c.connect();
  const pids = async () =>
    (await c.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) =>
      Number(r.pid),
    );
  const f = async () => (await pids()).reduce((sum, pid) => sum + (readCpuMs(pid) || 0), 0);
  return Object.assign(f, { close: () => c.end() });
}

async function historyAndSearch(db: Db, srv: ServerProc, pop: Population) {
  const http = new Http(srv.url, 2);
  const tok = tokenOf(1);
  const lat: number[] = [];
  // Warm the server's pool first, so that the backends counted stay the same through the loops.
  for (let i = 0; i < 10; i++) await http.request('GET', `/api/v4/channels/${pop.loadChannels[0]}/posts?page=0&per_page=60`, tok);
  const dbCpu = db.driver === 'postgres' ? await backendsCpu(db.dataSource) : async () => 0;
  // Server CPU per request (user + system, Parley and, on PostgreSQL, its backends; 10 ms ticks over hundreds of
  // requests): what the machine's other load stretches far less than latency.
  let cpu0 = srv.cpuMs() + (await dbCpu());
  const cpuPer = async (n: number) => {
    const c = srv.cpuMs() + (await dbCpu());
    const per = (c - cpu0) / n;
    cpu0 = c;
    return round(per, 2);
  };
  for (let i = 0; i < Q.historyReqs; i++) {
    const ch = pop.loadChannels[i % pop.loadChannels.length];
    const t = now();
    const r = await http.request('GET', `/api/v4/channels/${ch}/posts?page=0&per_page=60`, tok);
    if (r.status !== 200) throw new Error(`history → ${r.status}`);
    if (i >= 10) lat.push(now() - t);
  }
  const historyCpu = await cpuPer(Q.historyReqs);
  const deep: number[] = [];
  for (let i = 0; i < Q.historyReqs / 4; i++) {
    const ch = pop.loadChannels[i % pop.loadChannels.length];
    const t = now();
    await http.ok('GET', `/api/v4/channels/${ch}/posts?page=${10 + (i % 40)}&per_page=60`, tok);
    deep.push(now() - t);
  }
  const deepCpu = await cpuPer(Q.historyReqs / 4);
  const h = stats(lat);
  const hd = stats(deep);
  row(
    db.driver,
    'history',
    `GET channel posts page 0 (${Q.posts.toLocaleString()} posts), p50 / p99 (server CPU per request)`,
    `${ms(h.p50)} / ${ms(h.p99)} (${ms(historyCpu)})`,
    'p50 ≤ 2 ms, p99 ≤ 10 ms',
  );
  row(db.driver, 'history', 'GET channel posts pages 10-49, p50 / p99 (server CPU)', `${ms(hd.p50)} / ${ms(hd.p99)} (${ms(deepCpu)})`);
  const probe = await http.request('POST', `/api/v4/teams/${pop.teamId}/posts/search`, tok, {
    terms: 'needle7',
    is_or_search: false,
    page: 0,
    per_page: 60,
  });
  let search: any = { available: false, probeStatus: probe.status };
  if (probe.status === 200) {
    const rare: number[] = [];
    const common: number[] = [];
    let hits = 0;
    let rareCpu = 0;
    let commonCpu = 0;
    await cpuPer(1);
    for (let i = 0; i < Q.searchReqs; i++) {
      let t = now();
      const r = await http.ok('POST', `/api/v4/teams/${pop.teamId}/posts/search`, tok, {
        terms: `needle${(i * 37) % 1000}`,
        is_or_search: false,
        page: 0,
        per_page: 60,
      });
      rare.push(now() - t);
      rareCpu += await cpuPer(Q.searchReqs);
      hits += r?.order?.length ?? 0;
      t = now();
      await http.ok('POST', `/api/v4/teams/${pop.teamId}/posts/search`, tok, {
        terms: ['deploy', 'meeting', 'coffee', 'roadmap'][i % 4],
        is_or_search: false,
        page: 0,
        per_page: 60,
      });
      common.push(now() - t);
      commonCpu += await cpuPer(Q.searchReqs);
    }
    const sr = stats(rare);
    const sc = stats(common);
    search = {
      available: true,
      rare: { ...roundStats(sr), serverCpuMs: round(rareCpu, 2) },
      common: { ...roundStats(sc), serverCpuMs: round(commonCpu, 2) },
      avgHitsRare: round(hits / Q.searchReqs, 1),
    };
    row(
      db.driver,
      'search',
      'rare term (~1/1000 posts), p50 / p99 (server CPU)',
      `${ms(sr.p50)} / ${ms(sr.p99)} (${ms(rareCpu)})`,
      'p99 ≤ 50 ms',
    );
    row(
      db.driver,
      'search',
      'common word (~1/37 posts), p50 / p99 (server CPU)',
      `${ms(sc.p50)} / ${ms(sc.p99)} (${ms(commonCpu)})`,
      'p99 ≤ 50 ms',
    );
  } else {
    row(db.driver, 'search', 'POST /teams/{id}/posts/search', `n/a (${probe.status})`, 'p99 ≤ 50 ms');
  }
  http.close();
  await (dbCpu as { close?: () => Promise<void> }).close?.();
  return {
    posts: Q.posts,
    history: { ...roundStats(h), serverCpuMs: historyCpu },
    historyDeep: { ...roundStats(hd), serverCpuMs: deepCpu },
    search,
  };
}

/**
 * Spawn → first ping, `runs` times; with the server's CPU time until then (user + system), which other engineers' load
 * on the machine stretches far less than the wall time.
 */
async function coldStarts(db: Db, label: string, runs: number): Promise<Stats & { cpuMs: number }> {
  const xs: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = await startServer({ db });
    xs.push(s.startMs);
    cpu.push(s.cpuMs());
    await s.stop();
  }
  return { ...stats(xs), cpuMs: stats(cpu).p50 };
}

/** The database's size on disk: PostgreSQL's pg_database_size, SQLite's file with its WAL. */
async function dbBytes(db: Db): Promise<number> {
  if (db.driver === 'sqlite') {
    const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
    return size(db.dataSource) + size(db.dataSource + '-wal');
  }
  const c = new pg.Client({ connectionString: db.dataSource });
  await c.connect();
  try {
    return Number((await c.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n);
  } finally {
    await c.end();
  }
}

/** Records and prints how long a scenario ran (each should take well under a minute). */
function took(out: any, scenario: string, since: number): void {
  const seconds = round((now() - since) / 1000, 1);
  (out.seconds ??= {})[scenario] = seconds;
  console.log(`  (${scenario}: ${seconds} s)`);
}

function roundStats(s: Stats) {
  return { n: s.n, p50: round(s.p50), p99: round(s.p99), avg: round(s.avg), max: round(s.max) };
}

// ---------- one database ----------

async function runDriver(driver: Driver): Promise<any> {
  console.log(`\n== ${driver} ==`);
  const out: any = {};
  const users = Math.max(
    Q.users,
    scenarios.has('ceiling') || scenarios.has('cluster') ? Q.ceilingUsers : 0,
    scenarios.has('bigchannel') ? Q.bigMembers : 0,
  );
  const bigMembers = scenarios.has('bigchannel') ? Q.bigMembers : 0;
  const withPosts = scenarios.has('history') || scenarios.has('coldstart');
  let db = await freshDb(driver, keepDb);
  const kept = db.existed ? await seededPopulation(db, users, withPosts ? Q.posts : 0, bigMembers) : undefined;
  if (db.existed && !kept) {
    console.log(`  the kept database ${keepDb} holds another population: seeding it afresh`);
    await db.drop();
    db = await freshDb(driver, keepDb);
  }
  try {
    let srv: ServerProc;
    let pop: Population;
    let adminToken = '';
    if (kept) {
      pop = kept.pop;
      console.log(`  reusing the kept database ${keepDb} (${users} users, ${Q.posts.toLocaleString()} posts)`);
    } else {
      srv = await startServer({ db });
      out.firstStartMs = round(srv.startMs, 1);
      const http = new Http(srv.url, 4);
      const admin = await http.ok('POST', '/api/v4/users', undefined, {
        username: 'benchadmin',
        email: 'benchadmin@example.com',
        password: 'Bench-admin-1',
      });
      const login = await http.request('POST', '/api/v4/users/login', undefined, { login_id: 'benchadmin', password: 'Bench-admin-1' });
      adminToken = String(login.headers.token ?? '');
      const team = await http.ok('POST', '/api/v4/teams', adminToken, { name: 'bench', display_name: 'Bench', type: 'O' });
      http.close();
      await srv.stop();
      const t = now();
      pop = await seedPopulation(db, team.id, admin.id, users, bigMembers);
      console.log(`  seeded ${users} users with sessions and memberships in ${round(now() - t, 0)} ms`);
    }

    if (scenarios.has('coldstart') && !kept) {
      const c = await coldStarts(db, 'empty', Q.coldRuns);
      out.coldStartEmpty = { ...roundStats(c), cpuMs: c.cpuMs };
      row(
        driver,
        'coldstart',
        `spawn → first ping, no posts (${Q.users} users), median of ${Q.coldRuns} (server CPU)`,
        `${ms(c.p50)} (${ms(c.cpuMs)})`,
        '≤ 300 ms',
      );
    }

    if (scenarios.has('notify')) {
      const ts = now();
      try {
        out.notify = await postWithNotifications(driver, db, pop);
      } catch (err) {
        console.log(`  ! notify failed: ${(err as Error).message}`);
        out.notify = { error: String((err as Error).message) };
      }
      took(out, 'notify', ts);
    }

    const live = ['post', 'hooks', 'fanout', 'conns', 'day', 'ceiling', 'bigchannel'].filter((s) => scenarios.has(s as Scenario));
    if (live.length) {
      for (const s of live) {
        srv = await startServer({ db, nodeArgs: serverArgs });
        console.log(`  ${s}…`);
        const ts = now();
        try {
          if (s === 'post') out.post = await postThroughput(driver, srv, pop);
          if (s === 'hooks') out.hooks = await incomingWebhookThroughput(driver, srv, pop, adminToken);
          if (s === 'fanout') out.fanout = await fanout(driver, srv, pop);
          if (s === 'conns') out.conns = await connections(driver, srv);
          if (s === 'day') out.day = await dayAtWork(driver, srv, pop);
          if (s === 'ceiling') out.ceiling = await ceiling(driver, [srv], pop);
          if (s === 'bigchannel') out.bigchannel = await bigChannel(driver, srv, pop);
        } catch (err) {
          console.log(`  ! ${s} failed: ${(err as Error).message}\n${srv.stderr().slice(-2000)}`);
          out[s] = { error: String((err as Error).message) };
        }
        took(out, s, ts);
        await srv.stop();
      }
    }

    if (scenarios.has('cluster')) {
      const ts = now();
      try {
        out.cluster = await cluster(driver, db, pop);
      } catch (err) {
        console.log(`  ! cluster failed: ${(err as Error).message}`);
        out.cluster = { error: String((err as Error).message) };
      }
      took(out, 'cluster', ts);
    }

    if (scenarios.has('history') || scenarios.has('coldstart')) {
      const ts = now();
      if (!kept) {
        const seedMs = await seedPosts(db, pop.loadChannels, Q.posts, console.log);
        out.seedPostsMs = seedMs;
        console.log(`  seeded ${Q.posts.toLocaleString()} posts in ${round((now() - ts) / 1000, 1)} s`);
      }
      out.dbBytes = await dbBytes(db);
      console.log(`  database size ${(out.dbBytes / 2 ** 30).toFixed(2)} GiB`);
      if (scenarios.has('coldstart')) {
        const c = await coldStarts(db, 'posts', Q.coldRuns);
        out.coldStartPosts = { ...roundStats(c), cpuMs: c.cpuMs };
        row(
          driver,
          'coldstart',
          `spawn → first ping, ${Q.posts.toLocaleString()} posts, median of ${Q.coldRuns} (server CPU)`,
          `${ms(c.p50)} (${ms(c.cpuMs)})`,
          large ? '≤ 500 ms' : '≤ 300 ms',
        );
      }
      if (scenarios.has('history')) {
        srv = await startServer({ db, nodeArgs: serverArgs });
        const th = now();
        try {
          out.history = await historyAndSearch(db, srv, pop);
        } catch (err) {
          console.log(`  ! history failed: ${(err as Error).message}\n${srv.stderr().slice(-2000)}`);
          out.history = { error: String((err as Error).message) };
        }
        took(out, 'history', th);
        await srv.stop();
      }
    }
  } finally {
    if (!keepDb || dropDb) await db.drop().catch(() => undefined);
    else console.log(`  kept the database ${keepDb} (${db.dataSource}); --drop-db removes it after the next run`);
  }
  return out;
}

function printTable(): void {
  const w = [0, 0, 0, 0];
  const cells = table.map((r) => [r.scenario, r.metric, r.value, r.target]);
  const head = ['scenario', 'metric', 'value', 'target'];
  for (const r of [head, ...cells]) r.forEach((c, i) => (w[i] = Math.max(w[i]!, c.length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => c.padEnd(w[i]!)).join(' | ') + ' |';
  console.log('\n' + line(head));
  console.log('|' + w.map((n) => '-'.repeat(n + 2)).join('|') + '|');
  for (const r of cells) console.log(line(r));
}

async function main(): Promise<void> {
  const t0 = now();
  build();
  console.log(
    `Parley bench${quick ? ' (quick)' : ''}: ${[...scenarios].join(', ')} on ${drivers.join(', ')}; ${os.cpus().length} CPUs, node ${process.version}`,
  );
  if (cpuProf) fs.mkdirSync(PROF_DIR, { recursive: true });
  for (const d of drivers) results.runs[d] = await runDriver(d);
  results.totalSeconds = round((now() - t0) / 1000, 1);
  results.table = table;
  printTable();
  const dir = path.join(ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(
    `\nwrote bench/results/latest.json (${results.totalSeconds} s)${cpuProf ? `; CPU profiles in ${path.relative(ROOT, PROF_DIR)}` : ''}`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
