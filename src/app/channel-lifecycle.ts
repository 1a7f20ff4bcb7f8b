// Archiving and restoring channels: the system post, the delete_at change and the events, in one transaction.
import { appError } from '../model/app-error.ts';
import { DEFAULT_CHANNEL, type Channel, type UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import type { AppContext } from './context.ts';
import { insertPost } from './posts.ts';

/**
 * Archives (soft-deletes) a public or private channel: `system_channel_deleted` post, then delete_at; publishes
 * `channel_deleted` to the team and to the channel. Town Square and archived channels are refused.
 */
export async function archiveChannel(ctx: AppContext, channel: Channel, actor: UserWithSecrets): Promise<void> {
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
export async function restoreChannel(ctx: AppContext, channel: Channel, actor: UserWithSecrets): Promise<Channel> {
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
