// Presence rules on top of status.ts: away only after real inactivity, DND that ends by itself, and typing.
import { appError } from '../model/app-error.ts';
import { isValidId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { Status } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { hasChannelPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { forgetStatus, getStatus, setStatus } from './status.ts';

/**
 * A client reports its user inactive (`user_update_active_status` with `user_is_active: false`). As Mattermost's
 * SetStatusAwayIfNeeded: a manual status wins over an automatic change, and an automatic away needs the last activity
 * to be at least TeamSettings.UserStatusAwayTimeout seconds old. `manual` sets away at once.
 */
export async function setStatusAwayIfNeeded(ctx: AppContext, userId: string, manual: boolean, now = Date.now()): Promise<Status> {
  const cur = await getStatus(ctx, userId);
  if (!manual) {
    if (cur.manual || cur.status === 'away') return cur;
    const timeoutMs = (ctx.config().TeamSettings.UserStatusAwayTimeout ?? 300) * 1000;
    if (now - cur.last_activity_at < timeoutMs) return cur;
  }
  return setStatus(ctx, userId, 'away', { manual });
}

/**
 * A client says its user is active (online, at once) or inactive (away if needed, see setStatusAwayIfNeeded): the
 * websocket's `user_update_active_status`.
 */
export async function updateUserActiveStatus(ctx: AppContext, actor: Actor, active: boolean, manual: boolean): Promise<Status> {
  if (active) return setStatus(ctx, actor.userId, 'online', { manual });
  return setStatusAwayIfNeeded(ctx, actor.userId, manual);
}

/**
 * The actor is typing in a channel (or a thread of it, `parentId`): `typing` to the channel's other members. Needs
 * create_post there; a bad id and a missing permission are the same answer, as in Mattermost.
 */
export async function publishUserTyping(ctx: AppContext, actor: Actor, channelId: string, parentId: string): Promise<void> {
  if (!isValidId(channelId) || !(await hasChannelPermission(ctx, actor, channelId, Permissions.CREATE_POST)))
    throw appError('api.websocket_handler.invalid_param.app_error', 'userTyping', { params: { Name: 'channel_id' } });
  ctx.events.publish(wsEvent(WsEvents.Typing, { parent_id: parentId, user_id: actor.userId }, { channelId, omitUsers: [actor.userId] }));
}

/** Returns expired DND statuses to what they were before DND and tells each user (`status_change`). */
export async function expireDndStatuses(ctx: AppContext, now = Date.now()): Promise<Status[]> {
  const expired = await ctx.store.status.expireDnd(Math.floor(now / 1000));
  for (const s of expired) {
    forgetStatus(ctx, s.user_id);
    ctx.events.publish(wsEvent(WsEvents.StatusChange, { status: s.status, user_id: s.user_id }, { userId: s.user_id }));
  }
  return expired;
}

/** Runs the DND sweep every minute (Mattermost's job cadence; end times are whole minutes). Returns the stop function. */
export function startPresenceSweeper(ctx: AppContext, everyMs = 60_000): () => void {
  const timer = setInterval(() => void expireDndStatuses(ctx).catch((err) => ctx.log.warn({ err }, 'dnd sweep failed')), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
