// Search over posts stored in any order: on SQLite the full-text index is keyed by creation time (posts.search_key,
// migration 0008), so the newest results come first even for posts stored long after newer ones, and posts stored
// before the migration are searchable in the same order. Runs on both databases (PostgreSQL has no keys to check).
import { defaultConfig } from '../../config/config.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testConfig } from '../../../test/helper.ts';
import { connect, type Connection } from '../sql/dialect.ts';
import { migrate } from '../migrations/index.ts';
import { Store } from '../store.ts';
import { newId } from '../../model/id.ts';
import type { AppContext } from '../../app/context.ts';
import { searchPostsForUser } from '../../app/search.ts';
import { SEARCH_KEY_SCALE } from '../sql/search.ts';

let conn: Connection;
let store: Store;
let cleanup: () => Promise<void>;
const userId = newId();
const teamId = newId();
const channelId = newId();
const T0 = 1_790_000_000_000;
/** Post ids by name, in the order they were stored. */
const ids: Record<string, string> = {};

async function post(name: string, at: number, message: string): Promise<void> {
  ids[name] = newId();
  await conn.db
    .insertInto('posts')
    .values({ id: ids[name], create_at: at, update_at: at, user_id: userId, channel_id: channelId, message } as never)
    .execute();
}

async function search(terms: string, perPage = 60): Promise<string[]> {
  const ctx = { store, config: defaultConfig } as unknown as AppContext;
  const r = await searchPostsForUser(ctx, userId, teamId, {
    terms,
    isOrSearch: false,
    timeZoneOffset: 0,
    includeDeletedChannels: false,
    page: 0,
    perPage,
  });
  return r.order;
}

const names = (order: string[]) => order.map((id) => Object.keys(ids).find((k) => ids[k] === id));

beforeAll(async () => {
  const t = await testConfig();
  cleanup = t.cleanup;
  conn = await connect(t.config.SqlSettings.DriverName as 'sqlite' | 'postgres', t.config.SqlSettings.DataSource, 2);
  // Rows stored by the schema before search keys: they must get keys (and stay searchable) when 0008 runs.
  await migrate(conn.db, '0007-post-indexes');
  const db = conn.db;
  await db
    .insertInto('users')
    .values({ id: userId, create_at: 1, update_at: 1, username: 'keys', email: 'keys@example.com' } as never)
    .execute();
  await db
    .insertInto('channels')
    .values({ id: channelId, create_at: 1, update_at: 1, team_id: teamId, type: 'O', name: 'keys', display_name: 'keys' } as never)
    .execute();
  await db
    .insertInto('channel_members')
    .values({ channel_id: channelId, user_id: userId } as never)
    .execute();
  await post('before-new', T0 + 50, 'kiwi stored before the migration, newest of its batch');
  await post('before-old', T0 - 50, 'kiwi stored before the migration, older');
  await post('before-same', T0 + 50, 'kiwi stored before the migration, same millisecond');
  await migrate(conn.db);
  store = new Store(conn.db, conn.driver);
  // After the migration: a burst sharing one millisecond, then old history stored last (an import).
  for (let k = 0; k < 5; k++) await post(`burst${k}`, T0 + 100, `kiwi burst ${k}`);
  for (let k = 0; k < 5; k++) await post(`import${k}`, T0 - 1000 - k, `kiwi imported ${k}`);
});
afterAll(async () => {
  await conn?.close();
  await cleanup?.();
});

describe('search keys', () => {
  it('finds posts newest first whatever order they were stored in, before and after the migration', async () => {
    const burst = Object.keys(ids)
      .filter((k) => k.startsWith('burst'))
      .sort((a, b) => (ids[a]! < ids[b]! ? 1 : -1));
    const same = ['before-new', 'before-same'].sort((a, b) => (ids[a]! < ids[b]! ? 1 : -1));
    const expected = [...burst, ...same, 'before-old', 'import0', 'import1', 'import2', 'import3', 'import4'];
    expect(names(await search('kiwi'))).toEqual(expected);
    // A page that ends inside the burst's millisecond: ties broken by id as over the whole result.
    expect(names(await search('kiwi', 3))).toEqual(expected.slice(0, 3));
    expect(names(await search('imported'))).toEqual(['import0', 'import1', 'import2', 'import3', 'import4']);
  });

  it('keeps an edited or deleted post in step with the index', async () => {
    await conn.db
      .updateTable('posts')
      .set({ message: 'grape now' } as never)
      .where('id', '=', ids['burst2']!)
      .execute();
    expect(names(await search('grape'))).toEqual(['burst2']);
    expect(await search('kiwi')).not.toContain(ids['burst2']);
    await conn.db.deleteFrom('posts').where('id', '=', ids['import1']!).execute();
    expect(await search('imported')).not.toContain(ids['import1']);
  });

  it.runIf(process.env.PARLEY_TEST_DB !== 'postgres')(
    'gives every post a distinct key inside its millisecond, in storage order',
    async () => {
      // Keys exceed 2^53: compared in SQL, read as text.
      const { rows } = await sql<{ id: string; k: string; ok: number }>`select id, cast(search_key as text) as k,
      search_key is not null and search_key / ${SEARCH_KEY_SCALE} = create_at as ok from posts order by rowid`.execute(conn.db);
      expect(rows.every((r) => r.ok === 1)).toBe(true);
      expect(new Set(rows.map((r) => r.k)).size).toBe(rows.length);
      const burstKeys = Object.keys(ids)
        .filter((k) => k.startsWith('burst'))
        .map((k) => BigInt(rows.find((r) => r.id === ids[k])!.k));
      expect(burstKeys).toEqual([...burstKeys].sort((a, b) => (a < b ? -1 : 1)));
    },
  );
});
