// /api/v4 opengraph: a URL's OpenGraph data, for link previews (any signed-in user).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { route, type Ctx } from './context.ts';

/** Loose on purpose: Mattermost answers 501 (previews off) before it looks at the body, then 400 for a missing url. */
const OpenGraphBody = Type.Object({ url: Type.Optional(Type.Unknown()) });

export function opengraphRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/opengraph', { auth: 'session', body: OpenGraphBody }, getOpenGraphMetadata);
}

/** Body `{url}`; answers the page's OpenGraph JSON, or `{"url": ""}` when it could not be read. */
async function getOpenGraphMetadata(c: Ctx<Static<typeof OpenGraphBody>>) {
  const json = await c.app.opengraph.getOpenGraphMetadata(c.actor, c.body.url);
  return c.reply.header('Content-Type', 'application/json').send(json);
}
