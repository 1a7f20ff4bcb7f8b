// Account settings: profile fields and picture, teammate name display, themes, password change and sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Client4 } from '@mattermost/client';
import type { Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import { PASSWORD, SKIP_BROWSER, message, messages, send, shot, startTeam, type ApiUser, type Harness } from './harness.ts';

// Browser globals used inside page.evaluate callbacks (the test program has no DOM library).
declare const document: any, getComputedStyle: any;

async function openSettings(page: Page, tab: string): Promise<void> {
  if (!(await page.getByRole('dialog', { name: 'Account settings' }).count())) {
    await page.getByRole('button', { name: 'Team menu' }).click();
    await page.getByRole('menuitem', { name: 'Account settings' }).click();
  }
  await page.getByRole('dialog', { name: 'Account settings' }).getByRole('tab', { name: tab }).click();
}

describe.skipIf(SKIP_BROWSER)('account settings (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser, bob: ApiUser, a: Page, b: Page;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob'], [0, 1]);
    ({ h, team } = env);
    [alice, bob] = env.users;
    [a, b] = env.pages;
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('saves the profile and a cropped picture', async () => {
    await openSettings(a, 'Profile');
    const dialog = a.getByRole('dialog', { name: 'Account settings' });
    await dialog.getByLabel('First name').fill('Alice');
    await dialog.getByLabel('Last name').fill('Liddell');
    await dialog.getByLabel('Nickname').fill('Wonder');
    await dialog.getByLabel('Position').fill('Explorer');
    await dialog.getByRole('button', { name: 'Save profile' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    expect(await alice.client.getMe()).toMatchObject({
      first_name: 'Alice',
      last_name: 'Liddell',
      nickname: 'Wonder',
      position: 'Explorer',
    });

    const png = path.join(mkdtempSync(path.join(tmpdir(), 'parley-avatar-')), 'me.png');
    await sharp({ create: { width: 400, height: 200, channels: 3, background: { r: 10, g: 160, b: 60 } } })
      .png()
      .toFile(png);
    await dialog.locator('input[type=file]').setInputFiles(png);
    await dialog.getByRole('img', { name: 'Crop preview: drag to move' }).waitFor();
    await dialog.getByLabel('Zoom').fill('2');
    await dialog.getByRole('button', { name: 'Save picture' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Picture saved.' }).waitFor();
    const me = await alice.client.getMe();
    expect(me.last_picture_update).toBeGreaterThan(0);
    const res = await fetch(alice.client.getProfilePictureUrl(me.id, me.last_picture_update), {
      headers: { authorization: `Bearer ${alice.client.getToken()}` },
    });
    const { data, info } = await sharp(Buffer.from(await res.arrayBuffer()))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([128, 128]);
    expect([data[0], data[1], data[2]]).toEqual([10, 160, 60]);
    await shot(a, 'web-settings-profile.png');
  }, 40_000);

  it('shows names as the teammate name display preference says, for this user only', async () => {
    await a.getByRole('button', { name: 'Close dialog' }).click();
    await send(a, 'Names test message');
    await message(b, 'Names test message').waitFor();
    await openSettings(a, 'Display');
    const dialog = a.getByRole('dialog', { name: 'Account settings' });
    await dialog.getByLabel('First and last name', { exact: true }).check();
    await expect
      .poll(async () => (await alice.client.getMyPreferences()) as unknown as Array<{ name: string; value: string }>)
      .toContainEqual(expect.objectContaining({ name: 'name_format', value: 'full_name' }));
    await dialog.getByLabel('Nickname, else first and last name').check();
    await a.getByRole('button', { name: 'Close dialog' }).click();
    await message(a, 'Names test message').getByText('Wonder', { exact: true }).waitFor();
    // Bob keeps usernames.
    await message(b, 'Names test message').getByText(alice.username, { exact: true }).waitFor();
  }, 30_000);

  it('follows the system theme by default, switches to dark, and applies a pasted Mattermost theme', async () => {
    const bg = () => a.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
    expect(await bg()).toBe('#ffffff');
    await a.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(bg).toBe('#1b1d22');
    await a.emulateMedia({ colorScheme: 'light' });
    await openSettings(a, 'Display');
    const dialog = a.getByRole('dialog', { name: 'Account settings' });
    await dialog.getByLabel('Dark', { exact: true }).check();
    await expect.poll(bg).toBe('#1b1d22');
    await dialog.getByRole('textbox', { name: 'Theme JSON' }).fill(
      JSON.stringify({
        type: 'Custom',
        sidebarBg: '#5a2d82',
        centerChannelBg: '#fdf6e3',
        centerChannelColor: '#333333',
        buttonBg: '#8a2be2',
        evil: 'url(x)',
      }),
    );
    await dialog.getByRole('button', { name: 'Apply theme' }).click();
    await expect.poll(bg).toBe('#fdf6e3');
    expect(await a.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--side').trim())).toBe('#5a2d82');
    await shot(a, 'web-settings-theme.png');
    // Another session of the same user follows the change.
    const a2 = await h.page(alice, `/${team.name}/channels/town-square`);
    await expect.poll(() => a2.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim())).toBe('#fdf6e3');
    await dialog.getByLabel('Follow the system').check();
    await expect.poll(bg).toBe('#ffffff');
    await a2.context().close();
  }, 30_000);

  it('changes the password with the current one and revokes another session', async () => {
    await openSettings(b, 'Security');
    const dialog = b.getByRole('dialog', { name: 'Account settings' });
    await dialog.getByLabel('Current password').fill('wrong-password');
    await dialog.getByLabel('New password', { exact: true }).fill('N3w-passw0rd!');
    await dialog.getByLabel('Repeat new password').fill('N3w-passw0rd!');
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByLabel('Current password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Change password' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    const c = new Client4();
    c.setUrl(h.url);
    await c.login(bob.username, 'N3w-passw0rd!');

    // The API client's session and this browser's are listed; revoking the API one ends it.
    await dialog.getByRole('tab', { name: 'Profile' }).click();
    await dialog.getByRole('tab', { name: 'Security' }).click();
    const list = dialog.getByRole('list', { name: 'Sessions' });
    await expect.poll(() => list.getByRole('listitem').count()).toBeGreaterThanOrEqual(2);
    const before = await list.getByRole('listitem').count();
    const apiSession = (await c.getSessions(bob.user.id)).sort((x, y) => y.create_at - x.create_at)[0];
    await list.getByRole('button', { name: `Revoke session ${apiSession.id}` }).click();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(before - 1);
    await expect
      .poll(
        async () =>
          await c.getMe().then(
            () => 'alive',
            () => 'revoked',
          ),
      )
      .toBe('revoked');
    await messages(b).waitFor();
    expect(h.errors).toEqual([]);
  }, 40_000);
});
