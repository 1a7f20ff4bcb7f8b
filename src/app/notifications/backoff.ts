// The notification worker's manners: it is a background consumer, so it yields a turn of the event loop before each
// step and, while requests keep the server busy, takes only a trickle of steps; once the load stops it runs at full
// speed again and the backlog drains. Busy means either signal: the event loop's delay is high (SQLite, whose queries
// run on the main thread, and CPU-bound work), or the worker's own database round trips are slow (PostgreSQL under
// load: the pool and the database are shared with the requests while the loop itself may look idle).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The histogram's sampling interval (ms): an idle loop shows a mean delay of about this much. */
const RESOLUTION_MS = 10;
/** How often the delay is judged (ms), and the mean delay beyond the resolution that counts as busy. */
const SAMPLE_MS = 100;
const BUSY_EXCESS_MS = 3;
/**
 * A database round trip of the worker's slower than this (smoothed) counts as busy; older observations expire. High on
 * purpose: the worker's own sends delay its round trips by tens of milliseconds, a saturated pool by hundreds.
 */
const DB_BUSY_MS = 100;
const DB_OBSERVATION_TTL_MS = 1000;
/** How often, at most, a step probes the database when the worker's own calls have not timed it lately. */
const PROBE_MS = 200;
/** While busy, one step per this many milliseconds: a backlog still moves under a sustained load. */
const BUSY_STEP_MS = 50;

export interface Backoff {
  /** Resolves when the worker may take its next step. */
  step(): Promise<void>;
  /** Runs one of the worker's database calls, timing it. */
  timed<T>(call: () => Promise<T>): Promise<T>;
  stop(): void;
}

/** `probe` is a trivial database call (its round trip includes the wait for a pooled connection). */
export function eventLoopBackoff(probe: () => Promise<unknown>): Backoff {
  let h: IntervalHistogram | undefined = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  let lagBusy = false;
  let judged = Date.now();
  let dbMs = 0;
  let observed = 0;
  const busy = () => {
    const now = Date.now();
    if (h && now - judged >= SAMPLE_MS) {
      lagBusy = h.count > 0 && h.mean / 1e6 - RESOLUTION_MS > BUSY_EXCESS_MS;
      h.reset();
      judged = now;
    }
    return lagBusy || (now - observed < DB_OBSERVATION_TTL_MS && dbMs > DB_BUSY_MS);
  };
  const self: Backoff = {
    async step() {
      await new Promise((r) => setImmediate(r));
      if (Date.now() - observed >= PROBE_MS) await self.timed(probe);
      // One step after the pause whatever the server does meanwhile: the trickle that keeps a backlog moving.
      if (h && busy()) await new Promise((r) => setTimeout(r, BUSY_STEP_MS));
    },
    async timed(call) {
      const t = performance.now();
      try {
        return await call();
      } finally {
        const ms = performance.now() - t;
        dbMs = Date.now() - observed < DB_OBSERVATION_TTL_MS ? 0.7 * dbMs + 0.3 * ms : ms;
        observed = Date.now();
      }
    },
    stop() {
      h?.disable();
      h = undefined;
    },
  };
  return self;
}
