// The fan-out floor: a bare `ws` server that says hello on connect and relays each HTTP POST /relay body to every
// socket. No auth, no database, no membership: what delivering one frame to N sockets costs on this machine.
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const clients = new Set<WebSocket>();
const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/relay') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const frame = Buffer.concat(chunks).toString('utf8');
    for (const ws of clients) ws.send(frame);
    res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => {
  clients.add(ws);
  ws.on('close', () => clients.delete(ws));
  ws.on('error', () => undefined);
  ws.send('{"event":"hello","data":{},"seq":0}');
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.send!({ type: 'listening', port: typeof a === 'object' && a ? a.port : 0, pid: process.pid });
});
process.on('disconnect', () => process.exit(0));
process.on('message', (m: any) => {
  if (m?.type === 'stop') process.exit(0);
});
