// A test's own web site for link previews: an HTML page with OpenGraph tags, a real PNG, a plain-text page, counting
// the requests each path receives. Bound to a loopback address the test chooses.
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';

export interface LinkSite {
  url: string;
  /** Requests received per path (query included). */
  hits: Map<string, number>;
  /** Adds or replaces a page. */
  page(path: string, contentType: string, body: string | Buffer): void;
  close(): Promise<void>;
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A valid PNG of one colour, `width`×`height` pixels (RGB). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The OpenGraph page the tests link to (relative image URL, entities in the texts). */
export function ogPage(opts: { title: string; description: string; siteName: string; image: string }): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>ignored</title>
<script>var s = '<meta property="og:title" content="not this">';</script>
<meta property="og:type" content="article">
<meta property="og:title" content="${opts.title}">
<meta property="og:description" content="${opts.description}">
<meta property="og:site_name" content="${opts.siteName}">
<meta property="og:url" content="/canonical">
<meta property="og:image" content="${opts.image}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="320">
<meta property="og:image:height" content="160">
</head><body><meta property="og:title" content="body is not read"><p>Hello</p></body></html>`;
}

export async function startLinkSite(host = '127.0.0.1'): Promise<LinkSite> {
  const pages = new Map<string, { type: string; body: string | Buffer }>();
  const hits = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const p = pages.get(path.split('?')[0]);
    if (!p) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    res.writeHead(200, { 'content-type': p.type }).end(p.body);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    hits,
    page: (path, type, body) => void pages.set(path, { type, body }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
