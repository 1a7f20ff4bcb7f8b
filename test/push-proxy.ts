// Test helper: a local HTTP server standing in for Mattermost's push proxy (POST /api/v1/send_push, /api/v1/ack),
// recording every JSON body it receives and answering {"status":"OK"} (or what `reply` says).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PushProxy {
  url: string;
  pushes: Array<Record<string, any>>;
  acks: Array<Record<string, any>>;
  /** Answer for the next send_push requests (default 200 OK). */
  reply: { status: number; body: Record<string, unknown> };
  /** Resolves with the first push (already received or future) matching `pred`; rejects after `ms` (a hang guard). */
  waitFor(pred: (p: Record<string, any>) => boolean, ms?: number): Promise<Record<string, any>>;
  close(): Promise<void>;
}

export async function startPushProxy(): Promise<PushProxy> {
  const waiters = new Set<() => void>();
  const proxy: PushProxy = {
    url: '',
    pushes: [],
    acks: [],
    reply: { status: 200, body: { status: 'OK' } },
    waitFor(pred, ms = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = proxy.pushes.find(pred);
          if (!found) return false;
          waiters.delete(w);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const w = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no matching push within ${ms} ms; got ${JSON.stringify(proxy.pushes)}`));
        }, ms);
        waiters.add(w);
        check();
      });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, any>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
      } catch {
        body = { unparsable: true };
      }
      if (req.url === '/api/v1/send_push') {
        proxy.pushes.push(body);
        res.writeHead(proxy.reply.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(proxy.reply.body));
      } else if (req.url === '/api/v1/ack') {
        proxy.acks.push(body);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"status":"OK"}');
      } else {
        res.writeHead(404);
        res.end();
      }
      for (const w of [...waiters]) w();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
