// Composer suggestions: `@user` (GET /users/autocomplete), `~channel` (GET /teams/{id}/channels/autocomplete),
// `:emoji:` (the emoji index, custom ones included) and `/command` (GET /teams/{id}/commands/autocomplete_suggestions;
// nothing when the server has none). Up/Down move, Enter or Tab takes, Escape closes.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { useIntl } from 'react-intl';
import { client } from '../api.ts';
import { addUsers, displayName } from '../store.ts';
import { loadEmojiIndex, searchEmoji } from '../emoji/emojiIndex.ts';
import { EmojiGlyph } from '../emoji/Emoji.tsx';

type Item = { key: string; main: ReactNode; detail?: string; replacement: string };
type Trigger = { kind: 'user' | 'channel' | 'emoji' | 'command'; term: string; from: number; to: number };

const LIMIT = 20;
let seq = 0;

/** The suggestion trigger ending at the caret, if any. */
export function triggerAt(text: string, caret: number): Trigger | undefined {
  const before = text.slice(0, caret);
  if (before.startsWith('/') && !before.includes('\n')) return { kind: 'command', term: before, from: 0, to: caret };
  let m = /(^|\s)@([a-z0-9._-]*)$/i.exec(before);
  if (m) return { kind: 'user', term: m[2], from: caret - m[2].length - 1, to: caret };
  m = /(^|\s)~([a-z0-9_-]*)$/i.exec(before);
  if (m) return { kind: 'channel', term: m[2], from: caret - m[2].length - 1, to: caret };
  m = /(^|\s):([a-z0-9_+-]{2,})$/i.exec(before);
  if (m) return { kind: 'emoji', term: m[2], from: caret - m[2].length - 1, to: caret };
  return undefined;
}

async function suggestions(t: Trigger, teamId: string, channelId: string, rootId: string): Promise<Item[]> {
  switch (t.kind) {
    case 'user': {
      const res = await client.autocompleteUsers(t.term, teamId, channelId, { limit: LIMIT });
      const users = [...(res.users ?? []), ...(res.out_of_channel ?? [])].slice(0, LIMIT);
      addUsers(users);
      const special = ['here', 'channel', 'all']
        .filter((n) => n.startsWith(t.term.toLowerCase()))
        .map((n) => ({ key: '@' + n, main: '@' + n, detail: undefined, replacement: `@${n} ` }));
      return [
        ...users.map((u) => ({
          key: u.id,
          main: '@' + u.username,
          detail: displayName(u) !== u.username ? displayName(u) : [u.first_name, u.last_name].filter(Boolean).join(' ') || undefined,
          replacement: `@${u.username} `,
        })),
        ...special,
      ];
    }
    case 'channel': {
      const list = await client.autocompleteChannels(teamId, t.term);
      return list
        .filter((c) => c.type === 'O' || c.type === 'P')
        .slice(0, LIMIT)
        .map((c) => ({ key: c.id, main: '~' + c.name, detail: c.display_name, replacement: `~${c.name} ` }));
    }
    case 'emoji': {
      const index = await loadEmojiIndex();
      return searchEmoji(index, t.term, LIMIT).map((e) => ({
        key: e.name,
        main: (
          <>
            <EmojiGlyph entry={e} /> :{e.name}:
          </>
        ),
        replacement: `:${e.name}: `,
      }));
    }
    case 'command': {
      try {
        const list = await client.getCommandAutocompleteSuggestionsList(t.term, teamId, {
          channel_id: channelId,
          team_id: teamId,
          root_id: rootId,
        } as never);
        return (list ?? []).slice(0, LIMIT).map((s, i) => ({
          key: s.Complete + i,
          main: '/' + (s.Suggestion || s.Complete) + (s.Hint ? ' ' + s.Hint : ''),
          detail: s.Description,
          replacement: '/' + s.Complete + ' ',
        }));
      } catch {
        return []; // no command autocomplete on this server (404) or it failed: no popup
      }
    }
  }
}

export function useAutocomplete(opts: {
  area: RefObject<HTMLTextAreaElement | null>;
  text: string;
  setText: (t: string) => void;
  teamId: string;
  channelId: string;
  rootId: string;
}): {
  popup: ReactNode;
  onKeyDown: (e: KeyboardEvent) => boolean;
  onCaretMove: () => void;
  inputProps: Record<string, string | boolean | undefined>;
} {
  const { area, text, setText, teamId, channelId, rootId } = opts;
  const intl = useIntl();
  const [items, setItems] = useState<Item[]>([]);
  const [sel, setSel] = useState(0);
  const [trigger, setTrigger] = useState<Trigger | undefined>();
  const [caret, setCaret] = useState(0);
  const dismissed = useRef('');
  const id = useRef(`ac-${Math.random().toString(36).slice(2, 8)}`).current;

  useEffect(() => {
    const c = area.current?.selectionStart ?? text.length;
    const t = triggerAt(text, c);
    const sig = t ? `${t.kind}:${t.from}:${t.term}` : '';
    if (!t || dismissed.current === sig) {
      setTrigger(undefined);
      setItems([]);
      return;
    }
    dismissed.current = '';
    setTrigger(t);
    const mine = ++seq;
    suggestions(t, teamId, channelId, rootId).then(
      (list) => {
        if (mine !== seq) return;
        setItems(list);
        setSel(0);
      },
      () => mine === seq && setItems([]),
    );
  }, [text, caret, teamId, channelId, rootId]); // eslint-disable-line react-hooks/exhaustive-deps

  const open = !!trigger && items.length > 0;

  function take(item: Item | undefined): void {
    if (!item || !trigger) return;
    const next = text.slice(0, trigger.from) + item.replacement + text.slice(trigger.to);
    const pos = trigger.from + item.replacement.length;
    setText(next);
    setItems([]);
    setTrigger(undefined);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(pos, pos);
    });
  }

  function onKeyDown(e: KeyboardEvent): boolean {
    if (!open) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const d = e.key === 'ArrowDown' ? 1 : -1;
      setSel((i) => (i + d + items.length) % items.length);
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      const item = items[sel];
      // Enter on a word already typed out in full (`/away`, `@bob`) sends the message instead of completing it.
      if (e.key === 'Enter' && item && trigger && text.slice(trigger.from, trigger.to) === item.replacement.trimEnd()) {
        setItems([]);
        setTrigger(undefined);
        return false;
      }
      e.preventDefault();
      take(item);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      dismissed.current = trigger ? `${trigger.kind}:${trigger.from}:${trigger.term}` : '';
      setItems([]);
      setTrigger(undefined);
      return true;
    }
    return false;
  }

  const label = intl.formatMessage({ id: 'composer.suggestions', defaultMessage: 'Suggestions' });
  const popup = open ? (
    <ul className="autocomplete" role="listbox" id={id} aria-label={label}>
      {items.map((it, i) => (
        <li
          key={it.key}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === sel}
          className={i === sel ? 'selected' : ''}
          onMouseDown={(e) => {
            e.preventDefault();
            take(it);
          }}
          onMouseEnter={() => setSel(i)}
        >
          <span className="ac-main">{it.main}</span>
          {it.detail && <span className="ac-detail">{it.detail}</span>}
        </li>
      ))}
    </ul>
  ) : null;

  return {
    popup,
    onKeyDown,
    onCaretMove: () => setCaret(area.current?.selectionStart ?? 0),
    inputProps: {
      'aria-autocomplete': 'list',
      'aria-controls': open ? id : undefined,
      'aria-activedescendant': open ? `${id}-${sel}` : undefined,
    },
  };
}
