// POST /hooks/commands/{id} (a command's response_url): later replies for the call that made the URL, handled as
// that custom command's reply for the same user, channel and thread. 30 minutes, 5 uses.
import { appError } from '../model/app-error.ts';
import type { CommandResponse } from '../model/command.ts';
import { integrationActor } from './actor.ts';
import { COMMAND_WEBHOOK_LIFETIME_MS, COMMAND_WEBHOOK_MAX_USES, handleCommandResponse } from './command-execute.ts';
import { boundedResponse } from './command-response.ts';
import type { AppContext } from './context.ts';
import { stopEchoes } from './slash/user-commands.ts';

/** What the hook received: JSON (when so typed) or plain text. */
export type CommandWebhookBody = { json: unknown } | { text: string };

export async function handleCommandWebhook(ctx: AppContext, hookId: string, body: CommandWebhookBody): Promise<void> {
  const hook = await ctx.store.commands.getWebhook(hookId, Date.now() - COMMAND_WEBHOOK_LIFETIME_MS);
  if (!hook) throw appError('app.command_webhook.get.missing', 'GetCommandWebhook');
  const cmd = await ctx.store.commands.get(hook.command_id);
  if (!cmd) throw appError('web.command_webhook.command.app_error', 'commandWebhook');
  let response: CommandResponse | undefined;
  if ('json' in body) {
    response = boundedResponse(body.json);
    if (!response) throw appError('web.command_webhook.parse.app_error', 'commandWebhook');
  } else response = { text: body.text };
  if (!(await ctx.store.commands.tryUseWebhook(hook.id, COMMAND_WEBHOOK_MAX_USES)))
    throw appError('app.command_webhook.try_use.invalid', 'TryUse');
  const user = await ctx.store.users.get(hook.user_id);
  if (!user) throw appError('web.command_webhook.command.app_error', 'commandWebhook');
  const actor = { ...integrationActor(user.id, user.roles), isBot: user.is_bot };
  const args = {
    actor,
    userId: user.id,
    channelId: hook.channel_id,
    teamId: cmd.team_id,
    rootId: hook.root_id,
    siteURL: ctx.siteURL(),
    command: '/' + cmd.trigger,
  };
  await handleCommandResponse(ctx, cmd, args, response, false);
}

/** Background work of slash commands: expired response URLs swept every 10 minutes; pending /echo posts dropped on stop. */
export function startCommands(ctx: AppContext): () => void {
  const sweep = setInterval(() => {
    ctx.store.commands
      .deleteWebhooksBefore(Date.now() - COMMAND_WEBHOOK_LIFETIME_MS)
      .catch((err: unknown) => ctx.log.warn({ err }, 'command webhook sweep failed'));
  }, 10 * 60_000);
  sweep.unref();
  return () => {
    clearInterval(sweep);
    stopEchoes(ctx);
  };
}
