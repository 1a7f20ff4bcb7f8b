// The drafts of one team as the Drafts view and its sidebar entry list them: channel and thread drafts of the team's
// channels and of direct and group messages, newest first (Mattermost's Drafts).
import { getState, type DraftEntry, type State } from '../store.ts';

export type TeamDraft = { key: string; channelId: string; rootId: string; entry: DraftEntry };

/** The team's drafts with text or files whose channel the viewer has, newest change first. */
export function teamDrafts(s: Pick<State, 'drafts' | 'channels'>, teamId: string): TeamDraft[] {
  const out: TeamDraft[] = [];
  for (const [key, entry] of Object.entries(s.drafts)) {
    const [channelId, rootId = ''] = key.split(':');
    const ch = s.channels[channelId];
    if (!ch || ch.delete_at || (ch.team_id !== teamId && ch.type !== 'D' && ch.type !== 'G')) continue;
    if (!entry.message && !entry.files?.length) continue;
    out.push({ key, channelId, rootId, entry });
  }
  return out.sort((a, b) => b.entry.updateAt - a.entry.updateAt || (a.key < b.key ? -1 : 1));
}

/** How many drafts the current team has (the sidebar's count). */
export function teamDraftCount(teamId: string): number {
  return teamDrafts(getState(), teamId).length;
}
