// "Set a custom status" (Mattermost's custom status modal): an emoji and up to 100 characters, suggestions and the
// recent statuses when the box is empty, a clear-after choice, and Clear status.
import { lazy, Suspense, useState, type FormEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import { errorMessage } from '../api.ts';
import { close, ErrorText, Modal } from '../Modal.tsx';
import { useStore } from '../store.ts';
import { Emoji } from '../emoji/Emoji.tsx';
import {
  activeCustomStatus,
  clearCustomStatus,
  DURATIONS,
  PRESETS,
  recentStatuses,
  setCustomStatus,
  type Duration,
} from './customStatus.ts';
import './people.css';

const EmojiPicker = lazy(() => import('../emoji/EmojiPicker.tsx').then((m) => ({ default: m.EmojiPicker })));

function presetText(intl: IntlShape, id: string, text: string): string {
  const names: Record<string, string> = {
    in_a_meeting: intl.formatMessage({ id: 'custom_status.preset.in_a_meeting', defaultMessage: 'In a meeting' }),
    out_for_lunch: intl.formatMessage({ id: 'custom_status.preset.out_for_lunch', defaultMessage: 'Out for lunch' }),
    commuting: intl.formatMessage({ id: 'custom_status.preset.commuting', defaultMessage: 'Commuting' }),
    out_sick: intl.formatMessage({ id: 'custom_status.preset.out_sick', defaultMessage: 'Out sick' }),
    working_home: intl.formatMessage({ id: 'custom_status.preset.working_home', defaultMessage: 'Working from home' }),
  };
  return names[id] ?? text;
}

function durationLabel(intl: IntlShape, d: Duration): string {
  switch (d) {
    case 'thirty_minutes':
      return intl.formatMessage({ id: 'custom_status.after.thirty_minutes', defaultMessage: '30 minutes' });
    case 'one_hour':
      return intl.formatMessage({ id: 'custom_status.after.one_hour', defaultMessage: '1 hour' });
    case 'four_hours':
      return intl.formatMessage({ id: 'custom_status.after.four_hours', defaultMessage: '4 hours' });
    case 'today':
      return intl.formatMessage({ id: 'custom_status.after.today', defaultMessage: 'Today' });
    case 'this_week':
      return intl.formatMessage({ id: 'custom_status.after.this_week', defaultMessage: 'This week' });
    default:
      return intl.formatMessage({ id: 'custom_status.after.dont_clear', defaultMessage: 'Don’t clear' });
  }
}

export function CustomStatusDialog(): ReactNode {
  const intl = useIntl();
  const me = useStore((s) => s.me);
  const prefs = useStore((s) => s.preferences);
  const current = activeCustomStatus(me ?? undefined);
  const [emoji, setEmoji] = useState(current?.emoji ?? '');
  const [text, setText] = useState(current?.text ?? '');
  const [duration, setDuration] = useState<Duration>(
    current && DURATIONS.includes(current.duration as Duration) ? (current.duration as Duration) : 'today',
  );
  const [picker, setPicker] = useState(false);
  const [error, setError] = useState('');
  const recents = recentStatuses(prefs);
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!emoji && !text.trim()) return;
    try {
      await setCustomStatus(emoji, text.trim(), duration);
      close();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function clear(): Promise<void> {
    try {
      await clearCustomStatus();
      close();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  function choose(e: string, txt: string, d: string): void {
    setEmoji(e);
    setText(txt);
    setDuration(DURATIONS.includes(d as Duration) ? (d as Duration) : '');
  }

  const empty = !emoji && !text;
  return (
    <Modal title={t('custom_status.title', 'Set a custom status')}>
      <form className="form custom-status-form" onSubmit={(e) => void submit(e)}>
        <ErrorText text={error} />
        <div className="custom-status-input">
          <button
            type="button"
            className="icon custom-status-emoji-btn"
            aria-label={t('custom_status.chooseEmoji', 'Choose an emoji')}
            aria-expanded={picker}
            onClick={() => setPicker((p) => !p)}
          >
            {emoji ? <Emoji name={emoji} /> : <span aria-hidden="true">🙂</span>}
          </button>
          <input
            aria-label={t('custom_status.text', 'Status text')}
            placeholder={t('custom_status.placeholder', 'What’s your status?')}
            value={text}
            maxLength={100}
            autoFocus
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        {picker && (
          <Suspense fallback={null}>
            <EmojiPicker
              label={t('custom_status.chooseEmoji', 'Choose an emoji')}
              onClose={() => setPicker(false)}
              onPick={(name) => {
                setEmoji(name);
                setPicker(false);
              }}
            />
          </Suspense>
        )}
        {empty && recents.length > 0 && (
          <section aria-label={t('custom_status.recent', 'Recent')}>
            <h3>
              <FormattedMessage id="custom_status.recent" defaultMessage="Recent" />
            </h3>
            <ul className="status-choices">
              {recents.map((r) => (
                <li key={`${r.emoji}:${r.text}:${r.duration ?? ''}`}>
                  <button type="button" onClick={() => choose(r.emoji, r.text, r.duration ?? '')}>
                    <Emoji name={r.emoji || 'speech_balloon'} /> <span>{r.text}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {empty && (
          <section aria-label={t('custom_status.suggestions', 'Suggestions')}>
            <h3>
              <FormattedMessage id="custom_status.suggestions" defaultMessage="Suggestions" />
            </h3>
            <ul className="status-choices">
              {PRESETS.map((p) => (
                <li key={p.id}>
                  <button type="button" onClick={() => choose(p.emoji, presetText(intl, p.id, p.text), p.duration)}>
                    <Emoji name={p.emoji} /> <span>{presetText(intl, p.id, p.text)}</span>{' '}
                    <span className="muted">{durationLabel(intl, p.duration)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <label>
          {t('custom_status.clearAfter', 'Clear after')}
          <select value={duration} onChange={(e) => setDuration(e.target.value as Duration)}>
            {DURATIONS.map((d) => (
              <option key={d} value={d}>
                {durationLabel(intl, d)}
              </option>
            ))}
          </select>
        </label>
        <div className="dialog-actions">
          {current && (
            <button type="button" className="secondary" onClick={() => void clear()}>
              <FormattedMessage id="custom_status.clear" defaultMessage="Clear status" />
            </button>
          )}
          <button type="button" className="secondary" onClick={close}>
            <FormattedMessage id="common.cancel" defaultMessage="Cancel" />
          </button>
          <button type="submit" disabled={empty}>
            <FormattedMessage id="custom_status.submit" defaultMessage="Set status" />
          </button>
        </div>
      </form>
    </Modal>
  );
}
