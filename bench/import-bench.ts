// Slack import benchmark: generates an export of 100,000 messages across 50 channels and 200 users, imports it through
// POST /api/v4/teams/{id}/import into a fresh Parley process, and prints the time and the server's peak RSS.
// node --import tsx bench/import-bench.ts [--db=sqlite|postgres] [--messages=N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freshDb, now, round, startServer, type Driver } from './lib.ts';
import { buildZip, slackExportEntries, type SlackExportFixture } from '../test/fixtures/slack/make-zip.ts';

process.env.PARLEY_BENCH_TSX ??= '1'; // run the sources: a stale dist/ may lack the import route

const argv = process.argv.slice(2);
const driver = (argv.find((a) => a.startsWith('--db='))?.slice(5) ?? 'sqlite') as Driver;
const MESSAGES = Number(argv.find((a) => a.startsWith('--messages='))?.slice(11) ?? 100_000);
const CHANNELS = 50;
const USERS = 200;
const PER_DAY = 100;

/** Deterministic export: every user in every channel, one reply in ten, some markup and mentions. */
function generate(): SlackExportFixture {
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: `U${String(i).padStart(5, '0')}`,
    name: `user${i}`,
    profile: { first_name: `First${i}`, last_name: `Last${i}`, email: `user${i}@bench.example` },
  }));
  const memberIds = users.map((u) => u.id);
  const channels = Array.from({ length: CHANNELS }, (_, c) => ({
    id: `C${String(c).padStart(5, '0')}`,
    name: `channel-${c}`,
    creator: memberIds[0],
    members: memberIds,
    purpose: { value: `Purpose ${c}` },
    topic: { value: `Topic ${c}` },
  }));
  const messages: Record<string, Record<string, unknown[]>> = {};
  const perChannel = Math.ceil(MESSAGES / CHANNELS);
  const start = 1_600_000_000;
  let made = 0;
  for (let c = 0; c < CHANNELS && made < MESSAGES; c++) {
    const days: Record<string, unknown[]> = {};
    let lastRoot = '';
    for (let i = 0; i < perChannel && made < MESSAGES; i++, made++) {
      const tsSec = start + i * 60 + c;
      const ts = `${tsSec}.${String(i % 1000).padStart(6, '0')}`;
      const user = memberIds[(i * 7 + c) % USERS];
      const isReply = i % 10 === 9 && lastRoot;
      const msg: Record<string, unknown> = {
        type: 'message',
        user,
        text: `Message ${i} in ${c}: *bold* <@${memberIds[(i + 1) % USERS]}> see <https://example.com/${i}|link ${i}>`,
        ts,
      };
      if (isReply) msg.thread_ts = lastRoot;
      else if (i % 10 === 0) {
        msg.thread_ts = ts;
        lastRoot = ts;
      }
      const day = new Date(tsSec * 1000).toISOString().slice(0, 10) + `-${Math.floor(i / PER_DAY)}`;
      (days[day] ??= []).push(msg);
    }
    messages[channels[c].name] = days;
  }
  return { users, channels, messages };
}

function vmHwmKb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function main() {
  const t0 = now();
  const zip = buildZip(slackExportEntries(generate()));
  const zipPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-import-bench-')), 'export.zip');
  fs.writeFileSync(zipPath, zip);
  console.log(
    `generated ${MESSAGES} messages, ${CHANNELS} channels, ${USERS} users: ${round(zip.length / 1048576)} MiB zip in ${round((now() - t0) / 1000)} s`,
  );

  const db = await freshDb(driver);
  const server = await startServer({ db, env: { MM_FILESETTINGS_MAXFILESIZE: String(1 << 30) } });
  try {
    const api = server.url + '/api/v4';
    const json = async (p: string, body: unknown, token?: string) => {
      const res = await fetch(api + p, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return { res, body: (await res.json()) as Record<string, unknown> };
    };
    await json('/users', { username: 'benchadmin', email: 'benchadmin@bench.example', password: 'Bench-passw0rd' });
    const login = await json('/users/login', { login_id: 'benchadmin', password: 'Bench-passw0rd' });
    const token = login.res.headers.get('token')!;
    const team = await json('/teams', { name: 'bench', display_name: 'Bench', type: 'O' }, token);
    const rssBefore = vmHwmKb(server.pid);

    const form = new FormData();
    form.append('file', await fs.openAsBlob(zipPath), 'export.zip');
    form.append('filesize', String(zip.length));
    form.append('importFrom', 'slack');
    const t1 = now();
    const res = await fetch(`${api}/teams/${team.body.id}/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    const body = (await res.json()) as { results?: string; id?: string };
    const secs = (now() - t1) / 1000;
    if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(body)}`);
    const peak = vmHwmKb(server.pid);
    console.log(
      JSON.stringify({
        db: driver,
        messages: MESSAGES,
        import_seconds: round(secs),
        messages_per_second: Math.round(MESSAGES / secs),
        server_peak_rss_mib: round(peak / 1024),
        server_peak_rss_before_import_mib: round(rssBefore / 1024),
        log_bytes: Buffer.from(body.results ?? '', 'base64').length,
      }),
    );
  } finally {
    await server.stop();
    await db.drop();
    fs.rmSync(path.dirname(zipPath), { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
