// Permalink previews in the web app: a message linking to a post (`<site>/<team>/pl/<id>`) shows that post (author,
// text, "Originally posted in ~channel", Jump) to a reader of its channel, live and after a reload; another member of
// the channel where the link was posted, who may not read the private channel, sees the bare link and nothing of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { SKIP_BROWSER, message, send, shot, startTeam, type ApiUser, type Harness } from './harness.ts';
import { seriousViolations } from './axe.ts';

describe.skipIf(SKIP_BROWSER)('permalink previews (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser, a: Page, b: Page, secret: Post, open: Post;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob'], [0, 1]);
    ({ h, team } = env);
    [alice] = env.users;
    [a, b] = env.pages;
    const ch = await alice.client.createChannel({
      team_id: team.id,
      name: 'secret-plans',
      display_name: 'Secret plans',
      type: 'P',
    } as Channel);
    secret = await alice.client.createPost({ channel_id: ch.id, message: 'Launch moves to **the 5th**' } as Post);
    const town = await alice.client.getChannelByName(team.id, 'town-square');
    open = await alice.client.createPost({ channel_id: town.id, message: 'Lunch is at noon' } as Post);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const preview = (p: Page, text: string) => message(p, text).getByRole('group', { name: 'Message preview' });

  it('a reader of the linked channel sees the preview live; axe finds nothing serious', async () => {
    const link = `${h.url}/${team.name}/pl/${secret.id}`;
    await send(a, `Heads up: ${link}`);
    const card = preview(a, 'Heads up');
    await card.getByText('Launch moves to').waitFor();
    expect(await card.locator('.permalink-preview-body strong').innerText()).toBe('the 5th');
    expect(await card.locator('.permalink-preview-head strong').innerText()).toBe(alice.username);
    await card.getByText('Originally posted in ~Secret plans').waitFor();
    await card.getByRole('link', { name: 'Jump' }).waitFor();
    await shot(a, 'permalink-preview-1280.png');
    expect(await seriousViolations(a)).toEqual([]);
  }, 30_000);

  it('another member of the channel sees the link, never the private post, live or after a reload', async () => {
    await message(b, 'Heads up').waitFor();
    // a public post linked after it: once its preview shows for bob, the private one's turn has passed too
    await send(a, `And ${h.url}/${team.name}/pl/${open.id}`);
    await preview(b, 'And http').getByText('Lunch is at noon').waitFor();
    expect(await preview(b, 'Heads up').count()).toBe(0);
    expect(await b.getByText('Launch moves to').count()).toBe(0);
    await b.reload();
    await preview(b, 'And http').getByText('Lunch is at noon').waitFor();
    expect(await preview(b, 'Heads up').count()).toBe(0);
    expect(await b.getByText('Launch moves to').count()).toBe(0);
    await shot(b, 'permalink-preview-not-reader-1280.png');
  }, 30_000);

  it('Jump opens the linked post in its channel', async () => {
    await preview(a, 'Heads up').getByRole('link', { name: 'Jump' }).click();
    await expect.poll(() => a.url()).toBe(`${h.url}/${team.name}/channels/secret-plans`);
    await message(a, 'Launch moves to').waitFor();
    expect(h.errors).toEqual([]);
  }, 30_000);
});
