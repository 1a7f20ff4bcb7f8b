// The Drafts view (/<team>/drafts, Mattermost's): every unsent channel and thread draft of the team, each with its
// files, and Edit (opens the channel or the thread with the draft), Delete (after a confirmation) and Send. Loaded
// lazily by MainView.
import { useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, FormattedRelativeTime, useIntl } from 'react-intl';
import { channelTitle, displayName, getState, useStore } from '../store.ts';
import { channelPath, navigate } from '../router.ts';
import { sendPost } from '../actions.ts';
import { Markdown } from '../markdown.tsx';
import { openThread, useMarkdownContext } from '../ChannelView.tsx';
import { clearDraft, deleteDraft } from '../composer/drafts.ts';
import { useFocusTrap } from '../messages/focus.ts';
import { teamDrafts, type TeamDraft } from './draftList.ts';
import { NavToggle } from '../NavToggle.tsx';
import './drafts.css';

export default function DraftsView({
  teamId,
  teamName,
  onToggleNav,
}: {
  teamId: string;
  teamName: string;
  onToggleNav: () => void;
}): ReactNode {
  const intl = useIntl();
  const drafts = useStore((s) => s.drafts);
  const channels = useStore((s) => s.channels);
  const list = teamDrafts({ drafts, channels }, teamId);
  const [confirming, setConfirming] = useState<TeamDraft | null>(null);
  const title = intl.formatMessage({ id: 'drafts.title', defaultMessage: 'Drafts' });
  return (
    <section className="drafts-view" aria-label={title}>
      <header className="channel-header drafts-header">
        <NavToggle onToggle={onToggleNav} />
        <h2>{title}</h2>
        {list.length > 0 && <span className="draft-count">{list.length}</span>}
      </header>
      {list.length ? (
        <ul className="drafts-list" aria-label={title}>
          {list.map((d) => (
            <DraftItem key={d.key} draft={d} teamName={teamName} onDelete={() => setConfirming(d)} />
          ))}
        </ul>
      ) : (
        <div className="drafts-empty">
          <h3>
            <FormattedMessage id="drafts.empty.title" defaultMessage="No drafts at the moment" />
          </h3>
          <p>
            <FormattedMessage id="drafts.empty.text" defaultMessage="Any messages you’ve started will show here." />
          </p>
        </div>
      )}
      {confirming && (
        <ConfirmDelete
          channelName={channelName(confirming.channelId)}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            void deleteDraft(confirming.channelId, confirming.rootId);
          }}
        />
      )}
    </section>
  );
}

function channelName(channelId: string): string {
  const s = getState();
  const ch = s.channels[channelId];
  return ch ? channelTitle(ch, s) : '';
}

/** Opens the draft where it was written: its channel, and the thread in the right-hand pane for a reply's draft. */
function editDraft(teamName: string, d: TeamDraft): void {
  const ch = getState().channels[d.channelId];
  if (!ch) return;
  navigate(channelPath(teamName, ch));
  if (d.rootId) openThread(d.rootId);
}

async function sendDraft(d: TeamDraft): Promise<void> {
  const files = d.entry.files ?? [];
  const ok = await sendPost(
    d.channelId,
    d.entry.message.trim(),
    d.rootId,
    files.map((f) => f.id),
  );
  // the server drops its copy as it saves the post
  if (ok) clearDraft(d.channelId, d.rootId);
}

function DraftItem({ draft, teamName, onDelete }: { draft: TeamDraft; teamName: string; onDelete: () => void }): ReactNode {
  const intl = useIntl();
  const ctx = useMarkdownContext();
  const me = useStore((s) => s.me);
  const channel = useStore((s) => (s.channels[draft.channelId] ? channelTitle(s.channels[draft.channelId], s) : ''));
  const [sending, setSending] = useState(false);
  const seconds = Math.round((draft.entry.updateAt - Date.now()) / 1000);
  const where = draft.rootId
    ? intl.formatMessage({ id: 'drafts.threadIn', defaultMessage: 'Thread in: {channel}' }, { channel })
    : intl.formatMessage({ id: 'drafts.in', defaultMessage: 'In: {channel}' }, { channel });
  const files = draft.entry.files ?? [];
  return (
    <li className="draft-item">
      <article aria-label={where}>
        <header className="draft-top">
          <strong className="draft-where">{where}</strong>
          {draft.entry.updateAt > 0 && (
            <span className="draft-time">
              <FormattedRelativeTime value={Math.min(0, seconds)} numeric="auto" updateIntervalInSeconds={60} />
            </span>
          )}
        </header>
        <div className="draft-author">{displayName(me ?? undefined)}</div>
        {draft.entry.message && (
          <div className="draft-message">
            <Markdown text={draft.entry.message} ctx={ctx} />
          </div>
        )}
        {files.length > 0 && (
          <ul className="draft-files" aria-label={intl.formatMessage({ id: 'composer.attachedFiles', defaultMessage: 'Attached files' })}>
            {files.map((f) => (
              <li key={f.id}>📎 {f.name}</li>
            ))}
          </ul>
        )}
        <div className="draft-actions">
          <button className="secondary" onClick={onDelete}>
            <FormattedMessage id="drafts.delete" defaultMessage="Delete draft" />
          </button>
          <button className="secondary" onClick={() => editDraft(teamName, draft)}>
            <FormattedMessage id="drafts.edit" defaultMessage="Edit draft" />
          </button>
          <button
            disabled={sending}
            onClick={() => {
              setSending(true);
              void sendDraft(draft).finally(() => setSending(false));
            }}
          >
            <FormattedMessage id="drafts.send" defaultMessage="Send draft" />
          </button>
        </div>
      </article>
    </li>
  );
}

function ConfirmDelete({
  channelName,
  onCancel,
  onConfirm,
}: {
  channelName: string;
  onCancel: () => void;
  onConfirm: () => void;
}): ReactNode {
  const intl = useIntl();
  const box = useRef<HTMLDivElement>(null);
  useFocusTrap(box, onCancel);
  const title = intl.formatMessage({ id: 'drafts.deleteTitle', defaultMessage: 'Delete draft' });
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div className="modal" role="alertdialog" aria-modal="true" aria-label={title} aria-describedby="draft-delete-text" ref={box}>
        <header>
          <h2>{title}</h2>
        </header>
        <p id="draft-delete-text">
          <FormattedMessage
            id="drafts.deleteConfirm"
            defaultMessage="Are you sure you want to delete this draft to {channel}?"
            values={{ channel: channelName }}
          />
        </p>
        <div className="actions">
          <button className="secondary" onClick={onCancel}>
            <FormattedMessage id="common.cancel" defaultMessage="Cancel" />
          </button>
          <button className="danger" autoFocus onClick={onConfirm}>
            <FormattedMessage id="drafts.deleteYes" defaultMessage="Yes, delete" />
          </button>
        </div>
      </div>
    </div>
  );
}
