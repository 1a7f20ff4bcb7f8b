// POST /hooks/commands/{id}: a slash command's response_url, outside /api/v4 and without a session (Mattermost's
// web/webhook.go commandWebhook). JSON when so typed (read by the API's bounded JSON parser), otherwise the body is
// the reply's text; answers "ok".
import type { FastifyInstance } from 'fastify';
import type { App } from '../app/index.ts';
import { appError } from '../model/app-error.ts';
import { isValidId } from '../model/id.ts';
import { route, type Ctx } from './context.ts';

export function commandHookRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/hooks/commands/:id', { auth: 'none' }, commandWebhook);
}

async function commandWebhook(c: Ctx) {
  const id = (c.req.params as Record<string, string>).id;
  if (!isValidId(id)) throw appError('app.command_webhook.get.missing', 'GetCommandWebhook');
  const type = String(c.req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  const raw = c.req.body;
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : typeof raw === 'string' ? raw : '';
  const body = type === 'application/json' ? { json: raw } : { text };
  await c.app.commandWebhooks.handleCommandWebhook(id, body);
  c.reply.header('Content-Type', 'text/plain').code(200).send('ok');
}
