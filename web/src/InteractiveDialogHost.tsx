// Where an interactive dialog opens (websocket `open_dialog`): the one open dialog and its host, with the dialog itself
// (InteractiveDialog.tsx) loaded when one opens.
import { lazy, Suspense, useSyncExternalStore, type ReactNode } from 'react';
import type { Dialog } from '@mattermost/types/integrations';

const InteractiveDialog = lazy(() => import('./InteractiveDialog.tsx').then((m) => ({ default: m.InteractiveDialog })));

/** The `dialog` of an `open_dialog` event: the integration's request with the short trigger id. */
export interface OpenDialog {
  url: string;
  trigger_id?: string;
  dialog: Dialog;
}

// ---- the open dialog (one at a time, as in Mattermost's web app) ----

let current: OpenDialog | null = null;
const listeners = new Set<() => void>();

export function setCurrent(d: OpenDialog | null): void {
  current = d;
  for (const l of listeners) l();
}

/** Shows the dialog of an `open_dialog` event (its `dialog` field, a JSON string); ignores malformed ones. */
export function showInteractiveDialog(raw: unknown): void {
  let d: unknown = raw;
  if (typeof raw === 'string') {
    try {
      d = JSON.parse(raw);
    } catch {
      return;
    }
  }
  const o = d as Partial<OpenDialog> | null;
  if (!o || typeof o !== 'object' || typeof o.url !== 'string' || !o.dialog || typeof o.dialog !== 'object') return;
  setCurrent({
    url: o.url,
    trigger_id: o.trigger_id,
    dialog: { ...o.dialog, elements: Array.isArray(o.dialog.elements) ? o.dialog.elements : [] },
  });
}

function useCurrent(): OpenDialog | null {
  return useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => current,
  );
}

/** Mounted once in the signed-in layout; renders the open dialog, if any. */
export function InteractiveDialogHost(): ReactNode {
  const d = useCurrent();
  return d ? (
    <Suspense fallback={null}>
      <InteractiveDialog key={d.trigger_id ?? d.url} open={d} />
    </Suspense>
  ) : null;
}
