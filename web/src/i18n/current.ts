// The active react-intl instance for code outside components (store helpers such as channelTitle): set by I18nRoot
// on every render, English defaults until then.
import { createIntl, type IntlShape } from 'react-intl';

let current: IntlShape = createIntl({ locale: 'en', defaultLocale: 'en', messages: {}, onError: () => {} });

export function setCurrentIntl(intl: IntlShape): void {
  current = intl;
}

/** `t('id', 'English', values)`: the message in the active locale. */
export function t(id: string, defaultMessage: string, values?: Record<string, string | number>): string {
  return current.formatMessage({ id, defaultMessage }, values);
}
