// Profile popover and custom status: B sets a status from their menu, A sees the emoji beside B's name live, opens
// B's popover from the post header (1280 px) and from an @mention (375 px), and Message opens the DM; the status
// disappears when it expires or is cleared; axe finds nothing serious in the popover or the status dialog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { Post } from '@mattermost/types/posts';
import { SKIP_BROWSER, message, shot, sidebar, startTeam, type ApiUser, type Harness } from './harness.ts';
import { seriousViolations } from './axe.ts';

describe.skipIf(SKIP_BROWSER)('profile popover and custom status (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser, bob: ApiUser, a: Page, b: Page, townSquare: string;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob'], [0, 1]);
    ({ h, team } = env);
    [alice, bob] = env.users;
    [a, b] = env.pages;
    townSquare = (await alice.client.getChannelByName(team.id, 'town-square')).id;
    await bob.client.patchMe({
      first_name: 'Bob',
      last_name: 'Builder',
      nickname: 'bobby',
      position: 'Site lead',
      timezone: { useAutomaticTimezone: 'false', automaticTimezone: '', manualTimezone: 'Asia/Tokyo' },
    });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const statusIn = (page: Page, text: string, label: string) => message(page, text).getByRole('img', { name: `Custom status: ${label}` });

  it('B sets a custom status from the account menu; A sees it beside B’s name live', async () => {
    await bob.client.createPost({ channel_id: townSquare, message: 'status check from bob' } as Post);
    await message(a, 'status check from bob').waitFor();
    expect(await statusIn(a, 'status check from bob', 'In a meeting').count()).toBe(0);

    await b.getByRole('button', { name: /Account menu/ }).click();
    await b.getByRole('menuitem', { name: 'Set a custom status' }).click();
    const dialog = b.getByRole('dialog', { name: 'Set a custom status' });
    await dialog.getByRole('region', { name: 'Suggestions' }).waitFor();
    expect(await seriousViolations(b, '.modal')).toEqual([]);
    await dialog.getByRole('button', { name: /In a meeting/ }).click();
    expect(await dialog.getByLabel('Status text').inputValue()).toBe('In a meeting');
    expect(await dialog.getByLabel('Clear after').inputValue()).toBe('one_hour');
    await shot(b, 'web-custom-status-dialog.png');
    await dialog.getByRole('button', { name: 'Set status' }).click();
    await dialog.waitFor({ state: 'detached' });

    await statusIn(a, 'status check from bob', 'In a meeting').waitFor();
    const stored = JSON.parse(String((await alice.client.getUser(bob.user.id)).props?.customStatus)) as Record<string, string>;
    expect(stored).toMatchObject({ emoji: 'calendar', text: 'In a meeting', duration: 'one_hour' });
    expect(Date.parse(stored.expires_at)).toBeGreaterThan(Date.now());
  }, 30_000);

  it('A opens B’s popover from the post header: names, position, status, presence; Esc closes; Message opens the DM', async () => {
    const name = message(a, 'status check from bob').getByRole('button', { name: bob.username, exact: true });
    await name.click();
    const pop = a.getByRole('dialog', { name: `Profile of ${bob.username}` });
    await pop.getByText('Bob Builder').waitFor();
    for (const text of ['bobby', `@${bob.username}`, 'Site lead', 'In a meeting', 'Online'])
      await pop.getByText(text, { exact: true }).waitFor();
    await pop.getByText(/^Until /).waitFor();
    const tokyo = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', hour: 'numeric', minute: '2-digit' });
    await pop.getByText('Local time').waitFor();
    const shown = (await pop.locator('dd').allInnerTexts()).join(' ');
    // the minute may turn between reading the clock here and there
    expect([tokyo.format(Date.now()), tokyo.format(Date.now() - 60_000)].some((t) => shown.includes(t))).toBe(true);
    // focus is inside the popover and stays there
    expect(await a.evaluate('!!document.activeElement?.closest(".profile-popover")')).toBe(true);
    for (let i = 0; i < 5; i++) await a.keyboard.press('Tab');
    expect(await a.evaluate('!!document.activeElement?.closest(".profile-popover")')).toBe(true);
    expect(await seriousViolations(a, '.profile-popover')).toEqual([]);
    await shot(a, 'web-popover-1280.png');
    await a.keyboard.press('Escape');
    await pop.waitFor({ state: 'detached' });
    expect(await a.evaluate('document.activeElement?.className + "|" + document.activeElement?.textContent')).toBe(
      `author-btn|${bob.username}`,
    );

    await name.click();
    await pop.getByRole('button', { name: 'Message' }).click();
    await pop.waitFor({ state: 'detached' });
    await sidebar(a)
      .getByRole('link', { name: new RegExp(`^@${bob.username}`) })
      .and(a.locator('[aria-current="page"]'))
      .waitFor();
    await a.getByRole('heading', { name: `@${bob.username}` }).waitFor();
    const dms = (await alice.client.getMyChannels(team.id)).filter((c) => c.type === 'D');
    expect(dms.map((c) => c.name)).toContain([alice.user.id, bob.user.id].sort().join('__'));
    // the DM entry in the sidebar shows the status too
    await sidebar(a)
      .getByRole('link', { name: new RegExp(`^@${bob.username}`) })
      .getByRole('img', { name: 'Custom status: In a meeting' })
      .waitFor();
  }, 30_000);

  it('an admin adds B to a channel from the popover and removes B from the member list’s popover', async () => {
    const side = await alice.client.createChannel({ team_id: team.id, name: 'side-room', display_name: 'side-room', type: 'O' } as never);
    await a.goto(`${h.url}/${team.name}/channels/town-square`);
    await message(a, 'status check from bob').getByRole('button', { name: bob.username, exact: true }).click();
    const pop = a.getByRole('dialog', { name: `Profile of ${bob.username}` });
    // town-square: nobody is removed from it
    expect(await pop.getByRole('button', { name: 'Remove from channel' }).count()).toBe(0);
    await pop.getByRole('button', { name: 'Add to a channel' }).click();
    await pop.getByLabel('Channel').selectOption({ label: 'side-room' });
    await pop.getByRole('button', { name: 'Add', exact: true }).click();
    await pop.getByRole('status').filter({ hasText: 'Added to side-room.' }).waitFor();
    expect((await alice.client.getChannelMember(side.id, bob.user.id)).user_id).toBe(bob.user.id);
    await a.keyboard.press('Escape');

    await a.goto(`${h.url}/${team.name}/channels/side-room`);
    await a.getByRole('button', { name: 'Channel members' }).click();
    const members = a.getByRole('dialog', { name: /^Members of/ });
    await members.getByRole('button', { name: `@${bob.username}` }).click();
    await pop.getByRole('button', { name: 'Remove from channel' }).click();
    await pop.getByRole('button', { name: 'Remove from channel' }).waitFor({ state: 'detached' });
    await expect(alice.client.getChannelMember(side.id, bob.user.id)).rejects.toMatchObject({ status_code: 404 });
    // Escape closes the popover only; the members dialog stays
    await a.keyboard.press('Escape');
    await pop.waitFor({ state: 'detached' });
    expect(await members.isVisible()).toBe(true);
    await a.keyboard.press('Escape');
    await members.waitFor({ state: 'detached' });
  }, 30_000);

  it('at 375 px the popover opens from an @mention and fits the screen; Message opens the DM', async () => {
    const m = await h.page(alice, `/${team.name}/channels/town-square`, { width: 375, height: 812 });
    await alice.client.createPost({ channel_id: townSquare, message: `thanks @${bob.username} for the help` } as Post);
    const mention = message(m, 'for the help').getByRole('button', { name: `@${bob.username}` });
    await mention.click();
    const pop = m.getByRole('dialog', { name: `Profile of ${bob.username}` });
    await pop.getByText('In a meeting', { exact: true }).waitFor();
    const box = (await pop.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(await m.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    expect(await seriousViolations(m, '.profile-popover')).toEqual([]);
    await shot(m, 'web-popover-375.png');
    await pop.getByRole('button', { name: 'Message' }).click();
    await m.getByRole('heading', { name: `@${bob.username}` }).waitFor();
    await m.close();
  }, 30_000);

  it('honours the expiry on display and shows a cleared status as gone', async () => {
    await b.goto(`${h.url}/${team.name}/channels/town-square`);
    await a.goto(`${h.url}/${team.name}/channels/town-square`);
    await message(a, 'status check from bob').waitFor();
    // a status that expires in a few seconds: the emoji leaves A's screen without any event
    await bob.client.updateCustomStatus({
      emoji: 'hamburger',
      text: 'Quick bite',
      expires_at: new Date(Date.now() + 4000).toISOString(),
    } as never);
    const bite = statusIn(a, 'status check from bob', 'Quick bite');
    await bite.waitFor();
    await bite.waitFor({ state: 'detached', timeout: 15_000 });

    await bob.client.updateCustomStatus({ emoji: 'house', text: 'Working from home' } as never);
    await statusIn(a, 'status check from bob', 'Working from home').waitFor();
    // the recent list offers earlier statuses in the dialog; Clear status removes it everywhere
    await b.getByRole('button', { name: /Account menu/ }).click();
    await b.getByRole('menuitem', { name: 'Set a custom status' }).click();
    const dialog = b.getByRole('dialog', { name: 'Set a custom status' });
    await dialog.getByRole('button', { name: 'Clear status' }).click();
    await dialog.waitFor({ state: 'detached' });
    await statusIn(a, 'status check from bob', 'Working from home').waitFor({ state: 'detached' });
    await b.getByRole('button', { name: /Account menu/ }).click();
    await b.getByRole('menuitem', { name: 'Set a custom status' }).click();
    await dialog
      .getByRole('region', { name: 'Recent' })
      .getByRole('button', { name: /In a meeting/ })
      .waitFor();
    await b.keyboard.press('Escape');
    expect(h.errors).toEqual([]);
  }, 40_000);

  it('"Choose date and time" clears the status at a day and time of B’s timezone (Tokyo), as A sees it', async () => {
    await b.getByRole('button', { name: /Account menu/ }).click();
    await b.getByRole('menuitem', { name: 'Set a custom status' }).click();
    const dialog = b.getByRole('dialog', { name: 'Set a custom status' });
    await dialog.getByLabel('Status text').fill('Back after the offsite');
    await dialog.getByLabel('Clear after').selectOption('date_and_time');
    const when = dialog.getByRole('group', { name: 'Date and time' });
    await when.getByText('Times are in Asia/Tokyo.').waitFor();
    // tomorrow as Tokyo reads it, at 9:00 there (Tokyo has no DST: 00:00 UTC)
    const tokyoToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(Date.now());
    const [y, m, d] = tokyoToday.split('-').map(Number);
    const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
    await when.getByLabel('Date').fill(tomorrow);
    await when.getByLabel('Time').selectOption('09:00');
    expect(await seriousViolations(b, '.modal')).toEqual([]);
    await shot(b, 'web-custom-status-date-time.png');
    await dialog.getByRole('button', { name: 'Set status' }).click();
    await dialog.waitFor({ state: 'detached' });
    const stored = JSON.parse(String((await alice.client.getUser(bob.user.id)).props?.customStatus)) as Record<string, string>;
    expect(stored).toMatchObject({ text: 'Back after the offsite', duration: 'date_and_time' });
    expect(Date.parse(stored.expires_at)).toBe(Date.UTC(y, m - 1, d + 1, 0, 0));
    await statusIn(a, 'status check from bob', 'Back after the offsite').waitFor();

    // a moment already past cannot be chosen
    await b.getByRole('button', { name: /Account menu/ }).click();
    await b.getByRole('menuitem', { name: 'Set a custom status' }).click();
    expect(await dialog.getByLabel('Clear after').inputValue()).toBe('date_and_time');
    expect(await when.getByLabel('Date').inputValue()).toBe(tomorrow);
    expect(await when.getByLabel('Time').inputValue()).toBe('09:00');
    await when.getByLabel('Date').fill(new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10));
    await dialog.getByRole('alert').getByText('Choose a date and time in the future.').waitFor();
    expect(await dialog.getByRole('button', { name: 'Set status' }).isDisabled()).toBe(true);
    await b.keyboard.press('Escape');
    expect(h.errors).toEqual([]);
  }, 40_000);
});
