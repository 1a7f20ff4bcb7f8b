// Prints, per locale, the message ids a translation lacks (and placeholders that differ, and ids no longer used),
// for the web app (ids from web/src) and the server (ERRORS and mail strings). Exit 1 when anything is missing.
// `node scripts/i18n-missing.mjs [--json]`: with --json, prints {web: {locale: {id: English}}, server: {…}} to translate.
import { compare, extractWeb, goPlaceholders, icuPlaceholders, serverCatalogues, serverEnglish, webCatalogues } from './i18n-lib.mjs';

const json = process.argv.includes('--json');
const sides = {
  web: [extractWeb(), webCatalogues(), icuPlaceholders],
  server: [await serverEnglish(), serverCatalogues(), goPlaceholders],
};
let bad = false;
const todo = {};
for (const [side, [english, cats, ph]] of Object.entries(sides)) {
  todo[side] = {};
  for (const [locale, r] of Object.entries(compare(english, cats, ph))) {
    if (r.missing.length || r.mismatched.length) bad = true;
    todo[side][locale] = Object.fromEntries([...r.missing, ...r.mismatched].map((id) => [id, english[id]]));
    if (json) continue;
    if (!r.missing.length && !r.mismatched.length && !r.extra.length) continue;
    console.log(`${side} ${locale}: ${r.missing.length} missing, ${r.mismatched.length} placeholder mismatches, ${r.extra.length} unused`);
    for (const id of r.missing) console.log(`  missing    ${id}: ${JSON.stringify(english[id])}`);
    for (const id of r.mismatched) console.log(`  placeholder ${id}: ${JSON.stringify(english[id])}`);
    for (const id of r.extra) console.log(`  unused     ${id}`);
  }
}
if (json) console.log(JSON.stringify(todo, null, 2));
else if (!bad) console.log('every locale has every message');
process.exit(bad ? 1 : 0);
