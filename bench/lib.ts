// Bench helpers: percentiles, a keep-alive HTTP client, Parley as a child process, fresh databases, RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PG_ADMIN_URL = process.env.PARLEY_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Driver = 'sqlite' | 'postgres';

export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  avg: number;
  max: number;
}

export function stats(xs: number[]): Stats {
  if (!xs.length) return { n: 0, p50: NaN, p99: NaN, avg: NaN, max: NaN };
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return { n: s.length, p50: q(0.5), p99: q(0.99), avg: s.reduce((a, b) => a + b, 0) / s.length, max: s[s.length - 1]! };
}

export const round = (x: number, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);

/** A small JSON-over-HTTP client on one keep-alive agent; resolves with status and parsed body, never throws on status. */
export class Http {
  readonly agent: http.Agent;
  constructor(
    readonly base: string,
    maxSockets = 64,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }
  request(
    method: string,
    p: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; headers: http.IncomingHttpHeaders }> {
    const u = new URL(this.base + p);
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          method,
          host: u.hostname,
          port: u.port,
          path: u.pathname + u.search,
          agent: this.agent,
          headers: {
            ...(token ? { authorization: 'Bearer ' + token } : {}),
            ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: any = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              /* not JSON */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }
  async ok(method: string, p: string, token?: string, body?: unknown): Promise<any> {
    const r = await this.request(method, p, token, body);
    if (r.status >= 300) throw new Error(`${method} ${p} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
  close(): void {
    this.agent.destroy();
  }
}

/** On a fresh server: signs up the first user (the system admin), logs in, and makes the team `bench`. */
export async function adminWithTeam(http: Http): Promise<{ token: string; team: { id: string } }> {
  await http.ok('POST', '/api/v4/users', undefined, {
    username: 'benchadmin',
    email: 'benchadmin@bench.example',
    password: 'Bench-passw0rd',
  });
  const login = await http.request('POST', '/api/v4/users/login', undefined, { login_id: 'benchadmin', password: 'Bench-passw0rd' });
  const token = login.headers.token as string;
  const team = await http.ok('POST', '/api/v4/teams', token, { name: 'bench', display_name: 'Bench', type: 'O' });
  return { token, team };
}

export interface Db {
  driver: Driver;
  dataSource: string;
  dir: string;
  drop(): Promise<void>;
}

/**
 * A fresh database and file directory for one bench run of one driver; or, with `keep`, the database of that name
 * (PostgreSQL `parley_bench_<keep>`, SQLite `<tmp>/parley-bench-<keep>/parley.db`), created only when missing, so that
 * a seeded history can be measured again (`existed` says whether it was there).
 */
export async function freshDb(driver: Driver, keep?: string): Promise<Db & { existed: boolean }> {
  if (keep !== undefined && !/^[a-z0-9_]{1,40}$/.test(keep)) throw new Error('a kept database is named by [a-z0-9_]{1,40}');
  const dir = keep ? path.join(os.tmpdir(), 'parley-bench-' + keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  if (driver === 'sqlite') {
    const dataSource = path.join(dir, 'parley.db');
    const existed = fs.existsSync(dataSource);
    fs.mkdirSync(dir, { recursive: true });
    return { driver, dataSource, dir, existed, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = 'parley_bench_' + (keep ?? Math.random().toString(36).slice(2, 10));
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  const existed = keep ? (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1 : false;
  if (!existed) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  fs.mkdirSync(dir, { recursive: true });
  const u = new URL(PG_ADMIN_URL);
  u.pathname = '/' + name;
  return {
    driver,
    dataSource: u.toString(),
    dir,
    existed,
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerProc {
  url: string;
  pid: number;
  proc: ChildProcess;
  /** ms from spawn to the first answered ping. */
  startMs: number;
  stop(): Promise<void>;
  rssKb(): number;
  cpuMs(): number;
  stderr(): string;
}

export interface StartOptions {
  db: Db;
  port?: number;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
  env?: Record<string, string>;
}

/** How Parley is launched: the compiled dist (node dist/main.js) when present, else tsx on the sources. */
export function serverCommand(): { cmd: string; args: string[] } {
  if (process.env.PARLEY_BENCH_TSX || !fs.existsSync(path.join(ROOT, 'dist', 'main.js'))) {
    return { cmd: process.execPath, args: ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')] };
  }
  return { cmd: process.execPath, args: [path.join(ROOT, 'dist', 'main.js')] };
}

export function readRssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, in ms (from /proc; 10 ms resolution). */
export function readCpuMs(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Spawns Parley on a fresh port against `db` and waits (≤ 60 s) for GET /system/ping to answer. */
export async function startServer(o: StartOptions): Promise<ServerProc> {
  const port = o.port ?? (await freePort());
  const { cmd, args } = serverCommand();
  const env = {
    ...process.env,
    MM_CONFIG: 'none',
    MM_SQLSETTINGS_DRIVERNAME: o.db.driver,
    MM_SQLSETTINGS_DATASOURCE: o.db.dataSource,
    // PARLEY_BENCH_POOL: the server's database pool (SqlSettings.MaxOpenConns), for comparing pool sizes.
    MM_SQLSETTINGS_MAXOPENCONNS: process.env.PARLEY_BENCH_POOL ?? '20',
    // PARLEY_BENCH_SQLITE_SYNC: SQLite's synchronous pragma (SqlSettings.ParleySqliteSynchronous, FULL by default).
    ...(process.env.PARLEY_BENCH_SQLITE_SYNC ? { MM_SQLSETTINGS_PARLEYSQLITESYNCHRONOUS: process.env.PARLEY_BENCH_SQLITE_SYNC } : {}),
    MM_FILESETTINGS_DIRECTORY: path.join(o.db.dir, 'files'),
    MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
    MM_PASSWORDSETTINGS_PBKDF2WORKFACTOR: '1000',
    MM_TEAMSETTINGS_MAXUSERSPERTEAM: '100000',
    MM_TEAMSETTINGS_ENABLEOPENSERVER: 'true',
    MM_LOGSETTINGS_CONSOLELEVEL: 'error',
    MM_SERVICESETTINGS_ENABLEDEVELOPER: 'false',
    ...(o.env ?? {}),
  };
  const t0 = now();
  const proc = spawn(cmd, [...(o.nodeArgs ?? []), ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-8000);
  });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  proc.once('exit', () => (exited = true));
  const startMs = await waitForPing(url, () => exited, t0);
  if (startMs < 0) throw new Error(`Parley did not start: ${err}`);
  return {
    url,
    pid: proc.pid!,
    proc,
    startMs,
    stderr: () => err,
    rssKb: () => readRssKb(proc.pid!),
    cpuMs: () => readCpuMs(proc.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

/** Polls the ping route every 2 ms on fresh connections; returns ms since t0, or -1 if the process died or 60 s passed. */
async function waitForPing(url: string, dead: () => boolean, t0: number): Promise<number> {
  const deadline = t0 + 60_000;
  while (now() < deadline && !dead()) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(url + '/api/v4/system/ping', { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.on('error', () => resolve(false));
      req.setTimeout(2000, () => req.destroy());
    });
    if (ok) return now() - t0;
    await sleep(2);
  }
  return -1;
}

/** Starts a bench child script (bench/<name>.ts) with IPC. */
export function child(name: string, args: string[] = [], nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(ROOT, 'bench', name), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Waits for the next IPC message of `type` from a child (bounded by `ms`). */
export function nextMessage<T = any>(p: ChildProcess, type: string, ms = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      p.off('message', on);
      reject(new Error(`no ${type} from child within ${ms} ms`));
    }, ms);
    const on = (m: any) => {
      if (m && m.type === type) {
        clearTimeout(t);
        p.off('message', on);
        resolve(m as T);
      } else if (m && m.type === 'error') {
        clearTimeout(t);
        p.off('message', on);
        reject(new Error('child failed: ' + m.message));
      }
    };
    p.on('message', on);
  });
}
