// /api/v4/posts through Client4: create, reply, get, thread, patch/update, delete with events, paging and channel counters.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

const FORBIDDEN = 'api.context.permissions.app_error';
const post = (channel_id: string, message: string, extra: Partial<Post> = {}) => ({ channel_id, message, ...extra }) as Post;

describe('create', () => {
  it('creates a post with 201, counts it on the channel and sends posted to members', async () => {
    const ws = await t.env.ws(t.basic.user2.client);
    const before = await t.basic.user.client.getChannel(t.basic.channel.id);
    const res = await fetch(t.env.url + '/api/v4/posts', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + t.basic.user.client.getToken(), 'content-type': 'application/json' },
      body: JSON.stringify(post(t.basic.channel.id, 'first #hashtag', { pending_post_id: 'pp-' + uniq() } as Partial<Post>)),
    });
    expect(res.status).toBe(201);
    const p = (await res.json()) as Post;
    expect(p.id).toMatch(/^[a-z0-9]{26}$/);
    expect(p.user_id).toBe(t.basic.user.user.id);
    expect(p.hashtags).toBe('#hashtag');
    const ev = await ws.next('posted', (e) => JSON.parse(e.data.post).id === p.id);
    expect(ev.broadcast.channel_id).toBe(t.basic.channel.id);
    expect(ev.data.channel_type).toBe('O');
    ws.close();
    const after = await t.basic.user.client.getChannel(t.basic.channel.id);
    expect(after.total_msg_count).toBe(before.total_msg_count + 1);
    expect(after.last_post_at).toBe(p.create_at);
    expect(after.last_post_at).toBeGreaterThanOrEqual(before.last_post_at);
  });

  it('refuses posting to a channel the user is not in, and bad input', async () => {
    const err = await fails(t.basic.user2.client.createPost(post(t.basic.privateChannel.id, 'sneaky')));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    const loner = await t.env.newUser('loner');
    expect((await fails(loner.client.createPost(post(t.basic.townSquare.id, 'hi')))).status_code).toBe(403);
    const empty = await fails(t.basic.user.client.createPost(post(t.basic.channel.id, '')));
    expect(empty.status_code).toBe(400);
    expect(empty.server_error_id).toBe('model.post.is_valid.msg.app_error');
    const tooLong = await fails(t.basic.user.client.createPost(post(t.basic.channel.id, 'x'.repeat(16384))));
    expect(tooLong.status_code).toBe(400);
    expect(tooLong.server_error_id).toBe('model.post.is_valid.msg.app_error');
    const badType = await fails(t.basic.user.client.createPost(post(t.basic.channel.id, 'x', { type: 'system_join_channel' })));
    expect(badType.status_code).toBe(400);
    expect(badType.server_error_id).toBe('model.post.is_valid.type.app_error');
    const noChannel = await fails(t.basic.user.client.createPost({ message: 'x' } as Post));
    expect(noChannel.status_code).toBe(400);
  });

  it('replies to a root: reply_count and last_reply_at on the root, and refuses bad roots', async () => {
    const root = await t.basic.user.client.createPost(post(t.basic.channel.id, 'root'));
    const r1 = await t.basic.user2.client.createPost(post(t.basic.channel.id, 'reply 1', { root_id: root.id }));
    const r2 = await t.basic.user.client.createPost(post(t.basic.channel.id, 'reply 2', { root_id: root.id }));
    expect(r1.root_id).toBe(root.id);
    const fresh = await t.basic.user.client.getPost(root.id);
    expect(fresh.reply_count).toBe(2);
    expect(fresh.last_reply_at).toBe(Math.max(r1.create_at, r2.create_at));
    const replyToReply = await fails(t.basic.user.client.createPost(post(t.basic.channel.id, 'nested', { root_id: r1.id })));
    expect(replyToReply.status_code).toBe(400);
    expect(replyToReply.server_error_id).toBe('api.post.create_post.root_id.app_error');
    const other = await t.basic.user.client.createPost(post(t.basic.townSquare.id, 'elsewhere'));
    const wrongChannel = await fails(t.basic.user.client.createPost(post(t.basic.channel.id, 'x', { root_id: other.id })));
    expect(wrongChannel.status_code).toBe(400);
    expect(wrongChannel.server_error_id).toBe('api.post.create_post.channel_root_id.app_error');
    const missing = await fails(t.basic.user.client.createPost(post(t.basic.channel.id, 'x', { root_id: 'p'.repeat(26) })));
    expect(missing.status_code).toBe(400);
  });
});

describe('read', () => {
  it('gets a post and its thread; others cannot; unknown is 404', async () => {
    const root = await t.basic.user.client.createPost(post(t.basic.privateChannel.id, 'secret root'));
    const reply = await t.basic.user.client.createPost(post(t.basic.privateChannel.id, 'secret reply', { root_id: root.id }));
    expect((await t.basic.user.client.getPost(root.id)).message).toBe('secret root');
    const thread = await t.basic.user.client.getPostThread(reply.id);
    expect(Object.keys(thread.posts).sort()).toEqual([root.id, reply.id].sort());
    expect(thread.order).toContain(root.id);
    const err = await fails(t.basic.user2.client.getPost(root.id));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    expect((await fails(t.basic.user2.client.getPostThread(root.id))).status_code).toBe(403);
    expect((await fails(t.basic.user2.client.getPosts(t.basic.privateChannel.id))).status_code).toBe(403);
    const nf = await fails(t.basic.user.client.getPost('q'.repeat(26)));
    expect(nf.status_code).toBe(404);
    expect(nf.server_error_id).toBe('app.post.get.app_error');
    expect((await fails(t.basic.user.client.getPost('bad'))).status_code).toBe(400);
    // Posts by ids leave out what the caller may not read.
    const pub = await t.basic.user.client.createPost(post(t.basic.channel.id, 'public'));
    const byIds = await t.basic.user2.client.getPostsByIds([root.id, pub.id]);
    expect(byIds.map((p) => p.id)).toEqual([pub.id]);
  });

  it('pages a channel newest first with page/per_page, before/after and since', async () => {
    const ch = await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: uniq('paging'),
      display_name: 'Paging',
      type: 'O',
    } as Channel);
    const created: Post[] = [];
    for (let i = 0; i < 6; i++) created.push(await t.basic.user.client.createPost(post(ch.id, 'm' + i)));
    const all = await t.basic.user.client.getPosts(ch.id, 0, 60);
    expect(all.order.length).toBe(6);
    expect(new Set(all.order)).toEqual(new Set(created.map((p) => p.id)));
    const times = all.order.map((id) => all.posts[id].create_at);
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    const p0 = await t.basic.user.client.getPosts(ch.id, 0, 2);
    const p1 = await t.basic.user.client.getPosts(ch.id, 1, 2);
    expect(p0.order).toEqual(all.order.slice(0, 2));
    expect(p1.order).toEqual(all.order.slice(2, 4));

    const pivot = all.order[2];
    const before = await t.basic.user.client.getPostsBefore(ch.id, pivot, 0, 2);
    expect(before.order).toEqual(all.order.slice(3, 5));
    const after = await t.basic.user.client.getPostsAfter(ch.id, pivot, 0, 10);
    expect(after.order).toEqual(all.order.slice(0, 2));

    const oldest = all.posts[all.order[5]];
    const since = await t.basic.user.client.getPostsSince(ch.id, oldest.create_at);
    const expected = all.order.filter((id) => all.posts[id].update_at > oldest.create_at);
    expect(new Set(since.order)).toEqual(new Set(expected));
    expect(since.order).not.toContain(oldest.id);
    // An edit brings an old post back into `since`.
    await t.basic.user.client.patchPost({ id: oldest.id, message: 'edited later' } as Post);
    const sinceEdit = await t.basic.user.client.getPostsSince(ch.id, all.posts[all.order[0]].update_at - 1);
    expect(sinceEdit.order).toContain(oldest.id);

    const bad = await fails(t.basic.user.client.getPostsBefore(ch.id, 'not-an-id', 0, 2));
    expect(bad.status_code).toBe(400);
    expect(bad.server_error_id).toBe('api.context.invalid_url_param.app_error');
    expect((await fails(t.basic.user.client.getPosts('r'.repeat(26)))).status_code).toBe(404);
  });

  // The content reads check the cached channel; each step first warms that cache with a read.
  it('channel content reads follow privacy and membership changes; GET channel keeps fresh counters', async () => {
    const ch = await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: uniq('cached'),
      display_name: 'Cached',
      type: 'O',
    } as Channel);
    await t.basic.user.client.addToChannel(t.basic.user2.user.id, ch.id);
    const outsider = await t.env.newUser('outsider');
    await t.basic.user.client.addToTeam(t.basic.team.id, outsider.user.id);
    const first = await t.basic.user2.client.createPost(post(ch.id, 'first'));
    expect((await outsider.client.getPosts(ch.id)).order).toContain(first.id);
    expect((await t.basic.user2.client.getPosts(ch.id)).order).toContain(first.id);
    const before = (await t.basic.user2.client.getChannel(ch.id)).total_msg_count;
    await t.basic.user2.client.createPost(post(ch.id, 'second'));
    expect((await t.basic.user2.client.getChannel(ch.id)).total_msg_count).toBe(before + 1);

    await t.basic.user.client.updateChannelPrivacy(ch.id, 'P');
    for (const read of [
      () => outsider.client.getPosts(ch.id),
      () => outsider.client.getPinnedPosts(ch.id),
      () => outsider.client.getChannelMembers(ch.id),
    ]) {
      const e = await fails(read());
      expect([e.status_code, e.server_error_id]).toEqual([403, FORBIDDEN]);
    }
    expect((await t.basic.user2.client.getPosts(ch.id)).order).toContain(first.id);
    expect((await t.basic.user2.client.getPostsUnread(ch.id, t.basic.user2.user.id)).order).toContain(first.id);

    await t.basic.user.client.removeFromChannel(t.basic.user2.user.id, ch.id);
    const reads = [
      () => t.basic.user2.client.getPosts(ch.id),
      () => t.basic.user2.client.getPostsSince(ch.id, first.create_at - 1),
      () => t.basic.user2.client.getPinnedPosts(ch.id),
      () => t.basic.user2.client.getPostsUnread(ch.id, t.basic.user2.user.id),
      () => t.basic.user2.client.getPost(first.id),
    ];
    for (const read of reads) expect((await fails(read())).status_code).toBe(403);
  });
});

describe('edit and delete', () => {
  it('patches the own post (post_edited, edit_at); others may not', async () => {
    const p = await t.basic.user.client.createPost(post(t.basic.channel.id, 'original'));
    const ws = await t.env.ws(t.basic.user2.client);
    const patched = await t.basic.user.client.patchPost({ id: p.id, message: 'edited' } as Post);
    expect(patched.message).toBe('edited');
    expect(patched.edit_at).toBeGreaterThan(0);
    const ev = await ws.next('post_edited', (e) => JSON.parse(e.data.post).id === p.id);
    expect(JSON.parse(ev.data.post).message).toBe('edited');
    ws.close();
    const err = await fails(t.basic.user2.client.patchPost({ id: p.id, message: 'hijack' } as Post));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    const nf = await fails(t.basic.user.client.patchPost({ id: 's'.repeat(26), message: 'x' } as Post));
    expect(nf.status_code).toBe(404);
    const badMsg = await fails(t.basic.user.client.patchPost({ id: p.id, message: 5 as unknown as string } as Post));
    expect(badMsg.status_code).toBe(400);
    expect((await t.basic.user2.client.getPost(p.id)).message).toBe('edited');
  });

  it('updates with PUT only when the body id matches; a system admin may edit others’ posts', async () => {
    const p = await t.basic.user.client.createPost(post(t.basic.channel.id, 'to update'));
    const updated = await t.basic.user.client.updatePost({ ...p, message: 'updated' });
    expect(updated.message).toBe('updated');
    const mismatch = await fetch(`${t.env.url}/api/v4/posts/${p.id}`, {
      method: 'PUT',
      headers: { authorization: 'Bearer ' + t.basic.user.client.getToken(), 'content-type': 'application/json' },
      body: JSON.stringify({ ...p, id: 't'.repeat(26), message: 'mismatch' }),
    });
    expect(mismatch.status).toBe(400);
    expect(((await mismatch.json()) as { id: string }).id).toBe('api.context.invalid_body_param.app_error');
    const byAdmin = await t.basic.admin.client.patchPost({ id: p.id, message: 'moderated' } as Post);
    expect(byAdmin.message).toBe('moderated');
    const err = await fails(t.basic.user2.client.updatePost({ ...p, message: 'nope' }));
    expect(err.status_code).toBe(403);
  });

  it('deletes a post (post_deleted), hiding it and its replies; others may not delete', async () => {
    const root = await t.basic.user.client.createPost(post(t.basic.channel.id, 'doomed'));
    const reply = await t.basic.user2.client.createPost(post(t.basic.channel.id, 'doomed reply', { root_id: root.id }));
    const err = await fails(t.basic.user2.client.deletePost(root.id));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    const ws = await t.env.ws(t.basic.user2.client);
    await t.basic.user.client.deletePost(root.id);
    const ev = await ws.next('post_deleted', (e) => JSON.parse(e.data.post).id === root.id);
    expect(JSON.parse(ev.data.post).delete_at).toBeGreaterThan(0);
    expect(ev.data.delete_by).toBeUndefined();
    ws.close();
    const nf = await fails(t.basic.user.client.getPost(root.id));
    expect(nf.status_code).toBe(404);
    expect((await fails(t.basic.user.client.getPost(reply.id))).status_code).toBe(404);
    const list = await t.basic.user.client.getPosts(t.basic.channel.id, 0, 200);
    expect(list.order).not.toContain(root.id);
    expect(list.order).not.toContain(reply.id);
    const again = await fails(t.basic.user.client.deletePost(root.id));
    expect(again.status_code).toBe(404);
    expect((await fails(t.basic.user.client.deletePost('bad'))).status_code).toBe(400);
  });

  it('deleting a reply lowers the root reply_count', async () => {
    const root = await t.basic.user.client.createPost(post(t.basic.channel.id, 'root2'));
    const reply = await t.basic.user.client.createPost(post(t.basic.channel.id, 'r', { root_id: root.id }));
    expect((await t.basic.user.client.getPost(root.id)).reply_count).toBe(1);
    await t.basic.user.client.deletePost(reply.id);
    expect((await t.basic.user.client.getPost(root.id)).reply_count).toBe(0);
  });
});
