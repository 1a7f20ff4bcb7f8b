// Calls a route through a Client4's own fetch (session, CSRF, error decoding) where Client4 has no method, or to send
// a body its method would not (bad input).
import type { Client4 } from '@mattermost/client';

type Fetcher = { doFetch<T>(url: string, opts: { method: string; body?: string | FormData }): Promise<T> };

export function doFetch<T = unknown>(client: Client4, url: string, opts: { method: string; body?: string | FormData }): Promise<T> {
  return (client as unknown as Fetcher).doFetch<T>(url, opts);
}
