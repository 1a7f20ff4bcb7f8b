// The composer: @user, ~channel, :emoji: and /command suggestions with the keyboard, the emoji picker with skin
// tones, emoji rendered from the same data, the formatting bar and shortcuts, drop and paste uploads with progress.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { SKIP_BROWSER, message, send, shot, startTeam, type ApiUser, type Harness } from './harness.ts';

// Browser globals used inside page.evaluate callbacks (the test program has no DOM library).
declare const document: any, requestAnimationFrame: any, DataTransfer: any, DragEvent: any, ClipboardEvent: any;

describe.skipIf(SKIP_BROWSER)('composer (Chromium)', () => {
  let h: Harness, alice: ApiUser, bob: ApiUser, a: Page, b: Page;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob'], [0, 1], (c) => {
      c.ServiceSettings.EnableCustomEmoji = true;
    });
    h = env.h;
    [alice, bob] = env.users;
    [a, b] = env.pages;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const box = () => a.getByLabel('Write a message');
  const suggestions = () => a.getByRole('listbox', { name: 'Suggestions' });

  it('completes @users, ~channels and :emoji: with the keyboard; the emoji renders for the other user', async () => {
    await box().pressSequentially(`hi @${bob.username.slice(0, 4)}`);
    await suggestions()
      .getByRole('option', { name: new RegExp(`@${bob.username}`) })
      .waitFor();
    await shot(a, 'web-autocomplete.png');
    // The selected option follows the arrows; Enter takes it (and does not send).
    const options = suggestions().getByRole('option');
    const idx = (await options.allInnerTexts()).findIndex((t) => t.includes(`@${bob.username}`));
    for (let i = 0; i < idx; i++) await box().press('ArrowDown');
    await expect.poll(() => suggestions().getByRole('option', { selected: true }).innerText()).toContain(bob.username);
    await box().press('Enter');
    await expect.poll(() => box().inputValue()).toBe(`hi @${bob.username} `);

    await box().pressSequentially('see ~town');
    await suggestions()
      .getByRole('option', { name: /~town-square/ })
      .waitFor();
    await box().press('Tab');
    await expect.poll(() => box().inputValue()).toBe(`hi @${bob.username} see ~town-square `);

    await box().pressSequentially(':thinking_fa');
    await suggestions()
      .getByRole('option', { name: /:thinking_face:/ })
      .waitFor();
    await box().press('Enter');
    await expect.poll(() => box().inputValue()).toBe(`hi @${bob.username} see ~town-square :thinking_face: `);
    // Escape closes the popup without touching the text.
    await box().pressSequentially(':rock');
    await suggestions().waitFor();
    await box().press('Escape');
    await suggestions().waitFor({ state: 'detached' });
    await box().press('Enter');

    const post = message(b, 'see');
    await post.getByRole('img', { name: ':thinking_face:' }).waitFor();
    expect(await post.getByRole('img', { name: ':thinking_face:' }).innerText()).toBe('🤔');
    expect(await post.innerText()).toContain(':rock');
  }, 40_000);

  it('asks for /command suggestions and stays quiet when the server has none', async () => {
    const answered = a.waitForResponse((r) => r.url().includes('/commands/autocomplete_suggestions'));
    await box().pressSequentially('/ec');
    const res = await answered;
    await a.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    if (res.status() === 404) expect(await suggestions().count()).toBe(0);
    await box().fill('');
    expect(h.errors).toEqual([]);
  }, 20_000);

  it('picks emoji with search and a skin tone; custom emoji appear', async () => {
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    await alice.client.createCustomEmoji(
      { name: 'parley_party', creator_id: alice.user.id } as never,
      new File([png], 'p.png', { type: 'image/png' }),
    );
    await a.reload();
    await a.getByRole('button', { name: 'Emoji picker' }).click();
    const picker = a.getByRole('dialog', { name: 'Emoji picker' });
    await picker.getByLabel('Search emoji').fill('rocket');
    await picker.getByRole('listitem', { name: ':rocket:' }).click();
    await expect.poll(() => box().inputValue()).toBe(':rocket: ');

    await a.getByRole('button', { name: 'Emoji picker' }).click();
    await picker.getByLabel('Skin tone').selectOption('1F3FD');
    await picker.getByLabel('Search emoji').fill('+1');
    await picker.getByRole('listitem', { name: ':+1_medium_skin_tone:' }).click();
    await a.getByRole('button', { name: 'Emoji picker' }).click();
    await picker.getByLabel('Search emoji').fill('parley_pa');
    await picker.getByRole('listitem', { name: ':parley_party:' }).waitFor();
    await shot(a, 'web-emoji-picker.png');
    await picker.getByRole('listitem', { name: ':parley_party:' }).click();
    await box().press('Enter');
    const post = message(b, '');
    await post.last().getByRole('img', { name: ':+1_medium_skin_tone:' }).waitFor();
    expect(await post.last().getByRole('img', { name: ':+1_medium_skin_tone:' }).innerText()).toBe('👍🏽');
    await post.last().getByRole('img', { name: ':parley_party:' }).waitFor();
    expect(await post.last().getByRole('img', { name: ':rocket:' }).innerText()).toBe('🚀');
  }, 40_000);

  it('formats the selection with the bar and the shortcuts', async () => {
    await box().fill('bold words');
    await box().selectText();
    await a.getByRole('button', { name: 'Bold' }).click();
    await expect.poll(() => box().inputValue()).toBe('**bold words**');
    await box().fill('slanted');
    await box().selectText();
    await box().press('Control+i');
    await expect.poll(() => box().inputValue()).toBe('_slanted_');
    await box().fill('gone');
    await box().selectText();
    await a.getByRole('button', { name: 'Strikethrough' }).click();
    await box().press('End');
    await box().press('Shift+Enter');
    await box().pressSequentially('item');
    await a.getByRole('button', { name: 'Bulleted list' }).click();
    await expect.poll(() => box().inputValue()).toBe('~~gone~~\n- item');
    await box().press('Enter');
    const post = message(b, 'item');
    await post.locator('del, s').filter({ hasText: 'gone' }).waitFor();
    await post.locator('li', { hasText: 'item' }).waitFor();
  }, 30_000);

  it('uploads a dropped file with progress, and a pasted image', async () => {
    let release: (() => void) | undefined;
    await a.route('**/api/v4/files', async (route: Route) => {
      await new Promise<void>((r) => (release = r));
      await route.continue();
    });
    await a.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['dropped notes'], 'notes.txt', { type: 'text/plain' }));
      const target = document.querySelector('.channel-view .composer')!;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await a.getByRole('progressbar', { name: 'Uploading notes.txt' }).waitFor();
    await expect.poll(() => release !== undefined).toBe(true);
    release!();
    await a.getByRole('list', { name: 'Attached files' }).getByText('notes.txt').waitFor();
    await a.getByRole('progressbar', { name: 'Uploading notes.txt' }).waitFor({ state: 'detached' });
    await a.unroute('**/api/v4/files');

    await a.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 8;
      c.height = 8;
      c.getContext('2d')!.fillRect(0, 0, 8, 8);
      const blob = await new Promise<Blob>((r) => c.toBlob((b: unknown) => r(b as Blob), 'image/png'));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], '', { type: 'image/png' }));
      const area = document.querySelector('.channel-view textarea')!;
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await a
      .getByRole('list', { name: 'Attached files' })
      .getByText(/pasted-\d+\.png/)
      .waitFor();
    await send(a, 'two files');
    await message(b, 'two files').getByText('notes.txt').waitFor();
    await message(b, 'two files')
      .getByRole('img', { name: /^pasted-\d+\.png$/ })
      .waitFor();
    expect(h.errors).toEqual([]);
  }, 30_000);
});
