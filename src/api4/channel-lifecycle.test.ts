// Archiving and restoring channels through Client4: system posts, events, refusals, and posting to archived channels.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

async function newChannel(type: 'O' | 'P' = 'O'): Promise<Channel> {
  const ch = await t.basic.user.client.createChannel({
    team_id: t.basic.team.id,
    name: uniq('life'),
    display_name: 'Life',
    type,
  } as Channel);
  await t.basic.user.client.addToChannel(t.basic.user2.user.id, ch.id);
  return ch;
}

describe('archive', () => {
  it('archives with a system post; team and channel hear channel_deleted; posting is refused', async () => {
    const ch = await newChannel();
    const ws = await t.env.ws(t.basic.user2.client);
    const adminWs = await t.env.ws(t.basic.admin.client);
    await t.basic.user.client.deleteChannel(ch.id);

    const onChannel = await ws.next('channel_deleted', (e) => e.data.channel_id === ch.id && e.broadcast.channel_id === ch.id);
    expect(onChannel.data.delete_at).toBeGreaterThan(0);
    const onTeam = await adminWs.next('channel_deleted', (e) => e.data.channel_id === ch.id && e.broadcast.team_id === t.basic.team.id);
    expect(onTeam.data.delete_at).toBe(onChannel.data.delete_at);
    const posted = await ws.next(
      'posted',
      (e) => JSON.parse(e.data.post).channel_id === ch.id && JSON.parse(e.data.post).type === 'system_channel_deleted',
    );
    expect(JSON.parse(posted.data.post)).toMatchObject({ user_id: t.basic.user.user.id, props: { username: t.basic.user.user.username } });

    const got = await t.basic.user.client.getChannel(ch.id);
    expect(got.delete_at).toBe(onChannel.data.delete_at);
    const e = await fails(t.basic.user2.client.createPost({ channel_id: ch.id, message: 'too late' } as Post));
    expect(e.status_code).toBe(400);
    expect(e.server_error_id).toBe('api.post.create_post.can_not_post_to_deleted.error');
    const again = await fails(t.basic.user.client.deleteChannel(ch.id));
    expect(again.server_error_id).toBe('api.channel.delete_channel.deleted.app_error');
    const deleted = await t.basic.user.client.getArchivedChannels(t.basic.team.id);
    expect(deleted.map((c) => c.id)).toContain(ch.id);
  });

  it('refuses town-square, DMs and users without the permission', async () => {
    const e1 = await fails(t.basic.admin.client.deleteChannel(t.basic.townSquare.id));
    expect(e1.status_code).toBe(400);
    expect(e1.server_error_id).toBe('api.channel.delete_channel.cannot.app_error');
    const dm = await t.basic.user.client.createDirectChannel([t.basic.user.user.id, t.basic.user2.user.id]);
    const e2 = await fails(t.basic.user.client.deleteChannel(dm.id));
    expect(e2.server_error_id).toBe('api.channel.delete_channel.type.invalid');
    const priv = await newChannel('P');
    const outsider = await t.env.newUser('outsider');
    const e3 = await fails(outsider.client.deleteChannel(priv.id));
    expect(e3.status_code).toBe(403);
    const teammate = await t.env.newUser('teammate');
    await t.basic.user.client.addToTeam(t.basic.team.id, teammate.user.id);
    const e4 = await fails(teammate.client.deleteChannel(priv.id));
    expect(e4.status_code).toBe(403);
    expect((await t.basic.user.client.getChannel(priv.id)).delete_at).toBe(0);
  });

  it('refuses reactions and pins on archived channels', async () => {
    const ch = await newChannel();
    const p = await t.basic.user.client.createPost({ channel_id: ch.id, message: 'before' } as Post);
    await t.basic.user.client.deleteChannel(ch.id);
    const e = await fails(t.basic.user.client.addReaction(t.basic.user.user.id, p.id, 'smile'));
    expect(e.status_code).toBe(403);
    expect(e.server_error_id).toBe('api.reaction.save.archived_channel.app_error');
    const e2 = await fails(t.basic.user.client.pinPost(p.id));
    expect(e2.status_code).toBe(400);
  });
});

describe('restore', () => {
  it('restores with a system post and channel_restored; posting works again', async () => {
    const ch = await newChannel();
    await t.basic.user.client.deleteChannel(ch.id);
    const ws = await t.env.ws(t.basic.user2.client);
    const restored = await t.basic.user.client.unarchiveChannel(ch.id);
    expect(restored.id).toBe(ch.id);
    expect(restored.delete_at).toBe(0);
    const ev = await ws.next('channel_restored', (e) => e.data.channel_id === ch.id);
    expect(ev.broadcast.channel_id || ev.broadcast.team_id).toBeTruthy();
    await ws.next(
      'posted',
      (e) => JSON.parse(e.data.post).channel_id === ch.id && JSON.parse(e.data.post).type === 'system_channel_restored',
    );
    const p = await t.basic.user2.client.createPost({ channel_id: ch.id, message: 'back' } as Post);
    expect(p.channel_id).toBe(ch.id);
    const e = await fails(t.basic.user.client.unarchiveChannel(ch.id));
    expect(e.server_error_id).toBe('api.channel.restore_channel.restored.app_error');
  });

  it('needs manage_team', async () => {
    const ch = await newChannel();
    await t.basic.user.client.deleteChannel(ch.id);
    const e = await fails(t.basic.user2.client.unarchiveChannel(ch.id));
    expect(e.status_code).toBe(403);
    expect((await t.basic.user.client.getChannel(ch.id)).delete_at).toBeGreaterThan(0);
  });
});
