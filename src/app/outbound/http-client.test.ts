// The outbound client's guard, limits and redirects against real local HTTP servers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../config/config.ts';
import { addressAllowed, isReservedAddress, OutboundError, outboundRequest } from './http-client.ts';

let server: http.Server;
let base = '';

function config(allowed: string, patch: Partial<Config['ServiceSettings']> = {}): Config {
  const c = defaultConfig();
  c.ServiceSettings.AllowedUntrustedInternalConnections = allowed;
  Object.assign(c.ServiceSettings, patch);
  return c;
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/big') return res.end(Buffer.alloc(4096, 'x'));
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
    if (req.url === '/redirect') return res.writeHead(302, { location: '/echo' }).end();
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body })));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('internal address guard', () => {
  it('knows the reserved ranges', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(isReservedAddress(ip), ip).toBe(true);
    for (const ip of ['8.8.8.8', '172.32.0.1', '2001:4860::8888']) expect(isReservedAddress(ip), ip).toBe(false);
  });
  it('allows listed hosts, addresses and CIDRs', () => {
    expect(addressAllowed('localhost', '127.0.0.1', '')).toBe(false);
    expect(addressAllowed('localhost', '127.0.0.1', 'localhost')).toBe(true);
    expect(addressAllowed('x', '127.0.0.1', '127.0.0.0/8')).toBe(true);
    expect(addressAllowed('x', '10.0.0.5', '127.0.0.1 192.168.0.0/16')).toBe(false);
  });
  it('refuses loopback unless allowed', async () => {
    await expect(outboundRequest(config(''), { url: base + '/echo' })).rejects.toMatchObject({ reason: 'internal_address' });
    await expect(outboundRequest(config(''), { url: base.replace('127.0.0.1', 'localhost') + '/echo' })).rejects.toBeInstanceOf(
      OutboundError,
    );
    const res = await outboundRequest(config('127.0.0.1'), { url: base + '/echo', method: 'POST', body: 'hi' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ method: 'POST', body: 'hi' });
  });
});

describe('limits', () => {
  it('refuses a body over the size limit', async () => {
    await expect(outboundRequest(config('127.0.0.1'), { url: base + '/big', maxBytes: 1000 })).rejects.toMatchObject({
      reason: 'too_large',
    });
  });
  it('gives up after the timeout', async () => {
    await expect(outboundRequest(config('127.0.0.1'), { url: base + '/slow', timeoutMs: 100 })).rejects.toMatchObject({
      reason: 'timeout',
    });
  });
  it('follows redirects only when asked, turning POST into GET', async () => {
    expect((await outboundRequest(config('127.0.0.1'), { url: base + '/redirect' })).status).toBe(302);
    const res = await outboundRequest(config('127.0.0.1'), { url: base + '/redirect', method: 'POST', body: 'x', maxRedirects: 2 });
    expect(JSON.parse(res.body.toString()).method).toBe('GET');
  });
  it('refuses other schemes', async () => {
    await expect(outboundRequest(config(''), { url: 'file:///etc/passwd' })).rejects.toMatchObject({ reason: 'bad_url' });
  });
});
