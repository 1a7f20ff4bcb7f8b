// The preview of a linked post (Mattermost's permalink embed, `metadata.embeds[0].type === 'permalink'`): its author,
// time and text, "Originally posted in ~channel", and Jump to open it. The server adds the embed only for a viewer
// who may read the linked post's channel, so what is here may be shown.
import { useEffect, type ReactNode } from 'react';
import type { Post, PostPreviewMetadata } from '@mattermost/types/posts';
import { FormattedMessage, FormattedTime, useIntl } from 'react-intl';
import { client } from '../api.ts';
import { Markdown, type MarkdownContext } from '../markdown.tsx';
import { addUsers, displayName, getState, useStore } from '../store.ts';
import { navigate } from '../router.ts';

/** The embed's data (Mattermost's own type for it), with the linked post present. */
type PreviewPost = PostPreviewMetadata & { post: Post };

/** The permalink embed of a post, if it has one. */
export function permalinkEmbed(post: Post): PreviewPost | undefined {
  const embed = post.metadata?.embeds?.[0];
  if (embed?.type !== 'permalink' || !embed.data) return undefined;
  const data = embed.data as PostPreviewMetadata;
  return data.post?.id && data.post_id ? (data as PreviewPost) : undefined;
}

export function PermalinkPreview({ post, ctx }: { post: Post; ctx: MarkdownContext }): ReactNode {
  const intl = useIntl();
  const preview = permalinkEmbed(post);
  const linked = preview?.post;
  const author = useStore((s) => (linked ? s.users[linked.user_id] : undefined));
  const channel = useStore((s) => (preview ? s.channels[preview.channel_id] : undefined));
  useEffect(() => {
    if (linked && !getState().users[linked.user_id]) void client.getProfilesByIds([linked.user_id]).then(addUsers, () => undefined);
  }, [linked]);
  if (!preview || !linked) return null;
  // a DM or GM has no display name of its own on the wire: the viewer's copy of the channel names it
  const where = channel?.display_name || preview.channel_display_name;
  const href = `/${preview.team_name || (getState().teams.find((t) => t.id === getState().currentTeamId)?.name ?? '')}/pl/${preview.post_id}`;
  const name = author ? displayName(author) : '';
  return (
    <div
      className="link-preview permalink-preview"
      role="group"
      aria-label={intl.formatMessage({ id: 'post.permalinkPreview.aria', defaultMessage: 'Message preview' })}
    >
      <div className="permalink-preview-head">
        <strong>{name}</strong>
        <time dateTime={new Date(linked.create_at).toISOString()}>
          <FormattedTime value={linked.create_at} hour="numeric" minute="2-digit" />
        </time>
        <a
          className="permalink-preview-jump"
          href={href}
          onClick={(e) => {
            e.preventDefault();
            navigate(href);
          }}
        >
          <FormattedMessage id="post.permalinkPreview.jump" defaultMessage="Jump" />
        </a>
      </div>
      <div className="permalink-preview-body">
        <Markdown text={linked.message} ctx={ctx} />
        {(linked.file_ids?.length ?? 0) > 0 && (
          <p className="permalink-preview-files">
            <FormattedMessage
              id="post.permalinkPreview.files"
              defaultMessage="{count, plural, one {# attachment} other {# attachments}}"
              values={{ count: linked.file_ids?.length ?? 0 }}
            />
          </p>
        )}
      </div>
      {where && (
        <div className="permalink-preview-where">
          <FormattedMessage id="post.permalinkPreview.where" defaultMessage="Originally posted in ~{channel}" values={{ channel: where }} />
        </div>
      )}
    </div>
  );
}
