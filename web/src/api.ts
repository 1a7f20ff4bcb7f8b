// The one Client4 instance and websocket the UI uses; the server is reached only through Mattermost API v4.
import { Client4, WebSocketClient } from '@mattermost/client';

export const client = new Client4();
client.setUrl(window.location.origin);
client.setIncludeCookies(true);

export const socket = new WebSocketClient();

/** The message a user should see for a failed call: the server's AppError message when there is one. */
export function errorMessage(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { message?: unknown; server_error_id?: unknown };
    if (typeof e.message === 'string' && e.message) return e.message;
    if (typeof e.server_error_id === 'string') return e.server_error_id;
  }
  return String(err);
}

/**
 * Opens the websocket with the session cookie (no token: the browser sends MMAUTHTOKEN on the upgrade), asking for
 * `should_ack` on the posts it should notify of (`posted_ack`), which it then acknowledges.
 */
export function connectSocket(): void {
  socket.initialize(client.getWebSocketUrl(), undefined, true);
}

export function disconnectSocket(): void {
  socket.close();
}
