// The BOT or GUEST tag beside a name (post header, profile popover), as Mattermost's web app shows them; guest tags
// follow the server's HideGuestTags.
import { useEffect, useState, type ReactNode } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { FormattedMessage } from 'react-intl';
import { clientConfig } from '../api.ts';
import { useStore } from '../store.ts';

export function UserTag({ userId, user: given }: { userId: string; user?: UserProfile | null }): ReactNode {
  const user = useStore((s) => s.users[userId]) ?? given ?? undefined;
  // Unknown until the config is read: a guest tag is shown only once the server is known not to hide it.
  const [hide, setHide] = useState<boolean | undefined>(undefined);
  const guest = !!user?.roles?.split(' ').includes('system_guest');
  useEffect(() => {
    if (guest) void clientConfig().then((c) => setHide(c.HideGuestTags === 'true'));
  }, [guest]);
  if (user?.is_bot)
    return (
      <span className="bot-tag">
        <FormattedMessage id="post.bot_tag" defaultMessage="BOT" />
      </span>
    );
  if (guest && hide === false)
    return (
      <span className="bot-tag">
        <FormattedMessage id="user.guest_tag" defaultMessage="GUEST" />
      </span>
    );
  return null;
}
