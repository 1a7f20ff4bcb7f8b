// Runs a Slack import: zip → ImportPlan → one store transaction (files streamed to the file store first), events after commit.
import { AppError, appError } from '../../model/app-error.ts';
import { newId } from '../../model/id.ts';
import type { Channel, Post, Team, UserWithSecrets } from '../../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../../model/ws-events.ts';
import type { Store } from '../../store/store.ts';
import type { AppContext } from '../../app/context.ts';
import { insertTeamMember } from '../../app/teams.ts';
import { blankChannel } from '../../app/channels.ts';
import { blankUser } from '../../app/users.ts';
import { fileBackend } from '../../app/files/backend.ts';
import { mimeTypeFor } from '../../app/files/files.ts';
import { readSlackExport, type SlackExport } from './parse.ts';
import {
  buildImportPlan,
  channelNamesToCheck,
  importResponseBody,
  type ImportPlan,
  type PlannedChannel,
  type PlannedPost,
} from './mapper.ts';

const BOT_PREFIX = 'slackimportuser_';
const POST_SLICE = 1000;

export interface SlackImportOptions {
  team: Team;
  /** Path of the uploaded zip on local disk; read in place, never loaded whole. */
  zipPath: string;
  /** Whether a system admin runs it: only then are Slack users merged into accounts with the same e-mail. */
  isAdminImport: boolean;
}

export interface SlackImportResult {
  /** The 200 body: `{"results": base64(log)}`. */
  body: { results: string };
  plan: ImportPlan;
  /** Posts not written because the same (channel, author, time, message) already existed (a repeated import). */
  skippedPosts: number;
}

/**
 * Imports a Slack export into `team`, all or nothing. Refusals (not a zip, undecodable entry, malformed JSON) and any
 * failure while writing are 400 AppErrors, and the database is left as it was (files already copied are removed).
 * Repeating an import adds nothing: users merge by e-mail (admin imports), channels by name, the import bot is reused,
 * and posts already present with the same channel, author, time and message are skipped.
 */
export async function runSlackImport(ctx: AppContext, opts: SlackImportOptions): Promise<SlackImportResult> {
  const loaded = await readSlackExport(opts.zipPath);
  try {
    const exp = loaded.export;
    const bad = exp.warnings.find((w) => w.startsWith('Slack Import: unable to parse '));
    if (bad) {
      const filename = bad.slice('Slack Import: unable to parse '.length).split(':')[0];
      throw appError('api.slackimport.slack_import.json.app_error', 'SlackImport', {
        params: { Filename: filename },
        detailed: bad,
      });
    }
    for (const w of exp.warnings) ctx.log.warn({ team_id: opts.team.id }, w);
    const plan = await planImport(ctx, exp, opts);
    const { events, skippedPosts } = await applyPlan(ctx, opts.team, exp, plan);
    publishAfterCommit(ctx, plan, events);
    return { body: importResponseBody(plan.log), plan, skippedPosts };
  } catch (err) {
    if (err instanceof AppError)
      throw new AppError(err.where, err.id, 400, { params: err.params, detailed: err.detailed, message: err.message });
    ctx.log.error({ err, team_id: opts.team.id }, 'Slack import failed');
    throw appError('api.slackimport.slack_import.failed.app_error', 'SlackImport', {
      detailed: String((err as Error)?.message ?? err),
    });
  } finally {
    loaded.close();
  }
}

/** Looks up what the mapper must know (existing e-mails, usernames, colliding channel names) and plans. */
async function planImport(ctx: AppContext, exp: SlackExport, opts: SlackImportOptions): Promise<ImportPlan> {
  const imports = ctx.store.imports;
  const emails = [...new Set(exp.users.map((u) => (u.email || `${u.name}@example.com`).toLowerCase()))];
  const usersByEmail = await imports.usersByEmail(emails);
  const usernames = await imports.usernames();
  const channelsByName = await imports.channelsByName(opts.team.id, channelNamesToCheck(exp, { usersByEmail }));
  const cfg = ctx.config();
  const plan = buildImportPlan(
    exp,
    { usersByEmail, usernames, channelsByName },
    {
      teamId: opts.team.id,
      now: Date.now(),
      newId,
      isAdminImport: opts.isAdminImport,
      maxFileSize: cfg.FileSettings.MaxFileSize,
    },
  );
  await reuseImportBot(ctx, plan);
  return plan;
}

/** A repeated import keeps its bot posts recognisable: the earlier (deactivated) import bot authors them again. */
async function reuseImportBot(ctx: AppContext, plan: ImportPlan): Promise<void> {
  const existing = await ctx.store.imports.firstImportBotId(BOT_PREFIX);
  if (!existing) return;
  const planned = plan.bot_user_id;
  plan.users = plan.users.filter((u) => u.id !== planned);
  plan.team_joins = plan.team_joins.map((id) => (id === planned ? existing : id));
  plan.deactivate_user_ids = plan.deactivate_user_ids.filter((id) => id !== planned);
  for (const p of plan.posts) if (p.user_id === planned) p.user_id = existing;
  for (const f of plan.files) if (f.creator_id === planned) f.creator_id = existing;
  plan.bot_user_id = existing;
}

function userRow(u: ImportPlan['users'][number]): UserWithSecrets {
  const { id, create_at, update_at, username, email, email_verified, nickname, first_name, last_name, roles, locale } = u;
  return blankUser({ id, create_at, update_at, username, email, email_verified, nickname, first_name, last_name, roles, locale });
}

/** A planned channel as a new Channel with zero counters (recounted once the posts are in). */
function newChannel({ existing: _e, slack_id: _s, ...c }: PlannedChannel): Channel {
  return blankChannel(c);
}

/** A planned post as a Post: never edited, deleted or pinned, no replies counted yet. */
function newPost(p: PlannedPost): Post {
  const blank = { original_id: '', hashtags: '', pending_post_id: '', reply_count: 0, last_reply_at: 0, participants: null, metadata: {} };
  return { ...p, ...blank, update_at: p.create_at, edit_at: 0, delete_at: 0, is_pinned: false };
}

const postKey = (channelId: string, userId: string, createAt: number, message: string) =>
  `${channelId}\u0000${userId}\u0000${createAt}\u0000${message}`;

/**
 * Drops planned posts that already exist in channels the import merges into; replies to a dropped root are re-pointed
 * to the existing root. Returns the posts to write.
 */
async function dedupPosts(s: Store, plan: ImportPlan): Promise<{ posts: PlannedPost[]; skipped: Set<string> }> {
  const merged = new Set(plan.channels.filter((c) => c.existing).map((c) => c.id));
  const byChannel = new Map<string, { min: number; max: number }>();
  for (const p of plan.posts) {
    if (!merged.has(p.channel_id)) continue;
    const r = byChannel.get(p.channel_id);
    if (!r) byChannel.set(p.channel_id, { min: p.create_at, max: p.create_at });
    else {
      r.min = Math.min(r.min, p.create_at);
      r.max = Math.max(r.max, p.create_at);
    }
  }
  const existing = new Map<string, string>();
  for (const [channelId, range] of byChannel) {
    for (const r of await s.imports.livePostsBetween(channelId, range.min, range.max))
      existing.set(postKey(channelId, r.user_id, r.create_at, r.message), r.id);
  }
  const skipped = new Set<string>();
  if (!existing.size) return { posts: plan.posts, skipped };
  const replaced = new Map<string, string>();
  const posts: PlannedPost[] = [];
  for (const p of plan.posts) {
    const rootId = replaced.get(p.root_id) ?? p.root_id;
    const found = existing.get(postKey(p.channel_id, p.user_id, p.create_at, p.message));
    if (found) {
      replaced.set(p.id, found);
      skipped.add(p.id);
      continue;
    }
    posts.push(rootId === p.root_id ? p : { ...p, root_id: rootId });
  }
  return { posts, skipped };
}

function datePrefix(at: number): string {
  const d = new Date(at);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Writes every row of the plan in one transaction; returns the events to publish after commit. */
async function applyPlan(
  ctx: AppContext,
  team: Team,
  exp: SlackExport,
  plan: ImportPlan,
): Promise<{ events: WsEvent[]; skippedPosts: number }> {
  const be = fileBackend(ctx.config());
  const written: string[] = [];
  const events: WsEvent[] = [];
  let skippedPosts = 0;
  const now = Date.now();
  try {
    await ctx.store.tx(async (t) => {
      for (const u of plan.users) await t.users.save(userRow(u));

      for (const userId of plan.team_joins) {
        const user = await t.users.get(userId);
        if (!user) continue;
        try {
          events.push(...(await insertTeamMember(ctx, t, team, user)).events);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          plan.warnings.push(`Slack Import: ${user.username} could not join the team: ${err.id}`);
        }
      }

      const newChannels = plan.channels.filter((c) => !c.existing);
      for (const c of newChannels) await t.channels.save(newChannel(c));

      const typeOf = new Map(plan.channels.map((c) => [c.id, c]));
      for (const a of await t.imports.addChannelMembers(plan.channel_members, now)) {
        const c = typeOf.get(a.channel_id);
        if (c && (c.type === 'O' || c.type === 'P'))
          events.push(wsEvent(WsEvents.UserAdded, { user_id: a.user_id, team_id: c.team_id }, { channelId: a.channel_id }));
      }
      for (const c of newChannels) {
        const members = plan.channel_members.filter((m) => m.channel_id === c.id).map((m) => m.user_id);
        if (c.type === 'D') {
          const other = members.find((m) => m !== c.creator_id) ?? c.creator_id;
          events.push(wsEvent(WsEvents.DirectAdded, { creator_id: c.creator_id, teammate_id: other }, { channelId: c.id }));
        } else if (c.type === 'G') {
          for (const m of members)
            events.push(wsEvent(WsEvents.GroupAdded, { teammate_ids: JSON.stringify(members) }, { channelId: c.id, userId: m }));
        }
      }
      if (plan.preferences.length) await t.preferences.save(plan.preferences);

      const { posts, skipped } = await dedupPosts(t, plan);
      skippedPosts = skipped.size;
      // Converted a slice at a time: 100k Post objects alive at once would add ~20 MB to the peak.
      for (let i = 0; i < posts.length; i += POST_SLICE) await t.posts.saveMany(posts.slice(i, i + POST_SLICE).map(newPost));

      const files = plan.files.filter((f) => !skipped.has(f.post_id));
      for (const f of files) {
        const upload = exp.uploads.get(f.slack_file_id);
        if (!upload) continue;
        const key = `${datePrefix(f.create_at)}/teams/${team.id}/channels/${f.channel_id}/users/${f.creator_id}/${f.id}/${f.name}`;
        written.push(key);
        const size = await be.put(key, await upload.open(), ctx.config().FileSettings.MaxFileSize);
        await t.files.save({
          id: f.id,
          user_id: f.creator_id,
          post_id: f.post_id,
          channel_id: f.channel_id,
          create_at: f.create_at,
          update_at: f.create_at,
          delete_at: 0,
          name: f.name,
          extension: f.extension,
          size,
          mime_type: mimeTypeFor(f.extension),
          width: 0,
          height: 0,
          has_preview_image: false,
          remote_id: '',
          archived: false,
          path: key,
          thumbnail_path: '',
          preview_path: '',
        });
      }

      await t.imports.recountReplies([...new Set(posts.filter((p) => p.root_id).map((p) => p.root_id))]);
      await t.imports.recountChannels([...new Set(posts.map((p) => p.channel_id))]);
      await t.imports.deactivateUsers(plan.deactivate_user_ids, now);
    });
  } catch (err) {
    for (const key of written) await be.remove(key).catch(() => undefined);
    throw err;
  }
  return { events, skippedPosts };
}

function publishAfterCommit(ctx: AppContext, plan: ImportPlan, events: WsEvent[]): void {
  ctx.events.invalidate('team', plan.team_id);
  for (const id of new Set(plan.channels.map((c) => c.id))) ctx.events.invalidate('channel', id);
  for (const id of plan.deactivate_user_ids) ctx.events.invalidate('user', id);
  for (const e of events) {
    if (e.broadcast.channel_id) ctx.events.invalidate('channel', e.broadcast.channel_id);
  }
  for (const e of events) ctx.events.publish(e);
  for (const w of plan.warnings) ctx.log.warn({ team_id: plan.team_id }, w);
}
