// Ctrl/Cmd+K over recent channels, channels not joined and people; search results with marked terms, dates and
// a jump to the message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel } from '@mattermost/types/channels';
import { SKIP_BROWSER, message, shot, startTeam, type ApiUser, type Harness } from './harness.ts';

describe.skipIf(SKIP_BROWSER)('switcher and search (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser, bob: ApiUser, carol: ApiUser, b: Page;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob', 'carol'], [1]);
    ({ h, team } = env);
    [alice, bob, carol] = env.users;
    [b] = env.pages;
    await alice.client.createChannel({
      team_id: team.id,
      name: 'secret-garden',
      display_name: 'Secret garden',
      type: 'O',
    } as ServerChannel);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const switcher = () => b.getByRole('dialog', { name: 'Switch channel' });

  it('lists recent channels, finds channels not joined and people, and opens them', async () => {
    await b.getByLabel('Write a message').press('Control+k');
    await switcher()
      .getByRole('option', { name: /Town Square/ })
      .waitFor();
    await switcher().getByLabel('Channel name').fill('garden');
    await switcher()
      .getByRole('option', { name: /Secret garden \(not joined\)/ })
      .waitFor();
    await shot(b, 'web-switcher.png');
    await switcher().getByLabel('Channel name').press('Enter');
    await expect.poll(() => new URL(b.url()).pathname).toBe(`/${team.name}/channels/secret-garden`);
    expect((await bob.client.getMyChannels(team.id)).some((c) => c.name === 'secret-garden')).toBe(true);

    await b.keyboard.press('Control+k');
    await switcher().getByLabel('Channel name').fill(carol.username.slice(0, 6));
    const opt = switcher().getByRole('option', { name: new RegExp(`@${carol.username}`) });
    await opt.waitFor();
    const texts = await switcher().getByRole('option').allInnerTexts();
    const idx = texts.findIndex((t) => t.includes(`@${carol.username}`));
    for (let i = 0; i < idx; i++) await switcher().getByLabel('Channel name').press('ArrowDown');
    await switcher().getByLabel('Channel name').press('Enter');
    await b.getByRole('heading', { name: `@${carol.username}` }).waitFor();
  }, 30_000);

  it('marks the terms in search results, shows dates, and jumps to the message', async () => {
    const ts = (await alice.client.getChannelByName(team.id, 'town-square')) as ServerChannel;
    await alice.client.createPost({ channel_id: ts.id, message: 'Notes for the quarterly budget review' } as never);
    for (let i = 0; i < 35; i++) await alice.client.createPost({ channel_id: ts.id, message: `chatter ${i}` } as never);
    await b.getByLabel('Search messages').fill('budget');
    await b.getByLabel('Search messages').press('Enter');
    const results = b.getByRole('complementary', { name: 'Search results' });
    const hit = results.getByRole('listitem').filter({ hasText: 'quarterly' });
    await hit.locator('mark', { hasText: 'budget' }).waitFor();
    const year = String(new Date().getFullYear());
    expect(await hit.innerText()).toContain(year);
    await hit.getByRole('button', { name: 'Jump to message' }).click();
    await expect.poll(() => new URL(b.url()).pathname).toBe(`/${team.name}/channels/town-square`);
    const target = message(b, 'quarterly budget review');
    await target.waitFor();
    await expect.poll(() => target.getAttribute('class')).toContain('highlighted');
    expect(h.errors).toEqual([]);
  }, 30_000);
});
