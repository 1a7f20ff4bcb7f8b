// Guests in the web app: the GUEST tag beside a guest's name in posts and in the profile popover, hidden when the
// server's GuestAccountsSettings.HideTags says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import { message, messages, PASSWORD, SKIP_BROWSER, shot, type ApiUser, type Harness, startTeam } from './harness.ts';

describe.skipIf(SKIP_BROWSER)('guest accounts in the web app (Chromium)', () => {
  let h: Harness, team: Team, admin: ApiUser, guest: ApiUser, a: Page;

  beforeAll(async () => {
    const env = await startTeam(['admin', 'guest'], [], (c) => {
      c.GuestAccountsSettings.Enable = true;
    });
    ({ h, team } = env);
    [admin, guest] = env.users;
    const town = await admin.client.getChannelByName(team.id, 'town-square');
    await admin.client.demoteUserToGuest(guest.user.id);
    await guest.client.login(guest.username, PASSWORD);
    await guest.client.createPost({ channel_id: town.id, message: 'hello from the guest' } as never);
    a = await h.page(admin, `/${team.name}/channels/town-square`);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it("shows GUEST beside a guest's name in the post and in the profile popover", async () => {
    const post = message(a, 'hello from the guest');
    await post.waitFor();
    await post.getByText('GUEST', { exact: true }).waitFor();
    await post.getByRole('button', { name: guest.username }).click();
    const pop = a.getByRole('dialog', { name: `Profile of ${guest.username}` });
    await pop.getByText('GUEST', { exact: true }).waitFor();
    await shot(a, 'web-guest-popover.png');
    await a.keyboard.press('Escape');
    // Posts of members carry no tag.
    await admin.client.createPost({
      channel_id: (await admin.client.getChannelByName(team.id, 'town-square')).id,
      message: 'hello from the admin',
    } as never);
    await message(a, 'hello from the admin').waitFor();
    expect(await message(a, 'hello from the admin').getByText('GUEST', { exact: true }).count()).toBe(0);
  });

  it('hides the tag when HideTags is on', async () => {
    h.config.GuestAccountsSettings.HideTags = true;
    const fresh = await h.page(admin, `/${team.name}/channels/town-square`);
    await message(fresh, 'hello from the guest').waitFor();
    await messages(fresh).getByText('hello from the admin').waitFor();
    // The client config has been read once the page has no request left in flight.
    await fresh.waitForLoadState('networkidle');
    expect(await message(fresh, 'hello from the guest').getByText('GUEST', { exact: true }).count()).toBe(0);
    h.config.GuestAccountsSettings.HideTags = false;
  });
});
