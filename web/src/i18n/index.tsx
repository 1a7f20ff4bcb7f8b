// The web app's languages: one react-intl provider around the app. Every visible string is written as
// `<FormattedMessage id="…" defaultMessage="…" />` or `intl.formatMessage({ id, defaultMessage })`; English comes from
// the defaultMessage, other languages from web/src/i18n/locales/<locale>.json, loaded on demand.
import { useEffect, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { useStore } from '../store.ts';

/** The locales the web app knows (Mattermost's codes). */
export const LOCALES = ['en'] as const;

type Messages = Record<string, string>;
const loaders = import.meta.glob<{ default: Messages }>('./locales/*.json');

/** The browser's preferred locale among LOCALES, else English (the login page follows it until a user chooses). */
export function browserLocale(): string {
  for (const l of navigator.languages ?? [navigator.language]) {
    const lower = l.toLowerCase();
    const hit = LOCALES.find((k) => k.toLowerCase() === lower) ?? LOCALES.find((k) => k.toLowerCase() === lower.split('-')[0]);
    if (hit) return hit;
  }
  return 'en';
}

export function I18nRoot({ children }: { children: ReactNode }): ReactNode {
  const userLocale = useStore((s) => s.me?.locale);
  const locale = userLocale && (LOCALES as readonly string[]).includes(userLocale) ? userLocale : browserLocale();
  const [messages, setMessages] = useState<{ locale: string; messages: Messages }>({ locale: 'en', messages: {} });
  useEffect(() => {
    const load = loaders[`./locales/${locale}.json`];
    if (!load) return setMessages({ locale, messages: {} });
    let live = true;
    void load().then((m) => live && setMessages({ locale, messages: m.default }));
    return () => {
      live = false;
    };
  }, [locale]);
  return (
    <IntlProvider locale={messages.locale} messages={messages.messages} defaultLocale="en" onError={() => {}}>
      {children}
    </IntlProvider>
  );
}
