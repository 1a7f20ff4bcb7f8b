// Browser test of the password reset: "Forgot your password?" on the login page, the mail read from a real SMTP server,
// its link opened, a new password set, and a login with it. Skipped on the PostgreSQL pass and without chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { generate } from 'otplib';
import { setup, type TestEnv } from '../helper.ts';
import { startSmtp, type TestSmtp } from '../smtp.ts';
import { CHROMIUM, ensureWebBuild, launchChromium } from './web-build.ts';

const ON_POSTGRES_PASS = process.env.PARLEY_TEST_DB === 'postgres';

describe.skipIf(ON_POSTGRES_PASS || !existsSync(CHROMIUM))('account pages in the web client (Chromium)', () => {
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
      c.ServiceSettings.EnableMultifactorAuthentication = true;
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

  it('sets up MFA at /mfa/setup, then the login asks for the code', async () => {
    const { user, password } = await env.newUser('mfaweb', { login: false });
    const ctx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${env.url}/login`);
    await p.getByLabel('Email or username', { exact: true }).fill(user.username);
    await p.getByLabel('Password', { exact: true }).fill(password);
    await p.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => new URL(p.url()).pathname, { timeout: 15_000 }).toBe('/create_team');
    await p.goto(`${env.url}/mfa/setup`);
    await p.getByRole('button', { name: 'Add MFA to Account' }).click();
    await p.getByRole('img', { name: 'QR code of the MFA secret' }).waitFor();
    const secret = (await p.locator('.mfa-setup code').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await p.getByLabel('MFA Code', { exact: true }).fill(await generate({ secret }));
    await p.getByRole('button', { name: 'Activate' }).click();
    await p.getByRole('status').filter({ hasText: 'is active' }).waitFor();
    await ctx.close();

    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(`${env.url}/login`);
    await fresh.getByLabel('Email or username', { exact: true }).fill(user.username);
    await fresh.getByLabel('Password', { exact: true }).fill(password);
    await fresh.getByRole('button', { name: 'Log in' }).click();
    const code = fresh.getByLabel('MFA Code', { exact: true });
    await code.waitFor();
    await code.fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await fresh.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => new URL(fresh.url()).pathname, { timeout: 15_000 }).toBe('/create_team');
    await fresh.context().close();
    expect(errors).toEqual([]);
  });
});
