// The web client's interactive dialogs: a slash command answered by the test's own integration, which opens a dialog
// with the command's trigger id; the user fills it in the browser, the integration receives Mattermost's
// dialog_submission and answers a field error (shown by the field), then a good submission closes the dialog.
// Escape with notify_on_cancel sends `cancelled: true`. Chromium via playwright-core.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Command } from '@mattermost/types/integrations';
import type { Team } from '@mattermost/types/teams';
import { uniq } from '../helper.ts';
import { CHROMIUM } from './web-build.ts';
import { logIn, useIntegrationBrowser } from './integration-suite.ts';

describe.skipIf(process.env.PARLEY_TEST_DB === 'postgres' || !existsSync(CHROMIUM))('interactive dialogs in the web client', () => {
  const t = useIntegrationBrowser();
  let page: Page;
  beforeAll(async () => {
    page = await t.newPage();
  });

  const submissions = () => t.srv.received.filter((r) => r.url === '/submit').map((r) => JSON.parse(r.body) as Record<string, any>);

  /** Runs the command in the browser and opens `dialog` with the trigger id the integration received. */
  async function openFromCommand(trigger: string, dialog: Record<string, unknown>, nth: number): Promise<void> {
    const box = page.getByLabel('Write a message');
    await box.fill('/' + trigger + ' go');
    await box.press('Enter');
    await expect.poll(() => t.srv.received.filter((r) => r.url === '/cmd').length).toBe(nth);
    const cmd = new URLSearchParams(t.srv.received.filter((r) => r.url === '/cmd')[nth - 1].body);
    const res = await fetch(`${t.env.url}/api/v4/actions/dialogs/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trigger_id: cmd.get('trigger_id'), url: t.srv.url + '/submit', dialog }),
    });
    expect(res.status).toBe(200);
  }

  it('opens from a command, validates, shows the integration’s errors and submits Mattermost’s fields', async () => {
    const owner = await t.env.newUser('dlg');
    const colleague = await t.env.newUser('mate');
    const team = await owner.client.createTeam({ name: uniq('dialogs'), display_name: 'Dialogs', type: 'O' } as Team);
    await owner.client.addToTeam(team.id, colleague.user.id);
    const town = await owner.client.getChannelByName(team.id, 'town-square');
    const trigger = uniq('survey');
    await owner.client.addCommand({ team_id: team.id, trigger, method: 'P', url: t.srv.url + '/cmd', display_name: 'Survey' } as Command);
    t.srv.respond((r) => {
      if (r.url !== '/submit') return { body: {} };
      const b = JSON.parse(r.body) as { submission: Record<string, unknown>; cancelled: boolean };
      if (b.cancelled) return { body: {} };
      return b.submission.nick === 'taken'
        ? { body: { errors: { nick: 'That nickname is taken' }, error: 'Please fix the form' } }
        : { body: {} };
    });

    await logIn(page, t.env.url, owner.user.username, owner.password);
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/\/channels\/town-square$/);

    const dialog = {
      callback_id: 'signup-cb',
      title: 'Sign up',
      icon_url: 'https://example.com/icon.png',
      introduction_text: 'Tell us about you',
      submit_label: 'Send it',
      notify_on_cancel: true,
      state: 'state-42',
      elements: [
        {
          display_name: 'Nickname',
          name: 'nick',
          type: 'text',
          min_length: 3,
          max_length: 20,
          placeholder: 'pick one',
          help_text: 'Shown to others',
        },
        { display_name: 'Email', name: 'mail', type: 'text', subtype: 'email' },
        { display_name: 'Age', name: 'age', type: 'text', subtype: 'number', default: '30' },
        { display_name: 'Secret', name: 'secret', type: 'text', subtype: 'password', optional: true },
        { display_name: 'About', name: 'about', type: 'textarea', optional: true },
        {
          display_name: 'Colour',
          name: 'colour',
          type: 'select',
          options: [
            { text: 'Red', value: 'red' },
            { text: 'Blue', value: 'blue' },
          ],
        },
        { display_name: 'Buddy', name: 'buddy', type: 'select', data_source: 'users' },
        { display_name: 'Home', name: 'home', type: 'select', data_source: 'channels', optional: true },
        { display_name: 'Agree', name: 'agree', type: 'bool', placeholder: 'I agree to the rules', optional: true, default: 'true' },
        {
          display_name: 'Size',
          name: 'size',
          type: 'radio',
          default: 's',
          options: [
            { text: 'Small', value: 's' },
            { text: 'Large', value: 'l' },
          ],
        },
      ],
    };
    await openFromCommand(trigger, dialog, 1);
    const dlg = page.getByRole('dialog', { name: 'Sign up' });
    await dlg.waitFor();
    await dlg.getByText('Tell us about you').waitFor();
    await dlg.getByText('Shown to others').waitFor();
    expect(await dlg.getByLabel('Nickname').getAttribute('placeholder')).toBe('pick one');
    expect(await dlg.getByLabel('Email').getAttribute('type')).toBe('email');
    expect(await dlg.getByLabel('Secret').getAttribute('type')).toBe('password');
    expect(await dlg.getByLabel('Age').inputValue()).toBe('30');
    expect(await dlg.getByLabel('I agree to the rules').isChecked()).toBe(true);

    // The web app's own checks come first: nothing reaches the integration.
    await dlg.getByLabel('Nickname').fill('ab');
    await dlg.getByLabel('Email').fill('not-an-address');
    await dlg.getByRole('button', { name: 'Send it' }).click();
    await dlg.getByText('Minimum input length is 3.').waitFor();
    await dlg.getByText('Must be a valid email address.').waitFor();
    await dlg.getByText('This field is required.').first().waitFor();
    expect(submissions()).toEqual([]);

    // Focus stays inside the dialog: Tab from its last control wraps to its first.
    await dlg.getByRole('button', { name: 'Send it' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(`!!document.activeElement?.closest('[role="dialog"]')`)).toBe(true);

    await dlg.getByLabel('Nickname').fill('taken');
    await dlg.getByLabel('Email').fill('me@example.com');
    await dlg.getByLabel('Age').fill('41');
    await dlg.getByLabel('About').fill('Hello there');
    await dlg.getByLabel('Colour').selectOption('blue');
    await dlg.getByLabel('Buddy').selectOption({ label: '@' + colleague.user.username });
    await dlg.getByLabel('Home').selectOption({ label: 'Town Square' });
    await dlg.getByLabel('Large').check();
    await dlg.getByRole('button', { name: 'Send it' }).click();
    await dlg.getByText('That nickname is taken').waitFor();
    await dlg.getByText('Please fix the form').waitFor();
    expect(submissions()).toHaveLength(1);
    expect(submissions()[0]).toEqual({
      type: 'dialog_submission',
      callback_id: 'signup-cb',
      state: 'state-42',
      user_id: owner.user.id,
      channel_id: town.id,
      team_id: team.id,
      cancelled: false,
      submission: {
        nick: 'taken',
        mail: 'me@example.com',
        age: 41,
        secret: '',
        about: 'Hello there',
        colour: 'blue',
        buddy: colleague.user.id,
        home: town.id,
        agree: true,
        size: 'l',
      },
    });

    await dlg.getByLabel('Nickname').fill('fresh');
    await dlg.getByRole('button', { name: 'Send it' }).click();
    await dlg.waitFor({ state: 'detached' });
    expect(submissions()).toHaveLength(2);
    expect(submissions()[1].submission.nick).toBe('fresh');

    // Escape closes a dialog; with notify_on_cancel the integration hears `cancelled: true`.
    await openFromCommand(trigger, { ...dialog, title: 'Second' }, 2);
    const second = page.getByRole('dialog', { name: 'Second' });
    await second.waitFor();
    await page.keyboard.press('Escape');
    await second.waitFor({ state: 'detached' });
    await expect.poll(() => submissions().length).toBe(3);
    expect(submissions()[2]).toMatchObject({ type: 'dialog_submission', callback_id: 'signup-cb', state: 'state-42', cancelled: true });
    expect(t.errors).toEqual([]);
  }, 120_000);
});
