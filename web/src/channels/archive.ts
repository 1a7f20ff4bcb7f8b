// Archived channels: archive / unarchive, and the events: an archived channel stays readable for its members (the
// open one shows a read-only banner) and leaves the sidebar with a notice instead of vanishing silently.
import { client, socket } from '../api.ts';
import { attempt, fetchChannel } from '../actions.ts';
import { channelTitle, getState, setState, showNotice } from '../store.ts';

export async function archiveChannel(channelId: string): Promise<boolean> {
  const ok = await attempt(() => client.deleteChannel(channelId));
  if (ok) markArchived(channelId, Date.now());
  return !!ok;
}

export async function unarchiveChannel(channelId: string): Promise<void> {
  const ch = await attempt(() => client.unarchiveChannel(channelId));
  if (ch) setState((s) => ({ channels: { ...s.channels, [ch.id]: { ...s.channels[ch.id], ...ch, delete_at: 0 } } }));
}

let noticeText: (title: string) => string = (t) => `${t} was archived.`;
/** The notice shown when a channel of the user is archived (set by the UI with its translated text). */
export function setArchivedNotice(fn: (title: string) => string): void {
  noticeText = fn;
}

/** `channel_deleted`: keep the channel with its delete_at; tell the user unless they did it themselves just now. */
export function markArchived(channelId: string, deleteAt: number, announce = false): void {
  const s = getState();
  const ch = s.channels[channelId];
  if (!ch) return;
  if (announce && !ch.delete_at && s.members[channelId]) showNotice(noticeText(channelTitle(ch, s)));
  setState((st) => ({ channels: { ...st.channels, [channelId]: { ...st.channels[channelId], delete_at: deleteAt || Date.now() } } }));
}

socket.addMessageListener((m) => {
  const msg = m as unknown as { event: string; data?: { channel_id?: string; delete_at?: number } };
  if (msg.event === 'channel_restored' && msg.data?.channel_id) void fetchChannel(msg.data.channel_id);
});
