// Thread memberships (collapsed reply threads): followers of a root post, their read position and unread mentions.
import { sql, type Kysely } from 'kysely';
import type { DB, PostsTable } from './schema.ts';
import type { Driver } from './dialect.ts';
import { postFromRow } from './posts.ts';
import type { Post } from '../../model/types.ts';

export interface ThreadMembershipsTable {
  post_id: string;
  user_id: string;
  following: number;
  last_viewed: number;
  last_updated: number;
  unread_mentions: number;
}

declare module './schema.ts' {
  interface DB {
    thread_memberships: ThreadMembershipsTable;
  }
}

export interface ThreadMembership {
  post_id: string;
  user_id: string;
  following: boolean;
  last_viewed: number;
  last_updated: number;
  unread_mentions: number;
}

/** A followed thread as the list reads it: the root post, the member's state and the unread replies since last_viewed. */
export interface ThreadRow {
  root: Post;
  membership: ThreadMembership;
  unread_replies: number;
  team_id: string;
}

export interface ThreadListOpts {
  teamId: string;
  deleted: boolean;
  unread: boolean;
  since: number;
  before: string;
  after: string;
  limit: number;
}

export interface ThreadTotals {
  total: number;
  total_unread_threads: number;
  total_unread_mentions: number;
}

/** On a reply: who follows the thread, and how each row merges with a membership already there. */
export interface ReplyFollowers {
  rootId: string;
  at: number;
  /** The replier: follows again, has read up to `at`, no unread mentions. */
  senderId: string;
  /** Root author and earlier participants: follow unless they unfollowed. */
  participants: string[];
  /** Mentioned users: follow again, one more unread mention. */
  mentioned: string[];
}

function membershipFromRow(r: ThreadMembershipsTable): ThreadMembership {
  return { ...r, following: !!r.following };
}

export class ThreadStore {
  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
  ) {}

  /**
   * Updates every membership a reply touches in one upsert. Rows carry their intent in their values: a sender row has
   * last_viewed = at, a mention row unread_mentions = 1, a participant row neither (and never re-follows).
   */
  async recordReply(f: ReplyFollowers): Promise<void> {
    const rows = new Map<string, ThreadMembershipsTable>();
    const row = (user_id: string, last_viewed: number, unread_mentions: number): ThreadMembershipsTable => ({
      post_id: f.rootId,
      user_id,
      following: 1,
      last_viewed,
      last_updated: f.at,
      unread_mentions,
    });
    for (const u of f.participants) rows.set(u, row(u, 0, 0));
    for (const u of f.mentioned) rows.set(u, row(u, 0, 1));
    rows.set(f.senderId, row(f.senderId, f.at, 0));
    await this.db
      .insertInto('thread_memberships')
      .values([...rows.values()])
      .onConflict((oc) =>
        oc.columns(['post_id', 'user_id']).doUpdateSet({
          following: sql`case when excluded.last_viewed > 0 or excluded.unread_mentions > 0 then 1 else thread_memberships.following end`,
          last_viewed: sql`case when excluded.last_viewed > thread_memberships.last_viewed then excluded.last_viewed else thread_memberships.last_viewed end`,
          unread_mentions: sql`case when excluded.last_viewed > 0 then 0 else thread_memberships.unread_mentions + excluded.unread_mentions end`,
          last_updated: sql`excluded.last_updated`,
        }),
      )
      .execute();
  }

  async get(userId: string, postId: string): Promise<ThreadMembership | undefined> {
    const r = await this.db
      .selectFrom('thread_memberships')
      .selectAll()
      .where('user_id', '=', userId)
      .where('post_id', '=', postId)
      .executeTakeFirst();
    return r && membershipFromRow(r);
  }

  /** Creates or changes a membership's following flag; a new membership has read the thread up to `at`. */
  async setFollowing(userId: string, postId: string, following: boolean, at: number): Promise<void> {
    await this.db
      .insertInto('thread_memberships')
      .values({ post_id: postId, user_id: userId, following: following ? 1 : 0, last_viewed: at, last_updated: at, unread_mentions: 0 })
      .onConflict((oc) => oc.columns(['post_id', 'user_id']).doUpdateSet({ following: following ? 1 : 0, last_updated: at }))
      .execute();
  }

  /** Sets the read position of one thread (creating the membership, unfollowed, if needed). */
  async setRead(userId: string, postId: string, lastViewed: number, unreadMentions: number, at: number): Promise<void> {
    await this.db
      .insertInto('thread_memberships')
      .values({
        post_id: postId,
        user_id: userId,
        following: 0,
        last_viewed: lastViewed,
        last_updated: at,
        unread_mentions: unreadMentions,
      })
      .onConflict((oc) =>
        oc.columns(['post_id', 'user_id']).doUpdateSet({ last_viewed: lastViewed, unread_mentions: unreadMentions, last_updated: at }),
      )
      .execute();
  }

  /** Marks every followed thread of the user in the team (and DMs/GMs) read at `at`. */
  async markAllRead(userId: string, teamId: string, at: number): Promise<void> {
    await this.db
      .updateTable('thread_memberships')
      .set({ last_viewed: at, unread_mentions: 0, last_updated: at })
      .where('user_id', '=', userId)
      .where('following', '=', 1)
      .where('post_id', 'in', (eb) =>
        eb
          .selectFrom('posts as p')
          .innerJoin('channels as c', 'c.id', 'p.channel_id')
          .select('p.id')
          .where((e) => e.or([e('c.team_id', '=', teamId), e('c.team_id', '=', '')])),
      )
      .execute();
  }

  /** Followers of a thread with their unread reply counts (for `thread_updated`). */
  async followers(rootId: string): Promise<Array<{ membership: ThreadMembership; unread_replies: number }>> {
    const rows = await this.db
      .selectFrom('thread_memberships as tm')
      .selectAll('tm')
      .select((eb) =>
        eb
          .selectFrom('posts as r')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('r.root_id', '=', 'tm.post_id')
          .where('r.delete_at', '=', 0)
          .whereRef('r.create_at', '>', 'tm.last_viewed')
          .as('unread_replies'),
      )
      .where('tm.post_id', '=', rootId)
      .where('tm.following', '=', 1)
      .execute();
    return rows.map((r) => ({
      membership: membershipFromRow(r),
      unread_replies: Number(r.unread_replies ?? 0),
    }));
  }

  /** Users who replied to the thread, oldest last reply first (Mattermost's participants order). */
  async participants(rootId: string): Promise<string[]> {
    return (await this.participantsOf([rootId])).get(rootId) ?? [];
  }

  /** `participants` for many threads in one query. */
  async participantsOf(rootIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!rootIds.length) return out;
    const rows = await this.db
      .selectFrom('posts')
      .select(['root_id', 'user_id', (e) => e.fn.max('create_at').as('mc')])
      .where('root_id', 'in', rootIds)
      .where('delete_at', '=', 0)
      .groupBy(['root_id', 'user_id'])
      .orderBy('mc', 'asc')
      .execute();
    for (const r of rows) {
      const list = out.get(r.root_id) ?? [];
      list.push(r.user_id);
      out.set(r.root_id, list);
    }
    return out;
  }

  /** Followed threads in live channels the user is still a member of: the team's, plus DMs/GMs unless `teamOnly`. */
  private base(userId: string, teamId: string, deleted: boolean, teamOnly = false) {
    let q = this.db
      .selectFrom('thread_memberships as tm')
      .innerJoin('posts as p', 'p.id', 'tm.post_id')
      .innerJoin('channels as c', 'c.id', 'p.channel_id')
      .innerJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 'c.id').onRef('cm.user_id', '=', 'tm.user_id'))
      .where('tm.user_id', '=', userId)
      .where('tm.following', '=', 1)
      .where('c.delete_at', '=', 0)
      .where((e) => (teamOnly ? e('c.team_id', '=', teamId) : e.or([e('c.team_id', '=', teamId), e('c.team_id', '=', '')])));
    if (!deleted) q = q.where('p.delete_at', '=', 0);
    return q;
  }

  /** Followed threads, most recently replied first, with before/after cursors (thread ids). */
  async list(userId: string, o: ThreadListOpts): Promise<ThreadRow[]> {
    let q = this.base(userId, o.teamId, o.deleted)
      .selectAll('p')
      .select([
        'tm.following as tm_following',
        'tm.last_viewed as tm_last_viewed',
        'tm.last_updated as tm_last_updated',
        'tm.unread_mentions as tm_unread_mentions',
        'c.team_id as c_team_id',
      ])
      .select((eb) =>
        eb
          .selectFrom('posts as r')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('r.root_id', '=', 'tm.post_id')
          .where('r.delete_at', '=', 0)
          .whereRef('r.create_at', '>', 'tm.last_viewed')
          .as('unread_replies'),
      );
    if (o.unread) q = q.where((e) => e.or([e('p.last_reply_at', '>', e.ref('tm.last_viewed')), e('tm.unread_mentions', '>', 0)]));
    if (o.since)
      q = q.where((e) => e.or([e('tm.last_updated', '>=', o.since), e('p.last_reply_at', '>=', o.since), e('p.update_at', '>=', o.since)]));
    // Cursors compare (last_reply_at, id), the list's order, so threads replied to in the same millisecond (or never:
    // followed roots without replies all have 0) are neither skipped nor repeated from one page to the next.
    for (const [cursor, op] of [
      [o.before, '<'],
      [o.after, '>'],
    ] as const) {
      if (!cursor) continue;
      q = q.where((e) => {
        const at = () => e.selectFrom('posts as cur').select('cur.last_reply_at').where('cur.id', '=', cursor);
        return e.or([e('p.last_reply_at', op, at()), e.and([e('p.last_reply_at', '=', at()), e('p.id', op, cursor)])]);
      });
    }
    const rows = await q.orderBy('p.last_reply_at', 'desc').orderBy('p.id', 'desc').limit(o.limit).execute();
    return rows.map((r) => ({
      root: postFromRow(r as unknown as PostsTable),
      membership: {
        post_id: r.id,
        user_id: userId,
        following: !!r.tm_following,
        last_viewed: r.tm_last_viewed,
        last_updated: r.tm_last_updated,
        unread_mentions: r.tm_unread_mentions,
      },
      unread_replies: Number(r.unread_replies ?? 0),
      team_id: r.c_team_id,
    }));
  }

  /**
   * The list's totals. `total` counts what the list would hold without cursors (only unread threads with `unread`, as
   * Mattermost's); the unread counts ignore that filter. `deleted` counts threads of deleted roots too.
   */
  async totals(userId: string, teamId: string, teamOnly = false, o: { unread?: boolean; deleted?: boolean } = {}): Promise<ThreadTotals> {
    const r = await this.base(userId, teamId, !!o.deleted, teamOnly)
      .select((e) => [
        o.unread
          ? e.fn.sum<number>(sql`case when p.last_reply_at > tm.last_viewed or tm.unread_mentions > 0 then 1 else 0 end`).as('total')
          : e.fn.countAll<number>().as('total'),
        e.fn.sum<number>(sql`case when p.last_reply_at > tm.last_viewed then 1 else 0 end`).as('unread'),
        e.fn.sum<number>('tm.unread_mentions').as('mentions'),
      ])
      .executeTakeFirstOrThrow();
    return { total: Number(r.total ?? 0), total_unread_threads: Number(r.unread ?? 0), total_unread_mentions: Number(r.mentions ?? 0) };
  }

  /** Replies of a thread after `after` not written by `exceptUser`, for recounting mentions. */
  async repliesAfter(rootId: string, after: number, exceptUser: string): Promise<Post[]> {
    const rows = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('root_id', '=', rootId)
      .where('delete_at', '=', 0)
      .where('create_at', '>', after)
      .where('user_id', '!=', exceptUser)
      .orderBy('create_at', 'asc')
      .execute();
    return rows.map(postFromRow);
  }
}
