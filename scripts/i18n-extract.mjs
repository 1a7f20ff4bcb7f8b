// Writes web/src/i18n/locales/en.json (every id/defaultMessage pair found in web/src) and the pseudo-locale xx.json
// built from it (accented, bracketed text: any string shown without brackets under ?locale=xx is not translatable).
// Run after adding or changing a web string: `node scripts/i18n-extract.mjs`.
import path from 'node:path';
import { extractWeb, pseudo, PSEUDO, WEB_LOCALES, writeJson } from './i18n-lib.mjs';

const en = extractWeb();
writeJson(path.join(WEB_LOCALES, 'en.json'), en);
writeJson(path.join(WEB_LOCALES, `${PSEUDO}.json`), Object.fromEntries(Object.entries(en).map(([id, m]) => [id, pseudo(m)])));
console.log(`${Object.keys(en).length} web messages → en.json, ${PSEUDO}.json`);
