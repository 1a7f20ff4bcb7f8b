// The frame of a browser test with an integration: a Parley server (outbound calls to 127.0.0.1 allowed), the test's
// own integration HTTP server, Chromium with its page errors collected, and sign-in through the login page.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Config } from '../../src/config/config.ts';
import { setup, type TestEnv } from '../helper.ts';
import { startHookServer, type HookServer } from '../hook-server.ts';
import { ensureWebBuild, launchChromium } from './web-build.ts';

export interface IntegrationBrowserSuite {
  readonly env: TestEnv;
  readonly srv: HookServer;
  readonly browser: Browser;
  /** Uncaught errors of every page opened with `newPage`. */
  readonly errors: string[];
  /** A page in a fresh browser context (no cookies) of the given size. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
}

/** Registers the suite's beforeAll/afterAll; read the fields inside hooks and tests. */
export function useIntegrationBrowser(mutate?: (c: Config) => void): IntegrationBrowserSuite {
  let env: TestEnv;
  let srv: HookServer;
  let browser: Browser;
  const errors: string[] = [];
  beforeAll(async () => {
    await ensureWebBuild();
    env = await setup((c) => {
      c.ServiceSettings.AllowedUntrustedInternalConnections = '127.0.0.1';
      mutate?.(c);
    });
    srv = await startHookServer();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    await env?.close();
  });
  return {
    get env() {
      return env;
    },
    get srv() {
      return srv;
    },
    get browser() {
      return browser;
    },
    errors,
    async newPage(viewport = { width: 1280, height: 800 }) {
      const page = await (await browser.newContext({ viewport })).newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      return page;
    },
  };
}

/** Signs in through the login page. */
export async function logIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url + '/login');
  await page.getByLabel('Email or username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}
