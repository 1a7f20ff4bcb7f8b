// The web app's languages: one react-intl provider around the app. Every visible string is written as
// `<FormattedMessage id="…" defaultMessage="…" />` or `intl.formatMessage({ id, defaultMessage })`; English comes from
// the defaultMessage, other languages from web/src/i18n/locales/<locale>.json, loaded on demand. The active locale is
// sent to the server in Accept-Language, so its error messages arrive in the same language.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { createIntl, RawIntlProvider } from 'react-intl';
import { client } from '../api.ts';
import { useStore } from '../store.ts';
import { setCurrentIntl } from './current.ts';

/** The locales the web app knows (Mattermost's codes), with each one's name in its own language. */
export const LOCALES = ['en', 'de', 'es', 'fr', 'it', 'ja', 'ko', 'nl', 'pl', 'pt-BR', 'ru', 'tr', 'uk', 'zh-CN', 'zh-TW'] as const;
export const LOCALE_NAMES: Record<(typeof LOCALES)[number], string> = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
  fr: 'Français',
  it: 'Italiano',
  ja: '日本語',
  ko: '한국어',
  nl: 'Nederlands',
  pl: 'Polski',
  'pt-BR': 'Português (Brasil)',
  ru: 'Русский',
  tr: 'Türkçe',
  uk: 'Українська',
  'zh-CN': '中文 (简体)',
  'zh-TW': '中文 (繁體)',
};
/** The pseudo-locale (accented, bracketed English) for finding untranslated strings: only through `?locale=xx`. */
export const PSEUDO_LOCALE = 'xx';
/** Where the login page keeps a language chosen before signing in. */
const CHOSEN_KEY = 'parley.locale';

type Messages = Record<string, string>;
const loaders = import.meta.glob<{ default: Messages }>('./locales/*.json');

/** The supported locale a browser tag names (full tag, then the language: `pt` → pt-BR, `zh-TW`/`zh-Hant` → zh-TW). */
export function matchLocale(tag: string): string | undefined {
  const lower = tag.toLowerCase();
  const full = LOCALES.find((k) => k.toLowerCase() === lower);
  if (full) return full;
  if (/^zh-(hant|hk|mo)\b/.test(lower)) return 'zh-TW';
  const lang = lower.split('-')[0];
  return LOCALES.find((k) => k.toLowerCase() === lang) ?? LOCALES.find((k) => k.toLowerCase().split('-')[0] === lang);
}

/** The browser's preferred locale among LOCALES, else English (the login page follows it until a user chooses). */
export function browserLocale(): string {
  for (const l of navigator.languages ?? [navigator.language]) {
    const hit = matchLocale(l);
    if (hit) return hit;
  }
  return 'en';
}

/** Remembers a language chosen while signed out (the signed-in choice is the user's `locale`, on the server). */
export function chooseLocale(locale: string): void {
  localStorage.setItem(CHOSEN_KEY, locale);
  window.dispatchEvent(new Event('parley:locale'));
}

/** The active locale: `?locale=`, else the user's own, else one chosen on the login page, else the browser's. */
export function activeLocale(userLocale: string | undefined): string {
  const forced = new URLSearchParams(window.location.search).get('locale');
  if (forced) {
    const hit = forced === PSEUDO_LOCALE ? forced : matchLocale(forced);
    if (hit) return hit;
  }
  if (userLocale && (LOCALES as readonly string[]).includes(userLocale)) return userLocale;
  const saved = localStorage.getItem(CHOSEN_KEY);
  return saved && (LOCALES as readonly string[]).includes(saved) ? saved : browserLocale();
}

export function I18nRoot({ children }: { children: ReactNode }): ReactNode {
  const userLocale = useStore((s) => s.me?.locale);
  const [, setChosen] = useState(0);
  useEffect(() => {
    const bump = (): void => setChosen((n) => n + 1);
    window.addEventListener('parley:locale', bump);
    return () => window.removeEventListener('parley:locale', bump);
  }, []);
  const locale = activeLocale(userLocale);
  // Set while rendering, before any child's effect sends its first request.
  client.setAcceptLanguage(locale === PSEUDO_LOCALE ? 'en' : locale);
  const [messages, setMessages] = useState<{ locale: string; messages: Messages }>({ locale: 'en', messages: {} });
  useEffect(() => {
    document.documentElement.lang = locale === PSEUDO_LOCALE ? 'en' : locale;
    const load = locale === 'en' ? undefined : loaders[`./locales/${locale}.json`];
    if (!load) return setMessages({ locale, messages: {} });
    let live = true;
    void load().then((m) => live && setMessages({ locale, messages: m.default }));
    return () => {
      live = false;
    };
  }, [locale]);
  // react-intl formats dates and numbers by `locale`; the pseudo-locale formats them as English.
  const intlLocale = messages.locale === PSEUDO_LOCALE ? 'en' : messages.locale;
  const intl = useMemo(
    () => createIntl({ locale: intlLocale, messages: messages.messages, defaultLocale: 'en', onError: () => {} }),
    [intlLocale, messages.messages],
  );
  setCurrentIntl(intl);
  return <RawIntlProvider value={intl}>{children}</RawIntlProvider>;
}
