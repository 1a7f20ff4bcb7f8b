// The full emoji picker: search, categories, skin tone (Mattermost's `emoji:emoji_skintone` preference) and the
// server's custom emoji. Loaded with the emoji data.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useStore } from '../store.ts';
import { savePreference } from '../settings/prefs.ts';
import { GROUPS, searchEmoji, useEmojiIndex, type EmojiEntry } from './emojiIndex.ts';
import { EmojiGlyph } from './Emoji.tsx';

const TONES = ['default', '1F3FB', '1F3FC', '1F3FD', '1F3FE', '1F3FF'];
const TONE_SWATCH = ['✋', '✋🏻', '✋🏼', '✋🏽', '✋🏾', '✋🏿'];

export function EmojiPicker({ onPick, onClose, label }: { onPick: (name: string) => void; onClose: () => void; label: string }): ReactNode {
  const intl = useIntl();
  const index = useEmojiIndex();
  const [q, setQ] = useState('');
  const [group, setGroup] = useState<number>(0);
  const toneCode = useStore((s) => s.preferences['emoji:emoji_skintone']) ?? 'default';
  const tone = Math.max(0, TONES.indexOf(toneCode));
  const box = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    search.current?.focus();
    const onDoc = (e: MouseEvent): void => {
      if (box.current && !box.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDoc);
    return () => document.removeEventListener('mousedown', onDoc);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const withTone = (e: EmojiEntry): EmojiEntry => (tone && e.skins?.[tone]) || e;
  let shown: EmojiEntry[] = [];
  if (index) {
    if (q.trim()) shown = searchEmoji(index, q.trim(), 120);
    else if (group === -1) shown = index.custom;
    else shown = index.list.filter((e) => e.group === group);
  }

  return (
    <div
      className="emoji-popover"
      ref={box}
      role="dialog"
      aria-label={label}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="emoji-popover-top">
        <input
          ref={search}
          aria-label={intl.formatMessage({ id: 'emoji.search', defaultMessage: 'Search emoji' })}
          placeholder={intl.formatMessage({ id: 'emoji.search', defaultMessage: 'Search emoji' })}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <select
          aria-label={intl.formatMessage({ id: 'emoji.skin_tone', defaultMessage: 'Skin tone' })}
          value={TONES[tone]}
          onChange={(e) => void savePreference('emoji', 'emoji_skintone', e.target.value).catch(() => undefined)}
        >
          {TONES.map((t, i) => (
            <option key={t} value={t}>
              {TONE_SWATCH[i]}
            </option>
          ))}
        </select>
      </div>
      {!q.trim() && (
        <div
          className="emoji-groups"
          role="toolbar"
          aria-label={intl.formatMessage({ id: 'emoji.categories', defaultMessage: 'Emoji categories' })}
        >
          {GROUPS.map(([g, name]) => {
            const first = index?.list.find((e) => e.group === g);
            return (
              <button
                key={g}
                type="button"
                className={g === group ? 'active' : ''}
                aria-pressed={g === group}
                title={name}
                aria-label={name}
                onClick={() => setGroup(g)}
              >
                {first?.unicode ?? '…'}
              </button>
            );
          })}
          {!!index?.custom.length && (
            <button
              type="button"
              className={group === -1 ? 'active' : ''}
              aria-pressed={group === -1}
              aria-label={intl.formatMessage({ id: 'emoji.custom', defaultMessage: 'Custom emoji' })}
              onClick={() => setGroup(-1)}
            >
              ★
            </button>
          )}
        </div>
      )}
      {!index ? (
        <p className="muted">
          <FormattedMessage id="emoji.loading" defaultMessage="Loading emoji…" />
        </p>
      ) : (
        <div className="emoji-grid" role="list" aria-label={intl.formatMessage({ id: 'emoji.results', defaultMessage: 'Emoji' })}>
          {shown.map((raw) => {
            const e = withTone(raw);
            return (
              <button
                key={e.name}
                type="button"
                role="listitem"
                aria-label={`:${e.name}:`}
                title={`:${e.name}:`}
                onClick={() => onPick(e.name)}
              >
                <EmojiGlyph entry={e} />
              </button>
            );
          })}
          {!shown.length && (
            <p className="muted">
              <FormattedMessage id="emoji.none" defaultMessage="No emoji found." />
            </p>
          )}
        </div>
      )}
    </div>
  );
}
