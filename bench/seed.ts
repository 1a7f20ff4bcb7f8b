// Bulk loader: users with sessions, team and channel memberships, and up to millions of posts, written straight into
// the database (never through HTTP) while Parley is stopped. Rows follow the store's shapes (src/store/sql/*).
import { sql } from 'kysely';
import { connect } from '../src/store/sql/dialect.ts';
import { newMemberRow } from '../src/store/sql/channels.ts';
import { rebuildPostSearchIndex, SEARCH_KEY_SCALE, suspendPostSearchIndex } from '../src/store/sql/search.ts';
import { hashPassword } from '../src/app/password.ts';
import { DEFAULT_NOTIFY_PROPS, DEFAULT_TIMEZONE } from '../src/app/users.ts';
import type { Db } from './lib.ts';

export const pad = (prefix: string, i: number) => prefix + String(i).padStart(26 - prefix.length, '0');
export const userId = (i: number) => pad('bu', i);
export const tokenOf = (i: number) => pad('bt', i);
export const BENCH_PASSWORD = 'Bench-pass-1';

export interface Population {
  teamId: string;
  users: number;
  fanoutChannel: string;
  loadChannels: string[];
  dayChannels: string[];
  /** The big channel (bench-big) with users 1..bigMembers, or '' when none was asked for. */
  bigChannel: string;
  /** Members of a day channel: user i is in dayChannelsOf(i). */
  dayChannelsOf(i: number): string[];
}

export const FANOUT_MEMBERS = 1000;
export const POST_USERS = 50;
export const LOAD_CHANNELS = 10;
export const DAY_CHANNELS = 50;

export function dayChannelIdx(i: number): number[] {
  return [...new Set([i % DAY_CHANNELS, (i * 7 + 3) % DAY_CHANNELS, (i * 13 + 5) % DAY_CHANNELS])];
}

async function batched<T>(rows: T[], size: number, f: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await f(rows.slice(i, i + size));
}

/**
 * Users bu…1..N (all in the team, with a session token bt…i), one fan-out channel with users 1..1000, ten load channels
 * with users 1..50, and fifty day channels with each user in about three of them.
 */
export async function seedPopulation(db: Db, teamId: string, adminId: string, users: number, bigMembers = 0): Promise<Population> {
  const conn = await connect(db.driver, db.dataSource, 4);
  const d = conn.db as any;
  const t = Date.now();
  const hash = await hashPassword(BENCH_PASSWORD, 1000);
  const mk = (name: string, display: string) => ({
    id: pad('bc', hashName(name)),
    create_at: t,
    update_at: t,
    team_id: teamId,
    type: 'O',
    display_name: display,
    name,
    creator_id: adminId,
    props: '{}',
  });
  const fanout = mk('bench-fanout', 'Bench fan-out');
  const load = Array.from({ length: LOAD_CHANNELS }, (_, i) => mk(`bench-load-${i}`, `Bench load ${i}`));
  const day = Array.from({ length: DAY_CHANNELS }, (_, i) => mk(`bench-day-${i}`, `Bench day ${i}`));
  const big = bigMembers ? [mk('bench-big', 'Bench big channel')] : [];
  await d
    .insertInto('channels')
    .values([fanout, ...load, ...day, ...big])
    .execute();

  const userRows: any[] = [];
  const sessions: any[] = [];
  const teamMembers: any[] = [];
  const channelMembers: any[] = [];
  for (let i = 1; i <= users; i++) {
    const id = userId(i);
    userRows.push({
      id,
      create_at: t,
      update_at: t,
      username: `bench${i}`,
      password: hash,
      email: `bench${i}@example.com`,
      email_verified: 1,
      first_name: 'Bench',
      last_name: `User ${i}`,
      roles: 'system_user',
      notify_props: JSON.stringify(DEFAULT_NOTIFY_PROPS),
      timezone: JSON.stringify(DEFAULT_TIMEZONE),
      last_password_update: t,
    });
    sessions.push({
      id: pad('bs', i),
      token: tokenOf(i),
      create_at: t,
      expires_at: t + 30 * 86_400_000,
      last_activity_at: t,
      user_id: id,
      roles: 'system_user',
      props: JSON.stringify({ csrf: pad('bx', i), is_mobile: 'false', is_guest: 'false' }),
    });
    teamMembers.push({ team_id: teamId, user_id: id, roles: '', scheme_user: 1, create_at: t });
    if (i <= FANOUT_MEMBERS) channelMembers.push(newMemberRow(fanout.id, id, t));
    if (i <= bigMembers) channelMembers.push(newMemberRow(big[0]!.id, id, t));
    if (i <= POST_USERS) for (const c of load) channelMembers.push(newMemberRow(c.id, id, t));
    for (const k of dayChannelIdx(i)) channelMembers.push(newMemberRow(day[k]!.id, id, t));
  }
  await conn.db.transaction().execute(async (tx: any) => {
    await batched(userRows, 500, (c) => tx.insertInto('users').values(c).execute());
    await batched(sessions, 1000, (c) => tx.insertInto('sessions').values(c).execute());
    await batched(teamMembers, 2000, (c) => tx.insertInto('team_members').values(c).execute());
    await batched(channelMembers, 1000, (c) => tx.insertInto('channel_members').values(c).execute());
  });
  await conn.close();
  return populationOf(teamId, users, bigMembers);
}

/** The ids seedPopulation gives its channels (they follow from the names alone). */
export function populationOf(teamId: string, users: number, bigMembers = 0): Population {
  const id = (name: string) => pad('bc', hashName(name));
  const day = Array.from({ length: DAY_CHANNELS }, (_, i) => id(`bench-day-${i}`));
  return {
    teamId,
    users,
    fanoutChannel: id('bench-fanout'),
    loadChannels: Array.from({ length: LOAD_CHANNELS }, (_, i) => id(`bench-load-${i}`)),
    dayChannels: day,
    bigChannel: bigMembers ? id('bench-big') : '',
    dayChannelsOf: (i) => dayChannelIdx(i).map((k) => day[k]!),
  };
}

/**
 * What a kept database (freshDb's `keep`) already holds: the team, admin and population of an earlier run with `users`
 * users and exactly `posts` seeded posts, or undefined when it holds anything else (then it is to be seeded afresh).
 */
export async function seededPopulation(
  db: Db,
  users: number,
  posts: number,
  bigMembers = 0,
): Promise<{ teamId: string; adminId: string; pop: Population } | undefined> {
  const conn = await connect(db.driver, db.dataSource, 1);
  const d = conn.db as any;
  try {
    const team = await d.selectFrom('teams').select('id').where('name', '=', 'bench').executeTakeFirst();
    const admin = await d.selectFrom('users').select('id').where('username', '=', 'benchadmin').executeTakeFirst();
    const has = async (table: string, id: string) => !!(await d.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst());
    const ok =
      team &&
      admin &&
      (await has('users', userId(users))) &&
      !(await has('users', userId(users + 1))) &&
      (posts === 0 || (await has('posts', pad('bp', posts)))) &&
      !(await has('posts', pad('bp', posts + 1)));
    return ok ? { teamId: team.id, adminId: admin.id, pop: populationOf(team.id, users, bigMembers) } : undefined;
  } catch {
    return undefined; // not migrated yet
  } finally {
    await conn.close();
  }
}

function hashName(name: string): number {
  let h = 7;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 1e12;
  return h;
}

export const WORDS = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
  'kilo',
  'lima',
  'mike',
  'november',
  'oscar',
  'papa',
  'quebec',
  'romeo',
  'sierra',
  'tango',
  'uniform',
  'victor',
  'whiskey',
  'xray',
  'yankee',
  'zulu',
  'deploy',
  'release',
  'meeting',
  'review',
  'lunch',
  'coffee',
  'incident',
  'budget',
  'roadmap',
  'design',
  'metrics',
];

/**
 * Inserts `n` posts spread over `channels` by users 1..POST_USERS, newest ending now, 10 ms apart, generated inside the
 * database (generate_series / a recursive CTE), 500,000 rows per statement (one transaction each). Messages hold two
 * common words and a rare `needle<k>` (k < 1000). The full-text index is dropped first and rebuilt at the end by the
 * store's own functions (search.ts), one pass over all rows instead of one index update per row, then ANALYZE.
 * `log` hears of progress (10M posts take minutes).
 */
export async function seedPosts(db: Db, channels: string[], n: number, log: (s: string) => void = () => undefined): Promise<number> {
  // One connection: the session settings below hold for every statement.
  const conn = await connect(db.driver, db.dataSource, 1);
  const d = conn.db;
  const base = Date.now() - n * 10;
  const t0 = Date.now();
  const chans = JSON.stringify(channels);
  const words = JSON.stringify(WORDS);
  const nc = channels.length;
  const nw = WORDS.length;
  const step = 500_000;
  if (db.driver === 'postgres') await sql`set maintenance_work_mem = '512MB'`.execute(d);
  await suspendPostSearchIndex(d);
  for (let from = 1; from <= n; from += step) {
    const to = Math.min(n, from + step - 1);
    if (db.driver === 'postgres') {
      await sql`
        INSERT INTO posts (id, create_at, update_at, user_id, channel_id, message)
        SELECT 'bp' || lpad(i::text, 24, '0'), ${base}::bigint + i * 10, ${base}::bigint + i * 10,
               'bu' || lpad((1 + i % ${POST_USERS})::text, 24, '0'),
               (${chans}::jsonb ->> (i % ${nc})::int),
               'load ' || (${words}::jsonb ->> (i % ${nw})::int) || ' ' || (${words}::jsonb ->> ((i / ${nw}) % ${nw})::int)
                 || ' needle' || (i % 1000) || ' number ' || i
        FROM generate_series(${from}::int, ${to}::int) AS i`.execute(d);
    } else {
      // Literal integers: bound JS numbers arrive as REAL in SQLite and would make the JSON paths fractional.
      const [nC, nW, nU, b0, sc] = [nc, nw, POST_USERS, base, SEARCH_KEY_SCALE].map((x) => sql.raw(String(Math.trunc(x))));
      // Each seeded post has a millisecond of its own; its key sits in the middle of that millisecond's keys, clear of
      // a post the server wrote in the same millisecond (system posts of the setup take the first key).
      await sql`
        WITH RECURSIVE s(i) AS (SELECT ${sql.raw(String(from))} UNION ALL SELECT i + 1 FROM s WHERE i < ${sql.raw(String(to))})
        INSERT INTO posts (id, create_at, update_at, user_id, channel_id, message, search_key)
        SELECT 'bp' || printf('%024d', i), ${b0} + i * 10, ${b0} + i * 10,
               'bu' || printf('%024d', 1 + i % ${nU}),
               json_extract(${chans}, '$[' || (i % ${nC}) || ']'),
               'load ' || json_extract(${words}, '$[' || (i % ${nW}) || ']') || ' ' || json_extract(${words}, '$[' || ((i / ${nW}) % ${nW}) || ']')
                 || ' needle' || (i % 1000) || ' number ' || i,
               (${b0} + i * 10) * ${sc} + ${sql.raw(String(SEARCH_KEY_SCALE / 2))}
        FROM s`.execute(d);
    }
    if (to % 2_000_000 === 0 || to === n) log(`    ${to.toLocaleString()} posts in ${Math.round((Date.now() - t0) / 1000)} s`);
  }
  const ti = Date.now();
  await rebuildPostSearchIndex(d);
  log(`    search index rebuilt in ${Math.round((Date.now() - ti) / 1000)} s`);
  for (const c of channels) {
    await sql`UPDATE channels SET total_msg_count = total_msg_count + ${Math.ceil(n / nc)}, total_msg_count_root = total_msg_count_root + ${Math.ceil(n / nc)},
      last_post_at = ${base + n * 10}, last_root_post_at = ${base + n * 10} WHERE id = ${c}`.execute(d);
  }
  // PostgreSQL: VACUUM as well, so that the measurements after the load do not run beside autovacuum's first pass over
  // millions of new rows, nor pay for setting every page's hint bits on first read.
  if (db.driver === 'postgres') await sql`VACUUM (ANALYZE) posts`.execute(d);
  await sql`ANALYZE`.execute(d).catch(() => undefined);
  await conn.close();
  return Date.now() - t0;
}
