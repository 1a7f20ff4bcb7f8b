// Member counts of several channels at once (POST /channels/stats/member_count), for the channel browser.
import { Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Actor } from './actor.ts';
import { canReadChannel } from './authz.ts';
import type { AppContext } from './context.ts';

/**
 * channel id → active member count, for channels the actor may read (a member's, or an open channel of one of their
 * teams); 403 when any of them is not readable; unknown ids are left out, as Mattermost's map does.
 */
export async function getChannelsMemberCount(ctx: AppContext, actor: Actor, channelIds: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const id of new Set(channelIds)) {
    const ch = await ctx.caches.channel(id);
    if (!ch) continue;
    if (!(await canReadChannel(ctx, actor, ch))) throw Errors.forbidden('getChannelsMemberCount', actor.userId, Permissions.READ_CHANNEL);
    out[id] = await ctx.store.channels.countMembers(id);
  }
  return out;
}
