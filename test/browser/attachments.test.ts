// The web client renders an incoming webhook's Slack attachment (override name, BOT tag, title, fields, button), and a
// click on its button reaches the integration, whose `update` the page then shows. Chromium via playwright-core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import { setup, uniq, type TestEnv } from '../helper.ts';
import { startHookServer, type HookServer } from '../hook-server.ts';
import { CHROMIUM, ensureWebBuild, launchChromium } from './web-build.ts';

describe.skipIf(process.env.PARLEY_TEST_DB === 'postgres' || !existsSync(CHROMIUM))('webhook posts in the web client', () => {
  let env: TestEnv;
  let srv: HookServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    env = await setup((c) => {
      c.ServiceSettings.AllowedUntrustedInternalConnections = '127.0.0.1';
      c.ServiceSettings.EnablePostUsernameOverride = true;
    });
    srv = await startHookServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await srv?.close();
    await env?.close();
  });

  it('shows the attachment and applies a button click’s update', async () => {
    const owner = await env.newUser('owner');
    const viewer = await env.newUser('viewer');
    const team = await owner.client.createTeam({ name: uniq('hooks'), display_name: 'Hooks', type: 'O' } as Team);
    await owner.client.addToTeam(team.id, viewer.user.id);
    const town = await owner.client.getChannelByName(team.id, 'town-square');
    const hook = await owner.client.createIncomingWebhook({ channel_id: town.id, display_name: 'CI' });
    const res = await fetch(`${env.url}/hooks/${hook.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Deploy finished',
        username: 'ci-bot',
        attachments: [
          {
            color: 'good',
            title: 'Build 42',
            text: 'All checks passed',
            fields: [{ title: 'Tests', value: '120 passed', short: true }],
            actions: [{ name: 'Approve', integration: { url: srv.url + '/approve', context: { build: 42 } } }],
          },
        ],
      }),
    });
    expect(res.status).toBe(200);

    await page.goto(env.url + '/login');
    await page.getByLabel('Email or username').fill(viewer.user.username);
    await page.getByLabel('Password', { exact: true }).fill(viewer.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    const post = page.getByRole('article').filter({ hasText: 'Deploy finished' });
    await post.waitFor({ timeout: 20_000 });
    await post.getByText('ci-bot', { exact: true }).waitFor();
    await post.getByText('BOT', { exact: true }).waitFor();
    await post.getByText('Build 42').waitFor();
    await post.getByText('120 passed').waitFor();

    srv.respond(() => ({ body: { update: { message: 'Approved in the browser', props: {} } } }));
    await post.getByRole('button', { name: 'Approve' }).click();
    const req = JSON.parse((await srv.next('/approve')).body);
    expect(req).toMatchObject({ user_id: viewer.user.id, post_id: expect.any(String), context: { build: 42 } });
    await page.getByRole('article').filter({ hasText: 'Approved in the browser' }).waitFor();
    expect(errors).toEqual([]);
  }, 60_000);
});
