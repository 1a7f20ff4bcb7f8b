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

export type NewNotificationJob = Omit<NotificationJob, 'attempts'>;

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

export class NotificationStore {
  constructor(private db: Kysely<DB>) {}

  async enqueue(jobs: NewNotificationJob[]): Promise<void> {
    if (!jobs.length) return;
    await this.db
      .insertInto('notification_jobs')
      .values(jobs.map((j) => ({ ...j, payload: JSON.stringify(j.payload), claimed_by: null, claimed_at: 0, attempts: 0 })))
      .execute();
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

  /** Deletes what `token` holds (the jobs are done). */
  async complete(token: string): Promise<void> {
    await this.db.deleteFrom('notification_jobs').where('claimed_by', '=', token).execute();
  }

  /** Gives back what `token` holds, to be tried again at `dueAt`; jobs at `maxAttempts` are dropped instead. */
  async retry(token: string, dueAt: number, maxAttempts: number): Promise<number> {
    const dropped = await this.db
      .deleteFrom('notification_jobs')
      .where('claimed_by', '=', token)
      .where('attempts', '>=', maxAttempts - 1)
      .executeTakeFirst();
    await this.db
      .updateTable('notification_jobs')
      .set((eb) => ({ claimed_by: null, claimed_at: 0, due_at: dueAt, attempts: eb('attempts', '+', 1) }))
      .where('claimed_by', '=', token)
      .execute();
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
