// Entry point: read config → create the server (which opens and migrates the store) → listen; nothing else.
import { loadConfig } from './config/config.ts';
import { createServer } from './server.ts';

const { config, path } = loadConfig();
const server = await createServer(config, { configPath: path });
console.log(`Parley ready on ${server.url}`);
/** However long in-flight work takes to finish or abandon (server.close), the process is gone this long after the signal. */
const SHUTDOWN_DEADLINE_MS = 10_000;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    void server.close().finally(() => process.exit(0));
  });
}
