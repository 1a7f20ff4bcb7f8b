// Entry point: read config → create the server (which opens and migrates the store) → listen; nothing else.
import { loadConfig } from './config/config.ts';
import { createServer } from './server.ts';

const { config, path } = loadConfig();
const server = await createServer(config, { configPath: path });
console.log(`Parley ready on ${server.url}`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void server.close().finally(() => process.exit(0));
  });
}
