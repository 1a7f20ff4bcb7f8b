// Collapsed reply threads in the web app: the sidebar's Threads entry (bold, mention badge), the Threads view (list,
// tabs, opening marks read, live unread on a new reply, the per-thread menu), follow from the reply pane, "Also send
// to channel", the narrow layout, and axe on the view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Post } from '@mattermost/types/posts';
import { SKIP_BROWSER, message, send, shot, sidebar, startTeam, type ApiUser, type Harness } from './harness.ts';
import { seriousViolations } from './axe.ts';

describe.skipIf(SKIP_BROWSER)('threads (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser, a: Page, b: Page;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob'], [0, 1]);
    ({ h, team } = env);
    [alice] = env.users;
    [a, b] = env.pages;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const threadsLink = (page: Page) => sidebar(page).getByRole('link', { name: /^Threads/ });
  const threadList = (page: Page) => page.getByRole('list', { name: 'Followed threads' });

  async function replyInRhs(page: Page, root: string, text: string, broadcast = false): Promise<void> {
    const post = message(page, root);
    await post.hover();
    await post.getByRole('button', { name: 'Reply', exact: true }).click();
    const pane = page.getByRole('complementary', { name: 'Thread' });
    if (broadcast) {
      await pane.getByLabel('Also send to Town Square').check();
      await shot(page, 'threads-rhs-broadcast-1280.png');
    }
    const box = pane.getByLabel('Reply to thread');
    await box.fill(text);
    await box.press('Enter');
    await pane.getByRole('article').filter({ hasText: text }).waitFor();
  }

  /** The server's word on following: the thread is in the followed list (its JSON carries no is_following). */
  async function following(id: string): Promise<boolean> {
    return (await alice.client.getUserThreads(alice.user.id, team.id, {})).threads.some((t) => t.id === id);
  }

  async function rootId(text: string): Promise<string> {
    const ch = await alice.client.getChannelByName(team.id, 'town-square');
    const list = await alice.client.getPosts(ch.id, 0, 60);
    const p = Object.values(list.posts).find((x: Post) => x.message === text && !x.root_id);
    if (!p) throw new Error('no root ' + text);
    return p.id;
  }

  it('a reply makes the thread unread with a mention badge; opening it in the Threads view reads it', async () => {
    await send(a, 'Root about the release plan');
    await message(b, 'Root about the release plan').waitFor();
    await expect.poll(() => threadsLink(a).getAttribute('aria-label')).toBe('Threads');
    await replyInRhs(b, 'Root about the release plan', `@${alice.username} can you check the dates?`);

    // the sidebar entry turns bold with the thread's unread mention, live from thread_updated
    await expect.poll(() => threadsLink(a).getAttribute('aria-label')).toBe('Threads, unread, 1 mention');
    expect(await threadsLink(a).getAttribute('class')).toContain('unread');
    await expect.poll(() => threadsLink(a).locator('.badge').textContent()).toBe('1');

    await threadsLink(a).click();
    await expect.poll(() => a.url()).toBe(`${h.url}/${team.name}/threads`);
    const item = threadList(a).getByRole('link', { name: /^Thread by/ });
    await expect
      .poll(() => item.locator('.thread-status').textContent())
      .toBe(`Thread by ${alice.username} in Town Square, unread, 1 mention`);
    const row = threadList(a).getByRole('listitem').first();
    await row.getByText('Root about the release plan').waitFor();
    await row.getByText('1 reply').waitFor();
    expect(await row.locator('.participant').count()).toBeGreaterThan(0);
    await shot(a, 'threads-list-1280.png');

    const id = await rootId('Root about the release plan');
    await item.click();
    await expect.poll(() => a.url()).toBe(`${h.url}/${team.name}/threads/${id}`);
    const open = a.getByRole('region', { name: 'Thread' });
    await open.getByRole('article').filter({ hasText: 'can you check the dates?' }).waitFor();
    await expect.poll(() => item.locator('.thread-status').textContent()).toBe(`Thread by ${alice.username} in Town Square`);
    await expect.poll(() => threadsLink(a).getAttribute('aria-label')).toBe('Threads');
    await expect.poll(async () => (await alice.client.getUserThread(alice.user.id, team.id, id)).unread_replies).toBe(0);
    await shot(a, 'threads-open-1280.png');
  }, 60_000);

  it('has no serious or critical axe violations on the Threads view', async () => {
    const found = await seriousViolations(a);
    if (found.length) console.log(`[axe] threads:\n  ${found.join('\n  ')}`);
    expect(found).toEqual([]);
  }, 30_000);

  it('a new reply marks the thread unread in the list; Unreads and Mark all as read', async () => {
    await a.goto(`${h.url}/${team.name}/threads`);
    const item = threadList(a).getByRole('link', { name: /^Thread by/ });
    await expect.poll(() => item.locator('.thread-status').textContent()).toBe(`Thread by ${alice.username} in Town Square`);
    await b.getByRole('complementary', { name: 'Thread' }).getByLabel('Reply to thread').fill('One more detail');
    await b.getByRole('complementary', { name: 'Thread' }).getByLabel('Reply to thread').press('Enter');
    await expect.poll(() => item.locator('.thread-status').textContent()).toBe(`Thread by ${alice.username} in Town Square, unread`);
    await expect.poll(() => threadsLink(a).getAttribute('aria-label')).toBe('Threads, unread');
    await threadList(a).getByText('2 replies').waitFor();

    await a.getByRole('tab', { name: 'Unreads' }).click();
    await item.waitFor();
    await a.getByRole('button', { name: 'Mark all as read' }).click();
    await a.getByText('No unread threads. You are all caught up.').waitFor();
    await expect.poll(() => threadsLink(a).getAttribute('aria-label')).toBe('Threads');
    const list = await alice.client.getUserThreads(alice.user.id, team.id, { totalsOnly: true });
    expect(list.total_unread_threads).toBe(0);
    // the tabs follow the arrow keys
    await a.getByRole('tab', { name: 'Unreads' }).focus();
    await a.keyboard.press('ArrowLeft');
    await expect.poll(() => a.getByRole('tab', { name: 'All your threads' }).getAttribute('aria-selected')).toBe('true');
    await item.waitFor();
  }, 60_000);

  it('the per-thread menu marks unread and unfollows; unfollowing removes the thread', async () => {
    const id = await rootId('Root about the release plan');
    const row = threadList(a).getByRole('listitem').first();
    const menuButton = row.getByRole('button', { name: 'Thread actions' });
    await menuButton.click();
    const menu = a.getByRole('menu', { name: 'Thread actions' });
    await menu.getByRole('menuitem', { name: 'Mark as unread' }).click();
    await expect.poll(async () => (await alice.client.getUserThread(alice.user.id, team.id, id)).unread_replies).toBe(1);
    await expect.poll(() => threadsLink(a).getAttribute('aria-label')).toBe('Threads, unread');

    await menuButton.click();
    await menu.getByRole('menuitem', { name: 'Unfollow thread' }).click();
    await a.getByText('No followed threads yet.', { exact: false }).waitFor();
    expect(await threadList(a).count()).toBe(0);
    await expect.poll(async () => following(id)).toBe(false);
    await expect.poll(() => threadsLink(a).getAttribute('aria-label')).toBe('Threads');
  }, 60_000);

  it('follows again from the reply pane header', async () => {
    const id = await rootId('Root about the release plan');
    await sidebar(a)
      .getByRole('link', { name: /^Town Square/ })
      .click();
    const post = message(a, 'Root about the release plan');
    await post.hover();
    await post.getByRole('button', { name: 'Reply', exact: true }).click();
    const pane = a.getByRole('complementary', { name: 'Thread' });
    const follow = pane.getByRole('button', { name: 'Follow', exact: true });
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    await follow.click();
    await pane.getByRole('button', { name: 'Following', exact: true }).waitFor();
    await expect.poll(async () => following(id)).toBe(true);
  }, 30_000);

  it('"Also send to channel" posts a reply that shows in the channel too', async () => {
    await replyInRhs(b, 'Root about the release plan', 'Shipping on Friday, everyone', true);
    const inChannel = message(a, 'Shipping on Friday, everyone');
    await inChannel.waitFor();
    await inChannel.getByRole('button', { name: 'Replied in a thread: view it' }).waitFor();
    const id = await rootId('Root about the release plan');
    const thread = await alice.client.getPostThread(id);
    const reply = Object.values(thread.posts).find((p) => p.message === 'Shipping on Friday, everyone');
    expect(reply?.root_id).toBe(id);
    expect(reply?.props?.broadcasted_thread_reply).toBe(true);
    // a plain reply stays out of the channel's list
    expect(await message(a, 'One more detail').count()).toBe(0);
    // after a reload too
    await a.reload();
    await message(a, 'Shipping on Friday, everyone').waitFor();
    expect(await message(a, 'One more detail').count()).toBe(0);
  }, 30_000);

  it('at 375px shows the list, then the thread alone with a way back', async () => {
    const id = await rootId('Root about the release plan');
    const narrow = await h.page(alice, `/${team.name}/threads`, { width: 375, height: 740 });
    const item = threadList(narrow).getByRole('link', { name: /^Thread by/ });
    await item.waitFor();
    await shot(narrow, 'threads-list-375.png');
    await item.click();
    await expect.poll(() => narrow.url()).toBe(`${h.url}/${team.name}/threads/${id}`);
    const open = narrow.getByRole('region', { name: 'Thread' });
    await open.getByRole('article').filter({ hasText: 'Shipping on Friday' }).waitFor();
    expect(await item.isVisible()).toBe(false);
    await shot(narrow, 'threads-open-375.png');
    await open.getByRole('button', { name: 'Back to threads' }).click();
    await item.waitFor();
    expect(h.errors).toEqual([]);
  }, 60_000);

  it('shows the newest 50 threads and pages older ones in as the list scrolls to its end', async () => {
    const ch = await alice.client.createChannel({
      team_id: team.id,
      name: 'many-threads',
      display_name: 'Many threads',
      type: 'O',
    } as never);
    for (let i = 0; i < 60; i++) {
      const root = await alice.client.createPost({ channel_id: ch.id, message: `Paged thread ${i}` } as Post);
      await alice.client.updateThreadFollowForUser(alice.user.id, team.id, root.id, true);
    }
    const server = await alice.client.getUserThreads(alice.user.id, team.id, { totalsOnly: true });
    const page = await h.page(alice, `/${team.name}/threads`);
    const items = threadList(page).getByRole('link', { name: /^Thread by/ });
    await expect.poll(() => items.count()).toBe(50);
    expect(server.total).toBeGreaterThan(50);
    await items.last().scrollIntoViewIfNeeded();
    await expect.poll(() => items.count()).toBe(server.total);
    // the oldest (the first one written, no replies) is there once
    expect(await threadList(page).getByText('Paged thread 0', { exact: true }).count()).toBe(1);
    await shot(page, 'threads-paged-1280.png');
    expect(h.errors).toEqual([]);
  }, 90_000);
});
