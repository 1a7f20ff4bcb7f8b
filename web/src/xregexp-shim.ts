// Stand-in for the `xregexp` package inside @mattermost/commonmark, which only calls XRegExp.cache(pattern, flags)
// for Unicode-property patterns. Native `u` regexes do the same job without xregexp's ~60 KB gzip of runtime.
const SYNTAX = new Set('^$\\.*+?()[]{}|/-'.split(''));

/**
 * Rewrites XRegExp syntax to native Unicode syntax: `\pL` → `\p{L}`; escapes of non-syntax characters are unescaped;
 * a `-` next to a class escape inside `[...]` (legal in XRegExp, a range error under `u`) becomes `\-`.
 */
export function toNativePattern(pattern: string): string {
  let out = '';
  let inClass = false;
  let lastWasClassEscape = false;
  const classEscapeAt = (i: number): boolean => pattern[i] === '\\' && /[dDsSwWpP]/.test(pattern[i + 1] ?? '');
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch !== '\\') {
      if (inClass && ch === '-' && (lastWasClassEscape || classEscapeAt(i + 1))) out += '\\-';
      else out += ch;
      if (ch === '[' && !inClass) inClass = true;
      else if (ch === ']' && inClass) inClass = false;
      lastWasClassEscape = false;
      continue;
    }
    const next = pattern[i + 1] ?? '';
    lastWasClassEscape = /[dDsSwWpP]/.test(next);
    if ((next === 'p' || next === 'P') && pattern[i + 2] !== '{') {
      out += `\\${next}{${pattern[i + 2]}}`;
      i += 2;
    } else if ((next === 'p' || next === 'P') && pattern[i + 2] === '{') {
      const end = pattern.indexOf('}', i);
      out += pattern.slice(i, end + 1);
      i = end;
    } else if (/[A-Za-z0-9]/.test(next) || SYNTAX.has(next)) {
      out += ch + next;
      i += 1;
    } else {
      out += next;
      i += 1;
    }
  }
  return out;
}

const cache = new Map<string, RegExp>();

const XRegExp = {
  cache(pattern: string, flags = ''): RegExp {
    const key = pattern + '/' + flags;
    let re = cache.get(key);
    if (!re) {
      re = new RegExp(toNativePattern(pattern), flags.includes('u') ? flags : flags + 'u');
      cache.set(key, re);
    }
    return re;
  },
};

export default XRegExp;
