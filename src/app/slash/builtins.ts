// The registry of built-in slash commands (Mattermost's command providers), by trigger.
import type { Command } from '../../model/command.ts';
import type { AppContext } from '../context.ts';
import { CHANNEL_BUILTINS } from './channel-commands.ts';
import { MOBILE_LOGS } from './mobile-logs.ts';
import { describe, type Builtin } from './types.ts';
import { USER_BUILTINS } from './user-commands.ts';

const ALL: Builtin[] = [...USER_BUILTINS, ...CHANNEL_BUILTINS, MOBILE_LOGS];
const BY_TRIGGER = new Map(ALL.map((b) => [b.trigger, b]));

export function builtinFor(trigger: string): Builtin | undefined {
  return BY_TRIGGER.get(trigger);
}

/** Every built-in as the command list describes it; with `ctx`, autocomplete flags follow the config. */
export function builtinCommands(ctx?: AppContext): Command[] {
  return ALL.map((b) => describe(ctx, b));
}
