// Archiving and restoring channels through Client4: system posts, events, refusals, and posting to archived channels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { fails, initBasic, setup, uniq, type Basic, type TestEnv } from '../../test/helper.ts';

let env: TestEnv;
let basic: Basic;
beforeAll(async () => {
  env = await setup();
  basic = await initBasic(env);
});
afterAll(async () => env?.close());

async function newChannel(type: 'O' | 'P' = 'O'): Promise<Channel> {
  const ch = await basic.user.client.createChannel({ team_id: basic.team.id, name: uniq('life'), display_name: 'Life', type } as Channel);
  await basic.user.client.addToChannel(basic.user2.user.id, ch.id);
  return ch;
}

describe('archive', () => {
  it('archives with a system post; team and channel hear channel_deleted; posting is refused', async () => {
    const ch = await newChannel();
    const ws = await env.ws(basic.user2.client);
    const adminWs = await env.ws(basic.admin.client);
    await basic.user.client.deleteChannel(ch.id);

    const onChannel = await ws.next('channel_deleted', (e) => e.data.channel_id === ch.id && e.broadcast.channel_id === ch.id);
    expect(onChannel.data.delete_at).toBeGreaterThan(0);
    const onTeam = await adminWs.next('channel_deleted', (e) => e.data.channel_id === ch.id && e.broadcast.team_id === basic.team.id);
    expect(onTeam.data.delete_at).toBe(onChannel.data.delete_at);
    const posted = await ws.next(
      'posted',
      (e) => JSON.parse(e.data.post).channel_id === ch.id && JSON.parse(e.data.post).type === 'system_channel_deleted',
    );
    expect(JSON.parse(posted.data.post)).toMatchObject({ user_id: basic.user.user.id, props: { username: basic.user.user.username } });

    const got = await basic.user.client.getChannel(ch.id);
    expect(got.delete_at).toBe(onChannel.data.delete_at);
    const e = await fails(basic.user2.client.createPost({ channel_id: ch.id, message: 'too late' } as Post));
    expect(e.status_code).toBe(400);
    expect(e.server_error_id).toBe('api.post.create_post.can_not_post_to_deleted.error');
    const again = await fails(basic.user.client.deleteChannel(ch.id));
    expect(again.server_error_id).toBe('api.channel.delete_channel.deleted.app_error');
    const deleted = await basic.user.client.getArchivedChannels(basic.team.id);
    expect(deleted.map((c) => c.id)).toContain(ch.id);
  });

  it('refuses town-square, DMs and users without the permission', async () => {
    const e1 = await fails(basic.admin.client.deleteChannel(basic.townSquare.id));
    expect(e1.status_code).toBe(400);
    expect(e1.server_error_id).toBe('api.channel.delete_channel.cannot.app_error');
    const dm = await basic.user.client.createDirectChannel([basic.user.user.id, basic.user2.user.id]);
    const e2 = await fails(basic.user.client.deleteChannel(dm.id));
    expect(e2.server_error_id).toBe('api.channel.delete_channel.type.invalid');
    const priv = await newChannel('P');
    const outsider = await env.newUser('outsider');
    const e3 = await fails(outsider.client.deleteChannel(priv.id));
    expect(e3.status_code).toBe(403);
    const teammate = await env.newUser('teammate');
    await basic.user.client.addToTeam(basic.team.id, teammate.user.id);
    const e4 = await fails(teammate.client.deleteChannel(priv.id));
    expect(e4.status_code).toBe(403);
    expect((await basic.user.client.getChannel(priv.id)).delete_at).toBe(0);
  });

  it('refuses reactions and pins on archived channels', async () => {
    const ch = await newChannel();
    const p = await basic.user.client.createPost({ channel_id: ch.id, message: 'before' } as Post);
    await basic.user.client.deleteChannel(ch.id);
    const e = await fails(basic.user.client.addReaction(basic.user.user.id, p.id, 'smile'));
    expect(e.status_code).toBe(403);
    expect(e.server_error_id).toBe('api.reaction.save.archived_channel.app_error');
    const e2 = await fails(basic.user.client.pinPost(p.id));
    expect(e2.status_code).toBe(400);
  });
});

describe('restore', () => {
  it('restores with a system post and channel_restored; posting works again', async () => {
    const ch = await newChannel();
    await basic.user.client.deleteChannel(ch.id);
    const ws = await env.ws(basic.user2.client);
    const restored = await basic.user.client.unarchiveChannel(ch.id);
    expect(restored.id).toBe(ch.id);
    expect(restored.delete_at).toBe(0);
    const ev = await ws.next('channel_restored', (e) => e.data.channel_id === ch.id);
    expect(ev.broadcast.channel_id || ev.broadcast.team_id).toBeTruthy();
    await ws.next(
      'posted',
      (e) => JSON.parse(e.data.post).channel_id === ch.id && JSON.parse(e.data.post).type === 'system_channel_restored',
    );
    const p = await basic.user2.client.createPost({ channel_id: ch.id, message: 'back' } as Post);
    expect(p.channel_id).toBe(ch.id);
    const e = await fails(basic.user.client.unarchiveChannel(ch.id));
    expect(e.server_error_id).toBe('api.channel.restore_channel.restored.app_error');
  });

  it('needs manage_team', async () => {
    const ch = await newChannel();
    await basic.user.client.deleteChannel(ch.id);
    const e = await fails(basic.user2.client.unarchiveChannel(ch.id));
    expect(e.status_code).toBe(403);
    expect((await basic.user.client.getChannel(ch.id)).delete_at).toBeGreaterThan(0);
  });
});
