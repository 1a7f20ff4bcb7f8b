// "Set a custom status" (Mattermost's custom status modal): an emoji and up to 100 characters, suggestions and the
// recent statuses when the box is empty, a clear-after choice (or a chosen date and time, in the user's timezone),
// and Clear status.
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
  instantIn,
  PRESETS,
  recentStatuses,
  setCustomStatus,
  wallClock,
  type Duration,
} from './customStatus.ts';
import { userTimezone } from './ProfilePopover.tsx';
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
    case 'date_and_time':
      return intl.formatMessage({ id: 'custom_status.after.date_and_time', defaultMessage: 'Choose date and time' });
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
  const zone = me ? userTimezone(me) : '';
  const [when, setWhen] = useState(() =>
    wallClock(current?.duration === 'date_and_time' && current.expiresAt ? current.expiresAt : nextSlot(Date.now()), zone),
  );
  const chosen = duration === 'date_and_time' ? instantIn(when.day, when.time, zone) : 0;
  const past = duration === 'date_and_time' && !(chosen > Date.now());
  const [picker, setPicker] = useState(false);
  const [error, setError] = useState('');
  const recents = recentStatuses(prefs);
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!emoji && !text.trim()) return;
    try {
      await setCustomStatus(emoji, text.trim(), duration, zone, chosen);
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
        {duration === 'date_and_time' && <DateTimeChoice zone={zone} when={when} setWhen={setWhen} past={past} />}
        <div className="dialog-actions">
          {current && (
            <button type="button" className="secondary" onClick={() => void clear()}>
              <FormattedMessage id="custom_status.clear" defaultMessage="Clear status" />
            </button>
          )}
          <button type="button" className="secondary" onClick={close}>
            <FormattedMessage id="common.cancel" defaultMessage="Cancel" />
          </button>
          <button type="submit" disabled={empty || past}>
            <FormattedMessage id="custom_status.submit" defaultMessage="Set status" />
          </button>
        </div>
      </form>
    </Modal>
  );
}

const SLOT_MS = 30 * 60_000;

/** The next half hour after `now`: where "Choose date and time" starts, as in Mattermost. */
function nextSlot(now: number): number {
  return Math.ceil((now + 1) / SLOT_MS) * SLOT_MS;
}

/** The times of day on offer, every half hour ('HH:MM'); on `today` only those still ahead, plus `keep`. */
function timeSlots(today: boolean, nowTime: string, keep: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < 48; i++) {
    const hm = `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
    if (!today || hm > nowTime || hm === keep) out.push(hm);
  }
  if (keep && !out.includes(keep)) out.push(keep);
  return out.sort();
}

/** "Choose date and time": a day (not before today) and a half hour, both as the user's timezone reads them. */
function DateTimeChoice({
  zone,
  when,
  setWhen,
  past,
}: {
  zone: string;
  when: { day: string; time: string };
  setWhen: (w: { day: string; time: string }) => void;
  past: boolean;
}): ReactNode {
  const intl = useIntl();
  const now = wallClock(Date.now(), zone);
  const label = (hm: string): string => {
    const [h, m] = hm.split(':').map(Number);
    return intl.formatTime(Date.UTC(2000, 0, 1, h, m), { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' });
  };
  return (
    <fieldset className="custom-status-when">
      <legend>
        <FormattedMessage id="custom_status.dateTime" defaultMessage="Date and time" />
      </legend>
      <label>
        <FormattedMessage id="custom_status.date" defaultMessage="Date" />
        <input
          type="date"
          required
          value={when.day}
          min={now.day}
          onChange={(e) => e.target.value && setWhen({ ...when, day: e.target.value })}
        />
      </label>
      <label>
        <FormattedMessage id="custom_status.time" defaultMessage="Time" />
        <select value={when.time} onChange={(e) => setWhen({ ...when, time: e.target.value })}>
          {timeSlots(when.day === now.day, now.time, when.time).map((hm) => (
            <option key={hm} value={hm}>
              {label(hm)}
            </option>
          ))}
        </select>
      </label>
      <p className="muted custom-status-zone">
        <FormattedMessage
          id="custom_status.zone"
          defaultMessage="Times are in {zone}."
          values={{ zone: zone || Intl.DateTimeFormat().resolvedOptions().timeZone }}
        />
      </p>
      {past && (
        <p className="error" role="alert">
          <FormattedMessage id="custom_status.past" defaultMessage="Choose a date and time in the future." />
        </p>
      )}
    </fieldset>
  );
}
