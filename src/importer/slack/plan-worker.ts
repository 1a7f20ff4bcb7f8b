// Runs the planning half of a Slack import (worker.ts) in a worker thread with a capped heap, and answers its one
// question (what already exists) from the store. Settles only once the thread has exited, so nothing it writes
// outlives a failure.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { appError } from '../../model/app-error.ts';
import type { SkipCounts } from './summary.ts';
import { deserializeError, type ExistingReply, type FromWorker, type PlanHead, type WorkerInput } from './worker-protocol.ts';
import type { SlackChannel, SlackUser } from './parse.ts';

export interface PlannedImport {
  head: PlanHead;
  /** Posts and files in the plan file. */
  posts: number;
  files: number;
  skipped: SkipCounts;
}

export interface PlanInWorkerOptions {
  /** The worker's heap (ImportSettings.ParleyWorkerMaxMemoryMegabytes). */
  maxMemoryMb: number;
  /** Aborting terminates the worker; the promise then rejects with `failed.app_error`. */
  signal: AbortSignal;
  /** Looks up, for the export's users and channels, what the store already holds. */
  lookup(lists: { users: SlackUser[]; channels: SlackChannel[] }): Promise<ExistingReply>;
}

const failed = (detailed: string) => appError('api.slackimport.slack_import.failed.app_error', 'SlackImport', { detailed });

export function planInWorker(input: WorkerInput, opts: PlanInWorkerOptions): Promise<PlannedImport> {
  return new Promise((resolve, reject) => {
    let outcome: { ok: PlannedImport } | { err: unknown } | undefined;
    const worker = startWorker(input, opts.maxMemoryMb);
    const stop = (o: { ok: PlannedImport } | { err: unknown }) => {
      outcome ??= o;
      void worker.terminate();
    };
    const onAbort = () => stop({ err: failed('the import was abandoned: the server is shutting down') });
    if (opts.signal.aborted) onAbort();
    else opts.signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'lists') {
        opts.lookup(m).then(
          (reply) => worker.postMessage(reply),
          (err: unknown) => stop({ err }),
        );
      } else if (m.type === 'planned') stop({ ok: { head: m.head, posts: m.posts, files: m.files, skipped: m.skipped } });
      else stop({ err: deserializeError(m.error) });
    });
    worker.on('error', (err: Error & { code?: string }) =>
      stop({
        err:
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? failed(`the export needs more memory than ImportSettings.ParleyWorkerMaxMemoryMegabytes (${opts.maxMemoryMb})`)
            : err,
      }),
    );
    worker.on('exit', () => {
      opts.signal.removeEventListener('abort', onAbort);
      const o = outcome ?? { err: failed('the import worker stopped unexpectedly') };
      if ('ok' in o) resolve(o.ok);
      else reject(o.err);
    });
  });
}

/**
 * The bundled server (dist/) runs dist/slack-import-worker.js; from the sources (tests, tsx) the worker is
 * worker.ts, loaded through tsx's loader, which a worker thread does not inherit.
 */
function startWorker(input: WorkerInput, maxMemoryMb: number): Worker {
  const opts: WorkerOptions = { workerData: input, resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb } };
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./slack-import-worker.js', here), opts);
  const tsx = path.dirname(createRequire(here).resolve('tsx/package.json'));
  const loader = pathToFileURL(path.join(tsx, 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = new URL('./worker.ts', here).href;
  const boot = `import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { ...opts, eval: true });
}
