// The bulk-load pair of search.ts (the bench's seeder): suspendPostSearchIndex drops the full-text index, rows go in
// without it, rebuildPostSearchIndex puts it back filled from every row, with its triggers. Results are unchanged by a
// suspend and rebuild, rows loaded in between are found in their place (newest first), and rows written afterwards
// are indexed as before. Runs on both databases.
import { defaultConfig } from '../../config/config.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/helper.ts';
import { connect, type Connection } from '../sql/dialect.ts';
import { migrate } from '../migrations/index.ts';
import { Store } from '../store.ts';
import { newId } from '../../model/id.ts';
import type { AppContext } from '../../app/context.ts';
import { searchPostsForUser } from '../../app/search.ts';
import { rebuildPostSearchIndex, SEARCH_KEY_SCALE, suspendPostSearchIndex } from '../sql/search.ts';

let conn: Connection;
let store: Store;
let cleanup: () => Promise<void>;
const userId = newId();
const teamId = newId();
const channelId = newId();
const T0 = 1_790_000_000_000;
const ids: Record<string, string> = {};

/** A post row; `keyed`: with its SQLite search key set by hand, as the seeder writes rows while the index is away. */
async function post(name: string, at: number, message: string, keyed = false): Promise<void> {
  ids[name] = newId();
  const key = keyed && conn.driver === 'sqlite' ? { search_key: at * SEARCH_KEY_SCALE + SEARCH_KEY_SCALE / 2 } : {};
  await conn.db
    .insertInto('posts')
    .values({ id: ids[name], create_at: at, update_at: at, user_id: userId, channel_id: channelId, message, ...key } as never)
    .execute();
}

async function search(terms: string): Promise<Array<string | undefined>> {
  const ctx = { store, config: defaultConfig } as unknown as AppContext;
  const r = await searchPostsForUser(ctx, userId, teamId, {
    terms,
    isOrSearch: false,
    timeZoneOffset: 0,
    includeDeletedChannels: false,
    page: 0,
    perPage: 60,
  });
  return r.order.map((id) => Object.keys(ids).find((k) => ids[k] === id));
}

beforeAll(async () => {
  const t = await testConfig();
  cleanup = t.cleanup;
  conn = await connect(t.config.SqlSettings.DriverName as 'sqlite' | 'postgres', t.config.SqlSettings.DataSource, 2);
  await migrate(conn.db);
  store = new Store(conn.db, conn.driver);
  await conn.db
    .insertInto('users')
    .values({ id: userId, create_at: 1, update_at: 1, username: 'rebuild', email: 'rebuild@example.com' } as never)
    .execute();
  await conn.db
    .insertInto('channels')
    .values({ id: channelId, create_at: 1, update_at: 1, team_id: teamId, type: 'O', name: 'rebuild', display_name: 'r' } as never)
    .execute();
  await conn.db
    .insertInto('channel_members')
    .values({ channel_id: channelId, user_id: userId } as never)
    .execute();
  for (let k = 0; k < 4; k++) await post(`live${k}`, T0 + k * 100, `plum live ${k} ${k % 2 ? 'odd' : 'even'}`);
});
afterAll(async () => {
  await conn?.close();
  await cleanup?.();
});

describe('suspend and rebuild the post search index', () => {
  it('leaves results unchanged, finds the rows loaded in between in order, and indexes later writes', async () => {
    const before = { plum: await search('plum'), odd: await search('odd') };
    expect(before.plum).toEqual(['live3', 'live2', 'live1', 'live0']);
    expect(before.odd).toEqual(['live3', 'live1']);

    await suspendPostSearchIndex(conn.db);
    await rebuildPostSearchIndex(conn.db);
    expect({ plum: await search('plum'), odd: await search('odd') }).toEqual(before);

    await suspendPostSearchIndex(conn.db);
    // Bulk rows between and around the live ones, one of them in a millisecond a live post has.
    await post('bulk-new', T0 + 1000, 'plum bulk newest odd', true);
    await post('bulk-mid', T0 + 150, 'plum bulk middle', true);
    await post('bulk-same', T0 + 200, 'plum bulk same millisecond as live2', true);
    await post('bulk-old', T0 - 100, 'plum bulk oldest odd', true);
    await rebuildPostSearchIndex(conn.db);
    const plum = await search('plum');
    expect(plum.slice(0, 2)).toEqual(['bulk-new', 'live3']);
    expect(new Set(plum.slice(2, 4))).toEqual(new Set(['live2', 'bulk-same']));
    expect(plum.slice(4)).toEqual(['bulk-mid', 'live1', 'live0', 'bulk-old']);
    expect(await search('odd')).toEqual(['bulk-new', 'live3', 'live1', 'bulk-old']);
    expect(await search('middle')).toEqual(['bulk-mid']);

    // The triggers are back: a row written now is found at once, and so is an edit.
    await post('after', T0 + 2000, 'plum written after the rebuild');
    expect((await search('plum'))[0]).toBe('after');
    await conn.db
      .updateTable('posts')
      .set({ message: 'damson now' } as never)
      .where('id', '=', ids['live0']!)
      .execute();
    expect(await search('damson')).toEqual(['live0']);
    expect(await search('plum')).not.toContain('live0');
  });
});
