// Converting a channel between public and private, with its system post and events, as one transaction.
import { appError } from '../model/app-error.ts';
import type { Channel, UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import type { AppContext } from './context.ts';
import { insertPost } from './posts.ts';

export const PRIVACY_MESSAGES = {
  P: 'This channel has been converted to a Private Channel.',
  O: 'This channel has been converted to a Public Channel and can be joined by any team member.',
} as const;

/**
 * Sets the channel's type to `privacy` and writes the `system_change_chan_privacy` post in the same transaction: when
 * the post cannot be written the type change is rolled back and the post's error returned. After commit:
 * `channel_updated` to the channel, the post's `posted`, then `channel_converted` to the team. No "already" check
 * (setting the same value again succeeds and posts again), as Mattermost.
 */
export async function updateChannelPrivacy(
  ctx: AppContext,
  channel: Channel,
  privacy: 'O' | 'P',
  actor: UserWithSecrets,
): Promise<Channel> {
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
