// Follow / Following toggle of a thread, shown in the reply-thread pane header and in the Threads view.
import { useEffect, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { useStore } from '../store.ts';
import { ensureThreadState, setFollowing } from './threadActions.ts';

export function FollowButton({ rootId }: { rootId: string }): ReactNode {
  const teamId = useStore((s) => s.currentTeamId);
  const known = useStore((s) => !!s.userThreads[rootId]);
  const following = useStore((s) => s.userThreads[rootId]?.is_following ?? false);
  useEffect(() => {
    if (teamId && !known) void ensureThreadState(teamId, rootId);
  }, [teamId, rootId, known]);
  if (!known) return null;
  return (
    <button
      className={`follow-btn ${following ? 'following' : ''}`}
      aria-pressed={following}
      onClick={() => void setFollowing(teamId, rootId, !following)}
    >
      {following ? (
        <FormattedMessage id="threads.following" defaultMessage="Following" />
      ) : (
        <FormattedMessage id="threads.follow" defaultMessage="Follow" />
      )}
    </button>
  );
}
