// SQLite: small independent writes made outside a transaction in one turn of the event loop share one transaction.
// better-sqlite3 syncs the WAL at each commit on the event loop (synchronous = FULL): a sync per channel view or
// status change stalls every request behind it, one sync for the turn's writes does not.
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

type Write = (db: Kysely<DB>) => Promise<unknown>;

interface Queued {
  write: Write;
  resolve(): void;
  reject(err: unknown): void;
}

export class GroupCommit {
  private queued: Queued[] = [];

  constructor(private db: Kysely<DB>) {}

  /**
   * Runs `write` (one or a few statements, safe to run again after a rollback) and resolves once it is committed.
   * Inside a transaction it is part of that transaction; else it joins the turn's group.
   */
  run(write: Write): Promise<void> {
    if (this.db.isTransaction) return write(this.db).then(() => undefined);
    return new Promise((resolve, reject) => {
      if (this.queued.push({ write, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const group = this.queued;
    this.queued = [];
    if (group.length > 1) {
      try {
        await this.db.transaction().execute(async (tx) => {
          for (const q of group) await q.write(tx);
        });
        for (const q of group) q.resolve();
        return;
      } catch {
        // One of them failed and rolled back the others: each again alone, so that it fails alone.
      }
    }
    for (const q of group) await q.write(this.db).then(q.resolve, q.reject);
  }
}
