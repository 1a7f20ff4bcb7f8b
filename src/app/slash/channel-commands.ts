// Built-ins about channels: /join /open /leave /kick /remove /invite /header /purpose /rename /mute. Each goes through
// the channel use-cases and authz rules; a refusal becomes Mattermost's ephemeral text, never an HTTP error.
import type { CommandResponse } from '../../model/command.ts';
import { AppError } from '../../model/app-error.ts';
import { Permissions } from '../../model/roles.ts';
import type { Channel } from '../../model/types.ts';
import { wsEvent, WsEvents } from '../../model/ws-events.ts';
import { hasChannelPermission, requireManageChannelMembers, requireManageChannelProperties } from '../authz.ts';
import { addChannelMember, removeChannelMember } from '../channel-members.ts';
import { patchChannel } from '../channels.ts';
import type { AppContext } from '../context.ts';
import { T, type MessageId } from './messages.ts';
import { ephemeral, type Builtin, type CommandArgs } from './types.ts';

const CHANNEL_DISPLAY_NAME_MAX = 64;

function isDirect(ch: Channel): boolean {
  return ch.type === 'D' || ch.type === 'G';
}

async function teamName(ctx: AppContext, teamId: string): Promise<string | undefined> {
  return (await ctx.store.teams.get(teamId))?.name;
}

async function join(ctx: AppContext, args: CommandArgs, message: string): Promise<CommandResponse> {
  const name = (message.startsWith('~') ? message.slice(1) : message).toLowerCase();
  const ch = await ctx.store.channels.getByName(args.teamId, name);
  if (!ch || ch.delete_at) return ephemeral(T('api.command_join.missing.app_error'));
  const fail = ephemeral(T('api.command_join.fail.app_error'));
  if (ch.type === 'O') {
    try {
      await addChannelMember(ctx, args.actor, ch.id, { user_id: args.userId });
    } catch (err) {
      if (err instanceof AppError) return fail;
      throw err;
    }
  } else if (ch.type !== 'P' || !(await hasChannelPermission(ctx, args.actor, ch.id, Permissions.READ_CHANNEL))) return fail;
  const team = await teamName(ctx, ch.team_id);
  if (!team) return fail;
  return { goto_location: `${args.siteURL}/${team}/channels/${ch.name}` };
}

async function leave(ctx: AppContext, args: CommandArgs): Promise<CommandResponse> {
  const fail = ephemeral(T('api.command_leave.fail.app_error'));
  const ch = await ctx.store.channels.get(args.channelId);
  const team = await ctx.store.teams.get(args.teamId);
  if (!ch || !team) return fail;
  if (ch.name === 'town-square') return ephemeral(T('api.channel.leave.default.app_error', { Channel: 'town-square' }));
  try {
    await removeChannelMember(ctx, args.actor, ch.id, args.userId);
  } catch (err) {
    if (err instanceof AppError) return fail;
    throw err;
  }
  const tm = await ctx.store.teams.getMember(team.id, args.userId);
  if (!tm || tm.delete_at) return { goto_location: args.siteURL + '/' };
  if (args.actor.roles.split(' ').includes('system_guest')) {
    const first = (await ctx.store.channels.listMembersForUser(args.userId, team.id))[0];
    const other = first && (await ctx.store.channels.get(first.channel_id));
    if (!other) return fail;
    return { goto_location: `${args.siteURL}/${team.name}/channels/${other.name}` };
  }
  return { goto_location: `${args.siteURL}/${team.name}/channels/town-square` };
}

async function remove(ctx: AppContext, args: CommandArgs, message: string): Promise<CommandResponse> {
  const ch = await ctx.store.channels.get(args.channelId);
  if (!ch) return ephemeral(T('api.command_channel_remove.channel.app_error'));
  if (isDirect(ch)) return ephemeral(T('api.command_remove.direct_group.app_error'));
  try {
    await requireManageChannelMembers(ctx, args.actor, ch, 'removeCommand');
  } catch (err) {
    if (err instanceof AppError) return ephemeral(T('api.command_remove.permission.app_error'));
    throw err;
  }
  if (!message) return ephemeral(T('api.command_remove.message.app_error'));
  const username = message.split(' ')[0].replace(/^@/, '');
  const user = await ctx.store.users.getByUsername(username.toLowerCase());
  if (!user || user.delete_at) return ephemeral(T('api.command_remove.missing.app_error'));
  if (!(await ctx.store.channels.getMember(ch.id, user.id)))
    return ephemeral(T('api.command_remove.user_not_in_channel', { Username: user.username }));
  try {
    await removeChannelMember(ctx, args.actor, ch.id, user.id);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.id === 'api.channel.remove.default.app_error')
      return ephemeral(T('api.channel.remove.default.app_error', { Channel: 'town-square' }));
    if (err.id === 'api.channel.remove_member.group_constrained.app_error')
      return ephemeral(T('api.command_remove.group_constrained_user_denied'));
    return ephemeral(err.message);
  }
  return {};
}

/** /invite @user… [~channel…]: each user to each channel (the current one by default). */
async function invite(ctx: AppContext, args: CommandArgs, message: string): Promise<CommandResponse> {
  const words = message.split(/\s+/).filter(Boolean);
  const names = words.filter((w) => !w.startsWith('~')).map((w) => w.replace(/^@/, '').toLowerCase());
  const channelNames = words.filter((w) => w.startsWith('~')).map((w) => w.slice(1).toLowerCase());
  if (!names.length) return ephemeral(T('api.command_invite.missing_message.app_error'));
  const channels: Channel[] = [];
  if (!channelNames.length) {
    const current = await ctx.store.channels.get(args.channelId);
    if (!current) return ephemeral(T('api.command_invite.channel.app_error'));
    channels.push(current);
  }
  for (const name of channelNames) {
    const ch = await ctx.store.channels.getByName(args.teamId, name);
    const visible = ch && !ch.delete_at && (ch.type !== 'P' || (await ctx.store.channels.getMember(ch.id, args.userId)));
    if (!ch || !visible) return ephemeral(T('api.command_invite.channel.error', { Channel: name }));
    channels.push(ch);
  }
  const team = await ctx.store.teams.get(args.teamId);
  const lines: string[] = [];
  for (const ch of channels) {
    if (isDirect(ch)) {
      lines.push(T('api.command_invite.directchannel.app_error'));
      continue;
    }
    try {
      await requireManageChannelMembers(ctx, args.actor, ch, 'inviteCommand');
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      lines.push(T('api.command_invite.permission.app_error', { User: names.map((n) => '@' + n).join(', '), Channel: ch.name }));
      continue;
    }
    for (const name of names) lines.push(await inviteOne(ctx, args, ch, name, team?.display_name ?? ''));
  }
  return ephemeral(lines.join('\n'));
}

async function inviteOne(ctx: AppContext, args: CommandArgs, ch: Channel, name: string, teamDisplay: string): Promise<string> {
  const user = await ctx.store.users.getByUsername(name);
  if (!user || user.delete_at) return T('api.command_invite.missing_user.app_error', { User: name });
  const tm = await ctx.store.teams.getMember(ch.team_id, user.id);
  if (!tm || tm.delete_at) return T('api.command_invite.user_not_in_team.app_error', { Users: '@' + user.username, Team: teamDisplay });
  if (await ctx.store.channels.getMember(ch.id, user.id))
    return T('api.command_invite.user_already_in_channel.app_error', { User: '@' + user.username });
  try {
    await addChannelMember(ctx, args.actor, ch.id, { user_id: user.id });
  } catch (err) {
    if (err instanceof AppError) return T('api.command_invite.fail.app_error');
    throw err;
  }
  return T('api.command_invite.success', { User: '@' + user.username, Channel: ch.name });
}

type PropertyTexts = { channel: MessageId; permission: MessageId; message: MessageId; update: MessageId };

/** /header, /purpose and /rename answer with the same family of texts, under their own ids. */
function propertyTexts(area: 'header' | 'purpose' | 'rename'): PropertyTexts {
  const p = `api.command_channel_${area}` as const;
  return {
    channel: `${p}.channel.app_error`,
    permission: `${p}.permission.app_error`,
    message: `${p}.message.app_error`,
    update: `${p}.update_channel.app_error`,
  };
}

/** Patches one property of the current channel through patchChannel, with Mattermost's texts for each refusal. */
async function patchProperty(
  ctx: AppContext,
  args: CommandArgs,
  patch: { header?: string; purpose?: string; display_name?: string },
  message: string,
  texts: PropertyTexts,
  tooLong: () => string,
): Promise<CommandResponse> {
  const ch = await ctx.store.channels.get(args.channelId);
  if (!ch) return ephemeral(T(texts.channel));
  try {
    await requireManageChannelProperties(ctx, args.actor, ch, 'patchChannelCommand');
  } catch (err) {
    if (err instanceof AppError) return ephemeral(T(texts.permission));
    throw err;
  }
  if (!message) return ephemeral(T(texts.message));
  try {
    await patchChannel(ctx, args.actor, ch.id, patch);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return ephemeral(err.id.startsWith('model.channel.is_valid.') ? tooLong() : T(texts.update));
  }
  return {};
}

function header(ctx: AppContext, args: CommandArgs, message: string) {
  const texts = propertyTexts('header');
  return patchProperty(ctx, args, { header: message }, message, texts, () =>
    T('api.command_channel_header.update_channel.max_length', { MaxLength: 1024 }),
  );
}

async function purpose(ctx: AppContext, args: CommandArgs, message: string) {
  const ch = await ctx.store.channels.get(args.channelId);
  if (ch && isDirect(ch)) return ephemeral(T('api.command_channel_purpose.direct_group.app_error'));
  const texts = propertyTexts('purpose');
  return patchProperty(ctx, args, { purpose: message }, message, texts, () =>
    T('api.command_channel_purpose.update_channel.max_length', { MaxLength: 250 }),
  );
}

async function rename(ctx: AppContext, args: CommandArgs, message: string) {
  const ch = await ctx.store.channels.get(args.channelId);
  if (ch && isDirect(ch)) return ephemeral(T('api.command_channel_rename.direct_group.app_error'));
  if ([...message].length > CHANNEL_DISPLAY_NAME_MAX)
    return ephemeral(T('api.command_channel_rename.too_long.app_error', { Length: CHANNEL_DISPLAY_NAME_MAX }));
  const texts = propertyTexts('rename');
  return patchProperty(ctx, args, { display_name: message }, message, texts, () =>
    T('api.command_channel_rename.too_short.app_error', { Length: 1 }),
  );
}

/** /mute [~channel]: toggles the member's mark_unread between "all" and "mention"; channel_member_updated to them. */
async function mute(ctx: AppContext, args: CommandArgs, message: string): Promise<CommandResponse> {
  const name = message.trim().split(/\s+/)[0] ?? '';
  let ch: Channel | undefined;
  if (name) {
    if (!name.startsWith('~')) return ephemeral(T('api.command_mute.no_channel.error'));
    ch = await ctx.store.channels.getByName(args.teamId, name.slice(1).toLowerCase());
    if (!ch || !(await ctx.store.channels.getMember(ch.id, args.userId)))
      return ephemeral(T('api.command_mute.error', { Channel: name.slice(1) }));
  } else ch = await ctx.store.channels.get(args.channelId);
  if (!ch) return ephemeral(T('api.command_mute.no_channel.error'));
  const member = await ctx.store.channels.getMember(ch.id, args.userId);
  if (!member) return ephemeral(T('api.command_mute.no_channel.error'));
  const muting = member.notify_props.mark_unread !== 'mention';
  const props = await ctx.store.commands.patchMemberNotifyProps(ch.id, args.userId, { mark_unread: muting ? 'mention' : 'all' });
  if (!props) return ephemeral(T('api.command_mute.no_channel.error'));
  ctx.events.invalidate('channel', ch.id);
  const updated = { ...member, notify_props: props };
  ctx.events.publish(wsEvent(WsEvents.ChannelMemberUpdated, { channelMember: JSON.stringify(updated) }, { userId: args.userId }));
  const direct = isDirect(ch);
  if (muting)
    return ephemeral(
      direct ? T('api.command_mute.success_mute_direct_msg') : T('api.command_mute.success_mute', { Channel: ch.display_name }),
    );
  return ephemeral(
    direct ? T('api.command_mute.success_unmute_direct_msg') : T('api.command_mute.success_unmute', { Channel: ch.display_name }),
  );
}

export const CHANNEL_BUILTINS: Builtin[] = [
  {
    trigger: 'join',
    autoComplete: true,
    desc: T('api.command_join.desc'),
    hint: T('api.command_join.hint'),
    name: T('api.command_join.name'),
    run: join,
  },
  {
    trigger: 'open',
    autoComplete: true,
    desc: T('api.command_join.desc'),
    hint: T('api.command_join.hint'),
    name: T('api.command_open.name'),
    run: join,
  },
  { trigger: 'leave', autoComplete: true, desc: T('api.command_leave.desc'), hint: '', name: T('api.command_leave.name'), run: leave },
  {
    trigger: 'kick',
    autoComplete: true,
    desc: T('api.command_remove.desc'),
    hint: T('api.command_remove.hint'),
    name: T('api.command_kick.name'),
    run: remove,
  },
  {
    trigger: 'remove',
    autoComplete: true,
    desc: T('api.command_remove.desc'),
    hint: T('api.command_remove.hint'),
    name: T('api.command_remove.name'),
    run: remove,
  },
  {
    trigger: 'invite',
    autoComplete: true,
    desc: T('api.command_invite.desc'),
    hint: T('api.command_invite.hint'),
    name: T('api.command_invite.name'),
    run: invite,
  },
  {
    trigger: 'header',
    autoComplete: true,
    desc: T('api.command_channel_header.desc'),
    hint: T('api.command_channel_header.hint'),
    name: T('api.command_channel_header.name'),
    run: header,
  },
  {
    trigger: 'purpose',
    autoComplete: true,
    desc: T('api.command_channel_purpose.desc'),
    hint: T('api.command_channel_purpose.hint'),
    name: T('api.command_channel_purpose.name'),
    run: purpose,
  },
  {
    trigger: 'rename',
    autoComplete: true,
    desc: T('api.command_channel_rename.desc'),
    hint: T('api.command_channel_rename.hint'),
    name: T('api.command_channel_rename.name'),
    run: rename,
  },
  {
    trigger: 'mute',
    autoComplete: true,
    desc: T('api.command_mute.desc'),
    hint: T('api.command_mute.hint'),
    name: T('api.command_mute.name'),
    run: mute,
  },
];
