// Two Parley nodes on one PostgreSQL database and one Redis: events, typing, statuses, presence, role changes,
// invalidations and reconnects cross nodes, a killed node's users go offline, and a lost Redis (a private one, started
// and killed here) only delays what crosses. Always runs on PostgreSQL (nodes cannot share an embedded database);
// skips if Redis or PostgreSQL is down.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { defaultConfig, type Config } from '../config/config.ts';
import { createServer, type ParleyServer } from '../server.ts';
import { newId } from '../model/id.ts';
import type { WsEvent } from '../model/ws-events.ts';
import { busChannel } from './cluster.ts';
import { fails, uniq } from '../../test/helper.ts';
import { freePort, spawnParley } from '../../test/process.ts';

const PG_ADMIN_URL = process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string, dflt: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || dflt) });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

const available = (await reachable(REDIS_URL, 6379)) && (await reachable(PG_ADMIN_URL, 5432));

/** Waits for state that changes when a socket closes or Redis comes and goes (bounded: 500 checks, 10 ms apart). */
async function eventually(what: string, fn: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never held: ${what}`);
}

/** A Redis client for looking at (or planting) the cluster's keys, and a bus listener. */
async function redisClient(url = REDIS_URL) {
  const { Redis } = await import('ioredis');
  const r = new Redis(url, { maxRetriesPerRequest: 1 });
  r.on('error', () => undefined);
  return r;
}

/** Deletes what a test cluster left in Redis (a killed node's connection counts last a day when nobody sweeps them). */
async function dropClusterKeys(clusterName: string): Promise<void> {
  const r = await redisClient();
  const left = await r.keys(`parley:${clusterName}:*`);
  if (left.length) await r.del(...left);
  r.disconnect();
}

/** Records every event that crosses a cluster's bus (what each node delivers to its own sockets). */
async function watchBus(clusterName: string) {
  const sub = await redisClient();
  const events: WsEvent[] = [];
  sub.on('message', (_ch: string, text: string) => {
    const m = JSON.parse(text) as { e?: WsEvent };
    if (m.e) events.push(m.e);
  });
  await sub.subscribe(busChannel(clusterName));
  return {
    events,
    /** Waits for an event matching `pred`; a dead node is noticed within its timeout plus a third of it, so 10 s is ample. */
    async until(pred: (e: WsEvent) => boolean, what: string): Promise<WsEvent> {
      for (let i = 0; i < 1000; i++) {
        const e = events.find(pred);
        if (e) return e;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`never on the bus: ${what}`);
    },
    close: () => sub.disconnect(),
  };
}

/** A TCP proxy to Redis that a test can cut (every connection dropped, new ones refused) and restore. */
async function redisProxy(target = REDIS_URL) {
  const t = new URL(target);
  const port = await freePort();
  const conns = new Set<net.Socket>();
  let server: net.Server | undefined;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net
        .createServer((down) => {
          const up = net.connect(Number(t.port || 6379), t.hostname);
          const end = () => {
            down.destroy();
            up.destroy();
            conns.delete(down);
            conns.delete(up);
          };
          for (const s of [down, up]) {
            conns.add(s);
            s.on('error', end).on('close', end);
          }
          down.pipe(up).pipe(down);
        })
        .listen(port, '127.0.0.1', () => resolve());
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of conns) s.destroy();
      if (server) server.close(() => resolve());
      else resolve();
      server = undefined;
    });
  await listen();
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen };
}

interface Frame {
  event?: string;
  data?: Record<string, any>;
  broadcast?: Record<string, any>;
  seq?: number;
  status?: string;
  seq_reply?: number;
}

/** A raw websocket client: authenticates with the challenge and records every frame. */
class RawWs {
  frames: Frame[] = [];
  closed = false;
  private waiters: Array<() => void> = [];
  private out = 1;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.frames.push(JSON.parse(String(d)) as Frame);
      this.wake();
    });
    ws.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }
  static async open(baseUrl: string, token: string, query = '', challenge = !query): Promise<RawWs> {
    // The token goes in the authentication_challenge, or in the upgrade's Authorization header.
    const headers = challenge ? undefined : { authorization: 'Bearer ' + token };
    const ws = new WebSocket(baseUrl.replace('http', 'ws') + '/api/v4/websocket' + query, { headers });
    const c = new RawWs(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (challenge) c.send('authentication_challenge', { token });
    await c.until((f) => f.event === 'hello' || (query !== '' && f.seq_reply === 1), 'hello or challenge reply');
    return c;
  }
  send(action: string, data: Record<string, unknown>): number {
    const seq = this.out++;
    this.ws.send(JSON.stringify({ action, seq, data }));
    return seq;
  }
  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  /** Waits for a frame matching `pred` (already received or future); fails after 5 s. */
  async until(pred: (f: Frame) => boolean, what = 'frame'): Promise<Frame> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const f = this.frames.find(pred);
      if (f) return f;
      if (this.closed) throw new Error(`socket closed before ${what}`);
      if (Date.now() > deadline) throw new Error(`no ${what}; got ${this.frames.map((x) => x.event ?? x.status).join(',')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
  async closedWithin(): Promise<boolean> {
    const deadline = Date.now() + 5000;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return this.closed;
  }
  events(): Frame[] {
    return this.frames.filter((f) => f.event);
  }
  close(): void {
    this.ws.close();
  }
}

describe.skipIf(!available)('cluster: two nodes on one PostgreSQL database and Redis', () => {
  const dbName = 'parley_c_' + newId().slice(0, 12);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cluster-'));
  let a: ParleyServer;
  let b: ParleyServer;
  const sockets: RawWs[] = [];
  let user: { client: Client4; user: UserProfile; token: string };
  let user2: { client: Client4; user: UserProfile; token: string };
  let team: Team;
  let channel: Channel;
  let dbUrl = '';
  let clusterName = '';

  function nodeConfig(dataSource: string, clusterName: string): Config {
    const c = defaultConfig();
    c.ServiceSettings.ListenAddress = '127.0.0.1:0';
    c.ServiceSettings.EnableDeveloper = true;
    c.TeamSettings.EnableOpenServer = true;
    c.PasswordSettings.PBKDF2WorkFactor = 1000;
    c.LogSettings.EnableConsole = false;
    c.FileSettings.Directory = path.join(dir, 'files');
    c.SqlSettings.DriverName = 'postgres';
    c.SqlSettings.DataSource = dataSource;
    c.SqlSettings.MaxOpenConns = 5;
    c.ClusterSettings.Enable = true;
    c.ClusterSettings.RedisURL = REDIS_URL;
    c.ClusterSettings.ClusterName = clusterName;
    return c;
  }

  function client(server: { url: string }, token = ''): Client4 {
    const c = new Client4();
    c.setUrl(server.url);
    c.setIncludeCookies(false);
    if (token) c.setToken(token);
    return c;
  }

  async function signUp(server: ParleyServer, prefix: string): Promise<{ client: Client4; user: UserProfile; token: string }> {
    const name = uniq(prefix);
    const password = 'Passw0rd-' + name;
    await client(server).createUser({ username: name, email: `${name}@example.com`, password } as UserProfile, '', '');
    const c = client(server);
    const u = await c.login(name, password);
    return { client: c, user: u, token: c.getToken() };
  }

  /** Starts a node as a process of its own (SIGKILL is the point) on the test database; resolves once it answers. */
  async function spawnNode(name: string, env: Record<string, string> = {}): Promise<{ proc: ChildProcess; url: string }> {
    const port = await freePort();
    return spawnParley(port, {
      MM_SQLSETTINGS_DRIVERNAME: 'postgres',
      MM_SQLSETTINGS_DATASOURCE: dbUrl,
      MM_SQLSETTINGS_MAXOPENCONNS: '5',
      MM_FILESETTINGS_DIRECTORY: path.join(dir, `files-${port}`),
      MM_CLUSTERSETTINGS_ENABLE: 'true',
      MM_CLUSTERSETTINGS_REDISURL: REDIS_URL,
      MM_CLUSTERSETTINGS_CLUSTERNAME: name,
      ...env,
    });
  }

  async function open(server: { url: string }, token: string, query = '', challenge?: boolean): Promise<RawWs> {
    const s = await RawWs.open(server.url, token, query, challenge);
    sockets.push(s);
    return s;
  }

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(PG_ADMIN_URL);
    u.pathname = '/' + dbName;
    clusterName = 'test-' + newId();
    dbUrl = u.toString();
    a = await createServer(nodeConfig(u.toString(), clusterName), { logLevel: 'silent' });
    b = await createServer(nodeConfig(u.toString(), clusterName), { logLevel: 'silent' });
    user = await signUp(a, 'cla');
    user2 = await signUp(a, 'clb');
    team = await user.client.createTeam({ name: uniq('team'), display_name: 'Cluster', type: 'O' } as Team);
    await user.client.addToTeam(team.id, user2.user.id);
    channel = await user.client.createChannel({ team_id: team.id, name: uniq('chan'), display_name: 'Cluster', type: 'O' } as Channel);
    await user.client.addToChannel(user2.user.id, channel.id);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await b?.close();
    await dropClusterKeys(clusterName);
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a client on node B receives posted for posts made through node A, with gapless seq', async () => {
    const onB = await open(b, user2.token);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await user.client.createPost({ channel_id: channel.id, message: `from A ${i}` } as any)).id);
    for (const id of ids) {
      const f = await onB.until((x) => x.event === 'posted' && JSON.parse(x.data!.post).id === id, `posted ${id}`);
      expect(f.broadcast!.channel_id).toBe(channel.id);
    }
    const seqs = onB.events().map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    // Each event arrives once on B even though both nodes hear the bus.
    const posted = onB
      .events()
      .filter((e) => e.event === 'posted')
      .map((e) => JSON.parse(e.data!.post).id);
    expect(posted.filter((id) => ids.includes(id))).toEqual(ids);
  });

  it('typing on node A reaches a channel member on node B', async () => {
    const onA = await open(a, user.token);
    const onB = await open(b, user2.token);
    const seq = onA.send('user_typing', { channel_id: channel.id, parent_id: '' });
    await onA.until((f) => f.seq_reply === seq && f.status === 'OK', 'typing reply');
    const t = await onB.until((f) => f.event === 'typing', 'typing');
    expect(t.data).toEqual({ parent_id: '', user_id: user.user.id });
    expect(t.broadcast!.channel_id).toBe(channel.id);
  });

  it('a membership change on node A is seen by node B before the next post (cache invalidated across nodes)', async () => {
    const user3 = await signUp(a, 'clc');
    await user.client.addToTeam(team.id, user3.user.id);
    const onB3 = await open(b, user3.token);
    // Warm node B's member cache of the channel while user3 is not in it.
    const onB2 = await open(b, user2.token);
    const before = await user.client.createPost({ channel_id: channel.id, message: 'before' } as any);
    await onB2.until((f) => f.event === 'posted' && JSON.parse(f.data!.post).id === before.id, 'posted before');
    expect(onB3.events().some((e) => e.event === 'posted' && e.broadcast!.channel_id === channel.id)).toBe(false);
    await user.client.addToChannel(user3.user.id, channel.id);
    const after = await user.client.createPost({ channel_id: channel.id, message: 'after' } as any);
    await onB3.until((f) => f.event === 'posted' && JSON.parse(f.data!.post).id === after.id, 'posted after join');
  });

  it('status_change crosses nodes, and node B reads the new status', async () => {
    const onB = await open(b, user2.token);
    // A manual status through node A's REST API (automatic changes cannot override it).
    await client(a, user2.token).updateStatus({ user_id: user2.user.id, status: 'dnd' } as any);
    const sc = await onB.until((f) => f.event === 'status_change' && f.data!.status === 'dnd', 'status_change dnd');
    expect(sc.data!.user_id).toBe(user2.user.id);
    const st = await client(b, user2.token).getStatusesByIds([user2.user.id]);
    expect(st[0]?.status).toBe('dnd');
  });

  it('logout on node A closes the sockets of that session on node B', async () => {
    const u = await signUp(a, 'cld');
    const onB = await open(b, u.token);
    const other = await signUp(a, 'cle');
    const keep = await open(b, other.token);
    await u.client.logout();
    expect(await onB.closedWithin()).toBe(true);
    expect(keep.closed).toBe(false);
    // The revoked token no longer works on node B either.
    const res = await fetch(b.url + '/api/v4/users/me', { headers: { authorization: 'Bearer ' + u.token } });
    expect(res.status).toBe(401);
  });

  it('a client reconnecting to the other node gets a fresh hello', async () => {
    const onA = await open(a, user.token);
    const hello = await onA.until((f) => f.event === 'hello');
    const oldId = hello.data!.connection_id as string;
    onA.close();
    await onA.closedWithin();
    const onB = await open(b, user.token, `?connection_id=${oldId}&sequence_number=1`);
    const hello2 = onB.events()[0]!;
    expect(hello2.event).toBe('hello');
    expect(hello2.seq).toBe(0);
    expect(hello2.data!.connection_id).not.toBe(oldId);
    const p = await user2.client.createPost({ channel_id: channel.id, message: 'after reconnect' } as any);
    const f = await onB.until((x) => x.event === 'posted' && JSON.parse(x.data!.post).id === p.id, 'posted after reconnect');
    expect(f.seq).toBe(onB.events().indexOf(f));
  });
  it('a token client resuming through the challenge on the same node gets what it missed, without a new hello', async () => {
    const first = await open(a, user.token);
    const hello = await first.until((f) => f.event === 'hello');
    const p1 = await user2.client.createPost({ channel_id: channel.id, message: 'seen' } as any);
    const seen = await first.until((f) => f.event === 'posted' && JSON.parse(f.data!.post).id === p1.id, 'posted seen');
    first.close();
    await first.closedWithin();
    const p2 = await user2.client.createPost({ channel_id: channel.id, message: 'missed' } as any);
    const again = await open(a, user.token, `?connection_id=${hello.data!.connection_id}&sequence_number=${seen.seq! + 1}`, true);
    const missed = await again.until((f) => f.event === 'posted' && JSON.parse(f.data!.post).id === p2.id, 'missed post replayed');
    expect(missed.seq).toBeGreaterThan(seen.seq!);
    expect(again.events().some((e) => e.event === 'hello')).toBe(false);
  });

  it('node A killed mid-burst: every post that got a 201 is stored once and delivered on node B', async () => {
    // Node A as its own process, node B in-process, both on the same database and Redis.
    const { proc, url: urlA } = await spawnNode(clusterName);
    try {
      const onB = await open(b, user2.token);
      const created: string[] = [];
      let sent = 0;
      let killed = false;
      const poster = async (w: number) => {
        for (let i = 0; i < 100 && !killed; i++) {
          const n = sent++;
          const res = await fetch(urlA + '/api/v4/posts', {
            method: 'POST',
            headers: { authorization: 'Bearer ' + user.token, 'content-type': 'application/json' },
            body: JSON.stringify({ channel_id: channel.id, message: `burst ${w}-${n}` }),
          }).catch(() => undefined);
          if (res?.status === 201) created.push(((await res.json().catch(() => ({}))) as { id?: string }).id ?? '');
          if (created.length >= 40 && !killed) {
            killed = true;
            proc.kill('SIGKILL');
          }
        }
      };
      await Promise.all([0, 1, 2, 3].map(poster));
      expect(killed).toBe(true);
      expect(created.length).toBeGreaterThanOrEqual(40);
      expect(created.every((id) => /^[a-z0-9]{26}$/.test(id))).toBe(true);
      // Stored once each (ids are primary keys; the message is unique per request, so count by message too).
      const db = new pg.Client({ connectionString: dbUrl });
      await db.connect();
      const rows = await db.query('SELECT id, message FROM posts WHERE id = ANY($1)', [created]);
      const dup = await db.query(
        `SELECT message, count(*) AS n FROM posts WHERE channel_id = $1 AND message LIKE 'burst %' GROUP BY message HAVING count(*) > 1`,
        [channel.id],
      );
      await db.end();
      expect(rows.rowCount).toBe(created.length);
      expect(dup.rowCount).toBe(0);
      // Delivered on node B: the publish left node A before its 201 did.
      for (const id of created) await onB.until((f) => f.event === 'posted' && JSON.parse(f.data!.post).id === id, `posted ${id} on B`);
    } finally {
      proc.kill('SIGKILL');
    }
  }, 60_000);

  it('a user stays online while any node holds a socket of theirs, and goes offline when the last one closes', async () => {
    const u = await signUp(a, 'clp');
    await user.client.addToTeam(team.id, u.user.id);
    await user.client.addToChannel(u.user.id, channel.id);
    const status = async (s: ParleyServer) => (await client(s, user.token).getStatusesByIds([u.user.id]))[0]?.status;
    const onA = await open(a, u.token);
    const onB = await open(b, u.token);
    await eventually('online', async () => (await status(b)) === 'online');

    onA.close();
    await eventually('socket closed on A', () => a.hub.activeConnections(u.user.id) === 0);
    await a.cluster!.settled();
    // Node A published what it decided before this post: a status_change to offline would reach B's socket first.
    const marker = await user.client.createPost({ channel_id: channel.id, message: 'presence marker' } as any);
    await onB.until((f) => f.event === 'posted' && JSON.parse(f.data!.post).id === marker.id, 'presence marker');
    expect(
      onB
        .events()
        .filter((e) => e.event === 'status_change')
        .map((e) => e.data!.status),
    ).not.toContain('offline');
    expect(await status(a)).toBe('online');
    expect(await status(b)).toBe('online');

    onB.close();
    await eventually('socket closed on B', () => b.hub.activeConnections(u.user.id) === 0);
    await b.cluster!.settled();
    expect(await status(b)).toBe('offline');
    await eventually('offline seen on A', async () => (await status(a)) === 'offline');
  });

  it('a role patched through node A is enforced by node B before B delivers role_updated', async () => {
    // The first account is the system admin; user2 is a plain system_user.
    const role = await user.client.getRoleByName('system_user');
    expect(role.permissions).toContain('create_team');
    const onB = await client(b, user2.token);
    const watcher = await open(b, user2.token);
    const newTeam = () => ({ name: uniq('rt'), display_name: 'Role test', type: 'O' }) as Team;
    await onB.createTeam(newTeam());
    try {
      await user.client.patchRole(role.id, { permissions: role.permissions.filter((p) => p !== 'create_team') });
      await watcher.until(
        (f) => f.event === 'role_updated' && !JSON.parse(f.data!.role).permissions.includes('create_team'),
        'role_updated without create_team',
      );
      const denied = await fails(onB.createTeam(newTeam()));
      expect(denied.status_code).toBe(403);
      expect(denied.server_error_id).toBe('api.context.permissions.app_error');
    } finally {
      await user.client.patchRole(role.id, { permissions: role.permissions });
    }
    await watcher.until(
      (f) => f.event === 'role_updated' && JSON.parse(f.data!.role).permissions.includes('create_team'),
      'role_updated with create_team',
    );
    expect((await onB.createTeam(newTeam())).id).toMatch(/^[a-z0-9]{26}$/);
    expect((await client(b, user.token).getRole(role.id)).permissions).toContain('create_team');
  });

  it('Redis lost: each node still serves its own clients; once Redis is back, events cross again', async () => {
    // Both nodes on a Redis of their own, so killing it leaves the shared one alone.
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const startRedis = () =>
      spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
        stdio: 'ignore',
      });
    const stopRedis = (p: ChildProcess) =>
      new Promise<void>((resolve) => {
        if (p.exitCode !== null || p.signalCode !== null) return resolve();
        p.once('exit', () => resolve());
        p.kill('SIGKILL');
      });
    let redis = startRedis();
    const { Redis } = await import('ioredis');
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    probe.on('error', () => undefined);
    const name = 'loss-' + newId();
    const nodeOnPrivateRedis = () => {
      const cfg = nodeConfig(dbUrl, name);
      cfg.ClusterSettings.RedisURL = url;
      return createServer(cfg, { logLevel: 'silent' });
    };
    let c: ParleyServer | undefined;
    let d: ParleyServer | undefined;
    try {
      await eventually('private Redis up', () => reachable(url, port));
      c = await nodeOnPrivateRedis();
      d = await nodeOnPrivateRedis();
      const nodeC = c;
      const nodeD = d;
      const bothSubscribed = async () => {
        if (!nodeC.cluster!.connected() || !nodeD.cluster!.connected()) return false;
        if (probe.status !== 'ready') await probe.connect().catch(() => undefined);
        const r = (await probe.pubsub('NUMSUB', nodeC.cluster!.channel).catch(() => [])) as [string, number];
        return Number(r[1]) >= 2;
      };
      const post = (s: ParleyServer, token: string, message: string) =>
        client(s, token).createPost({ channel_id: channel.id, message } as any);
      const sees = (ws: RawWs, id: string, what: string) =>
        ws.until((f) => f.event === 'posted' && JSON.parse(f.data!.post).id === id, what);
      const onC = await open(nodeC, user.token);
      const onD = await open(nodeD, user2.token);
      await eventually('both nodes subscribed', bothSubscribed);
      await sees(onD, (await post(nodeC, user.token, 'before the loss')).id, 'C → D before the loss');

      probe.disconnect();
      await stopRedis(redis);
      await eventually('both nodes see Redis gone', () => !nodeC.cluster!.connected() && !nodeD.cluster!.connected());
      const fromC = await post(nodeC, user.token, 'on C without Redis');
      await sees(onC, fromC.id, 'own post on C without Redis');
      const fromD = await post(nodeD, user2.token, 'on D without Redis');
      await sees(onD, fromD.id, 'own post on D without Redis');
      // What could not cross waits in the outbox.
      expect(nodeC.cluster!.pending()).toBeGreaterThan(0);
      expect(nodeD.cluster!.pending()).toBeGreaterThan(0);

      redis = startRedis();
      await eventually('private Redis back', () => reachable(url, port));
      await eventually('both nodes subscribed again', bothSubscribed);
      await eventually('outboxes drained', () => nodeC.cluster!.pending() === 0 && nodeD.cluster!.pending() === 0);
      await sees(onD, (await post(nodeC, user.token, 'C after Redis returned')).id, 'C → D after Redis returned');
      await sees(onC, (await post(nodeD, user2.token, 'D after Redis returned')).id, 'D → C after Redis returned');
    } finally {
      probe.disconnect();
      await c?.close();
      await d?.close();
      await stopRedis(redis);
    }
  }, 30_000);

  it('node A killed: a survivor sets offline its users with no socket on a live node; the others keep their status', async () => {
    // A cluster of its own whose nodes take a silent node for dead after 2.5 s (A's heartbeat ttl, and B's and C's
    // sweep cadence) instead of the default 30 s; A is a process of its own so that it can be killed.
    const name = 'dead-' + newId();
    const timeoutMs = 2500;
    const survivor = () => {
      const cfg = nodeConfig(dbUrl, name);
      cfg.ClusterSettings.ParleyNodeTimeoutMilliseconds = timeoutMs;
      return createServer(cfg, { logLevel: 'silent' });
    };
    const u = await signUp(a, 'clu'); // a socket on A only
    const v = await signUp(a, 'clv'); // sockets on A and on B
    const m = await signUp(a, 'clm'); // a socket on A only, and a manual dnd
    const w = await signUp(a, 'clw'); // reads statuses through B
    await user.client.addToTeam(team.id, v.user.id);
    await user.client.addToChannel(v.user.id, channel.id);
    const bus = await watchBus(name);
    const probe = await redisClient();
    const { proc, url: urlA } = await spawnNode(name, { MM_CLUSTERSETTINGS_PARLEYNODETIMEOUTMILLISECONDS: String(timeoutMs) });
    let nodeB: ParleyServer | undefined;
    let nodeC: ParleyServer | undefined;
    try {
      const B = (nodeB = await survivor());
      const C = (nodeC = await survivor());
      const statusOnB = async (id: string) => (await client(B, w.token).getStatus(id)).status;
      for (const x of [u, v, m]) await open({ url: urlA }, x.token);
      const vOnB = await open(B, v.token);
      for (const x of [u, v, m]) await eventually(`${x.user.username} online`, async () => (await statusOnB(x.user.id)) === 'online');
      await client(B, m.token).updateStatus({ user_id: m.user.id, status: 'dnd' } as any);
      await eventually('m dnd', async () => (await statusOnB(m.user.id)) === 'dnd');
      const prefix = `parley:${name}:`;
      const idA = (await probe.smembers(prefix + 'nodes')).find((id) => id !== B.cluster!.nodeId && id !== C.cluster!.nodeId);
      expect(idA).toBeDefined();
      expect(await probe.hget(prefix + 'conns:' + idA, u.user.id)).toBe('1');

      proc.kill('SIGKILL');
      // The status path of a last socket closing: status_change to the user (on whichever node holds their sockets).
      const gone = await bus.until(
        (e) => e.event === 'status_change' && e.data.user_id === u.user.id && e.data.status === 'offline',
        'u offline',
      );
      expect(gone.broadcast.user_id).toBe(u.user.id);
      expect(await statusOnB(u.user.id)).toBe('offline');
      const db = new pg.Client({ connectionString: dbUrl });
      await db.connect();
      const row = await db.query('SELECT status, manual FROM status WHERE user_id = $1', [u.user.id]).finally(() => db.end());
      expect(row.rows.map((r) => [r.status, Number(r.manual)])).toEqual([['offline', 0]]);

      // One survivor claimed A: its hash and its place in the node list are gone, and nothing is left to claim.
      await B.cluster!.settled();
      await C.cluster!.settled();
      expect(await probe.exists(prefix + 'conns:' + idA)).toBe(0);
      expect(await probe.sismember(prefix + 'nodes', idA!)).toBe(0);
      expect([...(await B.cluster!.sweepDeadNodes()), ...(await C.cluster!.sweepDeadNodes())]).toEqual([]);
      // Every user of A was decided, so its sweep record went too.
      expect(await probe.exists(prefix + 'sweeping:' + idA)).toBe(0);
      expect(await probe.sismember(prefix + 'sweeps', idA!)).toBe(0);
      // A manual status stays, as on a normal disconnect.
      expect(await statusOnB(m.user.id)).toBe('dnd');
      // v still has a socket on B: no offline, and B published everything it decided before this post.
      const marker = await client(B, v.token).createPost({ channel_id: channel.id, message: 'after A died' } as any);
      await vOnB.until((f) => f.event === 'posted' && JSON.parse(f.data!.post).id === marker.id, 'marker on B');
      expect(bus.events.some((e) => e.event === 'status_change' && e.data.user_id === v.user.id && e.data.status === 'offline')).toBe(
        false,
      );
      expect(
        vOnB
          .events()
          .filter((e) => e.event === 'status_change')
          .map((e) => e.data!.status),
      ).not.toContain('offline');
      expect(await statusOnB(v.user.id)).toBe('online');
    } finally {
      proc.kill('SIGKILL');
      bus.close();
      probe.disconnect();
      await nodeB?.close();
      await nodeC?.close();
      await dropClusterKeys(name);
    }
  });

  it('two survivors sweeping at once: exactly one claims a dead node; a node of an earlier version (no heartbeat) is never claimed', async () => {
    const x = await signUp(a, 'clx');
    await client(a, x.token).updateStatus({ user_id: x.user.id, status: 'online' } as any);
    const probe = await redisClient();
    const prefix = `parley:${clusterName}:`;
    const dead = newId();
    const old = newId();
    try {
      // A node that died holding x's socket (hash left, heartbeat gone), and a live node that keeps no heartbeat.
      await probe
        .multi()
        .hset(prefix + 'conns:' + dead, { '~': 'hb', [x.user.id]: '1' })
        .hset(prefix + 'conns:' + old, { '~': '1', [x.user.id]: '1' })
        .sadd(prefix + 'nodes', dead, old)
        .exec();
      const claims = await Promise.all([a.cluster!.sweepDeadNodes(), b.cluster!.sweepDeadNodes()]);
      expect(claims.flat()).toEqual([dead]);
      expect(await probe.sismember(prefix + 'nodes', old)).toBe(1);
      // x is still counted on the old node, so x stays online.
      await a.cluster!.settled();
      await b.cluster!.settled();
      expect((await client(b, x.token).getStatus(x.user.id)).status).toBe('online');

      // Once that node is gone too, a dead node listing x sets x offline.
      await probe
        .multi()
        .del(prefix + 'conns:' + old)
        .hset(prefix + 'conns:' + dead, { '~': 'hb', [x.user.id]: '1' })
        .sadd(prefix + 'nodes', dead)
        .exec();
      expect([...(await a.cluster!.sweepDeadNodes()), ...(await b.cluster!.sweepDeadNodes())]).toEqual([dead]);
      await a.cluster!.settled();
      await b.cluster!.settled();
      await eventually('x offline on both nodes', async () =>
        (await Promise.all([a, b].map(async (s) => (await client(s, x.token).getStatus(x.user.id)).status))).every(
          (st) => st === 'offline',
        ),
      );
    } finally {
      await probe.del(prefix + 'conns:' + dead, prefix + 'conns:' + old, prefix + 'sweeping:' + dead);
      await probe.srem(prefix + 'nodes', dead, old);
      await probe.srem(prefix + 'sweeps', dead);
      probe.disconnect();
    }
  });

  it('a claimer that died mid-sweep: a survivor takes over its unfinished sweep; one whose claimer lives is left to it', async () => {
    const x = await signUp(a, 'clq'); // left undecided by a claimer that died
    const y = await signUp(a, 'clr'); // being decided by a claimer that lives
    for (const u of [x, y]) await client(a, u.token).updateStatus({ user_id: u.user.id, status: 'online' } as any);
    const probe = await redisClient();
    const prefix = `parley:${clusterName}:`;
    const [deadX, deadY, crashedClaimer, liveClaimer] = [newId(), newId(), newId(), newId()];
    const status = async (u: typeof x) => (await client(b, u.token).getStatus(u.user.id)).status;
    const offlineOnBoth = (u: typeof x) =>
      eventually(`${u.user.username} offline on both nodes`, async () =>
        (await Promise.all([a, b].map(async (s) => (await client(s, u.token).getStatus(u.user.id)).status))).every(
          (st) => st === 'offline',
        ),
      );
    try {
      // What claimers leave in Redis between claiming a dead node and deciding its users: a sweep record per dead node,
      // owned by the claimer. One claimer crashed (no heartbeat), the other one lives.
      await probe
        .multi()
        .hset(prefix + 'sweeping:' + deadX, { '~': crashedClaimer, [x.user.id]: '1' })
        .hset(prefix + 'sweeping:' + deadY, { '~': liveClaimer, [y.user.id]: '1' })
        .sadd(prefix + 'sweeps', deadX, deadY)
        .set(prefix + 'alive:' + liveClaimer, '1', 'PX', 60_000)
        .exec();
      const claims = await Promise.all([a.cluster!.sweepDeadNodes(), b.cluster!.sweepDeadNodes()]);
      expect(claims.flat()).toEqual([deadX]);
      await a.cluster!.settled();
      await b.cluster!.settled();
      await offlineOnBoth(x);
      expect(await probe.hexists(prefix + 'sweeping:' + deadX, x.user.id)).toBe(0);
      // The live claimer's record is untouched, and y stays online until it decides (or dies).
      expect(await probe.hgetall(prefix + 'sweeping:' + deadY)).toEqual({ '~': liveClaimer, [y.user.id]: '1' });
      expect(await status(y)).toBe('online');

      // That claimer dies too: its record goes to one survivor.
      await probe.del(prefix + 'alive:' + liveClaimer);
      expect([...(await a.cluster!.sweepDeadNodes()), ...(await b.cluster!.sweepDeadNodes())]).toEqual([deadY]);
      await a.cluster!.settled();
      await b.cluster!.settled();
      await offlineOnBoth(y);
      // Decided users leave their record; the next sweep drops the empty records.
      expect([...(await a.cluster!.sweepDeadNodes()), ...(await b.cluster!.sweepDeadNodes())]).toEqual([]);
      expect(await probe.exists(prefix + 'sweeping:' + deadX, prefix + 'sweeping:' + deadY)).toBe(0);
      expect(await probe.smembers(prefix + 'sweeps')).toEqual([]);
    } finally {
      await probe.del(prefix + 'sweeping:' + deadX, prefix + 'sweeping:' + deadY, prefix + 'alive:' + liveClaimer);
      await probe.srem(prefix + 'sweeps', deadX, deadY);
      probe.disconnect();
    }
  });

  it('a node cut off from Redis long enough to be taken for dead puts its users back online when it returns', async () => {
    // Node D reaches Redis through a proxy the test cuts; node E reaches it directly.
    const name = 'cut-' + newId();
    const proxy = await redisProxy();
    const node = (url: string) => {
      const cfg = nodeConfig(dbUrl, name);
      cfg.ClusterSettings.RedisURL = url;
      cfg.ClusterSettings.ParleyNodeTimeoutMilliseconds = 1500;
      return createServer(cfg, { logLevel: 'silent' });
    };
    const x = await signUp(a, 'cly');
    let nodeD: ParleyServer | undefined;
    let nodeE: ParleyServer | undefined;
    try {
      const D = (nodeD = await node(proxy.url));
      const E = (nodeE = await node(REDIS_URL));
      const statusOnE = async () => (await client(E, x.token).getStatus(x.user.id)).status;
      const onD = await open(D, x.token);
      await eventually('x online', async () => (await statusOnE()) === 'online');

      await proxy.cut();
      await eventually('D sees Redis gone', () => !D.cluster!.connected());
      const seen = onD.frames.length;
      // D cannot refresh its heartbeat: E takes it for dead and sets x offline; D never hears of it.
      await eventually('x offline after D went silent', async () => (await statusOnE()) === 'offline');

      await proxy.restore();
      // Back on Redis, D sees x offline in the database while it holds x's socket: online again.
      await onD.until((f) => onD.frames.indexOf(f) >= seen && f.event === 'status_change' && f.data!.status === 'online', 'x online again');
      await eventually('x online on E', async () => (await statusOnE()) === 'online');
    } finally {
      await nodeD?.close();
      await nodeE?.close();
      await proxy.cut();
      await dropClusterKeys(name);
    }
  });
});
