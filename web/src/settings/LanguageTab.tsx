// The language picker: the signed-in user's choice is saved as their `locale` (PUT /users/me/patch), so it follows
// them to every device; signed out (the login page) it is kept in this browser only. The list honours
// LocalizationSettings.AvailableLocales from the client config (empty = every language).
import { useEffect, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { client, clientConfig, errorMessage } from '../api.ts';
import { setState, useStore } from '../store.ts';
import { activeLocale, chooseLocale, LOCALE_NAMES, LOCALES } from '../i18n/index.tsx';
import { Modal } from '../Modal.tsx';

/** The locales offered: AvailableLocales (comma separated) plus DefaultClientLocale; all when the list is empty. */
export function offeredLocales(available: string, defaultLocale: string): string[] {
  const listed = available
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!listed.length) return [...LOCALES];
  const set = new Set([...listed, defaultLocale]);
  return LOCALES.filter((l) => set.has(l));
}

export function LanguageTab(): ReactNode {
  const intl = useIntl();
  const me = useStore((s) => s.me);
  const current = activeLocale(me?.locale);
  const [offered, setOffered] = useState<string[]>([...LOCALES]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void clientConfig().then((cfg) => setOffered(offeredLocales(cfg.AvailableLocales ?? '', cfg.DefaultClientLocale ?? 'en')));
  }, []);

  async function pick(locale: string): Promise<void> {
    setError('');
    if (!me) return chooseLocale(locale);
    setBusy(true);
    try {
      const updated = await client.patchMe({ locale });
      setState({ me: updated });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const label = intl.formatMessage({ id: 'settings.language.label', defaultMessage: 'Language' });
  return (
    <section className="settings-tab language-tab" aria-label={label}>
      <label>
        {label}
        <select aria-label={label} value={current} disabled={busy} onChange={(e) => void pick(e.target.value)}>
          {offered.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l as keyof typeof LOCALE_NAMES]}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">
        <FormattedMessage
          id="settings.language.help"
          defaultMessage="The language of menus, messages from the server and e-mails. It follows you to every device you sign in on."
        />
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** The picker in a dialog, opened from the team menu until it has its place in account settings. */
export function LanguageDialog(): ReactNode {
  const intl = useIntl();
  return (
    <Modal title={intl.formatMessage({ id: 'settings.language.title', defaultMessage: 'Language' })}>
      <LanguageTab />
    </Modal>
  );
}
