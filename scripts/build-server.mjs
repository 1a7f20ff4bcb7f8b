// Bundles the server into dist/main.js: one module graph to load instead of hundreds of files (kysely alone is 263),
// which is what keeps a cold start under 300 ms. Native and heavy packages stay external and load from node_modules.
import { build } from 'esbuild';

const external = [
  'better-sqlite3', 'pg', 'fastify', 'pino', 'ws', 'nodemailer', '@fastify/multipart', 'sharp', 'ioredis', 'yauzl',
  'bcryptjs', '@mattermost/*',
];

await build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/main.js',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
