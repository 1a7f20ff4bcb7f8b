// Build-time compilation of the web app's ICU messages, so the browser needs no message parser (~7 KB brotli): each
// English default written in web/src (the forms scripts/i18n-lib.mjs extracts) and each catalogue in
// web/src/i18n/locales/ becomes the AST react-intl formats directly, and react-intl's parser is replaced by its
// no-parser build.
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { parse } from '@formatjs/icu-messageformat-parser';
import { messageSites } from '../scripts/i18n-lib.mjs';

const parserDir = path.dirname(createRequire(import.meta.url).resolve('@formatjs/icu-messageformat-parser'));
/** The parser's package as react-intl imports it, without `parse` (which throws when a string message reaches it). */
export const noParserAlias = { find: /^@formatjs\/icu-messageformat-parser$/, replacement: path.join(parserDir, 'no-parser.js') };

/** A message left as a string that the runtime would have to parse: one with an argument or a tag. */
const NEEDS_PARSER = /[{<]/;
const LEFTOVER = /\bdefaultMessage(?:=|\s*:\s*)('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")/g;

export function precompileMessages(): Plugin {
  return {
    name: 'parley-precompile-messages',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      const file = id.split('?')[0];
      if (/\/web\/src\/i18n\/locales\/[^/]+\.json$/.test(file)) {
        const catalogue = JSON.parse(code) as Record<string, string>;
        return JSON.stringify(Object.fromEntries(Object.entries(catalogue).map(([k, m]) => [k, parse(m)])));
      }
      if (!/\/web\/src\/.+\.tsx?$/.test(file) || (!code.includes('defaultMessage') && !/\bt\(/.test(code))) return null;
      const sites = [...messageSites(code)].sort((a, b) => b.start - a.start);
      let out = code;
      for (const s of sites) {
        const ast = JSON.stringify(parse(s.message));
        out = out.slice(0, s.start) + (s.attr ? `{${ast}}` : ast) + out.slice(s.end);
      }
      for (const m of out.matchAll(LEFTOVER))
        if (NEEDS_PARSER.test(m[1])) this.error(`${file}: a message the build cannot compile (write it as id + defaultMessage): ${m[1]}`);
      return { code: out, map: null };
    },
  };
}
