// Display: how teammates' names show (Mattermost's teammate name display preference) and the theme (follow the
// system, light, dark, or a Mattermost theme pasted as JSON).
import { useEffect, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { clientConfig, errorMessage } from '../api.ts';
import { LINK_PREVIEWS } from '../messages/LinkPreview.tsx';
import { useStore } from '../store.ts';
import { ErrorText } from '../Modal.tsx';
import { DARK, LIGHT, NAME_FORMAT, THEME, deletePreference, parseTheme, savePreference, type NameFormat } from './prefs.ts';

type ThemeChoice = 'system' | 'light' | 'dark' | 'custom';

function themeChoice(raw: string | undefined): ThemeChoice {
  if (!raw) return 'system';
  try {
    const t = parseTheme(raw);
    if (t.type === LIGHT.type) return 'light';
    if (t.type === DARK.type) return 'dark';
  } catch {
    return 'system';
  }
  return 'custom';
}

export function DisplayTab(): ReactNode {
  const intl = useIntl();
  const format = (useStore((s) => s.preferences[NAME_FORMAT]) ?? 'username') as NameFormat;
  const rawTheme = useStore((s) => s.preferences[THEME]);
  const choice = themeChoice(rawTheme);
  const [custom, setCustom] = useState(choice === 'custom' ? (rawTheme ?? '') : '');
  const [error, setError] = useState('');
  const linkPreviews = useStore((s) => s.preferences[LINK_PREVIEWS]) !== 'false';
  // Mattermost offers the choice only while the server previews links.
  const [previewsOffered, setPreviewsOffered] = useState(false);
  useEffect(() => {
    void clientConfig().then((c) => setPreviewsOffered(c.EnableLinkPreviews === 'true'));
  }, []);

  async function run(fn: () => Promise<void>): Promise<void> {
    setError('');
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  const formats: Array<[NameFormat, string]> = [
    ['username', intl.formatMessage({ id: 'settings.display.name.username', defaultMessage: 'Username (e.g. @alice)' })],
    [
      'nickname_full_name',
      intl.formatMessage({ id: 'settings.display.name.nickname', defaultMessage: 'Nickname, else first and last name' }),
    ],
    ['full_name', intl.formatMessage({ id: 'settings.display.name.full', defaultMessage: 'First and last name' })],
  ];
  const themes: Array<[ThemeChoice, string]> = [
    ['system', intl.formatMessage({ id: 'settings.display.theme.system', defaultMessage: 'Follow the system' })],
    ['light', intl.formatMessage({ id: 'settings.display.theme.light', defaultMessage: 'Light' })],
    ['dark', intl.formatMessage({ id: 'settings.display.theme.dark', defaultMessage: 'Dark' })],
    ['custom', intl.formatMessage({ id: 'settings.display.theme.custom', defaultMessage: 'Custom (Mattermost theme JSON)' })],
  ];

  function pickTheme(t: ThemeChoice): void {
    if (t === 'system') void run(() => deletePreference('theme', ''));
    else if (t === 'light') void run(() => savePreference('theme', '', JSON.stringify(LIGHT)));
    else if (t === 'dark') void run(() => savePreference('theme', '', JSON.stringify(DARK)));
    else if (custom) applyCustom();
  }

  function applyCustom(): void {
    let json: string;
    try {
      json = JSON.stringify(parseTheme(custom));
    } catch {
      setError(
        intl.formatMessage({
          id: 'settings.display.theme.invalid',
          defaultMessage: 'That is not a Mattermost theme (a JSON object of colours).',
        }),
      );
      return;
    }
    void run(() => savePreference('theme', '', json));
  }

  return (
    <div className="settings-section">
      <fieldset className="radio-col">
        <legend>
          <FormattedMessage id="settings.display.name.legend" defaultMessage="Teammate name display" />
        </legend>
        {formats.map(([value, label]) => (
          <label key={value}>
            <input
              type="radio"
              name="name_format"
              checked={format === value}
              onChange={() => void run(() => savePreference('display_settings', 'name_format', value))}
            />{' '}
            {label}
          </label>
        ))}
      </fieldset>
      {previewsOffered && (
        <fieldset className="radio-col">
          <legend>
            <FormattedMessage id="settings.display.linkPreviews.legend" defaultMessage="Website link previews" />
          </legend>
          {([true, false] as const).map((on) => (
            <label key={String(on)}>
              <input
                type="radio"
                name="link_previews"
                checked={linkPreviews === on}
                onChange={() => void run(() => savePreference('display_settings', 'link_previews', String(on)))}
              />{' '}
              {on ? (
                <FormattedMessage id="settings.display.linkPreviews.on" defaultMessage="On" />
              ) : (
                <FormattedMessage id="settings.display.linkPreviews.off" defaultMessage="Off" />
              )}
            </label>
          ))}
        </fieldset>
      )}
      <fieldset className="radio-col">
        <legend>
          <FormattedMessage id="settings.display.theme.legend" defaultMessage="Theme" />
        </legend>
        {themes.map(([value, label]) => (
          <label key={value}>
            <input type="radio" name="theme" checked={choice === value} onChange={() => pickTheme(value)} /> {label}
          </label>
        ))}
        <label>
          <FormattedMessage id="settings.display.theme.json" defaultMessage="Theme JSON" />
          <textarea
            aria-label={intl.formatMessage({ id: 'settings.display.theme.json', defaultMessage: 'Theme JSON' })}
            rows={4}
            value={custom}
            placeholder='{"sidebarBg":"#1e325c","centerChannelBg":"#ffffff", …}'
            onChange={(e) => setCustom(e.target.value)}
          />
        </label>
        <button type="button" onClick={applyCustom} disabled={!custom.trim()}>
          <FormattedMessage id="settings.display.theme.apply" defaultMessage="Apply theme" />
        </button>
      </fieldset>
      <ErrorText text={error} />
    </div>
  );
}
