// First view on a slow mobile network: a signed-in user with a cold cache opens a channel over Chrome DevTools'
// classic "Slow 3G" (400 ms round trip, ~400 kbit/s each way, compression as the browser negotiates it). The time to
// the message list is measured and reported (console and test-results/slow3g.json), never asserted; what is asserted
// is that the view loads and how many bytes it took.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { SKIP_BROWSER, message, resultsDir, startTeam, type ApiUser, type Harness } from './harness.ts';

/** DevTools' classic Slow 3G: 500 kbit/s × 0.8 down and up, and the round trip the task names (400 ms). */
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: (500 * 1000 * 0.8) / 8, uploadThroughput: (500 * 1000 * 0.8) / 8 };
const BUDGET_BYTES = 300 * 1024;

describe.skipIf(SKIP_BROWSER)('first view over Slow 3G (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser;

  beforeAll(async () => {
    const env = await startTeam(['alice', 'bob'], []);
    ({ h, team } = env);
    [alice] = env.users;
    const ts = await alice.client.getChannelByName(team.id, 'town-square');
    for (let i = 0; i < 30; i++)
      await alice.client.createPost({ channel_id: ts.id, message: `history message ${i} with some **markdown**` } as Post);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('loads the channel for a signed-in user and stays within the byte budget', async () => {
    // sign in once, then open the channel in a fresh context that has only the session cookies (a cold cache)
    const login = await h.page(alice);
    const state = await login.context().storageState();
    await login.context().close();
    const ctx = await h.browser.newContext({ viewport: { width: 375, height: 812 }, storageState: state });
    const page = await ctx.newPage();
    page.setDefaultTimeout(120_000);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_3G);

    const requests = new Map<string, { url: string; bytes: number; encoding: string }>();
    cdp.on('Network.responseReceived', (e) => {
      const enc = (e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '') as string;
      requests.set(e.requestId, { url: e.response.url, bytes: 0, encoding: enc });
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) r.bytes = e.encodedDataLength;
    });

    const start = Date.now();
    await page.goto(`${h.url}/${team.name}/channels/town-square`, { waitUntil: 'commit' });
    await message(page, 'history message 29').waitFor();
    const ms = Date.now() - start;
    // the app's own mark: the first channel shown with its messages, from navigation start
    const mark = (await page.evaluate(() => performance.getEntriesByName('parley:first-view')[0]?.startTime ?? -1)) as number;
    const list = [...requests.values()];
    const bytes = list.reduce((n, r) => n + r.bytes, 0);
    const result = {
      profile: 'Slow 3G (classic DevTools preset, 400 ms RTT)',
      network: SLOW_3G,
      firstViewMs: ms,
      firstViewMarkMs: Math.round(mark),
      transferredBytes: bytes,
      requests: list.map((r) => ({ url: r.url.replace(h.url, ''), bytes: r.bytes, encoding: r.encoding })),
    };
    writeFileSync(path.join(resultsDir, 'slow3g.json'), JSON.stringify(result, null, 2));
    console.log(
      `[slow3g] first view ${ms} ms (app mark ${Math.round(mark)} ms), ${(bytes / 1024).toFixed(1)} KB in ${list.length} requests`,
    );

    expect(await page.getByLabel('Write a message').isVisible()).toBe(true);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(BUDGET_BYTES);
    // scripts and styles came compressed
    const assets = list.filter((r) => /\/assets\/.+\.(js|css)$/.test(r.url) && r.bytes > 2048);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(['br', 'gzip'], a.url).toContain(a.encoding);
    expect(h.errors).toEqual([]);
    await ctx.close();
  }, 180_000);
});
