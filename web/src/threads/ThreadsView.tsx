// The Threads view (/<team>/threads[/<thread_id>]): followed threads with unread marks, "All your threads" / "Unreads",
// "Mark all as read", a menu per thread, and the chosen thread read beside the list. Loaded lazily by MainView.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, FormattedRelativeTime, useIntl } from 'react-intl';
import type { UserThread } from '@mattermost/types/threads';
import { channelTitle, displayName, getState, useStore, type State } from '../store.ts';
import { navigate } from '../router.ts';
import { loadThread } from '../actions.ts';
import { Thread } from '../Rhs.tsx';
import { copyLink } from '../messages/postActions.ts';
import { useMenu } from '../a11y/menu.ts';
import { FollowButton } from './FollowButton.tsx';
import { loadOlderThreads, loadUserThreads, markAllThreadsRead, markThreadRead, markThreadUnread, setFollowing } from './threadActions.ts';
import { NavToggle } from '../NavToggle.tsx';
import './threads.css';

type Tab = 'all' | 'unread';

function isUnread(t: UserThread): boolean {
  return t.unread_replies > 0 || t.unread_mentions > 0;
}

/** Followed threads of the team's channels (and DMs/GMs), newest reply first. */
function followed(s: State, teamId: string): UserThread[] {
  return Object.values(s.userThreads)
    .filter((t) => {
      const ch = s.channels[t.post?.channel_id ?? ''];
      return t.is_following && !!ch && (ch.team_id === teamId || ch.type === 'D' || ch.type === 'G') && !!s.posts[t.id];
    })
    .sort((a, b) => b.last_reply_at - a.last_reply_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/**
 * Pages older threads in while the end of the list is in sight (an IntersectionObserver on a sentinel after the last
 * thread). `more` says whether the server has any left; the oldest thread shown is the cursor.
 */
function useOlderThreads(teamId: string, unread: boolean, shown: UserThread[], more: boolean, setMore: (m: boolean) => void) {
  const sentinel = useRef<HTMLLIElement>(null);
  const [busy, setBusy] = useState(false);
  const oldest = shown[shown.length - 1]?.id ?? '';
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !more || busy || !oldest) return;
    const io = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      io.disconnect();
      setBusy(true);
      void loadOlderThreads(teamId, unread, oldest)
        .then(setMore)
        .finally(() => setBusy(false));
    });
    io.observe(el);
    return () => io.disconnect();
  }, [teamId, unread, oldest, more, busy, setMore]);
  return { sentinel, busy };
}

export default function ThreadsView({
  teamId,
  teamName,
  threadId,
  onToggleNav,
}: {
  teamId: string;
  teamName: string;
  threadId: string;
  onToggleNav: () => void;
}): ReactNode {
  const intl = useIntl();
  const [tab, setTab] = useState<Tab>('all');
  const [loading, setLoading] = useState(true);
  const [more, setMore] = useState(false);
  const userThreads = useStore((s) => s.userThreads);
  const channels = useStore((s) => s.channels);
  const posts = useStore((s) => s.posts);
  const all = followed({ ...getState(), userThreads, channels, posts }, teamId);
  const shown = tab === 'unread' ? all.filter(isUnread) : all;
  const anyUnread = all.some(isUnread);

  useEffect(() => {
    setLoading(true);
    setMore(false);
    void loadUserThreads(teamId, tab === 'unread')
      .then(setMore)
      .finally(() => setLoading(false));
  }, [teamId, tab]);
  const older = useOlderThreads(teamId, tab === 'unread', shown, more && !loading, setMore);

  useEffect(() => {
    if (!threadId) return;
    void loadThread(threadId);
    void markThreadRead(teamId, threadId);
  }, [teamId, threadId]);

  const title = intl.formatMessage({ id: 'threads.title', defaultMessage: 'Followed threads' });
  return (
    <section className={`threads-view ${threadId ? 'has-thread' : ''}`} aria-label={title}>
      <div className="threads-list-pane">
        <header className="channel-header threads-header">
          <NavToggle onToggle={onToggleNav} />
          <h2>{title}</h2>
          <button className="secondary mark-all" disabled={!anyUnread} onClick={() => void markAllThreadsRead(teamId)}>
            <FormattedMessage id="threads.markAllRead" defaultMessage="Mark all as read" />
          </button>
        </header>
        <div
          className="threads-tabs"
          role="tablist"
          aria-label={title}
          onKeyDown={(e) => {
            // arrows move between the two tabs (WAI-ARIA tabs pattern)
            if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
            e.preventDefault();
            const next = tab === 'all' ? 'unread' : 'all';
            setTab(next);
            e.currentTarget.querySelectorAll<HTMLButtonElement>('[role=tab]')[next === 'all' ? 0 : 1]?.focus();
          }}
        >
          {(['all', 'unread'] as const).map((k) => (
            <button
              key={k}
              role="tab"
              aria-selected={tab === k}
              tabIndex={tab === k ? 0 : -1}
              className={tab === k ? 'active' : ''}
              onClick={() => setTab(k)}
            >
              {k === 'all' ? (
                <FormattedMessage id="threads.tab.all" defaultMessage="All your threads" />
              ) : (
                <FormattedMessage id="threads.tab.unread" defaultMessage="Unreads" />
              )}
            </button>
          ))}
        </div>
        {shown.length ? (
          <ul className="threads-list" aria-label={title}>
            {shown.map((t) => (
              <ThreadItem key={t.id} thread={t} teamId={teamId} teamName={teamName} selected={t.id === threadId} />
            ))}
            {more && (
              <li ref={older.sentinel} className="threads-more" aria-hidden="true">
                {older.busy && <FormattedMessage id="common.loading" defaultMessage="Loading…" />}
              </li>
            )}
          </ul>
        ) : (
          <p className="threads-empty">
            {loading ? (
              <FormattedMessage id="common.loading" defaultMessage="Loading…" />
            ) : tab === 'unread' ? (
              <FormattedMessage id="threads.empty.unread" defaultMessage="No unread threads. You are all caught up." />
            ) : (
              <FormattedMessage
                id="threads.empty.all"
                defaultMessage="No followed threads yet. Threads you start, reply to or follow are listed here."
              />
            )}
          </p>
        )}
      </div>
      <div className="threads-thread-pane">
        {threadId ? (
          <OpenThread teamName={teamName} threadId={threadId} />
        ) : (
          <p className="threads-empty">
            <FormattedMessage id="threads.pick" defaultMessage="Choose a thread to read it here." />
          </p>
        )}
      </div>
    </section>
  );
}

function OpenThread({ teamName, threadId }: { teamName: string; threadId: string }): ReactNode {
  const intl = useIntl();
  const channelName = useStore((s) => {
    const root = s.posts[threadId];
    const ch = root ? s.channels[root.channel_id] : undefined;
    return ch ? channelTitle(ch, s) : '';
  });
  return (
    <div className="rhs threads-open" role="region" aria-label={intl.formatMessage({ id: 'rhs.thread', defaultMessage: 'Thread' })}>
      <header className="rhs-header">
        <button
          className="icon threads-back"
          aria-label={intl.formatMessage({ id: 'threads.back', defaultMessage: 'Back to threads' })}
          onClick={() => navigate(`/${teamName}/threads`)}
        >
          ←
        </button>
        <h2>
          <FormattedMessage id="rhs.thread" defaultMessage="Thread" />
          {channelName && <span className="threads-channel"> · {channelName}</span>}
        </h2>
        <FollowButton rootId={threadId} />
      </header>
      <Thread rootId={threadId} />
    </div>
  );
}

/** Plain text of a message for the one-line excerpt (markdown marks dropped). */
function excerpt(message: string): string {
  return message
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/[*_~`>#]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

function initialOf(name: string): string {
  return name.replace(/^@/, '')[0]?.toUpperCase() ?? '?';
}

function ThreadItem({
  thread,
  teamId,
  teamName,
  selected,
}: {
  thread: UserThread;
  teamId: string;
  teamName: string;
  selected: boolean;
}): ReactNode {
  const intl = useIntl();
  const root = useStore((s) => s.posts[thread.id]);
  const author = useStore((s) => s.users[root?.user_id ?? '']);
  const channelName = useStore((s) => {
    const ch = s.channels[root?.channel_id ?? ''];
    return ch ? channelTitle(ch, s) : '';
  });
  const users = useStore((s) => s.users);
  if (!root) return null;
  const unread = isUnread(thread);
  const name = displayName(author);
  const participants = thread.participants
    .map((p) => users[p.id] ?? ('username' in p ? p : undefined))
    .filter(Boolean)
    .slice(0, 5);
  const seconds = Math.round(((thread.last_reply_at || root.create_at) - Date.now()) / 1000);
  const label = intl.formatMessage(
    {
      id: 'threads.itemAria',
      defaultMessage:
        'Thread by {name} in {channel}{unread, select, yes {, unread} other {}}{mentions, plural, =0 {} one {, # mention} other {, # mentions}}',
    },
    { name, channel: channelName, unread: unread ? 'yes' : 'no', mentions: thread.unread_mentions },
  );
  return (
    <li className={`thread-item ${unread ? 'unread' : ''} ${selected ? 'selected' : ''}`}>
      <a
        href={`/${teamName}/threads/${thread.id}`}
        className="thread-link"
        aria-current={selected ? 'page' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/${teamName}/threads/${thread.id}`);
        }}
      >
        <span className="sr-only thread-status">{label}</span>
        <span className="thread-top">
          {unread && thread.unread_mentions === 0 && <span className="unread-dot" aria-hidden="true" />}
          {thread.unread_mentions > 0 && (
            <span className="badge" aria-hidden="true">
              {thread.unread_mentions}
            </span>
          )}
          <strong className="thread-author">{name}</strong>
          <span className="thread-channel">{channelName}</span>
          <span className="thread-time">
            <FormattedRelativeTime value={Math.min(0, seconds)} numeric="auto" updateIntervalInSeconds={60} />
          </span>
        </span>
        <span className="thread-excerpt">{excerpt(root.message)}</span>
        <span className="thread-bottom">
          <span className="thread-participants" aria-hidden="true">
            {participants.map((u) => (
              <span key={u!.id} className="participant" title={displayName(u)}>
                {initialOf(displayName(u))}
              </span>
            ))}
          </span>
          <span className="thread-replies">
            <FormattedMessage
              id="post.replyCount"
              defaultMessage="{count, plural, one {# reply} other {# replies}}"
              values={{ count: thread.reply_count }}
            />
          </span>
        </span>
      </a>
      <ThreadMenu thread={thread} teamId={teamId} teamName={teamName} unread={unread} />
    </li>
  );
}

function ThreadMenu({
  thread,
  teamId,
  teamName,
  unread,
}: {
  thread: UserThread;
  teamId: string;
  teamName: string;
  unread: boolean;
}): ReactNode {
  const intl = useIntl();
  const label = intl.formatMessage({ id: 'threads.menu', defaultMessage: 'Thread actions' });
  const { open, close, buttonProps, menuProps } = useMenu(label);
  const copied = intl.formatMessage({ id: 'post.menu.copied', defaultMessage: 'Link copied.' });
  const act = (fn: () => void) => () => {
    close();
    fn();
  };
  return (
    <div className="thread-menu">
      <button {...buttonProps}>⋯</button>
      {open && (
        <div className="menu" {...menuProps}>
          <button role="menuitem" onClick={act(() => void setFollowing(teamId, thread.id, !thread.is_following))}>
            {thread.is_following ? (
              <FormattedMessage id="threads.unfollow" defaultMessage="Unfollow thread" />
            ) : (
              <FormattedMessage id="threads.followThread" defaultMessage="Follow thread" />
            )}
          </button>
          <button
            role="menuitem"
            onClick={act(() => void (unread ? markThreadRead(teamId, thread.id) : markThreadUnread(teamId, thread.id)))}
          >
            {unread ? (
              <FormattedMessage id="threads.markRead" defaultMessage="Mark as read" />
            ) : (
              <FormattedMessage id="post.menu.mark_unread" defaultMessage="Mark as unread" />
            )}
          </button>
          <button role="menuitem" onClick={act(() => navigate(`/${teamName}/pl/${thread.id}`))}>
            <FormattedMessage id="threads.openInChannel" defaultMessage="Open in channel" />
          </button>
          <button role="menuitem" onClick={act(() => void copyLink(thread.id, copied))}>
            <FormattedMessage id="post.menu.copy_link" defaultMessage="Copy link" />
          </button>
        </div>
      )}
    </div>
  );
}
