// The web app at 375 × 812 (a small phone): the channel list is a drawer behind the hamburger, the composer fits,
// the thread and search panes cover the screen, dialogs fit; no screen scrolls sideways. A screenshot of each is kept
// in test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Post } from '@mattermost/types/posts';
import { SKIP_BROWSER, message, shot, sidebar, startTeam, type ApiUser, type Harness } from './harness.ts';

const WIDTH = 375;

describe.skipIf(SKIP_BROWSER)('375 px layout (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser, bob: ApiUser, m: Page;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob'], []);
    ({ h, team } = env);
    [alice, bob] = env.users;
    const ts = await alice.client.getChannelByName(team.id, 'town-square');
    const root = await bob.client.createPost({
      channel_id: ts.id,
      message:
        'A fairly long first message so that the line has to wrap on a narrow phone screen: https://example.com/a/very/long/path/that/does/not/break/easily',
    } as Post);
    await alice.client.createPost({ channel_id: ts.id, root_id: root.id, message: 'a reply in the thread' } as Post);
    await alice.client.createPost({ channel_id: ts.id, message: 'searchable mobile words here' } as Post);
    m = await h.page(alice, `/${team.name}/channels/town-square`, { width: WIDTH, height: 812 });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  async function noSidewaysScroll(name: string): Promise<void> {
    await shot(m, `web-mobile-${name}.png`);
    expect(await m.evaluate('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(WIDTH);
  }

  /** The element is on screen, horizontally inside the viewport. */
  async function onScreen(loc: ReturnType<Page['locator']>): Promise<void> {
    await loc.waitFor();
    const box = (await loc.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(WIDTH + 0.5);
    expect(box.y + box.height).toBeLessThanOrEqual(812 + 0.5);
  }

  it('channel: the list is a drawer behind the hamburger; messages and composer fit', async () => {
    await message(m, 'searchable mobile words').waitFor();
    expect(await sidebar(m).isVisible()).toBe(false);
    await onScreen(m.getByLabel('Write a message'));
    await onScreen(m.getByRole('button', { name: 'Send message' }));
    await onScreen(m.getByRole('button', { name: 'Attach files' }));
    await onScreen(m.getByLabel('Search messages'));
    await noSidewaysScroll('channel');

    await m.getByRole('button', { name: 'Toggle channel list' }).click();
    await onScreen(sidebar(m).getByRole('link', { name: /^Off-Topic/ }));
    await onScreen(m.getByRole('button', { name: 'Close channel list' }));
    await noSidewaysScroll('drawer');
    await m.getByRole('button', { name: 'Close channel list' }).click();
    expect(await sidebar(m).isVisible()).toBe(false);
    await m.getByRole('button', { name: 'Toggle channel list' }).click();
    await m.keyboard.press('Escape');
    await sidebar(m).waitFor({ state: 'hidden' });
    await m.getByRole('button', { name: 'Toggle channel list' }).click();
    await sidebar(m)
      .getByRole('link', { name: /^Off-Topic/ })
      .click();
    await m.getByRole('heading', { name: '# Off-Topic' }).waitFor();
    expect(await sidebar(m).isVisible()).toBe(false);
    await m.getByRole('button', { name: 'Toggle channel list' }).click();
    await sidebar(m)
      .getByRole('link', { name: /^Town Square/ })
      .click();
    await message(m, 'searchable mobile words').waitFor();
  }, 30_000);

  it('thread: the pane covers the screen with its own composer and a close button', async () => {
    await message(m, 'A fairly long first message')
      .getByRole('button', { name: /1 reply/ })
      .click();
    const thread = m.getByRole('complementary', { name: 'Thread' });
    await thread.getByText('a reply in the thread').waitFor();
    const box = (await thread.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(WIDTH - 1);
    await onScreen(thread.getByLabel('Reply to thread'));
    await onScreen(m.getByRole('button', { name: 'Close pane' }));
    await noSidewaysScroll('thread');
    await m.getByRole('button', { name: 'Close pane' }).click();
  }, 30_000);

  it('search results cover the screen', async () => {
    await m.getByLabel('Search messages').fill('searchable');
    await m.getByLabel('Search messages').press('Enter');
    const results = m.getByRole('complementary', { name: 'Search results' });
    await results.getByRole('listitem').first().waitFor();
    expect((await results.boundingBox())!.width).toBeGreaterThanOrEqual(WIDTH - 1);
    await onScreen(m.getByRole('button', { name: 'Close pane' }));
    await noSidewaysScroll('search');
    await m.getByRole('button', { name: 'Close pane' }).click();
  }, 30_000);

  it('account settings and the channel browser fit', async () => {
    await m.getByRole('button', { name: 'Toggle channel list' }).click();
    await m.getByRole('button', { name: 'Team menu' }).click();
    await m.getByRole('menuitem', { name: 'Account settings' }).click();
    const settings = m.getByRole('dialog', { name: 'Account settings' });
    await onScreen(settings.getByLabel('First name'));
    await onScreen(settings.getByRole('button', { name: 'Close dialog' }));
    await noSidewaysScroll('settings');
    await settings.getByRole('button', { name: 'Close dialog' }).click();

    if (!(await sidebar(m).isVisible())) await m.getByRole('button', { name: 'Toggle channel list' }).click();
    await m.getByRole('button', { name: 'Team menu' }).click();
    await m.getByRole('menuitem', { name: 'Browse channels' }).click();
    const browse = m.getByRole('dialog', { name: 'Browse channels' });
    await onScreen(browse.getByRole('listitem').filter({ hasText: 'Town Square' }).first());
    await noSidewaysScroll('browse');
    await browse.getByRole('button', { name: 'Close dialog' }).click();
  }, 30_000);

  it('the profile popover fits as a sheet', async () => {
    if (await sidebar(m).isVisible()) await m.getByRole('button', { name: 'Close channel list' }).click();
    await message(m, 'A fairly long first message').getByRole('button', { name: bob.username, exact: true }).click();
    const pop = m.getByRole('dialog', { name: `Profile of ${bob.username}` });
    await onScreen(pop.getByRole('button', { name: 'Message' }));
    await onScreen(pop);
    await noSidewaysScroll('popover');
    await m.keyboard.press('Escape');
    expect(h.errors).toEqual([]);
  }, 30_000);
});
