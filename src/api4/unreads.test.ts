// Team unread counts and the posts around the first unread post; plus the small startup routes (limits, plugins,
// notices, emoji, images).
import { describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { fails, useBasic, type Basic } from '../../test/helper.ts';

const t = useBasic();

/** A raw GET with a client's token: status and JSON. */
async function get(token: string, p: string): Promise<{ status: number; json: any }> {
  const res = await fetch(t.env.url + '/api/v4' + p, { headers: { authorization: 'Bearer ' + token } });
  return { status: res.status, json: await res.json().catch(() => undefined) };
}

const post = (c: Basic['user']['client'], channel_id: string, message: string) => c.createPost({ channel_id, message } as Post);

describe('unreads', () => {
  it('counts unread posts and mentions per team', async () => {
    const cid = t.basic.channel.id;
    for (const ch of await t.basic.user2.client.getMyChannels(t.basic.team.id)) await t.basic.user2.client.viewMyChannel(ch.id);
    await post(t.basic.user.client, cid, 'one');
    await post(t.basic.user.client, cid, 'two @' + t.basic.user2.user.username);
    const [tu] = (await t.basic.user2.client.getMyTeamUnreads(false)).filter((u) => u.team_id === t.basic.team.id);
    expect(tu).toMatchObject({ team_id: t.basic.team.id, msg_count: 2, mention_count: 1 });
    const single = (await get(t.basic.user2.client.getToken(), `/users/me/teams/${t.basic.team.id}/unread`)).json;
    expect(single).toMatchObject({ team_id: t.basic.team.id, msg_count: 2, mention_count: 1 });
    await t.basic.user2.client.viewMyChannel(cid);
    const [after] = (await t.basic.user2.client.getMyTeamUnreads(false)).filter((u) => u.team_id === t.basic.team.id);
    expect(after).toMatchObject({ msg_count: 0, mention_count: 0 });
    expect((await get(t.basic.user.client.getToken(), `/users/${t.basic.user2.user.id}/teams/unread`)).status).toBe(403);
  });

  it('returns the window around the first unread post', async () => {
    const ch = await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: 'unreadwin',
      display_name: 'Unread',
      type: 'O',
    } as never);
    await t.basic.user2.client.addToChannel(t.basic.user2.user.id, ch.id);
    const old: Post[] = [];
    for (let i = 0; i < 4; i++) old.push(await post(t.basic.user.client, ch.id, 'old ' + i));
    await t.basic.user2.client.viewMyChannel(ch.id);
    const fresh: Post[] = [];
    for (let i = 0; i < 3; i++) fresh.push(await post(t.basic.user.client, ch.id, 'new ' + i));
    const list = await t.basic.user2.client.getPostsUnread(ch.id, t.basic.user2.user.id, 2, 2);
    // two unread (oldest first from the read mark), two read before them; newest first
    expect(list.order).toEqual([fresh[1].id, fresh[0].id, old[3].id, old[2].id]);
    expect(list.next_post_id).toBe(fresh[2].id);
    expect(list.prev_post_id).toBe(old[1].id);
    await t.basic.user2.client.viewMyChannel(ch.id);
    const none = await t.basic.user2.client.getPostsUnread(ch.id, t.basic.user2.user.id, 2, 2);
    expect(none.order).toEqual([fresh[2].id, fresh[1].id]);
    expect(none.next_post_id).toBe('');
    expect(none.prev_post_id).toBe(fresh[0].id);
  });
});

describe('startup extras', () => {
  it('answers limits, plugins, notices, emoji and images', async () => {
    const admin = (await t.basic.admin.client.getServerLimits()).data;
    expect(admin).toMatchObject({ maxUsersLimit: 0 });
    expect((admin as unknown as { activeUserCount: number }).activeUserCount).toBeGreaterThanOrEqual(3);
    expect((await t.basic.user.client.getServerLimits()).data).toMatchObject({ activeUserCount: 0, maxUsersLimit: 0 });
    expect(await (await fetch(t.env.url + '/api/v4/plugins/webapp')).json()).toEqual([]);
    expect(await t.basic.user.client.getCustomEmojis()).toEqual([]);
    expect((await fails(t.basic.user.client.getCustomEmojiByName('nope'))).status_code).toBe(404);
    const img = await fetch(`${t.env.url}/api/v4/users/${t.basic.user2.user.id}/image`, {
      headers: { authorization: 'Bearer ' + t.basic.user.client.getToken() },
    });
    expect(img.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await img.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect((await fetch(`${t.env.url}/api/v4/users/${t.basic.user2.user.id}/image`)).status).toBe(401);
    expect(await get(t.basic.user.client.getToken(), `/teams/${t.basic.team.id}/image`)).toMatchObject({
      status: 404,
      json: { id: 'api.team.get_team_icon.read_file.app_error' },
    });
  });
});
