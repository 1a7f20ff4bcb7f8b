// Ephemeral posts (Mattermost's SendEphemeralPost): never stored, sent only to one user as `ephemeral_message`.
// Producers: slash-command replies, interactive actions' ephemeral_text, server notices (out-of-channel mentions).
import { newId } from '../model/id.ts';
import { postForClient } from '../model/post.ts';
import type { Post } from '../model/types.ts';
import { wsEvent } from '../model/ws-events.ts';
import type { AppContext } from './context.ts';
import { withActionCookies } from './action-cookies.ts';

export const EPHEMERAL_MESSAGE_EVENT = 'ephemeral_message';

/** What a producer gives: at least the channel and message; the rest is filled as Mattermost fills it. */
export interface EphemeralInput {
  channel_id: string;
  message: string;
  id?: string;
  user_id?: string;
  root_id?: string;
  props?: Record<string, unknown>;
  create_at?: number;
}

/** Builds the ephemeral post as clients receive it (type system_ephemeral, props never null). */
export function ephemeralPost(input: EphemeralInput): Post {
  const now = input.create_at ?? Date.now();
  return {
    id: input.id || newId(),
    create_at: now,
    update_at: now,
    edit_at: 0,
    delete_at: 0,
    is_pinned: false,
    user_id: input.user_id ?? '',
    channel_id: input.channel_id,
    root_id: input.root_id ?? '',
    original_id: '',
    message: input.message,
    type: 'system_ephemeral',
    props: input.props ?? {},
    hashtags: '',
    pending_post_id: '',
    reply_count: 0,
    last_reply_at: 0,
    participants: null,
    metadata: {},
  };
}

/** Sends an ephemeral post to `userId` only (broadcast channel + user, data.post a JSON string); returns it. */
export function sendEphemeralPost(ctx: AppContext, userId: string, input: EphemeralInput): Post {
  const post = ephemeralPost(input);
  // Never stored: each action carries its integration to the client sealed in a cookie (app/action-cookies.ts).
  post.props = withActionCookies(ctx, post);
  ctx.events.publish(
    wsEvent(EPHEMERAL_MESSAGE_EVENT, { post: JSON.stringify(postForClient(post)) }, { channelId: post.channel_id, userId }),
  );
  return post;
}
