// Issue 16: concurrent posts keep the channel's counters and a thread's reply count exact (PostgreSQL runs them on
// several connections at once: a count taken in one statement's snapshot misses the replies committing beside it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { initBasic, setup, type Basic, type TestEnv } from '../helper.ts';

describe('counters under concurrent posts', () => {
  let env: TestEnv;
  let b: Basic;
  beforeAll(async () => {
    env = await setup();
    b = await initBasic(env);
  });
  afterAll(() => env?.close());

  it('counts replies posted to one thread at once exactly', async () => {
    const root = await b.user.client.createPost({ channel_id: b.channel.id, message: 'root' } as Post);
    const before = await b.user.client.getChannel(b.channel.id);
    const clients = [b.user.client, b.user2.client];
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        clients[i % 2]!.createPost({ channel_id: b.channel.id, message: `r${i}`, root_id: root.id } as Post),
      ),
    );
    const after = await b.user.client.getChannel(b.channel.id);
    expect(after.total_msg_count - before.total_msg_count).toBe(40);
    expect(after.total_msg_count_root).toBe(before.total_msg_count_root);
    const thread = await b.user.client.getPostThread(root.id);
    expect(thread.order).toHaveLength(41);
    expect(thread.posts[root.id]!.reply_count).toBe(40);
    expect(thread.posts[root.id]!.last_reply_at).toBe(Math.max(...replies.map((r) => r.create_at)));
  });

  it('keeps the count exact when a reply is deleted while others are posted', async () => {
    const root = await b.user.client.createPost({ channel_id: b.channel.id, message: 'root2' } as Post);
    const first = await b.user.client.createPost({ channel_id: b.channel.id, message: 'first', root_id: root.id } as Post);
    await Promise.all([
      b.user.client.deletePost(first.id),
      ...Array.from({ length: 20 }, (_, i) =>
        b.user2.client.createPost({ channel_id: b.channel.id, message: `s${i}`, root_id: root.id } as Post),
      ),
    ]);
    const thread = await b.user.client.getPostThread(root.id);
    expect(thread.posts[root.id]!.reply_count).toBe(20);
  });
});
