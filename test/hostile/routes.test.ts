// Issue 16: every route under /api/v4 (the router's own table, collected through an onRoute hook) against hostile
// input, as a plain user and as a system admin: malformed JSON, wrong types, hostile ids and paging values, deep
// nesting and oversized values. No answer may be a 5xx, every error is a well-formed AppError, and nothing changes
// (row counts and update marks of the main tables are the same before and after).
import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/api4/router.ts';
import { newId } from '../../src/model/id.ts';
import { initBasic, setup, type Basic, type TestEnv } from '../helper.ts';

interface Route {
  method: string;
  url: string;
}

interface Probe {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
}

interface Answer {
  probe: Probe;
  status: number;
  problem?: string;
}

/** Routes a session, as a whole, cannot be probed without ending it (its token would stop working mid-run). */
const SESSION_ENDERS = new Set([
  'POST /api/v4/users/logout',
  'POST /api/v4/users/:user_id/sessions/revoke/all',
  'POST /api/v4/users/sessions/revoke/all',
]);

/**
 * Actions that read no body (as in Mattermost): a body that parses reaches them and they act, as they should. They
 * get only bodies the parser refuses. A new route that acts whatever its body fails the state check until listed.
 */
const BODYLESS = new Set([
  'POST /api/v4/teams/:team_id/regenerate_invite_id',
  'POST /api/v4/channels/:channel_id/convert',
  'POST /api/v4/channels/:channel_id/restore',
  'POST /api/v4/posts/:post_id/pin',
  'POST /api/v4/posts/:post_id/unpin',
  'PUT /api/v4/users/:user_id/teams/:team_id/threads/read',
  'PUT /api/v4/users/:user_id/teams/:team_id/threads/:thread_id/read/:timestamp',
  'POST /api/v4/users/:user_id/teams/:team_id/threads/:thread_id/set_unread/:post_id',
  'PUT /api/v4/users/:user_id/teams/:team_id/threads/:thread_id/following',
  'POST /api/v4/users/:user_id/posts/:post_id/set_unread',
  'POST /api/v4/users/:user_id/email/verify/member',
  'POST /api/v4/users/:user_id/mfa/generate',
  'DELETE /api/v4/teams/:team_id/image',
  'DELETE /api/v4/users/:user_id/image',
  'POST /api/v4/teams/:team_id/restore',
  'POST /api/v4/users/:user_id/convert_to_bot',
  'POST /api/v4/users/:user_id/demote',
  'POST /api/v4/users/:user_id/promote',
]);

/** Path values no route may take for an id or a name. */
const HOSTILE_IDS = [
  'x',
  'A'.repeat(26),
  'a'.repeat(27),
  encodeURIComponent("' or 1=1; drop table users; --"),
  '..%2F..%2Fetc%2Fpasswd',
  '%ff%fe',
  encodeURIComponent('☃'.repeat(30)),
  'a'.repeat(450),
  'a'.repeat(600),
  '%00',
  '%zz',
];

const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** Bodies that pass no parser or no schema; `object` reaches handlers with every common field of the wrong type. */
const WRONG_TYPES = {
  user_id: 1,
  channel_id: {},
  team_id: [],
  post_id: true,
  message: 5,
  name: false,
  display_name: [],
  type: 7,
  props: 'x',
  roles: 1,
  status: [],
  terms: {},
  term: 9,
  user_ids: 'x',
  category: 1,
  value: {},
  password: 1,
  email: [],
  username: {},
  emoji_name: 3,
  active: 'yes',
  privacy: 1,
  page: 'x',
  per_page: {},
};
interface HostileBody {
  body: string;
  contentType?: string;
  /** The wrong-typed object: a valid config body (see probes). */
  object?: boolean;
}

/** Bodies the parser refuses before any handler runs. */
function unparsableBodies(maxPayload: number): HostileBody[] {
  return [
    { body: '{"a":' },
    { body: '{"a":1}}' },
    { body: nested(40) },
    { body: '{' + Array.from({ length: 1001 }, (_, i) => `"k${i}":1`).join(',') + '}' },
    { body: '[' + Array.from({ length: 10_001 }, () => '0').join(',') + ']' },
    { body: '{"message":"\\u0000","name":"\\u0000","term":"\\u0000","terms":"\\u0000","display_name":"\\u0000"}' },
    { body: JSON.stringify({ x: 'y'.repeat(maxPayload) }) },
  ];
}

/** Bodies that parse and reach the handlers. */
function wrongBodies(): HostileBody[] {
  return [
    { body: '[]' },
    { body: '"str"' },
    { body: '42' },
    { body: 'null' },
    { body: JSON.stringify(WRONG_TYPES), object: true },
    { body: JSON.stringify([WRONG_TYPES]) },
    { body: '{"message":"m"}', contentType: 'text/plain' },
  ];
}

const HOSTILE_QUERIES = [
  '?page=-1&per_page=-5',
  '?page=abc&per_page=1e309',
  '?page=99999999999999999999&per_page=99999999&since=-1&before=x&after=y',
  '?page=1.5&per_page=0.5&include_deleted=maybe&since=1e400',
  '?page=1&page=2&per_page=%ff&term=%ff&name=' + 'n'.repeat(1000),
  '?q=' + encodeURIComponent("' or 1=1 --") + '&term=' + encodeURIComponent('%_\\') + '&in_channel=x&not_in_channel=x&team_id=x',
  '?term=' + 't'.repeat(2100),
];

/** `n` items of `list`, starting at the `i`th (wrapping): over the routes every item is used, each route gets a few. */
function some<T>(list: T[], i: number, n: number): T[] {
  return Array.from({ length: Math.min(n, list.length) }, (_, k) => list[(i + k) % list.length]!);
}

/** The table of the router, as registered: every area mounted on a bare Fastify that records what it is given. */
async function routeTable(env: TestEnv): Promise<Route[]> {
  const f = Fastify();
  const routes: Route[] = [];
  f.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  await f.register(async (api) => apiRoutes(api, env.server.app), { prefix: '/api/v4' });
  await f.ready();
  await f.close();
  return routes;
}

function fill(url: string, value: (param: string) => string): string {
  return url.replace(/:([a-z_]+)/g, (_, p: string) => value(p));
}

/** What `problem` says about an answer: undefined when it is acceptable. */
function problemOf(status: number, headers: Headers, text: string): string | undefined {
  // 501 is Mattermost's deliberate "not implemented" (the client config without format=old); it must still be an AppError.
  if (status >= 500 && status !== 501) return `status ${status}: ${text.slice(0, 300)}`;
  if (status < 400) return undefined;
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(text);
  } catch {
    return `status ${status} with a body that is not JSON: ${text.slice(0, 100)}`;
  }
  const keys = Object.keys(e).sort().join(',');
  if (keys !== 'detailed_error,id,message,request_id,status_code') return `AppError keys ${keys}`;
  if (typeof e.id !== 'string' || !e.id || typeof e.message !== 'string' || !e.message) return `AppError id/message ${text}`;
  if (e.status_code !== status) return `status_code ${String(e.status_code)} on a ${status}`;
  if (e.request_id !== headers.get('x-request-id')) return `request_id ${String(e.request_id)} is not X-Request-ID`;
  return undefined;
}

/** Runs `jobs` with a few in flight at once. */
async function pool<T>(jobs: Array<() => Promise<T>>, width = 8): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

describe('hostile input on every route', () => {
  let env: TestEnv;
  let b: Basic;
  let routes: Route[];
  let known: Record<string, string>;

  beforeAll(async () => {
    env = await setup();
    b = await initBasic(env);
    routes = await routeTable(env);
    const root = await b.user.client.createPost({ channel_id: b.channel.id, message: 'root' } as any);
    await b.user.client.createPost({ channel_id: b.channel.id, message: 'reply', root_id: root.id } as any);
    const fd = new FormData();
    fd.append('channel_id', b.channel.id);
    fd.append('files', new Blob(['f']), 'f.txt');
    const file = (await b.user.client.uploadFile(fd)).file_infos[0];
    const role = await b.user.client.getRoleByName('system_user');
    const categories = await b.user.client.getChannelCategories(b.user.user.id, b.team.id);
    // Reads that create on first use (default sidebar categories), done before the state is taken.
    await b.admin.client.getChannelCategories(b.admin.user.id, b.team.id);
    known = {
      team_id: b.team.id,
      channel_id: b.channel.id,
      post_id: root.id,
      thread_id: root.id,
      file_id: file.id,
      role_id: role.id,
      role_name: 'system_user',
      team_name: b.team.name,
      channel_name: b.channel.name,
      invite_id: b.team.invite_id,
      emoji_name: 'smile',
      category_id: categories.categories[0]!.id,
      category: 'display_settings',
      preference_name: 'use_military_time',
      timestamp: String(Date.now()),
    };
  });
  afterAll(() => env?.close());

  /** Row counts and update marks of the tables hostile input could touch. */
  async function state(): Promise<Record<string, unknown>> {
    const tables = [
      'users',
      'sessions',
      'teams',
      'team_members',
      'channels',
      'channel_members',
      'posts',
      'preferences',
      'reactions',
      'file_info',
      'emoji',
      'sidebar_categories',
      'sidebar_channels',
      'thread_memberships',
      'tokens',
      'roles',
    ];
    const out: Record<string, unknown> = {};
    for (const t of tables) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(env.server.ctx.store.db);
      out[t] = Number(r.rows[0]!.n);
    }
    for (const t of ['users', 'teams', 'channels', 'posts']) {
      const r = await sql<{ live: number; marks: number }>`select sum(case when delete_at = 0 then 1 else 0 end) as live,
        sum(update_at) as marks from ${sql.table(t)}`.execute(env.server.ctx.store.db);
      out[t + '.live'] = Number(r.rows[0]!.live);
      out[t + '.update_at'] = Number(r.rows[0]!.marks);
    }
    const roles = await sql<{ n: number }>`select sum(length(permissions)) as n from roles`.execute(env.server.ctx.store.db);
    out['roles.permissions'] = Number(roles.rows[0]!.n);
    return out;
  }

  function probes(userId: string): Probe[] {
    const out: Probe[] = [];
    const value = (p: string) => (p === 'user_id' ? userId : (known[p] ?? newId()));
    const unparsable = unparsableBodies(env.config.ServiceSettings.MaximumPayloadSizeBytes);
    routes.forEach((r, i) => {
      const key = `${r.method} ${r.url}`;
      if (SESSION_ENDERS.has(key)) return;
      const takesBody = r.method !== 'GET' && r.method !== 'DELETE';
      if (r.url.includes(':'))
        for (const bad of some(HOSTILE_IDS, i, 3))
          out.push({
            method: r.method,
            path: fill(r.url, () => bad),
            ...(takesBody ? { body: '{}', contentType: 'application/json' } : {}),
          });
      // With real ids only what cannot act without a valid body: a DELETE would delete.
      if (takesBody)
        for (const h of [...some(unparsable, i, 2), ...(BODYLESS.has(key) ? [] : wrongBodies())]) {
          // A config body of unknown keys is a valid config (every setting at its default): not hostile there.
          if (h.object && r.url.startsWith('/api/v4/config')) continue;
          out.push({ method: r.method, path: fill(r.url, value), body: h.body, contentType: h.contentType ?? 'application/json' });
        }
      if (r.method === 'GET') for (const q of some(HOSTILE_QUERIES, i, 3)) out.push({ method: 'GET', path: fill(r.url, value) + q });
    });
    return out;
  }

  async function send(token: string, p: Probe): Promise<Answer> {
    const headers: Record<string, string> = { authorization: 'Bearer ' + token, 'x-requested-with': 'XMLHttpRequest' };
    if (p.contentType) headers['content-type'] = p.contentType;
    const r = await fetch(env.url + p.path, { method: p.method, headers, body: p.body, signal: AbortSignal.timeout(20_000) });
    const text = await r.text();
    return { probe: p, status: r.status, problem: problemOf(r.status, r.headers, text) };
  }

  for (const who of ['user', 'admin'] as const) {
    // Some thousand probes over every route (three more areas since the merge): under load that is minutes, not a hang.
    it(`answers hostile input as a ${who} with 4xx AppErrors and changes nothing`, { timeout: 180_000 }, async () => {
      const actor = b[who];
      const list = probes(actor.user.id);
      expect(routes.length).toBeGreaterThan(150);
      const before = await state();
      const answers = await pool(list.map((p) => () => send(actor.client.getToken(), p)));
      // Each kind of refusal is seen: the parser's, the URL checks', the schemas' and the handlers'.
      const ids = new Set(answers.map((a) => a.status));
      expect([...ids].filter((s) => s >= 400).sort()).toEqual(expect.arrayContaining([400, 404, 413, 414]));
      const after = await state();
      const bad = answers
        .filter((a) => a.problem)
        .map((a) => `${a.probe.method} ${a.probe.path.slice(0, 160)} ${a.probe.body?.slice(0, 60) ?? ''}: ${a.problem}`);
      expect(bad).toEqual([]);
      expect(after).toEqual(before);
      // The session still works: no probe ended it.
      expect((await actor.client.getMe()).id).toBe(actor.user.id);
    });
  }
});
