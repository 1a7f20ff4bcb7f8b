// Search results in the right-hand pane: each with its channel and date, the terms marked, a jump to the message in
// its channel (the permalink) and the thread.
import type { ReactNode } from 'react';
import { FormattedDate, FormattedMessage, useIntl } from 'react-intl';
import { channelTitle, getState, useStore } from '../store.ts';
import { navigate } from '../router.ts';
import { PostItem, openThread } from '../ChannelView.tsx';

export function SearchResults({ ids, loading, terms }: { ids: string[]; loading: boolean; terms: string }): ReactNode {
  const intl = useIntl();
  const posts = useStore((s) => s.posts);
  const channels = useStore((s) => s.channels);
  const state = useStore((s) => s);
  if (loading)
    return (
      <p className="rhs-empty">
        <FormattedMessage id="search.searching" defaultMessage="Searching…" />
      </p>
    );
  if (!ids.length)
    return (
      <p className="rhs-empty">
        <FormattedMessage id="search.none" defaultMessage="No results." />
      </p>
    );
  const words = terms.split(/\s+/).filter((w) => w && !/^(from|in|on|before|after):/i.test(w) && !w.startsWith('-'));
  return (
    <div className="search-results" role="list">
      {ids.map((id) => {
        const p = posts[id];
        if (!p) return null;
        const ch = channels[p.channel_id];
        return (
          <div key={id} role="listitem" className="search-result">
            <div className="search-channel">
              {ch ? channelTitle(ch, state) : ''}
              {' · '}
              <FormattedDate value={p.create_at} year="numeric" month="short" day="numeric" />
            </div>
            <PostItem post={p} grouped={false} inThread highlight={words} />
            <div className="search-actions">
              <button
                className="link"
                aria-label={intl.formatMessage({ id: 'search.jump_label', defaultMessage: 'Jump to message' })}
                onClick={() => {
                  const s = getState();
                  const team = s.teams.find((t) => t.id === s.currentTeamId);
                  if (team) navigate(`/${team.name}/pl/${p.id}`);
                }}
              >
                <FormattedMessage id="search.jump" defaultMessage="Jump" />
              </button>
              <button className="link" onClick={() => openThread(p.root_id || p.id)}>
                <FormattedMessage id="search.open_thread" defaultMessage="Open thread" />
              </button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
