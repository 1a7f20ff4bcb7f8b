// Test helper: Parley as a process of its own (src/main.ts under tsx), for what only a process shows: signals, SIGKILL.
import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

/**
 * Starts src/main.ts on `port` with no config file and these MM_* settings; resolves once it answers a ping (it is
 * killed if it never does).
 */
export async function spawnParley(port: number, env: Record<string, string>): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      MM_CONFIG: 'none',
      MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
      MM_LOGSETTINGS_ENABLECONSOLE: 'false',
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    const up = await fetch(url + '/api/v4/system/ping').then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { proc, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error('the spawned Parley never answered');
}
