// The server's message catalogues: English from the error catalogue (model/app-error.ts ERRORS) and the mail strings
// (MAIL_STRINGS below); every other language from src/i18n/server/<locale>.json (id → message), bundled and read once
// at start. A message a locale lacks falls back to English, so new ids work before they are translated.
import de from './server/de.json' with { type: 'json' };
import es from './server/es.json' with { type: 'json' };
import fr from './server/fr.json' with { type: 'json' };
import it from './server/it.json' with { type: 'json' };
import ja from './server/ja.json' with { type: 'json' };
import ko from './server/ko.json' with { type: 'json' };
import nl from './server/nl.json' with { type: 'json' };
import pl from './server/pl.json' with { type: 'json' };
import ptBR from './server/pt-BR.json' with { type: 'json' };
import ru from './server/ru.json' with { type: 'json' };
import tr from './server/tr.json' with { type: 'json' };
import uk from './server/uk.json' with { type: 'json' };
import zhCN from './server/zh-CN.json' with { type: 'json' };
import zhTW from './server/zh-TW.json' with { type: 'json' };
import { AppError, ERRORS } from '../model/app-error.ts';
import type { Locale } from './locales.ts';

/** English of the e-mail strings (ids `app.mail.*`); placeholders in Mattermost's `{{.Name}}` form. */
export const MAIL_STRINGS = {
  'app.mail.invite.subject': '[{{.SiteName}}] {{.SenderName}} invited you to join the {{.TeamDisplayName}} team',
  'app.mail.invite.title': '{{.SenderName}} invited you to join the {{.TeamDisplayName}} team.',
  'app.mail.invite.subtitle': 'Start collaborating with your team on {{.SiteName}}.',
  'app.mail.invite.join_text': 'Join the team:',
  'app.mail.invite.button': 'Join now',
  'app.mail.invite.button_fallback': 'If the button does not work, open this address in your browser:',
  'app.mail.invite.expiry': 'The link can be used once and expires in 48 hours.',
  'app.mail.invite.footer': 'You received this e-mail because {{.SenderName}} invited this address to {{.SiteName}}.',
} as const;
export type MailStringId = keyof typeof MAIL_STRINGS;

type Catalogue = Readonly<Record<string, string>>;

/** English of every server string: error messages and mail strings. */
export function englishCatalogue(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, entry] of Object.entries(ERRORS)) out[id] = entry[1];
  return { ...out, ...MAIL_STRINGS };
}

const ENGLISH: Catalogue = englishCatalogue();

const CATALOGUES: Readonly<Record<Exclude<Locale, 'en'>, Catalogue>> = {
  de,
  es,
  fr,
  it,
  ja,
  ko,
  nl,
  pl,
  'pt-BR': ptBR,
  ru,
  tr,
  uk,
  'zh-CN': zhCN,
  'zh-TW': zhTW,
};

/** The translations of one locale as written (no English fallback): for the checks. */
export function serverCatalogue(locale: Exclude<Locale, 'en'>): Catalogue {
  return CATALOGUES[locale];
}

/** Fills `{{.Name}}` placeholders (Mattermost's Go-template form). */
export function fillTemplate(template: string, params?: Record<string, unknown>): string {
  if (!params) return template;
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** The message `id` in `locale` with its parameters filled; English when the locale lacks it; the id when nobody has it. */
export function translate(locale: Locale, id: string, params?: Record<string, unknown>): string {
  const own = locale === 'en' ? undefined : CATALOGUES[locale]?.[id];
  return fillTemplate(own ?? ENGLISH[id] ?? id, params);
}

/** A `translate` bound to one locale, for templates. */
export function translator(locale: Locale): (id: MailStringId, params?: Record<string, unknown>) => string {
  return (id, params) => translate(locale, id, params);
}

/**
 * The message of an AppError in `locale`. A message the thrower wrote itself (not the catalogue's English) is kept
 * as it is: it may carry details no catalogue has.
 */
export function localizedMessage(err: AppError, locale: Locale): string {
  if (locale === 'en') return err.message;
  const english = ENGLISH[err.id];
  if (english === undefined || fillTemplate(english, err.params) !== err.message) return err.message;
  return translate(locale, err.id, err.params);
}
