// The Integrations screen and the OAuth consent page in Chromium: a bot and tokens made through the screen work as
// bearer tokens; an OAuth app's consent page sends the browser back to the app with a code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import type { OAuthApp } from '@mattermost/types/integrations';
import { setup, uniq, type TestEnv } from '../helper.ts';
import { CHROMIUM, ensureWebBuild, launchChromium } from './web-build.ts';

const ON_POSTGRES_PASS = process.env.PARLEY_TEST_DB === 'postgres';

describe.skipIf(ON_POSTGRES_PASS || !existsSync(CHROMIUM))('integrations in the web app (Chromium)', () => {
  let env: TestEnv;
  let browser: Browser;
  let page: Page;
  let team: Team;
  let admin: Awaited<ReturnType<TestEnv['newUser']>>;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    env = await setup((c) => {
      c.ServiceSettings.EnableBotAccountCreation = true;
      c.ServiceSettings.EnableUserAccessTokens = true;
    });
    admin = await env.newUser('admin');
    team = await admin.client.createTeam({ name: uniq('team'), display_name: 'Integrators', type: 'O' } as Team);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${env.url}/login`);
    await page.getByLabel('Email or username').fill(admin.user.username);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((u) => u.pathname.startsWith(`/${team.name}`));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  const asToken = (token: string) => {
    const c = env.client();
    c.setToken(token);
    return c;
  };

  it('creates a bot and a token for it, and a personal access token, from the team menu', async () => {
    await page.getByRole('button', { name: 'Team menu' }).click();
    await page.getByRole('menuitem', { name: 'Integrations' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/${team.name}/integrations`);

    const bots = page.getByRole('region', { name: 'Bot accounts' });
    const botName = uniq('uibot');
    await bots.getByLabel('Bot username').fill(botName);
    await bots.getByLabel('Bot display name').fill('UI Bot');
    await bots.getByRole('button', { name: 'Add' }).click();
    const row = bots.getByRole('listitem').filter({ hasText: `@${botName}` });
    await row.waitFor();
    await row.getByRole('button', { name: 'Create token' }).click();
    const botSecret = (await bots.getByTestId('bots-secret').textContent()) ?? '';
    expect(botSecret).toMatch(/^[a-z0-9]{26}$/);
    const me = await asToken(botSecret).getMe();
    expect(me).toMatchObject({ username: botName, is_bot: true });

    const tokens = page.getByRole('region', { name: 'Personal access tokens' });
    await tokens.getByLabel('Token description').fill('from the browser');
    await tokens.getByRole('button', { name: 'Add' }).click();
    const secret = (await tokens.getByTestId('tokens-secret').textContent()) ?? '';
    expect((await asToken(secret).getMe()).id).toBe(admin.user.id);
    const listed = tokens.getByRole('listitem').filter({ hasText: 'from the browser' });
    await listed.waitFor();
    await listed.getByRole('button', { name: 'Remove' }).click();
    await expect
      .poll(
        async () =>
          (await asToken(secret)
            .getMe()
            .then(
              () => 'ok',
              (e: { status_code: number }) => e.status_code,
            )) as unknown,
      )
      .toBe(401);
    expect(errors).toEqual([]);
  });

  it('shows the consent page for an OAuth app and redirects back with a code on Allow', async () => {
    const callback = `${env.url}/oauth-test-callback`;
    const app = await admin.client.createOAuthApp({
      name: 'Consent App',
      homepage: 'https://consent.example.com',
      callback_urls: [callback],
      description: 'wants in',
    } as OAuthApp);
    await page.goto(
      `${env.url}/oauth/authorize?response_type=code&client_id=${app.id}&redirect_uri=${encodeURIComponent(callback)}&state=st8`,
    );
    const dialog = page.getByRole('dialog', { name: 'Authorize app' });
    await dialog.getByText('Consent App').waitFor();
    await dialog.getByRole('link', { name: 'https://consent.example.com' }).waitFor();
    // The callback is the app's own origin, where the web app (signed in) goes on to a channel: catch the navigation
    // itself rather than polling the address bar, which may already have moved on.
    const redirected = page.waitForRequest((r) => r.isNavigationRequest() && new URL(r.url()).pathname === '/oauth-test-callback');
    await dialog.getByRole('button', { name: 'Allow' }).click();
    const back = new URL((await redirected).url());
    expect(back.searchParams.get('state')).toBe('st8');
    expect(back.searchParams.get('code')).toHaveLength(52);
  });
});
