// Channels and people: group messages (never yourself), presence dots, archive / unarchive with the read-only
// banner and a notice for members, member counts in the channel browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel } from '@mattermost/types/channels';
import { SKIP_BROWSER, shot, sidebar, startTeam, type ApiUser, type Harness } from './harness.ts';

describe.skipIf(SKIP_BROWSER)('channels and people (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser, bob: ApiUser, carol: ApiUser, a: Page, b: Page;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob', 'carol'], [0, 1]);
    ({ h, team } = env);
    [alice, bob, carol] = env.users;
    [a, b] = env.pages;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('creates a group message with several people, never yourself', async () => {
    await a.getByRole('button', { name: 'Write a direct message' }).click();
    const dialog = a.getByRole('dialog', { name: 'Direct message' });
    await dialog.getByRole('button', { name: `Add ${bob.username}` }).waitFor();
    expect(await dialog.getByRole('button', { name: `Add ${alice.username}` }).count()).toBe(0);
    await dialog.getByRole('button', { name: `Add ${bob.username}` }).click();
    await dialog.getByRole('button', { name: `Add ${carol.username}` }).click();
    await dialog.getByRole('list', { name: 'Selected people' }).getByText(`@${carol.username}`).waitFor();
    await dialog.getByRole('button', { name: 'Start group message' }).click();
    await dialog.waitFor({ state: 'detached' });
    const gm = sidebar(b)
      .getByRole('region', { name: 'Direct messages' })
      .getByRole('link', { name: new RegExp(carol.username) });
    await gm.waitFor();
    const channels = await bob.client.getMyChannels(team.id);
    const group = channels.find((c) => c.type === 'G');
    expect(group).toBeTruthy();
    expect((await bob.client.getProfilesInChannel(group!.id)).map((u) => u.username).sort()).toEqual(
      [alice.username, bob.username, carol.username].sort(),
    );
  }, 30_000);

  it('shows presence dots in direct messages and member lists', async () => {
    await a.getByRole('button', { name: 'Write a direct message' }).click();
    const dialog = a.getByRole('dialog', { name: 'Direct message' });
    await dialog.getByRole('button', { name: `Add ${bob.username}` }).click();
    await dialog.getByRole('button', { name: 'Start message' }).click();
    const dm = sidebar(a).getByRole('link', { name: new RegExp(`^@${bob.username}`) });
    await dm.getByRole('img', { name: 'Online' }).waitFor();
    await bob.client.updateStatus({ user_id: bob.user.id, status: 'dnd' } as never);
    // Others' statuses are polled (every minute, and when the window regains focus).
    await a.evaluate('window.dispatchEvent(new Event("focus"))');
    await dm.getByRole('img', { name: 'Do not disturb' }).waitFor();
    await a.goto(`${h.url}/${team.name}/channels/town-square`);
    await a.getByRole('button', { name: 'Channel members' }).click();
    const members = a.getByRole('dialog', { name: /^Members of/ });
    await members.getByRole('listitem').filter({ hasText: carol.username }).getByRole('img', { name: 'Offline' }).waitFor();
    await members.getByRole('listitem').filter({ hasText: bob.username }).getByRole('img', { name: 'Do not disturb' }).waitFor();
    await a.getByRole('button', { name: 'Close dialog' }).click();
  }, 30_000);

  it('archives a channel: read-only banner, members told, and unarchives it; the browser shows member counts', async () => {
    const ch = await alice.client.createChannel({ team_id: team.id, name: 'doomed', display_name: 'doomed', type: 'O' } as ServerChannel);
    await alice.client.addToChannel(bob.user.id, ch.id);
    await a.goto(`${h.url}/${team.name}/channels/doomed`);
    await b.goto(`${h.url}/${team.name}/channels/town-square`);
    await sidebar(b)
      .getByRole('link', { name: /^doomed/ })
      .waitFor();

    await a.getByRole('button', { name: 'Channel settings' }).click();
    await a.getByRole('button', { name: 'Archive channel' }).click();
    await a.getByRole('button', { name: 'Yes, archive' }).click();
    await a.getByRole('status').filter({ hasText: 'You are viewing an archived channel' }).waitFor();
    expect(await a.getByLabel('Write a message').count()).toBe(0);
    await b.getByRole('alert').filter({ hasText: 'doomed was archived.' }).waitFor();
    await expect
      .poll(() =>
        sidebar(b)
          .getByRole('link', { name: /^doomed/ })
          .count(),
      )
      .toBe(0);
    await shot(a, 'web-archived.png');

    await a.getByRole('button', { name: 'Unarchive channel' }).click();
    await a.getByLabel('Write a message').waitFor();
    await sidebar(b)
      .getByRole('link', { name: /^doomed/ })
      .waitFor();

    await a.getByRole('button', { name: 'Team menu' }).click();
    await a.getByRole('menuitem', { name: 'Browse channels' }).click();
    const browse = a.getByRole('dialog', { name: 'Browse channels' });
    await browse.getByRole('listitem').filter({ hasText: '# doomed' }).getByText('2 members').waitFor();
    await browse.getByRole('listitem').filter({ hasText: '# Town Square' }).getByText('3 members').waitFor();
    expect(h.errors).toEqual([]);
  }, 30_000);
});
