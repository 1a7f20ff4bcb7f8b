// Right-hand pane: a thread (root + replies, reply composer) or search results.
import type { ReactNode } from 'react';
import { setState, useStore } from './store.ts';
import { Composer, PostItem, PostSequence, TypingIndicator } from './ChannelView.tsx';
import { SearchResults as FoundPosts } from './switcher/SearchResults.tsx';

export function Rhs(): ReactNode {
  const rhs = useStore((s) => s.rhs);
  if (!rhs) return null;
  return (
    <aside className="rhs" aria-label={rhs.kind === 'thread' ? 'Thread' : 'Search results'}>
      <header className="rhs-header">
        <h2>{rhs.kind === 'thread' ? 'Thread' : `Search: ${rhs.terms}`}</h2>
        <button className="icon" aria-label="Close pane" onClick={() => setState({ rhs: null })}>
          ×
        </button>
      </header>
      {rhs.kind === 'thread' ? <Thread rootId={rhs.rootId} /> : <FoundPosts ids={rhs.ids} loading={rhs.loading} terms={rhs.terms} />}
    </aside>
  );
}

function Thread({ rootId }: { rootId: string }): ReactNode {
  const root = useStore((s) => s.posts[rootId]);
  const replies = useStore((s) => s.threads[rootId]);
  if (!root) return <p className="rhs-empty">Loading…</p>;
  return (
    <>
      <div className="thread-posts" role="log" aria-label="Thread messages">
        <PostItem post={root} grouped={false} inThread />
        <div className="thread-count">
          {replies ? `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}` : 'Loading replies…'}
        </div>
        <PostSequence ids={replies ?? []} inThread after={root} />
      </div>
      <TypingIndicator channelId={root.channel_id} rootId={rootId} />
      <Composer key={rootId} channelId={root.channel_id} rootId={rootId} placeholder="Reply…" />
    </>
  );
}
