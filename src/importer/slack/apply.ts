// Runs a Slack import: a worker thread plans it (plan-worker.ts), then the posts and files of the channels it creates
// are written ahead in short transactions (invisible: their channels do not exist yet), and one last transaction
// writes everything else (users, channels, members, posts into merged channels); events are published after commit.
// A failure before that commit deletes the rows written ahead; a crash leaves them to the start-up sweep (staging.ts).
import fs from 'node:fs';
import readline from 'node:readline';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError, appError } from '../../model/app-error.ts';
import type { Channel, Post, Team, UserWithSecrets } from '../../model/types.ts';
import type { StoredFileInfo } from '../../model/files.ts';
import { wsEvent, WsEvents, type WsEvent } from '../../model/ws-events.ts';
import type { Store } from '../../store/store.ts';
import type { AppContext } from '../../app/context.ts';
import { insertNewTeamMembers, insertTeamMember } from '../../app/teams.ts';
import { blankChannel } from '../../app/channels.ts';
import { storedPost } from '../../app/posts.ts';
import { blankUser } from '../../app/users.ts';
import { fileBackend } from '../../app/files/backend.ts';
import { mimeTypeFor } from '../../app/files/files.ts';
import { channelNamesToCheck, importResponseBody, type PlannedChannel, type PlannedChannelMember, type PlannedPost } from './mapper.ts';
import type { SlackChannel, SlackUser } from './parse.ts';
import { SLACK_JSON_MAX_BYTES } from './zip.ts';
import { planInWorker, type PlannedImport } from './plan-worker.ts';
import type { ImportStaging } from './staging.ts';
import { SkipSummary, withSkipSummary } from './summary.ts';
import type { ExistingReply, PlanBatch, PlanHead } from './worker-protocol.ts';

const BOT_PREFIX = 'slackimportuser_';

export interface SlackImportOptions {
  team: Team;
  /** Where the import keeps its upload (`staging.zipPath`), its plan and the journal of files it wrote. */
  staging: ImportStaging;
  /** Whether a system admin runs it: only then are Slack users merged into accounts with the same e-mail. */
  isAdminImport: boolean;
  /** Abandons the import (server shutdown): the worker stops, the transaction rolls back. */
  signal: AbortSignal;
}

export interface SlackImportResult {
  /** The 200 body: `{"results": base64(log)}`. */
  body: { results: string };
  /** Posts not written because the same (channel, author, time, message) already existed (a repeated import). */
  skippedPosts: number;
  /** What the export held that was not imported, by kind (also summarised in the log). */
  skipped: SkipSummary;
}

/**
 * Imports a Slack export into `team`, all or nothing. Refusals (not a zip, over the limits, undecodable entry,
 * malformed JSON) and any failure while planning or writing are 400 AppErrors, and the database is left as it was;
 * the files written meanwhile are listed in the staging journal for the caller to remove. Repeating an import adds
 * nothing: users merge by e-mail (admin imports), channels by name, the import bot is reused, and posts already
 * present with the same channel, author, time and message are skipped.
 */
export async function runSlackImport(ctx: AppContext, opts: SlackImportOptions): Promise<SlackImportResult> {
  const cfg = ctx.config();
  const s = cfg.ImportSettings;
  try {
    const planned = await planInWorker(
      {
        zipPath: opts.staging.zipPath,
        planPath: opts.staging.planPath,
        journalPath: opts.staging.journalPath,
        filesRoot: cfg.FileSettings.Directory,
        limits: {
          maxJsonBytes: SLACK_JSON_MAX_BYTES,
          maxDecompressedBytes: s.ParleyMaxDecompressedBytes,
          maxCompressionRatio: s.ParleyMaxCompressionRatio,
          maxEntries: s.ParleyMaxEntries,
        },
        plan: { teamId: opts.team.id, now: Date.now(), isAdminImport: opts.isAdminImport, maxFileSize: cfg.FileSettings.MaxFileSize },
      },
      { maxMemoryMb: s.ParleyWorkerMaxMemoryMegabytes, signal: opts.signal, lookup: (lists) => lookupExisting(ctx, opts.team, lists) },
    );
    const skipped = new SkipSummary();
    skipped.merge(planned.skipped);
    const newChannelIds = planned.head.channels.filter((c) => !c.existing).map((c) => c.id);
    let written: Awaited<ReturnType<typeof writePlan>>;
    try {
      written = await writePlan(ctx, opts, planned, skipped);
    } catch (err) {
      await discardRowsAhead(ctx.store, newChannelIds).catch((e: unknown) =>
        ctx.log.error(
          { err: e, team_id: opts.team.id },
          'Slack import: removing the rows written ahead failed (the next start sweeps them)',
        ),
      );
      throw err;
    }
    const { events, skippedPosts } = written;
    await publishAfterCommit(ctx, planned.head, events);
    if (skipped.total) ctx.log.warn({ team_id: opts.team.id, skipped: skipped.counts }, 'Slack import: items not imported');
    return { body: importResponseBody(withSkipSummary(planned.head.log, skipped)), skippedPosts, skipped };
  } catch (err) {
    if (err instanceof AppError)
      throw new AppError(err.where, err.id, 400, { params: err.params, detailed: err.detailed, message: err.message });
    ctx.log.error({ err, team_id: opts.team.id }, 'Slack import failed');
    throw appError('api.slackimport.slack_import.failed.app_error', 'SlackImport', {
      detailed: String((err as Error)?.message ?? err),
    });
  }
}

/** What the mapper must know: existing e-mails, usernames, colliding channel names, an earlier import's bot. */
async function lookupExisting(
  ctx: AppContext,
  team: Team,
  lists: { users: SlackUser[]; channels: SlackChannel[] },
): Promise<ExistingReply> {
  const imports = ctx.store.imports;
  const emails = [...new Set(lists.users.map((u) => (u.email || `${u.name}@example.com`).toLowerCase()))];
  const usersByEmail = await imports.usersByEmail(emails);
  const usernames = await imports.usernames();
  const channelsByName = await imports.channelsByName(team.id, channelNamesToCheck(lists, { usersByEmail }));
  const importBotId = await imports.firstImportBotId(BOT_PREFIX);
  return { type: 'existing', existing: { usersByEmail, usernames, channelsByName }, importBotId };
}

function userRow(u: PlanHead['users'][number]): UserWithSecrets {
  const { id, create_at, update_at, username, email, email_verified, nickname, first_name, last_name, roles, locale } = u;
  return blankUser({ id, create_at, update_at, username, email, email_verified, nickname, first_name, last_name, roles, locale });
}

/** A planned channel as a new Channel, with the counters of the posts written ahead into it (none: zero). */
function newChannel({ existing: _e, slack_id: _s, ...c }: PlannedChannel, counters: ChannelCounters | undefined): Channel {
  const ch = blankChannel(c);
  if (!counters?.total_msg_count) return ch;
  const { total_msg_count, total_msg_count_root, last_post_at, last_root_post_at } = counters;
  return { ...ch, total_msg_count, total_msg_count_root, last_post_at, last_root_post_at: last_root_post_at || ch.last_root_post_at };
}

/** A planned post as a Post: never edited, deleted or pinned, no replies counted yet. */
function newPost(p: PlannedPost): Post {
  return storedPost(p);
}

/**
 * Hands the event loop back to other requests every few milliseconds of writing. On SQLite the driver answers
 * synchronously, so awaiting a query alone never lets another request in; on PostgreSQL it costs nothing.
 */
class Pacer {
  private last = performance.now();
  constructor(private readonly sliceMs = 10) {}

  async breathe(): Promise<void> {
    if (performance.now() - this.last < this.sliceMs) return;
    await nextTurn();
    this.last = performance.now();
  }
}

/** Posts per insert between two chances for other requests (the store inserts 200 rows a statement). */
const POST_SLICE = 200;
const MEMBER_SLICE = 500;

async function* readBatches(planPath: string): AsyncGenerator<PlanBatch> {
  const lines = readline.createInterface({ input: fs.createReadStream(planPath), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as PlanBatch;
}

/** Writes the plan's users, team joins, channels, members and preferences; returns the events they make. */
async function writeHead(
  ctx: AppContext,
  t: Store,
  w: {
    team: Team;
    head: PlanHead;
    now: number;
    skipped: SkipSummary;
    pacer: Pacer;
    counters: Map<string, ChannelCounters>;
    /** The new channels' memberships, written ahead. */
    membersAhead: PlannedChannelMember[];
  },
): Promise<WsEvent[]> {
  const { team, head, now, skipped, pacer, counters } = w;
  const events: WsEvent[] = [];
  const created = head.users.map(userRow);
  await t.users.saveMany(created);
  const createdIds = new Set(created.map((u) => u.id));
  // The accounts made here join in bulk; merged (existing) ones one by one, as any other join.
  const joins = new Set(head.team_joins);
  const joined = await insertNewTeamMembers(
    ctx,
    t,
    team,
    created.filter((u) => joins.has(u.id)),
  );
  events.push(...joined.events);
  for (const r of joined.refused) skipped.add('team_join_failed', r.id);
  for (const userId of head.team_joins) {
    if (createdIds.has(userId)) continue;
    await pacer.breathe();
    const user = await t.users.get(userId);
    if (!user) continue;
    try {
      events.push(...(await insertTeamMember(ctx, t, team, user)).events);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      skipped.add('team_join_failed', err.id);
    }
  }
  const newChannels = head.channels.filter((c) => !c.existing);
  for (const c of newChannels) {
    await t.channels.save(newChannel(c, counters.get(c.id)));
    await pacer.breathe();
  }
  const typeOf = new Map(head.channels.map((c) => [c.id, c]));
  const userAdded = (added: readonly PlannedChannelMember[]) => {
    for (const a of added) {
      const c = typeOf.get(a.channel_id);
      if (c && (c.type === 'O' || c.type === 'P'))
        events.push(wsEvent(WsEvents.UserAdded, { user_id: a.user_id, team_id: c.team_id }, { channelId: a.channel_id }));
    }
  };
  userAdded(w.membersAhead);
  const mergedMembers = head.channel_members.filter((m) => typeOf.get(m.channel_id)?.existing);
  for (let i = 0; i < mergedMembers.length; i += MEMBER_SLICE) {
    userAdded(await t.imports.addChannelMembers(mergedMembers.slice(i, i + MEMBER_SLICE), now));
    await pacer.breathe();
  }
  const membersOf = new Map<string, string[]>();
  for (const m of head.channel_members) {
    const list = membersOf.get(m.channel_id);
    if (list) list.push(m.user_id);
    else membersOf.set(m.channel_id, [m.user_id]);
  }
  for (const c of newChannels) {
    const members = membersOf.get(c.id) ?? [];
    if (c.type === 'D') {
      const other = members.find((m) => m !== c.creator_id) ?? c.creator_id;
      events.push(wsEvent(WsEvents.DirectAdded, { creator_id: c.creator_id, teammate_id: other }, { channelId: c.id }));
    } else if (c.type === 'G') {
      for (const m of members)
        events.push(wsEvent(WsEvents.GroupAdded, { teammate_ids: JSON.stringify(members) }, { channelId: c.id, userId: m }));
    }
  }
  if (head.preferences.length) await t.preferences.save(head.preferences);
  return events;
}

const postKey = (channelId: string, userId: string, createAt: number, message: string) =>
  `${channelId}\u0000${userId}\u0000${createAt}\u0000${message}`;

/**
 * Skips the posts of a batch that already exist in channels the import merges into (a repeated import); replies to a
 * skipped root are re-pointed to the existing root, across batches. Posts this import wrote do not count as existing.
 */
class PostDedup {
  private readonly merged: Set<string>;
  /** Ids this import wrote into merged channels. */
  private readonly ours = new Set<string>();
  /** Skipped root → the existing post it duplicates. */
  private readonly replaced = new Map<string, string>();

  constructor(head: PlanHead) {
    this.merged = new Set(head.channels.filter((c) => c.existing).map((c) => c.id));
  }

  async filter(s: Store, batch: PlannedPost[]): Promise<{ posts: PlannedPost[]; skipped: Set<string> }> {
    const ranges = new Map<string, { min: number; max: number }>();
    for (const p of batch) {
      if (!this.merged.has(p.channel_id)) continue;
      const r = ranges.get(p.channel_id);
      if (!r) ranges.set(p.channel_id, { min: p.create_at, max: p.create_at });
      else [r.min, r.max] = [Math.min(r.min, p.create_at), Math.max(r.max, p.create_at)];
    }
    const existing = new Map<string, string>();
    for (const [channelId, range] of ranges)
      for (const r of await s.imports.livePostsBetween(channelId, range.min, range.max))
        if (!this.ours.has(r.id)) existing.set(postKey(channelId, r.user_id, r.create_at, r.message), r.id);
    const skipped = new Set<string>();
    const posts: PlannedPost[] = [];
    for (const p of batch) {
      const rootId = this.replaced.get(p.root_id) ?? p.root_id;
      const found = existing.size ? existing.get(postKey(p.channel_id, p.user_id, p.create_at, p.message)) : undefined;
      if (found) {
        if (!p.root_id) this.replaced.set(p.id, found);
        skipped.add(p.id);
        continue;
      }
      if (this.merged.has(p.channel_id)) this.ours.add(p.id);
      posts.push(rootId === p.root_id ? p : { ...p, root_id: rootId });
    }
    return { posts, skipped };
  }
}

/**
 * Writes the plan: the new channels' posts and files ahead (writeAhead), then the rest in one transaction, the posts
 * into merged channels a batch at a time; returns the events to publish after commit.
 */
async function writePlan(
  ctx: AppContext,
  opts: SlackImportOptions,
  planned: PlannedImport,
  skipped: SkipSummary,
): Promise<{ events: WsEvent[]; skippedPosts: number }> {
  const { head } = planned;
  const be = fileBackend(ctx.config());
  const now = Date.now();
  const newIds = new Set(head.channels.filter((c) => !c.existing).map((c) => c.id));
  opts.staging.recordChannels([...newIds]);
  const mergedPath = opts.staging.planPath + '.merged';
  const started = performance.now();
  const membersAhead: PlannedChannelMember[] = [];
  await writeSlices(
    ctx.store,
    opts.signal,
    head.channel_members.filter((m) => newIds.has(m.channel_id)),
    async (t, rows) => void membersAhead.push(...(await t.imports.addChannelMembers(rows, now))),
  );
  const counters = await writeAhead(ctx.store, opts, newIds, mergedPath);
  const aheadMs = Math.round(performance.now() - started);
  let skippedPosts = 0;
  const events = await ctx.store.tx(async (t) => {
    const pacer = new Pacer();
    const headStarted = performance.now();
    const events = await writeHead(ctx, t, { team: opts.team, head, now, skipped, pacer, counters, membersAhead });
    ctx.log.info(
      { team_id: opts.team.id, ahead_ms: aheadMs, head_ms: Math.round(performance.now() - headStarted) },
      'Slack import: writing',
    );
    const dedup = new PostDedup(head);
    const roots = new Set<string>();
    const channels = new Set<string>();
    for await (const batch of readBatches(mergedPath)) {
      opts.signal.throwIfAborted();
      const { posts, skipped: dropped } = await dedup.filter(t, batch.posts);
      skippedPosts += dropped.size;
      for (let i = 0; i < posts.length; i += POST_SLICE) {
        await t.posts.saveMany(posts.slice(i, i + POST_SLICE).map(newPost));
        await pacer.breathe();
      }
      for (const p of posts) {
        channels.add(p.channel_id);
        if (p.root_id) roots.add(p.root_id);
      }
      for (const f of batch.files) {
        if (dropped.has(f.post_id)) await be.remove(f.key);
        else await t.files.save(fileRow(f));
      }
      await pacer.breathe();
    }
    opts.signal.throwIfAborted();
    const rootIds = [...roots];
    for (let i = 0; i < rootIds.length; i += MEMBER_SLICE) {
      await t.imports.recountReplies(rootIds.slice(i, i + MEMBER_SLICE));
      await pacer.breathe();
    }
    for (const channelId of channels) {
      await t.imports.recountChannels([channelId]);
      await pacer.breathe();
    }
    await t.imports.deactivateUsers(head.deactivate_user_ids, now);
    return events;
  });
  return { events, skippedPosts };
}

type PlannedFileRow = PlanBatch['files'][number];

function fileRow(f: PlannedFileRow): StoredFileInfo {
  return {
    id: f.id,
    user_id: f.creator_id,
    post_id: f.post_id,
    channel_id: f.channel_id,
    create_at: f.create_at,
    update_at: f.create_at,
    delete_at: 0,
    name: f.name,
    extension: f.extension,
    size: f.size,
    mime_type: mimeTypeFor(f.extension),
    width: 0,
    height: 0,
    has_preview_image: false,
    remote_id: '',
    archived: false,
    path: f.key,
    thumbnail_path: '',
    preview_path: '',
  };
}

/**
 * How long one write-ahead transaction runs before it commits and lets other requests at the database (on SQLite
 * they wait for it: one connection). Long enough that the commit is a small part of it, short enough for their p99.
 */
const AHEAD_SLICE_MS = 20;
/** Rows per statement in a write-ahead slice. */
const AHEAD_ROWS = 200;

type ChannelCounters = Awaited<ReturnType<Store['imports']['channelCounters']>>;

/**
 * Writes the posts and files of the channels this import creates (`newIds`) in short transactions, a channel at a
 * time; when a channel's posts are in, its roots' reply counts and its own counters (for its row, written at commit).
 * Posts into merged channels are spooled to `mergedPath` for the final transaction. Holds one channel's roots at most.
 */
async function writeAhead(
  store: Store,
  opts: SlackImportOptions,
  newIds: ReadonlySet<string>,
  mergedPath: string,
): Promise<Map<string, ChannelCounters>> {
  const counters = new Map<string, ChannelCounters>();
  const merged = fs.openSync(mergedPath, 'w');
  let current = '';
  let roots = new Set<string>();
  const finishChannel = async () => {
    if (!current) return;
    const ids = [...roots];
    for (let i = 0; i < ids.length; i += MEMBER_SLICE) {
      await store.imports.recountReplies(ids.slice(i, i + MEMBER_SLICE));
      await nextTurn();
    }
    counters.set(current, await store.imports.channelCounters(current));
    roots = new Set();
  };
  try {
    for await (const batch of readBatches(opts.staging.planPath)) {
      opts.signal.throwIfAborted();
      const ahead: PlanBatch = { posts: [], files: [] };
      const later: PlanBatch = { posts: [], files: [] };
      for (const p of batch.posts) (newIds.has(p.channel_id) ? ahead : later).posts.push(p);
      for (const f of batch.files) (newIds.has(f.channel_id) ? ahead : later).files.push(f);
      if (later.posts.length || later.files.length) fs.writeSync(merged, JSON.stringify(later) + '\n');
      for (const p of ahead.posts) {
        if (p.channel_id !== current) {
          await finishChannel();
          current = p.channel_id;
        }
        if (p.root_id) roots.add(p.root_id);
      }
      await writeSlices(store, opts.signal, ahead.posts, (t, rows) => t.posts.saveMany(rows.map(newPost)));
      await writeSlices(store, opts.signal, ahead.files, async (t, rows) => {
        for (const f of rows) await t.files.save(fileRow(f));
      });
    }
    await finishChannel();
  } finally {
    fs.closeSync(merged);
  }
  return counters;
}

/** Writes `items` AHEAD_ROWS at a time, in transactions of about AHEAD_SLICE_MS, yielding to other requests between. */
async function writeSlices<T>(store: Store, signal: AbortSignal, items: T[], write: (t: Store, rows: T[]) => Promise<void>): Promise<void> {
  let i = 0;
  while (i < items.length) {
    signal.throwIfAborted();
    await store.tx(async (t) => {
      const start = performance.now();
      do {
        await write(t, items.slice(i, i + AHEAD_ROWS));
        i += AHEAD_ROWS;
      } while (i < items.length && performance.now() - start < AHEAD_SLICE_MS);
    });
    await nextTurn();
  }
}

/**
 * Deletes what an import that did not commit wrote ahead: the memberships, posts and files in those of `channelIds` that have no
 * channel row, a few thousand rows a transaction. Used when the import fails and by the start-up sweep.
 */
export async function discardRowsAhead(store: Store, channelIds: readonly string[]): Promise<void> {
  const existing = await store.imports.existingChannelIds(channelIds);
  const orphaned = channelIds.filter((id) => !existing.has(id));
  for (let i = 0; i < orphaned.length; i += MEMBER_SLICE) {
    const ids = orphaned.slice(i, i + MEMBER_SLICE);
    while ((await store.tx((t) => t.imports.discardChannelRows(ids, 2000))) > 0) await nextTurn();
  }
}

/** Invalidations, then the events (thousands for a large team: members × channels), a slice at a time. */
async function publishAfterCommit(ctx: AppContext, head: PlanHead, events: WsEvent[]): Promise<void> {
  ctx.events.invalidate('team', head.team_id);
  const channels = new Set(head.channels.map((c) => c.id));
  for (const e of events) if (e.broadcast.channel_id) channels.add(e.broadcast.channel_id);
  for (const id of channels) ctx.events.invalidate('channel', id);
  for (const id of head.deactivate_user_ids) ctx.events.invalidate('user', id);
  const pacer = new Pacer();
  for (const e of events) {
    ctx.events.publish(e);
    await pacer.breathe();
  }
}
