// Every message in every language: each id of the English catalogues (web: extracted from web/src; server: ERRORS and
// the mail strings) exists in each locale file with the same placeholders. Failing here while others add strings is
// intended: `node scripts/i18n-missing.mjs` lists what to translate.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compare,
  extractWeb,
  goPlaceholders,
  icuPlaceholders,
  LOCALES,
  pseudo,
  PSEUDO,
  readJson,
  serverCatalogues,
  WEB_LOCALES,
  webCatalogues,
} from '../../scripts/i18n-lib.mjs';
import { LOCALES as SERVER_LOCALE_LIST } from './locales.ts';
import { englishCatalogue, translate } from './server.ts';

const webEnglish = extractWeb();
const serverEnglish = englishCatalogue();

describe('web catalogues', () => {
  it('en.json is what the sources say (run node scripts/i18n-extract.mjs after changing a string)', () => {
    expect(readJson(path.join(WEB_LOCALES, 'en.json'))).toEqual(webEnglish);
  });

  it('every English message is valid ICU', () => {
    const bad = Object.entries(webEnglish).filter(([, m]) => icuPlaceholders(m) === null);
    expect(bad).toEqual([]);
  });

  const report = compare(webEnglish, webCatalogues(), icuPlaceholders);
  for (const locale of LOCALES) {
    it(`${locale}: every id, same ICU arguments and tags`, () => {
      expect({ missing: report[locale].missing, mismatched: report[locale].mismatched }).toEqual({ missing: [], mismatched: [] });
    });
  }

  it(`the pseudo-locale ${PSEUDO} brackets every message and keeps its arguments`, () => {
    const xx = readJson(path.join(WEB_LOCALES, `${PSEUDO}.json`));
    expect(Object.keys(xx).sort()).toEqual(Object.keys(webEnglish).sort());
    for (const [id, m] of Object.entries(webEnglish)) {
      expect(xx[id]).toBe(pseudo(m));
      expect(icuPlaceholders(xx[id])).toEqual(icuPlaceholders(m));
    }
  });
});

describe('server catalogues', () => {
  const report = compare(serverEnglish, serverCatalogues(), goPlaceholders);
  for (const locale of LOCALES) {
    it(`${locale}: every error id and mail string, same {{.Name}} parameters`, () => {
      expect({ missing: report[locale].missing, mismatched: report[locale].mismatched }).toEqual({ missing: [], mismatched: [] });
    });
  }

  it('the server and the web app know the same locales', () => {
    expect([...SERVER_LOCALE_LIST].filter((l) => l !== 'en').sort()).toEqual([...LOCALES].sort());
  });

  it('falls back to English for an id a locale lacks, and to the id for one nobody has', () => {
    expect(translate('de', 'app.mail.invite.button')).not.toBe(serverEnglish['app.mail.invite.button']);
    expect(translate('de', 'some.future.id.app_error')).toBe('some.future.id.app_error');
  });
});
