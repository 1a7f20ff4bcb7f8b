// The language a user may choose: one of LocalizationSettings.AvailableLocales (all of Parley's when empty).
import { appError } from '../model/app-error.ts';
import { availableLocales } from '../i18n/locales.ts';
import type { AppContext } from './context.ts';

/** Throws Mattermost's 400 `model.user.is_valid.locale.app_error` unless `locale` is one users may choose. */
export function requireAvailableLocale(ctx: AppContext, locale: string, where: string): void {
  const ls = ctx.config().LocalizationSettings;
  if (!(availableLocales(ls.AvailableLocales, ls.DefaultClientLocale) as string[]).includes(locale))
    throw appError('model.user.is_valid.locale.app_error', where, { detailed: 'please provide valid locale' });
}
