// Two Parley nodes on one PostgreSQL database and one Redis: events, typing, statuses, presence, role changes,
// invalidations and reconnects cross nodes, and a lost Redis (a private one, started and killed here) only delays what
// crosses. Always runs on PostgreSQL (nodes cannot share an embedded database); skips if Redis or PostgreSQL is down.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
import { fails, uniq } from '../../test/helper.ts';

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

function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

/** Waits for state that changes when a socket closes or Redis comes and goes (bounded: 500 checks, 10 ms apart). */
async function eventually(what: string, fn: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never held: ${what}`);
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

  function client(server: ParleyServer, token = ''): Client4 {
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

  async function open(server: ParleyServer, token: string, query = '', challenge?: boolean): Promise<RawWs> {
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
    const posted = onB.events().filter((e) => e.event === 'posted').map((e) => JSON.parse(e.data!.post).id);
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
    // Node A as its own process (SIGKILL is the point), node B in-process, both on the same database and Redis.
    const port = await freePort();
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts')], {
      cwd: root,
      stdio: 'ignore',
      env: {
        ...process.env,
        MM_CONFIG: 'none',
        MM_SQLSETTINGS_DRIVERNAME: 'postgres',
        MM_SQLSETTINGS_DATASOURCE: dbUrl,
        MM_SQLSETTINGS_MAXOPENCONNS: '5',
        MM_FILESETTINGS_DIRECTORY: path.join(dir, 'files-a'),
        MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
        MM_CLUSTERSETTINGS_ENABLE: 'true',
        MM_CLUSTERSETTINGS_REDISURL: REDIS_URL,
        MM_CLUSTERSETTINGS_CLUSTERNAME: clusterName,
        MM_LOGSETTINGS_ENABLECONSOLE: 'false',
      },
    });
    try {
      const urlA = `http://127.0.0.1:${port}`;
      let up = false;
      for (let i = 0; i < 300 && !up; i++) {
        up = await fetch(urlA + '/api/v4/system/ping').then((r) => r.ok, () => false);
        if (!up) await new Promise((r) => setTimeout(r, 100));
      }
      expect(up).toBe(true);
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
      const dup = await db.query(`SELECT message, count(*) AS n FROM posts WHERE channel_id = $1 AND message LIKE 'burst %' GROUP BY message HAVING count(*) > 1`, [channel.id]);
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
    expect(onB.events().filter((e) => e.event === 'status_change').map((e) => e.data!.status)).not.toContain('offline');
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
      await watcher.until((f) => f.event === 'role_updated' && !JSON.parse(f.data!.role).permissions.includes('create_team'), 'role_updated without create_team');
      const denied = await fails(onB.createTeam(newTeam()));
      expect(denied.status_code).toBe(403);
      expect(denied.server_error_id).toBe('api.context.permissions.app_error');
    } finally {
      await user.client.patchRole(role.id, { permissions: role.permissions });
    }
    await watcher.until((f) => f.event === 'role_updated' && JSON.parse(f.data!.role).permissions.includes('create_team'), 'role_updated with create_team');
    expect((await onB.createTeam(newTeam())).id).toMatch(/^[a-z0-9]{26}$/);
    expect((await client(b, user.token).getRole(role.id)).permissions).toContain('create_team');
  });

  it('Redis lost: each node still serves its own clients; once Redis is back, events cross again', async () => {
    // Both nodes on a Redis of their own, so killing it leaves the shared one alone.
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const startRedis = () =>
      spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
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
      const post = (s: ParleyServer, token: string, message: string) => client(s, token).createPost({ channel_id: channel.id, message } as any);
      const sees = (ws: RawWs, id: string, what: string) => ws.until((f) => f.event === 'posted' && JSON.parse(f.data!.post).id === id, what);
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
});
