// Right-hand pane: a thread (root + replies, reply composer), search results, or a post's edit history.
import { lazy, Suspense, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { setState, useStore } from './store.ts';
import { Composer, PostItem, PostSequence, TypingIndicator } from './ChannelView.tsx';
import { FollowButton } from './threads/FollowButton.tsx';

// Search results and edit history are loaded when first shown.
const FoundPosts = lazy(() => import('./switcher/SearchResults.tsx').then((m) => ({ default: m.SearchResults })));
const EditHistory = lazy(() => import('./messages/EditHistory.tsx').then((m) => ({ default: m.EditHistory })));

export function Rhs(): ReactNode {
  const rhs = useStore((s) => s.rhs);
  const intl = useIntl();
  if (!rhs) return null;
  const title =
    rhs.kind === 'thread'
      ? intl.formatMessage({ id: 'rhs.thread', defaultMessage: 'Thread' })
      : rhs.kind === 'editHistory'
        ? intl.formatMessage({ id: 'rhs.editHistory', defaultMessage: 'Edit history' })
        : intl.formatMessage({ id: 'rhs.searchTitle', defaultMessage: 'Search: {terms}' }, { terms: rhs.terms });
  const label = rhs.kind === 'search' ? intl.formatMessage({ id: 'rhs.searchResults', defaultMessage: 'Search results' }) : title;
  return (
    <aside className="rhs" aria-label={label}>
      <header className="rhs-header">
        <h2>{title}</h2>
        {rhs.kind === 'thread' && <FollowButton rootId={rhs.rootId} />}
        <button
          className="icon"
          aria-label={intl.formatMessage({ id: 'rhs.close', defaultMessage: 'Close pane' })}
          onClick={() => setState({ rhs: null })}
        >
          ×
        </button>
      </header>
      {rhs.kind === 'thread' ? (
        <Thread rootId={rhs.rootId} />
      ) : (
        <Suspense fallback={null}>
          {rhs.kind === 'editHistory' ? (
            <EditHistory postId={rhs.postId} />
          ) : (
            <FoundPosts ids={rhs.ids} loading={rhs.loading} terms={rhs.terms} />
          )}
        </Suspense>
      )}
    </aside>
  );
}

/** A thread: its root, the replies and the reply composer (the RHS and the Threads view show it). */
export function Thread({ rootId }: { rootId: string }): ReactNode {
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
