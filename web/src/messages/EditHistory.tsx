// A post's edit history in the right-hand pane (its author only, as the server allows): the current text and each
// earlier version, newest first, with the time it was written.
import { useEffect, useState, type ReactNode } from 'react';
import type { Post } from '@mattermost/types/posts';
import { FormattedDate, FormattedMessage, FormattedTime, useIntl } from 'react-intl';
import { client, errorMessage } from '../api.ts';
import { useStore } from '../store.ts';
import { Markdown } from '../markdown.tsx';
import { useMarkdownContext } from '../ChannelView.tsx';

function When({ at }: { at: number }): ReactNode {
  return (
    <time dateTime={new Date(at).toISOString()}>
      <FormattedDate value={at} month="short" day="numeric" /> <FormattedTime value={at} hour="numeric" minute="2-digit" />
    </time>
  );
}

export function EditHistory({ postId }: { postId: string }): ReactNode {
  const post = useStore((s) => s.posts[postId]);
  const [versions, setVersions] = useState<Post[] | null>(null);
  const [error, setError] = useState('');
  const ctx = useMarkdownContext();
  const intl = useIntl();
  const editAt = post?.edit_at ?? 0;

  useEffect(() => {
    let live = true;
    setError('');
    client
      .getPostEditHistory(postId)
      .then((list) => live && setVersions(list))
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
    // A new edit while the pane is open adds a version.
  }, [postId, editAt]);

  if (error) return <p className="rhs-empty">{error}</p>;
  if (!post || !versions)
    return (
      <p className="rhs-empty">
        <FormattedMessage id="common.loading" defaultMessage="Loading…" />
      </p>
    );
  return (
    <ol className="edit-history" aria-label={intl.formatMessage({ id: 'editHistory.list', defaultMessage: 'Versions of the message' })}>
      <li className="edit-version current">
        <div className="edit-version-head">
          <strong>
            <FormattedMessage id="editHistory.current" defaultMessage="Current version" />
          </strong>{' '}
          <When at={post.edit_at || post.create_at} />
        </div>
        <Markdown text={post.message} ctx={ctx} />
      </li>
      {versions.map((v, i) => (
        <li key={v.id} className="edit-version">
          <div className="edit-version-head">
            <strong>
              {i === versions.length - 1 ? (
                <FormattedMessage id="editHistory.original" defaultMessage="Original" />
              ) : (
                <FormattedMessage id="editHistory.earlier" defaultMessage="Earlier version" />
              )}
            </strong>{' '}
            <When at={v.edit_at || v.create_at} />
          </div>
          <Markdown text={v.message} ctx={ctx} />
        </li>
      ))}
    </ol>
  );
}
