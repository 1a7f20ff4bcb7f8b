// Store contract: posts — save/get, unique ids, page order, before/after/since, threads and reply stats, soft delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../store.ts';
import type { Channel, Post } from '../../model/types.ts';
import { makePost, makeUser, openStore, rejects, savedChannel, type StoreEnv } from './fixtures.ts';

let env: StoreEnv;
let userId: string;
beforeAll(async () => {
  env = await openStore();
  const u = makeUser();
  await env.store.users.save(u);
  userId = u.id;
});
afterAll(async () => env?.close());

const channel = (): Promise<Channel> => savedChannel(env.store);

/** Saves `n` posts one millisecond apart (explicit times, so order is defined) and returns them oldest first. */
async function seed(c: Channel, n: number, base = 1_700_000_000_000): Promise<Post[]> {
  const posts = Array.from({ length: n }, (_, i) => makePost(c.id, userId, { create_at: base + i, update_at: base + i, message: 'm' + i }));
  for (const p of posts) await env.store.posts.save(p);
  return posts;
}

describe('post store', () => {
  it('saves and gets a post with props and file ids round-tripped; unknown ids are undefined', async () => {
    const c = await channel();
    const p = makePost(c.id, userId, {
      props: { a: 1, nested: { b: 'x' } },
      file_ids: ['f'.repeat(26)],
      hashtags: '#tag',
      is_pinned: true,
    });
    await env.store.posts.save(p);
    const got = await env.store.posts.get(p.id);
    expect(got?.props).toEqual(p.props);
    expect(got?.file_ids).toEqual(p.file_ids);
    expect(got?.is_pinned).toBe(true);
    expect(got?.message).toBe(p.message);
    expect(got?.create_at).toBe(p.create_at);
    expect(await env.store.posts.get('w'.repeat(26))).toBeUndefined();
    expect(isUniqueViolation(await rejects(env.store.posts.save(makePost(c.id, userId, { id: p.id }))))).toBe(true);
  });

  it('pages a channel newest first with offset/limit', async () => {
    const c = await channel();
    const posts = await seed(c, 5);
    const ids = posts.map((p) => p.id).reverse();
    expect((await env.store.posts.listPage(c.id, 0, 10)).map((p) => p.id)).toEqual(ids);
    expect((await env.store.posts.listPage(c.id, 1, 2)).map((p) => p.id)).toEqual(ids.slice(1, 3));
    expect(await env.store.posts.countInChannel(c.id)).toBe(5);
  });

  it('orders posts created in the same millisecond consistently across pages', async () => {
    const c = await channel();
    const at = 1_700_000_500_000;
    for (let i = 0; i < 4; i++) await env.store.posts.save(makePost(c.id, userId, { create_at: at, update_at: at }));
    const all = (await env.store.posts.listPage(c.id, 0, 10)).map((p) => p.id);
    const paged = [...(await env.store.posts.listPage(c.id, 0, 2)), ...(await env.store.posts.listPage(c.id, 2, 2))].map((p) => p.id);
    expect(paged).toEqual(all);
    expect(new Set(all).size).toBe(4);
  });

  it('lists strictly before and after a post, newest first', async () => {
    const c = await channel();
    const posts = await seed(c, 6);
    const pivot = posts[3];
    const before = await env.store.posts.listAround(c.id, pivot, 'before', 0, 2);
    expect(before.map((p) => p.id)).toEqual([posts[2].id, posts[1].id]);
    const after = await env.store.posts.listAround(c.id, pivot, 'after', 0, 10);
    expect(after.map((p) => p.id)).toEqual([posts[5].id, posts[4].id]);
    const afterOne = await env.store.posts.listAround(c.id, pivot, 'after', 0, 1);
    expect(afterOne.map((p) => p.id)).toEqual([posts[4].id]);
  });

  it('lists posts changed since a time, including edits and deletes', async () => {
    const c = await channel();
    const posts = await seed(c, 4);
    const since = posts[1].update_at;
    expect((await env.store.posts.listSince(c.id, since)).map((p) => p.id)).toEqual([posts[3].id, posts[2].id]);
    await env.store.posts.update({ ...posts[0], message: 'edited', edit_at: since + 100, update_at: since + 100 });
    await env.store.posts.softDelete(posts[1].id, since + 200);
    const changed = (await env.store.posts.listSince(c.id, since)).map((p) => p.id);
    expect(changed).toEqual(expect.arrayContaining([posts[0].id, posts[1].id, posts[2].id, posts[3].id]));
    const deleted = (await env.store.posts.listSince(c.id, since)).find((p) => p.id === posts[1].id);
    expect(deleted?.delete_at).toBe(since + 200);
  });

  it('keeps threads: replies oldest first, reply stats on the root', async () => {
    const c = await channel();
    const root = makePost(c.id, userId, { create_at: 1_700_000_000_000, update_at: 1_700_000_000_000 });
    await env.store.posts.save(root);
    const r1 = makePost(c.id, userId, { root_id: root.id, create_at: root.create_at + 1 });
    const r2 = makePost(c.id, userId, { root_id: root.id, create_at: root.create_at + 2 });
    await env.store.posts.save(r2);
    await env.store.posts.save(r1);
    await env.store.posts.refreshReplyStats(root.id, root.create_at + 3);
    const fresh = await env.store.posts.get(root.id);
    expect(fresh?.reply_count).toBe(2);
    expect(fresh?.last_reply_at).toBe(r2.create_at);
    expect((await env.store.posts.thread(root.id)).map((p) => p.id)).toEqual([root.id, r1.id, r2.id]);
    await env.store.posts.softDelete(r2.id, root.create_at + 4);
    await env.store.posts.refreshReplyStats(root.id, root.create_at + 4);
    const after = await env.store.posts.get(root.id);
    expect(after?.reply_count).toBe(1);
    expect(after?.last_reply_at).toBe(r1.create_at);
  });

  it('soft-deletes a root with its replies: hidden from get/page/thread, visible with includeDeleted', async () => {
    const c = await channel();
    const root = makePost(c.id, userId);
    const reply = makePost(c.id, userId, { root_id: root.id, create_at: root.create_at + 1 });
    const other = makePost(c.id, userId, { create_at: root.create_at + 2 });
    for (const p of [root, reply, other]) await env.store.posts.save(p);
    const ids = await env.store.posts.softDelete(root.id, Date.now());
    expect(ids.sort()).toEqual([root.id, reply.id].sort());
    expect(await env.store.posts.get(root.id)).toBeUndefined();
    expect(await env.store.posts.get(reply.id)).toBeUndefined();
    expect((await env.store.posts.get(root.id, true))?.delete_at).toBeGreaterThan(0);
    expect((await env.store.posts.listPage(c.id, 0, 10)).map((p) => p.id)).toEqual([other.id]);
    expect(await env.store.posts.thread(root.id)).toEqual([]);
    expect(await env.store.posts.countInChannel(c.id)).toBe(1);
    // Deleting again changes nothing.
    expect(await env.store.posts.softDelete(root.id, Date.now())).toEqual([]);
  });

  it('saves many posts in one call and gets many by ids', async () => {
    const c = await channel();
    const posts = Array.from({ length: 3 }, (_, i) => makePost(c.id, userId, { create_at: 1_700_000_000_000 + i }));
    await env.store.posts.saveMany(posts);
    expect((await env.store.posts.getMany(posts.map((p) => p.id))).map((p) => p.id).sort()).toEqual(posts.map((p) => p.id).sort());
    expect(await env.store.posts.getMany([])).toEqual([]);
  });
});
