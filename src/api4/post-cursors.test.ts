// Mattermost's post-list cursors: prev_post_id / next_post_id point just outside the returned window.
import { beforeAll, expect, it } from 'vitest';
import { useBasic } from '../../test/helper.ts';

const t = useBasic();
const ids: string[] = []; // oldest first
let chId = '';
beforeAll(async () => {
  const ch = await t.basic.user.client.createChannel({
    team_id: t.basic.team.id,
    name: 'cursors',
    display_name: 'Cursors',
    type: 'O',
  } as never);
  for (let i = 0; i < 5; i++) ids.push((await t.basic.user.client.createPost({ channel_id: ch.id, message: `m${i}` } as never)).id);
  chId = ch.id;
});

it('pages carry the neighbouring post ids', async () => {
  const c = t.basic.user.client;
  const p0 = await c.getPosts(chId, 0, 2);
  expect(p0.order).toEqual([ids[4], ids[3]]);
  expect(p0.prev_post_id).toBe(ids[2]);
  expect(p0.next_post_id).toBe('');
  const p1 = await c.getPosts(chId, 1, 2);
  expect(p1.order).toEqual([ids[2], ids[1]]);
  expect(p1.next_post_id).toBe(ids[3]);
  expect(p1.prev_post_id).toBe(ids[0]);

  const before = await c.getPostsBefore(chId, ids[3], 0, 2);
  expect(before.order).toEqual([ids[2], ids[1]]);
  expect(before.next_post_id).toBe(ids[3]);
  expect(before.prev_post_id).toBe(ids[0]);

  const after = await c.getPostsAfter(chId, ids[1], 0, 2);
  expect(after.order).toEqual([ids[3], ids[2]]);
  expect(after.prev_post_id).toBe(ids[1]);
  expect(after.next_post_id).toBe(ids[4]);

  const end = await c.getPostsAfter(chId, ids[3], 0, 2);
  expect(end.order).toEqual([ids[4]]);
  expect(end.next_post_id).toBe('');
});
