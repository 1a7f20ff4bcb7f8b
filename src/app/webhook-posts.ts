// Posts made by integrations (Mattermost's CreateWebhookPost and SplitWebhookPost): Slack text fixes, the webhook
// props (from_webhook, overrides, attachments), long messages split at the post size limit, each part created
// through the normal send path (createPost: fan-out, unread counts and the after-post seam).
import { appError } from '../model/app-error.ts';
import { expandAnnouncements, processSlackAttachments, slackLinksToMarkdown, type SlackAttachment } from '../model/slack-attachments.ts';
import type { Channel, Post } from '../model/types.ts';
import { DEFAULT_WEBHOOK_USERNAME } from '../model/webhooks.ts';
import type { AppContext } from './context.ts';
import { createPost, POST_MESSAGE_MAX_RUNES } from './posts.ts';

/** Mattermost's PostPropsMaxUserRunes: the props of one post, as JSON, in runes. */
export const POST_PROPS_MAX_RUNES = 760000;

/** Props an integration cannot set through `props` (Mattermost sets them itself). */
const RESERVED_PROPS = new Set(['attachments', 'override_username', 'override_icon_url', 'override_icon_emoji', 'from_webhook']);

export interface WebhookPostInput {
  /** The author: the hook's owner or creator. */
  userId: string;
  text: string;
  username?: string;
  iconUrl?: string;
  iconEmoji?: string;
  props?: Record<string, unknown>;
  attachments?: unknown[];
  type?: string;
  rootId?: string;
}

const runes = (s: string) => [...s].length;
const propsRunes = (p: Record<string, unknown>) => runes(JSON.stringify(p));

/**
 * `<@userid>` as `@username` for users Parley knows (Mattermost's ProcessSlackText), then announcements and links:
 * the text of a webhook's post and of a command's reply.
 */
export async function processSlackText(ctx: AppContext, text: string): Promise<string> {
  const ids = [...new Set([...text.matchAll(/<@([a-z0-9]{26})>/g)].map((m) => m[1]))];
  if (ids.length) {
    const users = new Map((await ctx.store.users.getMany(ids)).map((u) => [u.id, u.username]));
    text = text.replace(/<@([a-z0-9]{26})>/g, (whole, id: string) => (users.has(id) ? '@' + users.get(id) : whole));
  }
  return slackLinksToMarkdown(expandAnnouncements(text));
}

/** The props of an integration post, per Mattermost's CreateWebhookPost (overrides only where the config allows). */
function webhookProps(ctx: AppContext, input: WebhookPostInput): Record<string, unknown> {
  const svc = ctx.config().ServiceSettings;
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input.props ?? {})) if (!RESERVED_PROPS.has(k)) props[k] = v;
  props.from_webhook = 'true';
  if (svc.EnablePostUsernameOverride) props.override_username = input.username || DEFAULT_WEBHOOK_USERNAME;
  if (svc.EnablePostIconOverride) {
    if (input.iconUrl) props.override_icon_url = input.iconUrl;
    if (input.iconEmoji) props.override_icon_emoji = input.iconEmoji;
  }
  return props;
}

/** A message cut into parts of at most `max` runes (at rune boundaries). */
function splitMessage(message: string, max: number): string[] {
  const r = [...message];
  if (r.length <= max) return [message];
  const parts: string[] = [];
  for (let i = 0; i < r.length; i += max) parts.push(r.slice(i, i + max).join(''));
  return parts;
}

/**
 * Mattermost's SplitWebhookPost: the message in parts of MaxPostSize runes, each with the non-attachment props;
 * attachments on the last part, overflowing into further empty-message parts; a lone oversized attachment has its
 * text cut to fit.
 */
export function splitWebhookPost(
  message: string,
  props: Record<string, unknown>,
  attachments: SlackAttachment[],
): Array<{ message: string; props: Record<string, unknown> }> {
  const base = propsRunes(props);
  if (base > POST_PROPS_MAX_RUNES)
    throw appError('web.incoming_webhook.split_props_length.app_error', 'SplitWebhookPost', { params: { Max: POST_PROPS_MAX_RUNES } });
  const parts = splitMessage(message, POST_MESSAGE_MAX_RUNES).map((m) => ({ message: m, props: { ...props } }));
  if (!attachments.length) return parts;
  let current: SlackAttachment[] = [];
  const flush = (into: { props: Record<string, unknown> }) => (into.props = { ...props, attachments: current });
  let target = parts[parts.length - 1];
  for (const a of attachments) {
    let att = a;
    if (propsRunes({ ...props, attachments: [att] }) > POST_PROPS_MAX_RUNES) {
      const room = POST_PROPS_MAX_RUNES - propsRunes({ ...props, attachments: [{ ...att, text: '' }] });
      if (room <= 0)
        throw appError('web.incoming_webhook.split_props_length.app_error', 'SplitWebhookPost', { params: { Max: POST_PROPS_MAX_RUNES } });
      // JSON escapes can grow the text; cut until it fits.
      let text = [...String(att.text ?? '')].slice(0, room).join('');
      while (text && propsRunes({ ...props, attachments: [{ ...att, text }] }) > POST_PROPS_MAX_RUNES)
        text = [...text].slice(0, -64).join('');
      att = { ...att, text };
    }
    if (current.length && propsRunes({ ...props, attachments: [...current, att] }) > POST_PROPS_MAX_RUNES) {
      flush(target);
      target = { message: '', props: { ...props } };
      parts.push(target);
      current = [];
    }
    current.push(att);
  }
  flush(target);
  return parts;
}

/**
 * Creates an integration's post (or posts, when split) in `channel` as `input.userId`; returns them. A system post
 * type is refused; attachments make the type `slack_attachment` unless one is given.
 */
export async function createWebhookPost(ctx: AppContext, channel: Channel, input: WebhookPostInput): Promise<Post[]> {
  const type = input.type ?? '';
  if (type.startsWith('system_')) throw appError('api.context.invalid_param.app_error', 'CreateWebhookPost', { params: { Name: 'type' } });
  const message = await processSlackText(ctx, input.text);
  const attachments = input.attachments?.length ? processSlackAttachments(input.attachments) : [];
  const parts = splitWebhookPost(message, webhookProps(ctx, input), attachments);
  const postType = type || (attachments.length ? 'slack_attachment' : '');
  const posts: Post[] = [];
  for (const part of parts) {
    try {
      posts.push(
        await createPost(ctx, channel, {
          channel_id: channel.id,
          user_id: input.userId,
          message: part.message,
          root_id: input.rootId ?? '',
          type: postType,
          props: part.props,
        }),
      );
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode && (err as { statusCode: number }).statusCode < 500) throw err;
      ctx.log.error({ err, channel_id: channel.id }, 'creating a webhook post failed');
      throw appError('api.post.create_webhook_post.creating.app_error', 'CreateWebhookPost');
    }
  }
  return posts;
}
