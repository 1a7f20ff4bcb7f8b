// Collapsed reply threads through @mattermost/client: following, unread replies and mentions, read marks, events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { fails, initBasic, setup, type Basic, type TestEnv } from '../../test/helper.ts';

let env: TestEnv;
let b: Basic;
beforeAll(async () => {
  env = await setup();
  b = await initBasic(env);
});
afterAll(async () => env?.close());

const post = (c: Basic['user']['client'], channel_id: string, message: string, root_id = '') =>
  c.createPost({ channel_id, message, root_id } as Post);
type ThreadList = { total: number; total_unread_threads: number; total_unread_mentions: number; threads: Array<Record<string, any>> };
const threads = async (c: Basic['user']['client'], userId: string, opts: Record<string, unknown> = {}) =>
  (await c.getUserThreads(userId, b.team.id, opts)) as unknown as ThreadList;

describe('collapsed reply threads', () => {
  it('makes the root author and repliers follow, counts unread replies and mentions, and sends thread_updated', async () => {
    const uws = await env.ws(b.user.client);
    const root = await post(b.user.client, b.channel.id, 'root of a thread');
    const r1 = await post(b.user2.client, b.channel.id, 'first reply', root.id);

    const ev = await uws.next('thread_updated', (e) => JSON.parse(e.data.thread).id === root.id);
    expect(ev.broadcast.user_id).toBe(b.user.user.id);
    expect(ev.broadcast.team_id).toBe(b.team.id);
    const t = JSON.parse(ev.data.thread);
    expect(t).toMatchObject({ id: root.id, reply_count: 1, unread_replies: 1, unread_mentions: 0, is_urgent: false });
    expect(t.participants.map((p: { id: string }) => p.id)).toEqual([b.user2.user.id]);
    expect(t.participants[0].username).toBe(b.user2.user.username);

    let list = await threads(b.user.client, b.user.user.id);
    expect(list).toMatchObject({ total: 1, total_unread_threads: 1, total_unread_mentions: 0 });
    expect(list.threads[0]).toMatchObject({ id: root.id, reply_count: 1, unread_replies: 1, last_reply_at: r1.create_at });
    expect(list.threads[0].post.id).toBe(root.id);
    expect(list.threads[0].participants).toEqual([{ id: b.user2.user.id }]);

    const mine = await threads(b.user2.client, b.user2.user.id);
    expect(mine).toMatchObject({ total: 1, total_unread_threads: 0 });
    expect(mine.threads[0].unread_replies).toBe(0);

    await post(b.user2.client, b.channel.id, `ping @${b.user.user.username}`, root.id);
    await uws.next('thread_updated', (e) => JSON.parse(e.data.thread).unread_mentions === 1);
    list = await threads(b.user.client, b.user.user.id, { extended: true });
    expect(list).toMatchObject({ total: 1, total_unread_threads: 1, total_unread_mentions: 1 });
    expect(list.threads[0]).toMatchObject({ unread_replies: 2, unread_mentions: 1, reply_count: 2 });
    expect(list.threads[0].participants[0].username).toBe(b.user2.user.username);

    const one = (await b.user.client.getUserThread(b.user.user.id, b.team.id, root.id)) as unknown as Record<string, any>;
    expect(one).toMatchObject({ id: root.id, unread_replies: 2, unread_mentions: 1 });

    // Read up to now: nothing unread, and the user's other sessions learn it.
    const read = (await b.user.client.updateThreadReadForUser(b.user.user.id, b.team.id, root.id, Date.now())) as unknown as Record<
      string,
      any
    >;
    expect(read).toMatchObject({ id: root.id, unread_replies: 0, unread_mentions: 0 });
    const rc = await uws.next('thread_read_changed', (e) => e.data.thread_id === root.id);
    expect(rc.data).toMatchObject({
      unread_replies: 0,
      unread_mentions: 0,
      previous_unread_replies: 2,
      previous_unread_mentions: 1,
      channel_id: b.channel.id,
    });
    expect((await threads(b.user.client, b.user.user.id)).total_unread_threads).toBe(0);

    // Unread again from the first reply: both replies and the mention come back.
    const unread = (await b.user.client.markThreadAsUnreadForUser(b.user.user.id, b.team.id, root.id, r1.id)) as unknown as Record<
      string,
      any
    >;
    expect(unread).toMatchObject({ unread_replies: 2, unread_mentions: 1, last_viewed_at: r1.create_at - 1 });

    // All read.
    await b.user.client.updateThreadsReadForUser(b.user.user.id, b.team.id);
    await uws.next('thread_read_changed', (e) => !e.data.thread_id);
    expect(await threads(b.user.client, b.user.user.id)).toMatchObject({ total: 1, total_unread_threads: 0, total_unread_mentions: 0 });
  });

  it('unfollows until mentioned again, and follows on request', async () => {
    const uws = await env.ws(b.user.client);
    const root = await post(b.user.client, b.channel.id, 'thread to leave');
    await post(b.user2.client, b.channel.id, 'a reply', root.id);
    const before = (await threads(b.user.client, b.user.user.id)).total;

    await b.user.client.updateThreadFollowForUser(b.user.user.id, b.team.id, root.id, false);
    const fc = await uws.next('thread_follow_changed', (e) => e.data.thread_id === root.id);
    expect(fc.data).toMatchObject({ state: false, reply_count: 1 });
    expect((await threads(b.user.client, b.user.user.id)).total).toBe(before - 1);

    await post(b.user2.client, b.channel.id, 'another reply, no mention', root.id);
    expect((await threads(b.user.client, b.user.user.id)).total).toBe(before - 1);

    await post(b.user2.client, b.channel.id, `@${b.user.user.username} look`, root.id);
    expect((await threads(b.user.client, b.user.user.id)).total).toBe(before);

    // A channel member follows a thread they never took part in; it is listed only while they can read the channel.
    await b.admin.client.updateThreadFollowForUser(b.admin.user.id, b.team.id, root.id, true);
    expect((await threads(b.admin.client, b.admin.user.id)).threads.map((t) => t.id)).not.toContain(root.id);
    await b.admin.client.addToChannel(b.admin.user.id, b.channel.id);
    await b.admin.client.updateThreadFollowForUser(b.admin.user.id, b.team.id, root.id, true);
    const adminList = await threads(b.admin.client, b.admin.user.id);
    expect(adminList.threads.map((t) => t.id)).toContain(root.id);
  });

  it('pages with per_page and before, filters unread, and answers totalsOnly', async () => {
    const c = b.user2.client;
    const all = await threads(c, b.user2.user.id);
    expect(all.total).toBeGreaterThanOrEqual(2);
    const first = await threads(c, b.user2.user.id, { perPage: 1 });
    expect(first.threads).toHaveLength(1);
    const next = await threads(c, b.user2.user.id, { perPage: 1, before: first.threads[0].id });
    expect(next.threads[0].id).toBe(all.threads[1].id);
    const totals = await threads(c, b.user2.user.id, { totalsOnly: true });
    expect(totals.threads).toEqual([]);
    expect(totals.total).toBe(all.total);
    const unread = await threads(b.user.client, b.user.user.id, { unread: true });
    for (const t of unread.threads) expect(t.unread_replies + t.unread_mentions).toBeGreaterThan(0);
    expect(await fails(threads(c, b.user2.user.id, { before: all.threads[0].id, after: all.threads[1].id }))).toMatchObject({
      status_code: 400,
      server_error_id: 'api.getThreadsForUser.bad_params',
    });
  });

  it('refuses other users, unreadable channels and unknown threads', async () => {
    expect(await fails(threads(b.user2.client, b.user.user.id))).toMatchObject({
      status_code: 403,
      server_error_id: 'api.context.permissions.app_error',
    });
    const secret = await post(b.user.client, b.privateChannel.id, 'private root');
    expect(await fails(b.user2.client.updateThreadFollowForUser(b.user2.user.id, b.team.id, secret.id, true))).toMatchObject({
      status_code: 403,
    });
    expect(await fails(b.user2.client.getUserThread(b.user2.user.id, b.team.id, secret.id))).toMatchObject({ status_code: 403 });
    expect(await fails(b.user.client.getUserThread(b.user.user.id, b.team.id, secret.id))).toMatchObject({
      status_code: 404,
      server_error_id: 'app.user.get_thread_membership_for_user.not_found',
    });
    expect(await fails(b.user.client.getUserThread(b.user.user.id, b.team.id, 'a'.repeat(26)))).toMatchObject({ status_code: 404 });
    expect(await fails(b.user.client.updateThreadReadForUser(b.user.user.id, b.team.id, secret.id, 'x' as never))).toMatchObject({
      status_code: 400,
    });
  });

  it('reports followed-thread unreads per team with include_collapsed_threads, DM threads excluded', async () => {
    const fresh = await env.newUser('crt');
    await b.user.client.addToTeam(b.team.id, fresh.user.id);
    await b.user.client.addToChannel(fresh.user.id, b.channel.id);
    const root = await post(fresh.client, b.channel.id, 'counted thread');
    await post(b.user2.client, b.channel.id, `hi @${fresh.user.username}`, root.id);
    await post(b.user2.client, b.channel.id, 'and more', root.id);
    const dm = await fresh.client.createDirectChannel([fresh.user.id, b.user2.user.id]);
    const dmRoot = await post(fresh.client, dm.id, 'dm thread');
    await post(b.user2.client, dm.id, 'dm reply', dmRoot.id);

    const withThreads = (await fresh.client.getMyTeamUnreads(true)).find((t) => t.team_id === b.team.id) as unknown as Record<
      string,
      number
    >;
    expect(withThreads).toMatchObject({ thread_count: 1, thread_mention_count: 1 });
    const without = (await fresh.client.getMyTeamUnreads(false)).find((t) => t.team_id === b.team.id) as unknown as Record<string, number>;
    expect(without).toMatchObject({ thread_count: 0, thread_mention_count: 0 });
    // The threads list itself does include the DM thread.
    expect((await threads(fresh.client, fresh.user.id)).total).toBe(2);
  });

  it('keeps GET /posts/{id}/thread answering with the whole thread', async () => {
    const root = await post(b.user.client, b.channel.id, 'thread for getPostThread');
    const reply = await post(b.user2.client, b.channel.id, 'reply', root.id);
    const list = await b.user.client.getPostThread(reply.id, true, true);
    expect(list.order).toEqual([reply.id, root.id]);
  });

  it('lists root posts only in a channel with collapsedThreads', async () => {
    const ch = await b.user.client.createChannel({
      team_id: b.team.id,
      name: `crt${Date.now().toString(36)}`,
      display_name: 'CRT',
      type: 'O',
    } as never);
    const r1 = await post(b.user.client, ch.id, 'root one');
    const reply = await post(b.user.client, ch.id, 'reply one', r1.id);
    const r2 = await post(b.user.client, ch.id, 'root two');
    const flat = await b.user.client.getPosts(ch.id, 0, 60, true, false);
    expect(flat.order.slice(0, 3)).toEqual([r2.id, reply.id, r1.id]);
    const collapsed = await b.user.client.getPosts(ch.id, 0, 60, true, true);
    expect(collapsed.order).not.toContain(reply.id);
    expect(collapsed.order.slice(0, 2)).toEqual([r2.id, r1.id]);
    expect(collapsed.posts[r1.id].reply_count).toBe(1);
    const page1 = await b.user.client.getPosts(ch.id, 0, 1, true, true);
    expect(page1.order).toEqual([r2.id]);
    expect(page1.prev_post_id).toBe(r1.id);
    const since = await b.user.client.getPostsSince(ch.id, r1.create_at - 1, true, true);
    expect(since.order).not.toContain(reply.id);
    expect(since.order).toEqual(expect.arrayContaining([r1.id, r2.id]));
    const before = await b.user.client.getPostsBefore(ch.id, r2.id, 0, 60, true, true);
    expect(before.order[0]).toBe(r1.id);
  });
});
