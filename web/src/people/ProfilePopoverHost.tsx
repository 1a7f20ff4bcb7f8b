// Where the profile popover opens (a name, an avatar, an @mention): what is open, and the host that shows it, with
// the popover itself (ProfilePopover.tsx) loaded when one opens.
import { lazy, Suspense, type ReactNode } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client } from '../api.ts';
import { addUsers, getState, setState, useStore } from '../store.ts';

const ProfilePopover = lazy(() => import('./ProfilePopover.tsx').then((m) => ({ default: m.ProfilePopover })));

/** Opens the popover for `userId` beside `el`. */
export function openProfile(userId: string, el: Element, known?: UserProfile): void {
  const r = el.getBoundingClientRect();
  if (known && !getState().users[userId]) addUsers([known]);
  setState({ profilePopover: { userId, anchor: { top: r.top, left: r.left, bottom: r.bottom, right: r.right } } });
  if (!getState().users[userId]) void client.getProfilesByIds([userId]).then(addUsers, () => undefined);
}

/** Opens the popover of the user named `@username` (mentions carry a name, not an id). */
export async function openProfileByName(username: string, el: Element): Promise<void> {
  const known = Object.values(getState().users).find((u) => u.username === username);
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
  return (
    <Suspense fallback={null}>
      <ProfilePopover key={spec.userId + spec.anchor.top} spec={spec} teamName={teamName} />
    </Suspense>
  );
}
