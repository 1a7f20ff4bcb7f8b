// "N members" for the channel browser: counts asked in one batch (POST /channels/stats/member_count).
import { useSyncExternalStore, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { client } from '../api.ts';

const counts: Record<string, number> = {};
const listeners = new Set<() => void>();
const pending: string[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
const asked = new Set<string>();

function request(id: string): void {
  if (asked.has(id)) return;
  asked.add(id);
  pending.push(id);
  clearTimeout(timer);
  timer = setTimeout(() => {
    const ids = pending.splice(0, pending.length);
    for (let i = 0; i < ids.length; i += 200) {
      client.getChannelsMemberCount(ids.slice(i, i + 200)).then(
        (res) => {
          Object.assign(counts, res);
          for (const l of listeners) l();
        },
        () => ids.forEach((x) => asked.delete(x)),
      );
    }
  }, 20);
}

export function MemberCount({ channelId }: { channelId: string }): ReactNode {
  const n = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => counts[channelId],
  );
  request(channelId);
  if (n === undefined) return null;
  return (
    <div className="muted member-count">
      <FormattedMessage
        id="channel.browse.members"
        defaultMessage="{count, plural, one {# member} other {# members}}"
        values={{ count: n }}
      />
    </div>
  );
}
