// The one Client4 and websocket the UI uses; the server is reached only through Mattermost API v4. Both are facades
// over @mattermost/client, which loads on the first call the page's inlined answers (boot.ts) cannot serve: the first
// view of a signed-in user needs none of it. The URL helpers the UI renders with are answered here, synchronously.
import type { Client4 } from '@mattermost/client';
import type { WebSocketClient } from '@mattermost/client';
import { takeBootAnswer } from './boot.ts';

/** Client4's methods the UI calls synchronously (URL helpers and settings), answered without loading it. */
type SyncKeys =
  | 'setUrl'
  | 'setIncludeCookies'
  | 'setAcceptLanguage'
  | 'getBaseRoute'
  | 'getTeamsRoute'
  | 'getTeamRoute'
  | 'getFileUrl'
  | 'getProfilePictureUrl'
  | 'getCustomEmojiImageUrl'
  | 'getWebSocketUrl';
/** Every other method of Client4 as the facade offers it: asynchronous, as the UI uses them. */
type AsyncPart = {
  [K in Exclude<keyof Client4, SyncKeys>]: Client4[K] extends (...a: infer A) => Promise<infer R> ? (...a: A) => Promise<R> : never;
};
export type LazyClient = Pick<Client4, SyncKeys> & AsyncPart;

const settings = { url: '', includeCookies: false, acceptLanguage: '' };
let real: Promise<Client4> | undefined;
/** The real client, loaded once and given the settings made so far. */
function loadClient(): Promise<Client4> {
  real ??= import('./client4.ts').then(({ BootClient }) => {
    const c = new BootClient();
    c.setUrl(settings.url);
    c.setIncludeCookies(settings.includeCookies);
    if (settings.acceptLanguage) c.setAcceptLanguage(settings.acceptLanguage);
    loaded = c;
    return c;
  });
  return real;
}
let loaded: Client4 | undefined;

const base = (): string => `${settings.url}/api/v4`;
const query = (p: Record<string, string | number | boolean>): string =>
  '?' +
  Object.entries(p)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');

/**
 * The GETs the page may carry answers for (src/server/boot.ts), by method, with the URL Client4 would ask: such a call
 * is answered from the page, any other goes to the real client.
 */
const bootUrls: Partial<Record<keyof Client4, (...a: never[]) => string>> = {
  getMe: () => `${base()}/users/me`,
  getMyTeams: () => `${base()}/users/me/teams`,
  getMyPreferences: () => `${base()}/users/me/preferences`,
  getClientConfig: () => `${base()}/config/client?format=old`,
  getMyChannels: (teamId: string, includeDeleted = false) =>
    `${base()}/users/me/teams/${teamId}/channels${query({ include_deleted: includeDeleted })}`,
  getMyChannelMembers: (teamId: string) => `${base()}/users/me/teams/${teamId}/channels/members`,
  getPosts: (channelId: string, page = 0, perPage = 60, fetchThreads = true, collapsedThreads = false, collapsedThreadsExtended = false) =>
    `${base()}/channels/${channelId}/posts${query({ page, per_page: perPage, skipFetchThreads: !fetchThreads, collapsedThreads, collapsedThreadsExtended })}`,
};

const sync: Pick<Client4, SyncKeys> = {
  setUrl: (url) => void ((settings.url = url), loaded?.setUrl(url)),
  setIncludeCookies: (include) => void ((settings.includeCookies = include), loaded?.setIncludeCookies(include)),
  setAcceptLanguage: (locale) => void ((settings.acceptLanguage = locale), loaded?.setAcceptLanguage(locale)),
  getBaseRoute: base,
  getTeamsRoute: () => `${base()}/teams`,
  getTeamRoute: (teamId) => `${base()}/teams/${teamId}`,
  getFileUrl: (fileId, timestamp) => `${base()}/files/${fileId}${timestamp ? `?${timestamp}` : ''}`,
  getProfilePictureUrl: (userId, lastPictureUpdate) =>
    `${base()}/users/${userId}/image${lastPictureUpdate ? query({ _: lastPictureUpdate }) : ''}`,
  getCustomEmojiImageUrl: (id) => `${base()}/emoji/${id}/image`,
  getWebSocketUrl: () => `${base()}/websocket`,
};

export const client = new Proxy(sync as LazyClient, {
  get(target, prop: string) {
    if (prop in target) return target[prop as SyncKeys];
    const url = bootUrls[prop as keyof Client4] as ((...a: unknown[]) => string) | undefined;
    return (...args: unknown[]) => {
      const inlined = url && takeBootAnswer(url(...args));
      if (inlined) return Promise.resolve(inlined.data);
      return loadClient().then((c) => (c[prop as keyof Client4] as (...a: unknown[]) => unknown)(...args));
    };
  },
});
client.setUrl(window.location.origin);
client.setIncludeCookies(true);

/** WebSocketClient's methods the UI calls; made before it loads, they are replayed on it in order. */
type SocketKeys =
  | 'initialize'
  | 'close'
  | 'addMessageListener'
  | 'addFirstConnectListener'
  | 'addReconnectListener'
  | 'addMissedMessageListener'
  | 'addCloseListener'
  | 'updateActiveTeam'
  | 'updateActiveChannel'
  | 'acknowledgePostedNotification'
  | 'userTyping';
type SocketFacade = { [K in SocketKeys]: (...a: Parameters<WebSocketClient[K]>) => void };

let realSocket: WebSocketClient | undefined;
const pending: [SocketKeys, unknown[]][] = [];
let socketLoading = false;
function call(name: SocketKeys, args: unknown[]): void {
  if (realSocket) return void (realSocket[name] as (...a: unknown[]) => unknown)(...args);
  pending.push([name, args]);
  if (name !== 'initialize' || socketLoading) return;
  socketLoading = true;
  void Promise.all([import('./client4.ts'), loadClient()]).then(([{ WebSocketClient }]) => {
    const s = new WebSocketClient();
    for (const [n, a] of pending.splice(0)) (s[n] as (...x: unknown[]) => unknown)(...a);
    realSocket = s;
  });
}
export const socket = new Proxy({} as SocketFacade, {
  get:
    (_, prop: SocketKeys) =>
    (...args: unknown[]) =>
      call(prop, args),
});

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
