// The modal frame every dialog uses (Escape and a click outside close it), its error line and a user row.
import { useEffect, useRef, type ReactNode } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { useIntl } from 'react-intl';
import { setState } from './store.ts';
import { PresenceDot } from './people/PresenceDot.tsx';
import { useFocusTrap } from './messages/focus.ts';
import { openProfile } from './people/ProfilePopoverHost.tsx';
import { CustomStatusEmoji } from './people/CustomStatusEmoji.tsx';

export function close(): void {
  setState({ dialog: null, profilePopover: null });
}

export function Modal({ title, children }: { title: string; children: ReactNode }): ReactNode {
  const intl = useIntl();
  // focus moves in, Tab stays inside, and focus returns where it was when the dialog closes
  const box = useRef<HTMLDivElement>(null);
  useFocusTrap(box);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} ref={box}>
        <header>
          <h2>{title}</h2>
          <button className="icon" aria-label={intl.formatMessage({ id: 'modal.close', defaultMessage: 'Close dialog' })} onClick={close}>
            ×
          </button>
        </header>
        {children}
      </div>
    </div>
  );
}

export function ErrorText({ text }: { text: string }): ReactNode {
  return text ? (
    <p className="error" role="alert">
      {text}
    </p>
  ) : null;
}

export function UserRow({ u, action, label }: { u: UserProfile; action?: () => void; label?: string }): ReactNode {
  return (
    <li>
      <div>
        <PresenceDot userId={u.id} />
        <button
          type="button"
          className="author-btn"
          aria-haspopup="dialog"
          aria-label={`@${u.username}`}
          onClick={(e) => openProfile(u.id, e.currentTarget, u)}
        >
          @{u.username}
        </button>
        <CustomStatusEmoji userId={u.id} user={u} />
        {(u.first_name || u.last_name) && (
          <span className="muted">
            {' '}
            {u.first_name} {u.last_name}
          </span>
        )}
      </div>
      {action && (
        <button onClick={action} aria-label={`${label} ${u.username}`}>
          {label}
        </button>
      )}
    </li>
  );
}
