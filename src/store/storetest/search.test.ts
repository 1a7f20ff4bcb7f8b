// Post search contract: one seeded set of posts with a known answer for each modifier, run on SQLite and PostgreSQL.
import { defaultConfig } from '../../config/config.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/helper.ts';
import { connect, type Connection } from '../sql/dialect.ts';
import { migrate } from '../migrations/index.ts';
import { Store } from '../store.ts';
import { newId } from '../../model/id.ts';
import type { AppContext } from '../../app/context.ts';
import { directChannelName } from '../../app/channels.ts';
import { parseSearchTerms, searchPostsForUser, type SearchRequest } from '../../app/search.ts';

let conn: Connection;
let store: Store;
let cleanup: () => Promise<void>;
const ids: Record<string, string> = {};
const user: Record<string, string> = {};
let team1 = '';

const T = (iso: string) => Date.parse(iso);

async function seed(): Promise<void> {
  const db = conn.db;
  for (const name of ['alice', 'bob', 'carol']) {
    user[name] = newId();
    await db
      .insertInto('users')
      .values({ id: user[name], create_at: 1, update_at: 1, username: name, email: `${name}@example.com` } as never)
      .execute();
  }
  team1 = newId();
  const team2 = newId();
  const ch: Record<string, string> = {};
  const channel = async (key: string, teamId: string, type: string, members: string[], deleteAt = 0, name = key) => {
    ch[key] = newId();
    await db
      .insertInto('channels')
      .values({ id: ch[key], create_at: 1, update_at: 1, delete_at: deleteAt, team_id: teamId, type, name, display_name: key } as never)
      .execute();
    for (const m of members)
      await db
        .insertInto('channel_members')
        .values({ channel_id: ch[key], user_id: user[m] } as never)
        .execute();
  };
  await channel('general', team1, 'O', ['alice', 'bob']);
  await channel('random', team1, 'O', ['alice', 'bob']);
  await channel('secret', team1, 'P', ['bob']);
  await channel('outside', team1, 'O', ['bob', 'carol']);
  await channel('other', team2, 'O', ['alice']);
  await channel('old', team1, 'O', ['alice'], T('2024-03-20T00:00:00Z'));
  await channel('dm', '', 'D', ['alice', 'bob'], 0, directChannelName(user.alice, user.bob));
  const post = async (key: string, chKey: string, author: string, message: string, at: string, extra: Record<string, unknown> = {}) => {
    ids[key] = newId();
    const hashtags = [...new Set((message.match(/(?:^|\s)#([A-Za-z][\w.-]{2,})/g) ?? []).map((t) => t.trim()))].join(' ');
    await db
      .insertInto('posts')
      .values({
        id: ids[key],
        create_at: T(at),
        update_at: T(at),
        user_id: user[author],
        channel_id: ch[chKey],
        message,
        hashtags,
        ...extra,
      } as never)
      .execute();
  };
  await post('p1', 'general', 'alice', 'The quarterly budget meeting is tomorrow', '2024-03-10T10:00:00Z');
  await post('p2', 'general', 'bob', 'Budget approved for the new office', '2024-03-11T09:00:00Z');
  await post('p3', 'random', 'bob', 'Lunch at the pizza place? #food #friday', '2024-03-11T23:30:00Z');
  await post('p4', 'random', 'alice', 'meeting notes: roadmap planning', '2024-03-12T12:00:00Z');
  await post('p5', 'secret', 'bob', 'budget secrets', '2024-03-12T13:00:00Z');
  await post('p6', 'outside', 'bob', 'budget outside', '2024-03-12T14:00:00Z');
  await post('p7', 'other', 'alice', 'budget in another team', '2024-03-13T10:00:00Z');
  await post('p8', 'old', 'alice', 'budget archived', '2024-03-09T10:00:00Z');
  await post('p9', 'dm', 'bob', 'private budget talk', '2024-03-14T10:00:00Z');
  await post('p10', 'general', 'bob', 'Can we move the meeting? #planning', '2024-03-10T11:00:00Z', { root_id: ids.p1 });
  await post('p11', 'general', 'bob', 'budget joined the channel', '2024-03-10T12:00:00Z', { type: 'system_join_channel' });
  await post('p12', 'general', 'bob', 'budget deleted', '2024-03-10T13:00:00Z', { delete_at: T('2024-03-10T14:00:00Z') });
  await post('p13', 'general', 'bob', '#Food trucks are great', '2024-03-15T10:00:00Z');
  await post('p14', 'general', 'alice', 'foodie heaven', '2024-03-16T10:00:00Z');
  // An edit must reach the index: p15 is found by its new words only.
  await post('p15', 'general', 'alice', 'draft wording', '2024-03-17T10:00:00Z');
  await db.updateTable('posts').set({ message: 'final phrasing' }).where('id', '=', ids.p15).execute();
}

beforeAll(async () => {
  const t = await testConfig();
  cleanup = t.cleanup;
  conn = await connect(t.config.SqlSettings.DriverName as 'sqlite' | 'postgres', t.config.SqlSettings.DataSource, 3);
  await migrate(conn.db);
  store = new Store(conn.db, conn.driver);
  await seed();
});
afterAll(async () => {
  await conn?.close();
  await cleanup?.();
});

async function search(terms: string, opts: Partial<SearchRequest> & { team?: string } = {}) {
  const ctx = { store, config: defaultConfig } as unknown as AppContext;
  const req: SearchRequest = { terms, isOrSearch: false, timeZoneOffset: 0, includeDeletedChannels: false, page: 0, perPage: 60, ...opts };
  return searchPostsForUser(ctx, user.alice, opts.team ?? team1, req);
}

/** The keys of the posts found, in the order returned. */
async function found(terms: string, opts: Partial<SearchRequest> & { team?: string } = {}): Promise<string[]> {
  const r = await search(terms, opts);
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  expect(Object.keys(r.posts).sort()).toEqual([...r.order].sort());
  return r.order.map((id) => byId[id]);
}

describe('post search (store + parser)', () => {
  it('parses words, phrases, exclusions, prefixes, hashtags and flags', () => {
    const p = parseSearchTerms(
      '"budget meeting" -approved meet* #Food -#x1y from:@bob in:general -in:random on:2024-03-11 after: 2024-01-02 Weird:word',
      false,
    );
    expect(p.text.include).toEqual([
      { tokens: ['budget', 'meeting'], prefix: false },
      { tokens: ['meet'], prefix: true },
      { tokens: ['weird', 'word'], prefix: false },
    ]);
    expect(p.text.exclude).toEqual([{ tokens: ['approved'], prefix: false }]);
    expect(p.hashtags).toEqual({ include: ['#food'], exclude: ['#x1y'], or: false });
    expect(p.fromUsers).toEqual(['bob']);
    expect(p.inChannels).toEqual(['general']);
    expect(p.excludedChannels).toEqual(['random']);
    expect(p.onDate).toBe('2024-03-11');
    expect(p.afterDate).toBe('2024-01-02');
  });

  it('finds words only in member channels of the team and DMs, newest first', async () => {
    expect(await found('budget')).toEqual(['p9', 'p2', 'p1']);
    expect(await found('BUDGET')).toEqual(['p9', 'p2', 'p1']);
  });

  it('searches all teams when no team is given, and archived channels only on request', async () => {
    expect(await found('budget', { team: '' })).toEqual(['p9', 'p7', 'p2', 'p1']);
    expect(await found('budget', { includeDeletedChannels: true })).toEqual(['p9', 'p2', 'p1', 'p8']);
  });

  it('ANDs words by default and ORs them with is_or_search', async () => {
    expect(await found('budget meeting')).toEqual(['p1']);
    expect(await found('budget meeting', { isOrSearch: true })).toEqual(['p9', 'p4', 'p2', 'p10', 'p1']);
  });

  it('matches "phrases" as adjacent words', async () => {
    expect(await found('"budget meeting"')).toEqual(['p1']);
    expect(await found('"meeting budget"')).toEqual([]);
  });

  it('excludes -words', async () => {
    expect(await found('budget -approved')).toEqual(['p9', 'p1']);
    expect(await found('budget -"new office"')).toEqual(['p9', 'p1']);
  });

  it('matches word* as a prefix and stems words', async () => {
    expect(await found('meet*')).toEqual(['p4', 'p10', 'p1']);
    expect(await found('food*')).toEqual(['p14', 'p13', 'p3']);
    expect(await found('meetings')).toEqual(['p4', 'p10', 'p1']);
  });

  it('indexes edits', async () => {
    expect(await found('phrasing')).toEqual(['p15']);
    expect(await found('draft')).toEqual([]);
  });

  it('filters from: and -from:', async () => {
    expect(await found('from:bob budget')).toEqual(['p9', 'p2']);
    expect(await found('from:@bob budget')).toEqual(['p9', 'p2']);
    expect(await found('-from:bob budget')).toEqual(['p1']);
    expect(await found('from:nobody budget')).toEqual([]);
    expect(await found('from:alice')).toEqual(['p15', 'p14', 'p4', 'p1']);
  });

  it('filters in: by channel name, @user for the DM, and -in:', async () => {
    expect(await found('in:random meeting')).toEqual(['p4']);
    expect(await found('in:@bob budget')).toEqual(['p9']);
    expect(await found('-in:general budget')).toEqual(['p9']);
    expect(await found('in:secret budget')).toEqual([]);
    expect(await found('in:outside budget')).toEqual([]);
  });

  it('filters on:/before:/after: by day in the user time zone', async () => {
    expect(await found('on:2024-03-11')).toEqual(['p3', 'p2']);
    expect(await found('on:2024-03-11', { timeZoneOffset: 3600 })).toEqual(['p2']);
    expect(await found('on:2024-03-12', { timeZoneOffset: 3600 })).toEqual(['p4', 'p3']);
    expect(await found('before:2024-03-11')).toEqual(['p10', 'p1']);
    expect(await found('after:2024-03-13')).toEqual(['p15', 'p14', 'p13', 'p9']);
    expect(await found('meeting after:2024-03-10 before:2024-03-13')).toEqual(['p4']);
    expect(await found('budget -on:2024-03-11')).toEqual(['p9', 'p1']);
  });

  it('matches #hashtags exactly and case-insensitively', async () => {
    expect(await found('#food')).toEqual(['p13', 'p3']);
    expect(await found('#FOOD')).toEqual(['p13', 'p3']);
    expect(await found('#fri')).toEqual([]);
    expect(await found('#planning')).toEqual(['p10']);
    expect(await found('#food #friday')).toEqual(['p3']);
    expect(await found('#planning #friday', { isOrSearch: true })).toEqual(['p3', 'p10']);
    expect(await found('#food -#friday')).toEqual(['p13']);
  });

  it('unites hashtag and word searches, as Mattermost merges the two', async () => {
    expect(await found('#planning approved')).toEqual(['p2', 'p10']);
  });

  it('pages with has_next', async () => {
    const first = await search('budget', { perPage: 2 });
    expect(first.order.map((id) => Object.entries(ids).find(([, v]) => v === id)?.[0])).toEqual(['p9', 'p2']);
    expect(first.has_next).toBe(true);
    const second = await search('budget', { perPage: 2, page: 1 });
    expect(second.order).toEqual([ids.p1]);
    expect(second.has_next).toBe(false);
    expect(second).toMatchObject({ matches: null, first_inaccessible_post_time: 0, next_post_id: '', prev_post_id: '' });
  });

  it('answers nothing for empty or punctuation-only terms', async () => {
    expect(await found('')).toEqual([]);
    expect(await found('*** !!')).toEqual([]);
  });
});
