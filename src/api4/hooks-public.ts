// POST /hooks/{id}: the incoming-webhook entry point at the site root (Mattermost's web/webhook.go). No session: the
// hook id is the secret. The payload comes as JSON, as a form's `payload` field, or as multipart fields; success is a
// plain-text "ok", failures Mattermost's AppError JSON.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { App } from '../app/index.ts';
import type { IncomingWebhookRequest } from '../app/webhooks-incoming.ts';
import { appError, Errors } from '../model/app-error.ts';
import { checkJsonText } from '../model/json-limits.ts';
import { route, type Ctx } from './context.ts';
import { requestJsonLimits } from './request-input.ts';

/** Multipart fields as Go's schema decoder maps them onto IncomingWebhookRequest (field names case-insensitive). */
const MULTIPART_FIELDS: Record<string, keyof IncomingWebhookRequest> = {
  text: 'text',
  username: 'username',
  iconurl: 'icon_url',
  icon_url: 'icon_url',
  channelname: 'channel',
  channel: 'channel',
  type: 'type',
  iconemoji: 'icon_emoji',
  icon_emoji: 'icon_emoji',
};

/** Mattermost's escapeControlCharsFromPayload: raw newlines and tabs inside these string values, escaped. */
function escapeControlChars(text: string): string {
  return text.replace(/"(text|fallback|pretext|author_name|title|value)"\s*:\s*"(\\"|[^"])*"/gs, (m) =>
    m.replace(/\n/g, '\\n').replace(/\t/g, '\\t'),
  );
}

/** The payload's JSON (retried with control characters escaped), bounded as every request body; an object or 400. */
export function parseIncomingWebhookJson(app: App, text: string): IncomingWebhookRequest {
  const parseError = () => appError('model.incoming_hook.parse_data.app_error', 'IncomingWebhookRequestFromJSON');
  const violation = checkJsonText(text, requestJsonLimits(app.config()));
  if (violation) throw Errors.invalidBodyParam(violation.field || 'body');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    try {
      v = JSON.parse(escapeControlChars(text));
    } catch {
      throw parseError();
    }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw parseError();
  return v as IncomingWebhookRequest;
}

function mediaType(req: FastifyRequest): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

async function multipartPayload(app: App, req: FastifyRequest): Promise<IncomingWebhookRequest> {
  const out: Record<string, string> = {};
  const fieldSize = app.config().ServiceSettings.MaximumPayloadSizeBytes;
  // A payload is a handful of text fields: files and floods of fields are refused.
  for await (const part of req.parts({ limits: { fieldSize, fields: 32, files: 0, fileSize: 0 } })) {
    if (part.type !== 'field') continue;
    const key = MULTIPART_FIELDS[part.fieldname.toLowerCase()];
    if (key) out[key] = String(part.value ?? '');
  }
  return out as IncomingWebhookRequest;
}

async function payloadOf(app: App, req: FastifyRequest): Promise<IncomingWebhookRequest> {
  const type = mediaType(req);
  if (type === 'multipart/form-data') return multipartPayload(app, req);
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (type === 'application/x-www-form-urlencoded') return parseIncomingWebhookJson(app, new URLSearchParams(raw).get('payload') ?? '');
  return parseIncomingWebhookJson(app, raw);
}

/** Mounted on the root instance by server.ts. */
export function hooksPublicRoutes(f: FastifyInstance, app: App): void {
  void f.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    await scope.register(multipart);
    route(scope, app, 'POST', '/hooks/:hook_id', { auth: 'none' }, incomingWebhook);
  });
}

/** Answers 200 `ok` as text/plain (a Buffer, so no charset is appended). */
async function incomingWebhook(c: Ctx) {
  const hookId = c.param('hook_id');
  if (!/^[A-Za-z0-9]{1,64}$/.test(hookId)) throw appError('web.incoming_webhook.invalid.app_error', 'HandleIncomingWebhook');
  if (!c.app.config().ServiceSettings.EnableIncomingWebhooks)
    throw appError('web.incoming_webhook.disabled.app_error', 'HandleIncomingWebhook');
  await c.app.incomingWebhooks.executeIncomingWebhook(hookId, await payloadOf(c.app, c.req));
  return c.reply.code(200).header('content-type', 'text/plain').send(Buffer.from('ok'));
}
