// A message's "more actions" menu (pin, save, copy link, mark as unread, edit, delete) with keyboard support, and
// the in-app delete confirmation.
import { useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Post } from '@mattermost/types/posts';
import { deletePost } from '../actions.ts';
import { setState, useStore } from '../store.ts';
import { copyLink, markUnread, setPinned, setSaved } from './postActions.ts';
import { useFocusTrap } from './focus.ts';
import { useMenu } from '../a11y/menu.ts';
import './messages.css';

export function PostMenu({ post, mine }: { post: Post; mine: boolean }): ReactNode {
  const intl = useIntl();
  const [confirming, setConfirming] = useState(false);
  const saved = useStore((s) => s.preferences[`flagged_post:${post.id}`] === 'true');
  const label = intl.formatMessage({ id: 'post.menu', defaultMessage: 'More actions' });
  const { open, setOpen, buttonProps, menuProps } = useMenu(label);

  const act = (fn: () => void) => () => {
    setOpen(false);
    fn();
  };
  const copied = intl.formatMessage({ id: 'post.menu.copied', defaultMessage: 'Link copied.' });

  return (
    <>
      <button {...buttonProps}>⋯</button>
      {open && (
        <div className="menu post-menu" {...menuProps}>
          <button role="menuitem" onClick={act(() => void setPinned(post, !post.is_pinned))}>
            {post.is_pinned ? (
              <FormattedMessage id="post.menu.unpin" defaultMessage="Unpin from channel" />
            ) : (
              <FormattedMessage id="post.menu.pin" defaultMessage="Pin to channel" />
            )}
          </button>
          <button role="menuitem" onClick={act(() => void setSaved(post.id, !saved))}>
            {saved ? (
              <FormattedMessage id="post.menu.unsave" defaultMessage="Remove from saved" />
            ) : (
              <FormattedMessage id="post.menu.save" defaultMessage="Save" />
            )}
          </button>
          <button role="menuitem" onClick={act(() => void copyLink(post.id, copied))}>
            <FormattedMessage id="post.menu.copy_link" defaultMessage="Copy link" />
          </button>
          <button role="menuitem" onClick={act(() => void markUnread(post))}>
            <FormattedMessage id="post.menu.mark_unread" defaultMessage="Mark as unread" />
          </button>
          {mine && (
            <>
              <button role="menuitem" onClick={act(() => setState({ editingPostId: post.id }))}>
                <FormattedMessage id="post.menu.edit" defaultMessage="Edit" />
              </button>
              <button role="menuitem" className="danger-text" onClick={act(() => setConfirming(true))}>
                <FormattedMessage id="post.menu.delete" defaultMessage="Delete" />
              </button>
            </>
          )}
        </div>
      )}
      {confirming && <DeleteConfirm post={post} onClose={() => setConfirming(false)} />}
    </>
  );
}

/** The in-app "delete this message?" dialog: focus trapped inside, Escape cancels, focus returns where it was. */
export function DeleteConfirm({ post, onClose }: { post: Post; onClose: () => void }): ReactNode {
  const intl = useIntl();
  const box = useRef<HTMLDivElement>(null);
  useFocusTrap(box, onClose);
  const title = intl.formatMessage({ id: 'post.delete.title', defaultMessage: 'Delete message' });
  return (
    <div className="overlay" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal confirm" role="alertdialog" aria-modal="true" aria-label={title} ref={box}>
        <header>
          <h2>{title}</h2>
        </header>
        <p>
          <FormattedMessage id="post.delete.body" defaultMessage="Are you sure you want to delete this message? This cannot be undone." />
        </p>
        <div className="confirm-actions">
          <button className="secondary" onClick={onClose}>
            <FormattedMessage id="post.delete.cancel" defaultMessage="Cancel" />
          </button>
          <button
            className="danger"
            onClick={() => {
              onClose();
              void deletePost(post.id);
            }}
          >
            <FormattedMessage id="post.delete.confirm" defaultMessage="Delete" />
          </button>
        </div>
      </div>
    </div>
  );
}
