// /api/v4 notification routes: a member's channel notify props and the mobile app's push notification receipts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, route, type Ctx } from './context.ts';
import { AnyObject } from './schemas.ts';

const NotifyProps = AnyObject();
const Ack = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  received_at: Type.Optional(Type.Number()),
  platform: Type.Optional(Type.String({ maxLength: 32 })),
  type: Type.Optional(Type.String({ maxLength: 32 })),
  post_id: Type.Optional(Type.String({ maxLength: 26 })),
  is_id_loaded: Type.Optional(Type.Boolean()),
});

export function notificationsRoutes(f: FastifyInstance, app: App): void {
  route(
    f,
    app,
    'PUT',
    '/channels/:channel_id/members/:user_id/notify_props',
    { auth: 'session', body: NotifyProps },
    updateChannelMemberNotifyProps,
  );
  route(f, app, 'POST', '/notifications/ack', { auth: 'session', body: Ack }, pushNotificationAck);
}

async function updateChannelMemberNotifyProps(c: Ctx<Static<typeof NotifyProps>>) {
  await c.app.notifications.updateChannelMemberNotifyProps(c.actor, c.id('channel_id'), c.id('user_id'), c.body);
  return OK;
}

async function pushNotificationAck(c: Ctx<Static<typeof Ack>>) {
  return c.app.notifications.ackPushNotification(c.actor, c.body);
}
