// Calls an API v4 route Client4 has no method for, through Client4's own fetch (session cookie, CSRF header, errors).
import { client } from '../api.ts';

type Fetcher = { doFetch<T>(url: string, opts: { method: string; body?: string }): Promise<T> };

export function rawFetch<T = unknown>(url: string, method: string, body?: string): Promise<T> {
  return (client as unknown as Fetcher).doFetch<T>(url, { method, body });
}
