// Compression: JSON answers and the web app's files are sent brotli- or gzip-compressed when the client accepts it;
// JSON keeps `Content-Type: application/json` without a charset; the main chunk stays within its gzip budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { request } from 'node:http';
import { SKIP_BROWSER, distDir, messages, startHarness, type ApiUser, type Harness } from './harness.ts';

/** A raw GET (node:http does not decode), so the test sees the bytes and headers as sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(SKIP_BROWSER)('compression', () => {
  let h: Harness;
  let alice: ApiUser;

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.user('alice');
    await h.team(alice, []);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it('compresses JSON answers with brotli or gzip and keeps the content type exact', async () => {
    const auth = { authorization: `Bearer ${alice.client.getToken()}` };
    const br = await rawGet(`${h.url}/api/v4/config/client?format=old`, { ...auth, 'accept-encoding': 'br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('application/json');
    expect(JSON.parse(brotliDecompressSync(br.body).toString()).Version).toBeTruthy();

    const gz = await rawGet(`${h.url}/api/v4/config/client?format=old`, { ...auth, 'accept-encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toBe('application/json');
    expect(JSON.parse(gunzipSync(gz.body).toString()).Version).toBeTruthy();

    const plain = await rawGet(`${h.url}/api/v4/config/client?format=old`, auth);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString()).Version).toBeTruthy();

    // An AppError is JSON too.
    const err = await rawGet(`${h.url}/api/v4/users/me`, { 'accept-encoding': 'gzip' });
    expect(err.status).toBe(401);
    expect(err.headers['content-type']).toBe('application/json');
  });

  it('serves the precompressed web app files and the page works', async () => {
    const html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
    const entry = /<script[^>]+src="\/?(assets\/[^"]+\.js)"/.exec(html)![1];
    const original = readFileSync(path.join(distDir, entry));
    const br = await rawGet(`${h.url}/${entry}`, { 'accept-encoding': 'gzip, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    const gz = await rawGet(`${h.url}/${entry}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(original)).toBe(true);
    const none = await rawGet(`${h.url}/${entry}`, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.equals(original)).toBe(true);

    const sizes = readdirSync(path.join(distDir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => `${f} ${(gzipSync(readFileSync(path.join(distDir, 'assets', f)), { level: 9 }).length / 1024).toFixed(1)} KB gzip`);
    console.log(`[sizes] ${sizes.join('; ')}`);

    const page = await h.page(alice);
    await messages(page).waitFor();
  }, 30_000);
});
