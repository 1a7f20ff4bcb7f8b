// Built-ins about oneself and one's messages: statuses, /me /shrug /code /echo, /msg /groupmsg, /collapse /expand,
// /help /logout /invite_people, and the client-side ones the server only acknowledges (/search /settings /shortcuts).
import type { CommandResponse } from '../../model/command.ts';
import { AppError } from '../../model/app-error.ts';
import { Permissions } from '../../model/roles.ts';
import type { Status, UserWithSecrets } from '../../model/types.ts';
import { hasSystemPermission, hasTeamPermission } from '../authz.ts';
import type { AppContext } from '../context.ts';
import { getOrCreateDirectChannel, getOrCreateGroupChannel } from '../direct-channels.ts';
import { directChannelName } from '../channels.ts';
import { inviteUsersToTeam } from '../invites.ts';
import { createPostAsUser } from '../posts.ts';
import { updatePreferences } from '../preferences.ts';
import { setStatus } from '../status.ts';
import { T, type MessageId } from './messages.ts';
import { ephemeral, type Builtin, type CommandArgs } from './types.ts';

/** Mattermost's default SupportSettings.HelpLink. */
const DEFAULT_HELP_LINK = 'https://mattermost.com/pl/help/';
/** /echo: the longest delay (s) and the most echoes waiting at once (Mattermost's limits). */
const ECHO_MAX_DELAY_S = 10000;
const ECHO_MAX_PENDING = 100;
/** Group messages hold 3 to 8 users, the caller included. */
const GM_MAX_OTHERS = 7;

function statusCommand(status: Status['status'], success: MessageId) {
  return async (ctx: AppContext, args: CommandArgs): Promise<CommandResponse> => {
    await setStatus(ctx, args.userId, status, { manual: true });
    return ephemeral(T(success));
  };
}

function previews(collapse: boolean) {
  return async (ctx: AppContext, args: CommandArgs): Promise<CommandResponse> => {
    try {
      const pref = { user_id: args.userId, category: 'display_settings', name: 'collapse_previews', value: String(collapse) };
      await updatePreferences(ctx, args.actor, args.userId, [pref]);
    } catch (err) {
      if (err instanceof AppError) return ephemeral(T('api.command_expand_collapse.fail.app_error'));
      throw err;
    }
    return ephemeral(T(collapse ? 'api.command_collapse.success' : 'api.command_expand.success'));
  };
}

async function me(_ctx: AppContext, _args: CommandArgs, message: string): Promise<CommandResponse> {
  return { response_type: 'in_channel', type: 'me', text: '*' + message + '*', props: { message } };
}

async function shrug(_ctx: AppContext, _args: CommandArgs, message: string): Promise<CommandResponse> {
  const face = '¯\\\\\\_(ツ)\\_/¯';
  return { response_type: 'in_channel', text: message ? message + ' ' + face : face };
}

async function code(_ctx: AppContext, _args: CommandArgs, message: string): Promise<CommandResponse> {
  if (!message) return ephemeral(T('api.command_code.message.app_error'));
  return { response_type: 'in_channel', text: '    ' + message.split('\n').join('\n    '), skip_slack_parsing: true };
}

const pendingEchoes = new WeakMap<AppContext, Set<NodeJS.Timeout>>();

function echoTimers(ctx: AppContext): Set<NodeJS.Timeout> {
  let s = pendingEchoes.get(ctx);
  if (!s) pendingEchoes.set(ctx, (s = new Set()));
  return s;
}

/** Ends the echoes still waiting (the app is stopping). */
export function stopEchoes(ctx: AppContext): void {
  const timers = echoTimers(ctx);
  for (const t of timers) clearTimeout(t);
  timers.clear();
}

/** Mattermost's parsing: `"msg" delay`, or `msg delay` when the last word is a number. */
function parseEcho(message: string): { text: string; delay: number } {
  const endQuote = message.lastIndexOf('"');
  if (message.startsWith('"') && endQuote > 1) {
    const n = Number.parseInt(message.slice(endQuote).replace(/^[\s"]+|[\s"]+$/g, ''), 10);
    return { text: message.slice(1, endQuote), delay: Number.isNaN(n) ? 0 : n };
  }
  const i = message.lastIndexOf(' ');
  if (i >= 0) {
    const tail = message.slice(i).trim();
    if (/^[+-]?\d+$/.test(tail)) return { text: message.slice(0, i), delay: Number(tail) };
  }
  return { text: message, delay: 0 };
}

async function echo(ctx: AppContext, args: CommandArgs, message: string): Promise<CommandResponse> {
  if (!message) return ephemeral(T('api.command_echo.message.app_error'));
  const { text, delay } = parseEcho(message);
  if (delay > ECHO_MAX_DELAY_S) return ephemeral(T('api.command_echo.delay.app_error'));
  const timers = echoTimers(ctx);
  if (timers.size >= ECHO_MAX_PENDING) return ephemeral(T('api.command_echo.high_volume.app_error'));
  const timer = setTimeout(
    () => {
      timers.delete(timer);
      createPostAsUser(ctx, args.actor, { channel_id: args.channelId, root_id: args.rootId, message: text }).catch((err: unknown) =>
        ctx.log.warn({ err, channel_id: args.channelId }, '/echo post failed'),
      );
    },
    Math.max(0, delay) * 1000,
  );
  timer.unref();
  timers.add(timer);
  return {};
}

async function teamName(ctx: AppContext, teamId: string): Promise<string | undefined> {
  return (await ctx.store.teams.get(teamId))?.name;
}

async function msg(ctx: AppContext, args: CommandArgs, message: string): Promise<CommandResponse> {
  const space = message.indexOf(' ');
  const target = (space < 0 ? message : message.slice(0, space)).replace(/^@/, '').toLowerCase();
  const text = space < 0 ? '' : message.slice(space + 1);
  const user = target ? await ctx.store.users.getByUsername(target) : undefined;
  if (!user || user.id === args.userId || user.delete_at) return ephemeral(T('api.command_msg.missing.app_error'));
  const name = directChannelName(args.userId, user.id);
  let channelId = (await ctx.store.channels.getByName('', name))?.id;
  if (!channelId) {
    if (!hasSystemPermission(ctx, args.actor, Permissions.CREATE_DIRECT_CHANNEL))
      return ephemeral(T('api.command_msg.permission.app_error'));
    channelId = (await getOrCreateDirectChannel(ctx, args.userId, user.id)).channel.id;
  }
  if (text && !(await postQuietly(ctx, args, channelId, text))) return ephemeral(T('api.command_msg.fail.app_error'));
  const team = await teamName(ctx, args.teamId);
  if (!team) return ephemeral(T('api.command_msg.fail.app_error'));
  return { response_type: 'ephemeral', text: '', goto_location: `${args.siteURL}/${team}/channels/${name}` };
}

async function postQuietly(ctx: AppContext, args: CommandArgs, channelId: string, message: string): Promise<boolean> {
  try {
    await createPostAsUser(ctx, args.actor, { channel_id: channelId, message });
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}

/** /groupmsg @a,@b [message]: the usernames are a comma-separated list, the message what follows it. */
async function groupmsg(ctx: AppContext, args: CommandArgs, message: string): Promise<CommandResponse> {
  const m = /^\s*((?:@?[\w.-]+\s*,\s*)*@?[\w.-]+)(?:\s+([\s\S]*))?$/.exec(message);
  if (!m) return ephemeral(T('api.command_groupmsg.fail.app_error'));
  const names = [...new Set(m[1].split(',').map((n) => n.trim().replace(/^@/, '').toLowerCase()))];
  const text = m[2] ?? '';
  const found = await ctx.store.users.getByUsernames(names);
  const live = found.filter((u) => !u.delete_at && u.id !== args.userId);
  const missing = names.filter((n) => !found.some((u) => u.username === n && !u.delete_at));
  if (missing.length)
    return ephemeral(
      T(missing.length === 1 ? 'api.command_groupmsg.invalid_user.app_error' : 'api.command_groupmsg.invalid_users.app_error', {
        Users: missing.join(', '),
      }),
    );
  if (live.length === 1) return msg(ctx, args, `@${live[0].username} ${text}`.trimEnd());
  if (live.length < 2) return ephemeral(T('api.command_groupmsg.min_users.app_error', { MinUsers: 2 }));
  if (live.length > GM_MAX_OTHERS) return ephemeral(T('api.command_groupmsg.max_users.app_error', { MaxUsers: GM_MAX_OTHERS }));
  const me = await ctx.store.users.get(args.userId);
  if (!me) return ephemeral(T('api.command_groupmsg.fail.app_error'));
  const users: UserWithSecrets[] = [me, ...live];
  let channel;
  try {
    const existing = await findGroup(ctx, users);
    if (!existing && !hasSystemPermission(ctx, args.actor, Permissions.CREATE_GROUP_CHANNEL))
      return ephemeral(T('api.command_groupmsg.permission.app_error'));
    channel = existing ?? (await getOrCreateGroupChannel(ctx, args.userId, users)).channel;
  } catch (err) {
    if (err instanceof AppError) return ephemeral(T('api.command_groupmsg.group_fail.app_error'));
    throw err;
  }
  if (text && !(await postQuietly(ctx, args, channel.id, text))) return ephemeral(T('api.command_groupmsg.fail.app_error'));
  const team = await teamName(ctx, args.teamId);
  if (!team) return ephemeral(T('api.command_groupmsg.fail.app_error'));
  return { response_type: 'ephemeral', text: '', goto_location: `${args.siteURL}/${team}/channels/${channel.name}` };
}

async function findGroup(ctx: AppContext, users: UserWithSecrets[]) {
  const { createHash } = await import('node:crypto');
  const ids = users.map((u) => u.id).sort();
  return ctx.store.channels.getByName('', createHash('sha1').update(ids.join(',')).digest('hex'));
}

async function help(ctx: AppContext): Promise<CommandResponse> {
  return ephemeral(T('api.command_help.success', { HelpLink: ctx.config().SupportSettings.HelpLink || DEFAULT_HELP_LINK }));
}

async function logout(): Promise<CommandResponse> {
  return { goto_location: '/login' };
}

async function invitePeople(ctx: AppContext, args: CommandArgs, message: string): Promise<CommandResponse> {
  const cfg = ctx.config();
  if (!(await hasTeamPermission(ctx, args.actor, args.teamId, Permissions.INVITE_USER)))
    return ephemeral(T('api.command_invite_people.permission.app_error'));
  if (!cfg.ServiceSettings.EnableEmailInvitations) return ephemeral(T('api.command.invite_people.email_invitations_off'));
  if (!cfg.EmailSettings.SendEmailNotifications) return ephemeral(T('api.command.invite_people.email_off'));
  if (!cfg.TeamSettings.EnableUserCreation) return ephemeral(T('api.command.invite_people.invite_off'));
  const emails = message.split(/[\s,]+/).filter((w) => w.includes('@'));
  if (!emails.length) return ephemeral(T('api.command.invite_people.no_email'));
  try {
    const results = await inviteUsersToTeam(ctx, args.actor, args.teamId, emails, { graceful: true });
    if (results.some((r) => r.error)) return ephemeral(T('api.command.invite_people.fail'));
  } catch (err) {
    if (err instanceof AppError) return ephemeral(T('api.command.invite_people.fail'));
    throw err;
  }
  return ephemeral(T('api.command.invite_people.sent'));
}

function unsupported(text: MessageId) {
  return async (): Promise<CommandResponse> => ephemeral(T(text));
}

export const USER_BUILTINS: Builtin[] = [
  {
    trigger: 'away',
    autoComplete: true,
    desc: T('api.command_away.desc'),
    hint: '',
    name: T('api.command_away.name'),
    run: statusCommand('away', 'api.command_away.success'),
  },
  {
    trigger: 'online',
    autoComplete: true,
    desc: T('api.command_online.desc'),
    hint: '',
    name: T('api.command_online.name'),
    run: statusCommand('online', 'api.command_online.success'),
  },
  {
    trigger: 'offline',
    autoComplete: true,
    desc: T('api.command_offline.desc'),
    hint: '',
    name: T('api.command_offline.name'),
    run: statusCommand('offline', 'api.command_offline.success'),
  },
  {
    trigger: 'dnd',
    autoComplete: true,
    desc: T('api.command_dnd.desc'),
    hint: '',
    name: T('api.command_dnd.name'),
    run: statusCommand('dnd', 'api.command_dnd.success'),
  },
  {
    trigger: 'me',
    autoComplete: true,
    desc: T('api.command_me.desc'),
    hint: T('api.command_me.hint'),
    name: T('api.command_me.name'),
    run: me,
  },
  {
    trigger: 'shrug',
    autoComplete: true,
    desc: T('api.command_shrug.desc'),
    hint: T('api.command_shrug.hint'),
    name: T('api.command_shrug.name'),
    run: shrug,
  },
  {
    trigger: 'code',
    autoComplete: true,
    desc: T('api.command_code.desc'),
    hint: T('api.command_code.hint'),
    name: T('api.command_code.name'),
    run: code,
  },
  {
    trigger: 'echo',
    autoComplete: true,
    desc: T('api.command_echo.desc'),
    hint: T('api.command_echo.hint'),
    name: T('api.command_echo.name'),
    run: echo,
  },
  {
    trigger: 'msg',
    autoComplete: true,
    desc: T('api.command_msg.desc'),
    hint: T('api.command_msg.hint'),
    name: T('api.command_msg.name'),
    run: msg,
  },
  {
    trigger: 'groupmsg',
    autoComplete: true,
    desc: T('api.command_groupmsg.desc'),
    hint: T('api.command_groupmsg.hint'),
    name: T('api.command_groupmsg.name'),
    run: groupmsg,
  },
  {
    trigger: 'collapse',
    autoComplete: true,
    desc: T('api.command_collapse.desc'),
    hint: '',
    name: T('api.command_collapse.name'),
    run: previews(true),
  },
  {
    trigger: 'expand',
    autoComplete: true,
    desc: T('api.command_expand.desc'),
    hint: '',
    name: T('api.command_expand.name'),
    run: previews(false),
  },
  { trigger: 'help', autoComplete: true, desc: T('api.command_help.desc'), hint: '', name: T('api.command_help.name'), run: help },
  { trigger: 'logout', autoComplete: true, desc: T('api.command_logout.desc'), hint: '', name: T('api.command_logout.name'), run: logout },
  {
    trigger: 'invite_people',
    autoComplete: (ctx) => ctx.config().ServiceSettings.EnableEmailInvitations,
    desc: T('api.command.invite_people.desc'),
    hint: T('api.command.invite_people.hint'),
    name: T('api.command.invite_people.name'),
    run: invitePeople,
  },
  {
    trigger: 'search',
    autoComplete: true,
    desc: T('api.command_search.desc'),
    hint: T('api.command_search.hint'),
    name: T('api.command_search.name'),
    run: unsupported('api.command_search.unsupported.app_error'),
  },
  {
    trigger: 'settings',
    autoComplete: true,
    desc: T('api.command_settings.desc'),
    hint: '',
    name: T('api.command_settings.name'),
    run: unsupported('api.command_settings.unsupported.app_error'),
  },
  {
    // Parley has no plugins, so no marketplace to offer: answered, never autocompleted.
    trigger: 'marketplace',
    autoComplete: false,
    desc: T('api.command_marketplace.desc'),
    hint: '',
    name: T('api.command_marketplace.name'),
    run: unsupported('api.command_marketplace.unsupported.app_error'),
  },
  {
    trigger: 'shortcuts',
    autoComplete: true,
    desc: T('api.command_shortcuts.desc'),
    hint: '',
    name: T('api.command_shortcuts.name'),
    run: unsupported('api.command_shortcuts.unsupported.app_error'),
  },
];
