// The notification queue (notification_jobs) and the few reads notifications need (badge counts, auto-replies).
// A job is claimed by one node with an atomic conditional update; an expired claim (a crashed node) may be taken again.
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

export interface NotificationJobsTable {
  id: string;
  kind: string;
  user_id: string;
  post_id: string;
  channel_id: string;
  batch: string;
  payload: string;
  create_at: number;
  due_at: number;
  claimed_by: string | null;
  claimed_at: number;
  attempts: number;
}

declare module './schema.ts' {
  interface DB {
    notification_jobs: NotificationJobsTable;
  }
}

/**
 * A job as the worker reads it (payload parsed). `batch` is '' for a job sent alone, 'digest' (e-mail batching) or
 * 'quiet' (quiet hours) for jobs sent together per user and kind.
 */
export type NotificationJob = Omit<NotificationJobsTable, 'payload' | 'claimed_by' | 'claimed_at'> & { payload: Record<string, unknown> };

/** A job to write; `attempts` (default 0) is set for a send that already failed once (a retry of an immediate send). */
export type NewNotificationJob = Omit<NotificationJob, 'attempts'> & { attempts?: number };

/** A claimed post job's progress: its new payload, written only while `token` still holds it (the claim renewed). */
export interface JobProgress {
  id: string;
  payload: Record<string, unknown>;
}

function toRow(j: NewNotificationJob): NotificationJobsTable {
  return { ...j, payload: JSON.stringify(j.payload), claimed_by: null, claimed_at: 0, attempts: j.attempts ?? 0 };
}

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters; a row has 12). */
const INSERT_CHUNK = 2000;

function fromRow(r: NotificationJobsTable): NotificationJob {
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(r.payload) as Record<string, unknown>;
  } catch {
    payload = {};
  }
  return {
    id: r.id,
    kind: r.kind,
    user_id: r.user_id,
    post_id: r.post_id,
    channel_id: r.channel_id,
    batch: r.batch,
    payload,
    create_at: Number(r.create_at),
    due_at: Number(r.due_at),
    attempts: Number(r.attempts),
  };
}

interface QueuedEnqueue {
  jobs: NewNotificationJob[];
  resolve(): void;
  reject(err: unknown): void;
}

export class NotificationStore {
  /** Enqueues waiting for the next group insert (see enqueue). */
  private queued: QueuedEnqueue[] = [];

  constructor(private db: Kysely<DB>) {}

  /**
   * Writes jobs. Outside a transaction, the enqueues of one turn of the event loop (the after-post step of every post
   * saved in that turn) go in one INSERT: on SQLite each commit is a WAL sync on the main thread, so one per post
   * would cost the send path more than the post's own group commit.
   */
  async enqueue(jobs: NewNotificationJob[]): Promise<void> {
    if (!jobs.length) return;
    if (this.db.isTransaction) return this.insert(this.db, jobs);
    return new Promise((resolve, reject) => {
      if (this.queued.push({ jobs, resolve, reject }) === 1) setImmediate(() => void this.insertQueued());
    });
  }

  private async insertQueued(): Promise<void> {
    const group = this.queued;
    this.queued = [];
    try {
      await this.db.transaction().execute((tx) =>
        this.insert(
          tx,
          group.flatMap((q) => q.jobs),
        ),
      );
    } catch (err) {
      for (const q of group) q.reject(err);
      return;
    }
    for (const q of group) q.resolve();
  }

  private async insert(db: Kysely<DB>, jobs: NewNotificationJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += INSERT_CHUNK)
      await db
        .insertInto('notification_jobs')
        .values(jobs.slice(i, i + INSERT_CHUNK).map(toRow))
        .execute();
  }

  /** Takes the free ones of `ids` for `token` in one statement; returns those taken (another node may hold the rest). */
  async claimMany(ids: string[], token: string, now: number, expired: number): Promise<NotificationJob[]> {
    if (!ids.length) return [];
    await this.db
      .updateTable('notification_jobs')
      .set({ claimed_by: token, claimed_at: now })
      .where('id', 'in', ids)
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_at', '<', expired)]))
      .execute();
    return this.claimed(token);
  }

  /**
   * Records the progress of post jobs `token` holds and renews their claim (or, with `release`, lets it go); returns
   * the ids still held (a job whose claim expired and was taken by another node is not written and not returned).
   */
  async progress(token: string, updates: JobProgress[], now: number, release = false): Promise<Set<string>> {
    const held = new Set<string>();
    for (const u of updates) {
      const claim = release ? { claimed_by: null, claimed_at: 0 } : { claimed_at: now };
      const r = await this.db
        .updateTable('notification_jobs')
        .set({ payload: JSON.stringify(u.payload), ...claim })
        .where('id', '=', u.id)
        .where('claimed_by', '=', token)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) held.add(u.id);
    }
    return held;
  }

  /** Jobs due by `now` that nobody holds (or whose claim is older than `expired`), oldest first. */
  async due(now: number, expired: number, limit: number): Promise<NotificationJob[]> {
    const rows = await this.db
      .selectFrom('notification_jobs')
      .selectAll()
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_at', '<', expired)]))
      .orderBy('due_at')
      .limit(limit)
      .execute();
    return rows.map(fromRow);
  }

  /** Takes one job for `token`; false when another node took it first. */
  async claim(id: string, token: string, now: number, expired: number): Promise<boolean> {
    const r = await this.db
      .updateTable('notification_jobs')
      .set({ claimed_by: token, claimed_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_at', '<', expired)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Takes every free job of a user's batch (same kind and batch) for `token`; returns those taken. */
  async claimBatch(userId: string, kind: string, batch: string, token: string, now: number, expired: number): Promise<NotificationJob[]> {
    await this.db
      .updateTable('notification_jobs')
      .set({ claimed_by: token, claimed_at: now })
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .where('batch', '=', batch)
      .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('claimed_at', '<', expired)]))
      .execute();
    return this.claimed(token);
  }

  async claimed(token: string): Promise<NotificationJob[]> {
    const rows = await this.db.selectFrom('notification_jobs').selectAll().where('claimed_by', '=', token).orderBy('create_at').execute();
    return rows.map(fromRow);
  }

  /** Deletes what `token` holds, or only the jobs `ids` of it (the jobs are done). */
  async complete(token: string, ids?: string[]): Promise<void> {
    if (ids && !ids.length) return;
    let q = this.db.deleteFrom('notification_jobs').where('claimed_by', '=', token);
    if (ids) q = q.where('id', 'in', ids);
    await q.execute();
  }

  /**
   * Gives back what `token` holds (or the jobs `ids` of it), to be tried again at `dueAt`; jobs at `maxAttempts` are
   * dropped instead.
   */
  async retry(token: string, dueAt: number, maxAttempts: number, ids?: string[]): Promise<number> {
    let del = this.db
      .deleteFrom('notification_jobs')
      .where('claimed_by', '=', token)
      .where('attempts', '>=', maxAttempts - 1);
    if (ids) del = del.where('id', 'in', ids);
    const dropped = await del.executeTakeFirst();
    let upd = this.db
      .updateTable('notification_jobs')
      .set((eb) => ({ claimed_by: null, claimed_at: 0, due_at: dueAt, attempts: eb('attempts', '+', 1) }))
      .where('claimed_by', '=', token);
    if (ids) upd = upd.where('id', 'in', ids);
    await upd.execute();
    return Number(dropped.numDeletedRows);
  }

  /** How many jobs of `kind` wait unclaimed in each user's `batch` (the e-mail digest's bound counts them). */
  async pendingInBatch(userIds: string[], kind: string, batch: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!userIds.length) return out;
    const rows = await this.db
      .selectFrom('notification_jobs')
      .select(['user_id', (e) => e.fn.countAll<number>().as('n')])
      .where('user_id', 'in', userIds)
      .where('kind', '=', kind)
      .where('batch', '=', batch)
      .where('claimed_by', 'is', null)
      .groupBy('user_id')
      .execute();
    for (const r of rows) out.set(r.user_id, Number(r.n));
    return out;
  }

  /** A trivial round trip (the worker times it to tell whether the database is busy). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  /** Jobs not done yet (tests and diagnostics). */
  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('notification_jobs')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /**
   * The mobile badge (Mattermost's getMobileAppSessions badge): per live membership, unread messages in DMs and
   * mentions elsewhere (root-only counts with collapsed threads), plus unread thread mentions with collapsed threads.
   */
  async badge(userId: string, crt: boolean): Promise<number> {
    const msg = crt ? sql.ref('c.total_msg_count_root') : sql.ref('c.total_msg_count');
    const read = crt ? sql.ref('m.msg_count_root') : sql.ref('m.msg_count');
    const mentions = crt ? sql.ref('m.mention_count_root') : sql.ref('m.mention_count');
    const r = await sql<{ n: number | string | null }>`
      select sum(case when c.type = 'D' then ${msg} - ${read} else ${mentions} end) as n
      from channel_members m join channels c on c.id = m.channel_id
      where m.user_id = ${userId} and c.delete_at = 0`.execute(this.db);
    let n = Number(r.rows[0]?.n ?? 0);
    if (crt) {
      const t = await sql<{ n: number | string | null }>`
        select sum(tm.unread_mentions) as n from thread_memberships tm
        where tm.user_id = ${userId} and tm.following = 1`.execute(this.db);
      n += Number(t.rows[0]?.n ?? 0);
    }
    return Math.max(0, n);
  }

  /** `badge` for many users in a few queries: user id → badge (`crt` says, per user, whether collapsed threads apply). */
  async badges(crt: Map<string, boolean>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const on of [false, true]) {
      const ids = [...crt].filter(([, c]) => c === on).map(([id]) => id);
      if (!ids.length) continue;
      for (const id of ids) out.set(id, 0);
      const msg = on ? sql.ref('c.total_msg_count_root') : sql.ref('c.total_msg_count');
      const read = on ? sql.ref('m.msg_count_root') : sql.ref('m.msg_count');
      const mentions = on ? sql.ref('m.mention_count_root') : sql.ref('m.mention_count');
      const r = await sql<{ user_id: string; n: number | string | null }>`
        select m.user_id, sum(case when c.type = 'D' then ${msg} - ${read} else ${mentions} end) as n
        from channel_members m join channels c on c.id = m.channel_id
        where m.user_id in (${sql.join(ids)}) and c.delete_at = 0 group by m.user_id`.execute(this.db);
      for (const row of r.rows) out.set(row.user_id, Number(row.n ?? 0));
      if (on) {
        const t = await sql<{ user_id: string; n: number | string | null }>`
          select tm.user_id, sum(tm.unread_mentions) as n from thread_memberships tm
          where tm.user_id in (${sql.join(ids)}) and tm.following = 1 group by tm.user_id`.execute(this.db);
        for (const row of t.rows) out.set(row.user_id, (out.get(row.user_id) ?? 0) + Number(row.n ?? 0));
      }
    }
    for (const [id, n] of out) out.set(id, Math.max(0, n));
    return out;
  }

  /** The preferences `keys` ("category/name") of many users in one query: user id → key → value. */
  async preferencesOf(userIds: string[], keys: string[]): Promise<Map<string, Map<string, string>>> {
    const out = new Map<string, Map<string, string>>();
    if (!userIds.length || !keys.length) return out;
    const categories = [...new Set(keys.map((k) => k.split('/')[0]))];
    const rows = await this.db
      .selectFrom('preferences')
      .select(['user_id', 'category', 'name', 'value'])
      .where('user_id', 'in', userIds)
      .where('category', 'in', categories)
      .execute();
    const wanted = new Set(keys);
    for (const r of rows) {
      const key = `${r.category}/${r.name}`;
      if (!wanted.has(key)) continue;
      let m = out.get(r.user_id);
      if (!m) out.set(r.user_id, (m = new Map()));
      m.set(key, r.value);
    }
    return out;
  }

  /**
   * Whether any live member of the channel gets pushes for all activity (their own `push: all`, or the channel's):
   * without it a root post that mentions no one notifies no one.
   */
  async hasPushAllMember(channelId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('channel_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('m.user_id')
      .where('m.channel_id', '=', channelId)
      .where('u.delete_at', '=', 0)
      .where((eb) => eb.or([eb('m.notify_props', 'like', '%"push":"all"%'), eb('u.notify_props', 'like', '%"push":"all"%')]))
      .limit(1)
      .executeTakeFirst();
    return !!r;
  }

  /**
   * Live members whose desktop level notifies them of every post in the channel (Mattermost's
   * shouldAckWebsocketNotification): channel `desktop: all`, or the account's `all` under the channel's default; in a
   * GM also `mention` (which Mattermost treats there as all).
   */
  async desktopAllMembers(channelId: string, channelType: string): Promise<string[]> {
    let q = this.db
      .selectFrom('channel_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.user_id', 'm.notify_props as channel_props', 'u.notify_props as user_props'])
      .where('m.channel_id', '=', channelId)
      .where('u.delete_at', '=', 0);
    if (channelType !== 'G')
      q = q.where((eb) => eb.or([eb('m.notify_props', 'like', '%"desktop":"all"%'), eb('u.notify_props', 'like', '%"desktop":"all"%')]));
    const level = (json: unknown): string => {
      try {
        const v = (JSON.parse(String(json)) as Record<string, unknown>).desktop;
        return typeof v === 'string' ? v : '';
      } catch {
        return '';
      }
    };
    const out: string[] = [];
    for (const r of await q.execute()) {
      const channel = level(r.channel_props) || 'default';
      const user = level(r.user_props);
      if (
        channel === 'all' ||
        (channel === 'default' && user === 'all') ||
        (channelType === 'G' && ((channel === 'default' && user === 'mention') || channel === 'mention'))
      )
        out.push(r.user_id);
    }
    return out;
  }

  /** Replaces a channel member's notify props (the caller merged them); false when there is no such member. */
  async setMemberNotifyProps(channelId: string, userId: string, props: Record<string, string>, at: number): Promise<boolean> {
    const r = await this.db
      .updateTable('channel_members')
      .set({ notify_props: JSON.stringify(props), last_update_at: at })
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Whether `userId` auto-replied in the channel at or after `since` (once a day per channel, as Mattermost). */
  async autoRepliedSince(userId: string, channelId: string, since: number): Promise<boolean> {
    const r = await this.db
      .selectFrom('posts')
      .select('id')
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .where('type', '=', 'system_auto_responder')
      .where('create_at', '>=', since)
      .limit(1)
      .executeTakeFirst();
    return !!r;
  }
}
