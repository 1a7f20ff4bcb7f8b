// Entry point: read config → create the server (which opens and migrates the store) → listen; stop on a signal.
import { loadConfig } from './config/config.ts';
import { createServer, SHUTDOWN_GRACE_MS } from './server.ts';

/** After a signal, how long the process may take to stop before it exits regardless (a query that never returns). */
const SHUTDOWN_LIMIT_MS = SHUTDOWN_GRACE_MS + 4_000;

const { config, path } = loadConfig();
const server = await createServer(config, { configPath: path });
console.log(`Parley ready on ${server.url}`);
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) process.exit(1); // a second signal: stop now
    stopping = true;
    setTimeout(() => process.exit(1), SHUTDOWN_LIMIT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed', err);
        process.exit(1);
      },
    );
  });
}
