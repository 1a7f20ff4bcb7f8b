// Drafts: a composer's unsent text per channel and thread. Kept in the store (the sidebar's pencil, the composer when it
// comes back), in localStorage (a reload), and, when the server allows synced drafts, on the server: saved a moment
// after typing stops, listed per team on load, and changed live by the draft_* events of the user's other sessions.
// Uploaded files stay with the draft (its file_ids, as Mattermost's) and come back with it on another device.
import type { Draft } from '@mattermost/types/drafts';
import type { FileInfo } from '@mattermost/types/files';
import { client, clientConfig } from '../api.ts';
import { getState, setState, type DraftEntry } from '../store.ts';

/** How long typing must pause before the draft goes to the server. */
const SAVE_DELAY_MS = 600;

export function draftKey(channelId: string, rootId: string): string {
  return `${channelId}:${rootId}`;
}

function storageKey(channelId: string, rootId: string): string {
  return `parley.draft.${channelId}.${rootId}`;
}

let enabled: Promise<boolean> | undefined;
/** The client config's AllowSyncedDrafts, asked once. */
function syncedDrafts(): Promise<boolean> {
  enabled ??= clientConfig().then((c) => c.AllowSyncedDrafts === 'true');
  return enabled;
}

function putEntry(key: string, entry: DraftEntry | undefined): void {
  setState((s) => {
    const drafts = { ...s.drafts };
    if (entry && (entry.message || entry.files?.length)) drafts[key] = entry;
    else delete drafts[key];
    return { drafts };
  });
}

function store(channelId: string, rootId: string, message: string): void {
  try {
    if (message) localStorage.setItem(storageKey(channelId, rootId), message);
    else localStorage.removeItem(storageKey(channelId, rootId));
  } catch {
    // Storage full or denied: the store and the server still hold the draft.
  }
}

/** The files a composer starts with: those of the store's draft. */
export function initialDraftFiles(channelId: string, rootId: string): FileInfo[] {
  return getState().drafts[draftKey(channelId, rootId)]?.files ?? [];
}

/** The files of a draft from the server: its file_ids, with the infos the server added (files not yet posted). */
function draftFiles(d: Draft): FileInfo[] {
  const ids = new Set(d.file_ids ?? []);
  return (d.metadata?.files ?? []).filter((f) => ids.has(f.id));
}

/** The text a composer starts with: the store's draft, else the one this browser kept. */
export function initialDraft(channelId: string, rootId: string): string {
  const entry = getState().drafts[draftKey(channelId, rootId)];
  if (entry) return entry.message;
  try {
    return localStorage.getItem(storageKey(channelId, rootId)) ?? '';
  } catch {
    return '';
  }
}

let connectionId = '';
/** The websocket's connection id (its hello event): the server leaves this session out of its own draft events. */
export function setDraftConnection(id: string): void {
  connectionId = id;
}

const timers = new Map<string, ReturnType<typeof setTimeout>>();

/** Whether this session has typed into the draft since it last went to the server. */
export function savePending(channelId: string, rootId: string): boolean {
  return timers.has(draftKey(channelId, rootId));
}

/** The composer's text or files changed here: the store and localStorage now, the server once typing pauses. */
export function saveDraft(channelId: string, rootId: string, message: string, files: FileInfo[] = []): void {
  const key = draftKey(channelId, rootId);
  putEntry(key, { message, updateAt: Date.now(), remote: false, files });
  store(channelId, rootId, message);
  clearTimeout(timers.get(key));
  timers.set(
    key,
    setTimeout(() => {
      timers.delete(key);
      void push(
        channelId,
        rootId,
        message,
        files.map((f) => f.id),
      );
    }, SAVE_DELAY_MS),
  );
}

async function push(channelId: string, rootId: string, message: string, fileIds: string[] = []): Promise<void> {
  if (!(await syncedDrafts())) return;
  try {
    if (message || fileIds.length) {
      const me = getState().me?.id ?? '';
      const draft = { channel_id: channelId, root_id: rootId, message, props: {}, file_ids: fileIds, user_id: me } as Draft;
      await client.upsertDraft(draft, connectionId);
    } else await client.deleteDraft(channelId, rootId, connectionId);
  } catch {
    // Offline or refused: the draft stays in this browser and goes up with the next change.
  }
}

/** The message was sent: the draft is gone here; the server drops its copy as it saves the post. */
export function clearDraft(channelId: string, rootId: string): void {
  const key = draftKey(channelId, rootId);
  clearTimeout(timers.get(key));
  timers.delete(key);
  putEntry(key, undefined);
  store(channelId, rootId, '');
}

/** The Drafts view's "Delete": gone here and, at once, on the server and the user's other sessions. */
export async function deleteDraft(channelId: string, rootId: string): Promise<void> {
  clearDraft(channelId, rootId);
  await push(channelId, rootId, '');
}

/** A draft_created/draft_updated/draft_deleted event of another session (or the post that ended a draft). */
export function onDraftEvent(event: string, draft: Draft | undefined): void {
  if (!draft || draft.user_id !== getState().me?.id) return;
  const message = event === 'draft_deleted' ? '' : draft.message;
  // What this session is typing and has not saved yet wins over another session's copy.
  if (savePending(draft.channel_id, draft.root_id ?? '')) return;
  const files = event === 'draft_deleted' ? [] : draftFiles(draft);
  putEntry(draftKey(draft.channel_id, draft.root_id ?? ''), { message, updateAt: draft.update_at || Date.now(), remote: true, files });
  store(draft.channel_id, draft.root_id ?? '', message);
}

/** A team opened: its drafts from the server join this browser's (the newer of the two copies wins). */
export async function loadDrafts(teamId: string): Promise<void> {
  if (!(await syncedDrafts())) return;
  let list: Draft[];
  try {
    list = await client.getUserDrafts(teamId);
  } catch {
    return;
  }
  const have = getState().drafts;
  for (const d of list) {
    const key = draftKey(d.channel_id, d.root_id ?? '');
    if (savePending(d.channel_id, d.root_id ?? '') || (have[key] && have[key].updateAt >= d.update_at)) continue;
    putEntry(key, { message: d.message, updateAt: d.update_at, remote: true, files: draftFiles(d) });
    store(d.channel_id, d.root_id ?? '', d.message);
  }
}

/** Drafts this browser kept from earlier visits, so the sidebar marks their channels before they are opened. */
export function restoreLocalDrafts(): void {
  const found: Record<string, DraftEntry> = {};
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i) ?? '';
      const m = /^parley\.draft\.([a-z0-9]{26})\.([a-z0-9]{26})?$/.exec(k);
      const message = m && localStorage.getItem(k);
      if (m && message) found[draftKey(m[1], m[2] ?? '')] = { message, updateAt: 0, remote: false };
    }
  } catch {
    return;
  }
  setState((s) => ({ drafts: { ...found, ...s.drafts } }));
}
