// Channels and channel memberships.
import { sql, type Kysely } from 'kysely';
import type { DB, ChannelsTable, ChannelMembersTable } from './schema.ts';
import type { Driver } from './dialect.ts';
import { likeEscape, likeMatch } from './dialect.ts';
import { parseJson, b } from './json.ts';
import type { GroupCommit } from './group-commit.ts';
import type { Channel, ChannelMember } from '../../model/types.ts';

export function channelFromRow(r: ChannelsTable): Channel {
  return {
    id: r.id,
    create_at: r.create_at,
    update_at: r.update_at,
    delete_at: r.delete_at,
    team_id: r.team_id,
    type: r.type as Channel['type'],
    display_name: r.display_name,
    name: r.name,
    header: r.header,
    purpose: r.purpose,
    last_post_at: r.last_post_at,
    last_root_post_at: r.last_root_post_at,
    total_msg_count: r.total_msg_count,
    total_msg_count_root: r.total_msg_count_root,
    creator_id: r.creator_id,
    scheme_id: r.scheme_id,
    group_constrained: !!r.group_constrained,
    shared: !!r.shared,
    props: parseJson(r.props, null),
    policy_id: null,
  };
}

function channelToRow(c: Channel): ChannelsTable {
  return {
    id: c.id,
    create_at: c.create_at,
    update_at: c.update_at,
    delete_at: c.delete_at,
    team_id: c.team_id,
    type: c.type,
    display_name: c.display_name,
    name: c.name,
    header: c.header,
    purpose: c.purpose,
    last_post_at: c.last_post_at,
    last_root_post_at: c.last_root_post_at,
    total_msg_count: c.total_msg_count,
    total_msg_count_root: c.total_msg_count_root,
    creator_id: c.creator_id,
    scheme_id: c.scheme_id,
    group_constrained: b(c.group_constrained),
    shared: b(c.shared),
    // A channel without props answers null, as Mattermost does, when created and when read back.
    props: JSON.stringify(c.props ?? null),
  };
}

export function channelMemberFromRow(r: ChannelMembersTable): ChannelMember {
  const schemeRoles = [r.scheme_guest ? 'channel_guest' : '', r.scheme_user ? 'channel_user' : '', r.scheme_admin ? 'channel_admin' : ''];
  return {
    channel_id: r.channel_id,
    user_id: r.user_id,
    roles: [...schemeRoles, r.roles].filter(Boolean).join(' '),
    last_viewed_at: r.last_viewed_at,
    msg_count: r.msg_count,
    msg_count_root: r.msg_count_root,
    mention_count: r.mention_count,
    mention_count_root: r.mention_count_root,
    urgent_mention_count: r.urgent_mention_count,
    notify_props: parseJson(r.notify_props, {}),
    last_update_at: r.last_update_at,
    scheme_guest: !!r.scheme_guest,
    scheme_user: !!r.scheme_user,
    scheme_admin: !!r.scheme_admin,
    explicit_roles: r.roles,
  };
}

export const DEFAULT_CHANNEL_NOTIFY_PROPS = {
  desktop: 'default',
  email: 'default',
  mark_unread: 'all',
  push: 'default',
  ignore_channel_mentions: 'default',
  channel_auto_follow_threads: 'off',
};

export function newMemberRow(channelId: string, userId: string, now: number, admin = false): ChannelMembersTable {
  return {
    channel_id: channelId,
    user_id: userId,
    roles: '',
    last_viewed_at: 0,
    msg_count: 0,
    msg_count_root: 0,
    mention_count: 0,
    mention_count_root: 0,
    urgent_mention_count: 0,
    notify_props: JSON.stringify(DEFAULT_CHANNEL_NOTIFY_PROPS),
    last_update_at: now,
    scheme_user: 1,
    scheme_admin: admin ? 1 : 0,
    scheme_guest: 0,
  };
}

export class ChannelStore {
  /** `group`: SQLite's group commit for channel views (the commonest write of all). */
  constructor(
    private db: Kysely<DB>,
    private driver: Driver,
    private group?: GroupCommit,
  ) {}

  async save(c: Channel): Promise<void> {
    await this.db.insertInto('channels').values(channelToRow(c)).execute();
  }
  async update(c: Channel): Promise<void> {
    const { id, ...rest } = channelToRow(c);
    // Counters are maintained by posts; an update of channel properties never rewinds them.
    const { last_post_at: _a, last_root_post_at: _b, total_msg_count: _c, total_msg_count_root: _d, ...props } = rest;
    await this.db.updateTable('channels').set(props).where('id', '=', id).execute();
  }
  async get(id: string): Promise<Channel | undefined> {
    const r = await this.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    return r && channelFromRow(r);
  }
  async getMany(ids: string[]): Promise<Channel[]> {
    if (!ids.length) return [];
    return (await this.db.selectFrom('channels').selectAll().where('id', 'in', ids).execute()).map(channelFromRow);
  }
  async getByName(teamId: string, name: string): Promise<Channel | undefined> {
    const r = await this.db.selectFrom('channels').selectAll().where('team_id', '=', teamId).where('name', '=', name).executeTakeFirst();
    return r && channelFromRow(r);
  }
  /** Public channels of a team, by display name. */
  async listPublic(teamId: string, opts: { offset: number; limit: number; deleted?: boolean; notMemberOf?: string }): Promise<Channel[]> {
    let q = this.db.selectFrom('channels').selectAll('channels').where('team_id', '=', teamId).where('type', '=', 'O');
    q = opts.deleted ? q.where('delete_at', '>', 0) : q.where('delete_at', '=', 0);
    if (opts.notMemberOf) {
      const uid = opts.notMemberOf;
      q = q.where((e) =>
        e.not(
          e.exists(
            e
              .selectFrom('channel_members as cm')
              .select('cm.user_id')
              .whereRef('cm.channel_id', '=', 'channels.id')
              .where('cm.user_id', '=', uid),
          ),
        ),
      );
    }
    return (await q.orderBy('display_name').limit(opts.limit).offset(opts.offset).execute()).map(channelFromRow);
  }
  async searchInTeam(teamId: string, term: string, opts: { publicOnly: boolean; memberOf?: string; limit: number }): Promise<Channel[]> {
    const pat = '%' + likeEscape(term.toLowerCase()) + '%';
    let q = this.db
      .selectFrom('channels')
      .selectAll('channels')
      .where('team_id', '=', teamId)
      .where('delete_at', '=', 0)
      .where((e) =>
        e.or([likeMatch(this.driver, 'name', pat), likeMatch(this.driver, 'display_name', pat), likeMatch(this.driver, 'purpose', pat)]),
      );
    if (opts.publicOnly) q = q.where('type', '=', 'O');
    if (opts.memberOf) {
      const uid = opts.memberOf;
      q = q.where((e) =>
        e.or([
          e('type', '=', 'O'),
          e.exists(
            e
              .selectFrom('channel_members as cm')
              .select('cm.user_id')
              .whereRef('cm.channel_id', '=', 'channels.id')
              .where('cm.user_id', '=', uid),
          ),
        ]),
      );
    }
    return (await q.orderBy('display_name').limit(opts.limit).execute()).map(channelFromRow);
  }
  /** The user's channels in a team, plus their DMs and GMs (team_id ''), as Mattermost's GetChannels does. */
  async listForUser(userId: string, teamId: string | null, includeDeleted: boolean): Promise<Channel[]> {
    let q = this.db
      .selectFrom('channels')
      .innerJoin('channel_members as cm', 'cm.channel_id', 'channels.id')
      .selectAll('channels')
      .where('cm.user_id', '=', userId);
    if (teamId !== null) q = q.where((e) => e.or([e('channels.team_id', '=', teamId), e('channels.team_id', '=', '')]));
    if (!includeDeleted) q = q.where('channels.delete_at', '=', 0);
    return (await q.orderBy('channels.display_name').execute()).map(channelFromRow);
  }
  async listIdsInTeam(teamId: string): Promise<string[]> {
    return (await this.db.selectFrom('channels').select('id').where('team_id', '=', teamId).execute()).map((r) => r.id);
  }

  async saveMember(m: ChannelMembersTable): Promise<void> {
    await this.db.insertInto('channel_members').values(m).execute();
  }
  async getMember(channelId: string, userId: string): Promise<ChannelMember | undefined> {
    const r = await this.db
      .selectFrom('channel_members')
      .selectAll()
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return r && channelMemberFromRow(r);
  }
  async listMembers(channelId: string, opts: { offset: number; limit: number; userIds?: string[] }): Promise<ChannelMember[]> {
    let q = this.db.selectFrom('channel_members').selectAll().where('channel_id', '=', channelId);
    if (opts.userIds) q = q.where('user_id', 'in', opts.userIds.length ? opts.userIds : ['']);
    return (await q.orderBy('user_id').limit(opts.limit).offset(opts.offset).execute()).map(channelMemberFromRow);
  }
  async listMembersForUser(userId: string, teamId: string | null): Promise<ChannelMember[]> {
    let q = this.db
      .selectFrom('channel_members')
      .innerJoin('channels', 'channels.id', 'channel_members.channel_id')
      .selectAll('channel_members')
      .where('channel_members.user_id', '=', userId);
    if (teamId !== null) q = q.where((e) => e.or([e('channels.team_id', '=', teamId), e('channels.team_id', '=', '')]));
    return (await q.execute()).map(channelMemberFromRow);
  }
  async memberUserIds(channelId: string): Promise<string[]> {
    return (await this.db.selectFrom('channel_members').select('user_id').where('channel_id', '=', channelId).execute()).map(
      (r) => r.user_id,
    );
  }
  async countMembers(channelId: string): Promise<number> {
    const r = await this.db
      .selectFrom('channel_members')
      .innerJoin('users', 'users.id', 'channel_members.user_id')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .where('users.delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
  async removeMember(channelId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('channel_members').where('channel_id', '=', channelId).where('user_id', '=', userId).execute();
  }
  /** Removes the user from every non-DM/GM channel of the team (leaving a team); returns the channel ids. */
  async removeMemberFromTeamChannels(teamId: string, userId: string): Promise<string[]> {
    const ids = await this.listIdsInTeam(teamId);
    if (!ids.length) return [];
    const rows = await this.db
      .deleteFrom('channel_members')
      .where('user_id', '=', userId)
      .where('channel_id', 'in', ids)
      .returning('channel_id')
      .execute();
    return rows.map((r) => r.channel_id);
  }
  /**
   * Marks a channel read for a member: counts catch up with the channel's totals. A member who has already read
   * everything (viewed after the last post, counts caught up, no mentions) is left as is: opening a channel is the most
   * frequent action, and an unchanged row is no write at all (on SQLite, no sync of the WAL).
   */
  async markViewed(channelId: string, userId: string, at: number): Promise<void> {
    const total = sql<number>`(select total_msg_count from channels where id = ${channelId})`;
    const totalRoot = sql<number>`(select total_msg_count_root from channels where id = ${channelId})`;
    const write = (db: Kysely<DB>) =>
      db
        .updateTable('channel_members')
        .set({
          last_viewed_at: at,
          msg_count: total,
          msg_count_root: totalRoot,
          mention_count: 0,
          mention_count_root: 0,
          urgent_mention_count: 0,
          last_update_at: at,
        })
        .where('channel_id', '=', channelId)
        .where('user_id', '=', userId)
        .where((eb) =>
          eb.or([
            eb('last_viewed_at', '<', sql<number>`(select last_post_at from channels where id = ${channelId})`),
            eb('msg_count', '!=', total),
            eb('msg_count_root', '!=', totalRoot),
            eb('mention_count', '!=', 0),
            eb('mention_count_root', '!=', 0),
            eb('urgent_mention_count', '!=', 0),
          ]),
        )
        .execute();
    await (this.group ? this.group.run(write) : write(this.db));
  }
  /**
   * Marks a channel unread from the post created at `at` on: the member has read everything before it, and the
   * given mention counts (from that post on) become theirs.
   */
  async markUnreadFrom(channelId: string, userId: string, at: number, mentions: { all: number; root: number }): Promise<void> {
    await this.db
      .updateTable('channel_members')
      .set({
        last_viewed_at: at - 1,
        msg_count: sql`(select count(*) from posts where channel_id = ${channelId} and create_at < ${at})`,
        msg_count_root: sql`(select count(*) from posts where channel_id = ${channelId} and root_id = '' and create_at < ${at})`,
        mention_count: mentions.all,
        mention_count_root: mentions.root,
        urgent_mention_count: 0,
        last_update_at: Date.now(),
      })
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .execute();
  }
  async incrementMentions(channelId: string, userIds: string[], isRoot: boolean): Promise<void> {
    if (!userIds.length) return;
    await this.db
      .updateTable('channel_members')
      .set({
        mention_count: sql`mention_count + 1`,
        mention_count_root: isRoot ? sql`mention_count_root + 1` : sql`mention_count_root`,
      })
      .where('channel_id', '=', channelId)
      .where('user_id', 'in', userIds)
      .execute();
  }
  /** Bumps the channel's counters for a new post. */
  async recordPost(channelId: string, createAt: number, isRoot: boolean): Promise<void> {
    await this.db
      .updateTable('channels')
      .set({
        last_post_at: sql`case when last_post_at > ${createAt} then last_post_at else ${createAt} end`,
        last_root_post_at: isRoot
          ? sql`case when last_root_post_at > ${createAt} then last_root_post_at else ${createAt} end`
          : sql`last_root_post_at`,
        total_msg_count: sql`total_msg_count + 1`,
        total_msg_count_root: isRoot ? sql`total_msg_count_root + 1` : sql`total_msg_count_root`,
      })
      .where('id', '=', channelId)
      .execute();
  }
  async counts(channelId: string): Promise<{ total: number; pinned: number; files: number }> {
    const r = await this.db.selectFrom('channels').select(['total_msg_count']).where('id', '=', channelId).executeTakeFirst();
    const p = await this.db
      .selectFrom('posts')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .where('is_pinned', '=', 1)
      .where('delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    const f = await this.db
      .selectFrom('file_info')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .where('post_id', '!=', '')
      .where('delete_at', '=', 0)
      .executeTakeFirstOrThrow();
    return { total: r?.total_msg_count ?? 0, pinned: Number(p.n), files: Number(f.n) };
  }
}
