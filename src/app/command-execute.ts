// Running a slash command (POST /commands/execute): the checks of Mattermost's executeCommand, the custom command's
// HTTP call through the outbound client, and the CommandResponse turned into a stored post or an ephemeral one.
import { appError, AppError, Errors } from '../model/app-error.ts';
import { COMMAND_METHOD_GET, RESPONSE_EPHEMERAL, RESPONSE_IN_CHANNEL, type Command, type CommandResponse } from '../model/command.ts';
import { isValidId, newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import { processSlackAttachments } from '../model/slack-attachments.ts';
import type { Channel } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { hasTeamPermission, requireChannelPermission, requireSystemPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { sendEphemeralPost } from './ephemeral.ts';
import { OutboundError, outboundRequest } from './outbound/http-client.ts';
import { createPost, validatePostInput } from './posts.ts';
import { builtinFor } from './slash/builtins.ts';
import { generateTriggerId } from './integration-actions.ts';
import type { CommandArgs } from './slash/types.ts';
import { boundedResponse } from './command-response.ts';
import { processSlackText } from './webhook-posts.ts';

/** The body of POST /commands/execute. */
export interface ExecuteInput {
  channel_id?: string | null;
  team_id?: string | null;
  root_id?: string | null;
  parent_id?: string | null;
  command?: string | null;
}

/** A response URL works for 30 minutes and 5 uses (Mattermost's CommandWebhook). */
export const COMMAND_WEBHOOK_LIFETIME_MS = 30 * 60_000;
export const COMMAND_WEBHOOK_MAX_USES = 5;

/** POST /commands/execute: runs a custom or built-in command in a channel the actor may post in. */
export async function executeCommand(ctx: AppContext, actor: Actor, input: ExecuteInput): Promise<CommandResponse> {
  const command = input.command ?? '';
  const channelId = input.channel_id ?? '';
  if (command.length <= 1 || !command.startsWith('/') || !isValidId(channelId))
    throw appError('api.command.execute_command.start.app_error', 'executeCommand');
  await requireChannelPermission(ctx, actor, channelId, Permissions.CREATE_POST, 'executeCommand');
  const channel = await ctx.caches.channel(channelId);
  if (!channel) throw Errors.forbidden('executeCommand', actor.userId, Permissions.CREATE_POST);
  if (channel.delete_at) throw appError('api.command.execute_command.deleted.error', 'executeCommand');
  const teamId = await commandTeam(ctx, actor, channel, input.team_id ?? '');
  const m = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(command);
  if (!m) throw appError('api.command.execute_command.format.app_error', 'executeCommand');
  const trigger = m[1].toLowerCase();
  const args: CommandArgs = {
    actor,
    userId: actor.userId,
    channelId,
    teamId,
    rootId: input.root_id || input.parent_id || '',
    siteURL: ctx.siteURL(),
    command,
  };
  const message = m[2] ?? '';
  const custom = teamId ? await ctx.store.commands.getByTrigger(teamId, trigger) : undefined;
  if (!ctx.config().ServiceSettings.EnableCommands) throw appError('api.command.disabled.app_error', 'tryExecuteCustomCommand');
  if (custom) return executeCustomCommand(ctx, custom, args, trigger, message);
  const builtin = builtinFor(trigger);
  if (!builtin) throw appError('api.command.execute_command.not_found.app_error', 'ExecuteCommand', { params: { Trigger: trigger } });
  const response = await builtin.run(ctx, args, message);
  return handleCommandResponse(ctx, null, args, response, true);
}

/** The team a command runs in: the channel's; for a DM or GM, the one asked for if the actor may post there. */
async function commandTeam(ctx: AppContext, actor: Actor, channel: Channel, asked: string): Promise<string> {
  if (channel.type !== 'D' && channel.type !== 'G') return channel.team_id;
  if (asked && !(await hasTeamPermission(ctx, actor, asked, Permissions.VIEW_TEAM)))
    requireSystemPermission(ctx, actor, Permissions.CREATE_POST, 'executeCommand');
  return asked;
}

/** The @-mentioned team members and ~-mentioned public channels of `text`, as Mattermost adds them to the request. */
async function mentionValues(ctx: AppContext, teamId: string, text: string, form: URLSearchParams): Promise<void> {
  const names = [...new Set([...text.matchAll(/@([a-z0-9.\-_]+)/gi)].map((x) => x[1].toLowerCase()))].slice(0, 50);
  if (names.length) {
    for (const u of await ctx.store.users.getByUsernames(names)) {
      const tm = await ctx.store.teams.getMember(teamId, u.id);
      if (!tm || tm.delete_at) continue;
      form.append('user_mentions', u.username);
      form.append('user_mentions_ids', u.id);
    }
  }
  const channels = [...new Set([...text.matchAll(/~([a-z0-9\-_]+)/gi)].map((x) => x[1].toLowerCase()))].slice(0, 50);
  for (const name of channels) {
    const ch = await ctx.store.channels.getByName(teamId, name);
    if (!ch || ch.type !== 'O' || ch.delete_at) continue;
    form.append('channel_mentions', ch.name);
    form.append('channel_mentions_ids', ch.id);
  }
}

/** Calls the command's URL (POST form or GET query) with Mattermost's fields and `Authorization: Token …`. */
async function executeCustomCommand(
  ctx: AppContext,
  cmd: Command,
  args: CommandArgs,
  trigger: string,
  message: string,
): Promise<CommandResponse> {
  const siteURL = args.siteURL.replace(/\/+$/, '');
  if (!siteURL) throw appError('api.command.execute_command.site_url_required.app_error', 'tryExecuteCustomCommand');
  const [team, channel, user] = await Promise.all([
    ctx.store.teams.get(cmd.team_id),
    ctx.store.channels.get(args.channelId),
    ctx.store.users.get(args.userId),
  ]);
  const hook = {
    id: newId(),
    create_at: Date.now(),
    command_id: cmd.id,
    user_id: args.userId,
    channel_id: args.channelId,
    root_id: args.rootId,
    use_count: 0,
  };
  await ctx.store.commands.saveWebhook(hook);
  const { clientTriggerId, triggerId } = generateTriggerId(ctx, args.userId);
  const form = new URLSearchParams({
    channel_id: args.channelId,
    channel_name: channel?.name ?? '',
    command: '/' + trigger,
    response_url: `${siteURL}/hooks/commands/${hook.id}`,
    root_id: args.rootId,
    team_domain: team?.name ?? '',
    team_id: cmd.team_id,
    text: message,
    token: cmd.token,
    trigger_id: triggerId,
    user_id: args.userId,
    user_name: user?.username ?? '',
  });
  await mentionValues(ctx, cmd.team_id, message, form);
  const response = await callCommandURL(ctx, cmd, trigger, form);
  response.trigger_id = clientTriggerId;
  return handleCommandResponse(ctx, cmd, args, response, false);
}

async function callCommandURL(ctx: AppContext, cmd: Command, trigger: string, form: URLSearchParams): Promise<CommandResponse> {
  const get = cmd.method === COMMAND_METHOD_GET;
  let url = cmd.url;
  if (get) url += (url.includes('?') ? '&' : '?') + form.toString();
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: 'Token ' + cmd.token };
  if (!get) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  let res;
  try {
    res = await outboundRequest(ctx.config(), { method: get ? 'GET' : 'POST', url, headers, body: get ? undefined : form.toString() });
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    ctx.log.warn({ command_id: cmd.id, reason: err.reason }, 'slash command request failed');
    throw appError('api.command.execute_command.failed.app_error', 'tryExecuteCustomCommand', {
      params: { Trigger: trigger },
      detailed: `${err.reason}: ${err.message}`,
    });
  }
  if (res.status !== 200)
    throw appError('api.command.execute_command.failed_resp.app_error', 'tryExecuteCustomCommand', {
      params: { Trigger: trigger, Status: res.status },
      detailed: res.body.toString('utf8', 0, 1000),
    });
  const parsed = parseCommandReply(res.headers['content-type'], res.body.toString('utf8'));
  if (!parsed)
    throw appError('api.command.execute_command.failed_empty.app_error', 'tryExecuteCustomCommand', { params: { Trigger: trigger } });
  return parsed;
}

/** A reply body as Mattermost reads it: JSON CommandResponse when so typed, otherwise the text itself. */
export function parseCommandReply(contentType: string | undefined, body: string): CommandResponse | undefined {
  if ((contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/json') {
    try {
      return boundedResponse(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  return { text: body };
}

/** Mattermost's HandleCommandResponse: the response and each of its extra_responses; any failure is a 500 after all ran. */
export async function handleCommandResponse(
  ctx: AppContext,
  cmd: Command | null,
  args: CommandArgs,
  response: CommandResponse,
  builtIn: boolean,
): Promise<CommandResponse> {
  const trigger = args.command.split(' ')[0].slice(1).toLowerCase();
  let failed: unknown;
  for (const r of [response, ...(response.extra_responses ?? [])]) {
    try {
      await handleResponsePost(ctx, cmd, args, r, builtIn);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      ctx.log.debug({ err: err.id, trigger }, 'command response not posted');
      failed = err;
    }
  }
  if (failed)
    throw appError('api.command.execute_command.create_post_failed.app_error', 'command', {
      params: { Trigger: trigger },
      detailed: (failed as AppError).id,
    });
  return response;
}

/** One response: a stored post (in_channel) or an ephemeral one to the caller (when it has text or attachments). */
async function handleResponsePost(
  ctx: AppContext,
  cmd: Command | null,
  args: CommandArgs,
  response: CommandResponse,
  builtIn: boolean,
): Promise<void> {
  let channelId = args.channelId;
  if (response.channel_id) {
    if ((await ctx.caches.channelMemberRoles(response.channel_id, args.userId)) === null)
      throw appError('api.command.command_post.forbidden.app_error', 'HandleCommandResponsePost');
    channelId = response.channel_id;
  }
  const props: Record<string, unknown> = { ...(response.props ?? {}) };
  const svc = ctx.config().ServiceSettings;
  let fromIntegration = !builtIn;
  if (svc.EnablePostUsernameOverride) {
    const name = cmd?.username || response.username;
    if (name) {
      props.override_username = name;
      fromIntegration = true;
    }
  }
  if (svc.EnablePostIconOverride) {
    const icon = cmd?.icon_url || response.icon_url;
    props.override_icon_url = icon ?? '';
    if (icon) fromIntegration = true;
  }
  if (fromIntegration) props.from_webhook = 'true';
  let text = response.text ?? '';
  let attachments = response.attachments;
  // The same Slack rewrite as a webhook's post (Mattermost's ProcessSlackText and ProcessSlackAttachments).
  if (!response.skip_slack_parsing) {
    text = await processSlackText(ctx, text);
    if (attachments?.length) attachments = processSlackAttachments(attachments);
  }
  if (attachments?.length) props.attachments = attachments;
  const type = response.type || (attachments?.length ? 'slack_attachment' : '');
  if (response.response_type === RESPONSE_IN_CHANNEL) {
    await postInChannel(ctx, args, channelId, { message: text, type, props }, builtIn);
    return;
  }
  if ((response.response_type ?? '') !== RESPONSE_EPHEMERAL && response.response_type) return;
  if (!text && !attachments?.length) return;
  validatePostInput({ channel_id: channelId, user_id: args.userId, message: text });
  sendEphemeralPost(ctx, args.userId, { channel_id: channelId, user_id: args.userId, message: text, root_id: args.rootId, props });
}

/** Types a command reply may post: a built-in's own (`me`), attachments, or a custom_* type. */
function allowedType(type: string, builtIn: boolean): boolean {
  return !type || type === 'slack_attachment' || type.startsWith('custom_') || (builtIn && type === 'me');
}

async function postInChannel(
  ctx: AppContext,
  args: CommandArgs,
  channelId: string,
  p: { message: string; type: string; props: Record<string, unknown> },
  builtIn: boolean,
): Promise<void> {
  if (!allowedType(p.type, builtIn)) throw appError('model.post.is_valid.type.app_error', 'Post.IsValid');
  await requireChannelPermission(ctx, args.actor, channelId, Permissions.CREATE_POST, 'HandleCommandResponsePost');
  const channel = await ctx.caches.channel(channelId);
  if (!channel) throw Errors.forbidden('HandleCommandResponsePost', args.userId, Permissions.CREATE_POST);
  await createPost(ctx, channel, {
    channel_id: channelId,
    user_id: args.userId,
    message: p.message,
    root_id: args.rootId,
    type: p.type,
    props: p.props,
  });
}
