// Converting a channel between public and private, with its system post and events, as one transaction.
import { appError } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel, UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { requireChannelPermission } from './authz.ts';
import { getChannelOr404 } from './channels.ts';
import type { AppContext } from './context.ts';
import { insertPost } from './posts.ts';
import { getUserOr404 } from './users.ts';

export const PRIVACY_MESSAGES = {
  P: 'This channel has been converted to a Private Channel.',
  O: 'This channel has been converted to a Public Channel and can be joined by any team member.',
} as const;

/** Makes a channel private (`P`) or public (`O`): `convert_public_channel_to_private` or the reverse. */
export async function updateChannelPrivacy(ctx: AppContext, actor: Actor, channelId: string, privacy: 'O' | 'P'): Promise<Channel> {
  const channel = await getChannelOr404(ctx, channelId);
  const perm = privacy === 'P' ? Permissions.CONVERT_PUBLIC_CHANNEL_TO_PRIVATE : Permissions.CONVERT_PRIVATE_CHANNEL_TO_PUBLIC;
  await requireChannelPermission(ctx, actor, channel.id, perm, 'updateChannelPrivacy');
  return setChannelPrivacy(ctx, channel, privacy, await getUserOr404(ctx, actor.userId));
}

/** Removed from Mattermost in 6.0 (kept for scripts written against 4.10–5.x): public → private only. */
export async function convertChannelToPrivate(ctx: AppContext, actor: Actor, channelId: string): Promise<Channel> {
  const channel = await getChannelOr404(ctx, channelId);
  await requireChannelPermission(ctx, actor, channel.id, Permissions.CONVERT_PUBLIC_CHANNEL_TO_PRIVATE, 'convertChannelToPrivate');
  if (channel.type === 'P') throw appError('api.channel.convert_channel_to_private.private_channel_error', 'convertChannelToPrivate');
  if (channel.name === 'town-square')
    throw appError('api.channel.convert_channel_to_private.default_channel_error', 'convertChannelToPrivate');
  return setChannelPrivacy(ctx, channel, 'P', await getUserOr404(ctx, actor.userId));
}

/**
 * Sets the channel's type to `privacy` and writes the `system_change_chan_privacy` post in the same transaction: when
 * the post cannot be written the type change is rolled back and the post's error returned. After commit:
 * `channel_updated` to the channel, the post's `posted`, then `channel_converted` to the team. No "already" check
 * (setting the same value again succeeds and posts again), as Mattermost.
 */
async function setChannelPrivacy(ctx: AppContext, channel: Channel, privacy: 'O' | 'P', actor: UserWithSecrets): Promise<Channel> {
  if (channel.type === 'D' || channel.type === 'G')
    throw appError('api.channel.update_channel.typechange.app_error', 'updateChannelPrivacy');
  if (privacy === 'P' && channel.name === 'town-square')
    throw appError('api.channel.update_channel_privacy.default_channel_error', 'updateChannelPrivacy');
  const next: Channel = { ...channel, type: privacy, update_at: Date.now() };
  const events: WsEvent[] = [];
  await ctx.store.tx(async (t) => {
    await t.channels.update(next);
    const r = await insertPost(ctx, t, next, {
      channel_id: next.id,
      user_id: actor.id,
      message: PRIVACY_MESSAGES[privacy],
      type: 'system_change_chan_privacy',
      props: { username: actor.username },
    });
    events.push(...r.events);
  });
  ctx.events.invalidate('channel', channel.id);
  const fresh = (await ctx.store.channels.get(channel.id))!;
  ctx.events.publish(wsEvent(WsEvents.ChannelUpdated, { channel: JSON.stringify(fresh) }, { channelId: fresh.id }));
  for (const e of events) ctx.events.publish(e);
  ctx.events.publish(wsEvent(WsEvents.ChannelConverted, { channel_id: fresh.id }, { teamId: fresh.team_id }));
  return fresh;
}
