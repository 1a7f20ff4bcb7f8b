// Sidebar categories: lazy defaults, implicit channels, custom categories, moves, order, delete, events, permissions.
import { describe, expect, it } from 'vitest';
import type { ChannelCategory, OrderedChannelCategories } from '@mattermost/types/channel_categories';
import { CategorySorting } from '@mattermost/types/channel_categories';
import { fails, useBasic } from '../../test/helper.ts';

const t = useBasic();

const byType = (o: OrderedChannelCategories, t: string) => o.categories.find((c) => c.type === t)!;

describe('sidebar categories', () => {
  it('creates favorites, channels and direct messages on first read, with implicit channels', async () => {
    const { client, user } = t.basic.user;
    const dm = await client.createDirectChannel([user.id, t.basic.user2.user.id]);
    const o = await client.getChannelCategories(user.id, t.basic.team.id);
    expect(o.categories.map((c) => c.type)).toEqual(['favorites', 'channels', 'direct_messages']);
    expect(o.order).toEqual(o.categories.map((c) => c.id));
    expect(byType(o, 'favorites').id).toBe(`favorites_${user.id}_${t.basic.team.id}`);
    expect(byType(o, 'direct_messages').sorting).toBe('recent');
    expect((byType(o, 'channels') as ChannelCategory & { sort_order: number }).sort_order).toBe(10);
    const chans = byType(o, 'channels').channel_ids;
    expect(chans).toEqual(expect.arrayContaining([t.basic.channel.id, t.basic.privateChannel.id, t.basic.townSquare.id]));
    expect(chans).not.toContain(dm.id);
    expect(byType(o, 'direct_messages').channel_ids).toEqual([dm.id]);
    // a second read does not duplicate anything
    const again = await client.getChannelCategories(user.id, t.basic.team.id);
    expect(again.order).toEqual(o.order);
    expect(await client.getChannelCategoryOrder(user.id, t.basic.team.id)).toEqual(o.order);
  });

  it('moves a channel to favorites, mirrors the preference and sends sidebar_category_updated', async () => {
    const { client, user } = t.basic.user;
    const ws = await t.env.ws(client);
    const o = await client.getChannelCategories(user.id, t.basic.team.id);
    const fav = byType(o, 'favorites');
    const updated = await client.updateChannelCategories(user.id, t.basic.team.id, [{ ...fav, channel_ids: [t.basic.channel.id] }]);
    expect(updated).toHaveLength(1);
    expect(updated[0].channel_ids).toEqual([t.basic.channel.id]);
    const after = await client.getChannelCategories(user.id, t.basic.team.id);
    expect(byType(after, 'favorites').channel_ids).toEqual([t.basic.channel.id]);
    expect(byType(after, 'channels').channel_ids).not.toContain(t.basic.channel.id);
    const prefs = (await client.getMyPreferences()) as unknown as Array<{ category: string; name: string; value: string }>;
    expect(prefs.find((p) => p.category === 'favorite_channel' && p.name === t.basic.channel.id)?.value).toBe('true');
    const ev = await ws.next('sidebar_category_updated', (e) => e.broadcast.team_id === t.basic.team.id);
    expect(ev.broadcast.user_id).toBe(user.id);
    expect(JSON.parse(ev.data.updatedCategories).map((c: ChannelCategory) => c.id)).toContain(fav.id);
  });

  it('creates a custom category after favorites, takes its channels, reorders and deletes it', async () => {
    const { client, user } = t.basic.user;
    const ws = await t.env.ws(client);
    const cat = await client.createChannelCategory(user.id, t.basic.team.id, {
      user_id: user.id,
      team_id: t.basic.team.id,
      display_name: 'Work',
      channel_ids: [t.basic.privateChannel.id, 'x'.repeat(26)],
      sorting: CategorySorting.Manual,
    } as ChannelCategory);
    expect(cat.type).toBe('custom');
    expect(cat.id).toMatch(/^[a-z0-9]{26}$/);
    expect(cat.channel_ids).toEqual([t.basic.privateChannel.id]);
    await ws.next('sidebar_category_created', (e) => e.data.category_id === cat.id);
    let o = await client.getChannelCategories(user.id, t.basic.team.id);
    expect(o.order[1]).toBe(cat.id);
    expect(byType(o, 'channels').channel_ids).not.toContain(t.basic.privateChannel.id);

    const renamed = await client.updateChannelCategory(user.id, t.basic.team.id, { ...cat, display_name: 'Projects' });
    expect(renamed.display_name).toBe('Projects');
    // default categories keep their names
    const ch = byType(o, 'channels');
    const [same] = await client.updateChannelCategories(user.id, t.basic.team.id, [{ ...ch, display_name: 'Renamed' }]);
    expect(same.display_name).toBe('Channels');

    const order = [...o.order].reverse();
    expect(await client.updateChannelCategoryOrder(user.id, t.basic.team.id, order)).toEqual(order);
    expect((await ws.next('sidebar_category_order_updated')).data.order).toEqual(order);
    expect((await client.getChannelCategories(user.id, t.basic.team.id)).order).toEqual(order);
    expect((await fails(client.updateChannelCategoryOrder(user.id, t.basic.team.id, order.slice(1)))).status_code).toBe(400);

    const nope = await fails(client.deleteChannelCategory(user.id, t.basic.team.id, ch.id));
    expect(nope.status_code).toBe(400);
    await client.deleteChannelCategory(user.id, t.basic.team.id, cat.id);
    await ws.next('sidebar_category_deleted', (e) => e.data.category_id === cat.id);
    o = await client.getChannelCategories(user.id, t.basic.team.id);
    expect(o.order).not.toContain(cat.id);
    expect(byType(o, 'channels').channel_ids).toContain(t.basic.privateChannel.id);
  });

  it('keeps other users out', async () => {
    const mine = await t.basic.user.client.getChannelCategories(t.basic.user.user.id, t.basic.team.id);
    expect((await fails(t.basic.user2.client.getChannelCategories(t.basic.user.user.id, t.basic.team.id))).status_code).toBe(403);
    const other = await fails(t.basic.user2.client.getChannelCategory(t.basic.user2.user.id, t.basic.team.id, mine.order[0]));
    expect(other.status_code).toBe(403);
    const bad = await fails(
      t.basic.user.client.createChannelCategory(t.basic.user.user.id, t.basic.team.id, {
        user_id: t.basic.user2.user.id,
        team_id: t.basic.team.id,
        display_name: 'x',
      } as ChannelCategory),
    );
    expect(bad).toMatchObject({ status_code: 400, server_error_id: 'api.context.invalid_body_param.app_error' });
    // an admin may read them (edit_other_users)
    const seen = await t.basic.admin.client.getChannelCategories(t.basic.user.user.id, t.basic.team.id);
    expect(seen.order).toEqual(mine.order);
  });
});
