// Store contract: channel pages by (create_at, id) — deep offsets, pivots that share a millisecond with their
// neighbours, soft-deleted posts and replies (rootsOnly) skipped, and the index-only neighbour look-up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Post } from '../../model/types.ts';
import { makePost, makeUser, openStore, savedChannel, type StoreEnv } from './fixtures.ts';

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

/**
 * 30 posts, three per millisecond (ties broken by id), every fifth a reply to the first, posts 7 and 19 soft-deleted.
 * Returns the channel and the live posts newest first, in the order the API pages them.
 */
async function seed(): Promise<{ c: Channel; live: Post[]; roots: Post[] }> {
  const c = await channel();
  const base = 1_700_100_000_000;
  const all: Post[] = [];
  for (let i = 0; i < 30; i++) {
    const at = base + Math.floor(i / 3);
    const p = makePost(c.id, userId, { create_at: at, update_at: at, message: 'p' + i });
    if (i % 5 === 4) p.root_id = all[0].id;
    all.push(p);
  }
  // Saved out of order so that insertion order says nothing about page order.
  for (const p of [...all].reverse()) await env.store.posts.save(p);
  for (const i of [7, 19]) await env.store.posts.softDelete(all[i].id, base + 100);
  const live = all
    .filter((_, i) => i !== 7 && i !== 19)
    .sort((a, b) => b.create_at - a.create_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return { c, live, roots: live.filter((p) => !p.root_id) };
}

const ids = (ps: Post[]) => ps.map((p) => p.id);

describe('channel pages', () => {
  it('pages newest first at every offset, skipping deleted posts, with and without replies', async () => {
    const { c, live, roots } = await seed();
    for (const [list, rootsOnly] of [
      [live, false],
      [roots, true],
    ] as const) {
      for (let offset = 0; offset <= list.length; offset += 4) {
        expect(ids(await env.store.posts.listPage(c.id, offset, 4, rootsOnly))).toEqual(ids(list.slice(offset, offset + 4)));
      }
      expect(await env.store.posts.listPage(c.id, list.length, 4, rootsOnly)).toEqual([]);
    }
  });

  it('lists before and after every pivot (ties on create_at included), with offsets', async () => {
    const { c, live, roots } = await seed();
    for (const [list, rootsOnly] of [
      [live, false],
      [roots, true],
    ] as const) {
      for (let k = 0; k < list.length; k++) {
        const pivot = list[k];
        const older = list.slice(k + 1);
        const newer = list.slice(0, k);
        expect(ids(await env.store.posts.listAround(c.id, pivot, 'before', 0, 3, rootsOnly))).toEqual(ids(older.slice(0, 3)));
        expect(ids(await env.store.posts.listAround(c.id, pivot, 'before', 2, 3, rootsOnly))).toEqual(ids(older.slice(2, 5)));
        // 'after' takes the oldest of the newer posts and returns them newest first.
        expect(ids(await env.store.posts.listAround(c.id, pivot, 'after', 0, 3, rootsOnly))).toEqual(ids(newer.slice(-3)));
        expect(ids(await env.store.posts.listAround(c.id, pivot, 'after', 2, 3, rootsOnly))).toEqual(
          ids(newer.slice(Math.max(0, k - 5), Math.max(0, k - 2))),
        );
        expect(await env.store.posts.neighbourId(c.id, pivot, 'before', rootsOnly)).toBe(older[0]?.id ?? '');
        expect(await env.store.posts.neighbourId(c.id, pivot, 'after', rootsOnly)).toBe(newer.at(-1)?.id ?? '');
      }
    }
  });

  it('finds the neighbours of a deleted pivot among live posts only', async () => {
    const { c, live } = await seed();
    const deleted = (await env.store.posts.listSince(c.id, 0, 100)).filter((p) => p.delete_at);
    expect(deleted.length).toBeGreaterThan(0);
    for (const d of deleted) {
      const key = (p: Post) => [p.create_at, p.id] as const;
      const older = live.filter((p) => key(p)[0] < d.create_at || (p.create_at === d.create_at && p.id < d.id));
      const newer = live.filter((p) => !older.includes(p));
      expect(await env.store.posts.neighbourId(c.id, d, 'before')).toBe(older[0]?.id ?? '');
      expect(await env.store.posts.neighbourId(c.id, d, 'after')).toBe(newer.at(-1)?.id ?? '');
    }
  });
});
