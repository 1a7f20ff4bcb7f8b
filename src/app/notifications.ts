// Notification use-cases for entry points: a member's channel notify props, and the mobile app's push receipts.
// The queue and the senders live in app/notifications/.
import { appError } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { requireChannelRead, requireSelfOr } from './authz.ts';
import type { AppContext } from './context.ts';
import { channelNotifyPatch, MAX_CHANNEL_NOTIFY_PROPS } from './notifications/notify-props.ts';
import { forwardAck, pushEnabled } from './notifications/push.ts';
import { forgetPushAll } from './notifications/queue.ts';
import { forgetDesktopAll } from './notifications/desktop-ack.ts';

/**
 * PUT /channels/{channel_id}/members/{user_id}/notify_props: the user themselves or `edit_other_users`; the kept
 * keys are checked and merged into the member's props; `channel_member_updated` goes to the user.
 */
export async function updateChannelMemberNotifyProps(
  ctx: AppContext,
  actor: Actor,
  channelId: string,
  userId: string,
  body: Record<string, unknown>,
): Promise<void> {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'updateChannelMemberNotifyProps');
  const patch = channelNotifyPatch(body);
  const member = await ctx.store.channels.getMember(channelId, userId);
  if (!member) throw appError('app.channel.get_member.missing.app_error', 'updateChannelMemberNotifyProps');
  const props = { ...member.notify_props, ...patch };
  if ([...JSON.stringify(props)].length > MAX_CHANNEL_NOTIFY_PROPS)
    throw appError('model.channel_member.is_valid.notify_props.app_error', 'updateChannelMemberNotifyProps');
  const now = Date.now();
  if (!(await ctx.store.notifications.setMemberNotifyProps(channelId, userId, props, now)))
    throw appError('app.channel.get_member.missing.app_error', 'updateChannelMemberNotifyProps');
  const wire = { ...member, notify_props: props, last_update_at: now };
  forgetPushAll(ctx, channelId);
  forgetDesktopAll(ctx, channelId);
  ctx.events.publish(wsEvent(WsEvents.ChannelMemberUpdated, { channelMember: JSON.stringify(wire) }, { userId }));
}

export interface PushAck {
  id?: unknown;
  received_at?: unknown;
  platform?: unknown;
  type?: unknown;
  post_id?: unknown;
  is_id_loaded?: unknown;
}

/**
 * POST /notifications/ack: forwarded to the push proxy's /api/v1/ack. A receipt of an id-loaded push
 * (`is_id_loaded`) asks for the message itself: as on a Mattermost server without the enterprise notification
 * service, a failed forward is only logged, a message push's post must be readable (404/403), and the message is
 * not available (302); other id-loaded receipts answer nothing (undefined: an empty 200).
 */
export async function ackPushNotification(ctx: AppContext, actor: Actor, ack: PushAck): Promise<{ status: 'OK' } | undefined> {
  if (!pushEnabled(ctx.config())) throw appError('api.push_notification.disabled.app_error', 'pushNotificationAck');
  const str = (v: unknown, max: number) => v === undefined || (typeof v === 'string' && v.length <= max);
  if (
    typeof ack.id !== 'string' ||
    !ack.id ||
    ack.id.length > 64 ||
    !str(ack.platform, 32) ||
    !str(ack.type, 32) ||
    !str(ack.post_id, 26) ||
    (ack.received_at !== undefined && typeof ack.received_at !== 'number')
  )
    throw appError('api.push_notifications_ack.message.parse.app_error', 'pushNotificationAck');
  const forwarded = {
    id: ack.id,
    received_at: typeof ack.received_at === 'number' ? ack.received_at : 0,
    platform: ack.platform ?? '',
    type: typeof ack.type === 'string' ? ack.type : '',
    post_id: typeof ack.post_id === 'string' ? ack.post_id : '',
    is_id_loaded: ack.is_id_loaded === true,
  };
  const sent = await forwardAck(ctx, forwarded);
  if (forwarded.is_id_loaded) {
    if (!sent)
      ctx.log.error({ ack_id: forwarded.id, type: forwarded.type, post_id: forwarded.post_id }, 'notification ack not sent to push proxy');
    if (forwarded.post_id && forwarded.type === 'message') {
      const post = await ctx.store.posts.get(forwarded.post_id);
      if (!post) throw appError('app.post.get.app_error', 'GetSinglePost');
      await requireChannelRead(ctx, actor, post.channel_id);
      throw appError('api.system.id_loaded.not_available.app_error', 'pushNotificationAck');
    }
    return undefined;
  }
  if (!sent) throw appError('api.push_notifications_ack.forward.app_error', 'pushNotificationAck');
  return { status: 'OK' };
}
