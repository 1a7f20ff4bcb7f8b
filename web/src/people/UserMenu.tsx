// The signed-in user's own menu in the sidebar header (Mattermost's avatar menu): the name with its custom status,
// "Set a custom status", "Clear custom status" while one is set, and the own profile.
import { useRef, useState, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { setState, showNotice, useStore } from '../store.ts';
import { errorMessage } from '../api.ts';
import { focusFirstItem, menuKeyDown } from '../a11y/menu.ts';
import { CustomStatusEmoji } from './CustomStatusEmoji.tsx';
import { activeCustomStatus, clearCustomStatus } from './customStatus.ts';
import { openProfile } from './ProfilePopoverHost.tsx';

export function UserMenu(): ReactNode {
  const me = useStore((s) => s.me);
  const mine = useStore((s) => (s.me ? s.users[s.me.id] : undefined)) ?? me ?? undefined;
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  if (!me) return null;
  const hasStatus = !!activeCustomStatus(mine);
  const done = (): void => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="me-name">
      <button ref={button} className="me-menu-btn" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        @{me.username}
        <span className="sr-only">
          {' '}
          <FormattedMessage id="user_menu.button" defaultMessage="Account menu" />
        </span>
      </button>
      <CustomStatusEmoji userId={me.id} user={me} />
      {open && (
        <div className="menu" role="menu" ref={focusFirstItem} onKeyDown={(e) => menuKeyDown(e, done)}>
          <button
            role="menuitem"
            onClick={() => {
              done();
              setState({ dialog: { kind: 'customStatus' } });
            }}
          >
            <FormattedMessage id="custom_status.set" defaultMessage="Set a custom status" />
          </button>
          {hasStatus && (
            <button
              role="menuitem"
              onClick={() => {
                done();
                clearCustomStatus().catch((err: unknown) => showNotice(errorMessage(err)));
              }}
            >
              <FormattedMessage id="custom_status.clearMenu" defaultMessage="Clear custom status" />
            </button>
          )}
          <button
            role="menuitem"
            onClick={() => {
              done();
              if (button.current) openProfile(me.id, button.current, me);
            }}
          >
            <FormattedMessage id="user_menu.profile" defaultMessage="View profile" />
          </button>
        </div>
      )}
    </div>
  );
}
