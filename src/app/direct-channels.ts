// Direct and group messages: the one channel per pair (or group) of users, made on first use.
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel, UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import { isUniqueViolation } from '../store/store.ts';
import { newMemberRow } from '../store/sql/channels.ts';
import type { Actor } from './actor.ts';
import { requireCanSeeUsers, requireSystemPermission } from './authz.ts';
import { blankChannel, directChannelName, saveChannel } from './channels.ts';
import type { AppContext } from './context.ts';
import { getUserOr404 } from './users.ts';

/**
 * The DM between two users (one id: the user's own DM), made when missing: the actor must be one of them unless they
 * have `manage_system`, and needs `create_direct_channel`.
 */
export async function createDirectChannel(ctx: AppContext, actor: Actor, userIds: string[]): Promise<Channel> {
  const ids = [...new Set(userIds)];
  const [a, b] = ids.length === 1 ? [ids[0], ids[0]] : ids;
  if (a !== actor.userId && b !== actor.userId) requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'createDirectChannel');
  requireSystemPermission(ctx, actor, Permissions.CREATE_DIRECT_CHANNEL, 'createDirectChannel');
  await requireCanSeeUsers(ctx, actor, userIds, 'createDirectChannel');
  await getUserOr404(ctx, a);
  await getUserOr404(ctx, b);
  const self = actor.userId === b;
  return (await getOrCreateDirectChannel(ctx, self ? b : a, self ? a : b)).channel;
}

/** The GM of the actor and up to 7 others (3 to 8 users in all), made when missing; needs `create_group_channel`. */
export async function createGroupChannel(ctx: AppContext, actor: Actor, userIds: string[]): Promise<Channel> {
  requireSystemPermission(ctx, actor, Permissions.CREATE_GROUP_CHANNEL, 'createGroupChannel');
  await requireCanSeeUsers(ctx, actor, userIds, 'createGroupChannel');
  const all = [...new Set([...userIds, actor.userId])];
  const users = await ctx.store.users.getMany(all);
  if (users.length !== all.length) throw Errors.invalidBodyParam('user_ids');
  return (await getOrCreateGroupChannel(ctx, actor.userId, users)).channel;
}

/** Gets or creates the DM channel between two users; `direct_added` goes to the channel on creation. */
export async function getOrCreateDirectChannel(
  ctx: AppContext,
  userA: string,
  userB: string,
): Promise<{ channel: Channel; created: boolean }> {
  const name = directChannelName(userA, userB);
  const existing = await ctx.store.channels.getByName('', name);
  if (existing) return { channel: existing, created: false };
  const ch = blankChannel({ team_id: '', type: 'D', name, creator_id: userA });
  try {
    await ctx.store.tx(async (t) => {
      await t.channels.save(ch);
      await t.channels.saveMember(newMemberRow(ch.id, userA, ch.create_at));
      if (userB !== userA) await t.channels.saveMember(newMemberRow(ch.id, userB, ch.create_at));
    });
  } catch (err) {
    // Two requests raced to create the same DM: the other one won, use its channel.
    const again = isUniqueViolation(err) ? await ctx.store.channels.getByName('', name) : undefined;
    if (again) return { channel: again, created: false };
    throw err;
  }
  ctx.events.invalidate('channel', ch.id);
  ctx.events.publish(wsEvent(WsEvents.DirectAdded, { creator_id: userA, teammate_id: userB }, { channelId: ch.id }));
  return { channel: ch, created: true };
}

/** Group message channel: its name is a hash of the sorted member ids, so the same group maps to one channel. */
export async function getOrCreateGroupChannel(
  ctx: AppContext,
  creatorId: string,
  users: UserWithSecrets[],
): Promise<{ channel: Channel; created: boolean }> {
  if (users.length < 3 || users.length > 8) throw appError('api.channel.create_group.bad_size.app_error', 'CreateGroupChannel');
  const ids = users.map((u) => u.id).sort();
  const { createHash } = await import('node:crypto');
  const name = createHash('sha1').update(ids.join(',')).digest('hex');
  const existing = await ctx.store.channels.getByName('', name);
  if (existing) return { channel: existing, created: false };
  const display = users
    .map((u) => u.username)
    .sort()
    .join(', ');
  const ch = blankChannel({ team_id: '', type: 'G', name, display_name: display, creator_id: creatorId });
  await ctx.store.tx(async (t) => {
    await saveChannel(t, ch);
    for (const id of ids) await t.channels.saveMember(newMemberRow(ch.id, id, ch.create_at));
  });
  ctx.events.invalidate('channel', ch.id);
  for (const id of ids)
    ctx.events.publish(wsEvent(WsEvents.GroupAdded, { teammate_ids: JSON.stringify(ids) }, { channelId: ch.id, userId: id }));
  return { channel: ch, created: true };
}
