// The open channel: header, message list (history on scroll, day separators, grouping), typing notice and composer.
import { lazy, Suspense, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Post } from '@mattermost/types/posts';
import type { FileInfo } from '@mattermost/types/files';
import { FormattedMessage, FormattedTime, useIntl, type IntlShape } from 'react-intl';
import { client } from './api.ts';
import { editPost, isBroadcastReply, loadOlderPosts, loadThread, notifyTyping, sendPost, toggleReaction, attempt } from './actions.ts';
import { channelTitle, displayName, dmPartnerId, getState, openDialog, setState, useStore } from './store.ts';
import { channelPath, navigate } from './router.ts';
import { Markdown, REACTION_CHOICES, type MarkdownContext } from './markdown.tsx';
import { Emoji } from './emoji/Emoji.tsx';
import { useAutocomplete } from './composer/Autocomplete.tsx';
import { EmojiButton, FormatBar, UploadProgress, formatSelection, formatShortcut, insertAtCaret } from './composer/ComposerTools.tsx';
import { filesFrom, uploadFiles } from './composer/upload.ts';
import { clearDraft, draftKey, initialDraft, initialDraftFiles, savePending, saveDraft } from './composer/drafts.ts';
import { DeleteConfirm, PostMenu } from './messages/PostMenu.tsx';
import { Lightbox } from './messages/Lightbox.tsx';
import { useHighlighted } from './messages/highlight.ts';
import { knownUsername } from './messages/postActions.ts';
import { ArchivedBanner, ArchiveNoticeText } from './channels/ArchivedBanner.tsx';
import { hasAttachments, isWebhookPost, WebhookAuthor, webhookDisplayName } from './WebhookAuthor.tsx';
import { SystemMessage } from './SystemPost.tsx';
import { PermalinkPreview, permalinkEmbed } from './messages/PermalinkPreview.tsx';
import { ChannelNotificationsButton } from './ChannelNotificationsButton.tsx';
import { openProfile, openProfileByName } from './people/ProfilePopoverHost.tsx';
import { CustomStatusEmoji } from './people/CustomStatusEmoji.tsx';
import { UserTag } from './people/UserTag.tsx';

/** Loaded with the first post that has an embed or attachments (most first views have none). */
const LinkPreview = lazy(() => import('./messages/LinkPreview.tsx').then((m) => ({ default: m.LinkPreview })));
const SlackAttachments = lazy(() => import('./Attachments.tsx').then((m) => ({ default: m.SlackAttachments })));

export function ChannelView({ channelId, onToggleNav }: { channelId: string; onToggleNav: () => void }): ReactNode {
  const channel = useStore((s) => s.channels[channelId]);
  const title = useStore((s) => (channel ? channelTitle(channel, s) : ''));
  const teamId = useStore((s) => s.currentTeamId);
  const [terms, setTerms] = useState('');
  const intl = useIntl();
  if (!channel) return null;
  const isDm = channel.type === 'D' || channel.type === 'G';
  return (
    <section
      className="channel-view"
      aria-label={intl.formatMessage({ id: 'channel.region', defaultMessage: 'Channel {title}' }, { title })}
    >
      <header className="channel-header">
        <button
          className="nav-toggle"
          aria-label={intl.formatMessage({ id: 'channel.toggleNav', defaultMessage: 'Toggle channel list' })}
          onClick={onToggleNav}
        >
          ☰
        </button>
        <div className="channel-info">
          <h2>
            {channel.type === 'O' ? '# ' : channel.type === 'P' ? '🔒 ' : ''}
            {title}
            {channel.type === 'D' && <CustomStatusEmoji userId={dmPartnerId(channel, getState().me?.id ?? '')} />}
          </h2>
          {(channel.header || channel.purpose) && <div className="channel-header-text">{channel.header || channel.purpose}</div>}
        </div>
        <form
          className="search-form"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (terms.trim()) void runSearch(teamId, terms.trim());
          }}
        >
          <input
            aria-label={intl.formatMessage({ id: 'search.aria', defaultMessage: 'Search messages' })}
            placeholder={intl.formatMessage({ id: 'search.placeholder', defaultMessage: 'Search' })}
            value={terms}
            onChange={(e) => setTerms(e.target.value)}
          />
        </form>
        <ChannelNotificationsButton channelId={channelId} />
        {!isDm && (
          <>
            <button
              className="icon"
              aria-label={intl.formatMessage({ id: 'channel.membersButton', defaultMessage: 'Channel members' })}
              title={intl.formatMessage({ id: 'channel.membersTitle', defaultMessage: 'Members' })}
              onClick={() => openDialog({ kind: 'channelMembers', channelId })}
            >
              👥
            </button>
            <button
              className="icon"
              aria-label={intl.formatMessage({ id: 'channel.settingsButton', defaultMessage: 'Channel settings' })}
              title={intl.formatMessage({ id: 'channel.settingsTitle', defaultMessage: 'Edit header and purpose' })}
              onClick={() => openDialog({ kind: 'channelSettings', channelId })}
            >
              ⚙
            </button>
          </>
        )}
      </header>
      <PostList channelId={channelId} />
      <TypingIndicator channelId={channelId} rootId="" />
      {channel.delete_at ? (
        <ArchivedBanner channel={channel} />
      ) : (
        <Composer
          channelId={channelId}
          rootId=""
          placeholder={intl.formatMessage({ id: 'composer.placeholder', defaultMessage: 'Write to {title}' }, { title })}
        />
      )}
      <ArchiveNoticeText />
    </section>
  );
}

async function runSearch(teamId: string, terms: string): Promise<void> {
  setState({ rhs: { kind: 'search', terms, ids: [], loading: true } });
  const res = await attempt(() => client.searchPostsWithParams(teamId, { terms, is_or_search: false, page: 0, per_page: 60 }));
  const posts = res ? res.order.map((id) => res.posts[id]).filter(Boolean) : [];
  const missing = [...new Set(posts.map((p) => p.user_id))].filter((id) => !getState().users[id]);
  if (missing.length) {
    const users = await client.getProfilesByIds(missing).catch(() => []);
    setState((s) => ({ users: { ...s.users, ...Object.fromEntries(users.map((u) => [u.id, u])) } }));
  }
  setState((s) => ({
    posts: { ...s.posts, ...Object.fromEntries(posts.map((p) => [p.id, { ...s.posts[p.id], ...p }])) },
    rhs: { kind: 'search', terms, ids: posts.map((p) => p.id), loading: false },
  }));
}

function dayLabel(intl: IntlShape, ts: number): string {
  const d = new Date(ts);
  const today = new Date();
  const yesterday = new Date(Date.now() - 86400000);
  if (d.toDateString() === today.toDateString()) return intl.formatMessage({ id: 'posts.today', defaultMessage: 'Today' });
  if (d.toDateString() === yesterday.toDateString()) return intl.formatMessage({ id: 'posts.yesterday', defaultMessage: 'Yesterday' });
  return intl.formatDate(d, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
}

/** Renders posts with day separators; consecutive posts by one author within 5 minutes are grouped. */
export function PostSequence({ ids, inThread, after }: { ids: string[]; inThread: boolean; after?: Post }): ReactNode {
  const posts = useStore((s) => s.posts);
  const intl = useIntl();
  const out: ReactNode[] = [];
  // `after`: the post shown just above (a thread's root), so a reply on the same day needs no day separator.
  let prev: Post | undefined = after;
  let first = true;
  for (const id of ids) {
    const p = posts[id];
    if (!p) continue;
    const day = new Date(p.create_at).toDateString();
    if (!prev || new Date(prev.create_at).toDateString() !== day) {
      out.push(
        <div key={'d' + id} className="day-separator" role="separator" aria-label={dayLabel(intl, p.create_at)}>
          <span>{dayLabel(intl, p.create_at)}</span>
        </div>,
      );
      prev = undefined;
    }
    // Webhook posts are never grouped (as in Mattermost): each shows its own override name and BOT tag.
    const grouped =
      !first &&
      !!prev &&
      prev.user_id === p.user_id &&
      p.create_at - prev.create_at < 5 * 60000 &&
      !p.type &&
      !prev.type &&
      !isWebhookPost(p) &&
      !isWebhookPost(prev);
    out.push(<PostItem key={id} post={p} grouped={grouped} inThread={inThread} />);
    prev = p;
    first = false;
  }
  return <>{out}</>;
}

function PostList({ channelId }: { channelId: string }): ReactNode {
  const cp = useStore((s) => s.channelPosts[channelId]);
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const prevHeight = useRef(0);
  const prevFirst = useRef<string | undefined>(undefined);
  const order = cp?.order ?? [];
  const intl = useIntl();

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const first = order[0];
    if (prevFirst.current && first !== prevFirst.current && prevHeight.current) {
      // older history was prepended: keep the same message under the reader's eyes
      el.scrollTop += el.scrollHeight - prevHeight.current;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
    prevFirst.current = first;
    prevHeight.current = el.scrollHeight;
  });

  useEffect(() => {
    // An image finishing loading grows the list without a render: stay at the bottom when the reader was there.
    const el = ref.current;
    if (!el) return;
    const onLoad = (): void => {
      if (stick.current) el.scrollTop = el.scrollHeight;
      prevHeight.current = el.scrollHeight;
    };
    el.addEventListener('load', onLoad, true);
    return () => el.removeEventListener('load', onLoad, true);
  }, []);

  useEffect(() => {
    // The first channel shown with its messages: what "first view" means in the load-time check.
    if (cp && !cp.loading && !performance.getEntriesByName('parley:first-view').length) performance.mark('parley:first-view');
  }, [cp]);

  function onScroll(): void {
    const el = ref.current;
    if (!el) return;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60;
    prevHeight.current = el.scrollHeight;
    if (el.scrollTop < 80 && cp?.hasMore && !cp.loading) void loadOlderPosts(channelId);
  }

  return (
    <div
      className="post-list"
      ref={ref}
      onScroll={onScroll}
      role="log"
      aria-label={intl.formatMessage({ id: 'posts.log', defaultMessage: 'Messages' })}
      aria-live="polite"
    >
      {cp?.hasMore && (
        <button className="link load-more" onClick={() => void loadOlderPosts(channelId)} disabled={cp.loading}>
          {cp.loading ? (
            <FormattedMessage id="common.loading" defaultMessage="Loading…" />
          ) : (
            <FormattedMessage id="posts.loadOlder" defaultMessage="Load older messages" />
          )}
        </button>
      )}
      {cp && !cp.loading && !cp.hasMore && (
        <div className="channel-intro">
          <FormattedMessage id="posts.start" defaultMessage="This is the start of the conversation." />
        </div>
      )}
      <PostSequence ids={order} inThread={false} />
    </div>
  );
}

export function useMarkdownContext(): MarkdownContext {
  const me = useStore((s) => s.me?.username ?? '');
  const users = useStore((s) => s.users);
  const intl = useIntl();
  return {
    me,
    knownUser: (name) => name === me || Object.values(users).some((u) => u.username === name) || knownUsername(name),
    onMention: (name, el) => void openProfileByName(name.replace(/[._-]+$/, ''), el),
    onChannelLink: (name) => {
      const s = getState();
      const team = s.teams.find((t) => t.id === s.currentTeamId);
      const ch = Object.values(s.channels).find((c) => c.name === name && c.team_id === s.currentTeamId);
      if (team && ch) navigate(channelPath(team.name, ch));
      else
        setState({
          notice: intl.formatMessage(
            { id: 'posts.notMember', defaultMessage: 'You are not a member of ~{name}. Use Browse channels to join it.' },
            { name },
          ),
        });
    },
  };
}

export function PostItem({
  post,
  grouped,
  inThread,
  highlight,
}: {
  post: Post;
  grouped: boolean;
  inThread: boolean;
  highlight?: string[];
}): ReactNode {
  const me = useStore((s) => s.me);
  const author = useStore((s) => s.users[post.user_id]);
  const editingId = useStore((s) => s.editingPostId);
  const baseCtx = useMarkdownContext();
  const ctx = highlight ? { ...baseCtx, highlight } : baseCtx;
  const [picker, setPicker] = useState(false);
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const highlighted = useHighlighted() === post.id;
  const articleRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (highlighted) articleRef.current?.scrollIntoView({ block: 'center' });
  }, [highlighted]);
  const mine = post.user_id === me?.id;
  const editing = editingId === post.id;
  const system = !!post.type && post.type.startsWith('system_');
  // Ephemeral replies read as ordinary messages (not greyed like join/leave notices), marked in their head.
  const ephemeral = post.type === 'system_ephemeral';
  const name = webhookDisplayName(post) ?? displayName(author);
  const webhook = isWebhookPost(post) || !post.user_id;

  return (
    <article
      ref={articleRef}
      className={`post ${grouped ? 'grouped' : ''} ${system && !ephemeral ? 'system' : ''} ${ephemeral ? 'ephemeral' : ''} ${highlighted ? 'highlighted' : ''}`}
      aria-label={intl.formatMessage({ id: 'post.aria', defaultMessage: 'Message from {name}' }, { name })}
      data-post-id={post.id}
    >
      {!grouped && (
        <div className="post-head">
          {webhook ? (
            <>
              <span className="avatar" aria-hidden="true">
                {name[0]?.toUpperCase()}
              </span>
              <strong className="author">{name}</strong>
            </>
          ) : (
            <>
              {/* the avatar repeats the name button for pointer users; keyboard and screen readers use the name */}
              <span className="avatar avatar-btn" aria-hidden="true" onClick={(e) => openProfile(post.user_id, e.currentTarget)}>
                {name[0]?.toUpperCase()}
              </span>
              <strong className="author">
                <button className="author-btn" aria-haspopup="dialog" onClick={(e) => openProfile(post.user_id, e.currentTarget)}>
                  {name}
                </button>
              </strong>
              <UserTag userId={post.user_id} />
              <CustomStatusEmoji userId={post.user_id} />
            </>
          )}
          <WebhookAuthor post={post} />
          <time dateTime={new Date(post.create_at).toISOString()}>
            <FormattedTime value={post.create_at} hour="numeric" minute="2-digit" />
          </time>
          {ephemeral && (
            <span className="ephemeral-note">
              <FormattedMessage id="post.ephemeral.only_visible" defaultMessage="(Only visible to you)" />
            </span>
          )}
          {post.is_pinned && (
            <span className="pinned-badge">
              <FormattedMessage id="post.pinned" defaultMessage="Pinned" />
            </span>
          )}
        </div>
      )}
      <div className="post-body">
        {editing ? (
          <EditBox post={post} />
        ) : (
          <>
            {system ? <SystemMessage post={post} ctx={ctx} /> : <Markdown text={post.message} ctx={ctx} />}
            {hasAttachments(post) && (
              <Suspense fallback={null}>
                <SlackAttachments post={post} ctx={ctx} />
              </Suspense>
            )}
            {!system &&
              (permalinkEmbed(post) ? (
                <PermalinkPreview post={post} ctx={ctx} />
              ) : post.metadata?.embeds?.length ? (
                <Suspense fallback={null}>
                  <LinkPreview post={post} />
                </Suspense>
              ) : null)}
            {post.edit_at > 0 && <EditedMark post={post} mine={mine} />}
          </>
        )}
        <Attachments post={post} />
        <Reactions post={post} />
        {!inThread && isBroadcastReply(post) && (
          <button className="link replies" onClick={() => openThread(post.root_id)}>
            <FormattedMessage id="post.broadcast.viewThread" defaultMessage="Replied in a thread: view it" />
          </button>
        )}
        {!inThread && !post.root_id && (post.reply_count ?? 0) > 0 && (
          <button className="link replies" onClick={() => openThread(post.id)}>
            <FormattedMessage
              id="post.replyCount"
              defaultMessage="{count, plural, one {# reply} other {# replies}}"
              values={{ count: post.reply_count }}
            />
          </button>
        )}
      </div>
      {!system && (
        <div className="post-actions">
          {!inThread && (
            <button
              className="icon"
              aria-label={t('post.reply', 'Reply')}
              title={t('post.reply', 'Reply')}
              onClick={() => openThread(post.root_id || post.id)}
            >
              ↩
            </button>
          )}
          <button
            className="icon"
            aria-label={t('post.addReaction', 'Add reaction')}
            title={t('post.addReaction', 'Add reaction')}
            aria-expanded={picker}
            onClick={() => setPicker((p) => !p)}
          >
            ☺
          </button>
          {mine && (
            <>
              <button
                className="icon"
                aria-label={t('post.edit', 'Edit message')}
                title={t('post.editTitle', 'Edit')}
                onClick={() => setState({ editingPostId: post.id })}
              >
                ✎
              </button>
              <button
                className="icon"
                aria-label={t('post.delete', 'Delete message')}
                title={t('post.deleteTitle', 'Delete')}
                onClick={() => setConfirmDelete(true)}
              >
                🗑
              </button>
            </>
          )}
          <PostMenu post={post} mine={mine} />
          {confirmDelete && <DeleteConfirm post={post} onClose={() => setConfirmDelete(false)} />}
          {picker && (
            <div className="emoji-picker" role="menu" aria-label={t('post.chooseReaction', 'Choose a reaction')}>
              {REACTION_CHOICES.map((e) => (
                <button
                  key={e}
                  role="menuitem"
                  aria-label={intl.formatMessage({ id: 'post.reactWith', defaultMessage: 'React with {emoji}' }, { emoji: e })}
                  onClick={() => {
                    setPicker(false);
                    void toggleReaction(post, e);
                  }}
                >
                  <Emoji name={e} />
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </article>
  );
}

/** "Edited" after an edited message; for its author a button that opens the edit history in the right-hand pane. */
function EditedMark({ post, mine }: { post: Post; mine: boolean }): ReactNode {
  const intl = useIntl();
  const label = <FormattedMessage id="post.editedMark" defaultMessage="Edited" />;
  if (!mine) return <span className="edited">{label}</span>;
  return (
    <button
      className="link edited"
      title={intl.formatMessage({ id: 'post.showEditHistory', defaultMessage: 'Show the edit history' })}
      aria-haspopup="true"
      onClick={() => setState({ rhs: { kind: 'editHistory', postId: post.id } })}
    >
      {label}
    </button>
  );
}

export function openThread(rootId: string): void {
  setState({ rhs: { kind: 'thread', rootId } });
  void loadThread(rootId);
}

function Reactions({ post }: { post: Post }): ReactNode {
  const me = useStore((s) => s.me?.id);
  const list = post.metadata?.reactions ?? [];
  const intl = useIntl();
  if (!list.length) return null;
  const counts = new Map<string, { n: number; mine: boolean }>();
  for (const r of list) {
    const c = counts.get(r.emoji_name) ?? { n: 0, mine: false };
    c.n += 1;
    c.mine ||= r.user_id === me;
    counts.set(r.emoji_name, c);
  }
  return (
    <div className="reactions">
      {[...counts].map(([name, c]) => (
        <button
          key={name}
          className={`reaction ${c.mine ? 'mine' : ''}`}
          aria-label={intl.formatMessage(
            { id: 'reaction.aria', defaultMessage: '{name} reaction, {count, number}{mine, select, yes {, including you} other {}}' },
            { name, count: c.n, mine: c.mine ? 'yes' : 'no' },
          )}
          aria-pressed={c.mine}
          onClick={() => void toggleReaction(post, name)}
        >
          <Emoji name={name} /> {c.n}
        </button>
      ))}
    </div>
  );
}

function Attachments({ post }: { post: Post }): ReactNode {
  const [lightbox, setLightbox] = useState<{ src: string; name: string } | null>(null);
  const files: FileInfo[] = post.metadata?.files ?? [];
  const ids = files.length ? files.map((f) => f.id) : (post.file_ids ?? []);
  const intl = useIntl();
  if (!ids.length) return null;
  return (
    <div className="attachments">
      {ids.map((id) => {
        const info = files.find((f) => f.id === id);
        const url = client.getFileUrl(id, 0);
        const isImage = info ? info.mime_type?.startsWith('image/') : false;
        return isImage ? (
          <a
            key={id}
            href={url}
            target="_blank"
            rel="noreferrer"
            className="image-attachment"
            onClick={(e) => {
              e.preventDefault();
              setLightbox({ src: url, name: info?.name ?? intl.formatMessage({ id: 'file.image', defaultMessage: 'image' }) });
            }}
          >
            <img
              src={client.getFileUrl(id, 0)}
              alt={info?.name ?? intl.formatMessage({ id: 'file.image', defaultMessage: 'image' })}
              loading="lazy"
            />
          </a>
        ) : (
          <a key={id} href={url} className="file-attachment" download>
            📎 {info?.name ?? intl.formatMessage({ id: 'file.attachment', defaultMessage: 'attachment' })}
          </a>
        );
      })}
      {lightbox && <Lightbox src={lightbox.src} name={lightbox.name} onClose={() => setLightbox(null)} />}
    </div>
  );
}

function EditBox({ post }: { post: Post }): ReactNode {
  const [text, setText] = useState(post.message);
  const ref = useRef<HTMLTextAreaElement>(null);
  const intl = useIntl();
  useEffect(() => {
    ref.current?.focus();
  }, []);
  async function save(): Promise<void> {
    if (!text.trim()) return;
    if (text !== post.message && !(await editPost(post.id, text))) return;
    setState({ editingPostId: '' });
  }
  return (
    <div className="edit-box">
      <textarea
        ref={ref}
        aria-label={intl.formatMessage({ id: 'post.editText', defaultMessage: 'Edit message text' })}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void save();
          } else if (e.key === 'Escape') setState({ editingPostId: '' });
        }}
      />
      <div className="edit-actions">
        <button onClick={() => void save()}>
          <FormattedMessage id="common.save" defaultMessage="Save" />
        </button>
        <button className="secondary" onClick={() => setState({ editingPostId: '' })}>
          <FormattedMessage id="common.cancel" defaultMessage="Cancel" />
        </button>
      </div>
    </div>
  );
}

export function TypingIndicator({ channelId, rootId: _rootId }: { channelId: string; rootId: string }): ReactNode {
  const typing = useStore((s) => s.typing[channelId]);
  const users = useStore((s) => s.users);
  const names = Object.keys(typing ?? {}).map((id) => displayName(users[id]));
  return (
    <div className="typing" aria-live="polite">
      {names.length > 0 && (
        <FormattedMessage
          id="typing.notice"
          defaultMessage="{count, plural, one {{names} is typing…} other {{names} are typing…}}"
          values={{ count: names.length, names: names.join(', ') }}
        />
      )}
    </div>
  );
}

function fileIdsOf(files: FileInfo[] | undefined): string {
  return (files ?? []).map((f) => f.id).join(',');
}

/**
 * Message box: Enter sends, Shift+Enter adds a line, Up in an empty box edits the last own post. Its text is the
 * channel's (or thread's) draft (composer/drafts.ts): restored on return, synced with the user's other sessions.
 */
export function Composer({ channelId, rootId, placeholder }: { channelId: string; rootId: string; placeholder: string }): ReactNode {
  const [text, setText] = useState(() => initialDraft(channelId, rootId));
  const [files, setFiles] = useState<FileInfo[]>(() => initialDraftFiles(channelId, rootId));
  const [uploading, setUploading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const intl = useIntl();
  const t = (id: string, defaultMessage: string): string => intl.formatMessage({ id, defaultMessage });
  const teamId = useStore((s) => s.currentTeamId);
  const ac = useAutocomplete({ area, text, setText, teamId, channelId, rootId });
  const [uploads, setUploads] = useState<Array<{ id: string; name: string; fraction: number }>>([]);
  const [dragging, setDragging] = useState(false);
  const draft = useStore((s) => s.drafts[draftKey(channelId, rootId)]);
  const [broadcast, setBroadcast] = useState(false);
  const channelName = useStore((s) => (s.channels[channelId] ? channelTitle(s.channels[channelId], s) : ''));

  // What the box last took from the store (its start, or a draft from elsewhere): only a change from that was made
  // here. Without it, a draft that reached the store between the first render and its effects would be overwritten
  // with the empty box the composer started with.
  const shown = useRef({ key: draftKey(channelId, rootId), text, files: fileIdsOf(files) });

  // Typed or attached here: the draft follows (the store at once, the server after a pause).
  useEffect(() => {
    const key = draftKey(channelId, rootId);
    const was = shown.current;
    if (was.key === key && was.text === text && was.files === fileIdsOf(files)) return;
    shown.current = { key, text, files: fileIdsOf(files) };
    const saved = getState().drafts[key];
    if (text !== (saved?.message ?? '') || fileIdsOf(files) !== fileIdsOf(saved?.files)) saveDraft(channelId, rootId, text, files);
  }, [text, files, channelId, rootId]);

  // Changed elsewhere (another session, or the server's list on load): the box shows it, unless typing here is unsaved.
  useEffect(() => {
    if (savePending(channelId, rootId)) return;
    const key = draftKey(channelId, rootId);
    if (draft?.remote) {
      shown.current = { key, text: draft.message, files: fileIdsOf(draft.files) };
      setText(draft.message);
      setFiles(draft.files ?? []);
    } else if (!draft) {
      shown.current = { key, text: '', files: '' };
      setText('');
      setFiles([]);
    }
  }, [draft, channelId, rootId]);

  useEffect(() => {
    if (!rootId) area.current?.focus();
  }, [channelId, rootId]);

  async function send(): Promise<void> {
    const message = text.trim();
    if (!message && !files.length) return;
    // Clear at once so that typing continues into an empty box; restore the text if the server refuses it.
    const sentFiles = files;
    clearDraft(channelId, rootId);
    setText('');
    setFiles([]);
    setBroadcast(false);
    if (
      !(await sendPost(
        channelId,
        message,
        rootId,
        sentFiles.map((f) => f.id),
        broadcast,
      ))
    ) {
      setText((cur) => (cur ? cur : text));
      setFiles((cur) => (cur.length ? cur : sentFiles));
    }
  }

  function editLast(): void {
    const s = getState();
    const ids = rootId ? (s.threads[rootId] ?? []) : (s.channelPosts[channelId]?.order ?? []);
    for (let i = ids.length - 1; i >= 0; i--) {
      const p = s.posts[ids[i]];
      if (p && p.user_id === s.me?.id && !p.type) {
        setState({ editingPostId: p.id });
        return;
      }
    }
  }

  async function upload(list: FileList | File[] | null): Promise<void> {
    if (!list?.length) return;
    const chosen = Array.from(list);
    setUploading(true);
    const id = Math.random().toString(36).slice(2);
    const name = chosen.map((f) => f.name).join(', ');
    setUploads((cur) => [...cur, { id, name, fraction: 0 }]);
    const res = await attempt(() =>
      uploadFiles(channelId, chosen, (fraction) => setUploads((cur) => cur.map((u) => (u.id === id ? { ...u, fraction } : u)))),
    );
    setUploads((cur) => cur.filter((u) => u.id !== id));
    if (res) setFiles((cur) => [...cur, ...res]);
    setUploading(false);
    if (fileInput.current) fileInput.current.value = '';
  }

  return (
    <div
      className={`composer ${dragging ? 'dragging' : ''}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        const dropped = filesFrom(e.dataTransfer);
        setDragging(false);
        if (!dropped.length) return;
        e.preventDefault();
        void upload(dropped);
      }}
    >
      {ac.popup}
      <UploadProgress uploads={uploads} />
      {files.length > 0 && (
        <ul className="pending-files" aria-label={t('composer.attachedFiles', 'Attached files')}>
          {files.map((f) => (
            <li key={f.id}>
              {f.mime_type?.startsWith('image/') ? <img src={client.getFileUrl(f.id, 0)} alt={f.name} /> : '📎'} {f.name}
              <button
                className="icon"
                aria-label={intl.formatMessage({ id: 'composer.removeFile', defaultMessage: 'Remove {name}' }, { name: f.name })}
                onClick={() => setFiles((cur) => cur.filter((x) => x.id !== f.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormatBar area={area} text={text} setText={setText} />
      <div className="composer-row">
        <button
          className="icon"
          aria-label={t('composer.attach', 'Attach files')}
          title={t('composer.attach', 'Attach files')}
          onClick={() => fileInput.current?.click()}
          disabled={uploading}
        >
          📎
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label={t('composer.chooseFiles', 'Choose files')}
          onChange={(e) => void upload(e.target.files)}
        />
        <textarea
          ref={area}
          aria-label={rootId ? t('composer.replyAria', 'Reply to thread') : t('composer.aria', 'Write a message')}
          placeholder={placeholder}
          rows={1}
          value={text}
          {...ac.inputProps}
          onSelect={ac.onCaretMove}
          onPaste={(e) => {
            const pasted = filesFrom(e.clipboardData);
            if (!pasted.length) return;
            e.preventDefault();
            void upload(pasted);
          }}
          onChange={(e) => {
            setText(e.target.value);
            notifyTyping(channelId, rootId);
          }}
          onKeyDown={(e) => {
            if (ac.onKeyDown(e)) return;
            const fmt = formatShortcut(e);
            if (fmt) {
              e.preventDefault();
              formatSelection(area.current, text, setText, fmt);
              return;
            }
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            } else if (e.key === 'ArrowUp' && !text) {
              e.preventDefault();
              editLast();
            }
          }}
        />
        <EmojiButton onPick={(name) => insertAtCaret(area.current, text, setText, `:${name}: `)} />
        <button className="send" aria-label={t('composer.sendAria', 'Send message')} onClick={() => void send()} disabled={uploading}>
          <FormattedMessage id="composer.send" defaultMessage="Send" />
        </button>
      </div>
      {rootId && (
        <label className="broadcast-reply">
          <input type="checkbox" checked={broadcast} onChange={(e) => setBroadcast(e.target.checked)} />{' '}
          <FormattedMessage id="composer.broadcast" defaultMessage="Also send to {channel}" values={{ channel: channelName }} />
        </label>
      )}
    </div>
  );
}
