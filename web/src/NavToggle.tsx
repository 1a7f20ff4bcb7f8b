// The ☰ button of a view's header that opens the channel list as a drawer on narrow screens.
import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';

export function NavToggle({ onToggle }: { onToggle: () => void }): ReactNode {
  const intl = useIntl();
  return (
    <button
      className="nav-toggle"
      aria-label={intl.formatMessage({ id: 'channel.toggleNav', defaultMessage: 'Toggle channel list' })}
      onClick={onToggle}
    >
      ☰
    </button>
  );
}
