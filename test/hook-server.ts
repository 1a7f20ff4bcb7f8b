// A test's own HTTP server standing in for an integration: records each request and answers with what the test says.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Resolves true when the caller hung up before the answer was sent (a timeout), false once it was sent. */
  aborted: Promise<boolean>;
}

export type Responder = (req: Received) => { status?: number; body?: unknown; delayMs?: number } | undefined;

export interface HookServer {
  url: string;
  received: Received[];
  /** Resolves with the first request (already received or future) on `path`; rejects after `ms`. */
  next(path: string, ms?: number): Promise<Received>;
  respond(fn: Responder): void;
  close(): Promise<void>;
}

export async function startHookServer(host = '127.0.0.1'): Promise<HookServer> {
  const received: Received[] = [];
  const waiters: Array<{ path: string; resolve: (r: Received) => void }> = [];
  let responder: Responder = () => undefined;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const aborted = new Promise<boolean>((resolve) => res.on('close', () => resolve(!res.writableFinished)));
      const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, aborted };
      received.push(r);
      for (const w of [...waiters])
        if (w.path === r.url) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(r);
        }
      const out = responder(r) ?? {};
      const send = () => {
        const payload = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
        res.writeHead(out.status ?? 200, { 'content-type': 'application/json' }).end(payload);
      };
      if (out.delayMs) {
        const timer = setTimeout(() => (timers.delete(timer), send()), out.delayMs);
        timers.add(timer);
      } else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    next(path, ms = 5000) {
      const found = received.find((r) => r.url === path);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const w = { path, resolve };
        waiters.push(w);
        setTimeout(() => reject(new Error(`no request on ${path} within ${ms} ms`)), ms);
      });
    },
    respond(fn) {
      responder = fn;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
