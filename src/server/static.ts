// The web app's files (web/dist) at the site root, index.html for every other GET, and Mattermost's 404 for the rest.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { App } from '../app/index.ts';
import { renderError, sendJson } from '../api4/context.ts';
import { Errors } from '../model/app-error.ts';
import { safeDecode } from '../model/uri.ts';

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
      return sendWebFile(webDist, p, reply, precompressed ? String(req.headers['accept-encoding'] ?? '') : '');
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

/** The precompressed copy the build wrote next to `file` (`.br`, else `.gz`) that the client accepts. */
function precompressedCopy(file: string, acceptEncoding: string): { path: string; encoding: string } | undefined {
  const accepted = new Set(
    acceptEncoding
      .split(',')
      .map((part) => part.trim().split(/\s*;\s*/))
      .filter(([, q]) => !q || !/^q=0(?:\.0*)?$/.test(q))
      .map(([name]) => name.toLowerCase()),
  );
  const accepts = (enc: string): boolean => accepted.has(enc);
  for (const [ext, encoding] of [
    ['.br', 'br'],
    ['.gz', 'gzip'],
  ] as const) {
    if (accepts(encoding) && fs.existsSync(file + ext)) return { path: file + ext, encoding };
  }
  return undefined;
}

function sendWebFile(webDist: string, p: string, reply: FastifyReply, acceptEncoding = '') {
  const rel = path.normalize(safeDecode(p)).replace(/^([/\\])+/, '');
  let file = path.join(webDist, rel);
  if (!file.startsWith(webDist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(webDist, 'index.html');
  const ext = path.extname(file);
  const type = MIME[ext] ?? 'application/octet-stream';
  reply.header('content-type', type);
  reply.header('cache-control', rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  const copy = acceptEncoding ? precompressedCopy(file, acceptEncoding) : undefined;
  if (copy) {
    reply.header('content-encoding', copy.encoding);
    reply.header('vary', 'Accept-Encoding');
    return reply.send(fs.createReadStream(copy.path));
  }
  return reply.send(fs.createReadStream(file));
}
