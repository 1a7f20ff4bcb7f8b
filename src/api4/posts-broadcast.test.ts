// "Also send to channel": a reply with props.broadcasted_thread_reply (as Mattermost's web app sends it) stays in its
// thread and is listed with the root posts of its channel under collapsed reply threads, through Client4.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import { uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

async function freshChannel(): Promise<Channel> {
  const name = 'bc-' + uniq();
  const ch = await t.basic.user.client.createChannel({ team_id: t.basic.team.id, name, display_name: name, type: 'O' } as Channel);
  await t.basic.user.client.addToChannel(t.basic.user2.user.id, ch.id);
  return ch;
}

describe('broadcast thread replies', () => {
  it('keeps the prop, sends it in posted, and lists the reply with the roots only when broadcast', async () => {
    const ch = await freshChannel();
    const c = t.basic.user.client;
    const root = await c.createPost({ channel_id: ch.id, message: 'root' } as Post);
    const plain = await t.basic.user2.client.createPost({ channel_id: ch.id, root_id: root.id, message: 'plain reply' } as Post);
    const ws = await t.env.ws(c);
    const sent = await t.basic.user2.client.createPost({
      channel_id: ch.id,
      root_id: root.id,
      message: 'for everyone',
      props: { broadcasted_thread_reply: true },
    } as unknown as Post);
    expect(sent.root_id).toBe(root.id);
    expect(sent.props.broadcasted_thread_reply).toBe(true);
    const ev = await ws.next('posted', (e) => JSON.parse(e.data.post).id === sent.id);
    expect(JSON.parse(ev.data.post).props.broadcasted_thread_reply).toBe(true);
    ws.close();

    // the channel's own posts (its join message aside)
    const mine = (order: string[]) => order.filter((id) => [root.id, plain.id, sent.id].includes(id));
    // collapsed: roots and the broadcast reply, not the plain reply
    const collapsed = await c.getPosts(ch.id, 0, 30, false, true);
    expect(mine(collapsed.order)).toEqual([sent.id, root.id]);
    const before = await c.getPostsBefore(ch.id, sent.id, 0, 30, false, true);
    expect(mine(before.order)).toEqual([root.id]);
    const since = await c.getPostsSince(ch.id, root.create_at - 1, false, true);
    expect(mine(Object.keys(since.posts)).sort()).toEqual([root.id, sent.id].sort());
    // not collapsed: every post; the thread holds both replies
    const all = await c.getPosts(ch.id, 0, 30);
    expect(mine(all.order)).toEqual([sent.id, plain.id, root.id]);
    const thread = await c.getPostThread(root.id);
    expect(Object.keys(thread.posts).sort()).toEqual([root.id, plain.id, sent.id].sort());
    // a prop set to false is an ordinary reply
    const notSent = await c.createPost({
      channel_id: ch.id,
      root_id: root.id,
      message: 'not for everyone',
      props: { broadcasted_thread_reply: false },
    } as unknown as Post);
    expect((await c.getPosts(ch.id, 0, 30, false, true)).order).not.toContain(notSent.id);
  });
});
