// `npm test`: the whole suite on SQLite, then on PostgreSQL when it answers (PARLEY_TEST_DBS=sqlite|postgres|both
// narrows or forces it). Starts nothing itself except through `scripts/services.mjs`; prints `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { ensureServices } from './services.mjs';

const wanted = process.env.PARLEY_TEST_DBS ?? 'both';
const extra = process.argv.slice(2);
const { postgres } = await ensureServices({ postgres: wanted !== 'sqlite', redis: true });

const dbs = wanted === 'both' ? (postgres ? ['sqlite', 'postgres'] : ['sqlite']) : [wanted];
if (wanted === 'both' && !postgres) console.warn('[parley] PostgreSQL is not reachable: running on SQLite only');

let passed = 0;
let failed = 0;
let exit = 0;
for (const db of dbs) {
  console.log(`\n=== test suite on ${db} ===`);
  const report = `.tmp/vitest-${db}.json`;
  const r = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, PARLEY_TEST_DB: db },
  });
  let runFailed;
  try {
    const { readFileSync } = await import('node:fs');
    const j = JSON.parse(readFileSync(report, 'utf8'));
    passed += j.numPassedTests;
    runFailed = j.numFailedTests + (j.numFailedTestSuites ?? 0);
  } catch {
    runFailed = 1;
  }
  // Vitest also fails a run for errors outside any test (unhandled rejections): count such a run as one failure.
  if (r.status !== 0) {
    exit = 1;
    runFailed = Math.max(runFailed, 1);
  }
  failed += runFailed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(exit);
