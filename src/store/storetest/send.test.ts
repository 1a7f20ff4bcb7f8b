// Store contract: send.savePost — the post row, channel counters, the author's read mark, a root's reply stats, mention
// counts and thread memberships, written together (one statement on PostgreSQL, one transaction on SQLite), with the
// same effect as the separate calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newMemberRow } from '../sql/channels.ts';
import type { Channel, Post, UserWithSecrets } from '../../model/types.ts';
import type { SendExtras } from '../sql/send.ts';
import { makePost, makeUser, openStore, rejects, savedChannel, type StoreEnv } from './fixtures.ts';

let env: StoreEnv;
let author: UserWithSecrets;
let reader: UserWithSecrets;
let other: UserWithSecrets;
beforeAll(async () => {
  env = await openStore();
  author = makeUser();
  reader = makeUser();
  other = makeUser();
  for (const u of [author, reader, other]) await env.store.users.save(u);
});
afterAll(async () => env?.close());

async function channel(): Promise<Channel> {
  const c = await savedChannel(env.store);
  await env.store.channels.saveMember(newMemberRow(c.id, author.id, c.create_at));
  await env.store.channels.saveMember(newMemberRow(c.id, reader.id, c.create_at));
  return c;
}

/** A send of the burst below: its author, whether it replies to the thread, whom it mentions. */
interface Spec {
  by: UserWithSecrets;
  reply?: boolean;
  mentioned?: UserWithSecrets[];
  duplicate?: boolean;
}

/**
 * Writes `specs` to a fresh channel of three members whose thread (rooted by `other`, who then unfollowed it) and
 * counts already hold something: one after another, or all at once. Answers what each send answered and what every
 * member's channel row and thread membership read afterwards, times relative to the channel's creation.
 */
async function burst(specs: Spec[], together: boolean) {
  const c = await channel();
  await env.store.channels.saveMember(newMemberRow(c.id, other.id, c.create_at));
  const t0 = c.create_at;
  const root = makePost(c.id, other.id, { create_at: t0 + 10, update_at: t0 + 10 });
  await env.store.send.savePost(root, other.id);
  await env.store.threads.recordReply({
    rootId: root.id,
    at: t0 + 20,
    senderId: reader.id,
    participants: [other.id],
    mentioned: [author.id],
  });
  await env.store.threads.setFollowing(other.id, root.id, false, t0 + 30);
  await env.store.channels.incrementMentions(c.id, [author.id, other.id], true);
  let first: Post | undefined;
  const sends = specs.map((spec, i) => {
    const at = t0 + 100 + i;
    const p = makePost(c.id, spec.by.id, { create_at: at, update_at: at, root_id: spec.reply ? root.id : '' });
    first ??= p;
    const post = spec.duplicate ? { ...first, create_at: at } : p;
    const mentioned = (spec.mentioned ?? []).map((u) => u.id);
    const extras: SendExtras = {
      mentioned,
      thread: spec.reply ? { rootId: root.id, at, senderId: spec.by.id, participants: [other.id], mentioned } : undefined,
    };
    return () => env.store.send.savePost(post, spec.by.id, extras);
  });
  const answers: unknown[] = [];
  const answer = (r: Awaited<ReturnType<(typeof sends)[number]>>) =>
    r ? { ...r, last_reply_at: r.last_reply_at - t0, update_at: r.update_at - t0 } : r;
  if (together)
    for (const r of await Promise.allSettled(sends.map((s) => s()))) answers.push(r.status === 'fulfilled' ? answer(r.value) : 'rejected');
  else
    for (const s of sends)
      answers.push(
        await s().then(
          (r) => answer(r),
          () => 'rejected',
        ),
      );
  const rel = (x: number) => (x ? x - t0 : 0);
  const rows: unknown[] = [];
  for (const u of [author, reader, other]) {
    const m = (await env.store.channels.getMember(c.id, u.id))!;
    const tm = await env.store.threads.get(u.id, root.id);
    rows.push({
      member: [rel(m.last_viewed_at), m.msg_count, m.msg_count_root, m.mention_count, m.mention_count_root, m.urgent_mention_count],
      thread: tm && [tm.following, rel(tm.last_viewed), tm.unread_mentions, rel(tm.last_updated)],
    });
  }
  return { answers, rows };
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

  it('mentions and thread memberships of sends at the same moment are those of the sends one after another', async () => {
    const specs: Spec[] = [
      { by: author, mentioned: [reader, other] },
      { by: reader, reply: true, mentioned: [author] },
      { by: author, reply: true, mentioned: [reader, other] },
      { by: other, mentioned: [author, reader] },
      { by: author, reply: true, mentioned: [author, reader, reader] },
      { by: author, reply: true },
      { by: reader, reply: true, mentioned: [other, author] },
      { by: other, reply: true, mentioned: [reader, author] },
      { by: author, mentioned: [other] },
      { by: reader, reply: true, mentioned: [author, author] },
    ];
    const oneByOne = await burst(specs, false);
    // The sequence as the separate calls leave it: the members' counts and the thread's memberships.
    expect(oneByOne.rows).toEqual([
      { member: [108, 10, 4, 1, 0, 0], thread: [true, 105, 3, 109] },
      { member: [109, 11, 4, 0, 0, 0], thread: [true, 109, 0, 109] },
      { member: [107, 9, 3, 1, 1, 0], thread: [true, 107, 0, 109] },
    ]);
    expect(await burst(specs, true)).toEqual(oneByOne);
  });

  it('a failing send among them adds no mention and no membership', async () => {
    const specs: Spec[] = [
      { by: author, reply: true, mentioned: [reader] },
      { by: reader, reply: true, mentioned: [other, author], duplicate: true },
      { by: other, mentioned: [author] },
    ];
    const oneByOne = await burst(specs, false);
    expect(oneByOne.answers[1]).toBe('rejected');
    // The duplicate would have mentioned the root's author (who unfollowed) and re-followed them.
    expect(oneByOne.rows).toEqual([
      { member: [100, 2, 1, 1, 1, 0], thread: [true, 100, 0, 100] },
      { member: [0, 0, 0, 1, 0, 0], thread: [true, 20, 1, 100] },
      { member: [102, 3, 2, 0, 0, 0], thread: [false, 0, 0, 100] },
    ]);
    expect(await burst(specs, true)).toEqual(oneByOne);
  });
});
