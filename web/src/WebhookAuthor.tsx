// The name, icon and BOT tag webhook posts show in place of their owner's (their Slack attachments are Attachments.tsx).
import type { Post } from '@mattermost/types/posts';
import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';

/** Only http(s) URLs become links and images. */
export function safeUrl(u: string | undefined): string | undefined {
  return u && /^https?:\/\//i.test(u) ? u : undefined;
}

/** Whether the post came from an integration (incoming/outgoing webhook). */
export function isWebhookPost(post: Post): boolean {
  return (post.props as Record<string, unknown> | undefined)?.from_webhook === 'true';
}

/** The name a webhook post shows (its override_username), or undefined for ordinary posts. */
export function webhookDisplayName(post: Post): string | undefined {
  const name = (post.props as Record<string, unknown> | undefined)?.override_username;
  return isWebhookPost(post) && typeof name === 'string' && name ? name : undefined;
}

/** The post head's avatar and BOT tag for webhook posts (override_icon_url when the server allowed it). */
export function WebhookAuthor({ post }: { post: Post }): ReactNode {
  if (!isWebhookPost(post)) return null;
  const icon = safeUrl((post.props as Record<string, unknown>).override_icon_url as string | undefined);
  return (
    <>
      {icon && <img className="webhook-icon" src={icon} alt="" width={20} height={20} />}
      <span className="bot-tag">
        <FormattedMessage id="post.bot_tag" defaultMessage="BOT" />
      </span>
    </>
  );
}

/** Whether the post carries Slack attachments (props.attachments) for Attachments.tsx to draw. */
export function hasAttachments(post: Post): boolean {
  const a = (post.props as Record<string, unknown> | undefined)?.attachments;
  return Array.isArray(a) && a.length > 0;
}
