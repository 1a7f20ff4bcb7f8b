// Presence of users (online / away / dnd / offline): fetched by id (POST /users/status/ids, batched), refreshed every
// minute and when the window regains focus (Mattermost sends `status_change` only to the user it is about, so other
// people's statuses are polled as its web app does); the user's own from `status_change`.
import { useSyncExternalStore } from 'react';
import { client, socket } from '../api.ts';

export type Presence = 'online' | 'away' | 'dnd' | 'offline';

const statuses: Record<string, Presence> = {};
const listeners = new Set<() => void>();
const asked = new Set<string>();
let pending: string[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

function set(userId: string, status: string): void {
  const s = (['online', 'away', 'dnd', 'offline'].includes(status) ? status : 'offline') as Presence;
  if (statuses[userId] === s) return;
  statuses[userId] = s;
  for (const l of listeners) l();
}

function request(userId: string): void {
  if (asked.has(userId)) return;
  asked.add(userId);
  pending.push(userId);
  clearTimeout(timer);
  timer = setTimeout(() => {
    const ids = pending;
    pending = [];
    client.getStatusesByIds(ids).then(
      (list) => list.forEach((st) => set(st.user_id, st.status)),
      () => undefined,
    );
  }, 30);
}

export function usePresence(userId: string): Presence | undefined {
  const s = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => statuses[userId],
  );
  if (userId && s === undefined) request(userId);
  return s;
}

socket.addMessageListener((m) => {
  const msg = m as unknown as { event: string; data?: { user_id?: string; status?: string } };
  if (msg.event === 'status_change' && msg.data?.user_id && msg.data.status) set(msg.data.user_id, msg.data.status);
});
/** After a reconnect, statuses are asked again on next use. */
socket.addReconnectListener(() => asked.clear());

/** Mattermost's web app refreshes the statuses it shows every minute. */
const REFRESH_MS = 60_000;

function refreshAll(): void {
  const ids = [...asked];
  for (let i = 0; i < ids.length; i += 200) {
    client.getStatusesByIds(ids.slice(i, i + 200)).then(
      (list) => list.forEach((st) => set(st.user_id, st.status)),
      () => undefined,
    );
  }
}

setInterval(() => {
  if (document.visibilityState === 'visible' && asked.size) refreshAll();
}, REFRESH_MS);
window.addEventListener('focus', () => asked.size && refreshAll());
