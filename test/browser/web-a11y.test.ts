// Accessibility: axe-core (injected into the page) finds no serious or critical violation on each main screen;
// dialogs trap and restore focus; the team menu works with the keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SKIP_BROWSER, send, message, startTeam, type ApiUser, type Harness } from './harness.ts';
import { seriousViolations } from './axe.ts';

describe.skipIf(SKIP_BROWSER)('accessibility (Chromium)', () => {
  let h: Harness, bob: ApiUser, a: Page;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob'], [0]);
    h = env.h;
    bob = env.users[1];
    [a] = env.pages;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('has no serious or critical axe violations on the main screens', async () => {
    const found: Record<string, string[]> = {};
    const login = await h.browser.newPage();
    await login.goto(h.url + '/login');
    await login.getByRole('button', { name: 'Log in' }).waitFor();
    found.login = await seriousViolations(login);
    await login.close();

    await send(a, `Hello @${bob.username}, here is **bold** and \`code\` :tada:`);
    await message(a, 'Hello').waitFor();
    found.channel = await seriousViolations(a);

    const post = message(a, 'Hello');
    await post.hover();
    await post.getByRole('button', { name: 'Reply' }).click();
    await a.getByRole('complementary', { name: 'Thread' }).waitFor();
    found.thread = await seriousViolations(a);
    await a.getByRole('button', { name: 'Close pane' }).click();

    await a.getByLabel('Search messages').fill('hello');
    await a.getByLabel('Search messages').press('Enter');
    await a.getByRole('complementary', { name: 'Search results' }).getByRole('listitem').first().waitFor();
    found.search = await seriousViolations(a);
    await a.getByRole('button', { name: 'Close pane' }).click();

    await a.getByRole('button', { name: 'Team menu' }).click();
    found.menu = await seriousViolations(a);
    await a.getByRole('menuitem', { name: 'Account settings' }).click();
    await a.getByRole('dialog', { name: 'Account settings' }).getByLabel('First name').waitFor();
    found.settings = await seriousViolations(a);
    await a.getByRole('tab', { name: 'Display' }).click();
    found.settingsDisplay = await seriousViolations(a);
    await a.getByRole('tab', { name: 'Security' }).click();
    await a.getByRole('list', { name: 'Sessions' }).getByRole('listitem').first().waitFor();
    found.settingsSecurity = await seriousViolations(a);
    await a.getByRole('button', { name: 'Close dialog' }).click();

    await a.getByLabel('Write a message').press('Control+k');
    await a.getByRole('dialog', { name: 'Switch channel' }).getByRole('option').first().waitFor();
    found.switcher = await seriousViolations(a);
    await a.keyboard.press('Escape');

    await a.getByRole('button', { name: 'Emoji picker' }).click();
    await a.getByRole('dialog', { name: 'Emoji picker' }).getByRole('listitem').first().waitFor();
    found.emoji = await seriousViolations(a);
    await a.keyboard.press('Escape');

    await a.getByRole('button', { name: 'Team menu' }).click();
    await a.getByRole('menuitem', { name: 'Browse channels' }).click();
    await a.getByRole('dialog', { name: 'Browse channels' }).getByText('# Town Square').waitFor();
    found.browse = await seriousViolations(a);
    await a.getByRole('button', { name: 'Close dialog' }).click();

    for (const [screen, list] of Object.entries(found)) if (list.length) console.log(`[axe] ${screen}:\n  ${list.join('\n  ')}`);
    expect(Object.fromEntries(Object.entries(found).filter(([, l]) => l.length))).toEqual({});
  }, 90_000);

  it('dialogs trap focus and give it back; the team menu works with the keyboard', async () => {
    const menuButton = a.getByRole('button', { name: 'Team menu' });
    await menuButton.focus();
    await a.keyboard.press('Enter');
    const menu = a.getByRole('menu');
    await expect.poll(() => a.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Invite people');
    await a.keyboard.press('ArrowDown');
    await expect.poll(() => a.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Team members');
    await a.keyboard.press('End');
    await expect.poll(() => a.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Log out');
    await a.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await expect.poll(() => menuButton.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    await a.keyboard.press('Enter');
    await expect.poll(() => a.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Invite people');
    // Browse channels opens a dialog; Tab stays inside; Escape closes it and focus returns to the menu button.
    await a.keyboard.press('ArrowDown');
    await a.keyboard.press('ArrowDown');
    await a.keyboard.press('Enter');
    const dialog = a.getByRole('dialog', { name: 'Browse channels' });
    await dialog.waitFor();
    for (let i = 0; i < 8; i++) {
      await a.keyboard.press('Tab');
      expect(await dialog.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);
    }
    await a.keyboard.press('Shift+Tab');
    expect(await dialog.evaluate((el) => el.contains(el.ownerDocument.activeElement))).toBe(true);
    await a.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => menuButton.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  }, 30_000);
});
