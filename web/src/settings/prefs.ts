// The user's preferences (Mattermost's /users/{id}/preferences): loaded at sign-in, kept in the store as
// `category:name` → value, updated by `preferences_changed` / `preferences_deleted`; the theme preference applied as
// CSS variables (no theme preference: follow the system's light or dark mode).
import type { PreferenceType } from '@mattermost/types/preferences';
import { client, socket } from '../api.ts';
import { getState, setState } from '../store.ts';

export const NAME_FORMAT = 'display_settings:name_format';
export const THEME = 'theme:';
export type NameFormat = 'username' | 'nickname_full_name' | 'full_name';

/** Mattermost theme fields Parley maps onto its CSS variables. */
export type Theme = Partial<
  Record<
    | 'type'
    | 'sidebarBg'
    | 'sidebarText'
    | 'sidebarTeamBarBg'
    | 'centerChannelBg'
    | 'centerChannelColor'
    | 'linkColor'
    | 'buttonBg'
    | 'buttonColor'
    | 'mentionHighlightBg'
    | 'errorTextColor',
    string
  >
>;

export const LIGHT: Theme = {
  type: 'Parley Light',
  sidebarBg: '#1e325c',
  sidebarText: '#dde3ee',
  sidebarTeamBarBg: '#14213d',
  centerChannelBg: '#ffffff',
  centerChannelColor: '#1f2329',
  linkColor: '#1c58d9',
  buttonBg: '#1c58d9',
  buttonColor: '#ffffff',
  mentionHighlightBg: '#ffe8a3',
};

export const DARK: Theme = {
  type: 'Parley Dark',
  sidebarBg: '#121317',
  sidebarText: '#d5d8de',
  sidebarTeamBarBg: '#0b0c0f',
  centerChannelBg: '#1b1d22',
  centerChannelColor: '#e3e4e8',
  linkColor: '#6ea3ff',
  buttonBg: '#3d7bf0',
  buttonColor: '#ffffff',
  mentionHighlightBg: '#5c4a12',
};

const COLOR = /^(#[0-9a-f]{3,8}|rgba?\([\d\s.,%]+\)|[a-z]{3,20})$/i;

/** A pasted Mattermost theme (JSON object of colours); throws on anything else. Only colour-like values are kept. */
export function parseTheme(text: string): Theme {
  const v: unknown = JSON.parse(text);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (typeof val !== 'string') continue;
    if (k === 'type' || k === 'codeTheme') out[k] = val.slice(0, 64);
    else if (COLOR.test(val.trim())) out[k] = val.trim();
  }
  if (!out.centerChannelBg && !out.sidebarBg) throw new Error('no colours');
  return out as Theme;
}

const dark = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : undefined;

/** The theme in force: the saved one, else light or dark as the system prefers. */
export function currentTheme(prefs = getState().preferences): { theme: Theme; saved: boolean } {
  const raw = prefs[THEME];
  if (raw) {
    try {
      return { theme: { ...LIGHT, ...parseTheme(raw) }, saved: true };
    } catch {
      // a broken preference: fall through to the system's choice
    }
  }
  return { theme: dark?.matches ? DARK : LIGHT, saved: false };
}

/** Sets Parley's CSS variables from the theme in force. */
export function applyTheme(): void {
  const t = currentTheme().theme;
  const root = document.documentElement.style;
  const set = (name: string, value: string | undefined): void => {
    if (value) root.setProperty(name, value);
  };
  set('--bg', t.centerChannelBg);
  set('--fg', t.centerChannelColor);
  set('--side', t.sidebarBg);
  set('--side-fg', t.sidebarText);
  set('--team', t.sidebarTeamBarBg);
  set('--accent', t.buttonBg ?? t.linkColor);
  set('--mention', t.mentionHighlightBg);
  root.setProperty('--border', `color-mix(in srgb, ${t.centerChannelColor} 16%, ${t.centerChannelBg})`);
  root.setProperty('--muted', `color-mix(in srgb, ${t.centerChannelColor} 64%, ${t.centerChannelBg})`);
  root.setProperty('color-scheme', isDark(t.centerChannelBg ?? '#fff') ? 'dark' : 'light');
}

function isDark(color: string): boolean {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return false;
  const n = parseInt(m[1], 16);
  return ((n >> 16) & 255) * 0.299 + ((n >> 8) & 255) * 0.587 + (n & 255) * 0.114 < 128;
}

dark?.addEventListener('change', applyTheme);

function merge(list: PreferenceType[], removed = false): void {
  setState((s) => {
    const preferences = { ...s.preferences };
    for (const p of list) {
      const key = `${p.category}:${p.name}`;
      if (removed) delete preferences[key];
      else preferences[key] = p.value ?? '';
    }
    return { preferences };
  });
  applyTheme();
}

export async function loadPreferences(): Promise<void> {
  try {
    const list = (await client.getMyPreferences()) as unknown as PreferenceType[];
    setState({ preferences: {} });
    merge(list);
  } catch {
    applyTheme();
  }
}

/**
 * Saves one preference, applied at once (a controlled radio or checkbox shows the choice as it is clicked) and put
 * back if the server refuses it.
 */
export async function savePreference(category: string, name: string, value: string): Promise<void> {
  await writePreference(category, name, value, false);
}

export async function deletePreference(category: string, name: string): Promise<void> {
  await writePreference(category, name, '', true);
}

async function writePreference(category: string, name: string, value: string, removed: boolean): Promise<void> {
  const me = getState().me;
  if (!me) return;
  const key = `${category}:${name}`;
  const before = getState().preferences[key];
  const p = { user_id: me.id, category, name, value };
  merge([p], removed);
  try {
    await (removed ? client.deletePreferences(me.id, [p]) : client.savePreferences(me.id, [p]));
  } catch (err) {
    if (before === undefined) merge([p], true);
    else merge([{ ...p, value: before }]);
    throw err;
  }
}

socket.addMessageListener((m) => {
  const msg = m as unknown as { event: string; data?: { preferences?: string } };
  if (msg.event !== 'preferences_changed' && msg.event !== 'preferences_deleted') return;
  try {
    merge(JSON.parse(msg.data?.preferences ?? '[]') as PreferenceType[], msg.event === 'preferences_deleted');
  } catch {
    // ignore a malformed event
  }
});

applyTheme();
