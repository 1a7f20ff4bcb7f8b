// Right-hand pane: a thread (root + replies, reply composer) or search results.
import type { ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { setState, useStore, channelTitle } from './store.ts';
import { Composer, PostItem, PostSequence, TypingIndicator, openThread } from './ChannelView.tsx';

export function Rhs(): ReactNode {
  const rhs = useStore((s) => s.rhs);
  const intl = useIntl();
  if (!rhs) return null;
  const thread = intl.formatMessage({ id: 'rhs.thread', defaultMessage: 'Thread' });
  return (
    <aside
      className="rhs"
      aria-label={rhs.kind === 'thread' ? thread : intl.formatMessage({ id: 'rhs.searchResults', defaultMessage: 'Search results' })}
    >
      <header className="rhs-header">
        <h2>
          {rhs.kind === 'thread'
            ? thread
            : intl.formatMessage({ id: 'rhs.searchTitle', defaultMessage: 'Search: {terms}' }, { terms: rhs.terms })}
        </h2>
        <button
          className="icon"
          aria-label={intl.formatMessage({ id: 'rhs.close', defaultMessage: 'Close pane' })}
          onClick={() => setState({ rhs: null })}
        >
          ×
        </button>
      </header>
      {rhs.kind === 'thread' ? <Thread rootId={rhs.rootId} /> : <SearchResults ids={rhs.ids} loading={rhs.loading} />}
    </aside>
  );
}

function Thread({ rootId }: { rootId: string }): ReactNode {
  const root = useStore((s) => s.posts[rootId]);
  const replies = useStore((s) => s.threads[rootId]);
  const intl = useIntl();
  if (!root)
    return (
      <p className="rhs-empty">
        <FormattedMessage id="common.loading" defaultMessage="Loading…" />
      </p>
    );
  return (
    <>
      <div
        className="thread-posts"
        role="log"
        aria-label={intl.formatMessage({ id: 'rhs.threadMessages', defaultMessage: 'Thread messages' })}
      >
        <PostItem post={root} grouped={false} inThread />
        <div className="thread-count">
          {replies ? (
            <FormattedMessage
              id="post.replyCount"
              defaultMessage="{count, plural, one {# reply} other {# replies}}"
              values={{ count: replies.length }}
            />
          ) : (
            <FormattedMessage id="rhs.loadingReplies" defaultMessage="Loading replies…" />
          )}
        </div>
        <PostSequence ids={replies ?? []} inThread after={root} />
      </div>
      <TypingIndicator channelId={root.channel_id} rootId={rootId} />
      <Composer
        key={rootId}
        channelId={root.channel_id}
        rootId={rootId}
        placeholder={intl.formatMessage({ id: 'rhs.replyPlaceholder', defaultMessage: 'Reply…' })}
      />
    </>
  );
}

function SearchResults({ ids, loading }: { ids: string[]; loading: boolean }): ReactNode {
  const posts = useStore((s) => s.posts);
  const channels = useStore((s) => s.channels);
  const state = useStore((s) => s);
  if (loading)
    return (
      <p className="rhs-empty">
        <FormattedMessage id="rhs.searching" defaultMessage="Searching…" />
      </p>
    );
  if (!ids.length)
    return (
      <p className="rhs-empty">
        <FormattedMessage id="rhs.noResults" defaultMessage="No results." />
      </p>
    );
  return (
    <div className="search-results" role="list">
      {ids.map((id) => {
        const p = posts[id];
        if (!p) return null;
        const ch = channels[p.channel_id];
        return (
          <div key={id} role="listitem" className="search-result">
            <div className="search-channel">{ch ? channelTitle(ch, state) : ''}</div>
            <PostItem post={p} grouped={false} inThread />
            <button className="link" onClick={() => openThread(p.root_id || p.id)}>
              <FormattedMessage id="rhs.openThread" defaultMessage="Open thread" />
            </button>
          </div>
        );
      })}
    </div>
  );
}
