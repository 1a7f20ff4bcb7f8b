// Sidebar categories: the three defaults made lazily per user and team, custom ones, ordering, and their events.
import { appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import { SORT_DISTANCE, type SidebarCategory, type SidebarCategoryType } from '../store/sql/sidebar.ts';
import type { Store } from '../store/store.ts';
import type { Actor } from './actor.ts';
import { requireSelfOr } from './authz.ts';
import type { AppContext } from './context.ts';

export type { SidebarCategory } from '../store/sql/sidebar.ts';

export interface OrderedSidebarCategories {
  categories: SidebarCategory[];
  order: string[];
}

/** What a client may send for a category (create or update): each field is checked here; unknown ones are ignored. */
export interface SidebarCategoryInput {
  id?: unknown;
  user_id?: unknown;
  team_id?: unknown;
  display_name?: unknown;
  sorting?: unknown;
  muted?: unknown;
  collapsed?: unknown;
  channel_ids?: unknown;
}

export const SIDEBAR_SORTINGS = ['', 'alpha', 'recent', 'manual'];
const FAVORITE_PREF = 'favorite_channel';

/** Default categories have deterministic ids (`<type>_<user>_<team>`) so concurrent first reads cannot duplicate them. */
export function defaultCategoryId(type: SidebarCategoryType, userId: string, teamId: string): string {
  return `${type}_${userId}_${teamId}`;
}

/** A category id as Mattermost accepts it: a 26-char id or a default category's composite id. */
export function isValidCategoryId(id: string): boolean {
  return /^[a-z0-9_]{26,128}$/.test(id);
}

async function isTeamMember(s: Store, userId: string, teamId: string): Promise<boolean> {
  const m = await s.teams.getMember(teamId, userId);
  return !!m && m.delete_at === 0;
}

/** Creates favorites/channels/direct_messages for a user in a team when missing; favorites start from the preference. */
async function ensureDefaults(s: Store, userId: string, teamId: string): Promise<void> {
  const existing = await s.sidebar.listForTeam(userId, teamId);
  const has = new Set(existing.map((c) => c.type));
  const base = { user_id: userId, team_id: teamId, muted: false, collapsed: false, channel_ids: [] as string[] };
  if (!has.has('favorites')) {
    const id = defaultCategoryId('favorites', userId, teamId);
    await s.sidebar.insert({ ...base, id, type: 'favorites', display_name: 'Favorites', sort_order: 0, sorting: '' });
    const prefs = (await s.preferences.list(userId, FAVORITE_PREF)).filter((p) => p.value === 'true');
    if (prefs.length) {
      const mine = new Map((await s.channels.listForUser(userId, teamId, false)).map((c) => [c.id, c]));
      const favs = prefs.map((p) => mine.get(p.name)).filter((c): c is Channel => !!c);
      favs.sort((a, b) => a.display_name.localeCompare(b.display_name) || a.name.localeCompare(b.name));
      await s.sidebar.setChannels(
        userId,
        id,
        favs.map((c) => c.id),
      );
    }
  }
  if (!has.has('channels'))
    await s.sidebar.insert({
      ...base,
      id: defaultCategoryId('channels', userId, teamId),
      type: 'channels',
      display_name: 'Channels',
      sort_order: 10,
      sorting: '',
    });
  if (!has.has('direct_messages'))
    await s.sidebar.insert({
      ...base,
      id: defaultCategoryId('direct_messages', userId, teamId),
      type: 'direct_messages',
      display_name: 'Direct Messages',
      sort_order: 20,
      sorting: 'recent',
    });
}

/**
 * Adds the channels no category holds: the team's public/private channels go to `channels`, DMs and GMs to
 * `direct_messages`, each sorted by display name and placed before the explicitly ordered ones.
 */
function completeImplicit(categories: SidebarCategory[], channels: Channel[]): void {
  const placed = new Set(categories.flatMap((c) => c.channel_ids));
  const live = channels.filter((ch) => ch.delete_at === 0 && !placed.has(ch.id));
  for (const cat of categories) {
    if (cat.type === 'channels')
      cat.channel_ids = [...live.filter((ch) => ch.type === 'O' || ch.type === 'P').map((ch) => ch.id), ...cat.channel_ids];
    else if (cat.type === 'direct_messages')
      cat.channel_ids = [...live.filter((ch) => ch.type === 'D' || ch.type === 'G').map((ch) => ch.id), ...cat.channel_ids];
  }
}

async function load(s: Store, userId: string, teamId: string): Promise<OrderedSidebarCategories> {
  const categories = await s.sidebar.listForTeam(userId, teamId);
  completeImplicit(categories, await s.channels.listForUser(userId, teamId, false));
  return { categories, order: categories.map((c) => c.id) };
}

/** GET categories: a non-member of the team has none; a member gets the defaults made on first read. */
async function categoriesOf(ctx: AppContext, userId: string, teamId: string): Promise<OrderedSidebarCategories> {
  if (!(await isTeamMember(ctx.store, userId, teamId))) return { categories: [], order: [] };
  const current = await load(ctx.store, userId, teamId);
  if (current.categories.length >= 3) return current;
  return ctx.store.tx(async (s) => {
    await ensureDefaults(s, userId, teamId);
    return load(s, userId, teamId);
  });
}

/** One category (with implicit channels) of this user and team, else 403 as Mattermost's SessionHasPermissionToCategory. */
async function ownCategory(ctx: AppContext, actor: Actor, userId: string, teamId: string, categoryId: string): Promise<SidebarCategory> {
  const all = await categoriesOf(ctx, userId, teamId);
  const cat = all.categories.find((c) => c.id === categoryId);
  if (!cat) throw Errors.forbidden('sidebarCategory', actor.userId, Permissions.EDIT_OTHER_USERS);
  return cat;
}

/** Keeps only channels of this team (or DMs/GMs) that the user is a member of, without duplicates. */
async function ownChannels(s: Store, userId: string, teamId: string, ids: unknown): Promise<string[]> {
  if (ids === undefined || ids === null) return [];
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) throw Errors.invalidBodyParam('category');
  const mine = new Set((await s.channels.listForUser(userId, teamId, true)).map((c) => c.id));
  return [...new Set(ids as string[])].filter((id) => mine.has(id));
}

function checkSorting(sorting: unknown): string {
  if (sorting === undefined || sorting === null) return '';
  if (typeof sorting !== 'string' || !SIDEBAR_SORTINGS.includes(sorting)) throw Errors.invalidBodyParam('category');
  return sorting;
}

async function renumber(s: Store, order: string[]): Promise<void> {
  for (let i = 0; i < order.length; i++) await s.sidebar.setSortOrder(order[i], i * SORT_DISTANCE);
}

/** Favorites mirror the `favorite_channel` preferences, as older clients read favorites from there. */
async function syncFavoritePrefs(s: Store, userId: string, before: string[], after: string[]): Promise<void> {
  const added = after.filter((id) => !before.includes(id));
  const removed = before.filter((id) => !after.includes(id));
  await s.preferences.remove(removed.map((name) => ({ user_id: userId, category: FAVORITE_PREF, name, value: 'true' })));
  await s.preferences.save(added.map((name) => ({ user_id: userId, category: FAVORITE_PREF, name, value: 'true' })));
}

/** Creates a custom category right after Favorites (or first); its channels leave the categories they were in. */
async function createCategory(ctx: AppContext, userId: string, teamId: string, input: SidebarCategoryInput): Promise<SidebarCategory> {
  if (typeof input.display_name !== 'string' || !input.display_name.trim() || input.display_name.length > 64)
    throw Errors.invalidBodyParam('display_name');
  const displayName = input.display_name.trim();
  const sorting = checkSorting(input.sorting);
  await categoriesOf(ctx, userId, teamId);
  const { created, moved } = await ctx.store.tx(async (s) => {
    const current = await s.sidebar.listForTeam(userId, teamId);
    if (!current.length) throw appError('app.channel.sidebar_categories.app_error', 'CreateSidebarCategory');
    const channelIds = await ownChannels(s, userId, teamId, input.channel_ids);
    const id = newId();
    const order = current.map((c) => c.id);
    if (current[0].type === 'favorites') order.splice(1, 0, id);
    else order.unshift(id);
    const cat: SidebarCategory = {
      id,
      user_id: userId,
      team_id: teamId,
      sort_order: order.indexOf(id) * SORT_DISTANCE,
      sorting,
      type: 'custom',
      display_name: displayName,
      muted: input.muted === true,
      collapsed: input.collapsed === true,
      channel_ids: channelIds,
    };
    await s.sidebar.insert(cat);
    const movedFrom = current.filter((c) => c.channel_ids.some((ch) => channelIds.includes(ch)));
    await s.sidebar.removeChannels(
      userId,
      movedFrom.map((c) => c.id),
      channelIds,
    );
    const fav = movedFrom.find((c) => c.type === 'favorites');
    if (fav)
      await syncFavoritePrefs(
        s,
        userId,
        fav.channel_ids,
        fav.channel_ids.filter((ch) => !channelIds.includes(ch)),
      );
    await s.sidebar.setChannels(userId, id, channelIds);
    await renumber(s, order);
    return { created: cat, moved: movedFrom.map((c) => c.id) };
  });
  ctx.events.publish(wsEvent(WsEvents.SidebarCategoryCreated, { category_id: created.id }, { teamId, userId }));
  if (moved.length) await publishUpdated(ctx, userId, teamId, moved);
  return created;
}

async function publishUpdated(ctx: AppContext, userId: string, teamId: string, ids: string[]): Promise<SidebarCategory[]> {
  const all = await load(ctx.store, userId, teamId);
  const updated = ids.map((id) => all.categories.find((c) => c.id === id)).filter((c): c is SidebarCategory => !!c);
  ctx.events.publish(wsEvent(WsEvents.SidebarCategoryUpdated, { updatedCategories: JSON.stringify(updated) }, { teamId, userId }));
  return updated;
}

/**
 * Updates categories of one user and team: name (custom only), sorting, muted, collapsed and the channel list
 * (not for direct_messages, whose order is implicit). A channel placed in one category leaves every other one.
 * Returns the updated categories in request order; unknown ids → 400 `category`.
 */
async function updateCategories(
  ctx: AppContext,
  userId: string,
  teamId: string,
  inputs: SidebarCategoryInput[],
): Promise<SidebarCategory[]> {
  await categoriesOf(ctx, userId, teamId);
  const ids = await ctx.store.tx(async (s) => {
    const current = await s.sidebar.listForTeam(userId, teamId);
    const byId = new Map(current.map((c) => [c.id, c]));
    const touched = new Set<string>();
    const placedNow = new Set<string>();
    for (const input of inputs) {
      const src = typeof input.id === 'string' ? byId.get(input.id) : undefined;
      if (!src) throw Errors.invalidBodyParam('category');
      const sorting = input.sorting === undefined ? src.sorting : checkSorting(input.sorting);
      if (input.muted !== undefined && typeof input.muted !== 'boolean') throw Errors.invalidBodyParam('category');
      if (input.collapsed !== undefined && typeof input.collapsed !== 'boolean') throw Errors.invalidBodyParam('category');
      let displayName = src.display_name;
      if (src.type === 'custom' && input.display_name !== undefined) {
        if (typeof input.display_name !== 'string' || !input.display_name.trim() || input.display_name.length > 64)
          throw Errors.invalidBodyParam('display_name');
        displayName = input.display_name.trim();
      }
      const muted = src.type === 'direct_messages' ? src.muted : (input.muted ?? src.muted);
      await s.sidebar.update({ id: src.id, display_name: displayName, sorting, muted, collapsed: input.collapsed ?? src.collapsed });
      touched.add(src.id);
      if (src.type === 'direct_messages' || input.channel_ids === undefined) continue;
      const channelIds = (await ownChannels(s, userId, teamId, input.channel_ids)).filter((id) => !placedNow.has(id));
      for (const id of channelIds) placedNow.add(id);
      const others = current.filter((c) => c.id !== src.id && c.channel_ids.some((ch) => channelIds.includes(ch)));
      await s.sidebar.removeChannels(
        userId,
        others.map((c) => c.id),
        channelIds,
      );
      for (const o of others) {
        touched.add(o.id);
        if (o.type === 'favorites')
          await syncFavoritePrefs(
            s,
            userId,
            o.channel_ids,
            o.channel_ids.filter((ch) => !channelIds.includes(ch)),
          );
        o.channel_ids = o.channel_ids.filter((ch) => !channelIds.includes(ch));
      }
      await s.sidebar.setChannels(userId, src.id, channelIds);
      if (src.type === 'favorites') await syncFavoritePrefs(s, userId, src.channel_ids, channelIds);
      else await s.preferences.remove(channelIds.map((name) => ({ user_id: userId, category: FAVORITE_PREF, name, value: 'true' })));
      src.channel_ids = channelIds;
    }
    return [...touched];
  });
  const updated = await publishUpdated(ctx, userId, teamId, ids);
  const requested = inputs.map((i) => i.id);
  return updated.filter((c) => requested.includes(c.id)).sort((a, b) => requested.indexOf(a.id) - requested.indexOf(b.id));
}

/** Reorders the user's categories in a team; the list must name each of them exactly once. */
async function updateCategoryOrder(ctx: AppContext, userId: string, teamId: string, order: string[]): Promise<string[]> {
  await categoriesOf(ctx, userId, teamId);
  await ctx.store.tx(async (s) => {
    const current = (await s.sidebar.listForTeam(userId, teamId)).map((c) => c.id);
    if (order.length !== current.length || new Set(order).size !== order.length || !order.every((id) => current.includes(id)))
      throw Errors.invalidBodyParam('category');
    await renumber(s, order);
  });
  ctx.events.publish(wsEvent(WsEvents.SidebarCategoryOrderUpdated, { order }, { teamId, userId }));
  return order;
}

/** Deletes a custom category; its channels fall back to Channels / Direct Messages. Defaults cannot be deleted. */
async function deleteCategory(ctx: AppContext, userId: string, teamId: string, categoryId: string): Promise<void> {
  await ctx.store.tx(async (s) => {
    const current = await s.sidebar.listForTeam(userId, teamId);
    const cat = current.find((c) => c.id === categoryId);
    if (!cat) throw appError('app.channel.sidebar_categories.app_error', 'DeleteSidebarCategory');
    if (cat.type !== 'custom') throw appError('app.channel.sidebar_categories.delete_invalid.app_error', 'DeleteSidebarCategory');
    await s.sidebar.remove(categoryId);
    await renumber(
      s,
      current.filter((c) => c.id !== categoryId).map((c) => c.id),
    );
  });
  ctx.events.publish(wsEvent(WsEvents.SidebarCategoryDeleted, { category_id: categoryId }, { teamId, userId }));
}

// ---- The use-cases: the path's user and team, checked against the actor. ----

/** Acting for someone else needs `edit_other_users` (Mattermost's SessionHasPermissionToUser). */
function requireCategoriesOf(ctx: AppContext, actor: Actor, userId: string): void {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'sidebarCategories');
}

function checkCategoryId(id: string): string {
  if (!isValidCategoryId(id)) throw Errors.invalidUrlParam('category_id');
  return id;
}

/** A category sent for one user and team must name them. */
function checkOwner(input: SidebarCategoryInput, userId: string, teamId: string): SidebarCategoryInput {
  if (input.user_id !== userId || input.team_id !== teamId) throw Errors.invalidBodyParam('category');
  return input;
}

/** The user's categories in a team, in order (the defaults made on first read; none for a non-member). */
export async function getSidebarCategories(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  teamId: string,
): Promise<OrderedSidebarCategories> {
  requireCategoriesOf(ctx, actor, userId);
  return categoriesOf(ctx, userId, teamId);
}

/** The ids of the user's categories in a team, in order. */
export async function getSidebarCategoryOrder(ctx: AppContext, actor: Actor, userId: string, teamId: string): Promise<string[]> {
  return (await getSidebarCategories(ctx, actor, userId, teamId)).order;
}

/** One of the user's categories in a team. */
export async function getSidebarCategory(ctx: AppContext, actor: Actor, userId: string, teamId: string, categoryId: string) {
  requireCategoriesOf(ctx, actor, userId);
  return ownCategory(ctx, actor, userId, teamId, checkCategoryId(categoryId));
}

export async function createSidebarCategory(ctx: AppContext, actor: Actor, userId: string, teamId: string, input: SidebarCategoryInput) {
  requireCategoriesOf(ctx, actor, userId);
  return createCategory(ctx, userId, teamId, checkOwner(input, userId, teamId));
}

export async function updateSidebarCategories(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  teamId: string,
  inputs: SidebarCategoryInput[],
) {
  requireCategoriesOf(ctx, actor, userId);
  return updateCategories(ctx, userId, teamId, inputs);
}

/** One category updated; the body's id, if any, is replaced by the path's. */
export async function updateSidebarCategory(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  teamId: string,
  categoryId: string,
  input: SidebarCategoryInput,
): Promise<SidebarCategory> {
  requireCategoriesOf(ctx, actor, userId);
  const id = checkCategoryId(categoryId);
  await ownCategory(ctx, actor, userId, teamId, id);
  const [updated] = await updateCategories(ctx, userId, teamId, [{ ...checkOwner(input, userId, teamId), id }]);
  return updated;
}

export async function updateSidebarCategoryOrder(ctx: AppContext, actor: Actor, userId: string, teamId: string, order: string[]) {
  requireCategoriesOf(ctx, actor, userId);
  return updateCategoryOrder(ctx, userId, teamId, order);
}

export async function deleteSidebarCategory(ctx: AppContext, actor: Actor, userId: string, teamId: string, categoryId: string) {
  requireCategoriesOf(ctx, actor, userId);
  const id = checkCategoryId(categoryId);
  await ownCategory(ctx, actor, userId, teamId, id);
  await deleteCategory(ctx, userId, teamId, id);
}
