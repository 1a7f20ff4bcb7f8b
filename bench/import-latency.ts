// Slack import under load: GET /system/ping latency (p50/p99) from a second client while an import runs, against the
// same client's idle figures, plus the server's peak RSS. Two exports: a large valid one and a zip bomb (one highly
// compressed day file of ~60 MB whose messages are all skipped). Pings are sent open-loop (one every 20 ms).
// node --import tsx bench/import-latency.ts [--db=sqlite|postgres] [--messages=N] [--only=large|bomb|dense-bomb] [--env=KEY=VALUE,…]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { adminWithTeam, freshDb, Http, now, round, sleep, startServer, stats, type Driver } from './lib.ts';
import { buildZip, slackExportEntries, type SlackExportFixture, type ZipInputEntry } from '../test/fixtures/slack/make-zip.ts';

process.env.PARLEY_BENCH_TSX ??= '1';

const argv = process.argv.slice(2);
const arg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const driver = (arg('db') ?? 'sqlite') as Driver;
const MESSAGES = Number(arg('messages') ?? 100_000);
const only = arg('only');
const extraEnv = Object.fromEntries(
  (arg('env') ?? '')
    .split(',')
    .filter(Boolean)
    .map((kv) => kv.split('=') as [string, string]),
);

/** 200 users in 50 channels, one reply in ten, markup and mentions (as bench/import-bench.ts). */
function largeExport(): SlackExportFixture {
  const users = Array.from({ length: 200 }, (_, i) => ({
    id: `U${String(i).padStart(5, '0')}`,
    name: `user${i}`,
    profile: { first_name: `First${i}`, last_name: `Last${i}`, email: `user${i}@bench.example` },
  }));
  const ids = users.map((u) => u.id);
  const channels = Array.from({ length: 50 }, (_, c) => ({
    id: `C${String(c).padStart(5, '0')}`,
    name: `channel-${c}`,
    creator: ids[0],
    members: ids,
  }));
  const messages: Record<string, Record<string, unknown[]>> = {};
  const perChannel = Math.ceil(MESSAGES / channels.length);
  for (let c = 0; c < channels.length; c++) {
    const days: Record<string, unknown[]> = {};
    let root = '';
    for (let i = 0; i < perChannel; i++) {
      const ts = `${1_600_000_000 + i * 60 + c}.${String(i % 1000).padStart(6, '0')}`;
      const msg: Record<string, unknown> = {
        type: 'message',
        user: ids[(i * 7 + c) % 200],
        text: `Message ${i}: *bold* <@${ids[(i + 1) % 200]}>`,
        ts,
      };
      if (i % 10 === 9 && root) msg.thread_ts = root;
      else if (i % 10 === 0) root = msg.thread_ts = ts;
      (days[`2020-09-${String(1 + (Math.floor(i / 100) % 28)).padStart(2, '0')}-${Math.floor(i / 100)}`] ??= []).push(msg);
    }
    messages[channels[c].name] = days;
  }
  return { users, channels, messages };
}

/**
 * One public channel whose single day file is ~60 MB of messages of an unsupported subtype; `dense` repeats one
 * message (compresses ~300×, as the 200 KB bomb), otherwise each has its own ts (~30×).
 */
function bombEntries(dense: boolean): ZipInputEntry[] {
  const one = (i: number) =>
    `{"type":"message","subtype":"pinned_item","user":"U1","ts":"${dense ? 1_600_000_000 : 1_600_000_000 + i}.000100"}`;
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < 60_000_000; i++) {
    const s = one(i);
    parts.push(s);
    size += s.length + 1;
  }
  return [
    ...slackExportEntries({
      users: [{ id: 'U1', name: 'bomber', profile: { email: 'bomber@bench.example' } }],
      channels: [{ id: 'C1', name: 'general', creator: 'U1', members: ['U1'] }],
    }),
    { path: 'general/2020-01-01.json', data: `[${parts.join(',')}]` },
  ];
}

async function measure(name: string, zip: Buffer) {
  const zipPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-latency-')), 'export.zip');
  fs.writeFileSync(zipPath, zip);
  const db = await freshDb(driver);
  const server = await startServer({
    db,
    env: { MM_FILESETTINGS_MAXFILESIZE: String(1 << 30), MM_IMPORTSETTINGS_DIRECTORY: path.join(db.dir, 'import'), ...extraEnv },
  });
  const http = new Http(server.url, 256);
  try {
    const { token, team } = await adminWithTeam(http);

    let running = true;
    /** Open loop: a ping every 20 ms whether or not the last one answered, so a stalled server shows in every sample. */
    const pings = async (out: number[]) => {
      const pending: Promise<void>[] = [];
      while (running) {
        const t = now();
        pending.push(http.request('GET', '/api/v4/system/ping').then(() => void out.push(now() - t)));
        await sleep(20);
      }
      await Promise.all(pending);
    };
    const idle: number[] = [];
    const idleLoop = pings(idle);
    await sleep(2000);
    running = false;
    await idleLoop;

    const busy: number[] = [];
    running = true;
    const busyLoop = pings(busy);
    const form = new FormData();
    form.append('file', await fs.openAsBlob(zipPath), 'export.zip');
    form.append('filesize', String(zip.length));
    form.append('importFrom', 'slack');
    const t1 = now();
    const rssBefore = server.rssKb();
    let peakRss = rssBefore;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, server.rssKb())), 50);
    const res = await fetch(`${server.url}/api/v4/teams/${team.id}/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form,
    });
    const body = (await res.json()) as { id?: string };
    const secs = (now() - t1) / 1000;
    clearInterval(rssTimer);
    running = false;
    await busyLoop;
    const i = stats(idle);
    const b = stats(busy);
    console.log(
      JSON.stringify({
        export: name,
        db: driver,
        zip_kib: Math.round(zip.length / 1024),
        status: res.status,
        error_id: body.id,
        import_seconds: round(secs),
        server_rss_mib: { before: round(rssBefore / 1024), peak: round(peakRss / 1024) },
        ping_idle_ms: { n: i.n, p50: round(i.p50), p99: round(i.p99) },
        ping_during_import_ms: { n: b.n, p50: round(b.p50), p99: round(b.p99), max: round(b.max) },
      }),
    );
  } finally {
    http.close();
    await server.stop();
    await db.drop();
    fs.rmSync(path.dirname(zipPath), { recursive: true, force: true });
  }
}

if (!only || only === 'large') await measure(`large (${MESSAGES} messages)`, buildZip(slackExportEntries(largeExport())));
if (!only || only === 'bomb') await measure('bomb (60 MB day file, ~30x)', buildZip(bombEntries(false)));
if (!only || only === 'dense-bomb') await measure('dense bomb (60 MB day file, ~300x)', buildZip(bombEntries(true)));
