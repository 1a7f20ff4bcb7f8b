// Full-text post search: one interface over FTS5 (SQLite, external-content table kept by triggers) and tsvector
// (PostgreSQL, GIN expression indexes). The only file besides dialect.ts that knows which full-text engine is underneath.
import { sql, expressionBuilder, PostgresAdapter, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { DB } from './schema.ts';
import type { Driver } from './dialect.ts';
import { postFromRow } from './posts.ts';
import type { Post } from '../../model/types.ts';

/** One search word or phrase, already split into the index's tokens (letters and digits only). */
export interface SearchTerm {
  tokens: string[];
  /** `word*`: the last token matches as a prefix. */
  prefix: boolean;
}

/** A text condition on one column: every term (AND) or any term (OR) must match; no excluded term may. */
export interface TextQuery {
  include: SearchTerm[];
  exclude: SearchTerm[];
  or: boolean;
}

/** Exact hashtags (with their `#`, lower-cased), matched against the post's hashtags. */
export interface HashtagQuery {
  include: string[];
  exclude: string[];
  or: boolean;
}

export interface PostSearch {
  userId: string;
  /** '' searches every team of the user (and their DMs/GMs); otherwise one team plus DMs/GMs. */
  teamId: string;
  /** Words on the message. Combined with `hashtags` as a union, as Mattermost merges its two searches. */
  text?: TextQuery;
  hashtags?: HashtagQuery;
  /** Channel names (`in:`); DM channels by their `id__id` name. */
  inChannels: string[];
  excludedChannels: string[];
  /** Usernames (`from:`). */
  fromUsers: string[];
  excludedUsers: string[];
  /** Inclusive create_at bounds in epoch ms. */
  since?: number;
  until?: number;
  /** Inclusive [start, end] windows that are excluded (`-on:`). */
  notBetween?: Array<[number, number]>;
  includeDeletedChannels: boolean;
  offset: number;
  limit: number;
}

const TEXT_CONFIG = 'english';
/** SQLite search keys per millisecond of create_at (see keyPostSearchByTime); 2^20 keeps keys in 63 bits until 2248. */
export const SEARCH_KEY_SCALE = 1_048_576;

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Creates the full-text index over posts (migration 0005) and fills it from the rows already there. */
export async function installPostSearchIndex(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create index idx_posts_message_fts on posts using gin (to_tsvector('english', message))`.execute(db);
    await sql`create index idx_posts_hashtags_fts on posts using gin (to_tsvector('english', hashtags))`.execute(db);
    return;
  }
  // Keyed by the implicit rowid here; migration 0008 re-keys it by posts.search_key (keyPostSearchByTime).
  await createPostsFts(db, 'rowid', sql`insert into posts_fts(rowid, message, hashtags) values (new.rowid, new.message, new.hashtags);`);
}

/**
 * SQLite: posts_fts as external content over posts keyed by `key`, its triggers and its contents from the rows there.
 * `onInsert` is the insert trigger's body (it decides the new row's key); delete and update follow `key`.
 */
async function createPostsFts(db: Kysely<any>, key: 'rowid' | 'search_key', onInsert: RawBuilder<unknown>): Promise<void> {
  const k = sql.raw(key);
  await sql`create virtual table posts_fts using fts5(message, hashtags, content='posts', content_rowid=${sql.raw(`'${key}'`)}, tokenize='porter unicode61 remove_diacritics 2')`.execute(
    db,
  );
  await sql`create trigger posts_fts_ai after insert on posts begin
    ${onInsert}
  end`.execute(db);
  await sql`create trigger posts_fts_ad after delete on posts begin
    insert into posts_fts(posts_fts, rowid, message, hashtags) values ('delete', old.${k}, old.message, old.hashtags);
  end`.execute(db);
  await sql`create trigger posts_fts_au after update of message, hashtags on posts begin
    insert into posts_fts(posts_fts, rowid, message, hashtags) values ('delete', old.${k}, old.message, old.hashtags);
    insert into posts_fts(rowid, message, hashtags) values (new.${k}, new.message, new.hashtags);
  end`.execute(db);
  await sql`insert into posts_fts(posts_fts) values ('rebuild')`.execute(db);
}

/**
 * SQLite's search keys (migration 0008): the full-text index is keyed by posts.search_key, create_at × SEARCH_KEY_SCALE
 * plus the post's place among the posts of the same millisecond, so that walking the index from its highest key visits
 * matches newest first whatever order the posts were stored in (imports of old history, bulk loads). A trigger gives
 * every new post its key; the unique index makes keys look-ups and keeps them distinct. PostgreSQL: nothing to do.
 */
export async function keyPostSearchByTime(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) return;
  await dropPostSearchIndex(db);
  await sql`alter table posts add column search_key integer`.execute(db);
  await sql`update posts set search_key = k.key from (
      select rowid as r, create_at * ${sql.lit(SEARCH_KEY_SCALE)} + row_number() over (partition by create_at order by rowid) - 1 as key from posts
    ) as k where posts.rowid = k.r`.execute(db);
  await sql`create unique index idx_posts_search_key on posts (search_key)`.execute(db);
  await createKeyedPostsFts(db);
}

/** SQLite: posts_fts keyed by posts.search_key with its triggers, filled from the posts there. */
async function createKeyedPostsFts(db: Kysely<any>): Promise<void> {
  // The next free key of the post's millisecond: one descent of idx_posts_search_key.
  const scale = sql.lit(SEARCH_KEY_SCALE);
  await createPostsFts(
    db,
    'search_key',
    sql`update posts set search_key = (
      select coalesce(max(search_key) + 1, new.create_at * ${scale}) from posts
      where search_key >= new.create_at * ${scale} and search_key < (new.create_at + 1) * ${scale}
    ) where rowid = new.rowid;
    insert into posts_fts(rowid, message, hashtags) select search_key, message, hashtags from posts where rowid = new.rowid;`,
  );
}

/**
 * For bulk loads (the bench's seeder): drops the full-text index so that rows go in without it, and
 * rebuildPostSearchIndex puts it back as the migrations leave it, filled from every row in one pass. On SQLite the rows
 * loaded in between must carry their own posts.search_key (create_at × SEARCH_KEY_SCALE + their place in that ms).
 */
export async function suspendPostSearchIndex(db: Kysely<any>): Promise<void> {
  await dropPostSearchIndex(db);
}

export async function rebuildPostSearchIndex(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await installPostSearchIndex(db);
    await setPostSearchStatistics(db, POST_SEARCH_STATISTICS);
  } else await createKeyedPostsFts(db);
}

/**
 * PostgreSQL's statistics target for the message index (migration 0019): ANALYZE keeps ten times as many of its most
 * common words, from a sample of 300 times as many rows. The default (100) keeps about 1,000, so whether a word just
 * below them is counted, and how many matches it is thought to have (a third of its real count, or its count), varied
 * with each ANALYZE's sample.
 */
export const POST_SEARCH_STATISTICS = 500;

/** Sets the message index's statistics target (-1: the default); ANALYZE applies it. PostgreSQL only. */
export async function setPostSearchStatistics(db: Kysely<any>, target: number): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`alter index idx_posts_message_fts alter column 1 set statistics ${sql.lit(Math.trunc(target))}`.execute(db);
}

export async function dropPostSearchIndex(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop index if exists idx_posts_message_fts`.execute(db);
    await sql`drop index if exists idx_posts_hashtags_fts`.execute(db);
    return;
  }
  for (const t of ['posts_fts_ai', 'posts_fts_ad', 'posts_fts_au']) await sql`drop trigger if exists ${sql.id(t)}`.execute(db);
  await sql`drop table if exists posts_fts`.execute(db);
}

/** Tokens are letters/digits only (the parser guarantees it), so they need no escaping in either query language. */
function safe(t: SearchTerm): SearchTerm {
  return { tokens: t.tokens.filter((x) => /^[\p{L}\p{N}]+$/u.test(x)), prefix: t.prefix };
}

function ftsTerm(t: SearchTerm): string {
  const phrase = '"' + t.tokens.join(' ') + '"';
  return t.prefix ? phrase + ' *' : phrase;
}

function tsTerm(t: SearchTerm): string {
  const toks = t.tokens.map((x, i) => (t.prefix && i === t.tokens.length - 1 ? x + ':*' : x));
  return toks.length > 1 ? '(' + toks.join(' <-> ') + ')' : toks[0];
}

type Column = 'message' | 'hashtags';

/** FTS5 query text for `terms` on one column, or undefined when no term has a token left. */
function ftsQuery(column: Column, terms: SearchTerm[], any: boolean): string | undefined {
  const ts = terms.map(safe).filter((t) => t.tokens.length);
  return ts.length ? `{${column}} : (${ts.map(ftsTerm).join(any ? ' OR ' : ' AND ')})` : undefined;
}

/** `any`: a match of any term; otherwise all of them. */
function matchExpr(driver: Driver, column: Column, terms: SearchTerm[], any: boolean): Expression<SqlBool> {
  const ts = terms.map(safe).filter((t) => t.tokens.length);
  if (!ts.length) return sql<SqlBool>`1 = 0`;
  if (driver === 'postgres') {
    const q = ts.map(tsTerm).join(any ? ' | ' : ' & ');
    return sql<SqlBool>`to_tsvector(${sql.lit(TEXT_CONFIG)}, posts.${sql.ref(column)}) @@ to_tsquery(${sql.lit(TEXT_CONFIG)}, ${q})`;
  }
  const q = ftsQuery(column, terms, any)!;
  return sql<SqlBool>`posts.search_key in (select rowid from posts_fts where posts_fts match ${q})`;
}

function not(e: Expression<SqlBool>): Expression<SqlBool> {
  return sql<SqlBool>`not (${e})`;
}

function and(es: Expression<SqlBool>[]): Expression<SqlBool> {
  return es.length ? sql<SqlBool>`(${sql.join(es, sql` and `)})` : sql<SqlBool>`1 = 1`;
}

function textCondition(driver: Driver, q: TextQuery): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (q.include.length) parts.push(matchExpr(driver, 'message', q.include, q.or));
  if (q.exclude.length) parts.push(not(matchExpr(driver, 'message', q.exclude, true)));
  return and(parts);
}

/** A hashtag as index tokens: `#foo-bar.baz` → foo bar baz (a phrase). */
function tagTerm(tag: string): SearchTerm {
  return {
    tokens: tag
      .slice(1)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
    prefix: false,
  };
}

/** The index narrows the rows; the exact, case-insensitive tag comparison decides. */
function hasTag(tag: string): Expression<SqlBool> {
  return sql<SqlBool>`(' ' || lower(posts.hashtags) || ' ') like ${'% ' + tag.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + ' %'} escape '\\'`;
}

function hashtagCondition(driver: Driver, q: HashtagQuery): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (q.include.length) {
    parts.push(matchExpr(driver, 'hashtags', q.include.map(tagTerm), q.or));
    parts.push(exactTags(q));
  }
  for (const t of q.exclude) parts.push(not(hasTag(t)));
  return and(parts);
}

function exactTags(q: HashtagQuery): Expression<SqlBool> {
  const exact = q.include.map(hasTag);
  return q.or ? sql<SqlBool>`(${sql.join(exact, sql` or `)})` : and(exact);
}

function hasText(q: PostSearch): boolean {
  return !!q.text && (q.text.include.length > 0 || q.text.exclude.length > 0);
}

function hasTags(q: PostSearch): boolean {
  return !!q.hashtags && (q.hashtags.include.length > 0 || q.hashtags.exclude.length > 0);
}

/** Words or hashtags that a post must contain: only then can results be looked for newest first in a bounded part. */
function hasInclude(q: PostSearch): boolean {
  return !!(q.text?.include.length || q.hashtags?.include.length);
}

/**
 * The full-text index query that every result matches, and the rest of the text condition, when the search has one
 * source of included words (message words, or hashtags, not both): SQLite can then walk that index newest first.
 */
function ftsDriver(q: PostSearch): { match: string; rest: Expression<SqlBool> } | undefined {
  if (hasText(q) && hasTags(q)) return undefined;
  if (q.text?.include.length) {
    const match = ftsQuery('message', q.text.include, q.text.or);
    const rest = q.text.exclude.length ? not(matchExpr('sqlite', 'message', q.text.exclude, true)) : and([]);
    return match ? { match, rest } : undefined;
  }
  if (q.hashtags?.include.length) {
    const match = ftsQuery('hashtags', q.hashtags.include.map(tagTerm), q.hashtags.or);
    const rest = and([exactTags(q.hashtags), ...q.hashtags.exclude.map((t) => not(hasTag(t)))]);
    return match ? { match, rest } : undefined;
  }
  return undefined;
}

/** The least first part of the history a PostgreSQL search looks at, and the part after which it looks at all the rest. */
const FIRST_SPAN_MS = 1_000;
const LAST_SPAN_MS = 45 * 86_400_000;
/**
 * PostgreSQL: how a part of the history is searched. 'index' intersects the full-text index's matches with the part
 * (cost: every match of the words in the index, plus the part's rows in the channel index); 'scan' reads the part's
 * rows and tests their text (cost: the part's rows, each tokenised), which is cheaper for common words in a short part,
 * whose full list of matches in the index would cost more than the part. Common words use 'scan' while a part holds no
 * more than SCAN_ROWS rows (estimated at the table's density); everything else uses 'index'.
 */
type Shape = 'index' | 'scan';
const SCAN_ROWS = 20_000;
/** 'scan' while a part's rows, times this, are fewer than the words' matches (tokenising a row costs about 6 index reads). */
const SCAN_COST = 6;
/**
 * Matches fetched whole through the index cost a table read each; parts cost the index's matches and the part's rows
 * in the channel index (about 1/70 of a table read each): parts pay when est² > PARTS_PAY × want × total posts, and
 * never for fewer than FEW pages' worth of matches.
 */
const PARTS_PAY = 0.05;
const RANGE_ROWS = 70;
const FEW = 4;
/** SQLite: results read past the page, so that a millisecond the page ends in is read whole (see newestByKey). */
const SPARE = 20;

/** See SearchStore.density. */
interface Density {
  est: number;
  rate: number;
  rowsPerMs: number;
}

export class SearchStore {
  /**
   * How a search with included words is run. 'auto' (default) chooses by cost; 'never' scans every match (the plain
   * query); 'always' takes the newest-first path (PostgreSQL: part by part even for rare words, each part through the
   * full-text index); 'scan' (PostgreSQL) part by part, reading each part's rows while parts are short. For tests.
   */
  parts: 'auto' | 'never' | 'always' | 'scan' = 'auto';

  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  /**
   * Live, non-system posts in channels the user is a member of, matching `q`, newest first (then by id, descending).
   *
   * Scanning every match and sorting them costs in proportion to how common a word is, however few posts a page
   * shows. With included words the results are looked for newest first and the search stops once the page is full:
   * on SQLite by walking the full-text index, keyed by time, from its end; on PostgreSQL in parts of the history,
   * [since, before) in create_at, newest part first, when the words are common.
   */
  async searchPosts(q: PostSearch): Promise<Post[]> {
    if (q.limit <= 0) return [];
    if (hasInclude(q)) {
      if (this.driver === 'sqlite') {
        const driver = ftsDriver(q);
        const found = driver && this.parts !== 'never' ? await this.newestByKey(q, driver) : undefined;
        if (found) return found;
      } else if (this.parts === 'always') {
        return this.pageInSlices(q, { est: 0, rate: 0, rowsPerMs: 0 });
      } else if (this.parts === 'scan') {
        return this.pageInSlices(q, { est: Infinity, rate: 0, rowsPerMs: 0 });
      } else if (this.parts === 'auto') {
        const density = await this.density(q);
        if (density) return this.pageInSlices(q, density);
        // Few matches: all of them through the full-text index, then sorted (the planner may not walk the history
        // newest first testing every row's text, hoping for matches early, which is what made rare words slow).
        return this.page(q, q.offset, q.limit, { shape: 'index' });
      }
    }
    return this.page(q, q.offset, q.limit, {});
  }

  /** The channels searched: the user's memberships, narrowed by team, archive state and in:/-in:. */
  private channels(q: PostSearch) {
    let channels = this.db
      .selectFrom('channels as c')
      .innerJoin('channel_members as cm', 'cm.channel_id', 'c.id')
      .select('c.id')
      .where('cm.user_id', '=', q.userId);
    if (!q.includeDeletedChannels) channels = channels.where('c.delete_at', '=', 0);
    if (q.teamId) channels = channels.where((e) => e.or([e('c.team_id', '=', q.teamId), e('c.team_id', '=', '')]));
    if (q.inChannels.length) channels = channels.where('c.name', 'in', q.inChannels);
    if (q.excludedChannels.length) channels = channels.where('c.name', 'not in', q.excludedChannels);
    return channels;
  }

  /** Every condition but the words and hashtags, on `posts`; `channelIds`: the searched channels, when known. */
  private filters(q: PostSearch, channelIds?: string[]): Expression<SqlBool>[] {
    const e = expressionBuilder<DB, 'posts'>();
    const channels = channelIds ? e('posts.channel_id', 'in', channelIds) : e('posts.channel_id', 'in', this.channels(q));
    const out: Expression<SqlBool>[] = [e('posts.delete_at', '=', 0), e('posts.type', 'not like', 'system_%'), channels];
    if (q.fromUsers.length)
      out.push(e('posts.user_id', 'in', this.db.selectFrom('users').select('id').where('username', 'in', q.fromUsers)));
    if (q.excludedUsers.length)
      out.push(e('posts.user_id', 'not in', this.db.selectFrom('users').select('id').where('username', 'in', q.excludedUsers)));
    if (q.since !== undefined) out.push(e('posts.create_at', '>=', q.since));
    if (q.until !== undefined) out.push(e('posts.create_at', '<=', q.until));
    for (const [a, b] of q.notBetween ?? []) out.push(e.or([e('posts.create_at', '<', a), e('posts.create_at', '>', b)]));
    return out;
  }

  /** The words and hashtags condition (a union when both are given), or undefined when the search has none. */
  private textual(q: PostSearch): Expression<SqlBool> | undefined {
    const textual: Expression<SqlBool>[] = [];
    if (q.text && hasText(q)) textual.push(textCondition(this.driver, q.text));
    if (q.hashtags && hasTags(q)) textual.push(hashtagCondition(this.driver, q.hashtags));
    if (textual.length <= 1) return textual[0];
    return sql<SqlBool>`(${sql.join(textual, sql` or `)})`;
  }

  /**
   * Results `offset`.. of `q`, newest first, optionally only those created at `since` or later and before `before`.
   * PostgreSQL with a `shape`: the candidate rows are gathered first (a materialized CTE, which the planner cannot
   * merge into the sort), through the full-text index ('index') or the part's rows ('scan'), so the plan cannot change
   * with the statistics; without one, the planner chooses.
   */
  private async page(
    q: PostSearch,
    offset: number,
    limit: number,
    part: { since?: number; before?: number; channelIds?: string[]; shape?: Shape },
  ): Promise<Post[]> {
    const conds = this.filters(q, part.channelIds);
    const e = expressionBuilder<DB, 'posts'>();
    if (part.since !== undefined) conds.push(e('posts.create_at', '>=', part.since));
    if (part.before !== undefined) conds.push(e('posts.create_at', '<', part.before));
    const text = this.textual(q);
    const scan = part.shape === 'scan' && text;
    if (text && !scan) conds.push(text);
    const rows = part.shape
      ? await this.db
          .with(
            (w) => w('found').materialized(),
            (db) => db.selectFrom('posts').selectAll('posts').where(and(conds)),
          )
          .selectFrom('found as posts')
          .selectAll()
          .where(scan ? text : and([]))
          .orderBy('posts.create_at', 'desc')
          .orderBy('posts.id', 'desc')
          .limit(limit)
          .offset(offset)
          .execute()
      : await this.db
          .selectFrom('posts')
          .selectAll('posts')
          .where(and(conds))
          .orderBy('posts.create_at', 'desc')
          .orderBy('posts.id', 'desc')
          .limit(limit)
          .offset(offset)
          .execute();
    return rows.map(postFromRow);
  }

  /**
   * SQLite: the results straight off the full-text index walked from its highest key, which is newest first (search
   * keys follow create_at, see keyPostSearchByTime); the walk stops once offset + limit results and a few more are
   * found. Within one millisecond keys follow storage order, not id: the rows are re-sorted, and when the page would
   * end inside a millisecond whose posts were not all read (SPARE of them at once), undefined (search everything).
   */
  private async newestByKey(q: PostSearch, driver: { match: string; rest: Expression<SqlBool> }): Promise<Post[] | undefined> {
    const want = q.offset + q.limit;
    const take = want + SPARE;
    const rows = await this.db
      .selectFrom(sql<{ rowid: number }>`posts_fts`.as('posts_fts'))
      // CROSS JOIN: SQLite keeps the index walk outermost.
      .crossJoin('posts')
      .selectAll('posts')
      .where(sql<SqlBool>`posts.search_key = posts_fts.rowid and posts_fts match ${driver.match}`)
      .where(and([...this.filters(q), driver.rest]))
      .orderBy(sql`posts_fts.rowid`, 'desc')
      .limit(take)
      .execute();
    const posts = rows.map(postFromRow);
    posts.sort((a, b) => b.create_at - a.create_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    if (posts.length === take && posts[want - 1]!.create_at === posts[take - 1]!.create_at) return undefined;
    return posts.slice(q.offset, want);
  }

  /**
   * PostgreSQL: when the words have enough matches for parts to pay (see PARTS_PAY), their estimated count (`est`), how
   * many of them a millisecond of history holds on average (`rate`, 0 when unknown) and how many posts it holds
   * (`rowsPerMs`); undefined for fewer matches. Uses the planner's estimate of the matches (from the full-text index's
   * statistics) and the table's size and span.
   */
  private async density(q: PostSearch): Promise<Density | undefined> {
    const text = this.textual(q);
    if (!text) return undefined;
    const want = q.offset + q.limit;
    const plan = await sql<Record<string, unknown>>`explain (format json) select 1 from posts where ${text}`.execute(this.db);
    const raw = plan.rows[0] ? Object.values(plan.rows[0])[0] : undefined;
    const json = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan?: { 'Plan Rows'?: number } }> | undefined;
    const est = Number(json?.[0]?.Plan?.['Plan Rows'] ?? 0);
    if (est <= FEW * want) return undefined;
    const { total, spanMs } = await this.postStats();
    if (!(total > 0 && est * est > PARTS_PAY * want * total)) return undefined;
    return spanMs > 0 ? { est, rate: est / spanMs, rowsPerMs: total / spanMs } : { est, rate: 0, rowsPerMs: Infinity };
  }

  private stats = { at: 0, total: 0, spanMs: 0 };

  /**
   * PostgreSQL's estimates of the posts in the table and of the time their create_at spans (histogram ends), as of
   * its last ANALYZE; read at most once a minute.
   */
  private async postStats(): Promise<{ total: number; spanMs: number }> {
    if (Date.now() - this.stats.at > 60_000) {
      const r = await sql<{ n: number; h: string | null }>`select c.reltuples as n, s.histogram_bounds::text as h
        from pg_class c left join pg_stats s on s.schemaname = current_schema() and s.tablename = 'posts' and s.attname = 'create_at'
        where c.oid = 'posts'::regclass`.execute(this.db);
      const bounds = (r.rows[0]?.h ?? '').replace(/[{}]/g, '').split(',').map(Number).filter(Number.isFinite);
      const spanMs = bounds.length > 1 ? bounds[bounds.length - 1] - bounds[0] : 0;
      this.stats = { at: Date.now(), total: Number(r.rows[0]?.n ?? 0), spanMs };
    }
    return this.stats;
  }

  /**
   * PostgreSQL: looks through consecutive parts of the history, newest first, starting just before the newest post of
   * the searched channels, each part as long as the results found so far suggest (bounded growth), until offset +
   * limit results are found or the whole history was searched. Parts do not overlap, so their results follow on. A
   * part is read row by row ('scan') while it is short and the words are common enough for that to beat the index.
   */
  private async pageInSlices(q: PostSearch, density: Density): Promise<Post[]> {
    const want = q.offset + q.limit;
    const { est, rate, rowsPerMs } = density;
    // The channels as a list of ids: a join would have PostgreSQL repeat the full-text index scan for each channel.
    const channels = await this.channels(q).select('c.last_post_at').execute();
    if (!channels.length) return [];
    const channelIds = channels.map((c) => c.id);
    let top = Math.max(0, ...channels.map((c) => Number(c.last_post_at)));
    if (q.until !== undefined) top = Math.min(top, q.until);
    const found: Post[] = [];
    let before: number | undefined;
    // Long enough for the page at the table's average density of matches (the searched channels may hold fewer).
    let span = rate > 0 ? Math.ceil(Math.min(Math.max((1.5 * want) / rate, FIRST_SPAN_MS), LAST_SPAN_MS)) : FIRST_SPAN_MS;
    for (;;) {
      // A part that would read more posts of the channel index than RANGE_ROWS times the words' matches costs more
      // than all the matches (after a quiet spell, say): then the rest is searched at once.
      const last = span > LAST_SPAN_MS || (q.since !== undefined && top - span <= q.since) || span * rowsPerMs > RANGE_ROWS * est;
      const since = last ? undefined : top - span;
      const rows = span * rowsPerMs;
      const shape: Shape = !last && rows <= SCAN_ROWS && rows * SCAN_COST < est ? 'scan' : 'index';
      found.push(...(await this.page(q, 0, want - found.length, { since, before, channelIds, shape })));
      if (found.length >= want || last) break;
      before = since;
      // Enough more to find the rest at the density seen so far, with half again to spare; 4 times as much if none.
      const more = found.length ? (1.5 * (want - found.length) * span) / found.length : 3 * span;
      span = Math.ceil(span + Math.min(Math.max(more, span / 2), 63 * span));
    }
    return found.slice(q.offset, q.offset + q.limit);
  }
}
