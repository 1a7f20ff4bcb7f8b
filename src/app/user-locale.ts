// The language a person gets mail and pushes in, the language a user may choose (one of LocalizationSettings.AvailableLocales, all of Parley's when empty) and the
// checks on LocalizationSettings when the config is saved.
import { appError } from '../model/app-error.ts';
import type { Config } from '../config/config.ts';
import { availableLocales, LOCALES, personLocale, type Locale } from '../i18n/locales.ts';
import type { AppContext } from './context.ts';

/**
 * The language of what the server sends a person (e-mails, pushes): their `locale`, else
 * LocalizationSettings.DefaultServerLocale, else English.
 */
export function recipientLocale(ctx: AppContext, user: { locale?: string | null } | undefined): Locale {
  return personLocale(user?.locale, ctx.config().LocalizationSettings.DefaultServerLocale);
}

/** Throws Mattermost's 400 `model.user.is_valid.locale.app_error` unless `locale` is one users may choose. */
export function requireAvailableLocale(ctx: AppContext, locale: string, where: string): void {
  const ls = ctx.config().LocalizationSettings;
  if (!(availableLocales(ls.AvailableLocales, ls.DefaultClientLocale) as string[]).includes(locale))
    throw appError('model.user.is_valid.locale.app_error', where, { detailed: 'please provide valid locale' });
}

/**
 * Mattermost's ValidateLocales, as a refusal on saving the config: the two defaults must be supported locales, and a
 * non-empty AvailableLocales must list only supported ones and include DefaultClientLocale.
 */
export function validateLocales(cfg: Config): void {
  const ls = cfg.LocalizationSettings;
  const where = 'ValidateLocales';
  if (!isLocale(ls.DefaultServerLocale)) throw appError('utils.config.supported_server_locale.app_error', where);
  if (!isLocale(ls.DefaultClientLocale)) throw appError('utils.config.supported_client_locale.app_error', where);
  const listed = ls.AvailableLocales.split(',').filter((s) => s !== '');
  if (!listed.length) return;
  if (!listed.every(isLocale)) throw appError('utils.config.supported_available_locales.app_error', where);
  if (!listed.includes(ls.DefaultClientLocale)) throw appError('utils.config.add_client_locale.app_error', where);
}

function isLocale(s: string): boolean {
  return (LOCALES as readonly string[]).includes(s);
}
