// The notification queue across restarts and nodes: a job written but not sent before close is sent after a restart,
// a crashed node's claim expires and is retried, and two servers on one database send each notification once.
import { afterEach, describe, expect, it } from 'vitest';
import { Client4 } from '@mattermost/client';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import type { Config } from '../config/config.ts';
import { createServer, type ParleyServer } from '../server.ts';
import { newId } from '../model/id.ts';
import { DRIVER, testConfig, uniq } from '../../test/helper.ts';
import { useNotifySinks, waitUntil } from '../../test/notify-sinks.ts';

const sinks = useNotifySinks();

const servers: ParleyServer[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close().catch(() => undefined);
  for (const c of cleanups.splice(0)) await c();
});

async function config(): Promise<Config> {
  const { config: c, cleanup } = await testConfig();
  cleanups.push(cleanup);
  sinks.configure(c);
  return c;
}

async function start(c: Config): Promise<ParleyServer> {
  const s = await createServer(c, { logLevel: 'silent' });
  servers.push(s);
  return s;
}

function client(s: ParleyServer, token?: string): Client4 {
  const c = new Client4();
  c.setUrl(s.url);
  c.setIncludeCookies(false);
  if (token) c.setToken(token);
  return c;
}

async function user(s: ParleyServer, prefix: string): Promise<{ client: Client4; user: UserProfile }> {
  const name = uniq(prefix);
  const password = 'Passw0rd-' + name;
  await client(s).createUser({ username: name, email: `${name}@example.com`, password } as UserProfile, '', '');
  const c = client(s);
  const u = await c.login(name, password);
  return { client: c, user: u };
}

const mailsTo = (u: UserProfile) => sinks.smtp.messages.filter((m) => m.to.includes(u.email));

describe('the persisted notification queue', () => {
  it('a notification queued but not sent before close is sent after a restart', async () => {
    const c = await config();
    c.EmailSettings.SMTPPort = '1'; // nothing listens: the first server cannot send
    const a = await start(c);
    const sender = await user(a, 'qa');
    const rcpt = await user(a, 'qb');
    const dm = await sender.client.createDirectChannel([sender.user.id, rcpt.user.id]);
    const p = await sender.client.createPost({ channel_id: dm.id, message: 'survives a restart' } as never);
    await waitUntil(async () => {
      const rows = await a.ctx.store.db.selectFrom('notification_jobs').selectAll().where('kind', '=', 'email').execute();
      return rows.some((r) => r.attempts >= 1);
    }, 'a failed first try');
    await a.close();
    servers.splice(servers.indexOf(a), 1);
    expect(mailsTo(rcpt.user)).toHaveLength(0);
    c.EmailSettings.SMTPPort = String(sinks.smtp.port);
    c.ServiceSettings.ListenAddress = '127.0.0.1:0';
    const b = await start(c);
    await waitUntil(() => mailsTo(rcpt.user).length > 0, 'the mail after restart');
    expect(mailsTo(rcpt.user)[0].text).toContain('survives a restart');
    expect(mailsTo(rcpt.user)[0].headers['message-id']).toMatch(new RegExp(`^<${p.id}@`));
    await waitUntil(async () => (await b.ctx.store.notifications.count()) === 0, 'an empty queue');
    expect(mailsTo(rcpt.user)).toHaveLength(1);
  });

  it('a claim left by a crashed node expires and the job is run again', async () => {
    const c = await config();
    c.EmailSettings.ParleyNotificationClaimTimeoutMilliseconds = 500;
    const s = await start(c);
    const sender = await user(s, 'ca');
    const rcpt = await user(s, 'cb');
    const dm = await sender.client.createDirectChannel([sender.user.id, rcpt.user.id]);
    // A post job another node claimed and never finished.
    const p = await sender.client.createPost({ channel_id: dm.id, message: 'claimed by the dead' } as never);
    await waitUntil(() => mailsTo(rcpt.user).length === 1, 'the first mail');
    const now = Date.now();
    await s.ctx.store.db
      .insertInto('notification_jobs')
      .values({
        id: newId(),
        kind: 'email',
        user_id: rcpt.user.id,
        post_id: p.id,
        channel_id: dm.id,
        batch: '',
        payload: '{}',
        create_at: now,
        due_at: now,
        claimed_by: newId(),
        claimed_at: now,
        attempts: 0,
      })
      .execute();
    await waitUntil(() => mailsTo(rcpt.user).length === 2, 'the retried mail');
    await waitUntil(async () => (await s.ctx.store.notifications.count()) === 0, 'an empty queue');
    expect(mailsTo(rcpt.user)).toHaveLength(2);
  });

  it('a post job resumed after its cursor sends only to the recipients after it, in user-id order', async () => {
    const s = await start(await config());
    const sender = await user(s, 'ra');
    const others = [await user(s, 'rb'), await user(s, 'rc'), await user(s, 'rd')].sort((x, y) => (x.user.id < y.user.id ? -1 : 1));
    const gm = await sender.client.createGroupChannel([sender.user.id, ...others.map((o) => o.user.id)]);
    const p = await sender.client.createPost({ channel_id: gm.id, message: 'resumed midway' } as never);
    await waitUntil(() => others.every((o) => mailsTo(o.user).length === 1), 'a mail to each member');
    await waitUntil(async () => (await s.ctx.store.notifications.count()) === 0, 'an empty queue');
    // The same post job as a node that died after sending to the first recipient left it: expanded, cursor at them.
    const now = Date.now();
    await s.ctx.store.db
      .insertInto('notification_jobs')
      .values({
        id: newId(),
        kind: 'post',
        user_id: '',
        post_id: p.id,
        channel_id: gm.id,
        batch: '',
        payload: JSON.stringify({ mentions: [], expanded: true, done: others[0].user.id }),
        create_at: now,
        due_at: now,
        claimed_by: null,
        claimed_at: 0,
        attempts: 0,
      })
      .execute();
    await waitUntil(() => mailsTo(others[1].user).length === 2 && mailsTo(others[2].user).length === 2, 'the resumed mails');
    await waitUntil(async () => (await s.ctx.store.notifications.count()) === 0, 'an empty queue');
    expect(mailsTo(others[0].user)).toHaveLength(1);
    expect(mailsTo(others[1].user)).toHaveLength(2);
    expect(mailsTo(others[2].user)).toHaveLength(2);
  });
});

describe.runIf(DRIVER === 'postgres')('two servers on one PostgreSQL database', () => {
  it('each notification is sent once', async () => {
    const c = await config();
    const a = await start(c);
    const c2 = structuredClone(c);
    const b = await start(c2);
    const sender = await user(a, 'twa');
    const rcpt = await user(a, 'twb');
    const device = 'two' + rcpt.user.id.slice(0, 10);
    const res = await fetch(`${a.url}/api/v4/users/sessions/device`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${rcpt.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ device_id: 'android_rn-v2:' + device }),
    });
    expect(res.status).toBe(200);
    const team = await sender.client.createTeam({ name: uniq('tw'), display_name: 'Two', type: 'O' } as Team);
    await sender.client.addToTeam(team.id, rcpt.user.id);
    const dm = await sender.client.createDirectChannel([sender.user.id, rcpt.user.id]);
    const viaB = client(b, sender.client.getToken());
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const p = await (i % 2 ? viaB : sender.client).createPost({ channel_id: dm.id, message: `message ${i}` } as never);
      ids.push(p.id);
    }
    await waitUntil(() => mailsTo(rcpt.user).length >= 10, 'ten mails');
    await waitUntil(() => sinks.proxy.pushes.filter((x) => x.device_id === device).length >= 10, 'ten pushes');
    await waitUntil(
      async () => (await a.ctx.store.notifications.count()) === 0 && (await b.ctx.store.notifications.count()) === 0,
      'an empty queue',
    );
    const mailIds = mailsTo(rcpt.user).map((m) => m.headers['message-id']);
    expect(mailIds).toHaveLength(10);
    expect(new Set(mailIds).size).toBe(10);
    const pushed = sinks.proxy.pushes.filter((x) => x.device_id === device).map((x) => x.post_id);
    expect(pushed.sort()).toEqual([...ids].sort());
  });
});
