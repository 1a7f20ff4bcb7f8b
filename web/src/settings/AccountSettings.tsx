// Account settings: a modal with tabs (Profile, Display, Notifications, Language, Security, MFA). Loaded on demand
// from the team menu.
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Modal } from '../Modal.tsx';
import { ProfileTab } from './ProfileTab.tsx';
import { DisplayTab } from './DisplayTab.tsx';
import { SecurityTab } from './SecurityTab.tsx';
import { NotificationsTab } from './NotificationsTab.tsx';
import { LanguageTab } from './LanguageTab.tsx';
import { MfaSetup } from './MfaSetup.tsx';
import { useStore } from '../store.ts';
import './settings.css';

type Tab = { id: string; label: ReactNode; panel: () => ReactNode };

export function AccountSettings(): ReactNode {
  const intl = useIntl();
  const me = useStore((s) => s.me);
  const tabs: Tab[] = [
    { id: 'profile', label: <FormattedMessage id="settings.tab.profile" defaultMessage="Profile" />, panel: () => <ProfileTab /> },
    { id: 'display', label: <FormattedMessage id="settings.tab.display" defaultMessage="Display" />, panel: () => <DisplayTab /> },
    {
      id: 'notifications',
      label: <FormattedMessage id="settings.tab.notifications" defaultMessage="Notifications" />,
      panel: () => <NotificationsTab />,
    },
    { id: 'language', label: <FormattedMessage id="settings.tab.language" defaultMessage="Language" />, panel: () => <LanguageTab /> },
    { id: 'security', label: <FormattedMessage id="settings.tab.security" defaultMessage="Security" />, panel: () => <SecurityTab /> },
    ...(me
      ? [
          {
            id: 'mfa',
            label: <FormattedMessage id="settings.tab.mfa" defaultMessage="Multi-factor authentication" />,
            panel: () => <MfaSetup user={me} />,
          },
        ]
      : []),
  ];
  const [current, setCurrent] = useState(tabs[0].id);
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const tab = tabs.find((t) => t.id === current) ?? tabs[0];

  function onKey(e: KeyboardEvent): void {
    const i = tabs.findIndex((t) => t.id === current);
    let next = -1;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    setCurrent(tabs[next].id);
    refs.current[tabs[next].id]?.focus();
  }

  return (
    <Modal title={intl.formatMessage({ id: 'settings.title', defaultMessage: 'Account settings' })}>
      <div className="settings">
        <div
          className="settings-tabs"
          role="tablist"
          aria-orientation="vertical"
          aria-label={intl.formatMessage({ id: 'settings.tabs', defaultMessage: 'Settings sections' })}
          onKeyDown={onKey}
        >
          {tabs.map((t) => (
            <button
              key={t.id}
              ref={(el) => {
                refs.current[t.id] = el;
              }}
              role="tab"
              id={`settings-tab-${t.id}`}
              aria-selected={t.id === current}
              aria-controls={`settings-panel-${t.id}`}
              tabIndex={t.id === current ? 0 : -1}
              className={t.id === current ? 'active' : ''}
              onClick={() => setCurrent(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div className="settings-panel" role="tabpanel" id={`settings-panel-${tab.id}`} aria-labelledby={`settings-tab-${tab.id}`}>
          {tab.panel()}
        </div>
      </div>
    </Modal>
  );
}
