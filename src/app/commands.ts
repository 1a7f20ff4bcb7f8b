// Custom slash commands: create, list, read, update, move, regenerate the token and delete, with Mattermost's
// permissions (manage_own_slash_commands in the team; manage_others_slash_commands for someone else's) and the
// ServiceSettings.EnableCommands switch (501 when off).
import { appError, Errors } from '../model/app-error.ts';
import { COMMAND_METHOD_POST, sanitizeCommand, validateCommand, type AutocompleteSuggestion, type Command } from '../model/command.ts';
import { newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { Actor } from './actor.ts';
import { hasTeamPermission, requireTeamPermission } from './authz.ts';
import { builtinCommands } from './slash/builtins.ts';
import type { AppContext } from './context.ts';
import { getTeamOr404 } from './teams.ts';
import { getUserOr404 } from './users.ts';

/** A command as a client sends it to POST or PUT /commands (the fields Parley reads). */
export interface CommandInput {
  id?: string | null;
  team_id?: string | null;
  creator_id?: string | null;
  trigger?: string | null;
  method?: string | null;
  username?: string | null;
  icon_url?: string | null;
  auto_complete?: boolean | null;
  auto_complete_desc?: string | null;
  auto_complete_hint?: string | null;
  display_name?: string | null;
  description?: string | null;
  url?: string | null;
}

export function requireCommandsEnabled(ctx: AppContext, where: string): void {
  if (!ctx.config().ServiceSettings.EnableCommands) throw appError('api.command.disabled.app_error', where);
}

function fieldsOf(
  input: CommandInput,
): Omit<Command, 'id' | 'token' | 'create_at' | 'update_at' | 'delete_at' | 'creator_id' | 'team_id' | 'plugin_id'> {
  return {
    trigger: (input.trigger ?? '').toLowerCase(),
    method: input.method || COMMAND_METHOD_POST,
    username: input.username ?? '',
    icon_url: input.icon_url ?? '',
    auto_complete: !!input.auto_complete,
    auto_complete_desc: input.auto_complete_desc ?? '',
    auto_complete_hint: input.auto_complete_hint ?? '',
    display_name: input.display_name ?? '',
    description: input.description ?? '',
    url: input.url ?? '',
  };
}

/** The trigger must be free: no built-in and no other live command of the team has it. */
async function requireFreeTrigger(ctx: AppContext, teamId: string, trigger: string, exceptId = ''): Promise<void> {
  const taken = builtinCommands().some((b) => b.trigger === trigger);
  const other = await ctx.store.commands.getByTrigger(teamId, trigger);
  if (taken || (other && other.id !== exceptId)) throw appError('api.command.duplicate_trigger.app_error', 'CreateCommand');
}

/** POST /commands: own-permission in the team; another creator needs the others-permission and must exist. */
export async function createCommand(ctx: AppContext, actor: Actor, input: CommandInput): Promise<Command> {
  requireCommandsEnabled(ctx, 'CreateCommand');
  const teamId = input.team_id ?? '';
  if (!teamId) throw appError('model.command.is_valid.team_id.app_error', 'Command.IsValid');
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_OWN_SLASH_COMMANDS, 'createCommand');
  let creatorId = actor.userId;
  if (input.creator_id && input.creator_id !== actor.userId) {
    await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_OTHERS_SLASH_COMMANDS, 'createCommand');
    creatorId = (await getUserOr404(ctx, input.creator_id)).id;
  }
  await getTeamOr404(ctx, teamId);
  const now = Date.now();
  const cmd: Command = {
    id: newId(),
    token: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    creator_id: creatorId,
    team_id: teamId,
    plugin_id: '',
    ...fieldsOf(input),
  };
  validateCommand(cmd);
  await requireFreeTrigger(ctx, teamId, cmd.trigger);
  await ctx.store.commands.save(cmd);
  return cmd;
}

/**
 * GET /commands?team_id&custom_only: `custom_only` lists the team's custom commands (one's own only without the
 * others-permission), unsanitized; otherwise the autocomplete list, or with the own-permission every custom command.
 */
export async function listCommands(ctx: AppContext, actor: Actor, teamId: string, customOnly: boolean): Promise<Command[]> {
  if (!teamId) throw Errors.invalidUrlParam('team_id');
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'listCommands');
  const mayManage = await hasTeamPermission(ctx, actor, teamId, Permissions.MANAGE_OWN_SLASH_COMMANDS);
  if (customOnly) {
    if (!mayManage) throw Errors.forbidden('listCommands', actor.userId, Permissions.MANAGE_OWN_SLASH_COMMANDS);
    requireCommandsEnabled(ctx, 'ListTeamCommands');
    const all = await ctx.store.commands.listByTeam(teamId);
    if (await hasTeamPermission(ctx, actor, teamId, Permissions.MANAGE_OTHERS_SLASH_COMMANDS)) return all;
    return all.filter((c) => c.creator_id === actor.userId);
  }
  return listAutocompleteCommands(ctx, teamId, mayManage);
}

/**
 * Mattermost's ListAutocompleteCommands (the team's autocompleted custom commands, then the autocompleted built-ins)
 * or, with `allCustom`, ListAllCommands (the autocompleted built-ins, then every custom command); sanitized, one per
 * trigger.
 */
export async function listAutocompleteCommands(ctx: AppContext, teamId: string, allCustom = false): Promise<Command[]> {
  const builtins = builtinCommands(ctx).filter((b) => b.auto_complete);
  const custom = ctx.config().ServiceSettings.EnableCommands
    ? (await ctx.store.commands.listByTeam(teamId)).filter((c) => allCustom || c.auto_complete).map(sanitizeCommand)
    : [];
  const seen = new Set<string>();
  const out: Command[] = [];
  for (const c of allCustom ? [...builtins, ...custom] : [...custom, ...builtins]) {
    if (seen.has(c.trigger)) continue;
    seen.add(c.trigger);
    out.push(c);
  }
  return out;
}

/** GET /teams/{id}/commands/autocomplete: view_team. */
export async function listTeamAutocompleteCommands(ctx: AppContext, actor: Actor, teamId: string): Promise<Command[]> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'listAutocompleteCommands');
  return listAutocompleteCommands(ctx, teamId);
}

const notFound = () => appError('store.sql_command.save.get.app_error', 'GetCommand');

/** GET /commands/{id}: every refusal is a 404, as Mattermost hides commands one may not manage. */
export async function getCommand(ctx: AppContext, actor: Actor, commandId: string): Promise<Command> {
  requireCommandsEnabled(ctx, 'GetCommand');
  const cmd = await ctx.store.commands.get(commandId);
  if (!cmd) throw notFound();
  const ok =
    (await hasTeamPermission(ctx, actor, cmd.team_id, Permissions.VIEW_TEAM)) &&
    (await hasTeamPermission(ctx, actor, cmd.team_id, Permissions.MANAGE_OWN_SLASH_COMMANDS)) &&
    (cmd.creator_id === actor.userId || (await hasTeamPermission(ctx, actor, cmd.team_id, Permissions.MANAGE_OTHERS_SLASH_COMMANDS)));
  if (!ok) throw notFound();
  return cmd;
}

/** The command to change: live, and the actor's (own-permission) or anyone's (others-permission) in its team. */
async function commandToManage(ctx: AppContext, actor: Actor, commandId: string, where: string): Promise<Command> {
  requireCommandsEnabled(ctx, where);
  const cmd = await ctx.store.commands.get(commandId);
  if (!cmd) throw notFound();
  await requireTeamPermission(ctx, actor, cmd.team_id, Permissions.MANAGE_OWN_SLASH_COMMANDS, where);
  if (cmd.creator_id !== actor.userId)
    await requireTeamPermission(ctx, actor, cmd.team_id, Permissions.MANAGE_OTHERS_SLASH_COMMANDS, where);
  return cmd;
}

async function saveChanged(ctx: AppContext, cmd: Command): Promise<Command> {
  if (!(await ctx.store.commands.update(cmd))) throw appError('store.sql_command.update.missing.app_error', 'SqlCommandStore.Update');
  return cmd;
}

/** PUT /commands/{id}: the body's id is the path's; token, creator, team and plugin are kept. */
export async function updateCommand(ctx: AppContext, actor: Actor, commandId: string, input: CommandInput): Promise<Command> {
  if (input.id !== commandId) throw Errors.invalidBodyParam('id');
  const old = await commandToManage(ctx, actor, commandId, 'updateCommand');
  if (input.team_id !== old.team_id) throw appError('api.command.team_mismatch.app_error', 'updateCommand');
  const cmd: Command = { ...old, ...fieldsOf(input), update_at: Date.now() };
  validateCommand(cmd);
  if (cmd.trigger !== old.trigger) await requireFreeTrigger(ctx, cmd.team_id, cmd.trigger, cmd.id);
  return saveChanged(ctx, cmd);
}

/** PUT /commands/{id}/move: permissions in both teams; the creator must be able to manage commands in the new one. */
export async function moveCommand(ctx: AppContext, actor: Actor, commandId: string, teamId: string): Promise<void> {
  if (!teamId) throw Errors.invalidBodyParam('team_id');
  const cmd = await commandToManage(ctx, actor, commandId, 'moveCommand');
  const team = await getTeamOr404(ctx, teamId);
  await requireTeamPermission(ctx, actor, team.id, Permissions.MANAGE_OWN_SLASH_COMMANDS, 'moveCommand');
  if (cmd.creator_id !== actor.userId)
    await requireTeamPermission(ctx, actor, team.id, Permissions.MANAGE_OTHERS_SLASH_COMMANDS, 'moveCommand');
  if (cmd.creator_id) {
    const creator = await getUserOr404(ctx, cmd.creator_id);
    const creatorActor = { userId: creator.id, roles: creator.roles, isBot: creator.is_bot, isIntegration: false };
    if (!(await hasTeamPermission(ctx, creatorActor, team.id, Permissions.MANAGE_OWN_SLASH_COMMANDS)))
      throw appError('api.command.move_command.creator_no_permission.app_error', 'moveCommand');
  }
  if (team.id === cmd.team_id) return;
  await requireFreeTrigger(ctx, team.id, cmd.trigger, cmd.id);
  await saveChanged(ctx, { ...cmd, team_id: team.id, update_at: Date.now() });
}

/** PUT /commands/{id}/regen_token: a new secret; the only answer carrying it besides the command itself. */
export async function regenCommandToken(ctx: AppContext, actor: Actor, commandId: string): Promise<{ token: string }> {
  const cmd = await commandToManage(ctx, actor, commandId, 'regenCommandToken');
  const saved = await saveChanged(ctx, { ...cmd, token: newId(), update_at: Date.now() });
  return { token: saved.token };
}

/** DELETE /commands/{id}: soft delete. */
export async function deleteCommand(ctx: AppContext, actor: Actor, commandId: string): Promise<void> {
  const cmd = await commandToManage(ctx, actor, commandId, 'deleteCommand');
  await ctx.store.commands.softDelete(cmd.id, Date.now());
}

/** Longest user_input read for suggestions. */
const MAX_SUGGESTION_INPUT = 1024;

/**
 * GET /teams/{id}/commands/autocomplete_suggestions: the autocompleted commands whose trigger starts with the typed
 * word (Mattermost's GetSuggestions over commands without sub-commands or arguments), by trigger.
 */
export async function getAutocompleteSuggestions(
  ctx: AppContext,
  actor: Actor,
  teamId: string,
  userInput: string,
): Promise<AutocompleteSuggestion[]> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'listCommandAutocompleteSuggestions');
  if (!userInput) throw Errors.invalidUrlParam('user_input');
  const input = userInput.slice(0, MAX_SUGGESTION_INPUT).replace(/^\//, '');
  if (input.includes(' ')) return [];
  const commands = (await listAutocompleteCommands(ctx, teamId)).sort((a, b) =>
    a.trigger.toLowerCase().localeCompare(b.trigger.toLowerCase()),
  );
  return commands
    .filter((c) => c.trigger.startsWith(input.toLowerCase()))
    .map((c) => ({
      Complete: c.trigger,
      Suggestion: c.trigger,
      Hint: c.auto_complete_hint,
      Description: c.auto_complete_desc,
      IconData: '',
    }));
}
