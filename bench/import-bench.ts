// Slack import benchmark: generates an export (default 100,000 messages, 50 channels, 200 users, one reply in ten, an
// upload every 100 messages), imports it through POST /api/v4/teams/{id}/import into a fresh Parley process, and
// prints the time, messages/s, the server's peak RSS (VmHWM: main thread and planning worker together) and the
// latency of another user's requests meanwhile (open loop, one every 20 ms, rotating GET /system/ping, GET
// /users/me and a page of a channel's posts).
// node --import tsx bench/import-bench.ts [--db=sqlite|postgres] [--messages=N] [--channels=N] [--users=N]
//   [--per-day=N] [--reply-every=N] [--file-every=N]
// The criterion: --messages=1000000 --channels=100 --users=2000.
import fs from 'node:fs';
import nodeHttp from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { adminWithTeam, freshDb, Http, now, round, sleep, startServer, stats, type Driver } from './lib.ts';
import { shapeFromArgs, writeSlackExport } from './slack-export.ts';

process.env.PARLEY_BENCH_TSX ??= '1'; // run the sources: a stale dist/ may lack the import route

const argv = process.argv.slice(2);
const driver = (argv.find((a) => a.startsWith('--db='))?.slice(5) ?? 'sqlite') as Driver;
const shape = shapeFromArgs(argv);

function vmHwmKb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Another user's requests while the import runs: open loop, so a stalled server shows in every sample. */
function sampleLatency(http: Http, token: string, channelId: string) {
  const paths = ['/api/v4/system/ping', '/api/v4/users/me', `/api/v4/channels/${channelId}/posts?per_page=60`];
  const byPath = new Map<string, number[]>(paths.map((p) => [p, []]));
  let running = true;
  const loop = (async () => {
    const pending: Promise<void>[] = [];
    for (let i = 0; running; i++) {
      const p = paths[i % paths.length];
      const t = now();
      // A request the server never answers (the client gives up after 30 s) counts as 30 s, not as nothing.
      const done = () => void byPath.get(p)!.push(now() - t);
      pending.push(http.request('GET', p, token).then(done, done));
      await sleep(20);
    }
    await Promise.all(pending);
  })();
  return async () => {
    running = false;
    await loop;
    const all = [...byPath.values()].flat();
    const fmt = (xs: number[]) => {
      const s = stats(xs);
      return { n: s.n, p50: round(s.p50), p99: round(s.p99), max: round(s.max) };
    };
    return { all: fmt(all), ping: fmt(byPath.get(paths[0])!), me: fmt(byPath.get(paths[1])!), posts: fmt(byPath.get(paths[2])!) };
  };
}

/**
 * The import's multipart POST over node:http, the zip streamed from disk: fetch gives up waiting for the answer
 * after 300 s (undici's headersTimeout), and an import of a million messages may take longer.
 */
function postImport(url: string, token: string, zipPath: string, zipBytes: number): Promise<{ status: number; text: string }> {
  const boundary = `parleybench${Date.now()}`;
  const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head =
    field('filesize', String(zipBytes)) +
    field('importFrom', 'slack') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.zip"\r\nContent-Type: application/zip\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  return new Promise((resolve, reject) => {
    const req = nodeHttp.request(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        'Content-Length': Buffer.byteLength(head) + zipBytes + Buffer.byteLength(tail),
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.write(head);
    const file = fs.createReadStream(zipPath);
    file.on('error', reject);
    file.on('end', () => req.end(tail));
    file.pipe(req, { end: false });
  });
}

async function main() {
  const t0 = now();
  const zipPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parley-import-bench-')), 'export.zip');
  const zipBytes = writeSlackExport(zipPath, shape);
  console.log(`generated ${JSON.stringify(shape)}: ${round(zipBytes / 1048576)} MiB zip in ${round((now() - t0) / 1000)} s`);

  const db = await freshDb(driver);
  const server = await startServer({
    db,
    nodeArgs: process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean),
    env: {
      MM_FILESETTINGS_MAXFILESIZE: String(1 << 30),
      MM_IMPORTSETTINGS_DIRECTORY: path.join(db.dir, 'import'),
      // The import answers only when it is done: Mattermost's WriteTimeout (300 s) would cut a long one off.
      MM_SERVICESETTINGS_WRITETIMEOUT: '0',
    },
  });
  const http = new Http(server.url, 64);
  try {
    const { token, team } = await adminWithTeam(http);
    const channel = await http.ok('POST', '/api/v4/channels', token, { team_id: team.id, name: 'watch', display_name: 'Watch', type: 'O' });
    for (let i = 0; i < 100; i++)
      await http.ok('POST', '/api/v4/posts', token, { channel_id: channel.id, message: `before the import ${i}` });
    const rssBefore = vmHwmKb(server.pid);
    const cpuBefore = server.cpuMs();

    const stopSampling = sampleLatency(http, token, channel.id);
    const t1 = now();
    const res = await postImport(`${server.url}/api/v4/teams/${team.id}/import`, token, zipPath, zipBytes);
    const body = JSON.parse(res.text) as { results?: string; id?: string };
    const secs = (now() - t1) / 1000;
    const latency = await stopSampling();
    if (res.status !== 200) throw new Error(`import failed: ${res.status} ${JSON.stringify(body)}`);
    const peak = vmHwmKb(server.pid);
    if (process.env.BENCH_STDERR) console.error(server.stderr());
    console.log(
      JSON.stringify({
        db: driver,
        ...shape,
        zip_mib: round(zipBytes / 1048576),
        import_seconds: round(secs),
        messages_per_second: Math.round(shape.messages / secs),
        server_cpu_seconds: round((server.cpuMs() - cpuBefore) / 1000),
        server_peak_rss_mib: round(peak / 1024),
        server_peak_rss_before_import_mib: round(rssBefore / 1024),
        latency_during_import_ms: latency,
        log_bytes: Buffer.from(body.results ?? '', 'base64').length,
      }),
    );
  } catch (err) {
    console.error(server.stderr().slice(-4000));
    throw err;
  } finally {
    http.close();
    await server.stop();
    await db.drop();
    fs.rmSync(path.dirname(zipPath), { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
