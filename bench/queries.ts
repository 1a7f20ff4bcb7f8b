// Lists the SQL statements (database round trips) one POST /posts costs, in-process: a quick check while tuning the
// send path; with --history, those of one GET /channels/{id}/posts?page=0&per_page=60 over 70 posts instead (with
// --reactions, one of them has a reaction). Run: node --import tsx bench/queries.ts [--db=postgres] [--reply | --history [--reactions]]
import Database from 'better-sqlite3';
import pg from 'pg';
import { createServer } from '../src/server.ts';
import { defaultConfig } from '../src/config/config.ts';
import fs from 'node:fs';
import { freshDb, type Driver } from './lib.ts';

const driver = (process.argv.find((a) => a.startsWith('--db='))?.slice(5) ?? 'sqlite') as Driver;
const reply = process.argv.includes('--reply');
const history = process.argv.includes('--history');
const reactions = process.argv.includes('--reactions');
const db = await freshDb(driver);
const config = defaultConfig();
config.ServiceSettings.ListenAddress = '127.0.0.1:0';
config.TeamSettings.EnableOpenServer = true;
config.PasswordSettings.PBKDF2WorkFactor = 1000;
config.LogSettings.EnableConsole = false;
config.FileSettings.Directory = db.dir + '/files';
config.SqlSettings.DriverName = driver;
config.SqlSettings.DataSource = db.dataSource;
const log: string[] = [];
const note = (s: string) => log.push(s.replace(/\s+/g, ' ').slice(0, 160));
// SQLite statements are prepared once and reused (dialect.ts), so each execution is logged, not each prepare.
const prepare = (Database.prototype as any).prepare;
(Database.prototype as any).prepare = function (s: string) {
  const st = prepare.call(this, s);
  for (const m of ['all', 'get', 'run', 'iterate']) {
    const f = st[m];
    st[m] = (...a: unknown[]) => (note(s), f.apply(st, a));
  }
  return st;
};
const query = (pg.Client.prototype as any).query;
(pg.Client.prototype as any).query = function (q: any, ...rest: unknown[]) {
  note(typeof q === 'string' ? q : q.text);
  return query.call(this, q, ...rest);
};
const srv = await createServer(config, { logLevel: 'silent' });
const j = async (m: string, p: string, tok: string | undefined, b?: unknown): Promise<{ body: any; token: string }> => {
  const r = await fetch(srv.url + '/api/v4' + p, {
    method: m,
    headers: { 'content-type': 'application/json', ...(tok ? { authorization: 'Bearer ' + tok } : {}) },
    body: b ? JSON.stringify(b) : undefined,
  });
  return { body: await r.json(), token: r.headers.get('token') ?? '' };
};
await j('POST', '/users', undefined, { username: 'aaa1', email: 'a@x.com', password: 'Passw0rd-aaaa' });
const admin = (await j('POST', '/users/login', undefined, { login_id: 'aaa1', password: 'Passw0rd-aaaa' })).token;
const team = (await j('POST', '/teams', admin, { name: 'tt1', display_name: 'T', type: 'O' })).body;
const ch = (await j('POST', '/channels', admin, { team_id: team.id, name: 'cc1', display_name: 'C', type: 'O' })).body;
// The poster is a plain member (the first user is a system admin, whose permission checks need no query).
const user = (await j('POST', '/users', undefined, { username: 'bbb1', email: 'b@x.com', password: 'Passw0rd-bbbb' })).body;
await j('POST', `/teams/${team.id}/members`, admin, { team_id: team.id, user_id: user.id });
await j('POST', `/channels/${ch.id}/members`, admin, { user_id: user.id });
const { token } = await j('POST', '/users/login', undefined, { login_id: 'bbb1', password: 'Passw0rd-bbbb' });
const root = (await j('POST', '/posts', token, { channel_id: ch.id, message: 'warm' })).body;
await j('POST', '/posts', token, { channel_id: ch.id, message: 'warm 2', root_id: reply ? root.id : '' });
await srv.hub.flush();
let what: string;
if (history) {
  let last = root;
  for (let i = 0; i < 68; i++) last = (await j('POST', '/posts', token, { channel_id: ch.id, message: `history ${i}` })).body;
  if (reactions) await j('POST', '/reactions', token, { user_id: user.id, post_id: last.id, emoji_name: 'thumbsup' });
  const page = `/channels/${ch.id}/posts?page=0&per_page=60`;
  await j('GET', page, token);
  await srv.hub.flush();
  log.length = 0;
  await j('GET', page, token);
  what = `GET channel posts page 0${reactions ? ', a reaction' : ''}`;
} else {
  log.length = 0;
  await j('POST', '/posts', token, { channel_id: ch.id, message: 'hello #bench', root_id: reply ? root.id : '' });
  await srv.hub.flush();
  what = reply ? 'reply' : 'post';
}
console.log(`${log.length} statements (${driver}, ${what})`);
for (const l of log) console.log(' ', l);
await srv.close();
await db.drop();
fs.rmSync(db.dir, { recursive: true, force: true });
