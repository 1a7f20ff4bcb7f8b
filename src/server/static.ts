// The web app's files (web/dist) at the site root, index.html for every other GET, and Mattermost's 404 for the rest.
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app/index.ts';
import { renderError, sendJson } from '../api4/context.ts';
import { Errors } from '../model/app-error.ts';
import { safeDecode } from '../model/uri.ts';
import { bootData, withBootData } from './boot.ts';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Answers what no route matched: an unknown /api/ path is Mattermost's 404, a GET or HEAD anywhere else is the web app
 * (its file, or index.html for the client-side routes) when `webDist` holds a build.
 */
export function serveWebApp(f: FastifyInstance, app: App, webDist: string): void {
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  f.setNotFoundHandler((req, reply) => {
    const p = req.url.split('?')[0];
    if (p.startsWith('/api/')) return renderError(app, req, reply, Errors.notFoundRoute(p));
    if (hasWeb && (req.method === 'GET' || req.method === 'HEAD')) {
      setWebAppHeaders(reply, app.config().ServiceSettings.FrameAncestors);
      const precompressed = app.config().ServiceSettings.WebserverMode === 'gzip';
      const acceptEncoding = precompressed ? String(req.headers['accept-encoding'] ?? '') : '';
      const file = webFile(webDist, p);
      if (req.method === 'GET' && file.page) return sendPage(f, req, reply, file.path, p, acceptEncoding);
      return sendWebFile(file, reply, acceptEncoding);
    }
    return sendJson(reply, 404, Errors.notFoundRoute(p).toJSON(req.id, false));
  });
}

/**
 * Mattermost's headers for its web app: framed only by the site itself (and ServiceSettings.FrameAncestors), scripts
 * only from the site.
 */
function setWebAppHeaders(reply: FastifyReply, frameAncestors: string): void {
  reply.header('X-Frame-Options', 'SAMEORIGIN');
  reply.header('Content-Security-Policy', `frame-ancestors 'self'${frameAncestors ? ' ' + frameAncestors : ''}; script-src 'self'`);
}

/** The encodings the client accepts (`Accept-Encoding`, without those it refuses with q=0), best first: br, gzip. */
function acceptedEncodings(acceptEncoding: string): ('br' | 'gzip')[] {
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(/\s*;\s*/))
      .filter(([, q]) => !q || !/^q=0(?:\.0*)?$/.test(q))
      .map(([name]) => name.toLowerCase()),
  );
  return (['br', 'gzip'] as const).filter((enc) => accepted.has(enc));
}

/** The precompressed copy the build wrote next to `file` (`.br`, else `.gz`) that the client accepts. */
function precompressedCopy(file: string, acceptEncoding: string): { path: string; encoding: string } | undefined {
  for (const encoding of acceptedEncodings(acceptEncoding)) {
    const copy = file + (encoding === 'br' ? '.br' : '.gz');
    if (fs.existsSync(copy)) return { path: copy, encoding };
  }
  return undefined;
}

/** The build's file for the URL path `p`, or index.html (`page`) for a client-side route. */
function webFile(webDist: string, p: string): { path: string; asset: boolean; page: boolean } {
  const rel = path.normalize(safeDecode(p)).replace(/^([/\\])+/, '');
  const file = path.join(webDist, rel);
  const index = path.join(webDist, 'index.html');
  if (!file.startsWith(webDist) || !fs.existsSync(file) || fs.statSync(file).isDirectory())
    return { path: index, asset: false, page: true };
  return { path: file, asset: rel.startsWith('assets/'), page: file === index };
}

/**
 * index.html with the first view's data inlined for a signed-in browser (boot.ts): personal, so it is neither shared
 * nor kept by caches, and compressed here (brotli quality 5, else gzip) when `acceptEncoding` is given.
 */
async function sendPage(f: FastifyInstance, req: FastifyRequest, reply: FastifyReply, file: string, p: string, acceptEncoding: string) {
  const html = await fs.promises.readFile(file, 'utf8');
  const boot = await bootData(f, req, p).catch((err: unknown) => req.log.warn({ err }, 'boot data for the first view failed'));
  const body = Buffer.from(boot ? withBootData(html, boot) : html);
  reply.header('content-type', MIME['.html']);
  reply.header('cache-control', 'private, no-cache');
  reply.header('vary', 'Cookie, Accept-Encoding');
  const encoding = body.length >= 1024 ? acceptedEncodings(acceptEncoding)[0] : undefined;
  if (!encoding) return reply.send(body);
  reply.header('content-encoding', encoding);
  return reply.send(
    encoding === 'br'
      ? await brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
      : await gzip(body),
  );
}

function sendWebFile(file: { path: string; asset: boolean }, reply: FastifyReply, acceptEncoding = '') {
  const ext = path.extname(file.path);
  const type = MIME[ext] ?? 'application/octet-stream';
  reply.header('content-type', type);
  reply.header('cache-control', file.asset ? 'public, max-age=31536000, immutable' : 'no-cache');
  const copy = acceptEncoding ? precompressedCopy(file.path, acceptEncoding) : undefined;
  if (copy) {
    reply.header('content-encoding', copy.encoding);
    reply.header('vary', 'Accept-Encoding');
    return reply.send(fs.createReadStream(copy.path));
  }
  return reply.send(fs.createReadStream(file.path));
}
