// End-to-end test of the web client: a real Parley server, browser contexts as users, driven with playwright-core.
// Runs once per suite (skipped on the PostgreSQL pass) and only where Debian's chromium is installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ParleyServer } from '../../src/server.ts';
import { defaultConfig, type Config } from '../../src/config/config.ts';
import { startSmtp, type TestSmtp } from '../smtp.ts';
import { makeSlackZip } from '../fixtures/slack/make-zip.ts';
import { ensureWebBuild, launchChromium } from './harness.ts';
import { realisticSlackExport } from '../fixtures/slack/realistic-export.ts';

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const webDir = path.join(repoRoot, 'web');
const distDir = path.join(webDir, 'dist');
const resultsDir = path.join(repoRoot, 'test-results');
const ON_POSTGRES_PASS = process.env.PARLEY_TEST_DB === 'postgres';
/** Main chunk budget, gzip: the whole UI except lazily loaded screens (the system console). */
const MAIN_CHUNK_BUDGET_GZIP = 250 * 1024;

/** A Parley on SQLite in a temp dir with a config file; `restart` stops it and starts it again on the same port. */
async function startServer(): Promise<{ server: ParleyServer; config: Config; restart(): Promise<void>; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-ui-'));
  const config = defaultConfig();
  config.ServiceSettings.ListenAddress = '127.0.0.1:0';
  config.SqlSettings.DriverName = 'sqlite';
  config.SqlSettings.DataSource = path.join(dir, 'parley.db');
  config.FileSettings.Directory = path.join(dir, 'files');
  config.PasswordSettings.PBKDF2WorkFactor = 1000;
  config.LogSettings.EnableConsole = false;
  const configPath = path.join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const opts = { logLevel: 'silent', configPath };
  const handle = {
    server: await createServer(config, opts),
    config,
    async restart() {
      await handle.server.close();
      config.ServiceSettings.ListenAddress = `127.0.0.1:${handle.server.port}`;
      handle.server = await createServer(config, opts);
    },
    async close() {
      await handle.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

const unique = Date.now().toString(36);
const PASSWORD = 'Passw0rd!long';

async function signUp(page: Page, username: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(`${username}@example.com`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

function messages(page: Page) {
  return page.getByRole('log', { name: 'Messages', exact: true });
}

function message(page: Page, text: string) {
  return messages(page).getByRole('article').filter({ hasText: text });
}

function sidebar(page: Page) {
  return page.getByRole('complementary', { name: 'Channels' });
}

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Write a message');
  await box.fill(text);
  await box.press('Enter');
}

async function teamMenu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'Team menu' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(resultsDir, name) });

describe.skipIf(ON_POSTGRES_PASS)('web client bundle', () => {
  it(`keeps the main chunk within ${MAIN_CHUNK_BUDGET_GZIP / 1024} KB gzip`, async () => {
    await ensureWebBuild();
    const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
    const entry = /<script[^>]+src="\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeTruthy();
    const size = gzipSync(readFileSync(path.join(distDir, entry!)), { level: 9 }).length;
    console.log(`[budget] main chunk ${entry}: ${(size / 1024).toFixed(1)} KB gzip (budget ${MAIN_CHUNK_BUDGET_GZIP / 1024} KB)`);
    expect(size).toBeLessThanOrEqual(MAIN_CHUNK_BUDGET_GZIP);
  }, 60_000);
});

describe.skipIf(ON_POSTGRES_PASS || !existsSync(CHROMIUM))('web client (Chromium)', () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  let smtp: TestSmtp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: Page;
  let bob: Page;
  const errors: string[] = [];
  const aliceName = `alice${unique}`;
  const bobName = `bob${unique}`;
  let channelPathname = '';

  async function newPage(width = 1280, height = 800): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width, height } });
    contexts.push(ctx);
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('dialog', (d) => void d.accept());
    return p;
  }

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    await ensureWebBuild();
    [srv, smtp] = await Promise.all([startServer(), startSmtp()]);
    browser = await launchChromium();
    alice = await newPage();
    bob = await newPage();
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await srv?.close();
    await smtp?.close();
  });

  it('signs up, creates a team, invites by link, chats live, replies in a thread and reacts', async () => {
    const url = srv.server.url;
    await alice.goto(`${url}/signup_user_complete/`);
    await signUp(alice, aliceName);
    await alice.getByLabel('Team name').fill(`Rocket Crew ${unique}`);
    await alice.getByRole('button', { name: 'Create team' }).click();
    await expect.poll(() => new URL(alice.url()).pathname).toMatch(/^\/rocket-crew-[a-z0-9]+\/channels\//);
    await messages(alice).waitFor();

    await teamMenu(alice, 'Invite people');
    const link = alice.getByLabel('Invite link');
    await expect.poll(() => link.inputValue()).toContain('/signup_user_complete/?id=');
    const inviteUrl = await link.inputValue();
    await alice.getByRole('button', { name: 'Close dialog' }).click();

    await bob.goto(inviteUrl);
    await bob.getByText('Rocket Crew').waitFor();
    await signUp(bob, bobName);
    await expect.poll(() => new URL(bob.url()).pathname).toMatch(/^\/rocket-crew-[a-z0-9]+\/channels\//);
    channelPathname = new URL(bob.url()).pathname;
    if (new URL(alice.url()).pathname !== channelPathname) await alice.goto(url + channelPathname);

    await send(alice, 'Hello **Bob**, welcome aboard');
    await message(bob, 'welcome aboard').waitFor();
    expect(await message(bob, 'welcome aboard').locator('strong', { hasText: 'Bob' }).count()).toBe(1);
    await send(bob, `Thanks @${aliceName}!`);
    await message(alice, 'Thanks').waitFor();

    const post = message(bob, 'welcome aboard');
    await post.hover();
    await post.getByRole('button', { name: 'Reply' }).click();
    const thread = bob.getByRole('complementary', { name: 'Thread' });
    await thread.getByLabel('Reply to thread').fill('Replying in the thread');
    await thread.getByLabel('Reply to thread').press('Enter');
    await thread.getByText('Replying in the thread').waitFor();

    await message(alice, 'welcome aboard').getByRole('button', { name: '1 reply' }).click();
    await alice.getByRole('complementary', { name: 'Thread' }).getByText('Replying in the thread').waitFor();

    await post.hover();
    await post.getByRole('button', { name: 'Add reaction' }).click();
    await bob.getByRole('menuitem', { name: 'React with +1' }).click();
    await message(alice, 'welcome aboard')
      .getByRole('button', { name: /^\+1 reaction, 1/ })
      .waitFor();
    await shot(alice, 'ui-thread.png');
    await alice.getByRole('button', { name: 'Close pane' }).click();
  }, 60_000);

  it('uploads an image that the other user sees, and finds messages by search', async () => {
    const png = path.join(mkdtempSync(path.join(tmpdir(), 'parley-ui-img-')), 'launch-diagram.png');
    await sharp({ create: { width: 320, height: 180, channels: 3, background: { r: 28, g: 88, b: 217 } } })
      .composite([{ input: Buffer.from('<svg width="320" height="180"><circle cx="160" cy="90" r="60" fill="#ffb300"/></svg>') }])
      .png()
      .toFile(png);
    await bob.getByRole('button', { name: 'Close pane' }).click();
    const center = bob.getByRole('region', { name: /^Channel / });
    await center.locator('input[type=file][aria-label="Choose files"]').setInputFiles(png);
    await center.getByRole('list', { name: 'Attached files' }).getByText('launch-diagram.png').waitFor();
    await send(bob, 'Here is the launch diagram');
    const img = message(alice, 'launch diagram').getByRole('img', { name: 'launch-diagram.png' });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(320);

    await alice.getByLabel('Search messages').fill('welcome');
    await alice.getByLabel('Search messages').press('Enter');
    const results = alice.getByRole('complementary', { name: 'Search results' });
    await results.getByRole('listitem').filter({ hasText: 'welcome aboard' }).waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    await shot(alice, 'ui-search.png');
    await results.getByRole('button', { name: 'Open thread' }).click();
    await alice.getByRole('complementary', { name: 'Thread' }).getByText('Replying in the thread').waitFor();
    await alice.getByRole('button', { name: 'Close pane' }).click();
    await shot(alice, 'ui-main.png');
  }, 30_000);

  it('adds and removes the second user in a channel, then converts it to private', async () => {
    await alice.getByRole('button', { name: 'Create a public channel' }).click();
    await alice.getByRole('dialog', { name: 'Create channel' }).getByLabel('Channel name').fill('Launch plans');
    await alice.getByRole('button', { name: 'Create channel' }).click();
    await expect.poll(() => new URL(alice.url()).pathname).toMatch(/\/channels\/launch-plans$/);

    await alice.getByRole('button', { name: 'Channel members' }).click();
    const dialog = alice.getByRole('dialog', { name: /^Members of/ });
    await dialog.getByRole('button', { name: `Add ${bobName}` }).click();
    await sidebar(bob)
      .getByRole('link', { name: /^Launch plans/ })
      .waitFor();

    await dialog.getByRole('button', { name: `Remove ${bobName}` }).click();
    await dialog.getByRole('button', { name: `Add ${bobName}` }).waitFor();
    await expect
      .poll(() =>
        sidebar(bob)
          .getByRole('link', { name: /^Launch plans/ })
          .count(),
      )
      .toBe(0);
    await alice.getByRole('button', { name: 'Close dialog' }).click();
    await message(alice, `@${bobName} removed from the channel.`).waitFor();

    await alice.getByRole('button', { name: 'Channel settings' }).click();
    await alice.getByRole('button', { name: 'Convert to private channel' }).click();
    await alice
      .getByRole('region', { name: 'Private channels' })
      .getByRole('link', { name: /^Launch plans/ })
      .waitFor();
    await alice.getByRole('heading', { name: '🔒 Launch plans' }).waitFor();
  }, 30_000);

  it('shows a clear message when an action is refused, and imports a Slack export with progress and its log', async () => {
    const zip = makeSlackZip(realisticSlackExport());

    // Bob is a plain team member: the server refuses the import and the dialog says why.
    await teamMenu(bob, 'Import from Slack');
    await bob.getByLabel('Slack export file').setInputFiles(zip);
    await bob.getByRole('button', { name: 'Import', exact: true }).click();
    await bob
      .getByRole('dialog', { name: 'Import from Slack' })
      .getByRole('alert')
      .filter({ hasText: 'appropriate permissions' })
      .waitFor();
    await bob.getByRole('button', { name: 'Close dialog' }).click();

    await teamMenu(alice, 'Import from Slack');
    await alice.getByLabel('Slack export file').setInputFiles(zip);
    await alice.getByRole('button', { name: 'Import', exact: true }).click();
    const dialog = alice.getByRole('dialog', { name: 'Import from Slack' });
    await dialog.getByRole('status').filter({ hasText: 'Import finished.' }).waitFor();
    expect(await dialog.getByRole('progressbar', { name: 'Import progress' }).getAttribute('value')).toBe('100');
    const log = await dialog.getByLabel('Import log').innerText();
    expect(log).toContain('Users created');
    expect(log).toContain('Channels added');
    await shot(alice, 'ui-import.png');
    await alice.getByRole('button', { name: 'Close dialog' }).click();

    await teamMenu(alice, 'Browse channels');
    await alice.getByRole('dialog', { name: 'Browse channels' }).getByText('# general').waitFor();
    await alice.getByRole('button', { name: 'Close dialog' }).click();
  }, 30_000);

  it('system console: SMTP settings applied live, then an e-mail invitation joins a third user by token link', async () => {
    await teamMenu(alice, 'System console');
    await alice.getByRole('heading', { name: 'System console' }).waitFor();
    await alice.getByLabel('SMTP server').fill('127.0.0.1');
    await alice.getByLabel('SMTP port').fill(String(smtp.port));
    await alice.getByLabel('Maximum file size (MB)').fill('50');
    await alice.getByRole('button', { name: 'Save settings' }).click();
    await alice.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    expect(srv.server.ctx.config().EmailSettings.SMTPPort).toBe(String(smtp.port));
    expect(srv.server.ctx.config().FileSettings.MaxFileSize).toBe(50 * 1024 * 1024);
    await alice.screenshot({ path: path.join(resultsDir, 'ui-admin.png'), fullPage: true });

    // An invalid value is refused with the server's message.
    await alice.getByLabel('Site URL').fill('ftp://example.com');
    await alice.getByRole('button', { name: 'Save settings' }).click();
    await alice.getByRole('alert').filter({ hasText: 'Site URL must be a valid URL' }).waitFor();
    await alice.getByLabel('Site URL').fill('');
    await alice.getByRole('button', { name: 'Back to Parley' }).click();
    await messages(alice).waitFor();

    await teamMenu(alice, 'Invite people');
    await alice.getByLabel('Email addresses').fill(`carol${unique}@example.com`);
    await alice.getByRole('button', { name: 'Send invitations' }).click();
    await alice.getByRole('list', { name: 'Invitation results' }).getByText('invitation sent').waitFor();
    await alice.getByRole('button', { name: 'Close dialog' }).click();
    const [mail] = await smtp.waitFor(1, 10_000);
    const tokenLink = /https?:\/\/[^\s"<>]+\/signup_user_complete\/\?[^\s"<>]+/.exec(mail.text || mail.html)?.[0];
    expect(tokenLink).toMatch(/[?&]t=[a-z0-9]+/);

    const carol = await newPage(375, 740);
    await carol.goto(tokenLink!.replace(/&amp;/g, '&'));
    await carol.getByText('invited by e-mail to join').getByText(`Rocket Crew ${unique}`).waitFor();
    expect(await carol.getByLabel('Email', { exact: true }).inputValue()).toBe(`carol${unique}@example.com`);
    await signUp(carol, `carol${unique}`);
    await expect.poll(() => new URL(carol.url()).pathname).toMatch(/^\/rocket-crew-[a-z0-9]+\/channels\//);
    await carol.getByLabel('Write a message').waitFor();
    await carol.getByRole('button', { name: 'Toggle channel list' }).first().click();
    await sidebar(carol)
      .getByRole('link', { name: /^Town Square/ })
      .waitFor();
    await shot(carol, 'ui-mobile.png');
  }, 40_000);

  it('measures the first view', async () => {
    await alice.goto(srv.server.url + channelPathname);
    await message(alice, 'welcome aboard').waitFor();
    // Navigation Timing (times from navigation start) and the app's mark for the first channel shown with messages.
    const t = (await alice.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const mark = performance.getEntriesByName('parley:first-view')[0];
      return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, firstView: mark ? mark.startTime : -1 };
    })()`)) as { dcl: number; load: number; firstView: number };
    console.log(
      `[load] first view (channel with messages) ${t.firstView.toFixed(0)} ms; DOMContentLoaded ${t.dcl.toFixed(0)} ms; load ${t.load.toFixed(0)} ms (loopback)`,
    );
    expect(t.firstView).toBeGreaterThan(0);
    expect(t.firstView).toBeLessThan(5000);
  }, 20_000);

  it('reconnects after a server restart without losing the draft', async () => {
    const box = alice.getByLabel('Write a message');
    await box.fill('A draft that survives the restart');
    // Watch for the banner from before the restart, so a quick reconnect cannot slip past the check.
    const wentDown = alice.getByRole('status').filter({ hasText: 'Connecting' }).waitFor();
    await srv.restart();
    await wentDown;
    await alice.getByRole('status').filter({ hasText: 'Connecting' }).waitFor({ state: 'detached', timeout: 20_000 });
    expect(await box.inputValue()).toBe('A draft that survives the restart');
    await send(bob, 'Back after the restart');
    await message(alice, 'Back after the restart').waitFor();
  }, 40_000);

  it('deactivates a user from the system console; their session ends', async () => {
    await alice.goto(srv.server.url + '/admin_console');
    await alice.getByRole('button', { name: `Deactivate ${bobName}` }).click();
    await alice
      .getByRole('region', { name: 'Users' })
      .getByRole('listitem')
      .filter({ hasText: bobName })
      .getByText('Deactivated')
      .waitFor();
    await send(bob, 'Am I still here?');
    await bob
      .getByRole('alert')
      .filter({ hasText: /session/i })
      .waitFor();
    expect(errors).toEqual([]);
  }, 30_000);
});
