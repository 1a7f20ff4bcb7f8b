// Post search: Mattermost's query syntax (words, "phrases", -exclusions, word*, #hashtags, from:/in:/on:/before:/after:)
// parsed into a store query over the channels the user is a member of.
import { postForClient } from '../model/post.ts';
import { Permissions } from '../model/roles.ts';
import type { Post, PostList } from '../model/types.ts';
import type { HashtagQuery, PostSearch, SearchTerm, TextQuery } from '../store/sql/search.ts';
import type { Actor } from './actor.ts';
import { addPermalinkEmbeds } from './link-metadata/permalinks.ts';
import { requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { directChannelName } from './channels.ts';
import { fillPostMetadata } from './files/files.ts';

/** Mattermost's PostSearchResults: a PostList plus `matches` (only search engines fill it) and the cloud limit marker. */
export interface PostSearchResults extends PostList {
  matches: Record<string, string[]> | null;
  first_inaccessible_post_time: number;
}

export interface ParsedSearch {
  text: TextQuery;
  hashtags: HashtagQuery;
  inChannels: string[];
  excludedChannels: string[];
  fromUsers: string[];
  excludedUsers: string[];
  onDate: string;
  excludedDate: string;
  afterDate: string;
  excludedAfterDate: string;
  beforeDate: string;
  excludedBeforeDate: string;
}

const FLAGS = ['from', 'channel', 'in', 'before', 'after', 'on', 'ext'];
const HASHTAG = /^#\p{L}[\p{L}\p{N}\-_.]*[\p{L}\p{N}]$/u;

/** Splits on whitespace, keeping "quoted phrases" (with a leading `-`) as one word. */
function splitWords(text: string): string[] {
  const out: string[] = [];
  const re = /-?"[^"]*"|\S+/g;
  for (const m of text.matchAll(re)) out.push(m[0]);
  return out;
}

function tokens(s: string): string[] {
  return s
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((t) => t.toLowerCase());
}

/** Parses a search box string. Empty pieces are dropped; unknown `x:` words are searched as text. */
export function parseSearchTerms(input: string, isOrSearch: boolean): ParsedSearch {
  const p: ParsedSearch = {
    text: { include: [], exclude: [], or: isOrSearch },
    hashtags: { include: [], exclude: [], or: isOrSearch },
    inChannels: [],
    excludedChannels: [],
    fromUsers: [],
    excludedUsers: [],
    onDate: '',
    excludedDate: '',
    afterDate: '',
    excludedAfterDate: '',
    beforeDate: '',
    excludedBeforeDate: '',
  };
  const words = splitWords(input.trim());
  for (let i = 0; i < words.length; i++) {
    let word = words[i];
    const exclude = word.startsWith('-');
    const colon = word.indexOf(':');
    if (colon > 0 && !word.includes('"')) {
      const name = word.slice(exclude ? 1 : 0, colon).toLowerCase();
      if (FLAGS.includes(name)) {
        let value = word.slice(colon + 1);
        if (!value && i + 1 < words.length) value = words[++i];
        if (value) {
          addFlag(p, name, value, exclude);
          continue;
        }
      }
    }
    if (word.startsWith('-"') || word.startsWith('"')) {
      const phrase = tokens(word.replace(/^-/, ''));
      if (phrase.length) (exclude ? p.text.exclude : p.text.include).push({ tokens: phrase, prefix: false });
      continue;
    }
    word = word
      .replace(/^[^\p{L}\p{N}\s#"]+/u, '')
      .replace(/[^\p{L}\p{N}\s*"]+$/u, '')
      .replace(/^#{2,}/, '#');
    if (!word) continue;
    if (HASHTAG.test(word)) {
      (exclude ? p.hashtags.exclude : p.hashtags.include).push(word.toLowerCase());
      continue;
    }
    const prefix = word.endsWith('*');
    const toks = tokens(word);
    if (toks.length) (exclude ? p.text.exclude : p.text.include).push({ tokens: toks, prefix } satisfies SearchTerm);
  }
  return p;
}

function addFlag(p: ParsedSearch, name: string, raw: string, exclude: boolean): void {
  const value = raw.toLowerCase();
  if (name === 'in' || name === 'channel') (exclude ? p.excludedChannels : p.inChannels).push(value);
  else if (name === 'from') (exclude ? p.excludedUsers : p.fromUsers).push(value.replace(/^@/, ''));
  else if (name === 'on') p[exclude ? 'excludedDate' : 'onDate'] = value;
  else if (name === 'after') p[exclude ? 'excludedAfterDate' : 'afterDate'] = value;
  else if (name === 'before') p[exclude ? 'excludedBeforeDate' : 'beforeDate'] = value;
  // ext: applies to file search only.
}

/** Start of the given YYYY-MM-DD (day offset `addDays`) in a zone `offsetSeconds` east of UTC, epoch ms; undefined if invalid. */
export function startOfDay(date: string, offsetSeconds: number, addDays = 0): number | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(date);
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays);
  return Number.isNaN(utc) ? undefined : utc - offsetSeconds * 1000;
}

const DAY = 86_400_000;

/** The date bounds of a parsed search, as Mattermost computes them: after: is from the next day, before: to the day before. */
export function dateBounds(p: ParsedSearch, offsetSeconds: number): Pick<PostSearch, 'since' | 'until' | 'notBetween'> {
  const out: Pick<PostSearch, 'since' | 'until' | 'notBetween'> = {};
  const on = p.onDate ? startOfDay(p.onDate, offsetSeconds) : undefined;
  if (on !== undefined) {
    out.since = on;
    out.until = on + DAY - 1;
    return out;
  }
  const lower: number[] = [];
  const upper: number[] = [];
  const after = p.afterDate && startOfDay(p.afterDate, offsetSeconds, 1);
  if (typeof after === 'number') lower.push(after);
  const before = p.beforeDate && startOfDay(p.beforeDate, offsetSeconds);
  if (typeof before === 'number') upper.push(before - 1);
  const exAfter = p.excludedAfterDate && startOfDay(p.excludedAfterDate, offsetSeconds, 1);
  if (typeof exAfter === 'number') upper.push(exAfter - 1);
  const exBefore = p.excludedBeforeDate && startOfDay(p.excludedBeforeDate, offsetSeconds);
  if (typeof exBefore === 'number') lower.push(exBefore);
  const exOn = p.excludedDate && startOfDay(p.excludedDate, offsetSeconds);
  if (typeof exOn === 'number') out.notBetween = [[exOn, exOn + DAY - 1]];
  if (lower.length) out.since = Math.max(...lower);
  if (upper.length) out.until = Math.min(...upper);
  return out;
}

function isEmpty(p: ParsedSearch): boolean {
  return (
    !p.text.include.length &&
    !p.text.exclude.length &&
    !p.hashtags.include.length &&
    !p.hashtags.exclude.length &&
    !p.inChannels.length &&
    !p.excludedChannels.length &&
    !p.fromUsers.length &&
    !p.excludedUsers.length &&
    !p.onDate &&
    !p.afterDate &&
    !p.beforeDate &&
    !p.excludedDate &&
    !p.excludedAfterDate &&
    !p.excludedBeforeDate
  );
}

/** `in:@username` means the DM with that user; other names are channel names. */
async function channelNames(ctx: AppContext, userId: string, names: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const n of names) {
    if (n.startsWith('@')) {
      const other = await ctx.store.users.getByUsername(n.slice(1));
      out.push(other ? directChannelName(userId, other.id) : n);
    } else out.push(n);
  }
  return out;
}

export interface SearchRequest {
  terms: string;
  isOrSearch: boolean;
  timeZoneOffset: number;
  includeDeletedChannels: boolean;
  page: number;
  perPage: number;
}

/** Searches the posts of the channels `userId` is a member of, in `teamId` (plus DMs/GMs) or in all teams when ''. */
export async function searchPostsForUser(ctx: AppContext, userId: string, teamId: string, r: SearchRequest): Promise<PostSearchResults> {
  const parsed = parseSearchTerms(r.terms, r.isOrSearch);
  if (isEmpty(parsed) || r.perPage <= 0) return results([], false);
  const q: PostSearch = {
    userId,
    teamId,
    text: parsed.text,
    hashtags: parsed.hashtags,
    inChannels: await channelNames(ctx, userId, parsed.inChannels),
    excludedChannels: await channelNames(ctx, userId, parsed.excludedChannels),
    fromUsers: parsed.fromUsers,
    excludedUsers: parsed.excludedUsers,
    ...dateBounds(parsed, r.timeZoneOffset),
    includeDeletedChannels: r.includeDeletedChannels,
    offset: r.page * r.perPage,
    limit: r.perPage + 1,
  };
  const found: Post[] = await ctx.store.search.searchPosts(q);
  return results(await fillPostMetadata(ctx, found.slice(0, r.perPage)), found.length > r.perPage);
}

/** Mattermost's SearchParameter body, as validated by the route. */
export interface SearchParameter {
  terms: string;
  is_or_search?: boolean | null;
  time_zone_offset?: number | null;
  page?: number | null;
  per_page?: number | null;
  include_deleted_channels?: boolean | null;
}

function searchRequest(ctx: AppContext, p: SearchParameter): SearchRequest {
  return {
    terms: p.terms,
    isOrSearch: p.is_or_search ?? false,
    timeZoneOffset: p.time_zone_offset ?? 0,
    // Archived channels are searchable only where the server lets users view them.
    includeDeletedChannels: (p.include_deleted_channels ?? false) && ctx.config().TeamSettings.ExperimentalViewArchivedChannels,
    page: p.page ?? 0,
    perPage: p.per_page ?? 60,
  };
}

/** POST /teams/{team_id}/posts/search: the actor's channels of the team (with view_team), DMs and GMs included. */
export async function searchPostsInTeam(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  params: SearchParameter,
): Promise<PostSearchResults> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'searchPostsInTeam');
  return withPermalinks(ctx, actor, await searchPostsForUser(ctx, actor.userId, teamId, searchRequest(ctx, params)));
}

/** Found posts linking to a post the actor may read carry its permalink embed. */
async function withPermalinks(ctx: AppContext, actor: Actor, r: PostSearchResults): Promise<PostSearchResults> {
  await addPermalinkEmbeds(ctx, actor, Object.values(r.posts));
  return r;
}

/** POST /posts/search: the actor's channels in every team. */
export async function searchPostsInAllTeams(ctx: AppContext, actor: Actor, params: SearchParameter): Promise<PostSearchResults> {
  return withPermalinks(ctx, actor, await searchPostsForUser(ctx, actor.userId, '', searchRequest(ctx, params)));
}

/** Unlike a channel's PostList, search results hold only the posts found (no roots of listed replies). */
function results(posts: Post[], hasNext: boolean): PostSearchResults {
  return {
    order: posts.map((p) => p.id),
    posts: Object.fromEntries(posts.map((p) => [p.id, postForClient(p)])),
    matches: null,
    next_post_id: '',
    prev_post_id: '',
    has_next: hasNext,
    first_inaccessible_post_time: 0,
  };
}
