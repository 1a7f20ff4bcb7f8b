// The web app in other languages, end to end: a user switches to German and then Japanese with the language picker
// and the sidebar, the composer placeholder, the team menu, system posts and a server error message follow; the
// choice is saved on the server (it survives a reload). Under the pseudo-locale (?locale=xx) no visible text may be
// left unbracketed: any such text is a string that does not go through react-intl.
// Runs once per suite (skipped on the PostgreSQL pass) and only where Debian's chromium is installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { setup, type TestEnv } from '../helper.ts';
import { ensureWebBuild } from './web-build.ts';
import { translate } from '../../src/i18n/server.ts';
import type { Locale } from '../../src/i18n/locales.ts';

const CHROMIUM = '/usr/bin/chromium';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(root, 'web');
const catalogue = (locale: string): Record<string, string> =>
  JSON.parse(readFileSync(path.join(web, 'src/i18n/locales', `${locale}.json`), 'utf8')) as Record<string, string>;

const SKIP = process.env.PARLEY_TEST_DB === 'postgres' || !existsSync(CHROMIUM);

describe.skipIf(SKIP)('web client languages (Chromium)', () => {
  let env: TestEnv;
  let browser: Browser;
  let page: Page;
  const username = `polyglot${Date.now().toString(36)}`;
  const teamName = 'Babel';

  beforeAll(async () => {
    await ensureWebBuild();
    env = await setup();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    page = await ctx.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${env.url}/signup_user_complete/`);
    await page.getByLabel('Email', { exact: true }).fill(`${username}@example.com`);
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill('Passw0rd!long');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByLabel('Team name').fill(teamName);
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.locator('.composer textarea').waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  /** Picks a language in the picker opened from the team menu (its own label is in the current language). */
  async function chooseLanguage(locale: string, currentMenuLabel: string): Promise<void> {
    await page.locator('button.team-name').click();
    await page.locator('.menu [role=menuitem]', { hasText: currentMenuLabel }).click();
    await page.locator('.language-tab select').selectOption(locale);
    await page.locator('.modal header button').click();
  }

  /** What a person reads in one language: section titles, composer placeholder, team menu, a server error. */
  async function expectLanguage(locale: Locale): Promise<void> {
    const t = catalogue(locale);
    await page.locator('.sidebar-section h3 span', { hasText: t['sidebar.publicChannels'] }).first().waitFor();
    expect(await page.locator('.sidebar-section h3 span').allTextContents()).toEqual([
      t['sidebar.publicChannels'],
      t['sidebar.privateChannels'],
      t['sidebar.directMessages'],
    ]);
    const placeholder = await page.locator('.composer textarea').getAttribute('placeholder');
    expect(placeholder).toBe(t['composer.placeholder'].replace('{title}', 'Town Square'));
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);

    await page.locator('button.team-name').click();
    const items = await page.locator('.menu [role=menuitem]').allTextContents();
    expect(items).toContain(t['menu.logout']);
    expect(items).toContain(t['menu.language']);
    await page.locator('button.team-name').click();

    // The user joined Town Square on creating the team: a system post, rendered from its type in this language.
    const joined = t['system.joinTeam'].replace('{username}', `@${username}`);
    await page.locator('.post.system', { hasText: joined }).first().waitFor();

    // A server error, in the language the web app asks for (Accept-Language): a channel name that is taken.
    await page.locator('.sidebar-section').first().locator('h3 button').click();
    await page.locator('.modal input').first().fill('Town Square');
    await page.locator('.modal button[type=submit]').click();
    await page.locator('.modal [role=alert]', { hasText: translate(locale, 'store.sql_channel.save_channel.exists.app_error') }).waitFor();
    await page.locator('.modal header button').click();
  }

  it('follows the browser language on the login page until the user chooses', async () => {
    const ctx = await browser.newContext({ locale: 'de-DE' });
    const p = await ctx.newPage();
    await p.goto(`${env.url}/login`);
    await p.getByRole('heading', { name: catalogue('de')['auth.login'] }).waitFor();
    await p.locator('.language-tab select').selectOption('ja');
    await p.getByRole('heading', { name: catalogue('ja')['auth.login'] }).waitFor();
    await ctx.close();
  });

  it('switches to German, then Japanese, and keeps the choice on the server', async () => {
    await expectLanguage('en');
    await chooseLanguage('de', 'Language');
    await expectLanguage('de');
    await page.reload();
    await expectLanguage('de');
    await chooseLanguage('ja', catalogue('de')['menu.language']);
    await expectLanguage('ja');
    const me = await page.evaluate(
      async () =>
        (await (await fetch('/api/v4/users/me', { headers: { 'X-Requested-With': 'XMLHttpRequest' } })).json()) as { locale: string },
    );
    expect(me.locale).toBe('ja');
  }, 60_000);

  /**
   * Visible text and labels of `p` that are not inside the pseudo-locale's brackets once the data strings in
   * `allowed` are taken out. Message text (the users'), times and language names (each in its own language) are data.
   */
  async function unbracketed(p: Page, allowed: string[]): Promise<string[]> {
    // Runs in the page (a string: the test's TypeScript has no DOM types).
    return (await p.evaluate(`((allowed) => {
      const texts = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.parentElement && n.parentElement.closest('.post-body, .channel-header-text, time, option')) continue;
        texts.push(n.textContent || '');
      }
      for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]'))
        for (const a of ['aria-label', 'placeholder', 'title']) if (el.getAttribute(a)) texts.push(el.getAttribute(a));
      const strip = (s) => {
        let out = s;
        for (;;) {
          const next = out.replace(/\\[[^[\\]]*\\]/g, ' ');
          if (next === out) break;
          out = next;
        }
        for (const a of allowed) out = out.split(a).join(' ');
        return out;
      };
      return texts.filter((s) => /[A-Za-z]{2,}/.test(strip(s)));
    })(${JSON.stringify(allowed)})`)) as string[];
  }

  it('leaves no visible text outside the pseudo-locale’s brackets (?locale=xx)', async () => {
    const url = new URL(page.url());
    url.searchParams.set('locale', 'xx');
    await page.goto(url.toString());
    await page.locator('.sidebar-section h3 span', { hasText: '[' }).first().waitFor();
    await page.locator('button.team-name').click();
    // Data, not interface text: names the test made, the server's default channels, the product name, key caps.
    expect(await unbracketed(page, [username, teamName, 'Town Square', 'Off-Topic', 'Parley', 'Ctrl K', 'Ctrl+K'])).toEqual([]);
    await page.locator('button.team-name').click();

    // The sign-up page, signed out.
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(`${env.url}/signup_user_complete/?locale=xx`);
    await p.locator('button[type=submit]', { hasText: '[' }).waitFor();
    expect(await unbracketed(p, ['Parley'])).toEqual([]);
    await ctx.close();
  }, 60_000);
});
