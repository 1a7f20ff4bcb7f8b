// Shared set-up of the web app's browser tests: a built web/dist, a Parley on SQLite in a temp dir, Chromium, users
// created over the API (Client4 in Node) and signed in through the login page in their own browser contexts.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM, ensureWebBuild, launchChromium, repoRoot } from './web-build.ts';
import { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import type { Team } from '@mattermost/types/teams';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createServer, type ParleyServer } from '../../src/server.ts';
import { defaultConfig, type Config } from '../../src/config/config.ts';

export { CHROMIUM, distDir, ensureWebBuild, launchChromium, repoRoot } from './web-build.ts';
export const resultsDir = path.join(repoRoot, 'test-results');
export const SKIP_BROWSER = process.env.PARLEY_TEST_DB === 'postgres' || !existsSync(CHROMIUM);
export const PASSWORD = 'Passw0rd!long';

export type ApiUser = { client: Client4; user: UserProfile; username: string };

export type Harness = {
  server: ParleyServer;
  config: Config;
  url: string;
  browser: Browser;
  errors: string[];
  /** Creates a user over the API (the first is system admin) with a logged-in Client4. */
  user(prefix: string): Promise<ApiUser>;
  /** A team created by `owner` with the others joined. */
  team(owner: ApiUser, others: ApiUser[]): Promise<Team>;
  /** A browser context signed in as `u` through the login page, left at `path`. */
  page(u: ApiUser, path?: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
};

let counter = 0;

export async function startHarness(mutate?: (c: Config) => void): Promise<Harness> {
  mkdirSync(resultsDir, { recursive: true });
  ensureWebBuild();
  const dir = mkdtempSync(path.join(tmpdir(), 'parley-web-'));
  const config = defaultConfig();
  config.ServiceSettings.ListenAddress = '127.0.0.1:0';
  config.SqlSettings.DriverName = 'sqlite';
  config.SqlSettings.DataSource = path.join(dir, 'parley.db');
  config.FileSettings.Directory = path.join(dir, 'files');
  config.PasswordSettings.PBKDF2WorkFactor = 1000;
  config.LogSettings.EnableConsole = false;
  config.TeamSettings.EnableOpenServer = true;
  mutate?.(config);
  const configPath = path.join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const server = await createServer(config, { logLevel: 'silent', configPath });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  const url = server.url;
  const unique = Date.now().toString(36);
  const h: Harness = {
    server,
    config,
    url,
    browser,
    errors,
    async user(prefix) {
      const username = `${prefix}${unique}${counter++}`;
      const anon = new Client4();
      anon.setUrl(url);
      await anon.createUser({ email: `${username}@example.com`, username, password: PASSWORD } as UserProfile, '', '');
      const client = new Client4();
      client.setUrl(url);
      const user = await client.login(username, PASSWORD);
      return { client, user, username };
    },
    async team(owner, others) {
      const name = `crew-${unique}-${counter++}`;
      const team = await owner.client.createTeam({ name, display_name: `Crew ${unique}`, type: 'O' } as Team);
      for (const o of others) await owner.client.addToTeam(team.id, o.user.id);
      return team;
    },
    async page(u, p = '/', viewport = { width: 1280, height: 800 }) {
      const ctx = await browser.newContext({ viewport });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url + '/login');
      await page.getByLabel('Email or username').fill(u.username);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('log', { name: 'Messages', exact: true }).or(page.getByText('Create a team')).first().waitFor();
      if (p !== '/') await page.goto(url + p);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export function messages(page: Page) {
  return page.getByRole('log', { name: 'Messages', exact: true });
}

export function message(page: Page, text: string) {
  return messages(page).getByRole('article').filter({ hasText: text });
}

export function sidebar(page: Page) {
  return page.getByRole('complementary', { name: 'Channels' });
}

export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Write a message');
  await box.fill(text);
  await box.press('Enter');
}

export const shot = (page: Page, name: string) => page.screenshot({ path: path.join(resultsDir, name) });

export type TeamEnv = { h: Harness; team: Team; users: ApiUser[]; pages: Page[] };

/**
 * A harness, users named by `prefixes` in one team (the first creates it), and a signed-in page at town-square for
 * each user index in `pagesFor`.
 */
export async function startTeam(prefixes: string[], pagesFor: number[], mutate?: (c: Config) => void): Promise<TeamEnv> {
  const h = await startHarness(mutate);
  const users: ApiUser[] = [];
  for (const p of prefixes) users.push(await h.user(p));
  const team = await h.team(users[0], users.slice(1));
  const pages: Page[] = [];
  for (const i of pagesFor) pages.push(await h.page(users[i], `/${team.name}/channels/town-square`));
  return { h, team, users, pages };
}
