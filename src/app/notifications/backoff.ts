// The notification worker's manners: it is a background consumer, so it yields a turn of the event loop before each
// step and, while requests keep the loop busy (its delay is high), takes only a trickle of steps; once the load stops
// it runs at full speed again and the backlog drains.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** The histogram's sampling interval (ms): an idle loop shows a mean delay of about this much. */
const RESOLUTION_MS = 10;
/** How often the delay is judged (ms), and the mean delay beyond the resolution that counts as busy. */
const SAMPLE_MS = 100;
const BUSY_EXCESS_MS = 3;
/** While busy, one step per this many milliseconds: a backlog still moves under a sustained load. */
const BUSY_STEP_MS = 50;

export interface Backoff {
  /** Resolves when the worker may take its next step. */
  step(): Promise<void>;
  /** Whether the loop was busy at the last judgement (diagnostics). */
  busy(): boolean;
  stop(): void;
}

export function eventLoopBackoff(): Backoff {
  let h: IntervalHistogram | undefined = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  let busy = false;
  let judged = Date.now();
  const judge = () => {
    const now = Date.now();
    if (!h || now - judged < SAMPLE_MS) return;
    busy = h.count > 0 && h.mean / 1e6 - RESOLUTION_MS > BUSY_EXCESS_MS;
    h.reset();
    judged = now;
  };
  return {
    async step() {
      await new Promise((r) => setImmediate(r));
      judge();
      if (busy && h) {
        // One step after the pause whatever the loop does meanwhile: the trickle that keeps a backlog moving.
        await new Promise((r) => setTimeout(r, BUSY_STEP_MS));
        judge();
      }
    },
    busy: () => busy,
    stop() {
      h?.disable();
      h = undefined;
    },
  };
}
