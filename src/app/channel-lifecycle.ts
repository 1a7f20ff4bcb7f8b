// Archiving and restoring channels: the system post, the delete_at change and the events, in one transaction.
import { appError } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import { DEFAULT_CHANNEL, type Channel, type UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { requireChannelPermission, requireTeamPermission } from './authz.ts';
import { getChannelOr404 } from './channels.ts';
import type { AppContext } from './context.ts';
import { insertPost } from './posts.ts';
import { getUserOr404 } from './users.ts';
import { auditPath, recordAudit } from './audits.ts';

/**
 * Archives a public or private channel with `delete_{public,private}_channel`. Permanent deletion is not offered:
 * asking for it is refused after the permission check.
 */
export async function deleteChannel(ctx: AppContext, actor: Actor, channelId: string, permanent: boolean): Promise<void> {
  const ch = await getChannelOr404(ctx, channelId);
  if (ch.type === 'D' || ch.type === 'G') throw appError('api.channel.delete_channel.type.invalid', 'deleteChannel');
  const perm = ch.type === 'O' ? Permissions.DELETE_PUBLIC_CHANNEL : Permissions.DELETE_PRIVATE_CHANNEL;
  await requireChannelPermission(ctx, actor, ch.id, perm, 'deleteChannel');
  if (permanent) throw appError('api.user.delete_channel.not_enabled.app_error', 'deleteChannel', { detailed: 'channelId=' + ch.id });
  await archiveChannel(ctx, ch, await getUserOr404(ctx, actor.userId));
  await recordAudit(ctx, actor, auditPath(`/channels/${ch.id}`), `name=${ch.name}`);
}

/** Unarchives a channel; needs `manage_team` in its team. */
export async function restoreChannel(ctx: AppContext, actor: Actor, channelId: string): Promise<Channel> {
  const ch = await getChannelOr404(ctx, channelId);
  await requireTeamPermission(ctx, actor, ch.team_id, Permissions.MANAGE_TEAM, 'restoreChannel');
  return unarchiveChannel(ctx, ch, await getUserOr404(ctx, actor.userId));
}

/**
 * Archives (soft-deletes) a public or private channel: `system_channel_deleted` post, then delete_at; publishes
 * `channel_deleted` to the team and to the channel. Town Square and archived channels are refused.
 */
async function archiveChannel(ctx: AppContext, channel: Channel, actor: UserWithSecrets): Promise<void> {
  if (channel.type === 'D' || channel.type === 'G') throw appError('api.channel.delete_channel.type.invalid', 'deleteChannel');
  if (channel.delete_at > 0) throw appError('api.channel.delete_channel.deleted.app_error', 'deleteChannel');
  if (channel.name === DEFAULT_CHANNEL)
    throw appError('api.channel.delete_channel.cannot.app_error', 'deleteChannel', { params: { Channel: DEFAULT_CHANNEL } });
  const events: WsEvent[] = [];
  let deleteAt = 0;
  await ctx.store.tx(async (t) => {
    const r = await insertPost(ctx, t, channel, {
      channel_id: channel.id,
      user_id: actor.id,
      message: `${actor.username} archived the channel.`,
      type: 'system_channel_deleted',
      props: { username: actor.username },
    });
    events.push(...r.events);
    deleteAt = Math.max(Date.now(), r.post.create_at);
    await t.channels.update({ ...channel, delete_at: deleteAt, update_at: deleteAt });
  });
  // The send path caches channels: posting to an archived channel must fail from now on, on every node.
  ctx.events.invalidate('channel', channel.id);
  for (const e of events) ctx.events.publish(e);
  const data = { channel_id: channel.id, delete_at: deleteAt };
  ctx.events.publish(wsEvent(WsEvents.ChannelDeleted, data, { teamId: channel.team_id }));
  ctx.events.publish(wsEvent(WsEvents.ChannelDeleted, data, { channelId: channel.id }));
}

/** Restores an archived channel with a `system_channel_restored` post; publishes `channel_restored`. */
async function unarchiveChannel(ctx: AppContext, channel: Channel, actor: UserWithSecrets): Promise<Channel> {
  if (channel.type === 'D' || channel.type === 'G')
    throw appError('api.channel.restore_channel.unarchive_channel.app_error', 'restoreChannel');
  if (channel.delete_at === 0) throw appError('api.channel.restore_channel.restored.app_error', 'restoreChannel');
  const restored: Channel = { ...channel, delete_at: 0, update_at: Date.now() };
  const events: WsEvent[] = [];
  await ctx.store.tx(async (t) => {
    await t.channels.update(restored);
    const r = await insertPost(ctx, t, restored, {
      channel_id: channel.id,
      user_id: actor.id,
      message: `${actor.username} unarchived the channel.`,
      type: 'system_channel_restored',
      props: { username: actor.username },
    });
    events.push(...r.events);
  });
  ctx.events.invalidate('channel', channel.id);
  const fresh = (await ctx.store.channels.get(channel.id)) ?? restored;
  for (const e of events) ctx.events.publish(e);
  ctx.events.publish(wsEvent(WsEvents.ChannelRestored, { channel_id: channel.id }, { teamId: channel.team_id }));
  ctx.events.publish(wsEvent(WsEvents.ChannelRestored, { channel_id: channel.id }, { channelId: channel.id }));
  return fresh;
}
