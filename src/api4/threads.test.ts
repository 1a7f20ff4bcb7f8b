// Collapsed reply threads through @mattermost/client: following, unread replies and mentions, read marks, events.
import { describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { fails, useBasic, type Basic } from '../../test/helper.ts';

const t = useBasic();

const post = (c: Basic['user']['client'], channel_id: string, message: string, root_id = '') =>
  c.createPost({ channel_id, message, root_id } as Post);
type ThreadList = { total: number; total_unread_threads: number; total_unread_mentions: number; threads: Array<Record<string, any>> };
const threads = async (c: Basic['user']['client'], userId: string, opts: Record<string, unknown> = {}) =>
  (await c.getUserThreads(userId, t.basic.team.id, opts)) as unknown as ThreadList;

describe('collapsed reply threads', () => {
  it('makes the root author and repliers follow, counts unread replies and mentions, and sends thread_updated', async () => {
    const uws = await t.env.ws(t.basic.user.client);
    const root = await post(t.basic.user.client, t.basic.channel.id, 'root of a thread');
    const r1 = await post(t.basic.user2.client, t.basic.channel.id, 'first reply', root.id);

    const ev = await uws.next('thread_updated', (e) => JSON.parse(e.data.thread).id === root.id);
    expect(ev.broadcast.user_id).toBe(t.basic.user.user.id);
    expect(ev.broadcast.team_id).toBe(t.basic.team.id);
    const thread = JSON.parse(ev.data.thread);
    expect(thread).toMatchObject({ id: root.id, reply_count: 1, unread_replies: 1, unread_mentions: 0, is_urgent: false });
    expect(thread.participants.map((p: { id: string }) => p.id)).toEqual([t.basic.user2.user.id]);
    expect(thread.participants[0].username).toBe(t.basic.user2.user.username);

    let list = await threads(t.basic.user.client, t.basic.user.user.id);
    expect(list).toMatchObject({ total: 1, total_unread_threads: 1, total_unread_mentions: 0 });
    expect(list.threads[0]).toMatchObject({ id: root.id, reply_count: 1, unread_replies: 1, last_reply_at: r1.create_at });
    expect(list.threads[0].post.id).toBe(root.id);
    expect(list.threads[0].participants).toEqual([{ id: t.basic.user2.user.id }]);

    const mine = await threads(t.basic.user2.client, t.basic.user2.user.id);
    expect(mine).toMatchObject({ total: 1, total_unread_threads: 0 });
    expect(mine.threads[0].unread_replies).toBe(0);

    await post(t.basic.user2.client, t.basic.channel.id, `ping @${t.basic.user.user.username}`, root.id);
    await uws.next('thread_updated', (e) => JSON.parse(e.data.thread).unread_mentions === 1);
    list = await threads(t.basic.user.client, t.basic.user.user.id, { extended: true });
    expect(list).toMatchObject({ total: 1, total_unread_threads: 1, total_unread_mentions: 1 });
    expect(list.threads[0]).toMatchObject({ unread_replies: 2, unread_mentions: 1, reply_count: 2 });
    expect(list.threads[0].participants[0].username).toBe(t.basic.user2.user.username);

    const one = (await t.basic.user.client.getUserThread(t.basic.user.user.id, t.basic.team.id, root.id)) as unknown as Record<string, any>;
    expect(one).toMatchObject({ id: root.id, unread_replies: 2, unread_mentions: 1 });

    // Read up to now: nothing unread, and the user's other sessions learn it.
    const read = (await t.basic.user.client.updateThreadReadForUser(
      t.basic.user.user.id,
      t.basic.team.id,
      root.id,
      Date.now(),
    )) as unknown as Record<string, any>;
    expect(read).toMatchObject({ id: root.id, unread_replies: 0, unread_mentions: 0 });
    const rc = await uws.next('thread_read_changed', (e) => e.data.thread_id === root.id);
    expect(rc.data).toMatchObject({
      unread_replies: 0,
      unread_mentions: 0,
      previous_unread_replies: 2,
      previous_unread_mentions: 1,
      channel_id: t.basic.channel.id,
    });
    expect((await threads(t.basic.user.client, t.basic.user.user.id)).total_unread_threads).toBe(0);

    // Unread again from the first reply: both replies and the mention come back.
    const unread = (await t.basic.user.client.markThreadAsUnreadForUser(
      t.basic.user.user.id,
      t.basic.team.id,
      root.id,
      r1.id,
    )) as unknown as Record<string, any>;
    expect(unread).toMatchObject({ unread_replies: 2, unread_mentions: 1, last_viewed_at: r1.create_at - 1 });

    // All read.
    await t.basic.user.client.updateThreadsReadForUser(t.basic.user.user.id, t.basic.team.id);
    await uws.next('thread_read_changed', (e) => !e.data.thread_id);
    expect(await threads(t.basic.user.client, t.basic.user.user.id)).toMatchObject({
      total: 1,
      total_unread_threads: 0,
      total_unread_mentions: 0,
    });
  });

  it('unfollows until mentioned again, and follows on request', async () => {
    const uws = await t.env.ws(t.basic.user.client);
    const root = await post(t.basic.user.client, t.basic.channel.id, 'thread to leave');
    await post(t.basic.user2.client, t.basic.channel.id, 'a reply', root.id);
    const before = (await threads(t.basic.user.client, t.basic.user.user.id)).total;

    await t.basic.user.client.updateThreadFollowForUser(t.basic.user.user.id, t.basic.team.id, root.id, false);
    const fc = await uws.next('thread_follow_changed', (e) => e.data.thread_id === root.id);
    expect(fc.data).toMatchObject({ state: false, reply_count: 1 });
    expect((await threads(t.basic.user.client, t.basic.user.user.id)).total).toBe(before - 1);

    await post(t.basic.user2.client, t.basic.channel.id, 'another reply, no mention', root.id);
    expect((await threads(t.basic.user.client, t.basic.user.user.id)).total).toBe(before - 1);

    await post(t.basic.user2.client, t.basic.channel.id, `@${t.basic.user.user.username} look`, root.id);
    expect((await threads(t.basic.user.client, t.basic.user.user.id)).total).toBe(before);

    // A channel member follows a thread they never took part in; it is listed only while they can read the channel.
    await t.basic.admin.client.updateThreadFollowForUser(t.basic.admin.user.id, t.basic.team.id, root.id, true);
    expect((await threads(t.basic.admin.client, t.basic.admin.user.id)).threads.map((t) => t.id)).not.toContain(root.id);
    await t.basic.admin.client.addToChannel(t.basic.admin.user.id, t.basic.channel.id);
    await t.basic.admin.client.updateThreadFollowForUser(t.basic.admin.user.id, t.basic.team.id, root.id, true);
    const adminList = await threads(t.basic.admin.client, t.basic.admin.user.id);
    expect(adminList.threads.map((t) => t.id)).toContain(root.id);
  });

  it('pages with per_page and before, filters unread, and answers totalsOnly', async () => {
    const c = t.basic.user2.client;
    const all = await threads(c, t.basic.user2.user.id);
    expect(all.total).toBeGreaterThanOrEqual(2);
    const first = await threads(c, t.basic.user2.user.id, { perPage: 1 });
    expect(first.threads).toHaveLength(1);
    const next = await threads(c, t.basic.user2.user.id, { perPage: 1, before: first.threads[0].id });
    expect(next.threads[0].id).toBe(all.threads[1].id);
    const totals = await threads(c, t.basic.user2.user.id, { totalsOnly: true });
    expect(totals.threads).toEqual([]);
    expect(totals.total).toBe(all.total);
    const unread = await threads(t.basic.user.client, t.basic.user.user.id, { unread: true });
    for (const t of unread.threads) expect(t.unread_replies + t.unread_mentions).toBeGreaterThan(0);
    expect(await fails(threads(c, t.basic.user2.user.id, { before: all.threads[0].id, after: all.threads[1].id }))).toMatchObject({
      status_code: 400,
      server_error_id: 'api.getThreadsForUser.bad_params',
    });
  });

  it('pages through threads that tie on last_reply_at with before, each once, and total follows the unread filter', async () => {
    const c = t.basic.user.client;
    const me = t.basic.user.user.id;
    const ch = await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: 'ties',
      display_name: 'Ties',
      type: 'O',
    } as never);
    // Followed roots without replies: every one has last_reply_at 0.
    for (let i = 0; i < 5; i++) {
      const root = await post(c, ch.id, `no replies ${i}`);
      await c.updateThreadFollowForUser(me, t.basic.team.id, root.id, true);
    }
    const all = await threads(c, me, { perPage: 200 });
    const seen: string[] = [];
    let page = await threads(c, me, { perPage: 2 });
    while (page.threads.length) {
      seen.push(...page.threads.map((x) => x.id));
      page = await threads(c, me, { perPage: 2, before: seen[seen.length - 1] });
    }
    expect(seen).toEqual(all.threads.map((x) => x.id));
    expect(seen).toHaveLength(all.total);
    const unread = await threads(c, me, { unread: true, perPage: 200 });
    expect(unread.total).toBe(unread.threads.length);
    expect(unread.total).toBeLessThan(all.total);
    expect(unread.total_unread_threads).toBe(all.total_unread_threads);
  });

  it('refuses other users, unreadable channels and unknown threads', async () => {
    expect(await fails(threads(t.basic.user2.client, t.basic.user.user.id))).toMatchObject({
      status_code: 403,
      server_error_id: 'api.context.permissions.app_error',
    });
    const secret = await post(t.basic.user.client, t.basic.privateChannel.id, 'private root');
    expect(
      await fails(t.basic.user2.client.updateThreadFollowForUser(t.basic.user2.user.id, t.basic.team.id, secret.id, true)),
    ).toMatchObject({
      status_code: 403,
    });
    expect(await fails(t.basic.user2.client.getUserThread(t.basic.user2.user.id, t.basic.team.id, secret.id))).toMatchObject({
      status_code: 403,
    });
    expect(await fails(t.basic.user.client.getUserThread(t.basic.user.user.id, t.basic.team.id, secret.id))).toMatchObject({
      status_code: 404,
      server_error_id: 'app.user.get_thread_membership_for_user.not_found',
    });
    expect(await fails(t.basic.user.client.getUserThread(t.basic.user.user.id, t.basic.team.id, 'a'.repeat(26)))).toMatchObject({
      status_code: 404,
    });
    expect(
      await fails(t.basic.user.client.updateThreadReadForUser(t.basic.user.user.id, t.basic.team.id, secret.id, 'x' as never)),
    ).toMatchObject({
      status_code: 400,
    });
  });

  it('reports followed-thread unreads per team with include_collapsed_threads, DM threads excluded', async () => {
    const fresh = await t.env.newUser('crt');
    await t.basic.user.client.addToTeam(t.basic.team.id, fresh.user.id);
    await t.basic.user.client.addToChannel(fresh.user.id, t.basic.channel.id);
    const root = await post(fresh.client, t.basic.channel.id, 'counted thread');
    await post(t.basic.user2.client, t.basic.channel.id, `hi @${fresh.user.username}`, root.id);
    await post(t.basic.user2.client, t.basic.channel.id, 'and more', root.id);
    const dm = await fresh.client.createDirectChannel([fresh.user.id, t.basic.user2.user.id]);
    const dmRoot = await post(fresh.client, dm.id, 'dm thread');
    await post(t.basic.user2.client, dm.id, 'dm reply', dmRoot.id);

    const withThreads = (await fresh.client.getMyTeamUnreads(true)).find((u) => u.team_id === t.basic.team.id) as unknown as Record<
      string,
      number
    >;
    expect(withThreads).toMatchObject({ thread_count: 1, thread_mention_count: 1 });
    const without = (await fresh.client.getMyTeamUnreads(false)).find((u) => u.team_id === t.basic.team.id) as unknown as Record<
      string,
      number
    >;
    expect(without).toMatchObject({ thread_count: 0, thread_mention_count: 0 });
    // The threads list itself does include the DM thread.
    expect((await threads(fresh.client, fresh.user.id)).total).toBe(2);
  });

  it('keeps GET /posts/{id}/thread answering with the whole thread', async () => {
    const root = await post(t.basic.user.client, t.basic.channel.id, 'thread for getPostThread');
    const reply = await post(t.basic.user2.client, t.basic.channel.id, 'reply', root.id);
    const list = await t.basic.user.client.getPostThread(reply.id, true, true);
    expect(list.order).toEqual([reply.id, root.id]);
  });

  it('lists root posts only in a channel with collapsedThreads', async () => {
    const ch = await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: `crt${Date.now().toString(36)}`,
      display_name: 'CRT',
      type: 'O',
    } as never);
    const r1 = await post(t.basic.user.client, ch.id, 'root one');
    const reply = await post(t.basic.user.client, ch.id, 'reply one', r1.id);
    const r2 = await post(t.basic.user.client, ch.id, 'root two');
    const flat = await t.basic.user.client.getPosts(ch.id, 0, 60, true, false);
    expect(flat.order.slice(0, 3)).toEqual([r2.id, reply.id, r1.id]);
    const collapsed = await t.basic.user.client.getPosts(ch.id, 0, 60, true, true);
    expect(collapsed.order).not.toContain(reply.id);
    expect(collapsed.order.slice(0, 2)).toEqual([r2.id, r1.id]);
    expect(collapsed.posts[r1.id].reply_count).toBe(1);
    const page1 = await t.basic.user.client.getPosts(ch.id, 0, 1, true, true);
    expect(page1.order).toEqual([r2.id]);
    expect(page1.prev_post_id).toBe(r1.id);
    const since = await t.basic.user.client.getPostsSince(ch.id, r1.create_at - 1, true, true);
    expect(since.order).not.toContain(reply.id);
    expect(since.order).toEqual(expect.arrayContaining([r1.id, r2.id]));
    const before = await t.basic.user.client.getPostsBefore(ch.id, r2.id, 0, 60, true, true);
    expect(before.order[0]).toBe(r1.id);
  });
});
