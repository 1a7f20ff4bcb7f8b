// Slash commands as Mattermost's wire has them: the Command row, the CommandResponse a command answers with, the
// autocomplete suggestion list, and the validation limits of model/command.go.
import { appError } from './app-error.ts';

export interface Command {
  id: string;
  token: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  creator_id: string;
  team_id: string;
  trigger: string;
  method: string;
  username: string;
  icon_url: string;
  auto_complete: boolean;
  auto_complete_desc: string;
  auto_complete_hint: string;
  display_name: string;
  description: string;
  url: string;
  plugin_id: string;
}

/** Mattermost's limits (model/command.go); the autocomplete texts and overrides are bounded by Parley as well. */
export const CommandLimits = {
  minTrigger: 1,
  maxTrigger: 128,
  maxURL: 1024,
  maxDisplayName: 64,
  maxDescription: 128,
  maxAutocompleteText: 1024,
  maxUsername: 64,
  maxIconURL: 1024,
  /** The whole `/trigger text` a client may send to /commands/execute (Mattermost's post limit). */
  maxCommand: 16383,
} as const;

export const COMMAND_METHOD_POST = 'P';
export const COMMAND_METHOD_GET = 'G';

/** `response_type` values: in_channel stores a post; ephemeral (or empty) shows it to the caller only. */
export const RESPONSE_IN_CHANNEL = 'in_channel';
export const RESPONSE_EPHEMERAL = 'ephemeral';

export interface CommandResponse {
  response_type?: string;
  text?: string;
  username?: string;
  channel_id?: string;
  icon_url?: string;
  type?: string;
  props?: Record<string, unknown>;
  goto_location?: string;
  trigger_id?: string;
  skip_slack_parsing?: boolean;
  attachments?: unknown[];
  extra_responses?: CommandResponse[];
}

/** One line of the autocomplete_suggestions answer (PascalCase, as Mattermost's AutocompleteSuggestion). */
export interface AutocompleteSuggestion {
  Complete: string;
  Suggestion: string;
  Hint: string;
  Description: string;
  IconData: string;
}

function isHttpURL(url: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** Mattermost's Command.IsValid, in its order (ids and team are set by the server before this runs). */
export function validateCommand(c: Command): void {
  const where = 'Command.IsValid';
  if (
    c.trigger.length < CommandLimits.minTrigger ||
    c.trigger.length > CommandLimits.maxTrigger ||
    c.trigger.startsWith('/') ||
    c.trigger.includes(' ')
  )
    throw appError('model.command.is_valid.trigger.app_error', where);
  if (!c.url || c.url.length > CommandLimits.maxURL) throw appError('model.command.is_valid.url.app_error', where);
  if (!isHttpURL(c.url)) throw appError('model.command.is_valid.url_http.app_error', where);
  if (c.method !== COMMAND_METHOD_GET && c.method !== COMMAND_METHOD_POST) throw appError('model.command.is_valid.method.app_error', where);
  if (c.display_name.length > CommandLimits.maxDisplayName) throw appError('model.command.is_valid.display_name.app_error', where);
  if (c.description.length > CommandLimits.maxDescription) throw appError('model.command.is_valid.description.app_error', where);
  if (c.auto_complete_desc.length > CommandLimits.maxAutocompleteText || c.auto_complete_hint.length > CommandLimits.maxAutocompleteText)
    throw appError('model.command.is_valid.autocomplete_data.app_error', where);
  if (c.username.length > CommandLimits.maxUsername) throw appError('model.command.is_valid.username.app_error', where);
  if (c.icon_url.length > CommandLimits.maxIconURL) throw appError('model.command.is_valid.icon_url.app_error', where);
}

/** Mattermost's Sanitize: what a list of commands for everyone's autocomplete leaves out. */
export function sanitizeCommand(c: Command): Command {
  return { ...c, token: '', creator_id: '', method: '', url: '', username: '', icon_url: '' };
}

/** The response as Mattermost serialises it: every field present (no omitempty), props/attachments null when absent. */
export function commandResponseForClient(r: CommandResponse): Required<
  Omit<CommandResponse, 'props' | 'attachments' | 'extra_responses'>
> & {
  props: Record<string, unknown> | null;
  attachments: unknown[] | null;
  extra_responses: unknown[] | null;
} {
  return {
    response_type: r.response_type ?? '',
    text: r.text ?? '',
    username: r.username ?? '',
    channel_id: r.channel_id ?? '',
    icon_url: r.icon_url ?? '',
    type: r.type ?? '',
    props: r.props ?? null,
    goto_location: r.goto_location ?? '',
    trigger_id: r.trigger_id ?? '',
    skip_slack_parsing: !!r.skip_slack_parsing,
    attachments: r.attachments ?? null,
    extra_responses: r.extra_responses ? r.extra_responses.map(commandResponseForClient) : null,
  };
}
