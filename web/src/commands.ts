// Slash commands from the composer: text starting with "/" goes to POST /commands/execute instead of becoming a
// post; the answer's goto_location is followed (inside the app by the router, elsewhere in a new tab).
import type { CommandResponse } from '@mattermost/types/integrations';
import { client } from './api.ts';
import { attempt, logout } from './actions.ts';
import { getState } from './store.ts';
import { navigate } from './router.ts';

/** Whether the composer's text is a command (Mattermost: a leading "/", not "//" which escapes it). */
export function isSlashCommand(message: string): boolean {
  return message.startsWith('/') && !message.startsWith('//') && message.trim().length > 1;
}

/** Runs the command in the channel (and thread); false when the server refused it (its message is shown). */
export async function runSlashCommand(channelId: string, message: string, rootId = ''): Promise<boolean> {
  const teamId = getState().channels[channelId]?.team_id || getState().currentTeamId;
  const res = await attempt(
    () => client.executeCommand(message, { channel_id: channelId, team_id: teamId, root_id: rootId } as never) as Promise<CommandResponse>,
  );
  if (!res) return false;
  if (res.goto_location) await followGoto(res.goto_location, true);
  return true;
}

/**
 * A goto_location (a command's answer, an action's reply): inside the app by the router, elsewhere in a new tab; a
 * command's `/login` (the /logout command's answer) logs out.
 */
export async function followGoto(location: string, fromCommand = false): Promise<void> {
  let url: URL;
  try {
    url = new URL(location, window.location.origin);
  } catch {
    return;
  }
  // Only web links: a command's answer must not run script (javascript:) or open other schemes.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
  if (url.origin !== window.location.origin) {
    window.open(url.toString(), '_blank', 'noopener');
    return;
  }
  if (url.pathname === '/login' && fromCommand) return logout();
  navigate(url.pathname + url.search);
}
