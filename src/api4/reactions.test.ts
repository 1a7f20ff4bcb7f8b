// Reactions, pins and saved posts through Client4, with the events a second client receives.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { fails, useBasic } from '../../test/helper.ts';

const t = useBasic();

const post = (channelId: string, message: string) => t.basic.user.client.createPost({ channel_id: channelId, message } as Post);

describe('reactions', () => {
  it('refuses reacting in a channel archived after a reaction there (the channel is read from the cache)', async () => {
    const ch = await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: 'react-archive',
      display_name: 'Archive me',
      type: 'O',
    } as Channel);
    const p = await post(ch.id, 'soon archived');
    await t.basic.user.client.addReaction(t.basic.user.user.id, p.id, 'smile');
    await t.basic.user.client.deleteChannel(ch.id);
    const add = await fails(t.basic.user.client.addReaction(t.basic.user.user.id, p.id, 'tada'));
    expect([add.status_code, add.server_error_id]).toEqual([403, 'api.reaction.save.archived_channel.app_error']);
    const rm = await fails(t.basic.user.client.removeReaction(t.basic.user.user.id, p.id, 'smile'));
    expect([rm.status_code, rm.server_error_id]).toEqual([403, 'api.reaction.delete.archived_channel.app_error']);
  });

  it('adds, lists and removes reactions; the channel hears reaction_added and reaction_removed', async () => {
    const p = await post(t.basic.channel.id, 'react to me');
    const ws = await t.env.ws(t.basic.user2.client);
    const r = await t.basic.user2.client.addReaction(t.basic.user2.user.id, p.id, 'smile');
    expect(r).toMatchObject({
      user_id: t.basic.user2.user.id,
      post_id: p.id,
      emoji_name: 'smile',
      channel_id: t.basic.channel.id,
      delete_at: 0,
    });
    expect(r.create_at).toBeGreaterThan(0);
    const ev = await ws.next('reaction_added', (e) => JSON.parse(e.data.reaction).post_id === p.id);
    expect(ev.broadcast.channel_id).toBe(t.basic.channel.id);
    expect(JSON.parse(ev.data.reaction)).toMatchObject({ emoji_name: 'smile', user_id: t.basic.user2.user.id });
    // Saving the same reaction again keeps one.
    await t.basic.user2.client.addReaction(t.basic.user2.user.id, p.id, 'smile');
    await t.basic.user.client.addReaction(t.basic.user.user.id, p.id, '+1');
    const list = await t.basic.user.client.getReactionsForPost(p.id);
    expect(list.map((x) => `${x.user_id === t.basic.user.user.id ? 'u1' : 'u2'}:${x.emoji_name}`).sort()).toEqual(['u1:+1', 'u2:smile']);

    const got = await t.basic.user.client.getPost(p.id);
    expect((got as Post & { has_reactions?: boolean }).has_reactions).toBe(true);
    expect(got.metadata.reactions?.map((x) => x.emoji_name).sort()).toEqual(['+1', 'smile']);
    const page = await t.basic.user.client.getPosts(t.basic.channel.id);
    expect(page.posts[p.id].metadata.reactions).toHaveLength(2);

    await t.basic.user2.client.removeReaction(t.basic.user2.user.id, p.id, 'smile');
    const rm = await ws.next('reaction_removed', (e) => JSON.parse(e.data.reaction).post_id === p.id);
    expect(JSON.parse(rm.data.reaction)).toMatchObject({ emoji_name: 'smile', user_id: t.basic.user2.user.id });
    expect((await t.basic.user.client.getReactionsForPost(p.id)).map((x) => x.emoji_name)).toEqual(['+1']);
  });

  it('a channel page shows reactions as they come and go: has_reactions flips and update_at follows', async () => {
    const ch = await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: 'flips-' + Date.now().toString(36),
      display_name: 'Flips',
      type: 'O',
    } as Channel);
    await t.basic.user.client.addToChannel(t.basic.user2.user.id, ch.id);
    const p = await post(ch.id, 'react');
    const plain = await post(ch.id, 'plain');
    const page = async () => (await t.basic.user.client.getPosts(ch.id, 0, 60)).posts;
    const state = (x: Post) => [
      'has_reactions' in x ? (x as Post & { has_reactions?: boolean }).has_reactions : 'absent',
      (x.metadata.reactions ?? []).map((r) => r.emoji_name).sort(),
    ];
    expect(state((await page())[p.id])).toEqual(['absent', []]);

    await t.basic.user2.client.addReaction(t.basic.user2.user.id, p.id, 'smile');
    const plus = await t.basic.user.client.addReaction(t.basic.user.user.id, p.id, '+1');
    let posts = await page();
    expect(state(posts[p.id])).toEqual([true, ['+1', 'smile']]);
    expect(posts[p.id].update_at).toBe(plus.create_at);
    expect(state(posts[plain.id])).toEqual(['absent', []]);

    await t.basic.user.client.removeReaction(t.basic.user.user.id, p.id, '+1');
    expect(state((await page())[p.id])).toEqual([true, ['smile']]);
    // Once the clock has moved past the last change, removing the last reaction must move update_at again.
    const last = (await page())[p.id].update_at;
    while (Date.now() <= last) await new Promise((r) => setTimeout(r, 1));
    await t.basic.user2.client.removeReaction(t.basic.user2.user.id, p.id, 'smile');
    posts = await page();
    expect(state(posts[p.id])).toEqual(['absent', []]);
    expect(posts[p.id].update_at).toBeGreaterThan(last);
    expect((await t.basic.user.client.getPostsSince(ch.id, last)).order).toEqual([p.id]);
    expect(state(await t.basic.user.client.getPost(p.id))).toEqual(['absent', []]);
  });

  it('returns reactions for many posts at once, with an entry for each', async () => {
    const a = await post(t.basic.channel.id, 'a');
    const b = await post(t.basic.channel.id, 'b');
    await t.basic.user.client.addReaction(t.basic.user.user.id, a.id, 'tada');
    const r = await fetch(`${t.env.url}/api/v4/posts/ids/reactions`, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + t.basic.user.client.getToken(), 'content-type': 'application/json' },
      body: JSON.stringify([a.id, b.id]),
    });
    const body = (await r.json()) as Record<string, Array<{ emoji_name: string }>>;
    expect(body[a.id].map((x) => x.emoji_name)).toEqual(['tada']);
    expect(body[b.id]).toEqual([]);
  });

  it('refuses reacting for someone else, outsiders, bad names and others’ removals', async () => {
    const p = await post(t.basic.privateChannel.id, 'private');
    const e1 = await fails(t.basic.user.client.addReaction(t.basic.user2.user.id, p.id, 'smile'));
    expect(e1.status_code).toBe(403);
    expect(e1.server_error_id).toBe('api.reaction.save_reaction.user_id.app_error');
    const e2 = await fails(t.basic.user2.client.addReaction(t.basic.user2.user.id, p.id, 'smile'));
    expect(e2.status_code).toBe(403);
    expect(e2.server_error_id).toBe('api.context.permissions.app_error');
    const e3 = await fails(t.basic.user2.client.getReactionsForPost(p.id));
    expect(e3.status_code).toBe(403);
    const e4 = await fails(t.basic.user.client.addReaction(t.basic.user.user.id, p.id, 'not valid!'));
    expect(e4.status_code).toBe(400);
    const pub = await post(t.basic.channel.id, 'pub');
    await t.basic.user.client.addReaction(t.basic.user.user.id, pub.id, 'smile');
    const e5 = await fails(t.basic.user2.client.removeReaction(t.basic.user.user.id, pub.id, 'smile'));
    expect(e5.status_code).toBe(403);
    // A system admin may remove others' reactions.
    await t.basic.admin.client.addToChannel(t.basic.admin.user.id, t.basic.channel.id);
    await t.basic.admin.client.removeReaction(t.basic.user.user.id, pub.id, 'smile');
    expect(await t.basic.user.client.getReactionsForPost(pub.id)).toEqual([]);
  });
});

describe('pins', () => {
  it('pins and unpins; post_edited carries is_pinned; pinned list and stats follow', async () => {
    const p = await post(t.basic.channel.id, 'pin me');
    const ws = await t.env.ws(t.basic.user2.client);
    await t.basic.user2.client.pinPost(p.id);
    const ev = await ws.next('post_edited', (e) => JSON.parse(e.data.post).id === p.id && JSON.parse(e.data.post).is_pinned);
    expect(JSON.parse(ev.data.post).edit_at).toBe(0);
    const pinned = await t.basic.user.client.getPinnedPosts(t.basic.channel.id);
    expect(pinned.order).toEqual([p.id]);
    expect(pinned.posts[p.id].is_pinned).toBe(true);
    expect((await t.basic.user.client.getChannelStats(t.basic.channel.id)).pinnedpost_count).toBe(1);
    await t.basic.user.client.unpinPost(p.id);
    expect((await t.basic.user.client.getPinnedPosts(t.basic.channel.id)).order).toEqual([]);
    expect((await t.basic.user.client.getPost(p.id)).is_pinned).toBe(false);
  });

  it('refuses pinning in a channel the user cannot read', async () => {
    const p = await post(t.basic.privateChannel.id, 'secret');
    const e = await fails(t.basic.user2.client.pinPost(p.id));
    expect(e.status_code).toBe(403);
    const e2 = await fails(t.basic.user2.client.getPinnedPosts(t.basic.privateChannel.id));
    expect(e2.status_code).toBe(403);
  });
});

describe('saved posts', () => {
  it('lists flagged posts from the flagged_post preferences, newest first, readable only', async () => {
    const a = await post(t.basic.channel.id, 'save a');
    const b = await post(t.basic.channel.id, 'save b');
    const hidden = await post(t.basic.privateChannel.id, 'not for user2');
    await t.basic.user2.client.savePreferences(t.basic.user2.user.id, [
      { user_id: t.basic.user2.user.id, category: 'flagged_post', name: a.id, value: 'true' },
      { user_id: t.basic.user2.user.id, category: 'flagged_post', name: b.id, value: 'true' },
      { user_id: t.basic.user2.user.id, category: 'flagged_post', name: hidden.id, value: 'true' },
    ]);
    const list = await t.basic.user2.client.getFlaggedPosts(t.basic.user2.user.id);
    expect(list.order).toEqual([b.id, a.id]);
    const paged = await t.basic.user2.client.getFlaggedPosts(t.basic.user2.user.id, '', '', 1, 1);
    expect(paged.order).toEqual([a.id]);
    const inChannel = await t.basic.user2.client.getFlaggedPosts(t.basic.user2.user.id, t.basic.townSquare.id);
    expect(inChannel.order).toEqual([]);
    const e = await fails(t.basic.user.client.getFlaggedPosts(t.basic.user2.user.id));
    expect(e.status_code).toBe(403);
  });
});
