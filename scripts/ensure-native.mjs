// Makes sure better-sqlite3's native addon is built and loads on this Node, even where npm held back
// dependency install scripts. Runs as the root package's postinstall.
import { createRequire } from 'node:module';
import { execSync } from 'node:child_process';

const require = createRequire(import.meta.url);

function loads() {
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

if (!loads()) {
  console.log('[parley] building better-sqlite3 from source (about a minute)…');
  execSync('npm rebuild better-sqlite3 --ignore-scripts=false --foreground-scripts', { stdio: 'inherit' });
  if (!loads()) {
    console.error('[parley] better-sqlite3 still does not load; see the build output above');
    process.exit(1);
  }
}
