// One use-case as one transaction: the use-cases it calls run against a store bound to the transaction, and the events
// and invalidations they raise wait until it commits (nothing is announced for work that was rolled back).
import type { WsEvent } from '../model/ws-events.ts';
import type { AppContext, EventSink, InvalidationKind } from './context.ts';

/**
 * Runs `fn` with a context whose store is one transaction and whose event sink holds everything back until commit;
 * then publishes and invalidates in the order raised. A throw rolls back and drops them all. Inside, use the given
 * context only: the outer store would wait on the transaction's connection (SQLite has one).
 */
export async function inTransaction<T>(ctx: AppContext, fn: (tx: AppContext) => Promise<T>): Promise<T> {
  const held: Array<{ event: WsEvent } | { kind: InvalidationKind; key: string }> = [];
  const events: EventSink = {
    publish: (event) => void held.push({ event }),
    invalidate: (kind, key) => void held.push({ kind, key }),
  };
  const result = await ctx.store.tx((store) => fn({ ...ctx, store, events }));
  for (const h of held) {
    if ('event' in h) ctx.events.publish(h.event);
    else await ctx.events.invalidate(h.kind, h.key);
  }
  return result;
}
