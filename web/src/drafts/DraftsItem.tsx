// The sidebar's "Drafts" entry (Mattermost's): shown while the team has drafts (or the view is open), with their count.
import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useStore } from '../store.ts';
import { navigate } from '../router.ts';
import { teamDrafts } from './draftList.ts';
import './drafts-item.css';

export function DraftsItem({ teamId, teamName, active }: { teamId: string; teamName: string; active: boolean }): ReactNode {
  const intl = useIntl();
  const drafts = useStore((s) => s.drafts);
  const channels = useStore((s) => s.channels);
  const count = teamDrafts({ drafts, channels }, teamId).length;
  if (!count && !active) return null;
  const title = intl.formatMessage({ id: 'sidebar.drafts', defaultMessage: 'Drafts' });
  return (
    <div className="sidebar-threads sidebar-drafts">
      <a
        href={`/${teamName}/drafts`}
        className={`channel-item ${active ? 'active' : ''}`}
        aria-current={active ? 'page' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/${teamName}/drafts`);
        }}
      >
        <span className="prefix" aria-hidden="true">
          ✎
        </span>
        <span className="title">{title}</span>
        {count > 0 && (
          <span
            className="draft-count"
            title={intl.formatMessage(
              { id: 'sidebar.draftsCount', defaultMessage: '{count, plural, one {# draft} other {# drafts}}' },
              { count },
            )}
          >
            {count}
          </span>
        )}
      </a>
    </div>
  );
}
