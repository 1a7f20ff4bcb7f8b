// Issue 16 (14): a 2xx is durable on SQLite by default (synchronous=FULL: the WAL is synced at every commit), unless
// SqlSettings.ParleySqliteSynchronous says otherwise.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DRIVER, setup, type TestEnv } from '../helper.ts';

describe.skipIf(DRIVER !== 'sqlite')('SQLite durability', () => {
  let env: TestEnv | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
  });

  async function synchronous(e: TestEnv): Promise<number> {
    const r = await sql<{ synchronous: number }>`pragma synchronous`.execute(e.server.ctx.store.db);
    return r.rows[0]!.synchronous;
  }

  it('syncs every commit by default (FULL)', async () => {
    env = await setup();
    expect(await synchronous(env)).toBe(2);
  });

  it('takes NORMAL from the config (case-insensitive)', async () => {
    env = await setup((c) => {
      (c.SqlSettings as { ParleySqliteSynchronous: string }).ParleySqliteSynchronous = 'normal';
    });
    expect(await synchronous(env)).toBe(1);
  });
});
