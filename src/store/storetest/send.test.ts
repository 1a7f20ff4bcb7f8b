// Store contract: send.savePost — the post row, channel counters, the author's read mark and a root's reply stats,
// written together (one statement on PostgreSQL, one transaction on SQLite), with the same effect as the separate calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMemberRow } from '../sql/channels.ts';
import type { Channel, UserWithSecrets } from '../../model/types.ts';
import { makePost, makeUser, openStore, rejects, savedChannel, type StoreEnv } from './fixtures.ts';

let env: StoreEnv;
let author: UserWithSecrets;
let reader: UserWithSecrets;
beforeAll(async () => {
  env = await openStore();
  author = makeUser();
  reader = makeUser();
  await env.store.users.save(author);
  await env.store.users.save(reader);
});
afterAll(async () => env?.close());

async function channel(): Promise<Channel> {
  const c = await savedChannel(env.store);
  await env.store.channels.saveMember(newMemberRow(c.id, author.id, c.create_at));
  await env.store.channels.saveMember(newMemberRow(c.id, reader.id, c.create_at));
  return c;
}

describe('send store', () => {
  it('saves a root post, bumps the channel counters and marks the channel read for the author only', async () => {
    const c = await channel();
    await env.store.channels.incrementMentions(c.id, [author.id], true);
    const p = makePost(c.id, author.id, { create_at: c.create_at + 100, update_at: c.create_at + 100, message: 'hello' });
    expect(await env.store.send.savePost(p, author.id)).toBeUndefined();
    expect((await env.store.posts.get(p.id))?.message).toBe('hello');
    const ch = (await env.store.channels.get(c.id))!;
    expect([ch.total_msg_count, ch.total_msg_count_root, ch.last_post_at, ch.last_root_post_at]).toEqual([1, 1, p.create_at, p.create_at]);
    const mine = (await env.store.channels.getMember(c.id, author.id))!;
    expect([mine.last_viewed_at, mine.msg_count, mine.msg_count_root, mine.mention_count]).toEqual([p.create_at, 1, 1, 0]);
    const theirs = (await env.store.channels.getMember(c.id, reader.id))!;
    expect([theirs.last_viewed_at, theirs.msg_count]).toEqual([0, 0]);
  });

  it('without a reader (system posts) leaves every member as it was', async () => {
    const c = await channel();
    const p = makePost(c.id, author.id, { create_at: c.create_at + 100, update_at: c.create_at + 100, type: 'system_join_channel' });
    await env.store.send.savePost(p, '');
    expect((await env.store.channels.get(c.id))!.total_msg_count).toBe(1);
    expect((await env.store.channels.getMember(c.id, author.id))!.msg_count).toBe(0);
  });

  it('a reply refreshes and returns the root reply stats; root counters and last_root_post_at stay', async () => {
    const c = await channel();
    const t0 = c.create_at + 100;
    const root = makePost(c.id, reader.id, { create_at: t0, update_at: t0 });
    await env.store.send.savePost(root, reader.id);
    const r1 = makePost(c.id, author.id, { create_at: t0 + 10, update_at: t0 + 10, root_id: root.id });
    expect(await env.store.send.savePost(r1, author.id)).toEqual({ reply_count: 1, last_reply_at: t0 + 10, update_at: t0 + 10 });
    const r2 = makePost(c.id, author.id, { create_at: t0 + 20, update_at: t0 + 20, root_id: root.id });
    expect(await env.store.send.savePost(r2, author.id)).toEqual({ reply_count: 2, last_reply_at: t0 + 20, update_at: t0 + 20 });
    const got = (await env.store.posts.get(root.id))!;
    expect([got.reply_count, got.last_reply_at]).toEqual([2, t0 + 20]);
    const ch = (await env.store.channels.get(c.id))!;
    expect([ch.total_msg_count, ch.total_msg_count_root, ch.last_post_at, ch.last_root_post_at]).toEqual([3, 1, t0 + 20, t0]);
    const mine = (await env.store.channels.getMember(c.id, author.id))!;
    expect([mine.msg_count, mine.msg_count_root]).toEqual([3, 1]);
  });

  it('writes nothing when the post cannot be saved (duplicate id)', async () => {
    const c = await channel();
    const p = makePost(c.id, author.id, { create_at: c.create_at + 100, update_at: c.create_at + 100 });
    await env.store.send.savePost(p, author.id);
    await rejects(env.store.send.savePost({ ...p, create_at: p.create_at + 50 }, author.id));
    const ch = (await env.store.channels.get(c.id))!;
    expect([ch.total_msg_count, ch.last_post_at]).toEqual([1, p.create_at]);
    expect((await env.store.channels.getMember(c.id, author.id))!.last_viewed_at).toBe(p.create_at);
  });

  it('sends at the same moment all land, each whole, and one that fails takes no other with it', async () => {
    const c = await channel();
    const first = makePost(c.id, author.id, { create_at: c.create_at + 100, update_at: c.create_at + 100 });
    await env.store.send.savePost(first, author.id);
    // Twenty sends in one turn of the event loop (SQLite writes them in one transaction), one of them a duplicate id.
    const burst = Array.from({ length: 20 }, (_, i) =>
      makePost(c.id, i % 2 ? author.id : reader.id, {
        create_at: c.create_at + 200 + i,
        update_at: c.create_at + 200 + i,
        message: `burst ${i}`,
      }),
    );
    const dup = { ...first, create_at: c.create_at + 150 };
    const settled = await Promise.allSettled(
      [...burst.slice(0, 10), dup, ...burst.slice(10)].map((p) => env.store.send.savePost(p, p.user_id)),
    );
    expect(settled.map((r) => r.status)).toEqual([...Array(10).fill('fulfilled'), 'rejected', ...Array(10).fill('fulfilled')]);
    for (const p of burst) expect((await env.store.posts.get(p.id))?.message).toBe(p.message);
    const ch = (await env.store.channels.get(c.id))!;
    expect([ch.total_msg_count, ch.last_post_at]).toEqual([21, c.create_at + 219]);
  });

  it('sends to one channel at the same moment have the effect of writing them one after another', async () => {
    const c = await channel();
    const t0 = c.create_at + 100;
    const root = makePost(c.id, reader.id, { create_at: t0, update_at: t0 });
    await env.store.send.savePost(root, reader.id);
    // The first send goes alone; the rest arrive while it is in flight (PostgreSQL writes them in one statement).
    const kinds = ['root', 'reply', 'reply', 'root', 'reply', 'root', 'reply'];
    const burst = kinds.map((k, i) =>
      makePost(c.id, i % 3 === 1 ? reader.id : author.id, {
        create_at: t0 + 10 + i,
        update_at: t0 + 10 + i,
        root_id: k === 'reply' ? root.id : '',
      }),
    );
    const stats = await Promise.all(burst.map((p) => env.store.send.savePost(p, p.user_id)));
    const replies = burst.filter((p) => p.root_id);
    expect(stats.filter(Boolean)).toEqual(
      replies.map((p, i) => ({ reply_count: i + 1, last_reply_at: p.create_at, update_at: p.create_at })),
    );
    expect(stats.map((s) => s !== undefined)).toEqual(burst.map((p) => !!p.root_id));
    const got = (await env.store.posts.get(root.id))!;
    expect([got.reply_count, got.last_reply_at, got.update_at]).toEqual([4, t0 + 16, t0 + 16]);
    const ch = (await env.store.channels.get(c.id))!;
    expect([ch.total_msg_count, ch.total_msg_count_root, ch.last_post_at, ch.last_root_post_at]).toEqual([8, 4, t0 + 16, t0 + 15]);
    // Each author has read up to their last post of the burst: the reader's is the fifth (index 4), the author's the last.
    const theirs = (await env.store.channels.getMember(c.id, reader.id))!;
    expect([theirs.last_viewed_at, theirs.msg_count, theirs.msg_count_root]).toEqual([t0 + 14, 6, 3]);
    const mine = (await env.store.channels.getMember(c.id, author.id))!;
    expect([mine.last_viewed_at, mine.msg_count, mine.msg_count_root]).toEqual([t0 + 16, 8, 4]);
  });
});
