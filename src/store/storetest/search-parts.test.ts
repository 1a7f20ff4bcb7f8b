// Post search in parts of the history: the newest-first search that stops once a page is full (SQLite: bounded by the
// newest matches by rowid; PostgreSQL: consecutive time parts) must answer exactly what scanning every match answers.
// Posts span years, from a dense last few seconds to sparse years-old ones, are stored out of time order (imports,
// clock skew), share milliseconds at part boundaries, and include deleted, system and non-member posts.
import { defaultConfig } from '../../config/config.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testConfig } from '../../../test/helper.ts';
import { connect, type Connection } from '../sql/dialect.ts';
import { migrate } from '../migrations/index.ts';
import { Store } from '../store.ts';
import { newId } from '../../model/id.ts';
import type { AppContext } from '../../app/context.ts';
import { searchPostsForUser, type SearchRequest } from '../../app/search.ts';
import type { SearchStore } from '../sql/search.ts';

let conn: Connection;
let store: Store;
let cleanup: () => Promise<void>;
let teamId = '';
const user: Record<string, string> = {};
/** Every post stored, to compute expected answers. */
const posts: Array<{ id: string; create_at: number; message: string; channel: string; user: string; live: boolean }> = [];
const TOP = 1_790_000_000_000;
const SECOND = 1000;
const DAY = 86_400_000;

beforeAll(async () => {
  const t = await testConfig();
  cleanup = t.cleanup;
  conn = await connect(t.config.SqlSettings.DriverName as 'sqlite' | 'postgres', t.config.SqlSettings.DataSource, 3);
  await migrate(conn.db);
  store = new Store(conn.db, conn.driver);
  const db = conn.db;
  for (const name of ['ann', 'ben']) {
    user[name] = newId();
    await db
      .insertInto('users')
      .values({ id: user[name], create_at: 1, update_at: 1, username: name, email: `${name}@example.com` } as never)
      .execute();
  }
  teamId = newId();
  const ch: Record<string, string> = {};
  for (const [key, members] of [
    ['one', ['ann', 'ben']],
    ['two', ['ann']],
    ['elsewhere', ['ben']],
  ] as const) {
    ch[key] = newId();
    await db
      .insertInto('channels')
      .values({
        id: ch[key],
        create_at: 1,
        update_at: 1,
        team_id: teamId,
        type: 'O',
        name: key,
        display_name: key,
        last_post_at: TOP,
      } as never)
      .execute();
    for (const m of members)
      await db
        .insertInto('channel_members')
        .values({ channel_id: ch[key], user_id: user[m] } as never)
        .execute();
  }
  const rows: Array<Record<string, unknown>> = [];
  const add = (at: number, i: number, extra: Record<string, unknown> = {}) => {
    const id = newId();
    const channel = ['one', 'two', 'elsewhere'][i % 3];
    const author = i % 4 === 0 ? 'ben' : 'ann';
    // "common" in most posts, "rare" in every 9th, a hashtag in every 5th.
    const message = `${i % 7 === 3 ? 'other' : 'common'} words ${i % 9 === 0 ? 'rare' : 'plain'} number${i}${i % 5 === 0 ? ' #tagged' : ''}`;
    const row: Record<string, unknown> = {
      id,
      create_at: at,
      update_at: at,
      delete_at: 0,
      type: '',
      user_id: user[author],
      channel_id: ch[channel],
      message,
      hashtags: i % 5 === 0 ? '#tagged' : '',
      ...extra,
    };
    rows.push(row);
    posts.push({
      id,
      create_at: at,
      message,
      channel,
      user: author,
      live: !row.delete_at && !String(row.type ?? '').startsWith('system_'),
    });
  };
  let i = 0;
  // A dense last minute (most at 37 ms steps), posts sharing the millisecond at the first PostgreSQL part's edge.
  for (let k = 0; k < 160; k++) add(TOP - k * 37, i++);
  for (let k = 0; k < 4; k++) add(TOP - 10 * SECOND, i++);
  for (let k = 0; k < 4; k++) add(TOP - 10 * SECOND - 1, i++);
  // Hours, days and years back, sparser and sparser.
  for (let k = 0; k < 60; k++) add(TOP - 60 * SECOND - k * 97 * SECOND, i++);
  for (let k = 0; k < 40; k++) add(TOP - 2 * DAY - k * 3 * DAY, i++);
  for (let k = 0; k < 30; k++) add(TOP - 400 * DAY - k * 40 * DAY, i++);
  // Deleted and system posts that would match.
  for (let k = 0; k < 6; k++) add(TOP - k * 50 - 3, i++, { delete_at: TOP });
  for (let k = 0; k < 3; k++) add(TOP - k * 70 - 5, i++, { type: 'system_join_channel' });
  // Stored out of order: shuffled, then old "imported" posts stored last and a few newest ones stored first.
  const order = rows
    .map((r, k) => ({ r, k: (k * 7919) % rows.length }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
  for (let k = 0; k < 25; k++) {
    const at = TOP - 900 * DAY + k * DAY;
    add(at, i++);
    order.push(rows[rows.length - 1]);
  }
  add(TOP + 5, i);
  order.unshift(rows[rows.length - 1]);
  for (let k = 0; k < order.length; k += 50)
    await db
      .insertInto('posts')
      .values(order.slice(k, k + 50) as never)
      .execute();
  // Statistics, as a live database has them: PostgreSQL's 'auto' sizes its first part from them.
  await sql`analyze`.execute(db);
});
afterAll(async () => {
  await conn?.close();
  await cleanup?.();
});

type Mode = SearchStore['parts'];

/** Every page of a search, in order, with the store set to `mode`; the pages' has_next flags alongside. */
async function allPages(
  mode: Mode,
  who: string,
  terms: string,
  perPage: number,
  opts: Partial<SearchRequest> = {},
): Promise<{ ids: string[]; pages: string[][]; more: boolean[] }> {
  store.search.parts = mode;
  const ctx = { store, config: defaultConfig } as unknown as AppContext;
  const pages: string[][] = [];
  const more: boolean[] = [];
  try {
    for (let page = 0; page < 200; page++) {
      const r = await searchPostsForUser(ctx, user[who], teamId, {
        terms,
        isOrSearch: false,
        timeZoneOffset: 0,
        includeDeletedChannels: false,
        page,
        perPage,
        ...opts,
      });
      pages.push(r.order);
      more.push(r.has_next);
      if (!r.order.length) break;
    }
  } finally {
    store.search.parts = 'auto';
  }
  return { ids: pages.flat(), pages, more };
}

/** Newest first, then by id descending: the order of search results. */
function expected(pred: (p: (typeof posts)[number]) => boolean, channels: string[]): string[] {
  return posts
    .filter((p) => p.live && channels.includes(p.channel) && pred(p))
    .sort((a, b) => b.create_at - a.create_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((p) => p.id);
}

const has = (word: string) => (p: { message: string }) => p.message.split(' ').includes(word);

describe('post search in parts of the history', () => {
  it('pages a common word across recent and years-old posts exactly as a scan of every match does', async () => {
    const want = expected(has('common'), ['one', 'two']);
    expect(want.length).toBeGreaterThan(150);
    for (const perPage of [7, 60]) {
      const whole = await allPages('never', 'ann', 'common', perPage);
      expect(whole.ids).toEqual(want);
      for (const mode of ['always', 'scan', 'auto'] as const) {
        const parts = await allPages(mode, 'ann', 'common', perPage);
        expect(parts.pages).toEqual(whole.pages);
        expect(parts.more).toEqual(whole.more);
      }
    }
  });

  it('agrees for rare words, hashtags, exclusions, prefixes, from: and dates', async () => {
    const cases: Array<[string, string]> = [
      ['ann', 'rare'],
      ['ben', 'rare'],
      ['ann', '#tagged'],
      ['ann', 'common -rare'],
      ['ann', 'comm*'],
      ['ann', 'from:ben common'],
      ['ann', 'common before:2026-09-01'],
      ['ann', 'common after:2026-09-01'],
      ['ann', 'nothingmatches'],
    ];
    for (const [who, terms] of cases) {
      const whole = await allPages('never', who, terms, 9);
      for (const mode of ['always', 'scan', 'auto'] as const) {
        const parts = await allPages(mode, who, terms, 9);
        expect({ terms, mode, pages: parts.pages }).toEqual({ terms, mode, pages: whole.pages });
      }
    }
    expect((await allPages('always', 'ann', 'rare', 9)).ids).toEqual(expected(has('rare'), ['one', 'two']));
    expect((await allPages('always', 'ben', 'rare', 9)).ids).toEqual(expected(has('rare'), ['one', 'elsewhere']));
    expect((await allPages('always', 'ann', '#tagged', 9)).ids).toEqual(expected(has('#tagged'), ['one', 'two']));
  });
});
