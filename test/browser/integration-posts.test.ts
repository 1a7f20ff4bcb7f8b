// Integration posts in the web client at desktop and phone (375 px) widths: an ephemeral command reply shows its
// override name, the BOT tag and "(Only visible to you)"; consecutive webhook posts of one hook owner are never
// grouped (each keeps its own name and BOT tag, as in Mattermost). Screenshots go to $PARLEY_SCREENSHOT_DIR if set.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Command } from '@mattermost/types/integrations';
import type { Team } from '@mattermost/types/teams';
import { uniq } from '../helper.ts';
import { CHROMIUM } from './web-build.ts';
import { logIn, useIntegrationBrowser } from './integration-suite.ts';

describe.skipIf(process.env.PARLEY_TEST_DB === 'postgres' || !existsSync(CHROMIUM))('integration posts at desktop and phone widths', () => {
  const t = useIntegrationBrowser((c) => {
    c.ServiceSettings.EnablePostUsernameOverride = true;
  });

  /** The element lies wholly inside the page's width and is visible. */
  async function inView(page: Page, l: Locator): Promise<void> {
    expect(await l.isVisible()).toBe(true);
    const box = await l.boundingBox();
    const width = page.viewportSize()!.width;
    expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
  }

  async function shot(page: Page, l: Locator, name: string): Promise<void> {
    const dir = process.env.PARLEY_SCREENSHOT_DIR;
    const png = await l.screenshot(dir ? { path: path.join((mkdirSync(dir, { recursive: true }), dir), name + '.png') } : {});
    expect(png.length).toBeGreaterThan(0);
  }

  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 375, height: 740 }],
  ] as const) {
    it(`shows the BOT tag and "(Only visible to you)" (${label})`, async () => {
      const owner = await t.env.newUser('eph');
      const team = await owner.client.createTeam({ name: uniq('eph'), display_name: 'Ephemeral', type: 'O' } as Team);
      const town = await owner.client.getChannelByName(team.id, 'town-square');
      const trigger = uniq('weather');
      await owner.client.addCommand({
        team_id: team.id,
        trigger,
        method: 'P',
        url: t.srv.url + '/cmd',
        display_name: 'Weather',
      } as Command);
      t.srv.respond(() => ({ body: { response_type: 'ephemeral', username: 'weather-bot', text: 'Sunny, 24 °C (just for you)' } }));
      const hook = await owner.client.createIncomingWebhook({ channel_id: town.id, display_name: 'Feeds' });
      for (const username of ['feed-one', 'feed-two']) {
        const res = await fetch(`${t.env.url}/hooks/${hook.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: `News from ${username}`, username }),
        });
        expect(res.status).toBe(200);
      }

      const page = await t.newPage(viewport);
      await logIn(page, t.env.url, owner.user.username, owner.password);
      const messages = page.getByRole('log', { name: 'Messages', exact: true });
      await messages.waitFor({ timeout: 20_000 });

      for (const username of ['feed-one', 'feed-two']) {
        const post = messages.getByRole('article').filter({ hasText: `News from ${username}` });
        await post.getByText(username, { exact: true }).waitFor();
        await inView(page, post.getByText('BOT', { exact: true }));
      }

      const box = page.getByLabel('Write a message');
      await box.fill('/' + trigger);
      await box.press('Enter');
      const eph = messages.getByRole('article').filter({ hasText: 'Sunny, 24 °C' });
      await eph.waitFor();
      await eph.getByText('weather-bot', { exact: true }).waitFor();
      await inView(page, eph.getByText('BOT', { exact: true }));
      await inView(page, eph.getByText('(Only visible to you)'));
      await inView(page, eph.getByText('Sunny, 24 °C (just for you)'));
      await shot(page, messages, 'integration-posts-' + label);
      await page.context().close();
      expect(t.errors).toEqual([]);
    }, 90_000);
  }
});
