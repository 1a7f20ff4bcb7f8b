// Full-text post search: one interface over FTS5 (SQLite, external-content table kept by triggers) and tsvector
// (PostgreSQL, GIN expression indexes). The only file besides dialect.ts that knows which full-text engine is underneath.
import { sql, PostgresAdapter, type Expression, type Kysely, type SqlBool } from 'kysely';
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
  // posts keeps its implicit rowid as the FTS key. VACUUM may renumber rowids of a table without an INTEGER PRIMARY KEY;
  // after a VACUUM run `insert into posts_fts(posts_fts) values('rebuild')`.
  await sql`create virtual table posts_fts using fts5(message, hashtags, content='posts', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
  await sql`create trigger posts_fts_ai after insert on posts begin
    insert into posts_fts(rowid, message, hashtags) values (new.rowid, new.message, new.hashtags);
  end`.execute(db);
  await sql`create trigger posts_fts_ad after delete on posts begin
    insert into posts_fts(posts_fts, rowid, message, hashtags) values ('delete', old.rowid, old.message, old.hashtags);
  end`.execute(db);
  await sql`create trigger posts_fts_au after update of message, hashtags on posts begin
    insert into posts_fts(posts_fts, rowid, message, hashtags) values ('delete', old.rowid, old.message, old.hashtags);
    insert into posts_fts(rowid, message, hashtags) values (new.rowid, new.message, new.hashtags);
  end`.execute(db);
  await sql`insert into posts_fts(posts_fts) values ('rebuild')`.execute(db);
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

/** `any`: a match of any term; otherwise all of them. */
function matchExpr(driver: Driver, column: Column, terms: SearchTerm[], any: boolean): Expression<SqlBool> {
  const ts = terms.map(safe).filter((t) => t.tokens.length);
  if (!ts.length) return sql<SqlBool>`1 = 0`;
  if (driver === 'postgres') {
    const q = ts.map(tsTerm).join(any ? ' | ' : ' & ');
    return sql<SqlBool>`to_tsvector(${sql.lit(TEXT_CONFIG)}, posts.${sql.ref(column)}) @@ to_tsquery(${sql.lit(TEXT_CONFIG)}, ${q})`;
  }
  const q = `{${column}} : (${ts.map(ftsTerm).join(any ? ' OR ' : ' AND ')})`;
  return sql<SqlBool>`posts.rowid in (select rowid from posts_fts where posts_fts match ${q})`;
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
  return { tokens: tag.slice(1).split(/[^\p{L}\p{N}]+/u).filter(Boolean), prefix: false };
}

/** The index narrows the rows; the exact, case-insensitive tag comparison decides. */
function hasTag(tag: string): Expression<SqlBool> {
  return sql<SqlBool>`(' ' || lower(posts.hashtags) || ' ') like ${'% ' + tag.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c) + ' %'} escape '\\'`;
}

function hashtagCondition(driver: Driver, q: HashtagQuery): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (q.include.length) {
    parts.push(matchExpr(driver, 'hashtags', q.include.map(tagTerm), q.or));
    const exact = q.include.map(hasTag);
    parts.push(q.or ? sql<SqlBool>`(${sql.join(exact, sql` or `)})` : and(exact));
  }
  for (const t of q.exclude) parts.push(not(hasTag(t)));
  return and(parts);
}

export class SearchStore {
  constructor(private db: Kysely<DB>, private driver: Driver) {}

  /** Live, non-system posts in channels the user is a member of, matching `q`, newest first. */
  async searchPosts(q: PostSearch): Promise<Post[]> {
    const conds: Expression<SqlBool>[] = [];
    const textual: Expression<SqlBool>[] = [];
    if (q.text && (q.text.include.length || q.text.exclude.length)) textual.push(textCondition(this.driver, q.text));
    if (q.hashtags && (q.hashtags.include.length || q.hashtags.exclude.length)) textual.push(hashtagCondition(this.driver, q.hashtags));
    if (textual.length === 1) conds.push(textual[0]);
    else if (textual.length > 1) conds.push(sql<SqlBool>`(${sql.join(textual, sql` or `)})`);

    let channels = this.db
      .selectFrom('channels as c')
      .innerJoin('channel_members as cm', 'cm.channel_id', 'c.id')
      .select('c.id')
      .where('cm.user_id', '=', q.userId);
    if (!q.includeDeletedChannels) channels = channels.where('c.delete_at', '=', 0);
    if (q.teamId) channels = channels.where((e) => e.or([e('c.team_id', '=', q.teamId), e('c.team_id', '=', '')]));
    if (q.inChannels.length) channels = channels.where('c.name', 'in', q.inChannels);
    if (q.excludedChannels.length) channels = channels.where('c.name', 'not in', q.excludedChannels);

    let query = this.db
      .selectFrom('posts')
      .selectAll('posts')
      .where('posts.delete_at', '=', 0)
      .where('posts.type', 'not like', 'system_%')
      .where('posts.channel_id', 'in', channels);
    if (q.fromUsers.length) query = query.where('posts.user_id', 'in', this.db.selectFrom('users').select('id').where('username', 'in', q.fromUsers));
    if (q.excludedUsers.length)
      query = query.where('posts.user_id', 'not in', this.db.selectFrom('users').select('id').where('username', 'in', q.excludedUsers));
    if (q.since !== undefined) query = query.where('posts.create_at', '>=', q.since);
    if (q.until !== undefined) query = query.where('posts.create_at', '<=', q.until);
    for (const [a, b] of q.notBetween ?? []) query = query.where((e) => e.or([e('posts.create_at', '<', a), e('posts.create_at', '>', b)]));
    for (const c of conds) query = query.where(c);
    const rows = await query.orderBy('posts.create_at', 'desc').orderBy('posts.id', 'desc').limit(q.limit).offset(q.offset).execute();
    return rows.map(postFromRow);
  }
}
