// A user's presence as a coloured dot with a text label for assistive technology.
import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { usePresence } from './presence.ts';
import '../channels/channels.css';

export function PresenceDot({ userId }: { userId: string }): ReactNode {
  const intl = useIntl();
  const p = usePresence(userId) ?? 'offline';
  const labels = {
    online: intl.formatMessage({ id: 'presence.online', defaultMessage: 'Online' }),
    away: intl.formatMessage({ id: 'presence.away', defaultMessage: 'Away' }),
    dnd: intl.formatMessage({ id: 'presence.dnd', defaultMessage: 'Do not disturb' }),
    offline: intl.formatMessage({ id: 'presence.offline', defaultMessage: 'Offline' }),
  };
  return <span className={`presence ${p}`} role="img" aria-label={labels[p]} title={labels[p]} data-presence={p} />;
}
