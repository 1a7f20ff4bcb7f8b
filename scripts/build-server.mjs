// Bundles the server into dist/main.js: one module graph to load and compile instead of hundreds of files (kysely
// alone is 263; fastify, pg and pino with their dependencies about as many again), which is what keeps a cold start
// under 300 ms. Only native packages and those loaded lazily, on first use, stay external in node_modules.
import { build } from 'esbuild';

const external = ['better-sqlite3', 'pg-native', 'nodemailer', 'sharp', 'ioredis', 'yauzl', 'bcryptjs', '@mattermost/*'];

await build({
  // The Slack import's worker thread runs a file of its own (src/importer/slack/plan-worker.ts looks for it beside main.js).
  entryPoints: { main: 'src/main.ts', 'slack-import-worker': 'src/importer/slack/worker.ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir: 'dist',
  sourcemap: true,
  external,
  // The bundled CommonJS packages require Node's built-ins: an ES module has no `require` of its own.
  banner: { js: "import { createRequire as __parleyRequire } from 'node:module'; const require = __parleyRequire(import.meta.url);" },
  logLevel: 'warning',
});
