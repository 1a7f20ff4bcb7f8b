// The notification queue: the after-post step writes one job per post (a row in notification_jobs) and wakes the
// worker; the worker (on every node) claims due jobs with one atomic update per round, sorts a post's recipients
// into what is sent now and what waits (e-mail batching, quiet hours: one row per user and kind, sent later as one
// digest), and sends the immediate e-mails and pushes straight from the claimed post job, in user-id order, with a
// cursor (`payload.done`) written every FLUSH_MS. A node that dies holding claims loses nothing: claims expire and
// another node (or the restarted one) resumes after the cursor, so at most the sends of one flush window repeat.
import type { Locale } from '../../i18n/locales.ts';
import { plural } from '../../i18n/server.ts';
import { newId } from '../../model/id.ts';
import type { Channel, ChannelMember, Post, Session, UserWithSecrets } from '../../model/types.ts';
import type { JobProgress, NewNotificationJob, NotificationJob } from '../../store/sql/notifications.ts';
import type { AppContext } from '../context.ts';
import { registerAfterPost } from '../after-post.ts';
import { getStatuses } from '../status.ts';
import { mentionedNames } from '../mentions.ts';
import { displayName, pushChannelName, pushMessage } from './content.ts';
import { channelTeam, sendDigestEmail, sendPostEmail, type EmailItem, type EmailPreload } from './email.ts';
import { pushEnabled, pushSessions, pushSessionsOf, sendPushToSessions, type PushNotification } from './push.ts';
import { eventLoopBackoff, type Backoff } from './backoff.ts';
import { parseQuietHours, QUIET_HOURS_CATEGORY, QUIET_HOURS_NAME, quietUntil, userTimeZone } from './quiet-hours.ts';
import { crtOn, fromWebhook, isExplicit, isSystemPost, shouldEmail, shouldPush, shouldPushFollower, type MentionKind } from './rules.ts';
import { afterPostNotices, maybeAutoRespond } from './notices.ts';
import { recipientLocale } from '../user-locale.ts';

/** Jobs read and claimed per round; jobs other than posts run this many at once. */
const CLAIM_BATCH = 50;
const CONCURRENCY = 8;
/** Recipients of immediate post notifications served at once (each an e-mail and/or a push). */
const SEND_CONCURRENCY = 16;
/** How often a round writes its post jobs' cursors (and renews their claims); bounds what a crash resends. */
const FLUSH_MS = 500;
/** User ids per query when reading for many recipients. */
const READ_CHUNK = 500;
/** Mattermost's `email_interval` values: immediately, and the default batching interval (seconds). */
const EMAIL_INTERVAL_IMMEDIATE = '30';
const EMAIL_INTERVAL_DEFAULT = 900;

interface Worker {
  nudge(): void;
}
const workers = new WeakMap<AppContext, Worker>();

/** Wakes this node's worker (jobs just written); other nodes find them at their next poll. */
export function nudgeNotifications(ctx: AppContext): void {
  workers.get(ctx)?.nudge();
}

/** Registers the after-post step and starts the worker; returns its stop (awaits the round in progress). */
export function startNotifications(ctx: AppContext): () => Promise<void> {
  registerAfterPost(ctx, (post, channel, info) => enqueuePost(ctx, post, channel, info.mentions));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const backoff = eventLoopBackoff(() => ctx.store.notifications.ping());
  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref?.();
  };
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain(ctx, backoff, () => stopped)
      .catch((err: unknown) => ctx.log.error({ err }, 'notification queue round failed'))
      .finally(() => {
        running = undefined;
        const now = again;
        again = false;
        schedule(now ? 0 : Math.max(50, ctx.config().EmailSettings.ParleyNotificationPollMilliseconds));
      });
  };
  workers.set(ctx, { nudge: () => schedule(0) });
  schedule(0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    workers.delete(ctx);
    await running;
    backoff.stop();
  };
}

/** How long "does this channel have a push-all member" is trusted (a bound on staleness, as Caches' channels). */
const PUSH_ALL_TTL_MS = 10_000;
const pushAllCache = new WeakMap<AppContext, Map<string, { at: number; p: Promise<boolean> }>>();

/** Forgets the channel's push-all answer (its members' notify props changed). */
export function forgetPushAll(ctx: AppContext, channelId: string): void {
  pushAllCache.get(ctx)?.delete(channelId);
}

function channelHasPushAll(ctx: AppContext, channelId: string): Promise<boolean> {
  let m = pushAllCache.get(ctx);
  if (!m) pushAllCache.set(ctx, (m = new Map()));
  const e = m.get(channelId);
  if (e && Date.now() - e.at < PUSH_ALL_TTL_MS) return e.p;
  if (m.size >= 20_000) m.clear();
  const p = ctx.store.notifications.hasPushAllMember(channelId);
  m.set(channelId, { at: Date.now(), p });
  p.catch(() => m.delete(channelId));
  return p;
}

/**
 * Whether a post may notify anyone: a DM or GM, a reply (followers, commenters), a mention, a forced or webhook
 * post, or a channel where someone takes pushes for all activity. The common root post that mentions no one costs
 * no queue write.
 */
async function mayNotify(ctx: AppContext, post: Post, channel: Channel, mentions: string[]): Promise<boolean> {
  if (channel.type === 'D' || channel.type === 'G' || post.root_id || mentions.length) return true;
  if (post.props?.force_notification || fromWebhook(post)) return true;
  if (isSystemPost(post)) return false;
  return pushEnabled(ctx.config()) && channelHasPushAll(ctx, channel.id);
}

/** The after-post step: notices to the sender now, and one queued job for everything that may reach others. */
async function enqueuePost(ctx: AppContext, post: Post, channel: Channel, mentions: string[]): Promise<void> {
  if (post.type === 'system_ephemeral') return;
  await afterPostNotices(ctx, post, channel);
  const cfg = ctx.config();
  if (!cfg.EmailSettings.SendEmailNotifications && !pushEnabled(cfg) && channel.type !== 'D') return;
  if (!(await mayNotify(ctx, post, channel, mentions))) return;
  const now = Date.now();
  await ctx.store.notifications.enqueue([
    {
      id: newId(),
      kind: 'post',
      user_id: '',
      post_id: post.id,
      channel_id: channel.id,
      batch: '',
      payload: { mentions },
      create_at: now,
      due_at: now,
    },
  ]);
  nudgeNotifications(ctx);
}

/** One round after another: claim and run due jobs until none are left (or the worker stops). */
async function drain(ctx: AppContext, backoff: Backoff, stopped: () => boolean): Promise<void> {
  for (;;) {
    if (stopped()) return;
    await backoff.step();
    const now = Date.now();
    const expired = now - ctx.config().EmailSettings.ParleyNotificationClaimTimeoutMilliseconds;
    const due = await backoff.timed(() => ctx.store.notifications.due(now, expired, CLAIM_BATCH));
    if (!due.length) return;
    // Jobs sent alone are claimed in one statement for the round; a batch (digest, quiet hours) per user and kind.
    const token = newId();
    const claimed = await ctx.store.notifications.claimMany(
      due.filter((j) => !j.batch).map((j) => j.id),
      token,
      Date.now(),
      expired,
    );
    const posts = claimed.filter((j) => j.kind === 'post');
    const others = claimed.filter((j) => j.kind !== 'post').map((j) => ({ token, jobs: [j] }));
    const groups = new Set<string>();
    for (const job of due) {
      if (!job.batch) continue;
      const key = `${job.user_id}/${job.kind}/${job.batch}`;
      if (groups.has(key)) continue;
      groups.add(key);
      const t = newId();
      const taken = await ctx.store.notifications.claimBatch(job.user_id, job.kind, job.batch, t, Date.now(), expired);
      if (taken.length) others.push({ token: t, jobs: taken });
    }
    await runOthers(ctx, backoff, stopped, others);
    if (posts.length) await runPostJobs(ctx, backoff, stopped, token, posts);
    if (due.length < CLAIM_BATCH) return;
  }
}

/** Runs claimed e-mail, push, clear and badge jobs a few at a time. */
async function runOthers(
  ctx: AppContext,
  backoff: Backoff,
  stopped: () => boolean,
  claims: Array<{ token: string; jobs: NotificationJob[] }>,
): Promise<void> {
  const tasks = new Set<Promise<void>>();
  for (const c of claims) {
    // What is not started keeps its claim; it expires and the jobs run again (here or on another node).
    if (stopped()) break;
    while (tasks.size >= CONCURRENCY) await Promise.race(tasks);
    await backoff.step();
    const p: Promise<void> = runClaimed(ctx, c.token, c.jobs).finally(() => tasks.delete(p));
    tasks.add(p);
  }
  await Promise.all(tasks);
}

/** Runs jobs `token` holds (one kind); on failure gives them back for a later try (with backoff), dropping them after the last. */
async function runClaimed(ctx: AppContext, token: string, jobs: NotificationJob[]): Promise<void> {
  const ids = jobs.map((j) => j.id);
  try {
    const first = jobs[0];
    if (first.kind === 'email') await runEmail(ctx, jobs);
    else if (first.kind === 'push') await runPush(ctx, jobs);
    else if (first.kind === 'clear' || first.kind === 'update_badge') await runClear(ctx, first);
    await ctx.store.notifications.complete(token, ids);
  } catch (err) {
    await giveBack(ctx, token, jobs, err);
  }
}

async function giveBack(ctx: AppContext, token: string, jobs: NotificationJob[], err: unknown): Promise<void> {
  const attempts = Math.max(...jobs.map((j) => j.attempts));
  const s = ctx.config().EmailSettings;
  const dropped = await ctx.store.notifications.retry(
    token,
    Date.now() + retryDelay(attempts),
    s.ParleyNotificationMaxAttempts,
    jobs.map((j) => j.id),
  );
  ctx.log.warn({ err: (err as Error).message, kind: jobs[0].kind, post_id: jobs[0].post_id, dropped }, 'notification failed; will retry');
}

function retryDelay(attempts: number): number {
  return Math.min(60_000, 1000 * 2 ** attempts);
}

/** One recipient's immediate notifications of a post. */
interface Send {
  user: UserWithSecrets;
  email?: NewNotificationJob;
  push?: NewNotificationJob;
}

/** What the sends of one post read once for all its recipients. */
interface SendData {
  item: Omit<EmailItem, 'follower'>;
  team?: { name: string; display: string };
  military: Map<string, boolean>;
  badges: Map<string, number>;
  sessions: Map<string, Session[]>;
  /** GM: display names of every member (a recipient's push names the others). */
  gmMembers: Array<{ id: string; name: string }>;
}

/** A claimed post job being sent: its recipients in user-id order and how far the sends got. */
interface PostRun {
  job: NotificationJob;
  sends: Send[];
  data?: SendData;
  finished: boolean[];
  /** Sends [0, done) have all finished. */
  done: number;
  /** Retry rows for failed sends, with the index of the send that failed. */
  failed: Array<{ at: number; row: NewNotificationJob }>;
  /** The claim was lost (expired and taken by another node): send nothing more. */
  lost: boolean;
  /** The cursor last written. */
  written: number;
}

/**
 * The claimed post jobs of a round: each sorted into what waits (written once, with the first cursor, in one
 * transaction for the round) and what is sent now (from here, SEND_CONCURRENCY at a time, the cursors written every
 * FLUSH_MS); finished jobs are deleted together at the end.
 */
async function runPostJobs(
  ctx: AppContext,
  backoff: Backoff,
  stopped: () => boolean,
  token: string,
  jobs: NotificationJob[],
): Promise<void> {
  const runs: PostRun[] = [];
  const waiting: NewNotificationJob[] = [];
  for (const job of jobs) {
    if (stopped()) break;
    await backoff.step();
    try {
      const plan = await planPost(ctx, backoff, job);
      waiting.push(...plan.waiting);
      runs.push({ job, sends: plan.sends, data: plan.data, finished: [], done: 0, failed: [], lost: false, written: -1 });
    } catch (err) {
      await giveBack(ctx, token, [job], err);
    }
  }
  await ctx.store.tx(async (t) => {
    await t.notifications.enqueue(waiting);
    await t.notifications.complete(
      token,
      runs.filter((r) => !r.sends.length).map((r) => r.job.id),
    );
    await writeCursors(
      t.notifications,
      token,
      runs.filter((r) => r.sends.length),
    );
  });
  if (waiting.length) nudgeNotifications(ctx);
  const active = runs.filter((r) => r.sends.length && !r.lost);
  const inFlight = new Set<Promise<void>>();
  let flushed = Date.now();
  for (const run of active) {
    for (let i = 0; i < run.sends.length && !run.lost && !stopped(); i++) {
      while (inFlight.size >= SEND_CONCURRENCY) await Promise.race(inFlight);
      await backoff.step();
      const p: Promise<void> = sendTo(ctx, run, i).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (Date.now() - flushed >= FLUSH_MS) {
        await ctx.store.tx((t) => writeCursors(t.notifications, token, active));
        flushed = Date.now();
      }
    }
  }
  await Promise.all(inFlight);
  const complete = active.filter((r) => !r.lost && r.done === r.sends.length);
  const unfinished = active.filter((r) => !r.lost && r.done < r.sends.length);
  await ctx.store.tx(async (t) => {
    await t.notifications.enqueue(complete.flatMap((r) => r.failed.map((f) => f.row)));
    await t.notifications.complete(
      token,
      complete.map((r) => r.job.id),
    );
    // Stopped midway: the cursor is written and the claim let go, so the next start resumes at once.
    await writeCursors(t.notifications, token, unfinished, true);
  });
}

/** Writes the cursors (and the retry rows of the sends before them) of runs that moved; marks runs whose claim was lost. */
async function writeCursors(store: AppContext['store']['notifications'], token: string, runs: PostRun[], release = false): Promise<void> {
  const moved = runs.filter((r) => !r.lost && (r.done !== r.written || release));
  if (!moved.length) return;
  const updates: JobProgress[] = moved.map((r) => ({
    id: r.job.id,
    payload: { ...r.job.payload, expanded: true, done: r.done ? r.sends[r.done - 1].user.id : (r.job.payload.done ?? '') },
  }));
  const held = await store.progress(token, updates, Date.now(), release);
  const rows: NewNotificationJob[] = [];
  for (const r of moved) {
    if (!held.has(r.job.id)) {
      r.lost = true;
      continue;
    }
    r.written = r.done;
    rows.push(...r.failed.filter((f) => f.at < r.done).map((f) => f.row));
    r.failed = r.failed.filter((f) => f.at >= r.done);
  }
  await store.enqueue(rows);
}

/** Sends one recipient's e-mail and push of a post; a failed one becomes a row of its own, retried later. */
async function sendTo(ctx: AppContext, run: PostRun, i: number): Promise<void> {
  const s = run.sends[i];
  const data = run.data!;
  const fail = (row: NewNotificationJob, err: unknown) => {
    run.failed.push({ at: i, row: { ...row, id: newId(), attempts: 1, due_at: Date.now() + retryDelay(0) } });
    ctx.log.warn({ err: (err as Error).message, kind: row.kind, post_id: row.post_id }, 'notification failed; will retry');
  };
  const tasks: Array<Promise<void>> = [];
  if (s.email) {
    const row = s.email;
    const pre: EmailPreload = { team: data.team, military: data.military.get(s.user.id) ?? false };
    tasks.push(
      sendPostEmail(ctx, s.user, { ...data.item, follower: row.payload.follower === true }, pre).catch((err: unknown) => fail(row, err)),
    );
  }
  if (s.push) {
    const row = s.push;
    tasks.push(sendImmediatePush(ctx, s.user, row, data).catch((err: unknown) => fail(row, err)));
  }
  await Promise.all(tasks);
  run.finished[i] = true;
  while (run.done < run.sends.length && run.finished[run.done]) run.done++;
}

async function sendImmediatePush(ctx: AppContext, recipient: UserWithSecrets, row: NewNotificationJob, data: SendData): Promise<void> {
  if (!pushEnabled(ctx.config())) return;
  const sessions = data.sessions.get(recipient.id);
  if (!sessions?.length) return;
  const item = { ...data.item, follower: false };
  const gmNames = data.gmMembers.filter((m) => m.id !== recipient.id).map((m) => m.name);
  const extras = { badge: data.badges.get(recipient.id) ?? 0, gmNames };
  const kind = (row.payload.kind as MentionKind) ?? 'post';
  const n = messagePush(ctx, recipient, item, kind, row.payload.crt === true, recipientLocale(ctx, recipient), extras);
  await sendPushToSessions(ctx, sessions, n);
}

/** A post job's recipients: what waits (only on the first expansion) and the sends after its cursor, in user-id order. */
async function planPost(
  ctx: AppContext,
  backoff: Backoff,
  job: NotificationJob,
): Promise<{ waiting: NewNotificationJob[]; sends: Send[]; data?: SendData }> {
  const none = { waiting: [], sends: [] };
  const post = await backoff.timed(() => ctx.store.posts.get(job.post_id));
  const channel = post && (await ctx.store.channels.get(post.channel_id));
  if (!post || !channel || channel.delete_at) return none;
  const expanded = job.payload.expanded === true;
  if (channel.type === 'D' && !expanded) await maybeAutoRespond(ctx, post, channel);
  const { jobs, users } = await notificationJobs(ctx, post, channel, (job.payload.mentions as string[] | undefined) ?? []);
  const waiting = expanded ? [] : jobs.filter((j) => j.batch);
  const done = typeof job.payload.done === 'string' ? job.payload.done : '';
  const byUser = new Map<string, Send>();
  for (const j of jobs) {
    if (j.batch || j.user_id <= done) continue;
    const user = users.get(j.user_id);
    if (!user) continue;
    let s = byUser.get(j.user_id);
    if (!s) byUser.set(j.user_id, (s = { user }));
    if (j.kind === 'email') s.email = j;
    else s.push = j;
  }
  const sends = [...byUser.values()].sort((a, b) => (a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0));
  if (!sends.length) return { waiting, sends };
  return { waiting, sends, data: await sendData(ctx, post, channel, sends, users) };
}

function chunked<T>(list: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}

/** Reads what the sends of a post need, for all its recipients in a few queries. */
async function sendData(
  ctx: AppContext,
  post: Post,
  channel: Channel,
  sends: Send[],
  users: Map<string, UserWithSecrets>,
): Promise<SendData> {
  const cfg = ctx.config();
  const setting = cfg.ServiceSettings.CollapsedThreads;
  const mailTo = sends.filter((s) => s.email).map((s) => s.user.id);
  const pushTo = sends.filter((s) => s.push).map((s) => s.user.id);
  const military = new Map<string, boolean>();
  const sessions = new Map<string, Session[]>();
  const crt = new Map<string, boolean>();
  for (const ids of chunked(mailTo, READ_CHUNK))
    for (const [id, p] of await ctx.store.notifications.preferencesOf(ids, [MILITARY_PREF]))
      military.set(id, p.get(MILITARY_PREF) === 'true');
  for (const ids of chunked(pushTo, READ_CHUNK)) {
    const found = await pushSessionsOf(ctx, ids);
    for (const [id, list] of found) sessions.set(id, list);
    const withDevice = ids.filter((id) => found.has(id));
    const prefs =
      setting === 'always_on' || setting === 'disabled' ? undefined : await ctx.store.notifications.preferencesOf(withDevice, [CRT_PREF]);
    for (const id of withDevice) crt.set(id, crtOn(setting, prefs?.get(id)?.get(CRT_PREF)));
  }
  const badges = crt.size ? await ctx.store.notifications.badges(crt) : new Map<string, number>();
  const sender = users.get(post.user_id) ?? (await ctx.store.users.get(post.user_id));
  const gmMembers =
    channel.type === 'G'
      ? [...users.values()]
          .map((u) => ({ id: u.id, name: displayName(cfg, u) }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      : [];
  return { item: { post, channel, sender }, team: await channelTeam(ctx, channel), military, badges, sessions, gmMembers };
}

interface Recipient {
  user: UserWithSecrets;
  member: ChannelMember;
  status: string;
  kind?: MentionKind;
  follower: boolean;
  crt: boolean;
}

async function pref(ctx: AppContext, userId: string, category: string, name: string): Promise<string | undefined> {
  return (await ctx.store.preferences.list(userId, category, name))[0]?.value;
}

/** Mention kind of each notified user: DM, keyword/@name, channel-wide, comment (non-CRT repliers), GM member. */
async function recipientsOf(
  ctx: AppContext,
  post: Post,
  channel: Channel,
  mentions: string[],
): Promise<{ recipients: Recipient[]; users: Map<string, UserWithSecrets> }> {
  const cfg = ctx.config();
  // Every member row, deactivated users too (countMembers counts only active ones); those are skipped below.
  const count = (await ctx.store.channels.memberUserIds(channel.id)).length;
  const members = await ctx.store.channels.listMembers(channel.id, { offset: 0, limit: Math.max(1, count) });
  const users = new Map((await ctx.store.users.getMany(members.map((m) => m.user_id))).map((u) => [u.id, u]));
  const statuses = await getStatuses(
    ctx,
    members.map((m) => m.user_id),
  );
  const names = mentionedNames(post.message);
  const channelWide = names.has('channel') || names.has('all') || names.has('here');
  const mentioned = new Set(mentions);
  const isReply = !!post.root_id;
  const followers = new Set<string>();
  let threadPosters = new Set<string>();
  let rootAuthor = '';
  if (isReply) {
    if (cfg.ServiceSettings.CollapsedThreads !== 'disabled')
      for (const f of await ctx.store.threads.followers(post.root_id)) followers.add(f.membership.user_id);
    const root = await ctx.store.posts.get(post.root_id);
    rootAuthor = root?.user_id ?? '';
    threadPosters = new Set([...(await ctx.store.threads.participants(post.root_id)), rootAuthor]);
  }
  const webhook = fromWebhook(post);
  const setting = cfg.ServiceSettings.CollapsedThreads;
  const crtPrefs =
    isReply && setting !== 'always_on' && setting !== 'disabled'
      ? await ctx.store.notifications.preferencesOf([...users.keys()], [CRT_PREF])
      : undefined;
  const out: Recipient[] = [];
  for (const m of members) {
    const user = users.get(m.user_id);
    if (!user || user.delete_at || user.is_bot) continue;
    if (user.id === post.user_id && !webhook) continue;
    const crt = isReply && crtOn(setting, crtPrefs?.get(user.id)?.get(CRT_PREF));
    let kind: MentionKind | undefined;
    if (channel.type === 'D') kind = 'dm';
    else if (mentioned.has(user.id)) kind = names.has(user.username) || !channelWide ? 'keyword' : 'channel';
    else if (isReply && !crt && !isSystemPost(post)) {
      const c = user.notify_props.comments;
      if ((c === 'any' && threadPosters.has(user.id)) || (c === 'root' && rootAuthor === user.id)) kind = 'comment';
    }
    if (!kind && channel.type === 'G') kind = 'gm';
    if (!kind && channel.type !== 'D' && !isSystemPost(post) && !crt) kind = 'post';
    out.push({ user, member: m, status: statuses[user.id] ?? 'offline', kind, follower: crt && followers.has(user.id), crt });
  }
  return { recipients: out, users };
}

const CRT_PREF = 'display_settings/collapsed_reply_threads';
const QUIET_PREF = `${QUIET_HOURS_CATEGORY}/${QUIET_HOURS_NAME}`;
const INTERVAL_PREF = 'notifications/email_interval';
const MILITARY_PREF = 'display_settings/use_military_time';

async function crtPref(ctx: AppContext, userId: string, setting: string): Promise<string | undefined> {
  if (setting === 'always_on' || setting === 'disabled') return undefined;
  return pref(ctx, userId, 'display_settings', 'collapsed_reply_threads');
}

/**
 * The e-mail and push jobs for one post: who, and when (now, after the batching interval, after quiet hours); with
 * the channel's members read for it.
 */
async function notificationJobs(
  ctx: AppContext,
  post: Post,
  channel: Channel,
  mentions: string[],
): Promise<{ jobs: NewNotificationJob[]; users: Map<string, UserWithSecrets> }> {
  const cfg = ctx.config();
  const emailOn = cfg.EmailSettings.SendEmailNotifications;
  const pushOn = pushEnabled(cfg);
  if (!emailOn && !pushOn) return { jobs: [], users: new Map() };
  const now = Date.now();
  const wanted: Array<{ r: Recipient; email: boolean; push: boolean }> = [];
  const { recipients, users } = await recipientsOf(ctx, post, channel, mentions);
  for (const r of recipients) {
    const explicit = isExplicit(r.kind) || r.kind === 'gm';
    const email =
      emailOn &&
      (r.follower || explicit) &&
      shouldEmail(r.user, r.member.notify_props, r.status, post, {
        follower: r.follower,
        mentioned: isExplicit(r.kind),
        requireVerified: cfg.EmailSettings.RequireEmailVerification,
      });
    const push =
      pushOn &&
      (r.follower
        ? shouldPushFollower(r.user, r.member.notify_props, isExplicit(r.kind), r.status)
        : shouldPush(r.user, r.member.notify_props, channel, post, r.kind, r.status));
    if (email || push) wanted.push({ r, email, push });
  }
  // One query for the recipients' quiet hours and e-mail intervals.
  const prefs = await ctx.store.notifications.preferencesOf(
    wanted.map((w) => w.r.user.id),
    [QUIET_PREF, INTERVAL_PREF],
  );
  // EmailBatchingBufferSize bounds a user's waiting digest: once full, a further notification is mailed alone now
  // (Mattermost sends at once when its batching buffer is full).
  const digestSize = cfg.EmailSettings.EmailBatchingBufferSize;
  const pending = cfg.EmailSettings.EnableEmailBatching
    ? await ctx.store.notifications.pendingInBatch(
        wanted.filter((w) => w.email).map((w) => w.r.user.id),
        'email',
        'digest',
      )
    : new Map<string, number>();
  const jobs: NewNotificationJob[] = [];
  for (const { r, email: wantsEmail, push: wantsPush } of wanted) {
    const p = prefs.get(r.user.id);
    const quiet = parseQuietHours(p?.get(QUIET_PREF));
    const quietEnd = quiet && !(quiet.allow_dms && channel.type === 'D') ? quietUntil(quiet, now, userTimeZone(r.user)) : undefined;
    const base = { user_id: r.user.id, post_id: post.id, channel_id: channel.id, create_at: now };
    if (wantsEmail) {
      let batch = '';
      let due = now;
      if (quietEnd) [batch, due] = ['quiet', quietEnd];
      else if (cfg.EmailSettings.EnableEmailBatching) {
        const interval = p?.get(INTERVAL_PREF) ?? '';
        if (interval === '0') batch = 'none';
        else if (interval !== EMAIL_INTERVAL_IMMEDIATE) {
          const secs = Number(interval) > 0 ? Number(interval) : EMAIL_INTERVAL_DEFAULT;
          if ((pending.get(r.user.id) ?? 0) < digestSize) [batch, due] = ['digest', now + secs * 1000];
        }
      }
      if (batch !== 'none') jobs.push({ ...base, id: newId(), kind: 'email', batch, due_at: due, payload: { follower: r.follower } });
    }
    if (wantsPush)
      jobs.push({
        ...base,
        id: newId(),
        kind: 'push',
        batch: quietEnd ? 'quiet' : '',
        due_at: quietEnd ?? now,
        payload: { kind: r.follower ? 'follower' : r.kind, crt: r.crt },
      });
  }
  return { jobs, users };
}

/** What an e-mail job needs, or undefined when the post or channel is gone. */
async function emailItem(ctx: AppContext, job: NotificationJob): Promise<EmailItem | undefined> {
  const post = await ctx.store.posts.get(job.post_id);
  const channel = post && (await ctx.store.channels.get(post.channel_id));
  if (!post || !channel) return undefined;
  return { post, channel, sender: await ctx.store.users.get(post.user_id), follower: job.payload.follower === true };
}

async function readSince(ctx: AppContext, userId: string, item: EmailItem): Promise<boolean> {
  const m = await ctx.store.channels.getMember(item.channel.id, userId);
  return !m || m.last_viewed_at >= item.post.create_at;
}

async function runEmail(ctx: AppContext, jobs: NotificationJob[]): Promise<void> {
  const recipient = await ctx.store.users.get(jobs[0].user_id);
  if (!recipient || recipient.delete_at || !ctx.config().EmailSettings.SendEmailNotifications) return;
  const items: EmailItem[] = [];
  for (const j of jobs) {
    const it = await emailItem(ctx, j);
    // A digest leaves out what the user has read since (Mattermost drops a batch once they viewed the channel).
    if (it && !(j.batch && (await readSince(ctx, recipient.id, it)))) items.push(it);
  }
  if (!items.length) return;
  if (jobs[0].batch) await sendDigestEmail(ctx, recipient, items);
  else await sendPostEmail(ctx, recipient, items[0]);
}

async function runPush(ctx: AppContext, jobs: NotificationJob[]): Promise<void> {
  const cfg = ctx.config();
  if (!pushEnabled(cfg)) return;
  const recipient = await ctx.store.users.get(jobs[0].user_id);
  if (!recipient || recipient.delete_at) return;
  const sessions = await pushSessions(ctx, recipient.id);
  if (!sessions.length) return;
  const items: Array<{ job: NotificationJob; item: EmailItem }> = [];
  for (const j of jobs) {
    const it = await emailItem(ctx, j);
    if (it && !(j.batch && (await readSince(ctx, recipient.id, it)))) items.push({ job: j, item: it });
  }
  if (!items.length) return;
  const last = items[items.length - 1];
  const locale = recipientLocale(ctx, recipient);
  const kind = (last.job.payload.kind as MentionKind) ?? 'post';
  const n = messagePush(
    ctx,
    recipient,
    last.item,
    kind,
    last.job.payload.crt === true,
    locale,
    await pushExtras(ctx, recipient, last.item.channel),
  );
  if (items.length > 1) n.message = plural(locale, 'app.push_notification.batched', items.length);
  await sendPushToSessions(ctx, sessions, n);
}

/** What a message push reads per recipient: their badge and, in a GM, the other members' names (sorted). */
interface PushExtras {
  badge: number;
  gmNames: string[];
}

async function pushExtras(ctx: AppContext, recipient: UserWithSecrets, channel: Channel): Promise<PushExtras> {
  const cfg = ctx.config();
  let gmNames: string[] = [];
  if (channel.type === 'G') {
    const ids = (await ctx.store.channels.memberUserIds(channel.id)).filter((id) => id !== recipient.id);
    gmNames = (await ctx.store.users.getMany(ids)).map((u) => displayName(cfg, u)).sort();
  }
  const setting = cfg.ServiceSettings.CollapsedThreads;
  const badge = await ctx.store.notifications.badge(recipient.id, crtOn(setting, await crtPref(ctx, recipient.id, setting)));
  return { badge, gmNames };
}

/** Mattermost's message push for one post to one recipient, its texts in the recipient's `locale`. */
function messagePush(
  ctx: AppContext,
  recipient: UserWithSecrets,
  it: EmailItem,
  kind: MentionKind,
  crt: boolean,
  locale: Locale,
  { badge, gmNames }: PushExtras,
): PushNotification {
  const cfg = ctx.config();
  const { post, channel, sender } = it;
  const contents = cfg.EmailSettings.PushNotificationContents;
  const override =
    cfg.ServiceSettings.EnablePostUsernameOverride && typeof post.props?.override_username === 'string'
      ? String(post.props.override_username)
      : '';
  const senderName = override || displayName(cfg, sender) || sender?.username || '';
  const crtReply = crt && !!post.root_id;
  const withChannel = contents !== 'generic_no_channel' || channel.type === 'D';
  const generic = contents === 'id_loaded' ? 'generic' : contents;
  return {
    post_id: post.id,
    category: 'CAN_REPLY',
    message: pushMessage(generic, post, channel, senderName, kind, crtReply, locale),
    badge,
    team_id: channel.team_id,
    channel_id: channel.id,
    root_id: post.root_id,
    channel_name: withChannel ? pushChannelName(channel, sender?.username ?? '', gmNames, crtReply, locale) : undefined,
    type: 'message',
    sender_id: post.user_id,
    sender_name: senderName,
    override_username: override || undefined,
    override_icon_url:
      cfg.ServiceSettings.EnablePostIconOverride && typeof post.props?.override_icon_url === 'string'
        ? String(post.props.override_icon_url)
        : undefined,
    from_webhook: fromWebhook(post) ? 'true' : undefined,
    version: 'v2',
    is_crt_enabled: crt,
    is_id_loaded: false,
  };
}

/** A job for one user's devices (clear, update_badge), due now. */
function userJob(kind: string, userId: string, channelId: string, payload: Record<string, unknown>, now: number): NewNotificationJob {
  return { id: newId(), kind, user_id: userId, post_id: '', channel_id: channelId, batch: '', payload, create_at: now, due_at: now };
}

/** After a mark-as-unread: `update_badge` to the user's devices with the new count (queued). */
export async function enqueueBadgeUpdate(ctx: AppContext, userId: string, channelId: string): Promise<void> {
  if (!pushEnabled(ctx.config())) return;
  await ctx.store.notifications.enqueue([userJob('update_badge', userId, channelId, {}, Date.now())]);
  nudgeNotifications(ctx);
}

/** `clear` to the user's other devices once they read a channel, or `update_badge` to all (badge recomputed). */
async function runClear(ctx: AppContext, job: NotificationJob): Promise<void> {
  const cfg = ctx.config();
  if (!pushEnabled(cfg)) return;
  const sessions = await pushSessions(ctx, job.user_id, String(job.payload.except_session ?? ''));
  if (!sessions.length) return;
  const crt = crtOn(cfg.ServiceSettings.CollapsedThreads, await crtPref(ctx, job.user_id, cfg.ServiceSettings.CollapsedThreads));
  await sendPushToSessions(ctx, sessions, {
    post_id: '',
    type: job.kind,
    sound: job.kind === 'update_badge' ? 'none' : undefined,
    version: 'v2',
    channel_id: job.channel_id,
    root_id: typeof job.payload.root_id === 'string' ? job.payload.root_id : undefined,
    cont_ava: 1,
    badge: await ctx.store.notifications.badge(job.user_id, crt),
    is_crt_enabled: crt,
    is_id_loaded: false,
  });
}

/**
 * After a user read channels (POST /channels/members/{id}/view): a queued `clear` push per channel that had unread
 * mentions (or, in DMs, unread messages), for every device but the one that read. Nothing when push is off.
 */
export async function enqueueClearPushes(ctx: AppContext, userId: string, read: ChannelMember[], exceptSession = ''): Promise<void> {
  if (!pushEnabled(ctx.config()) || !read.length) return;
  const now = Date.now();
  const unread: ChannelMember[] = [];
  for (const m of read) {
    if (m.mention_count > 0) unread.push(m);
    else {
      const ch = await ctx.store.channels.get(m.channel_id);
      if (ch?.type === 'D' && ch.total_msg_count > m.msg_count) unread.push(m);
    }
  }
  const jobs = unread.map((m) => userJob('clear', userId, m.channel_id, { except_session: exceptSession }, now));
  if (!jobs.length) return;
  await ctx.store.notifications.enqueue(jobs);
  nudgeNotifications(ctx);
}
