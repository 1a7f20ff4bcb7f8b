// The bell in the channel header that opens the channel's notification preferences (ChannelNotifications.tsx, loaded
// when opened).
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useStore } from './store.ts';
import { unreadTitle, updateUnreadBadge } from './unread.ts';

const ChannelNotifications = lazy(() => import('./ChannelNotifications.tsx').then((m) => ({ default: m.ChannelNotifications })));

/** The header button (also keeps the tab title and favicon badge current while a channel is open). */
export function ChannelNotificationsButton({ channelId }: { channelId: string }): ReactNode {
  const [open, setOpen] = useState(false);
  const intl = useIntl();
  const title = useStore((s) => {
    const t = unreadTitle(s);
    return `${t.badge}|${t.title}`;
  });
  useEffect(() => updateUnreadBadge(), [title]);
  const label = intl.formatMessage({ id: 'channel_notifications.open', defaultMessage: 'Notification preferences' });
  return (
    <>
      <button className="icon" aria-label={label} title={label} onClick={() => setOpen(true)}>
        🔔
      </button>
      {open && (
        <Suspense fallback={null}>
          <ChannelNotifications channelId={channelId} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
