// Channels: create (public, private, direct, group), change, and membership with its events and system posts.
import { appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import type { Channel, ChannelMember, UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import { isUniqueViolation, type Store } from '../store/store.ts';
import { newMemberRow } from '../store/sql/channels.ts';
import type { AppContext } from './context.ts';
import { insertPost } from './posts.ts';

const CHANNEL_NAME_RE = /^[a-z0-9]+([a-z0-9\-_]*[a-z0-9]+)?$/;

export interface NewChannel {
  team_id: string;
  name: string;
  display_name: string;
  type: 'O' | 'P';
  purpose?: string;
  header?: string;
  creator_id: string;
}

export function validateChannelFields(c: { name?: string; display_name?: string; purpose?: string; header?: string; type?: string }): void {
  // Wrong JSON types are a 400 naming the field, never a crash further down; null means "not given".
  for (const k of ['name', 'display_name', 'purpose', 'header', 'type'] as const) {
    const v = (c as Record<string, unknown>)[k];
    if (v !== undefined && v !== null && typeof v !== 'string') throw Errors.invalidBodyParam(k);
  }
  if (c.display_name != null && (c.display_name.trim().length === 0 || [...c.display_name].length > 64))
    throw appError('model.channel.is_valid.display_name.app_error', 'Channel.IsValid');
  if (c.name != null) {
    if (c.name.length < 1 || c.name.length > 64 || !CHANNEL_NAME_RE.test(c.name))
      throw appError('model.channel.is_valid.2_or_more.app_error', 'Channel.IsValid');
  }
  if (c.type != null && !['O', 'P', 'D', 'G'].includes(c.type)) throw appError('model.channel.is_valid.type.app_error', 'Channel.IsValid');
  if (c.header != null && [...c.header].length > 1024) throw appError('model.channel.is_valid.header.app_error', 'Channel.IsValid');
  if (c.purpose != null && [...c.purpose].length > 250) throw appError('model.channel.is_valid.purpose.app_error', 'Channel.IsValid');
}

/** A new live channel with zero counters; `fields` overrides the defaults (create_at defaults to now). */
export function blankChannel(fields: Partial<Channel> & Pick<Channel, 'team_id' | 'type' | 'name'>): Channel {
  const now = fields.create_at ?? Date.now();
  return {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    display_name: '',
    header: '',
    purpose: '',
    last_post_at: now,
    last_root_post_at: now,
    total_msg_count: 0,
    total_msg_count_root: 0,
    creator_id: '',
    scheme_id: null,
    group_constrained: null,
    shared: null,
    props: null,
    policy_id: null,
    ...fields,
  };
}

async function saveChannel(s: Store, ch: Channel): Promise<void> {
  try {
    await s.channels.save(ch);
  } catch (err) {
    if (isUniqueViolation(err)) throw appError('store.sql_channel.save_channel.exists.app_error', 'SaveChannel');
    throw err;
  }
}

/** Creates a public or private channel in a store (maybe a transaction); the creator (if any) joins as channel admin. */
export async function insertChannel(s: Store, input: NewChannel): Promise<Channel> {
  validateChannelFields(input);
  const ch = blankChannel({
    team_id: input.team_id,
    type: input.type,
    name: input.name,
    display_name: input.display_name,
    purpose: input.purpose ?? '',
    header: input.header ?? '',
    creator_id: input.creator_id,
  });
  await saveChannel(s, ch);
  if (input.creator_id) await s.channels.saveMember(newMemberRow(ch.id, input.creator_id, ch.create_at, true));
  return ch;
}

export async function createChannel(ctx: AppContext, input: NewChannel): Promise<Channel> {
  const ch = await ctx.store.tx((t) => insertChannel(t, input));
  ctx.caches.invalidate('channel', ch.id);
  ctx.events.invalidate('channel', ch.id);
  ctx.events.publish(wsEvent(WsEvents.ChannelCreated, { channel_id: ch.id, team_id: ch.team_id }, { userId: input.creator_id }));
  return ch;
}

export async function getChannelOr404(ctx: AppContext, channelId: string): Promise<Channel> {
  const ch = await ctx.store.channels.get(channelId);
  if (!ch) throw appError('app.channel.get.existing.app_error', 'GetChannel');
  return ch;
}

export function directChannelName(a: string, b: string): string {
  return a < b ? `${a}__${b}` : `${b}__${a}`;
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

/**
 * Adds a user to a channel in a store (maybe a transaction): the membership, the system post and the events to
 * publish after commit. `actorId` differs from the user when someone else adds them.
 */
export async function insertChannelMember(
  ctx: AppContext,
  s: Store,
  channel: Channel,
  user: UserWithSecrets,
  actor: UserWithSecrets | null,
  opts: { post?: boolean; postType?: string; postMessage?: string } = {},
): Promise<{ member: ChannelMember; events: WsEvent[] }> {
  const existing = await s.channels.getMember(channel.id, user.id);
  if (existing) return { member: existing, events: [] };
  const now = Date.now();
  await s.channels.saveMember(newMemberRow(channel.id, user.id, now));
  const member = (await s.channels.getMember(channel.id, user.id))!;
  const events: WsEvent[] = [wsEvent(WsEvents.UserAdded, { user_id: user.id, team_id: channel.team_id }, { channelId: channel.id })];
  ctx.caches.invalidate('channel', channel.id);
  if (opts.post !== false && channel.type !== 'D' && channel.type !== 'G') {
    const self = !actor || actor.id === user.id;
    const type = opts.postType ?? (self ? 'system_join_channel' : 'system_add_to_channel');
    const message =
      opts.postMessage ?? (self ? `${user.username} joined the channel.` : `${user.username} added to the channel by ${actor!.username}.`);
    const props: Record<string, unknown> = self
      ? { username: user.username }
      : { userId: actor!.id, username: actor!.username, addedUserId: user.id, addedUsername: user.username };
    const r = await insertPost(ctx, s, channel, { channel_id: channel.id, user_id: self ? user.id : actor!.id, message, type, props });
    events.push(...r.events);
  }
  return { member, events };
}

export async function addChannelMember(
  ctx: AppContext,
  channel: Channel,
  user: UserWithSecrets,
  actor: UserWithSecrets | null,
): Promise<ChannelMember> {
  if (channel.type === 'D' || channel.type === 'G') throw appError('api.channel.add_user_to_channel.type.app_error', 'addUserToChannel');
  if (channel.delete_at) throw appError('api.channel.update_channel.deleted.app_error', 'addUserToChannel');
  if (channel.team_id) {
    const tm = await ctx.store.teams.getMember(channel.team_id, user.id);
    if (!tm || tm.delete_at) throw appError('api.channel.add_user.to.channel.failed.deleted.app_error', 'addUserToChannel');
  }
  const { member, events } = await ctx.store.tx((t) => insertChannelMember(ctx, t, channel, user, actor));
  ctx.events.invalidate('channel', channel.id);
  for (const e of events) ctx.events.publish(e);
  return member;
}

/** Removes a user from a channel: system post, `user_removed` to the channel and to the user. */
export async function removeChannelMember(ctx: AppContext, channel: Channel, user: UserWithSecrets, actor: UserWithSecrets): Promise<void> {
  const self = actor.id === user.id;
  const events: WsEvent[] = [];
  await ctx.store.tx(async (t) => {
    const m = await t.channels.getMember(channel.id, user.id);
    if (!m) throw appError('app.channel.get_member.missing.app_error', 'removeUserFromChannel');
    await t.channels.removeMember(channel.id, user.id);
    ctx.caches.invalidate('channel', channel.id);
    if (channel.type === 'O' || channel.type === 'P') {
      const type = self ? 'system_leave_channel' : 'system_remove_from_channel';
      const message = self ? `@${user.username} left the channel.` : `@${user.username} removed from the channel.`;
      const props = self ? { username: user.username } : { removedUserId: user.id, removedUsername: user.username };
      const r = await insertPost(ctx, t, channel, { channel_id: channel.id, user_id: actor.id, message, type, props });
      events.push(...r.events);
    }
  });
  ctx.events.invalidate('channel', channel.id);
  ctx.events.publish(wsEvent(WsEvents.UserRemoved, { user_id: user.id, remover_id: actor.id }, { channelId: channel.id }));
  ctx.events.publish(wsEvent(WsEvents.UserRemoved, { channel_id: channel.id, remover_id: actor.id }, { userId: user.id }));
  for (const e of events) ctx.events.publish(e);
}

export interface ChannelPatch {
  display_name?: string;
  name?: string;
  header?: string;
  purpose?: string;
}

/** Patches a channel; header and purpose changes leave their system posts; publishes `channel_updated`. */
export async function patchChannel(ctx: AppContext, channel: Channel, patch: ChannelPatch, actor: UserWithSecrets): Promise<Channel> {
  if (channel.delete_at) throw appError('api.channel.update_channel.deleted.app_error', 'patchChannel');
  validateChannelFields(patch);
  const next: Channel = { ...channel, update_at: Date.now() };
  if (patch.display_name != null) next.display_name = patch.display_name;
  if (patch.name != null && channel.type !== 'D' && channel.type !== 'G') next.name = patch.name;
  if (patch.header != null) next.header = patch.header;
  if (patch.purpose != null) next.purpose = patch.purpose;
  const events: WsEvent[] = [];
  await ctx.store.tx(async (t) => {
    try {
      await t.channels.update(next);
    } catch (err) {
      if (isUniqueViolation(err)) throw appError('store.sql_channel.save_channel.exists.app_error', 'UpdateChannel');
      throw err;
    }
    // Header and purpose changes each leave Mattermost's system post (set, or removed with the old text).
    for (const field of ['header', 'purpose'] as const) {
      const value = patch[field];
      if (value == null || value === channel[field]) continue;
      const message = value
        ? `${actor.username} updated the channel ${field} to: ${value}`
        : `${actor.username} removed the channel ${field} (was: ${channel[field]})`;
      const r = await insertPost(ctx, t, next, {
        channel_id: next.id,
        user_id: actor.id,
        message,
        type: `system_${field}_change`,
        props: { username: actor.username, [`old_${field}`]: channel[field], [`new_${field}`]: value },
      });
      events.push(...r.events);
    }
    if (patch.display_name != null && patch.display_name !== channel.display_name) {
      const r = await insertPost(ctx, t, next, {
        channel_id: next.id,
        user_id: actor.id,
        message: `${actor.username} updated the channel display name from: ${channel.display_name} to: ${patch.display_name}`,
        type: 'system_displayname_change',
        props: { username: actor.username, old_displayname: channel.display_name, new_displayname: patch.display_name },
      });
      events.push(...r.events);
    }
  });
  // Name and display name are cached for the send path (posted events carry them).
  ctx.events.invalidate('channel', channel.id);
  const fresh = (await ctx.store.channels.get(channel.id))!;
  ctx.events.publish(wsEvent(WsEvents.ChannelUpdated, { channel: JSON.stringify(fresh) }, { channelId: fresh.id }));
  for (const e of events) ctx.events.publish(e);
  return fresh;
}

/** Marks channels viewed for a user; returns the previous last_viewed_at per channel. */
export async function viewChannel(
  ctx: AppContext,
  userId: string,
  channelId: string,
  prevChannelId: string,
): Promise<Record<string, number>> {
  const now = Date.now();
  const times: Record<string, number> = {};
  for (const id of [channelId, prevChannelId]) {
    if (!id || times[id] !== undefined) continue;
    const m = await ctx.store.channels.getMember(id, userId);
    if (!m) continue;
    await ctx.store.channels.markViewed(id, userId, now);
    times[id] = now;
  }
  if (Object.keys(times).length) ctx.events.publish(wsEvent(WsEvents.MultipleChannelsViewed, { channel_times: times }, { userId }));
  return times;
}
