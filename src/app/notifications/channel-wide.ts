// Whether a post's @channel/@all/@here may notify: the sender needs `use_channel_mentions` in the channel and the
// channel must not have more members than TeamSettings.MaxNotificationsPerChannel (the sender is told otherwise).
import { Permissions } from '../../model/roles.ts';
import type { Channel } from '../../model/types.ts';
import type { Store } from '../../store/store.ts';
import { integrationActor } from '../actor.ts';
import { hasChannelPermission } from '../authz.ts';
import type { AppContext } from '../context.ts';
import type { MentionOptions } from '../mentions.ts';

/** Only asked when the message has a channel-wide key (channelMentionOptions then set its ignore list). */
export async function channelWideAllowed(
  ctx: AppContext,
  s: Store,
  channel: Channel,
  senderId: string,
  memberCount: number,
  opts: MentionOptions,
): Promise<boolean> {
  if (!opts.ignoreChannelMentions) return true;
  if (memberCount > ctx.config().TeamSettings.MaxNotificationsPerChannel) return false;
  const sender = await s.users.get(senderId);
  if (!sender) return false;
  return hasChannelPermission(ctx, integrationActor(sender.id, sender.roles), channel.id, Permissions.USE_CHANNEL_MENTIONS);
}
