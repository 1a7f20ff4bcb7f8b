// Link previews in the web app: the OpenGraph card (site name, title link, description, lazy thumbnail) of a page
// served by the test's own site appears under the message for everyone once the server has read the link; a direct
// image link shows the image; the author removes a preview with its "×"; a reader who turned previews off sees none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import { SKIP_BROWSER, message, send, shot, startTeam, type ApiUser, type Harness } from './harness.ts';
import { ogPage, solidPng, startLinkSite, type LinkSite } from '../link-site.ts';

type Img = { naturalWidth: number; loading: string };

describe.skipIf(SKIP_BROWSER)('link previews (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser, bob: ApiUser, a: Page, b: Page, site: LinkSite;

  beforeAll(async () => {
    site = await startLinkSite();
    site.page(
      '/article',
      'text/html; charset=utf-8',
      ogPage({
        title: 'Brewing the perfect cup',
        description: 'Water temperature, steeping time and the leaves that matter &mdash; a short guide.',
        siteName: 'Tea Journal',
        image: '/thumb.png',
      }),
    );
    site.page('/thumb.png', 'image/png', solidPng(160, 160, [46, 125, 50]));
    site.page('/photo.png', 'image/png', solidPng(400, 200, [30, 90, 200]));
    const env = await startTeam(['alice', 'bob'], [0, 1], (c) => {
      c.ServiceSettings.EnableLinkPreviews = true;
      c.ServiceSettings.AllowedUntrustedInternalConnections = '127.0.0.1';
    });
    ({ h, team } = env);
    [alice, bob] = env.users;
    [a, b] = env.pages;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
    await site?.close();
  });

  const card = (page: Page, text: string) => message(page, text).getByRole('group', { name: 'Link preview' });

  it('shows the OpenGraph card under the message for the author and the reader', async () => {
    const text = `Read this: ${site.url}/article`;
    await send(a, text);
    for (const page of [a, b]) {
      const c = card(page, 'Read this:');
      await c.getByRole('link', { name: 'Brewing the perfect cup' }).waitFor();
      await c.getByText('Tea Journal').waitFor();
      await c.getByText('Water temperature, steeping time and the leaves that matter — a short guide.').waitFor();
      expect(await c.getByRole('link', { name: 'Brewing the perfect cup' }).getAttribute('href')).toBe(`${site.url}/article`);
      const thumb = c.locator('img.link-preview-thumb');
      await expect.poll(() => thumb.evaluate((el: Img) => el.naturalWidth)).toBe(160);
      expect(await thumb.evaluate((el: Img) => el.loading)).toBe('lazy');
    }
    // Only the author is offered the dismiss button.
    await card(a, 'Read this:').getByRole('button', { name: 'Remove link preview' }).waitFor();
    expect(await card(b, 'Read this:').getByRole('button', { name: 'Remove link preview' }).count()).toBe(0);
    await shot(a, 'web-link-preview-1280.png');
    const narrow = await h.page(bob, `/${team.name}/channels/town-square`, { width: 375, height: 740 });
    const c = card(narrow, 'Read this:');
    await c.getByRole('link', { name: 'Brewing the perfect cup' }).waitFor();
    // The card fits the phone's width.
    const box = await c.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await shot(narrow, 'web-link-preview-375.png');
    await narrow.context().close();
  }, 40_000);

  it('shows a direct image link as the image', async () => {
    await send(a, `${site.url}/photo.png`);
    const img = message(b, '/photo.png').locator('.link-preview-image img');
    await expect.poll(() => img.evaluate((el: Img) => el.naturalWidth).catch(() => 0)).toBe(400);
    expect(await img.getAttribute('width')).toBe('400');
  }, 20_000);

  it('lets the author remove the preview, for everyone', async () => {
    await card(a, 'Read this:').getByRole('button', { name: 'Remove link preview' }).click();
    await card(a, 'Read this:').waitFor({ state: 'detached' });
    await card(b, 'Read this:').waitFor({ state: 'detached' });
    const postId = await message(a, 'Read this:').getAttribute('data-post-id');
    expect((await alice.client.getPost(postId!)).props.remove_link_preview).toBe('true');
  }, 20_000);

  it('hides previews for a reader who turned them off in Display settings', async () => {
    await send(a, `Another one ${site.url}/article?again`);
    await card(b, 'Another one').waitFor();
    await bob.client.savePreferences(bob.user.id, [
      { user_id: bob.user.id, category: 'display_settings', name: 'link_previews', value: 'false' },
    ]);
    await card(b, 'Another one').waitFor({ state: 'detached' });
    await card(a, 'Another one').waitFor();
  }, 20_000);
});
