// `npm start`: rebuilds the server bundle (dist/main.js) and the web app (web/dist) only when their inputs
// changed since the last build, then runs the server in this same process, so a restart of an unchanged checkout
// answers its first ping at once. Type-checking belongs to
// `npm run check` and CI, not to every start. A stamp beside each output records what it was built from.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A fingerprint of the files under `roots` (path, size, mtime), skipping outputs and dependencies. */
function fingerprint(roots) {
  const h = createHash('sha256');
  const walk = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      const base = path.basename(p);
      if (base === 'node_modules' || base === 'dist' || base.startsWith('.')) return;
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else h.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
  };
  for (const r of roots) walk(r);
  return h.digest('hex');
}

function buildIfStale(name, stampFile, roots, command, args) {
  const want = fingerprint(roots);
  let have = '';
  try {
    have = fs.readFileSync(stampFile, 'utf8');
  } catch {}
  if (have === want) return;
  console.log(`[parley] building the ${name}…`);
  const r = spawnSync(command, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  fs.mkdirSync(path.dirname(stampFile), { recursive: true });
  fs.writeFileSync(stampFile, want);
}

const shared = ['package-lock.json', 'package.json'];
buildIfStale('server', 'dist/.server-stamp', ['src', 'scripts/build-server.mjs', ...shared], process.execPath, [
  'scripts/build-server.mjs',
]);
buildIfStale('web app', 'dist/.web-stamp', ['web', ...shared], 'npx', [
  'vite',
  'build',
  '--config',
  'web/vite.config.ts',
  '--logLevel',
  'warn',
]);

await import(new URL('../dist/main.js', import.meta.url).href);
