// Store contract: drafts (one per user, channel and thread root; upsert keeps create_at and says whether it is new; the
// team list joins channels and memberships) and the edit history kept apart from the posts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from '../../model/drafts.ts';
import { newMemberRow } from '../sql/channels.ts';
import { makeChannel, makePost, makeUser, openStore, savedChannel, type StoreEnv } from './fixtures.ts';

let env: StoreEnv;
let userId: string;
beforeAll(async () => {
  env = await openStore();
  const u = makeUser();
  await env.store.users.save(u);
  userId = u.id;
});
afterAll(async () => env?.close());

const draft = (channelId: string, message: string, at: number, rootId = ''): Draft => ({
  create_at: at,
  update_at: at,
  delete_at: 0,
  user_id: userId,
  channel_id: channelId,
  root_id: rootId,
  message,
  props: { k: 'v' },
  file_ids: ['f'.repeat(26)],
});

describe('DraftStore', () => {
  it('upserts: new, then updated with the first create_at; reads and deletes by (user, channel, root)', async () => {
    const c = await savedChannel(env.store);
    const first = await env.store.drafts.upsert(draft(c.id, 'one', 1000));
    expect(first).toMatchObject({ created: true, draft: { message: 'one', create_at: 1000, update_at: 1000, props: { k: 'v' } } });
    expect(first.draft.file_ids).toEqual(['f'.repeat(26)]);
    const second = await env.store.drafts.upsert(draft(c.id, 'two', 2000));
    expect(second).toMatchObject({ created: false, draft: { message: 'two', create_at: 1000, update_at: 2000 } });
    const thread = await env.store.drafts.upsert(draft(c.id, 'reply', 3000, 'r'.repeat(26)));
    expect(thread.created).toBe(true);
    expect((await env.store.drafts.get(userId, c.id, ''))?.message).toBe('two');
    expect((await env.store.drafts.delete(userId, c.id, ''))?.message).toBe('two');
    expect(await env.store.drafts.delete(userId, c.id, '')).toBeUndefined();
    expect((await env.store.drafts.deleteForThread(c.id, 'r'.repeat(26))).map((d) => d.message)).toEqual(['reply']);
    expect(await env.store.drafts.get(userId, c.id, 'r'.repeat(26))).toBeUndefined();
  });

  it('reads the drafts of many keys at once, only those kept', async () => {
    const c = await savedChannel(env.store);
    const other = await savedChannel(env.store);
    const root = 'r'.repeat(26);
    await env.store.drafts.upsert(draft(c.id, 'channel', 1000));
    await env.store.drafts.upsert(draft(c.id, 'thread', 1000, root));
    await env.store.drafts.upsert(draft(other.id, 'not asked', 1000));
    const keys = [
      { user_id: userId, channel_id: c.id, root_id: root },
      { user_id: userId, channel_id: other.id, root_id: root },
      { user_id: 'x'.repeat(26), channel_id: c.id, root_id: '' },
      { user_id: userId, channel_id: c.id, root_id: '' },
    ];
    const got = await env.store.drafts.getMany(keys);
    expect(got.map((d) => d.message).sort()).toEqual(['channel', 'thread']);
    expect(got.find((d) => d.root_id === root)).toMatchObject({ channel_id: c.id, props: { k: 'v' }, file_ids: ['f'.repeat(26)] });
    expect(await env.store.drafts.getMany([])).toEqual([]);
  });

  it('lists a team’s drafts: member channels of the team and DMs, live channels only, newest first', async () => {
    const mine = await savedChannel(env.store);
    const teamId = mine.team_id;
    const dm = makeChannel('', { type: 'D', name: `${userId}__${userId}` });
    const archived = makeChannel(teamId, { delete_at: 5 });
    const notMember = makeChannel(teamId);
    const otherTeam = await savedChannel(env.store);
    for (const c of [dm, archived, notMember]) await env.store.channels.save(c);
    for (const c of [mine, dm, archived, otherTeam]) await env.store.channels.saveMember(newMemberRow(c.id, userId, Date.now()));
    await env.store.drafts.upsert(draft(mine.id, 'in my channel', 10));
    await env.store.drafts.upsert(draft(dm.id, 'in a dm', 20));
    await env.store.drafts.upsert(draft(archived.id, 'archived', 30));
    await env.store.drafts.upsert(draft(notMember.id, 'left', 40));
    await env.store.drafts.upsert(draft(otherTeam.id, 'elsewhere', 50));
    expect((await env.store.drafts.forUserInTeam(userId, teamId)).map((d) => d.message)).toEqual(['in a dm', 'in my channel']);
  });
});

describe('PostStore edit history', () => {
  it('keeps the replaced version outside the posts, newest first', async () => {
    const c = await savedChannel(env.store);
    const p = makePost(c.id, userId, { message: 'v1', create_at: 100, update_at: 100 });
    await env.store.posts.save(p);
    const v2 = { ...p, message: 'v2', edit_at: 200, update_at: 200 };
    await env.store.tx((t) => t.posts.updateKeepingVersion(v2, { ...p, id: 'a'.repeat(26), original_id: p.id, delete_at: 200 }));
    const v3 = { ...v2, message: 'v3', edit_at: 300, update_at: 300 };
    await env.store.tx((t) => t.posts.updateKeepingVersion(v3, { ...v2, id: 'b'.repeat(26), original_id: p.id, delete_at: 300 }));
    const history = await env.store.posts.editHistory(p.id);
    expect(history.map((v) => [v.message, v.edit_at, v.delete_at, v.original_id])).toEqual([
      ['v2', 200, 300, p.id],
      ['v1', 0, 200, p.id],
    ]);
    expect((await env.store.posts.get(p.id))?.message).toBe('v3');
    expect(await env.store.posts.countInChannel(c.id)).toBe(1);
    expect((await env.store.posts.listSince(c.id, 0)).map((x) => x.id)).toEqual([p.id]);
  });
});
