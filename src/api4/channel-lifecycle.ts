// /api/v4/channels/{channel_id}: archive (DELETE) and restore.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, OK, route, type Ctx } from './context.ts';
import { Q } from './schemas.ts';

const DeleteQuery = Type.Object({ permanent: Q() });

export function channelLifecycleRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'DELETE', '/channels/:channel_id', { auth: 'session', query: DeleteQuery }, deleteChannel);
  route(f, app, 'POST', '/channels/:channel_id/restore', { auth: 'session' }, restoreChannel);
}

async function deleteChannel(c: Ctx<undefined, Static<typeof DeleteQuery>>) {
  await c.app.channelLifecycle.deleteChannel(c.actor, c.id('channel_id'), flag(c.query.permanent));
  return OK;
}

async function restoreChannel(c: Ctx) {
  return c.app.channelLifecycle.restoreChannel(c.actor, c.id('channel_id'));
}
