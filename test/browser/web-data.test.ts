// The web app's data paths: history stays reachable after posts arrive in a channel not shown, and leaving a
// channel lands on another one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerChannel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { SKIP_BROWSER, message, messages, shot, sidebar, startHarness, type ApiUser, type Harness } from './harness.ts';

describe.skipIf(SKIP_BROWSER)('web app data (Chromium)', () => {
  let h: Harness;
  let alice: ApiUser;
  let bob: ApiUser;
  let team: Team;

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.user('alice');
    bob = await h.user('bob');
    team = await h.team(alice, [bob]);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  async function channelWithBob(name: string): Promise<ServerChannel> {
    const ch = await alice.client.createChannel({ team_id: team.id, name, display_name: name, type: 'O' } as ServerChannel);
    await alice.client.addToChannel(bob.user.id, ch.id);
    return ch;
  }

  it('keeps older history reachable when posts arrived while another channel was open', async () => {
    const ch = await channelWithBob('history');
    const page = await h.page(bob, `/${team.name}/channels/town-square`);
    await sidebar(page)
      .getByRole('link', { name: /^history/ })
      .waitFor();
    for (let i = 1; i <= 45; i++) await alice.client.createPost({ channel_id: ch.id, message: `history message ${i}` } as never);
    await alice.client.createPost({ channel_id: ch.id, message: `history message 46 for @${bob.username}` } as never);
    await sidebar(page)
      .getByRole('link', { name: /^history, unread, 1 mention/ })
      .waitFor();

    await sidebar(page)
      .getByRole('link', { name: /^history/ })
      .click();
    await message(page, 'history message 46').waitFor();
    const intro = page.getByText('This is the start of the conversation.');
    await expect
      .poll(async () => {
        await messages(page).evaluate((el) => (el.scrollTop = 0));
        return intro.isVisible();
      })
      .toBe(true);
    await message(page, 'history message 1').first().waitFor();
    expect(await message(page, 'history message').count()).toBe(46);
    await shot(page, 'web-history.png');
    await page.context().close();
  }, 60_000);

  it('leaving a channel lands on town-square', async () => {
    await channelWithBob('leaving');
    const page = await h.page(bob, `/${team.name}/channels/leaving`);
    await page.getByRole('heading', { name: '# leaving' }).waitFor();
    await page.getByRole('button', { name: 'Channel settings' }).click();
    await page.getByRole('button', { name: 'Leave channel' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/${team.name}/channels/town-square`);
    await page.getByRole('heading', { name: '# Town Square' }).waitFor();
    await messages(page).waitFor();
    expect(
      await sidebar(page)
        .getByRole('link', { name: /^leaving/ })
        .count(),
    ).toBe(0);
    expect(await page.getByText('No channel selected.').count()).toBe(0);
    await page.context().close();
  }, 60_000);
});
