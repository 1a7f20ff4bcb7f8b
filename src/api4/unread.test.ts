// Unreads and mentions through @mattermost/client: per-member counts, mark as unread (post_unread), and who a
// message mentions under each notify prop.
import { describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import type { UserProfile } from '@mattermost/types/users';
import { fails, useBasic, type Basic } from '../../test/helper.ts';
import { setChannelMemberNotifyProp } from '../../test/db.ts';
import { resolveMentions } from '../app/mentions.ts';
import type { UserWithSecrets } from '../model/types.ts';

const t = useBasic();

const say = (c: Basic['user']['client'], channel_id: string, message: string, root_id = '') =>
  c.createPost({ channel_id, message, root_id } as Post);
const member = (c: Basic['user']['client'], channelId: string, userId: string) => c.getChannelMember(channelId, userId);

/** Sets a channel member's notify prop straight in the database (no notify_props route in this area). */
const setChannelNotifyProp = (channelId: string, userId: string, key: string, value: string) =>
  setChannelMemberNotifyProp(t.env, channelId, userId, key, value);

describe('unread counts and mark as unread', () => {
  it('counts unread posts and mentions, and set_unread rewinds them with post_unread to the user only', async () => {
    const ch = t.basic.channel.id;
    await t.basic.user.client.viewMyChannel(ch);
    const base = await member(t.basic.user.client, ch, t.basic.user.user.id);
    const channelBefore = await t.basic.user.client.getChannel(ch);
    expect(base.msg_count).toBe(channelBefore.total_msg_count);
    expect(base.mention_count).toBe(0);

    const p1 = await say(t.basic.user2.client, ch, 'first unread');
    const p2 = await say(t.basic.user2.client, ch, `hey @${t.basic.user.user.username}`);
    await say(t.basic.user2.client, ch, 'a reply', p1.id);
    let m = await member(t.basic.user.client, ch, t.basic.user.user.id);
    expect(m.msg_count).toBe(base.msg_count);
    expect(m.mention_count).toBe(1);
    expect(m.mention_count_root).toBe(1);

    await t.basic.user.client.viewMyChannel(ch);
    m = await member(t.basic.user.client, ch, t.basic.user.user.id);
    expect(m).toMatchObject({ msg_count: base.msg_count + 3, mention_count: 0 });

    const uws = await t.env.ws(t.basic.user.client);
    const u2ws = await t.env.ws(t.basic.user2.client);
    const r = (await t.basic.user.client.markPostAsUnread(t.basic.user.user.id, p1.id)) as unknown as Record<string, number | string>;
    expect(r).toMatchObject({
      team_id: t.basic.team.id,
      channel_id: ch,
      user_id: t.basic.user.user.id,
      msg_count: base.msg_count,
      msg_count_root: base.msg_count_root,
      mention_count: 1,
      mention_count_root: 1,
      urgent_mention_count: 0,
      last_viewed_at: p1.create_at - 1,
    });
    const ev = await uws.next('post_unread', (e) => e.data.post_id === p1.id);
    expect(ev.broadcast).toMatchObject({ user_id: t.basic.user.user.id, channel_id: ch, team_id: t.basic.team.id });
    expect(ev.data).toMatchObject({ msg_count: base.msg_count, mention_count: 1, last_viewed_at: p1.create_at - 1 });
    m = await member(t.basic.user.client, ch, t.basic.user.user.id);
    expect(m).toMatchObject({ msg_count: base.msg_count, mention_count: 1, last_viewed_at: p1.create_at - 1 });

    // From the mention on, only that mention and what follows are unread.
    const r2 = (await t.basic.user.client.markPostAsUnread(t.basic.user.user.id, p2.id)) as unknown as Record<string, number>;
    expect(r2).toMatchObject({ msg_count: base.msg_count + 1, mention_count: 1 });

    await t.basic.user2.client.createPost({ channel_id: ch, message: 'marker' } as Post);
    await u2ws.next('posted', (e) => JSON.parse(e.data.post).message === 'marker');
    expect(u2ws.has('post_unread')).toBe(false);
  });

  it('refuses marking for someone else and posts in channels the user cannot read', async () => {
    const p = await say(t.basic.user.client, t.basic.channel.id, 'mine');
    expect(await fails(t.basic.user2.client.markPostAsUnread(t.basic.user.user.id, p.id))).toMatchObject({
      status_code: 403,
      server_error_id: 'api.context.permissions.app_error',
    });
    const secret = await say(t.basic.user.client, t.basic.privateChannel.id, 'secret');
    expect(await fails(t.basic.user2.client.markPostAsUnread(t.basic.user2.user.id, secret.id))).toMatchObject({ status_code: 403 });
    expect(await fails(t.basic.user.client.markPostAsUnread(t.basic.user.user.id, 'a'.repeat(26)))).toMatchObject({ status_code: 404 });
  });

  it('counts every DM message as a mention', async () => {
    const dm = await t.basic.user.client.createDirectChannel([t.basic.user.user.id, t.basic.user2.user.id]);
    await say(t.basic.user2.client, dm.id, 'hello there');
    await say(t.basic.user2.client, dm.id, 'are you around');
    expect((await member(t.basic.user.client, dm.id, t.basic.user.user.id)).mention_count).toBe(2);
    const first = (await t.basic.user.client.getPosts(dm.id)).order.at(-1)!;
    await t.basic.user.client.viewMyChannel(dm.id);
    const r = (await t.basic.user.client.markPostAsUnread(t.basic.user.user.id, first)) as unknown as Record<string, number>;
    expect(r.mention_count).toBe(2);
  });

  it('follows notify props: @channel, ignore_channel_mentions, the channel prop, mention keys and first names', async () => {
    const ch = t.basic.channel.id;
    const count = async () => (await member(t.basic.user.client, ch, t.basic.user.user.id)).mention_count;
    await t.basic.user.client.viewMyChannel(ch);
    await say(t.basic.user2.client, ch, 'attention @channel');
    expect(await count()).toBe(1);
    await say(t.basic.user2.client, ch, 'attention @all');
    expect(await count()).toBe(2);

    await setChannelNotifyProp(ch, t.basic.user.user.id, 'ignore_channel_mentions', 'on');
    await say(t.basic.user2.client, ch, 'attention @channel again');
    expect(await count()).toBe(2);
    await say(t.basic.user2.client, ch, `but @${t.basic.user.user.username} directly`);
    expect(await count()).toBe(3);
    await setChannelNotifyProp(ch, t.basic.user.user.id, 'ignore_channel_mentions', 'default');

    const me = await t.basic.user.client.getMe();
    await t.basic.user.client.patchMe({
      first_name: 'Zelda',
      notify_props: { ...me.notify_props, channel: 'false', mention_keys: 'parley,@ops', first_name: 'true' },
    } as Partial<UserProfile>);
    await say(t.basic.user2.client, ch, '@here and @channel are muted for the user');
    expect(await count()).toBe(3);
    await say(t.basic.user2.client, ch, 'Parley ships today');
    expect(await count()).toBe(4);
    await say(t.basic.user2.client, ch, 'paging @ops');
    expect(await count()).toBe(5);
    await say(t.basic.user2.client, ch, 'ask Zelda');
    expect(await count()).toBe(6);
    await say(t.basic.user2.client, ch, 'zelda in lower case does not count, nor does parleying');
    expect(await count()).toBe(6);
  });
});

describe('resolveMentions', () => {
  const u = (id: string, username: string, props: Record<string, string> = {}, first = ''): UserWithSecrets =>
    ({ id, username, first_name: first, notify_props: { channel: 'true', ...props } }) as unknown as UserWithSecrets;
  const alice = u('a', 'alice');
  const bob = u('b', 'bob');
  const carol = u('c', 'carol', { channel: 'false' });

  it('reaches @here only to online members and skips the sender', () => {
    const r = resolveMentions('hi @here', 'a', [alice, bob, carol], true, { online: new Set(['a', 'c']) });
    expect(r).toEqual({ userIds: [], channelWide: true });
    expect(resolveMentions('hi @here', 'a', [alice, bob], true, { online: new Set(['b']) }).userIds).toEqual(['b']);
  });

  it('lets the channel-level ignore flag decide over the user prop', () => {
    expect(resolveMentions('@channel', 'a', [bob, carol], true, { ignoreChannelMentions: new Set(['b']) }).userIds).toEqual(['c']);
    expect(resolveMentions('@channel', 'a', [bob, carol], true).userIds).toEqual(['b']);
    expect(resolveMentions('@channel', 'a', [bob, carol], false).userIds).toEqual([]);
  });

  it('matches usernames with trailing punctuation', () => {
    expect(resolveMentions('thanks @bob.', 'a', [bob], true).userIds).toEqual(['b']);
    expect(resolveMentions('mail bob@example.com', 'a', [bob], true).userIds).toEqual([]);
  });
});
