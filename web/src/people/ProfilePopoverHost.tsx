// Where the profile popover opens (a name, an avatar, an @mention): what is open, what opened it, and the host that
// shows it (ProfilePopover.tsx).
import type { ReactNode } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../api.ts';
import { addUsers, getState, setState, useStore } from '../store.ts';
import { ProfilePopover } from './ProfilePopover.tsx';

/** What opened the popover: focus goes back there when it closes. */
let opener: HTMLElement | null = null;

/** Opens the popover for `userId` beside `el`. */
export function openProfile(userId: string, el: Element, known?: UserProfile): void {
  opener = el instanceof HTMLElement ? el : null;
  const r = el.getBoundingClientRect();
  if (known && !getState().users[userId]) addUsers([known]);
  setState({ profilePopover: { userId, anchor: { top: r.top, left: r.left, bottom: r.bottom, right: r.right } } });
  if (!getState().users[userId]) void client.getProfilesByIds([userId]).then(addUsers, () => undefined);
}

/** Opens the popover of the user named `@username` (mentions carry a name, not an id). */
export async function openProfileByName(username: string, el: Element): Promise<void> {
  const known = Object.values(getState().users).find((u) => u.username === username);
  opener = el instanceof HTMLElement ? el : null;
  const r = el.getBoundingClientRect();
  const u = known ?? (await client.getUserByUsername(username).catch(() => null));
  if (!u) return;
  addUsers([u]);
  setState({ profilePopover: { userId: u.id, anchor: { top: r.top, left: r.left, bottom: r.bottom, right: r.right } } });
}

export function closeProfile(): void {
  setState({ profilePopover: null });
}

export function ProfilePopoverHost({ teamName }: { teamName: string }): ReactNode {
  const spec = useStore((s) => s.profilePopover);
  if (!spec) return null;
  // Not lazily loaded: under a Suspense boundary Preact could leave a discarded popover's focus trap behind, which then
  // swallowed Escape for the dialog beneath it and kept focus from returning to the opener.
  return <ProfilePopover key={spec.userId + spec.anchor.top} spec={spec} teamName={teamName} onClose={closeProfile} returnTo={opener} />;
}
