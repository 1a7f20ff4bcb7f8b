// Test helper: boots a real Parley on 127.0.0.1:0 (SQLite or PostgreSQL per PARLEY_TEST_DB) and gives Client4s.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { afterAll, beforeAll } from 'vitest';
import { Client4, WebSocketClient } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { defaultConfig, type Config } from '../src/config/config.ts';
import { createServer, type ParleyServer } from '../src/server.ts';
import { newId } from '../src/model/id.ts';

// @mattermost/client's WebSocketClient uses the global WebSocket; Node 20 has none.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export const DRIVER = (process.env.PARLEY_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
const PG_ADMIN_URL = process.env.PARLEY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestEnv {
  server: ParleyServer;
  url: string;
  config: Config;
  /** A Client4 pointed at the server, with no session. */
  client(): Client4;
  /** Signs up a user (the first becomes system admin) and returns a logged-in Client4 and the profile. */
  newUser(prefix?: string, opts?: { login?: boolean }): Promise<{ client: Client4; user: UserProfile; password: string }>;
  /** A websocket client authenticated with the token of `client`, collecting events. */
  ws(client: Client4): Promise<WsRecorder>;
  close(): Promise<void>;
}

export interface Basic {
  admin: { client: Client4; user: UserProfile };
  user: { client: Client4; user: UserProfile };
  user2: { client: Client4; user: UserProfile };
  team: Team;
  channel: Channel;
  privateChannel: Channel;
  townSquare: Channel;
}

export interface WsEventMsg {
  event: string;
  data: Record<string, any>;
  broadcast: Record<string, any>;
  seq: number;
}

/** Records every event a WebSocketClient receives; `next` waits for a matching one. */
export class WsRecorder {
  events: WsEventMsg[] = [];
  private waiters: Array<{ pred: (e: WsEventMsg) => boolean; resolve: (e: WsEventMsg) => void }> = [];
  constructor(readonly client: WebSocketClient) {
    client.addMessageListener((msg: any) => {
      const e = msg as WsEventMsg;
      this.events.push(e);
      this.waiters = this.waiters.filter((w) => {
        if (w.pred(e)) {
          w.resolve(e);
          return false;
        }
        return true;
      });
    });
  }
  /** Resolves with the first event (already received or future) matching; rejects after `ms`. */
  next(event: string, pred: (e: WsEventMsg) => boolean = () => true, ms = 5000): Promise<WsEventMsg> {
    const match = (e: WsEventMsg) => e.event === event && pred(e);
    const found = this.events.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = { pred: match, resolve };
      this.waiters.push(w);
      setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`no ${event} event within ${ms} ms; got ${this.events.map((e) => e.event).join(',')}`));
      }, ms);
    });
  }
  has(event: string, pred: (e: WsEventMsg) => boolean = () => true): boolean {
    return this.events.some((e) => e.event === event && pred(e));
  }
  close(): void {
    this.client.close();
  }
}

async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = 'parley_t_' + newId().slice(0, 12);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_ADMIN_URL);
  u.pathname = '/' + name;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** A test config: its own database and file directory, cheap password hashing, open sign-up. */
export async function testConfig(): Promise<{ config: Config; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
  const config = defaultConfig();
  config.ServiceSettings.ListenAddress = '127.0.0.1:0';
  config.ServiceSettings.EnableDeveloper = true;
  config.TeamSettings.EnableOpenServer = true;
  config.TeamSettings.MaxUsersPerTeam = 1000;
  config.PasswordSettings.PBKDF2WorkFactor = 1000;
  config.LogSettings.EnableConsole = false;
  config.FileSettings.Directory = path.join(dir, 'files');
  let drop = async () => {};
  if (DRIVER === 'postgres') {
    const db = await freshPostgres();
    config.SqlSettings.DriverName = 'postgres';
    config.SqlSettings.DataSource = db.url;
    config.SqlSettings.MaxOpenConns = 5;
    drop = db.drop;
  } else {
    config.SqlSettings.DriverName = 'sqlite';
    config.SqlSettings.DataSource = path.join(dir, 'parley.db');
  }
  return {
    config,
    cleanup: async () => {
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
export function uniq(prefix = 'u'): string {
  return `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`.toLowerCase();
}

export async function setup(mutate?: (c: Config) => void): Promise<TestEnv> {
  const { config, cleanup } = await testConfig();
  mutate?.(config);
  const server = await createServer(config, { logLevel: 'silent' });
  const sockets: WsRecorder[] = [];
  const env: TestEnv = {
    server,
    url: server.url,
    config,
    client() {
      const c = new Client4();
      c.setUrl(server.url);
      c.setIncludeCookies(false);
      return c;
    },
    async newUser(prefix = 'user', opts = {}) {
      const name = uniq(prefix);
      const password = 'Passw0rd-' + name;
      const anon = env.client();
      const created = await anon.createUser({ username: name, email: `${name}@example.com`, password } as UserProfile, '', '');
      if (opts.login === false) return { client: anon, user: created, password };
      const client = env.client();
      const user = await client.login(name, password);
      return { client, user, password };
    },
    async ws(client) {
      const wsc = new WebSocketClient();
      const rec = new WsRecorder(wsc);
      const hello = rec.next('hello');
      wsc.initialize(server.url.replace('http', 'ws') + '/api/v4/websocket', client.getToken());
      await hello;
      sockets.push(rec);
      return rec;
    },
    async close() {
      for (const s of sockets) s.close();
      await server.close();
      await cleanup();
    },
  };
  return env;
}

/** Mattermost's InitBasic: an admin, two users, a team with all three, a public and a private channel. */
export async function initBasic(env: TestEnv): Promise<Basic> {
  const admin = await env.newUser('admin');
  const user = await env.newUser('basic');
  const user2 = await env.newUser('basicb');
  const team = await user.client.createTeam({ name: uniq('team'), display_name: 'Basic Team', type: 'O' } as Team);
  await user.client.addToTeam(team.id, user2.user.id);
  await admin.client.addToTeam(team.id, admin.user.id).catch(async () => user.client.addToTeam(team.id, admin.user.id));
  const channel = await user.client.createChannel({
    team_id: team.id,
    name: uniq('chan'),
    display_name: 'Basic Channel',
    type: 'O',
  } as Channel);
  await user.client.addToChannel(user2.user.id, channel.id);
  const privateChannel = await user.client.createChannel({
    team_id: team.id,
    name: uniq('priv'),
    display_name: 'Private',
    type: 'P',
  } as Channel);
  const townSquare = await user.client.getChannelByName(team.id, 'town-square');
  return { admin, user, user2, team, channel, privateChannel, townSquare };
}

/** Runs a call expected to fail and returns the ClientError's fields. */
export async function fails(p: Promise<unknown>): Promise<{ status_code: number; server_error_id: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { status_code: number; server_error_id: string; message: string };
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** What a suite's tests read once its `beforeAll` has run: the server, and (from useBasic) the InitBasic fixtures. */
export interface ServerSuite {
  readonly env: TestEnv;
}
export interface BasicSuite extends ServerSuite {
  readonly basic: Basic;
}

/** Reads a value a hook fills in, failing clearly when read at collection time (outside a hook or test). */
function ready<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is set by the suite's beforeAll: read it inside a hook or test`);
  return value;
}

/**
 * Registers this suite's `beforeAll`/`afterAll`: a server (its config tweaked by `mutate`) started before the suite's
 * tests and closed after them. Hooks registered after the call run after the server is up and before it closes.
 */
export function useServer(mutate?: (c: Config) => void): ServerSuite {
  let env: TestEnv | undefined;
  beforeAll(async () => {
    env = await setup(mutate);
  });
  afterAll(async () => env?.close());
  return {
    get env() {
      return ready(env, 'env');
    },
  };
}

/** useServer plus Mattermost's InitBasic: `t.basic` holds the admin, two users, the team and its channels. */
export function useBasic(mutate?: (c: Config) => void): BasicSuite {
  const server = useServer(mutate);
  let basic: Basic | undefined;
  beforeAll(async () => {
    basic = await initBasic(server.env);
  });
  return {
    get env() {
      return server.env;
    },
    get basic() {
      return ready(basic, 'basic');
    },
  };
}
