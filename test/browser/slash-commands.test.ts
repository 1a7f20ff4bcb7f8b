// The web client's slash commands: composer text starting with "/" runs through POST /commands/execute, in_channel
// answers become posts, ephemeral answers show "(Only visible to you)" until reload, and goto_location is followed.
// Runs once (skipped on the PostgreSQL pass) and only where Debian's chromium is installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ParleyServer } from '../../src/server.ts';
import { testConfig } from '../helper.ts';
import { CHROMIUM, ensureWebBuild, launchChromium } from './web-build.ts';

const ON_POSTGRES_PASS = process.env.PARLEY_TEST_DB === 'postgres';

describe.skipIf(ON_POSTGRES_PASS || !existsSync(CHROMIUM))('slash commands in the web client', () => {
  let server: ParleyServer;
  let browser: Browser;
  let page: Page;
  let cleanup = async () => {};
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    const test = await testConfig();
    cleanup = test.cleanup;
    const config = test.config;
    server = await createServer(config, { logLevel: 'silent' });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanup();
  });

  const messages = () => page.getByRole('log', { name: 'Messages', exact: true });
  async function send(text: string): Promise<void> {
    const box = page.getByLabel('Write a message');
    await box.fill(text);
    await box.press('Enter');
  }

  it('runs commands from the composer: posts, ephemeral notes and goto_location', async () => {
    const name = 'cmd' + Date.now().toString(36);
    await page.goto(`${server.url}/signup_user_complete/`);
    await page.getByLabel('Email', { exact: true }).fill(`${name}@example.com`);
    await page.getByLabel('Username', { exact: true }).fill(name);
    await page.getByLabel('Password', { exact: true }).fill('Passw0rd!long');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByLabel('Team name').fill('Command Crew ' + name);
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/\/channels\/town-square$/);
    await messages().waitFor();

    await send('/me waves hello');
    await messages().getByRole('article').filter({ hasText: 'waves hello' }).waitFor();
    expect(await messages().getByText('/me waves').count()).toBe(0);

    await send('/away');
    const note = messages().getByRole('article').filter({ hasText: 'You are now away' });
    await note.waitFor();
    await note.getByText('(Only visible to you)').waitFor();

    await send('/join ~off-topic');
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/\/channels\/off-topic$/);

    await page.reload();
    await messages().waitFor();
    await page.goto(page.url().replace(/off-topic$/, 'town-square'));
    await messages().getByRole('article').filter({ hasText: 'waves hello' }).waitFor();
    expect(await messages().getByText('You are now away').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);
});
