// A post's edit history through Client4 (getPostEditHistory): the versions an edit replaces, newest first, for the
// author only; and the versions never appearing in pages, threads, search, pins, counts or by id.
import { describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

describe('edit history', () => {
  it('keeps each replaced version (original_id, delete_at) and answers them newest first', async () => {
    const c = t.basic.user.client;
    const ws = await t.env.ws(t.basic.user2.client);
    const p = await c.createPost({ channel_id: t.basic.channel.id, message: 'version one' } as Post);
    expect(p.edit_at).toBe(0);
    const two = await c.patchPost({ id: p.id, message: 'version two' } as Post);
    expect(two.edit_at).toBeGreaterThan(0);
    const edited = await ws.next('post_edited', (e) => JSON.parse(e.data.post).message === 'version two');
    expect(JSON.parse(edited.data.post).edit_at).toBe(two.edit_at);
    const three = await c.updatePost({ ...two, message: 'version three' });
    expect(three.edit_at).toBeGreaterThanOrEqual(two.edit_at);

    const history = await c.getPostEditHistory(p.id);
    expect(history.map((v) => v.message)).toEqual(['version two', 'version one']);
    for (const v of history) {
      expect(v.id).not.toBe(p.id);
      expect(v.original_id).toBe(p.id);
      expect(v.delete_at).toBeGreaterThan(0);
      expect(v.channel_id).toBe(t.basic.channel.id);
      expect(v.user_id).toBe(t.basic.user.user.id);
      expect(v.create_at).toBe(p.create_at);
    }
    // Each version was replaced by the next edit: the newest at the last edit, the oldest at the first.
    expect(history[0].delete_at).toBe(three.edit_at);
    expect(history[1].delete_at).toBe(two.edit_at);
    expect(history[0].edit_at).toBe(two.edit_at);
    expect(history[1].edit_at).toBe(0);
    expect((await c.getPost(p.id)).message).toBe('version three');
  });

  it('lets only the author read it; an unknown or deleted post is refused alike; no edits is 404', async () => {
    const c = t.basic.user.client;
    const p = await c.createPost({ channel_id: t.basic.channel.id, message: 'mine' } as Post);
    const untouched = await fails(c.getPostEditHistory(p.id));
    expect([untouched.status_code, untouched.server_error_id]).toEqual([404, 'app.post.get.app_error']);
    // A pin is no edit and keeps no version.
    await c.pinPost(p.id);
    expect((await fails(c.getPostEditHistory(p.id))).status_code).toBe(404);
    await c.patchPost({ id: p.id, message: 'mine, edited' } as Post);
    expect(await c.getPostEditHistory(p.id)).toHaveLength(1);

    const other = await fails(t.basic.user2.client.getPostEditHistory(p.id));
    expect([other.status_code, other.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    // Not even a system admin who may edit others' posts.
    const admin = await fails(t.basic.admin.client.getPostEditHistory(p.id));
    expect(admin.status_code).toBe(403);
    const unknown = await fails(c.getPostEditHistory('a'.repeat(26)));
    expect([unknown.status_code, unknown.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    await c.deletePost(p.id);
    expect((await fails(c.getPostEditHistory(p.id))).status_code).toBe(403);
  });

  it('never lists an old version in pages, since, threads, pins, search, by id or in the counts', async () => {
    const c = t.basic.user.client;
    const word = uniq('oldword');
    const ch = await c.createChannel({ team_id: t.basic.team.id, name: uniq('hist'), display_name: 'History', type: 'O' } as never);
    await c.addToChannel(t.basic.user2.user.id, ch.id);
    const before = Date.now() - 1;
    const start = await t.basic.user2.client.getChannel(ch.id);
    const root = await c.createPost({ channel_id: ch.id, message: `root ${word}` } as Post);
    const reply = await c.createPost({ channel_id: ch.id, message: `reply ${word}`, root_id: root.id } as Post);
    await c.pinPost(root.id);
    await c.patchPost({ id: root.id, message: 'root, new text' } as Post);
    await c.patchPost({ id: reply.id, message: 'reply, new text' } as Post);
    const versionIds = [...(await c.getPostEditHistory(root.id)), ...(await c.getPostEditHistory(reply.id))].map((v) => v.id);
    expect(versionIds).toHaveLength(2);
    const live = [root.id, reply.id].sort();

    const page = await c.getPosts(ch.id);
    expect(page.order.filter((id) => live.includes(id)).sort()).toEqual(live);
    for (const id of versionIds) expect(page.posts[id]).toBeUndefined();
    const since = await c.getPostsSince(ch.id, before);
    expect(Object.keys(since.posts).filter((id) => versionIds.includes(id))).toEqual([]);
    const thread = await c.getPostThread(root.id);
    expect(Object.keys(thread.posts).sort()).toEqual(live);
    expect(thread.posts[root.id].reply_count).toBe(1);
    const pinned = await c.getPinnedPosts(ch.id);
    expect(pinned.order).toEqual([root.id]);
    const found = await c.searchPosts(t.basic.team.id, word, false);
    expect(found.order).toEqual([]);
    expect((await c.searchPosts(t.basic.team.id, 'new text', false)).order.sort()).toEqual(live);
    expect(await c.getPostsByIds(versionIds)).toEqual([]);
    for (const id of versionIds) expect((await fails(c.getPost(id))).status_code).toBe(404);

    // Counts: the two posts count once each (not four), in the channel and in user2's unread count.
    const channel = await t.basic.user2.client.getChannel(ch.id);
    expect(channel.total_msg_count - start.total_msg_count).toBe(2);
    expect(channel.total_msg_count_root - start.total_msg_count_root).toBe(1);
    const around = await t.basic.user2.client.getPostsUnread(ch.id, t.basic.user2.user.id);
    expect(around.order.filter((id) => live.includes(id)).sort()).toEqual(live);
    expect(Object.keys(around.posts).filter((id) => versionIds.includes(id))).toEqual([]);
  });
});
