// /api/v4/channels/{id}/privacy and the founding /channels/{id}/convert (public → private).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { route, type Ctx } from './context.ts';

const Privacy = Type.Object({ privacy: Type.Union([Type.Literal('O'), Type.Literal('P')]) });

export function channelPrivacyRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'PUT', '/channels/:channel_id/privacy', { auth: 'session', body: Privacy }, updateChannelPrivacy);
  route(f, app, 'POST', '/channels/:channel_id/convert', { auth: 'session' }, convertChannelToPrivate);
}

/** Body `{"privacy": "O" | "P"}`; the permission depends on the target type. */
async function updateChannelPrivacy(c: Ctx<Static<typeof Privacy>>) {
  return c.app.channelPrivacy.updateChannelPrivacy(c.actor, c.id('channel_id'), c.body.privacy);
}

/** Removed from Mattermost in 6.0; kept for scripts written against 4.10–5.x. */
async function convertChannelToPrivate(c: Ctx) {
  return c.app.channelPrivacy.convertChannelToPrivate(c.actor, c.id('channel_id'));
}
