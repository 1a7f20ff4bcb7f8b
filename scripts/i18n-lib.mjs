// Shared by the i18n scripts and the key-parity test: extracts the web app's message ids and English defaults from
// web/src, reads the locale catalogues (web and server), and compares placeholders.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { printAST } from '@formatjs/icu-messageformat-parser/printer.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_SRC = path.join(ROOT, 'web/src');
export const WEB_LOCALES = path.join(WEB_SRC, 'i18n/locales');
export const SERVER_LOCALES = path.join(ROOT, 'src/i18n/server');
/** Every locale other than English (English is the source); `xx` is the pseudo-locale, generated. */
export const LOCALES = ['de', 'es', 'fr', 'it', 'ja', 'ko', 'nl', 'pl', 'pt-BR', 'ru', 'tr', 'uk', 'zh-CN', 'zh-TW'];
export const PSEUDO = 'xx';

const STR = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"`;
// `id="a" defaultMessage="b"` (JSX) and `{ id: 'a', defaultMessage: 'b' }` (formatMessage descriptors).
const DESCRIPTOR = new RegExp(String.raw`\bid(?:=|\s*:\s*)(${STR})\s*,?\s*defaultMessage(?:=|\s*:\s*)(${STR})`, 'gd');
// `t('a', 'b')`: the components' one-line helper around formatMessage.
const HELPER = new RegExp(String.raw`\bt\(\s*(${STR})\s*,\s*(${STR})\s*[,)]`, 'gd');

function unquote(s, jsx) {
  const body = s.slice(1, -1);
  return jsx ? body : body.replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t' })[c] ?? c);
}

/**
 * Each message written in `text` (the forms above): its id, its English text, where the English literal stands
 * (`start`, `end`) and whether it is a JSX attribute (`defaultMessage="…"`).
 */
export function* messageSites(text) {
  for (const re of [DESCRIPTOR, HELPER]) {
    for (const m of text.matchAll(re)) {
      const jsx = re === DESCRIPTOR && m[0].includes('id=');
      const attr = jsx && /defaultMessage=/.test(m[0]);
      const [start, end] = m.indices[2];
      yield { id: unquote(m[1], jsx), message: unquote(m[2], attr), start, end, attr };
    }
  }
}

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'locales' ? [] : sourceFiles(p);
    return /\.(tsx?|jsx?)$/.test(e.name) && !/\.test\./.test(e.name) ? [p] : [];
  });
}

/** {id: English} of every message in web/src; throws when one id has two different defaults. */
export function extractWeb(dir = WEB_SRC) {
  const out = {};
  const where = {};
  for (const file of sourceFiles(dir).sort()) {
    // Comment lines may show the forms as examples; they are not messages.
    const text = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => !/^\s*(\/\/|\/?\*)/.test(l))
      .join('\n');
    for (const { id, message: msg } of messageSites(text)) {
      const rel = path.relative(ROOT, file);
      if (id in out && out[id] !== msg) throw new Error(`message ${id}: "${out[id]}" (${where[id]}) and "${msg}" (${rel})`);
      out[id] = msg;
      where[id] = rel;
    }
  }
  return sortKeys(out);
}

export function sortKeys(o) {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}

export function readJson(file) {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

export function writeJson(file, value) {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** Argument and tag names of an ICU message, sorted; null when it does not parse. */
export function icuPlaceholders(message) {
  let ast;
  try {
    ast = parse(message);
  } catch {
    return null;
  }
  const names = new Set();
  const walk = (els) => {
    for (const el of els) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      names.add((el.type === TYPE.tag ? '<' : '') + el.value);
      if (el.options) for (const o of Object.values(el.options)) walk(o.value);
      if (el.children) walk(el.children);
    }
  };
  walk(ast);
  return [...names].sort();
}

/** `{{.Name}}` placeholders of a server message, sorted. */
export function goPlaceholders(message) {
  return [...new Set([...message.matchAll(/\{\{\s*\.(\w+)\s*\}\}/g)].map((m) => m[1]))].sort();
}

/** For each locale: ids missing, ids no longer used, and ids whose placeholders differ from English. */
export function compare(english, catalogues, placeholders) {
  const report = {};
  for (const [locale, cat] of Object.entries(catalogues)) {
    const missing = Object.keys(english).filter((id) => typeof cat[id] !== 'string' || !cat[id]);
    const extra = Object.keys(cat).filter((id) => !(id in english));
    const mismatched = Object.keys(english).filter((id) => {
      if (typeof cat[id] !== 'string') return false;
      const a = placeholders(english[id]);
      const b = placeholders(cat[id]);
      return !a || !b || a.join() !== b.join();
    });
    report[locale] = { missing, extra, mismatched };
  }
  return report;
}

export function webCatalogues() {
  return Object.fromEntries(LOCALES.map((l) => [l, readJson(path.join(WEB_LOCALES, `${l}.json`))]));
}

export function serverCatalogues() {
  return Object.fromEntries(LOCALES.map((l) => [l, readJson(path.join(SERVER_LOCALES, `${l}.json`))]));
}

const ACCENTS = {
  a: 'á',
  c: 'ç',
  e: 'é',
  i: 'í',
  n: 'ñ',
  o: 'ó',
  u: 'ú',
  y: 'ý',
  A: 'Å',
  C: 'Ç',
  E: 'É',
  I: 'Î',
  N: 'Ñ',
  O: 'Ö',
  U: 'Ü',
  Y: 'Ý',
};

/** The pseudo-locale form of an ICU message: literal text accented and bracketed, arguments and tags kept. */
export function pseudo(message) {
  const ast = parse(message);
  const walk = (els) => {
    for (const el of els) {
      if (el.type === TYPE.literal) el.value = el.value.replace(/[a-zA-Z]/g, (c) => ACCENTS[c] ?? c);
      if (el.options) for (const o of Object.values(el.options)) walk(o.value);
      if (el.children) walk(el.children);
    }
  };
  walk(ast);
  return `[${printAST(ast)}]`;
}

/** English of the server catalogue (error messages + mail strings), read from the TypeScript sources. */
export async function serverEnglish() {
  const { tsImport } = await import('tsx/esm/api');
  const mod = await tsImport('../src/i18n/server.ts', import.meta.url);
  return mod.englishCatalogue();
}
