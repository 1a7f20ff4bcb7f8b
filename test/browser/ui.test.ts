// End-to-end test of the web client: a real Parley server, two browser contexts as two users, driven with playwright-core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer } from '../../src/server.ts';
import { defaultConfig } from '../../src/config/config.ts';

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsDir = path.join(repoRoot, 'test-results');

/** Builds web/dist if it is missing, so the server has a UI to serve. */
async function ensureWebBuild(): Promise<void> {
  if (existsSync(path.join(repoRoot, 'web/dist/index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, 'web/vite.config.ts'), logLevel: 'warn' });
}

type Running = { url: string; close: () => Promise<void> };

/** Starts an in-process Parley server on SQLite in a temp dir (or uses PARLEY_UI_TEST_URL when set). */
async function startServer(): Promise<Running> {
  if (process.env.PARLEY_UI_TEST_URL) return { url: process.env.PARLEY_UI_TEST_URL, close: async () => {} };
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-ui-'));
  const config = defaultConfig();
  config.ServiceSettings.ListenAddress = '127.0.0.1:0';
  config.SqlSettings.DriverName = 'sqlite';
  config.SqlSettings.DataSource = path.join(dir, 'parley.db');
  config.FileSettings.Directory = path.join(dir, 'files');
  const server = await createServer(config, { logLevel: 'silent' });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const unique = Date.now().toString(36);

async function signUp(page: Page, username: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(`${username}@example.com`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill('Passw0rd!long');
  await page.getByRole('button', { name: 'Create account' }).click();
}

function message(page: Page, text: string) {
  return page.getByRole('log', { name: 'Messages', exact: true }).getByRole('article').filter({ hasText: text });
}

describe.skipIf(!existsSync(CHROMIUM))('web client (Chromium)', () => {
  let server: Running;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    await ensureWebBuild();
    server = await startServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('two users sign up, join by invite link, chat live, reply in a thread and react', async () => {
    const alice = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const bob = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const errors: string[] = [];
    for (const p of [alice, bob]) p.on('pageerror', (e) => errors.push(e.message));
    if (process.env.UI_TEST_DEBUG) for (const p of [alice, bob]) p.on('response', (r) => r.url().includes('/api/') && console.log(r.status(), r.request().method(), r.url()));

    // Alice signs up and creates a team.
    await alice.goto(`${server.url}/signup_user_complete/`);
    await signUp(alice, `alice${unique}`);
    await alice.getByLabel('Team name').fill(`Rocket Crew ${unique}`);
    await alice.getByRole('button', { name: 'Create team' }).click();
    await expect.poll(() => new URL(alice.url()).pathname).toMatch(/^\/rocket-crew-[a-z0-9]+\/channels\//);
    await alice.getByRole('log', { name: 'Messages', exact: true }).waitFor();

    // Alice copies the invite link; Bob signs up through it and lands in the team.
    await alice.getByRole('button', { name: 'Team menu' }).click();
    await alice.getByRole('menuitem', { name: 'Invite people' }).click();
    const link = alice.getByLabel('Invite link');
    await expect.poll(() => link.inputValue()).toContain('/signup_user_complete/?id=');
    const inviteUrl = await link.inputValue();
    await alice.getByRole('button', { name: 'Close dialog' }).click();

    await bob.goto(inviteUrl);
    await bob.getByText('Rocket Crew').waitFor();
    await signUp(bob, `bob${unique}`);
    await expect.poll(() => new URL(bob.url()).pathname).toMatch(/^\/rocket-crew-[a-z0-9]+\/channels\//);
    const bobChannel = new URL(bob.url()).pathname;
    if (new URL(alice.url()).pathname !== bobChannel) await alice.goto(server.url + bobChannel);

    // Live exchange over the websocket.
    const composerA = alice.getByLabel('Write a message');
    await composerA.fill('Hello **Bob**, welcome aboard');
    await composerA.press('Enter');
    await message(bob, 'welcome aboard').waitFor();
    expect(await message(bob, 'welcome aboard').locator('strong', { hasText: 'Bob' }).count()).toBe(1);

    const composerB = bob.getByLabel('Write a message');
    await composerB.fill('Thanks @alice' + unique + '!');
    await composerB.press('Enter');
    await message(alice, 'Thanks').waitFor();

    // Bob replies in a thread on Alice's message.
    const post = message(bob, 'welcome aboard');
    await post.hover();
    await post.getByRole('button', { name: 'Reply' }).click();
    const thread = bob.getByRole('complementary', { name: 'Thread' });
    await thread.getByLabel('Reply to thread').fill('Replying in the thread');
    await thread.getByLabel('Reply to thread').press('Enter');
    await thread.getByText('Replying in the thread').waitFor();

    // Alice sees the reply count arrive live and opens the thread.
    await message(alice, 'welcome aboard').getByRole('button', { name: '1 reply' }).click();
    const threadA = alice.getByRole('complementary', { name: 'Thread' });
    await threadA.getByText('Replying in the thread').waitFor();

    // Bob reacts to Alice's message; Alice sees the reaction.
    await post.hover();
    await post.getByRole('button', { name: 'Add reaction' }).click();
    await bob.getByRole('menuitem', { name: 'React with +1' }).click();
    await message(alice, 'welcome aboard').getByRole('button', { name: /^\+1 reaction, 1/ }).waitFor();

    await alice.screenshot({ path: path.join(resultsDir, 'ui-thread.png') });
    await alice.getByRole('button', { name: 'Close pane' }).click();
    await alice.screenshot({ path: path.join(resultsDir, 'ui-main.png') });

    expect(errors).toEqual([]);
  }, 60_000);
});
