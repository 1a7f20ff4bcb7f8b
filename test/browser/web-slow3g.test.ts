// First view on a slow mobile network: a signed-in user with a cold cache opens a channel over Chrome DevTools'
// classic "Slow 3G" (400 ms round trip, ~400 kbit/s each way, compression as the browser negotiates it). The time to
// the message list is measured and reported (console and test-results/slow3g.json, with each request's bytes and
// timing, and the same first view on loopback for comparison), never asserted; what is asserted is that the view
// loads and how many bytes it took.
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

  /**
   * Opens the channel in a fresh context holding only alice's session cookies (a cold cache), over `network` when
   * given, and returns the time to the last history message with each request's bytes and timing (ms from the start).
   */
  async function firstView(network?: typeof SLOW_3G) {
    const login = await h.page(alice);
    const state = await login.context().storageState();
    await login.context().close();
    const ctx = await h.browser.newContext({ viewport: { width: 375, height: 812 }, storageState: state });
    const page = await ctx.newPage();
    page.setDefaultTimeout(120_000);
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (network) await cdp.send('Network.emulateNetworkConditions', network);

    type Req = { url: string; bytes: number; encoding: string; sent: number; done: number };
    const requests = new Map<string, Req>();
    let t0 = 0;
    const at = (timestamp: number): number => Math.round((timestamp - t0) * 1000);
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!t0) t0 = e.timestamp;
      requests.set(e.requestId, { url: e.request.url, bytes: 0, encoding: '', sent: at(e.timestamp), done: -1 });
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = requests.get(e.requestId);
      if (r) r.encoding = (e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? '') as string;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) Object.assign(r, { bytes: e.encodedDataLength, done: at(e.timestamp) });
    });

    const start = Date.now();
    await page.goto(`${h.url}/${team.name}/channels/town-square`, { waitUntil: 'commit' });
    await message(page, 'history message 29').waitFor();
    const ms = Date.now() - start;
    // the app's own mark: the first channel shown with its messages, from navigation start
    const mark = (await page.evaluate(() => performance.getEntriesByName('parley:first-view')[0]?.startTime ?? -1)) as number;
    const list = [...requests.values()].filter((r) => r.done >= 0);
    expect(await page.getByLabel('Write a message').isVisible()).toBe(true);
    await ctx.close();
    return {
      firstViewMs: ms,
      firstViewMarkMs: Math.round(mark),
      transferredBytes: list.reduce((n, r) => n + r.bytes, 0),
      requests: list.map((r) => ({ ...r, url: r.url.replace(h.url, '') })),
    };
  }

  it('loads the channel for a signed-in user and stays within the byte budget', async () => {
    const loopback = await firstView();
    const slow = await firstView(SLOW_3G);
    const result = { profile: 'Slow 3G (classic DevTools preset, 400 ms RTT)', network: SLOW_3G, ...slow, loopback };
    writeFileSync(path.join(resultsDir, 'slow3g.json'), JSON.stringify(result, null, 2));
    for (const [name, r] of [
      ['slow3g', slow],
      ['loopback', loopback],
    ] as const)
      console.log(
        `[${name}] first view ${r.firstViewMs} ms (app mark ${r.firstViewMarkMs} ms), ${(r.transferredBytes / 1024).toFixed(1)} KB in ${r.requests.length} requests`,
      );

    expect(slow.transferredBytes).toBeGreaterThan(0);
    expect(slow.transferredBytes).toBeLessThan(BUDGET_BYTES);
    // scripts and styles came compressed
    const assets = slow.requests.filter((r) => /\/assets\/.+\.(js|css)$/.test(r.url) && r.bytes > 2048);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect(['br', 'gzip'], a.url).toContain(a.encoding);
    expect(h.errors).toEqual([]);
  }, 240_000);
});
