// Browser test of the password reset: "Forgot your password?" on the login page, the mail read from a real SMTP server,
// its link opened, a new password set, and a login with it. Skipped on the PostgreSQL pass and without chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { setup, type TestEnv } from '../helper.ts';
import { startSmtp, type TestSmtp } from '../smtp.ts';
import { CHROMIUM, ensureWebBuild, launchChromium } from './harness.ts';

const ON_POSTGRES_PASS = process.env.PARLEY_TEST_DB === 'postgres';

describe.skipIf(ON_POSTGRES_PASS || !existsSync(CHROMIUM))('password reset in the web client (Chromium)', () => {
  let env: TestEnv;
  let smtp: TestSmtp;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    smtp = await startSmtp();
    env = await setup((c) => {
      Object.assign(c.EmailSettings, { SMTPServer: '127.0.0.1', SMTPPort: String(smtp.port), FeedbackEmail: 'noreply@parley.test' });
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await env?.close();
    await smtp?.close();
  });

  it('forgot password → mail → link → new password → login', async () => {
    const { user, password } = await env.newUser('forgot', { login: false });
    await page.goto(`${env.url}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/reset_password');
    await page.getByLabel('Email', { exact: true }).fill(user.email);
    await page.getByRole('button', { name: 'Reset my password' }).click();
    await page.getByRole('status').filter({ hasText: user.email }).waitFor();

    const [mail] = await smtp.waitFor(1, 10_000);
    expect(mail.to).toEqual([user.email]);
    const link = /(https?:\/\/\S+\/reset_password_complete\?token=[a-z0-9]+)/.exec(mail.text)?.[1];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await page.getByLabel('New password', { exact: true }).fill('Browser-reset-42');
    await page.getByRole('button', { name: 'Change my password' }).click();
    await page.getByRole('status').filter({ hasText: 'updated' }).waitFor();

    await page.getByRole('link', { name: 'Back to log in' }).click();
    await page.getByLabel('Email or username', { exact: true }).fill(user.username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('Password', { exact: true }).fill('Browser-reset-42');
    await page.getByRole('button', { name: 'Log in' }).click();
    // Signed in: a user without a team lands on team creation.
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toBe('/create_team');
    expect(errors).toEqual([]);
  });
});
