// Channel use-cases of the UI beyond actions.ts: where to go after leaving (or losing) a channel.
import { getState, setState, teamChannels } from './store.ts';
import { channelPath, navigate } from './router.ts';

/** The channel to show instead of `goneId`: town-square, else the first other public channel, else any other. */
export function fallbackChannelPath(goneId: string): string | undefined {
  const s = getState();
  const team = s.teams.find((t) => t.id === s.currentTeamId);
  if (!team) return undefined;
  const list = teamChannels(s, team.id).filter((c) => c.id !== goneId);
  const next = list.find((c) => c.name === 'town-square') ?? list.find((c) => c.type === 'O') ?? list[0];
  return next ? channelPath(team.name, next) : `/${team.name}`;
}

/**
 * After the user left `channelId`: forget it and, when it was open, move to the fallback channel first, so a late
 * reply or websocket event can never leave the view on no channel.
 */
export function afterLeave(channelId: string): void {
  const wasOpen = getState().currentChannelId === channelId;
  const dest = fallbackChannelPath(channelId);
  setState((s) => {
    const channels = { ...s.channels };
    const members = { ...s.members };
    delete channels[channelId];
    delete members[channelId];
    return { channels, members, dialog: null };
  });
  if (wasOpen && dest) navigate(dest, true);
}
