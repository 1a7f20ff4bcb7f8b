// Post-level UI state shared by the message components: the post a permalink points at (highlighted and scrolled to).
import { useSyncExternalStore } from 'react';

let highlighted = '';
const listeners = new Set<() => void>();

export function setHighlighted(postId: string): void {
  highlighted = postId;
  for (const l of listeners) l();
}

export function useHighlighted(): string {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => highlighted,
  );
}
