// Message actions and rendering: pin, save, copy link and permalinks, mark as unread, the in-app delete
// confirmation, the image lightbox, highlighted code, strikethrough, mentions of real users only, staying at the bottom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { ServerChannel } from '@mattermost/types/channels';
import { SKIP_BROWSER, message, messages, send, shot, sidebar, startTeam, type ApiUser, type Harness } from './harness.ts';

// Browser globals used inside page.evaluate callbacks (the test program has no DOM library).
declare const document: any, navigator: any;
type HTMLImageElement = { naturalWidth: number };

describe.skipIf(SKIP_BROWSER)('messages (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser, bob: ApiUser, a: Page, b: Page;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob'], [0, 1]);
    ({ h, team } = env);
    [alice, bob] = env.users;
    [a, b] = env.pages;
    await a.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.url });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  async function menu(page: Page, text: string, item: string): Promise<void> {
    const post = message(page, text);
    await post.hover();
    await post.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menu', { name: 'More actions' }).getByRole('menuitem', { name: item }).click();
  }

  it('pins and saves a message; the menu works with the keyboard', async () => {
    await send(a, 'Pin me please');
    await message(b, 'Pin me please').waitFor();
    await menu(a, 'Pin me please', 'Pin to channel');
    await message(b, 'Pin me please').getByText('Pinned', { exact: true }).waitFor();
    const post = message(a, 'Pin me please');
    await post.hover();
    const more = post.getByRole('button', { name: 'More actions' });
    await more.focus();
    await a.keyboard.press('Enter');
    const m = a.getByRole('menu', { name: 'More actions' });
    await expect.poll(() => a.evaluate(() => document.activeElement?.textContent)).toBe('Unpin from channel');
    await a.keyboard.press('ArrowDown');
    await expect.poll(() => a.evaluate(() => document.activeElement?.textContent)).toBe('Save');
    await a.keyboard.press('Escape');
    await m.waitFor({ state: 'detached' });
    await expect.poll(() => more.evaluate((el) => el === document.activeElement)).toBe(true);
    await more.click();
    await m.getByRole('menuitem', { name: 'Save' }).click();
    const postId = await message(a, 'Pin me please').getAttribute('data-post-id');
    await expect
      .poll(async () =>
        ((await alice.client.getMyPreferences()) as unknown as Array<{ category: string; name: string }>).some(
          (p) => p.category === 'flagged_post' && p.name === postId,
        ),
      )
      .toBe(true);
    expect((await alice.client.getPost(postId!)).is_pinned).toBe(true);
  }, 30_000);

  it('copies a permalink that opens an old post in context for the other user', async () => {
    const ch = await alice.client.createChannel({
      team_id: team.id,
      name: 'long-history',
      display_name: 'long-history',
      type: 'O',
    } as ServerChannel);
    await alice.client.addToChannel(bob.user.id, ch.id);
    const old = await alice.client.createPost({ channel_id: ch.id, message: 'The very old decision' } as never);
    for (let i = 0; i < 40; i++) await alice.client.createPost({ channel_id: ch.id, message: `filler ${i}` } as never);
    await a.goto(`${h.url}/${team.name}/channels/long-history`);
    await message(a, 'filler 39').waitFor();
    await messages(a).evaluate((el) => (el.scrollTop = 0));
    await message(a, 'The very old decision').waitFor();
    await menu(a, 'The very old decision', 'Copy link');
    await a.getByRole('alert').filter({ hasText: 'Link copied.' }).waitFor();
    const link = await a.evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(`${h.url}/${team.name}/pl/${old.id}`);

    await b.goto(link);
    await expect.poll(() => new URL(b.url()).pathname).toBe(`/${team.name}/channels/long-history`);
    const target = message(b, 'The very old decision');
    await target.waitFor();
    await expect.poll(() => target.getAttribute('class')).toContain('highlighted');
    await expect.poll(() => target.isVisible()).toBe(true);
    await shot(b, 'web-permalink.png');
  }, 40_000);

  it('marks a channel unread from a message', async () => {
    await b.goto(`${h.url}/${team.name}/channels/town-square`);
    await menu(b, 'Pin me please', 'Mark as unread');
    await sidebar(b)
      .getByRole('link', { name: /^long-history/ })
      .click();
    await sidebar(b)
      .getByRole('link', { name: /^Town Square, unread/ })
      .waitFor();
  }, 20_000);

  it('asks before deleting, in the app, and restores focus on cancel', async () => {
    await b.goto(`${h.url}/${team.name}/channels/town-square`);
    await a.goto(`${h.url}/${team.name}/channels/town-square`);
    await send(a, 'Delete me soon');
    await message(b, 'Delete me soon').waitFor();
    await menu(a, 'Delete me soon', 'Delete');
    const dialog = a.getByRole('alertdialog', { name: 'Delete message' });
    await dialog.waitFor();
    await expect.poll(() => dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await a.keyboard.press('Tab');
    await a.keyboard.press('Tab');
    await expect.poll(() => dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await message(a, 'Delete me soon').count()).toBe(1);
    await menu(a, 'Delete me soon', 'Delete');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => message(b, 'Delete me soon').count()).toBe(0);
  }, 30_000);

  it('renders code highlighted, strikethrough, and highlights mentions of real users only', async () => {
    await send(a, '```js\nconst answer = 42;\n```');
    await send(a, `~~old plan~~ ask @${bob.username} not @nosuchperson`);
    await messages(b).locator('.hljs-keyword', { hasText: 'const' }).waitFor();
    const post = message(b, 'old plan');
    await post.locator('del', { hasText: 'old plan' }).waitFor();
    await post.locator('.mention', { hasText: `@${bob.username}` }).waitFor();
    expect(await post.locator('.mention', { hasText: '@nosuchperson' }).count()).toBe(0);
    expect(await post.innerText()).toContain('@nosuchperson');
  }, 20_000);

  it('decodes HTML entities as CommonMark does: named and numeric with their semicolon, nothing else', async () => {
    await send(a, 'entities: caf&eacute; &copy; &#x41;&#66; &amp;lt; &notit; &bogus; `&copy;`');
    const post = message(b, 'entities:');
    await post.waitFor();
    expect(await post.innerText()).toContain('entities: café © AB &lt; &notit; &bogus; &copy;');
  }, 20_000);

  it('opens images in a lightbox and stays at the bottom as they load', async () => {
    const png = await sharp({ create: { width: 600, height: 900, channels: 3, background: { r: 200, g: 120, b: 20 } } })
      .png()
      .toBuffer();
    const form = new FormData();
    const ch = (await alice.client.getChannelByName(team.id, 'town-square')) as ServerChannel;
    form.append('channel_id', ch.id);
    form.append('files', new File([png], 'tall.png', { type: 'image/png' }));
    const up = await alice.client.uploadFile(form);
    await alice.client.createPost({ channel_id: ch.id, message: 'A tall picture', file_ids: [up.file_infos[0].id] } as never);
    const img = message(b, 'A tall picture').getByRole('img', { name: 'tall.png' });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(600);
    await expect.poll(() => messages(b).evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(4);
    await img.click();
    const box = b.getByRole('dialog', { name: 'Image: tall.png' });
    await box.getByRole('img', { name: 'tall.png' }).waitFor();
    await shot(b, 'web-lightbox.png');
    await b.keyboard.press('Escape');
    await box.waitFor({ state: 'detached' });
    expect(h.errors).toEqual([]);
  }, 30_000);
});
