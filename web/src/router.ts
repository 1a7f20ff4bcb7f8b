// Minimal history-based router: the path is state, navigate() pushes it; channelPath() builds a channel's URL.
import { useSyncExternalStore } from 'react';
import type { ServerChannel as Channel } from '@mattermost/types/channels';

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((l) => l()));

export function navigate(path: string, replace = false): void {
  if (path === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  listeners.forEach((l) => l());
}

export function channelPath(teamName: string, c: Channel): string {
  return `/${teamName}/channels/${encodeURIComponent(c.name)}`;
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useLocation(): { path: string; search: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, search: url.searchParams };
}
