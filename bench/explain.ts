// The plans behind the slow figures: seeds a fresh database with the bench's posts (bench/seed.ts), runs a rare-word
// and a common-word search, a channel page and one POST /posts through an in-process Parley, captures every SQL
// statement they send with its parameters, and prints EXPLAIN (ANALYZE, BUFFERS) of each (writes inside a rolled-back
// transaction). PostgreSQL only (SQLite: `EXPLAIN QUERY PLAN` tells little about timings).
// Run: node --import tsx bench/explain.ts [--posts=1000000] [--no-analyze-stats] [--keep | --keep-db=NAME [--users=N]]
//   --no-analyze-stats skips the ANALYZE after the bulk load (what a server sees before autovacuum has run).
import pg from 'pg';
import { createServer } from '../src/server.ts';
import { defaultConfig } from '../src/config/config.ts';
import { newId } from '../src/model/id.ts';
import { freshDb, now, round } from './lib.ts';
import { seededPopulation, seedPopulation, seedPosts, tokenOf } from './seed.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const posts = Number(arg('posts') ?? 1_000_000);
// --keep-db=NAME [--users=N]: a database kept by `npm run bench -- --keep-db=NAME` (or by an earlier run of this one)
// with N users (15,000 there, 100 here) and exactly --posts posts, measured without seeding; kept afterwards.
const keep = arg('keep-db');
const users = Number(arg('users') ?? 100);
const db = await freshDb('postgres', keep);
const config = defaultConfig();
config.ServiceSettings.ListenAddress = '127.0.0.1:0';
config.TeamSettings.EnableOpenServer = true;
config.TeamSettings.MaxUsersPerTeam = 100_000;
config.PasswordSettings.PBKDF2WorkFactor = 1000;
config.LogSettings.EnableConsole = false;
config.FileSettings.Directory = db.dir + '/files';
config.SqlSettings.DriverName = 'postgres';
config.SqlSettings.DataSource = db.dataSource;

const j = async (base: string, m: string, p: string, tok: string | undefined, b?: unknown) => {
  const r = await fetch(base + '/api/v4' + p, {
    method: m,
    headers: { 'content-type': 'application/json', ...(tok ? { authorization: 'Bearer ' + tok } : {}) },
    body: b ? JSON.stringify(b) : undefined,
  });
  return { status: r.status, body: (await r.json()) as any, token: r.headers.get('token') ?? '' };
};

try {
  let srv: Awaited<ReturnType<typeof createServer>>;
  const kept = db.existed ? await seededPopulation(db, users, posts) : undefined;
  if (db.existed && !kept) throw new Error(`${keep} does not hold ${users} users and ${posts} posts`);
  const team = { id: kept?.teamId ?? '' };
  let pop = kept?.pop;
  if (!pop) {
    srv = await createServer(config, { logLevel: 'silent' });
    const admin = (
      await j(srv.url, 'POST', '/users', undefined, { username: 'benchadmin', email: 'ba@example.com', password: 'Bench-admin-1' })
    ).body;
    const adminTok = (await j(srv.url, 'POST', '/users/login', undefined, { login_id: 'benchadmin', password: 'Bench-admin-1' })).token;
    team.id = (await j(srv.url, 'POST', '/teams', adminTok, { name: 'bench', display_name: 'Bench', type: 'O' })).body.id;
    await srv.close();
    pop = await seedPopulation(db, team.id, admin.id, users);
    const t = now();
    await seedPosts(db, pop.loadChannels, posts, console.log);
    console.log(`seeded ${posts.toLocaleString()} posts in ${round((now() - t) / 1000, 1)} s`);
  }
  if (process.argv.includes('--no-analyze-stats')) {
    // Forget what ANALYZE learnt: the state right after a bulk load.
    const c = new pg.Client({ connectionString: db.dataSource });
    await c.connect();
    await c
      .query(`delete from pg_statistic where starelid in ('posts'::regclass, 'idx_posts_message_fts'::regclass)`)
      .catch((e) => console.log(String(e)));
    await c.end();
  }

  const captured: Array<{ what: string; text: string; values: unknown[] }> = [];
  let what = '';
  const query = (pg.Client.prototype as any).query;
  (pg.Client.prototype as any).query = function (q: any, ...rest: any[]) {
    if (what) {
      const text = typeof q === 'string' ? q : q?.text;
      const values = (typeof q === 'object' && q?.values) || (Array.isArray(rest[0]) ? rest[0] : []);
      if (typeof text === 'string' && !/^(begin|commit|rollback|savepoint|release|explain)/i.test(text.trim()))
        captured.push({ what, text, values: [...values] });
    }
    return query.call(this, q, ...rest);
  };
  srv = await createServer(config, { logLevel: 'silent' });
  const tok = tokenOf(1);
  const cases: Array<[string, string, string, unknown?]> = [
    ['search rare word', 'POST', `/teams/${team.id}/posts/search`, { terms: 'needle7', is_or_search: false, page: 0, per_page: 60 }],
    ['search common word', 'POST', `/teams/${team.id}/posts/search`, { terms: 'deploy', is_or_search: false, page: 0, per_page: 60 }],
    ['channel page 0', 'GET', `/channels/${pop.loadChannels[0]}/posts?page=0&per_page=60`],
    ['POST /posts', 'POST', '/posts', { channel_id: pop.loadChannels[0], message: 'explain me #bench' }],
  ];
  for (const [name, m, p, b] of cases) {
    await j(srv.url, m, p, tok, b); // warm (caches, prepared statements)
    const t0 = now();
    what = name;
    const r = await j(srv.url, m, p, tok, b);
    await srv.hub.flush();
    what = '';
    console.log(`\n## ${name}: ${r.status} in ${round(now() - t0, 1)} ms`);
  }
  await srv.close();
  (pg.Client.prototype as any).query = query;

  const c = new pg.Client({ connectionString: db.dataSource });
  await c.connect();
  for (const q of captured) {
    console.log(`\n### ${q.what}\n${q.text.replace(/\s+/g, ' ').slice(0, 600)}\n  params: ${JSON.stringify(q.values).slice(0, 300)}`);
    const write = /^\s*(insert|update|delete|with)/i.test(q.text);
    // The captured insert ran already: the same row again under a fresh id (an id is the first parameter there).
    if (write && /insert into posts/i.test(q.text) && typeof q.values[0] === 'string') q.values[0] = newId();
    try {
      if (write) await c.query('begin');
      const r = await c.query(`explain (analyze, buffers) ${q.text}`, q.values);
      for (const row of r.rows) console.log('  ' + row['QUERY PLAN']);
    } catch (err) {
      console.log('  (no plan: ' + (err as Error).message + ')');
    } finally {
      if (write) await c.query('rollback');
    }
  }
  await c.end();
} finally {
  if (!process.argv.includes('--keep') && !keep) await db.drop();
  else console.log(`kept ${db.dataSource}`);
}
process.exit(0);
