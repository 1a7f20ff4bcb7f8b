// The emoji the app knows: emojibase-data (Unicode emoji with Slack/iamcal and GitHub short names, skin tones),
// loaded on demand as its own chunk, plus the server's custom emoji (GET /emoji). One index serves the message
// renderer, reactions, the `:name:` autocomplete and the picker.
import { useSyncExternalStore } from 'react';
import type { CustomEmoji } from '@mattermost/types/emojis';
import { client, socket } from '../api.ts';

export type EmojiEntry = {
  /** The primary short name (`thinking_face`). */
  name: string;
  names: string[];
  label: string;
  /** The character(s); empty for a custom emoji. */
  unicode: string;
  group: number;
  order: number;
  tags: string[];
  /** Skin tone variants, tone 1..5 → entry. */
  skins?: Record<number, EmojiEntry>;
  /** A custom emoji's id (its image is /emoji/{id}/image). */
  customId?: string;
};

export type EmojiIndex = { byName: Map<string, EmojiEntry>; list: EmojiEntry[]; custom: EmojiEntry[] };

type Compact = {
  hexcode: string;
  label: string;
  unicode: string;
  group?: number;
  order?: number;
  tags?: string[];
  skins?: Compact[];
};
type Shortcodes = Record<string, string | string[]>;

const TONES: Record<string, [number, string]> = {
  '1F3FB': [1, 'light'],
  '1F3FC': [2, 'medium_light'],
  '1F3FD': [3, 'medium'],
  '1F3FE': [4, 'medium_dark'],
  '1F3FF': [5, 'dark'],
};

/** Picker categories (emojibase group numbers), in order; 2 (components) is left out. */
export const GROUPS: Array<[number, string]> = [
  [0, 'Smileys & emotion'],
  [1, 'People & body'],
  [3, 'Animals & nature'],
  [4, 'Food & drink'],
  [5, 'Travel & places'],
  [6, 'Activities'],
  [7, 'Objects'],
  [8, 'Symbols'],
  [9, 'Flags'],
];

let index: EmojiIndex | null = null;
let loading: Promise<EmojiIndex> | null = null;
const listeners = new Set<() => void>();

function asList(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function build(data: Compact[], iamcal: Shortcodes, github: Shortcodes): EmojiIndex {
  const byName = new Map<string, EmojiEntry>();
  const list: EmojiEntry[] = [];
  for (const e of data) {
    const names = [...new Set([...asList(iamcal[e.hexcode]), ...asList(github[e.hexcode])])];
    if (!names.length || e.group === undefined || e.group === 2) continue;
    const entry: EmojiEntry = {
      name: names[0],
      names,
      label: e.label,
      unicode: e.unicode,
      group: e.group,
      order: e.order ?? 0,
      tags: e.tags ?? [],
    };
    for (const s of e.skins ?? []) {
      const tone = TONES[s.hexcode.split('-').find((h) => TONES[h]) ?? ''];
      if (!tone) continue;
      const skinNames = names.map((n) => `${n}_${tone[1]}_skin_tone`);
      const skin: EmojiEntry = { ...entry, name: skinNames[0], names: skinNames, label: s.label, unicode: s.unicode, skins: undefined };
      (entry.skins ??= {})[tone[0]] = skin;
      for (const n of skinNames) if (!byName.has(n)) byName.set(n, skin);
    }
    for (const n of names) if (!byName.has(n)) byName.set(n, entry);
    list.push(entry);
  }
  list.sort((a, b) => a.order - b.order);
  return { byName, list, custom: [] };
}

async function fetchCustom(): Promise<EmojiEntry[]> {
  const out: EmojiEntry[] = [];
  try {
    for (let page = 0; page < 10; page++) {
      const batch: CustomEmoji[] = await client.getCustomEmojis(page, 200);
      for (const c of batch)
        out.push({ name: c.name, names: [c.name], label: c.name, unicode: '', group: -1, order: 0, tags: [], customId: c.id });
      if (batch.length < 200) break;
    }
  } catch {
    // custom emoji off (501) or unreachable: the Unicode set still works
  }
  return out;
}

/** Loads the index once (the JSON is a separate chunk); later calls share it. */
export function loadEmojiIndex(): Promise<EmojiIndex> {
  loading ??= Promise.all([
    import('emojibase-data/en/compact.json').then((m) => m.default as unknown as Compact[]),
    import('emojibase-data/en/shortcodes/iamcal.json').then((m) => m.default as unknown as Shortcodes),
    import('emojibase-data/en/shortcodes/github.json').then((m) => m.default as unknown as Shortcodes),
  ]).then(async ([data, iamcal, github]) => {
    const built = build(data, iamcal, github);
    setIndex(built);
    const custom = await fetchCustom();
    if (custom.length) {
      const byName = new Map(built.byName);
      for (const c of custom) if (!byName.has(c.name)) byName.set(c.name, c);
      setIndex({ ...built, byName, custom });
    }
    return index!;
  });
  return loading;
}

function setIndex(i: EmojiIndex): void {
  index = i;
  for (const l of listeners) l();
}

/** Adds a custom emoji announced by `emoji_added`. */
export function addCustomEmoji(c: CustomEmoji): void {
  if (!index || index.byName.has(c.name)) return;
  const entry: EmojiEntry = { name: c.name, names: [c.name], label: c.name, unicode: '', group: -1, order: 0, tags: [], customId: c.id };
  const byName = new Map(index.byName);
  byName.set(c.name, entry);
  setIndex({ ...index, byName, custom: [...index.custom, entry] });
}

/** The index once loaded (null before); asking starts the load. */
export function useEmojiIndex(): EmojiIndex | null {
  const i = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => index,
  );
  if (!i) void loadEmojiIndex();
  return i;
}

/** Emoji whose names start with (then contain) `term`, custom ones included; at most `limit`. */
export function searchEmoji(i: EmojiIndex, term: string, limit = 50): EmojiEntry[] {
  const t = term.toLowerCase();
  if (!t) return i.list.slice(0, limit);
  const starts: EmojiEntry[] = [];
  const contains: EmojiEntry[] = [];
  for (const e of [...i.custom, ...i.list]) {
    if (e.names.some((n) => n.startsWith(t))) starts.push(e);
    else if (e.names.some((n) => n.includes(t)) || e.label.includes(t) || e.tags.some((g) => g.startsWith(t))) contains.push(e);
    if (starts.length >= limit) break;
  }
  return [...starts, ...contains].slice(0, limit);
}

socket.addMessageListener((m) => {
  const msg = m as unknown as { event: string; data?: { emoji?: string } };
  if (msg.event !== 'emoji_added' || !msg.data?.emoji) return;
  try {
    addCustomEmoji(JSON.parse(msg.data.emoji) as CustomEmoji);
  } catch {
    // ignore a malformed event
  }
});
