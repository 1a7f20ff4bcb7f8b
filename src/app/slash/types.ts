// What a built-in slash command receives and how it is described (Mattermost's CommandProvider).
import type { Command, CommandResponse } from '../../model/command.ts';
import type { Actor } from '../actor.ts';
import type { AppContext } from '../context.ts';

/** Mattermost's CommandArgs: who runs the command, where, and the site URL goto locations start with. */
export interface CommandArgs {
  actor: Actor;
  userId: string;
  channelId: string;
  teamId: string;
  rootId: string;
  siteURL: string;
  /** The whole command as typed ("/trigger text"). */
  command: string;
}

export interface Builtin {
  trigger: string;
  /** Listed for autocomplete (may depend on the config). */
  autoComplete: boolean | ((ctx: AppContext) => boolean);
  desc: string;
  hint: string;
  name: string;
  run(ctx: AppContext, args: CommandArgs, message: string): Promise<CommandResponse>;
}

export function ephemeral(text: string): CommandResponse {
  return { response_type: 'ephemeral', text };
}

/** The built-in as the command list describes it (every other field blank, as Mattermost's). */
export function describe(ctx: AppContext | undefined, b: Builtin): Command {
  return {
    id: '',
    token: '',
    create_at: 0,
    update_at: 0,
    delete_at: 0,
    creator_id: '',
    team_id: '',
    trigger: b.trigger,
    method: '',
    username: '',
    icon_url: '',
    auto_complete: typeof b.autoComplete === 'function' ? (ctx ? b.autoComplete(ctx) : true) : b.autoComplete,
    auto_complete_desc: b.desc,
    auto_complete_hint: b.hint,
    display_name: b.name,
    description: '',
    url: '',
    plugin_id: '',
  };
}
