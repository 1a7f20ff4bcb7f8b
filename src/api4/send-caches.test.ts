// The send path reads channels, channel-member roles and usernames from caches: every change that matters to a post
// must reach them (archive/restore, membership, rename, username), so each case warms the caches with a post first.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

const post = (channel_id: string, message: string) => ({ channel_id, message }) as Post;

async function newChannel(type: 'O' | 'P'): Promise<Channel> {
  const ch = await t.basic.user.client.createChannel({
    team_id: t.basic.team.id,
    name: uniq('sc'),
    display_name: 'Send cache',
    type,
  } as Channel);
  await t.basic.user.client.addToChannel(t.basic.user2.user.id, ch.id);
  return ch;
}

describe('send path caches', () => {
  it('a post to a channel archived after a post is refused, and accepted again once restored', async () => {
    const ch = await newChannel('O');
    await t.basic.user2.client.createPost(post(ch.id, 'warm'));
    await t.basic.user.client.deleteChannel(ch.id);
    const e = await fails(t.basic.user2.client.createPost(post(ch.id, 'after archive')));
    expect([e.status_code, e.server_error_id]).toEqual([400, 'api.post.create_post.can_not_post_to_deleted.error']);
    await t.basic.user.client.unarchiveChannel(ch.id);
    expect((await t.basic.user2.client.createPost(post(ch.id, 'after restore'))).channel_id).toBe(ch.id);
  });

  it('a member removed from a private channel after posting can no longer post; added back, they can', async () => {
    const ch = await newChannel('P');
    await t.basic.user2.client.createPost(post(ch.id, 'warm'));
    await t.basic.user.client.removeFromChannel(t.basic.user2.user.id, ch.id);
    const e = await fails(t.basic.user2.client.createPost(post(ch.id, 'after removal')));
    expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    await t.basic.user.client.addToChannel(t.basic.user2.user.id, ch.id);
    expect((await t.basic.user2.client.createPost(post(ch.id, 'back'))).channel_id).toBe(ch.id);
  });

  it('a user who leaves the team can no longer post in its private channel', async () => {
    const u = await t.env.newUser('leaver');
    await t.basic.user.client.addToTeam(t.basic.team.id, u.user.id);
    const ch = await newChannel('P');
    await t.basic.user.client.addToChannel(u.user.id, ch.id);
    await u.client.createPost(post(ch.id, 'warm'));
    await u.client.removeFromTeam(t.basic.team.id, u.user.id);
    const e = await fails(u.client.createPost(post(ch.id, 'after leaving')));
    expect(e.status_code).toBe(403);
  });

  it('posted events carry the channel name and sender username as they are now', async () => {
    const ch = await newChannel('O');
    await t.basic.user2.client.createPost(post(ch.id, 'warm'));
    const name = uniq('renamed');
    await t.basic.user.client.patchChannel(ch.id, { name, display_name: 'Renamed' });
    const username = uniq('newname');
    await t.basic.user2.client.patchMe({ username });
    const ws = await t.env.ws(t.basic.user.client);
    const p = await t.basic.user2.client.createPost(post(ch.id, 'after rename'));
    const ev = await ws.next('posted', (e) => JSON.parse(e.data.post).id === p.id);
    expect([ev.data.channel_name, ev.data.channel_display_name, ev.data.sender_name]).toEqual([name, 'Renamed', '@' + username]);
    ws.close();
  });

  it('a reply updates the root (post_edited) with the new reply count and last reply time', async () => {
    const ch = await newChannel('O');
    const root = await t.basic.user.client.createPost(post(ch.id, 'root'));
    const ws = await t.env.ws(t.basic.user.client);
    const r1 = await t.basic.user2.client.createPost({ ...post(ch.id, 'one'), root_id: root.id } as Post);
    const e1 = await ws.next('post_edited', (e) => JSON.parse(e.data.post).id === root.id);
    expect(JSON.parse(e1.data.post)).toMatchObject({ id: root.id, message: 'root', reply_count: 1, last_reply_at: r1.create_at });
    const r2 = await t.basic.user2.client.createPost({ ...post(ch.id, 'two'), root_id: root.id } as Post);
    const e2 = await ws.next('post_edited', (e) => JSON.parse(e.data.post).id === root.id && JSON.parse(e.data.post).reply_count === 2);
    expect(JSON.parse(e2.data.post).last_reply_at).toBe(r2.create_at);
    expect((await t.basic.user.client.getPost(root.id)).reply_count).toBe(2);
    ws.close();
  });
});
