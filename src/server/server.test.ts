// The HTTP server's hardening: Mattermost's timeouts (a trickled body is cut off), the connection cap, the security
// headers of the API and the web app, and a prompt stop on SIGTERM whatever is in flight.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { setup, testConfig, type TestEnv } from '../../test/helper.ts';
import { freePort, spawnParley } from '../../test/process.ts';
import type { Config } from '../config/config.ts';
import { createServer, type ParleyServer } from '../server.ts';
import { maxConnections } from './http.ts';

/** A raw HTTP connection: what the server answered, and when it closed the connection. */
class RawHttp {
  readonly socket: net.Socket;
  answer = '';
  readonly closed: Promise<void>;
  readonly connected: Promise<void>;
  constructor(url: string) {
    const u = new URL(url);
    this.socket = net.connect({ host: u.hostname, port: Number(u.port) });
    this.socket.on('data', (d) => (this.answer += d.toString('latin1')));
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => this.socket.on('close', () => resolve()));
    this.connected = new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }
  write(s: string): void {
    if (!this.socket.destroyed) this.socket.write(s);
  }
  /** Sends a request's headers and the first bytes of a body that promises more, then a byte now and then until closed. */
  trickle(): void {
    this.write('POST /api/v4/users/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const timer = setInterval(() => this.write(' '), 50);
    void this.closed.then(() => clearInterval(timer));
  }
  /** A complete keep-alive request; resolves once its answer has arrived. */
  async ping(): Promise<string> {
    const before = this.answer.length;
    this.write('GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\n\r\n');
    while (!/\r\n\r\n[\s\S]*\}/.test(this.answer.slice(before)) && !this.socket.destroyed)
      await new Promise((r) => this.socket.once('data', r));
    return this.answer.slice(before);
  }
}

describe('timeouts and the connection cap', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setup((c) => {
      c.ServiceSettings.ReadTimeout = 1;
      c.ServiceSettings.ParleyMaxConnections = 4;
    });
  });
  afterAll(async () => env?.close());

  it('cuts off a request whose body trickles in past ReadTimeout (408), and leaves an open websocket alone', async () => {
    const ws = new WebSocket(env.url.replace('http', 'ws') + '/api/v4/websocket');
    await new Promise((resolve) => ws.once('open', resolve));
    const slow = new RawHttp(env.url);
    await slow.connected;
    slow.trickle();
    await slow.closed;
    expect(slow.answer).toMatch(/^HTTP\/1\.1 408 /);
    // The websocket, open since before the trickle began, outlived ReadTimeout.
    expect(ws.readyState).toBe(WebSocket.OPEN);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;
  });

  it('refuses connections beyond ParleyMaxConnections, and takes new ones once some close', async () => {
    const held = [new RawHttp(env.url), new RawHttp(env.url), new RawHttp(env.url), new RawHttp(env.url)];
    for (const h of held) expect(await h.ping()).toMatch(/^HTTP\/1\.1 200 /);
    const extra = new RawHttp(env.url);
    extra.write('GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\n\r\n');
    await extra.closed;
    expect(extra.answer).toBe('');
    for (const h of held) h.socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    // The server counts a connection gone once it has seen it close: retry until it has.
    let answer = '';
    for (let i = 0; i < 100 && !answer; i++) {
      const again = new RawHttp(env.url);
      answer = await again.ping();
      again.socket.destroy();
    }
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('sizes the default cap below the open-file limit', () => {
    expect(maxConnections(0, 1024)).toBe(768);
    expect(maxConnections(0, 1_048_576)).toBeLessThan(1_048_576);
    expect(maxConnections(500, 1024)).toBe(500);
  });
});

describe('security headers', () => {
  let server: ParleyServer;
  let config: Config;
  let cleanup: () => Promise<void>;
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'));
  beforeAll(async () => {
    fs.writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>Parley</title>');
    ({ config, cleanup } = await testConfig());
    server = await createServer(config, { logLevel: 'silent', webDist });
  });
  afterAll(async () => {
    await server?.close();
    await cleanup?.();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it('sends Permissions-Policy on every response, and frame and script protection with the web app', async () => {
    const api = await fetch(server.url + '/api/v4/system/ping');
    expect(api.headers.get('permissions-policy')).toBe('');
    expect(api.headers.get('x-frame-options')).toBeNull();
    const web = await fetch(server.url + '/channels/town-square');
    expect(web.status).toBe(200);
    expect(web.headers.get('permissions-policy')).toBe('');
    expect(web.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(web.headers.get('content-security-policy')).toBe("frame-ancestors 'self'; script-src 'self'");
    config.ServiceSettings.FrameAncestors = 'https://portal.example';
    const framed = await fetch(server.url + '/');
    expect(framed.headers.get('content-security-policy')).toBe("frame-ancestors 'self' https://portal.example; script-src 'self'");
  });

  it('answers a web-app path that is not valid percent-encoding with an AppError 400, not a 500', async () => {
    const r = await fetch(server.url + '/team/channels/%E0%A4%A');
    expect(r.status).toBe(400);
    expect(((await r.json()) as { status_code: number }).status_code).toBe(400);
  });
});

describe('shutdown', () => {
  it('stops promptly on SIGTERM with a request in flight and a websocket open', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-stop-'));
    const { proc, url } = await spawnParley(await freePort(), {
      MM_SQLSETTINGS_DRIVERNAME: 'sqlite',
      MM_SQLSETTINGS_DATASOURCE: path.join(dir, 'parley.db'),
      MM_FILESETTINGS_DIRECTORY: path.join(dir, 'files'),
    });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    try {
      const ws = new WebSocket(url.replace('http', 'ws') + '/api/v4/websocket');
      ws.on('error', () => undefined);
      await new Promise((resolve) => ws.once('open', resolve));
      const inFlight = new RawHttp(url);
      await inFlight.connected;
      inFlight.trickle();
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      await inFlight.closed;
    } finally {
      proc.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
