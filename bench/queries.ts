// Lists the SQL statements one POST /posts costs on SQLite (in-process server): a quick check while tuning the send path.
// Run: node --import tsx bench/queries.ts
import Database from 'better-sqlite3';
import { createServer } from '../src/server.ts';
import { defaultConfig } from '../src/config/config.ts';
import fs from 'node:fs';
const dir = fs.mkdtempSync('/tmp/qc-');
const config = defaultConfig();
config.ServiceSettings.ListenAddress = '127.0.0.1:0'; config.TeamSettings.EnableOpenServer = true; config.PasswordSettings.PBKDF2WorkFactor = 1000;
config.LogSettings.EnableConsole = false; config.FileSettings.Directory = dir + '/files'; config.SqlSettings.DataSource = dir + '/p.db';
const cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
const log: string[] = [];
const orig = (Database.prototype as any).prepare;
(Database.prototype as any).prepare = function (s: string) { log.push(s.replace(/\s+/g, ' ').slice(0, 160)); return orig.call(this, s); };
const srv = await createServer(config, { logLevel: 'silent' });
const j = async (m: string, p: string, tok: string | undefined, b?: unknown): Promise<{ body: any; token: string }> => {
  const r = await fetch(srv.url + '/api/v4' + p, { method: m, headers: { 'content-type': 'application/json', ...(tok ? { authorization: 'Bearer ' + tok } : {}) }, body: b ? JSON.stringify(b) : undefined });
  return { body: await r.json(), token: r.headers.get('token') ?? '' };
};
await j('POST', '/users', undefined, { username: 'aaa1', email: 'a@x.com', password: 'Passw0rd-aaaa' });
const { token } = await j('POST', '/users/login', undefined, { login_id: 'aaa1', password: 'Passw0rd-aaaa' });
const team = (await j('POST', '/teams', token, { name: 'tt1', display_name: 'T', type: 'O' })).body;
const ch = (await j('POST', '/channels', token, { team_id: team.id, name: 'cc1', display_name: 'C', type: 'O' })).body;
await j('POST', '/posts', token, { channel_id: ch.id, message: 'warm' });
await srv.hub.flush();
log.length = 0;
await j('POST', '/posts', token, { channel_id: ch.id, message: 'hello #bench' });
await srv.hub.flush();
console.log(log.length + ' statements'); for (const l of log) console.log(' ', l);
await srv.close(); await cleanup();
