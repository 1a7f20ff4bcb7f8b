// The languages Parley speaks (Mattermost's locale codes) and how one is picked for a request or a person.

/** Every locale with a server and web catalogue; English is the source language. */
export const LOCALES = ['en', 'de', 'es', 'fr', 'it', 'ja', 'ko', 'nl', 'pl', 'pt-BR', 'ru', 'tr', 'uk', 'zh-CN', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];

const BY_LOWER = new Map<string, Locale>(LOCALES.map((l) => [l.toLowerCase(), l]));
/** A bare language subtag for the locales that carry a region (pt → pt-BR, zh → zh-CN). */
const BY_LANGUAGE = new Map<string, Locale>([
  ['pt', 'pt-BR'],
  ['zh', 'zh-CN'],
]);

/** The supported locale a tag names (case-insensitive, `_` or `-`, full tag then language subtag), or undefined. */
export function supportedLocale(tag: string | undefined | null): Locale | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().replace(/_/g, '-').toLowerCase();
  if (!lower) return undefined;
  const full = BY_LOWER.get(lower);
  if (full) return full;
  if (lower === 'zh-hant' || lower.startsWith('zh-hant-') || lower === 'zh-hk' || lower === 'zh-mo') return 'zh-TW';
  const lang = lower.split('-')[0];
  return BY_LOWER.get(lang) ?? BY_LANGUAGE.get(lang);
}

/**
 * The locale of a request, as Mattermost picks it: the first language of Accept-Language when Parley has it, else
 * LocalizationSettings.DefaultClientLocale, else English. (Mattermost reads only the first entry; so does Parley.)
 */
export function requestLocale(acceptLanguage: string | undefined, defaultClientLocale: string): Locale {
  const first = (acceptLanguage ?? '').split(',')[0]?.split(';')[0];
  return supportedLocale(first) ?? supportedLocale(defaultClientLocale) ?? 'en';
}

/** The locale a person reads in: their own `locale`, else the given default, else English. */
export function personLocale(userLocale: string | undefined | null, fallback: string): Locale {
  return supportedLocale(userLocale) ?? supportedLocale(fallback) ?? 'en';
}

/**
 * The locales a user may choose: LocalizationSettings.AvailableLocales (comma separated; empty = all), always with
 * DefaultClientLocale, as Mattermost's web app offers them.
 */
export function availableLocales(available: string, defaultClientLocale: string): Locale[] {
  const listed = available
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!listed.length) return [...LOCALES];
  const set = new Set<string>([...listed, defaultClientLocale]);
  return LOCALES.filter((l) => set.has(l));
}
