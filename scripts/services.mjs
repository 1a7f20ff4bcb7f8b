// Makes sure PostgreSQL and Redis answer on their standard local ports, starting them where this machine can.
import net from 'node:net';
import { execSync } from 'node:child_process';
import fs from 'node:fs';

function answers(port, host = '127.0.0.1', ms = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(ms, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function tryRun(cmd) {
  try {
    execSync(cmd, { stdio: 'ignore', timeout: 60_000 });
  } catch {
    // the check below tells whether it worked
  }
}

async function waitFor(port, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await answers(port)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

export async function ensureServices({ postgres = true, redis = true } = {}) {
  const out = { postgres: false, redis: false };
  if (postgres) {
    if (!(await answers(5432)) && fs.existsSync('/etc/postgresql')) {
      const version = fs.readdirSync('/etc/postgresql')[0];
      tryRun(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`);
    }
    out.postgres = await waitFor(5432, 15);
  }
  if (redis) {
    if (!(await answers(6379))) {
      tryRun('mkdir -p /var/lib/redis /var/log/redis');
      tryRun(
        'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
      );
    }
    out.redis = await waitFor(6379, 10);
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await ensureServices();
  console.log(`postgres: ${r.postgres ? 'up' : 'DOWN'}, redis: ${r.redis ? 'up' : 'DOWN'}`);
}
