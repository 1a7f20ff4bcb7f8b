// Store contract: reactions and the post's has_reactions flag they keep (with update_at) in the same transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import * as m0009 from '../migrations/0009-post-has-reactions.ts';
import type { Channel, Post } from '../../model/types.ts';
import type { Reaction } from '../../model/files.ts';
import { DRIVER } from '../../../test/helper.ts';
import { makePost, makeUser, openStore, rejects, savedChannel, type StoreEnv } from './fixtures.ts';

let env: StoreEnv;
let userId: string;
let otherId: string;
beforeAll(async () => {
  env = await openStore();
  const [u, o] = [makeUser(), makeUser()];
  await env.store.users.save(u);
  await env.store.users.save(o);
  [userId, otherId] = [u.id, o.id];
});
afterAll(async () => env?.close());

const BASE = 1_700_000_000_000;

async function savedPost(c: Channel): Promise<Post> {
  const p = makePost(c.id, userId, { create_at: BASE, update_at: BASE });
  await env.store.posts.save(p);
  return p;
}

function reaction(p: Post, user: string, emoji: string, at: number): Reaction {
  return {
    user_id: user,
    post_id: p.id,
    emoji_name: emoji,
    create_at: at,
    update_at: at,
    delete_at: 0,
    remote_id: '',
    channel_id: p.channel_id,
  };
}

/** The post's has_reactions and update_at as the store reads them. */
async function flag(id: string): Promise<[boolean | undefined, number | undefined]> {
  const p = await env.store.posts.get(id);
  return [p?.has_reactions, p?.update_at];
}

describe('reaction store', () => {
  it('sets has_reactions with the first reaction and clears it with the last, moving update_at each time', async () => {
    const c = await savedChannel(env.store);
    const p = await savedPost(c);
    const untouched = await savedPost(c);
    expect(await flag(p.id)).toEqual([undefined, BASE]);

    await env.store.reactions.save(reaction(p, userId, 'smile', BASE + 10));
    expect(await flag(p.id)).toEqual([true, BASE + 10]);
    await env.store.reactions.save(reaction(p, otherId, '+1', BASE + 20));
    // Saving an existing reaction keeps the original row but still touches the post, as Mattermost's upsert does.
    const again = await env.store.reactions.save(reaction(p, userId, 'smile', BASE + 30));
    expect(again.create_at).toBe(BASE + 10);
    expect(await flag(p.id)).toEqual([true, BASE + 30]);
    const page = await env.store.posts.listPage(c.id, 0, 10);
    expect(page.map((x) => [x.id, x.has_reactions])).toEqual(
      expect.arrayContaining([
        [p.id, true],
        [untouched.id, undefined],
      ]),
    );
    expect((await env.store.posts.listSince(c.id, BASE + 29)).map((x) => x.id)).toEqual([p.id]);

    expect(await env.store.reactions.delete(p.id, userId, 'smile', BASE + 40)).toBe(true);
    expect(await flag(p.id)).toEqual([true, BASE + 40]);
    expect(await env.store.reactions.delete(p.id, otherId, '+1', BASE + 50)).toBe(true);
    expect(await flag(p.id)).toEqual([undefined, BASE + 50]);
    expect(await env.store.reactions.delete(p.id, otherId, '+1', BASE + 60)).toBe(false);
    expect((await flag(p.id))[0]).toBeUndefined();
    expect(await env.store.reactions.forPosts([p.id])).toEqual([]);
    expect(await flag(untouched.id)).toEqual([undefined, BASE]);
  });

  it('keeps the flag through post edits, which never write it', async () => {
    const c = await savedChannel(env.store);
    const p = await savedPost(c);
    await env.store.reactions.save(reaction(p, userId, 'tada', BASE + 10));
    // The caller's copy predates the reaction (no has_reactions): the update must not clear the stored flag.
    await env.store.posts.update({ ...p, message: 'edited', edit_at: BASE + 20, update_at: BASE + 20 });
    expect(await flag(p.id)).toEqual([true, BASE + 20]);
  });

  it('rolls the flag back with the transaction that saved the reaction', async () => {
    const c = await savedChannel(env.store);
    const p = await savedPost(c);
    const boom = new Error('rolled back');
    const err = await rejects(
      env.store.tx(async (t) => {
        await t.reactions.save(reaction(p, userId, 'smile', BASE + 10));
        throw boom;
      }),
    );
    expect(err).toBe(boom);
    expect(await flag(p.id)).toEqual([undefined, BASE]);
    expect(await env.store.reactions.forPosts([p.id])).toEqual([]);
  });

  it('starts a post written by the send path without the flag; a reaction then sets it', async () => {
    const c = await savedChannel(env.store);
    const p = makePost(c.id, userId, { create_at: BASE + 100, update_at: BASE + 100 });
    await env.store.send.savePost(p, '');
    expect(await flag(p.id)).toEqual([undefined, BASE + 100]);
    await env.store.reactions.save(reaction(p, userId, 'smile', BASE + 110));
    expect(await flag(p.id)).toEqual([true, BASE + 110]);
  });

  // PostgreSQL only: SQLite runs one transaction at a time. The saver holds the post row until the deleter waits for it.
  it.runIf(DRIVER === 'postgres')('a reaction saved while the last other one is removed keeps the flag set', async () => {
    const c = await savedChannel(env.store);
    const p = await savedPost(c);
    await env.store.reactions.save(reaction(p, otherId, '+1', BASE + 10));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let saved!: () => void;
    const inserted = new Promise<void>((r) => (saved = r));
    const saving = env.store.tx(async (t) => {
      await t.reactions.save(reaction(p, userId, 'smile', BASE + 20));
      saved();
      await held;
    });
    await inserted;
    const deleting = env.store.reactions.delete(p.id, otherId, '+1', BASE + 30);
    const waiting = sql<{
      n: number;
    }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
    while ((await waiting.execute(env.store.db)).rows[0].n < 1) await new Promise((r) => setTimeout(r, 5));
    release();
    await saving;
    expect(await deleting).toBe(true);
    expect((await env.store.reactions.forPosts([p.id])).map((r) => r.emoji_name)).toEqual(['smile']);
    expect((await flag(p.id))[0]).toBe(true);
  });

  it('migration 0009 sets the flag of posts that already have reactions', async () => {
    const c = await savedChannel(env.store);
    const [reacted, plain] = [await savedPost(c), await savedPost(c)];
    await m0009.down(env.store.db);
    await env.store.db
      .insertInto('reactions')
      .values(reaction(reacted, userId, 'smile', BASE + 10))
      .execute();
    await m0009.up(env.store.db);
    expect((await flag(reacted.id))[0]).toBe(true);
    expect((await flag(plain.id))[0]).toBeUndefined();
    // Across the suite's database: flagged posts are exactly those with reactions.
    const flagged = await env.store.db.selectFrom('posts').select('id').where('has_reactions', '=', 1).execute();
    const withReactions = await env.store.db.selectFrom('reactions').select('post_id').distinct().execute();
    expect(flagged.map((r) => r.id).sort()).toEqual(withReactions.map((r) => r.post_id).sort());
  });
});
