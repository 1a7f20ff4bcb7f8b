// The web client renders an incoming webhook's Slack attachment (override name, BOT tag, title, fields, button), and a
// click on its button reaches the integration, whose `update` the page then shows. Chromium via playwright-core.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Team } from '@mattermost/types/teams';
import { uniq } from '../helper.ts';
import { CHROMIUM } from './web-build.ts';
import { logIn, useIntegrationBrowser } from './integration-suite.ts';

describe.skipIf(process.env.PARLEY_TEST_DB === 'postgres' || !existsSync(CHROMIUM))('webhook posts in the web client', () => {
  const t = useIntegrationBrowser((c) => {
    c.ServiceSettings.EnablePostUsernameOverride = true;
  });
  let page: Page;
  beforeAll(async () => {
    page = await t.newPage();
  });

  it('shows the attachment and applies a button click’s update', async () => {
    const owner = await t.env.newUser('owner');
    const viewer = await t.env.newUser('viewer');
    const team = await owner.client.createTeam({ name: uniq('hooks'), display_name: 'Hooks', type: 'O' } as Team);
    await owner.client.addToTeam(team.id, viewer.user.id);
    const town = await owner.client.getChannelByName(team.id, 'town-square');
    const hook = await owner.client.createIncomingWebhook({ channel_id: town.id, display_name: 'CI' });
    const res = await fetch(`${t.env.url}/hooks/${hook.id}`, {
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
            actions: [{ name: 'Approve', integration: { url: t.srv.url + '/approve', context: { build: 42 } } }],
          },
        ],
      }),
    });
    expect(res.status).toBe(200);

    await logIn(page, t.env.url, viewer.user.username, viewer.password);
    const post = page.getByRole('article').filter({ hasText: 'Deploy finished' });
    await post.waitFor({ timeout: 20_000 });
    await post.getByText('ci-bot', { exact: true }).waitFor();
    await post.getByText('BOT', { exact: true }).waitFor();
    await post.getByText('Build 42').waitFor();
    await post.getByText('120 passed').waitFor();

    t.srv.respond(() => ({ body: { update: { message: 'Approved in the browser', props: {} } } }));
    await post.getByRole('button', { name: 'Approve' }).click();
    const req = JSON.parse((await t.srv.next('/approve')).body);
    expect(req).toMatchObject({ user_id: viewer.user.id, post_id: expect.any(String), context: { build: 42 } });
    await page.getByRole('article').filter({ hasText: 'Approved in the browser' }).waitFor();
    expect(t.errors).toEqual([]);
  }, 60_000);
});
