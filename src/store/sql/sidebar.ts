// Sidebar categories (favorites, channels, direct_messages, custom) and the channels placed in them, per user and team.
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

export interface SidebarCategoriesTable {
  id: string;
  user_id: string;
  team_id: string;
  sort_order: number;
  sorting: string;
  type: string;
  display_name: string;
  muted: number;
  collapsed: number;
}

export interface SidebarChannelsTable {
  channel_id: string;
  user_id: string;
  category_id: string;
  sort_order: number;
}

declare module './schema.ts' {
  interface DB {
    sidebar_categories: SidebarCategoriesTable;
    sidebar_channels: SidebarChannelsTable;
  }
}

export type SidebarCategoryType = 'favorites' | 'channels' | 'direct_messages' | 'custom';

/** Mattermost's SidebarCategoryWithChannels as it goes over the wire. */
export interface SidebarCategory {
  id: string;
  user_id: string;
  team_id: string;
  sort_order: number;
  sorting: string;
  type: SidebarCategoryType;
  display_name: string;
  muted: boolean;
  collapsed: boolean;
  channel_ids: string[];
}

/** Gap between consecutive sort orders, as Mattermost's MinimalSidebarSortDistance. */
export const SORT_DISTANCE = 10;

function fromRow(r: SidebarCategoriesTable, channelIds: string[]): SidebarCategory {
  return {
    id: r.id,
    user_id: r.user_id,
    team_id: r.team_id,
    sort_order: Number(r.sort_order),
    sorting: r.sorting,
    type: r.type as SidebarCategoryType,
    display_name: r.display_name,
    muted: !!r.muted,
    collapsed: !!r.collapsed,
    channel_ids: channelIds,
  };
}

export class SidebarStore {
  constructor(private db: Kysely<DB>) {}

  /** The user's categories in a team, ordered, each with its explicitly placed channels (not the implicit ones). */
  async listForTeam(userId: string, teamId: string): Promise<SidebarCategory[]> {
    const cats = await this.db
      .selectFrom('sidebar_categories')
      .selectAll()
      .where('user_id', '=', userId)
      .where('team_id', '=', teamId)
      .orderBy('sort_order', 'asc')
      .orderBy('id', 'asc')
      .execute();
    if (!cats.length) return [];
    const chans = await this.db
      .selectFrom('sidebar_channels')
      .select(['category_id', 'channel_id'])
      .where('user_id', '=', userId)
      .where(
        'category_id',
        'in',
        cats.map((c) => c.id),
      )
      .orderBy('sort_order', 'asc')
      .orderBy('channel_id', 'asc')
      .execute();
    const by = new Map<string, string[]>(cats.map((c) => [c.id, []]));
    for (const ch of chans) by.get(ch.category_id)?.push(ch.channel_id);
    return cats.map((c) => fromRow(c, by.get(c.id) ?? []));
  }

  async get(id: string): Promise<SidebarCategory | undefined> {
    const r = await this.db.selectFrom('sidebar_categories').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    const chans = await this.db
      .selectFrom('sidebar_channels')
      .select('channel_id')
      .where('category_id', '=', id)
      .orderBy('sort_order', 'asc')
      .orderBy('channel_id', 'asc')
      .execute();
    return fromRow(
      r,
      chans.map((c) => c.channel_id),
    );
  }

  /** Inserts a category unless one with its id exists (default categories have deterministic ids). */
  async insert(c: SidebarCategory): Promise<void> {
    await this.db
      .insertInto('sidebar_categories')
      .values({
        id: c.id,
        user_id: c.user_id,
        team_id: c.team_id,
        sort_order: c.sort_order,
        sorting: c.sorting,
        type: c.type,
        display_name: c.display_name,
        muted: c.muted ? 1 : 0,
        collapsed: c.collapsed ? 1 : 0,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  /** Updates the editable columns of a category. */
  async update(c: Pick<SidebarCategory, 'id' | 'display_name' | 'sorting' | 'muted' | 'collapsed'>): Promise<void> {
    await this.db
      .updateTable('sidebar_categories')
      .set({ display_name: c.display_name, sorting: c.sorting, muted: c.muted ? 1 : 0, collapsed: c.collapsed ? 1 : 0 })
      .where('id', '=', c.id)
      .execute();
  }

  async setSortOrder(id: string, sortOrder: number): Promise<void> {
    await this.db.updateTable('sidebar_categories').set({ sort_order: sortOrder }).where('id', '=', id).execute();
  }

  /** Replaces the channels placed in a category, in the given order. */
  async setChannels(userId: string, categoryId: string, channelIds: string[]): Promise<void> {
    await this.db.deleteFrom('sidebar_channels').where('category_id', '=', categoryId).execute();
    if (!channelIds.length) return;
    await this.db
      .insertInto('sidebar_channels')
      .values(channelIds.map((channel_id, i) => ({ channel_id, user_id: userId, category_id: categoryId, sort_order: i * SORT_DISTANCE })))
      .execute();
  }

  /** Takes channels out of the given categories (used when they move elsewhere). */
  async removeChannels(userId: string, categoryIds: string[], channelIds: string[]): Promise<void> {
    if (!categoryIds.length || !channelIds.length) return;
    await this.db
      .deleteFrom('sidebar_channels')
      .where('user_id', '=', userId)
      .where('category_id', 'in', categoryIds)
      .where('channel_id', 'in', channelIds)
      .execute();
  }

  async remove(id: string): Promise<void> {
    await this.db.deleteFrom('sidebar_channels').where('category_id', '=', id).execute();
    await this.db.deleteFrom('sidebar_categories').where('id', '=', id).execute();
  }
}
