// The composer's extras: the formatting bar, the emoji button with its picker, upload progress and drop target.
import { lazy, Suspense, useState, type ReactNode, type RefObject } from 'react';
import { useIntl } from 'react-intl';
import { applyFormat, type FormatKind } from './format.ts';
import './composer.css';

const EmojiPicker = lazy(() => import('../emoji/EmojiPicker.tsx').then((m) => ({ default: m.EmojiPicker })));

/** Applies `kind` to the textarea's selection through `setText`, then restores the selection. */
export function formatSelection(area: HTMLTextAreaElement | null, text: string, setText: (t: string) => void, kind: FormatKind): void {
  if (!area) return;
  const r = applyFormat(text, area.selectionStart, area.selectionEnd, kind);
  setText(r.text);
  requestAnimationFrame(() => {
    area.focus();
    area.setSelectionRange(r.start, r.end);
  });
}

/** Inserts `insert` at the caret. */
export function insertAtCaret(area: HTMLTextAreaElement | null, text: string, setText: (t: string) => void, insert: string): void {
  const start = area?.selectionStart ?? text.length;
  const end = area?.selectionEnd ?? text.length;
  const before = text.slice(0, start);
  const pad = before && !/\s$/.test(before) ? ' ' : '';
  const next = before + pad + insert + text.slice(end);
  setText(next);
  const pos = start + pad.length + insert.length;
  requestAnimationFrame(() => {
    area?.focus();
    area?.setSelectionRange(pos, pos);
  });
}

/** Ctrl/Cmd+B bold, +I italic, +Shift+X strikethrough (Mattermost's shortcuts). */
export function formatShortcut(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}): FormatKind | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined;
  const k = e.key.toLowerCase();
  if (k === 'b' && !e.shiftKey) return 'bold';
  if (k === 'i' && !e.shiftKey) return 'italic';
  if (k === 'x' && e.shiftKey) return 'strike';
  return undefined;
}

export function FormatBar({
  area,
  text,
  setText,
}: {
  area: RefObject<HTMLTextAreaElement | null>;
  text: string;
  setText: (t: string) => void;
}): ReactNode {
  const intl = useIntl();
  const tools: Array<[FormatKind, string, string]> = [
    ['bold', 'B', intl.formatMessage({ id: 'composer.format.bold', defaultMessage: 'Bold' })],
    ['italic', 'I', intl.formatMessage({ id: 'composer.format.italic', defaultMessage: 'Italic' })],
    ['strike', 'S', intl.formatMessage({ id: 'composer.format.strike', defaultMessage: 'Strikethrough' })],
    ['code', '</>', intl.formatMessage({ id: 'composer.format.code', defaultMessage: 'Code' })],
    ['link', '🔗', intl.formatMessage({ id: 'composer.format.link', defaultMessage: 'Link' })],
    ['quote', '❝', intl.formatMessage({ id: 'composer.format.quote', defaultMessage: 'Quote' })],
    ['list', '•', intl.formatMessage({ id: 'composer.format.list', defaultMessage: 'Bulleted list' })],
  ];
  return (
    <div className="format-bar" role="toolbar" aria-label={intl.formatMessage({ id: 'composer.format', defaultMessage: 'Formatting' })}>
      {tools.map(([kind, glyph, label]) => (
        <button
          key={kind}
          type="button"
          className={`icon fmt-${kind}`}
          aria-label={label}
          title={label}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => formatSelection(area.current, text, setText, kind)}
        >
          {glyph}
        </button>
      ))}
    </div>
  );
}

export function EmojiButton({ onPick }: { onPick: (name: string) => void }): ReactNode {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  const label = intl.formatMessage({ id: 'composer.emoji', defaultMessage: 'Emoji picker' });
  return (
    <span className="emoji-button">
      <button type="button" className="icon" aria-label={label} title={label} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        😀
      </button>
      {open && (
        <Suspense fallback={null}>
          <EmojiPicker
            label={label}
            onClose={() => setOpen(false)}
            onPick={(name) => {
              setOpen(false);
              onPick(name);
            }}
          />
        </Suspense>
      )}
    </span>
  );
}

export function UploadProgress({ uploads }: { uploads: Array<{ id: string; name: string; fraction: number }> }): ReactNode {
  const intl = useIntl();
  if (!uploads.length) return null;
  return (
    <ul className="upload-progress">
      {uploads.map((u) => (
        <li key={u.id}>
          <span>{u.name}</span>
          <progress
            max={100}
            value={Math.round(u.fraction * 100)}
            aria-label={intl.formatMessage({ id: 'composer.uploading', defaultMessage: 'Uploading {name}' }, { name: u.name })}
          />
        </li>
      ))}
    </ul>
  );
}
