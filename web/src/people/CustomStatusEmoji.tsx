// A user's custom status emoji beside their name (post header, sidebar, popover); nothing when none is set or it
// has expired. Its label carries the status text for assistive technology and the tooltip.
import type { ReactNode } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { useIntl } from 'react-intl';
import { useStore } from '../store.ts';
import { Emoji } from '../emoji/Emoji.tsx';
import { activeCustomStatus, useNow } from './customStatus.ts';
import './people.css';

/** `user`: the profile a list fetched itself, used while the store has none for `userId`. */
export function CustomStatusEmoji({ userId, user: given }: { userId: string; user?: UserProfile }): ReactNode {
  const user = useStore((s) => s.users[userId]) ?? given;
  const intl = useIntl();
  const first = activeCustomStatus(user);
  const now = useNow(first?.expiresAt ?? 0, 60_000, true);
  const cs = activeCustomStatus(user, now);
  if (!cs) return null;
  const label = intl.formatMessage(
    { id: 'custom_status.emojiLabel', defaultMessage: 'Custom status: {text}' },
    { text: cs.text || cs.emoji },
  );
  return (
    <span className="custom-status-emoji" role="img" aria-label={label} title={cs.text || undefined} data-emoji={cs.emoji}>
      <Emoji name={cs.emoji} />
    </span>
  );
}
