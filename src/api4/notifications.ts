// /api/v4 notification routes: a member's channel notify props and the mobile app's push notification receipts.
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, route, type Ctx } from './context.ts';
import { AnyObject } from './schemas.ts';

const NotifyProps = AnyObject();
/** Checked by the use-case, which answers Mattermost's parse error for a malformed receipt. */
const Ack = AnyObject();

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
  const out = await c.app.notifications.ackPushNotification(c.actor, c.body);
  // An id-loaded receipt without a message to fetch: Mattermost answers 200 with an empty body.
  return out ?? c.reply.code(200).send();
}
