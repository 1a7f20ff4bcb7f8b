// Channels: create a public or private one, read it (by id or name), list them, change it, its stats; the membership
// row and system post a join writes (used by team joins too). Member use-cases are in channel-members.ts, DMs and GMs
// in direct-channels.ts.
import { appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel, ChannelMember, UserWithSecrets } from '../model/types.ts';
import { wsEvent, WsEvents, type WsEvent } from '../model/ws-events.ts';
import { isUniqueViolation, type Store } from '../store/store.ts';
import { newMemberRow } from '../store/sql/channels.ts';
import type { Actor } from './actor.ts';
import {
  requireChannelRead,
  requireManageChannelProperties,
  requireSelfOr,
  requireTeamPermission,
  requireUserInTeamView,
} from './authz.ts';
import type { AppContext } from './context.ts';
import { insertPost } from './posts.ts';
import { getUserOr404 } from './users.ts';

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

type Text = string | null;

export function validateChannelFields(c: { name?: Text; display_name?: Text; purpose?: Text; header?: Text; type?: Text }): void {
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

export async function saveChannel(s: Store, ch: Channel): Promise<void> {
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

/** What a client sends to create a channel (Mattermost's model.Channel, the fields read here). */
export interface CreateChannelInput {
  team_id?: Text;
  name?: Text;
  display_name?: Text;
  type?: Text;
  purpose?: Text;
  header?: Text;
}

/**
 * Creates a public (default) or private channel in a live team with `create_{public,private}_channel`; the creator
 * joins as its admin; `channel_created` goes to them.
 */
export async function createChannel(ctx: AppContext, actor: Actor, input: CreateChannelInput): Promise<Channel> {
  if (input.team_id == null) throw Errors.invalidBodyParam('team_id');
  const type = input.type || 'O';
  if (type === 'D' || type === 'G') throw appError('api.channel.create_channel.direct_channel.app_error', 'createChannel');
  if (type !== 'O' && type !== 'P') throw appError('model.channel.is_valid.type.app_error', 'Channel.IsValid');
  if (input.name == null) throw Errors.invalidBodyParam('name');
  if (input.display_name == null) throw Errors.invalidBodyParam('display_name');
  const perm = type === 'O' ? Permissions.CREATE_PUBLIC_CHANNEL : Permissions.CREATE_PRIVATE_CHANNEL;
  await requireTeamPermission(ctx, actor, input.team_id, perm, 'createChannel');
  const team = await ctx.store.teams.get(input.team_id);
  if (!team || team.delete_at) throw appError('app.team.get.find.app_error', 'createChannel');
  const fields: NewChannel = {
    team_id: input.team_id,
    name: input.name,
    display_name: input.display_name,
    type,
    purpose: input.purpose ?? '',
    header: input.header ?? '',
    creator_id: actor.userId,
  };
  const ch = await ctx.store.tx((t) => insertChannel(t, fields));
  ctx.caches.invalidate('channel', ch.id);
  ctx.events.invalidate('channel', ch.id);
  ctx.events.publish(wsEvent(WsEvents.ChannelCreated, { channel_id: ch.id, team_id: ch.team_id }, { userId: actor.userId }));
  return ch;
}

export async function getChannelOr404(ctx: AppContext, channelId: string): Promise<Channel> {
  const ch = await ctx.store.channels.get(channelId);
  if (!ch) throw appError('app.channel.get.existing.app_error', 'GetChannel');
  return ch;
}

/** The channel with its current counters, if the actor may read it (404, else 403). */
export function getChannel(ctx: AppContext, actor: Actor, channelId: string): Promise<Channel> {
  return requireChannelRead(ctx, actor, channelId, { fresh: true });
}

/** A channel of the team by name; an archived one only with `includeDeleted`. */
export async function getChannelByName(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  name: string,
  includeDeleted: boolean,
): Promise<Channel> {
  const ch = await ctx.store.channels.getByName(teamId, name);
  if (!ch || (ch.delete_at && !includeDeleted)) throw appError('app.channel.get_by_name.missing.app_error', 'GetChannelByName');
  return getChannel(ctx, actor, ch.id);
}

/** The same, the team named by its name. */
export async function getChannelByNameForTeamName(
  ctx: AppContext,
  actor: Actor,
  teamName: string,
  name: string,
  includeDeleted: boolean,
): Promise<Channel> {
  const team = await ctx.store.teams.getByName(teamName);
  if (!team) throw appError('app.team.get_by_name.missing.app_error', 'GetTeamByName');
  return getChannelByName(ctx, actor, team.id, name, includeDeleted);
}

/** Member, guest, pinned-post and file counts of a channel the actor may read. */
export async function getChannelStats(ctx: AppContext, actor: Actor, channelId: string) {
  const ch = await requireChannelRead(ctx, actor, channelId);
  const counts = await ctx.store.channels.counts(ch.id);
  return {
    channel_id: ch.id,
    member_count: await ctx.store.channels.countMembers(ch.id),
    guest_count: 0,
    pinnedpost_count: counts.pinned,
    files_count: counts.files,
  };
}

export function directChannelName(a: string, b: string): string {
  return a < b ? `${a}__${b}` : `${b}__${a}`;
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

export interface ChannelPatch {
  display_name?: Text;
  name?: Text;
  header?: Text;
  purpose?: Text;
}

/** Patches a channel the actor may manage the properties of (only the fields given change). */
export async function patchChannel(ctx: AppContext, actor: Actor, channelId: string, patch: ChannelPatch): Promise<Channel> {
  const ch = await getChannelOr404(ctx, channelId);
  await requireManageChannelProperties(ctx, actor, ch);
  return applyChannelPatch(ctx, ch, patch, await getUserOr404(ctx, actor.userId));
}

/** Updates a channel from the whole channel object a client sends: its `id` must be the path's. */
export async function updateChannel(
  ctx: AppContext,
  actor: Actor,
  channelId: string,
  body: ChannelPatch & { id?: unknown },
): Promise<Channel> {
  const ch = await getChannelOr404(ctx, channelId);
  if (body.id !== ch.id) throw Errors.invalidBodyParam('channel_id');
  await requireManageChannelProperties(ctx, actor, ch);
  const { display_name, name, header, purpose } = body;
  return applyChannelPatch(ctx, ch, { display_name, name, header, purpose }, await getUserOr404(ctx, actor.userId));
}

/** Patches a channel; header and purpose changes leave their system posts; publishes `channel_updated`. */
async function applyChannelPatch(ctx: AppContext, channel: Channel, patch: ChannelPatch, actor: UserWithSecrets): Promise<Channel> {
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

type Paging = { page: number; perPage: number };

/** A page of the team's live public channels; needs `list_team_channels`. */
export function getPublicChannelsForTeam(ctx: AppContext, actor: Actor, teamId: string, paging: Paging): Promise<Channel[]> {
  return publicChannelsPage(ctx, actor, teamId, paging, false, 'getPublicChannelsForTeam');
}

/** A page of the team's archived public channels; needs `list_team_channels`. */
export function getDeletedChannelsForTeam(ctx: AppContext, actor: Actor, teamId: string, paging: Paging): Promise<Channel[]> {
  return publicChannelsPage(ctx, actor, teamId, paging, true, 'getDeletedChannelsForTeam');
}

async function publicChannelsPage(ctx: AppContext, actor: Actor, teamId: string, paging: Paging, deleted: boolean, where: string) {
  await requireTeamPermission(ctx, actor, teamId, Permissions.LIST_TEAM_CHANNELS, where);
  const { page, perPage } = paging;
  return ctx.store.channels.listPublic(teamId, { offset: page * perPage, limit: perPage, deleted });
}

/** Those of the channels that are public channels of the team; needs `view_team`. */
export async function getPublicChannelsByIds(ctx: AppContext, actor: Actor, teamId: string, channelIds: string[]): Promise<Channel[]> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'getPublicChannelsByIds');
  const chans = await ctx.store.channels.getMany([...new Set(channelIds)]);
  return chans.filter((ch) => ch.team_id === teamId && ch.type === 'O');
}

/** Up to 50 channels of the team matching `name`: public ones and the actor's private ones. */
export async function autocompleteChannelsForTeam(ctx: AppContext, actor: Actor, teamId: string, name: string): Promise<Channel[]> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.LIST_TEAM_CHANNELS, 'autocompleteChannelsForTeam');
  return ctx.store.channels.searchInTeam(teamId, name, { publicOnly: false, memberOf: actor.userId, limit: 50 });
}

/** Up to 100 public channels of the team matching `term`. */
export async function searchChannels(ctx: AppContext, actor: Actor, teamId: string, term: string): Promise<Channel[]> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.LIST_TEAM_CHANNELS, 'searchChannels');
  return ctx.store.channels.searchInTeam(teamId, term, { publicOnly: true, limit: 100 });
}

/** The user's channels in a team (yourself, or `manage_system`; `view_team` there). */
export async function getChannelsForTeamForUser(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  teamId: string,
  includeDeleted: boolean,
): Promise<Channel[]> {
  await requireUserInTeamView(ctx, actor, userId, teamId, 'getChannelsForTeamForUser');
  return ctx.store.channels.listForUser(userId, teamId, includeDeleted);
}

/** All the user's channels, DMs and GMs included (yourself, or `manage_system`). */
export async function getChannelsForUser(ctx: AppContext, actor: Actor, userId: string, includeDeleted: boolean): Promise<Channel[]> {
  requireSelfOr(ctx, actor, userId, Permissions.MANAGE_SYSTEM, 'getChannelsForUser');
  return ctx.store.channels.listForUser(userId, null, includeDeleted);
}
