// The one Client4 instance and websocket the UI uses; the server is reached only through Mattermost API v4.
import { Client4, WebSocketClient } from '@mattermost/client';
import type { Options } from '@mattermost/types/client4';
import { takeBootAnswer } from './boot.ts';

/** Client4 whose first GET of a URL the page came with an answer for (boot.ts) takes that answer instead. */
class BootClient extends Client4 {
  constructor() {
    super();
    const network = this.doFetch;
    this.doFetch = <T>(url: string, options: Options): Promise<T> => {
      const inlined = takeBootAnswer(url, options.method);
      return inlined ? Promise.resolve(inlined.data as T) : network<T>(url, options);
    };
  }
}

export const client: Client4 = new BootClient();
client.setUrl(window.location.origin);
client.setIncludeCookies(true);

export const socket = new WebSocketClient();

let config: Promise<Record<string, string>> | undefined;
/** The client config, asked once per page load and shared by every screen; `{}` (asked again later) when it fails. */
export function clientConfig(): Promise<Record<string, string>> {
  config ??= client.getClientConfig().then(
    (c) => c as unknown as Record<string, string>,
    () => {
      config = undefined;
      return {};
    },
  );
  return config;
}

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
