// Ephemeral posts (Mattermost's SendEphemeralPost): never stored, sent only to one user as `ephemeral_message`.
// Producers: slash-command replies, interactive actions' ephemeral_text, server notices (out-of-channel mentions).
import { appError, Errors } from '../model/app-error.ts';
import { isValidId, newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import { postForClient } from '../model/post.ts';
import type { Post } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { requireSystemPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { withActionCookies } from './action-cookies.ts';
import { POST_MESSAGE_MAX_RUNES } from './posts.ts';

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

/** Replaces an ephemeral post the user sees (Mattermost's UpdateEphemeralPost): `post_edited` to that user only. */
export function updateEphemeralPost(ctx: AppContext, userId: string, input: EphemeralInput & { id: string }): Post {
  const post = { ...ephemeralPost(input), update_at: Date.now() };
  post.props = withActionCookies(ctx, post);
  ctx.events.publish(wsEvent(WsEvents.PostEdited, { post: JSON.stringify(postForClient(post)) }, { channelId: post.channel_id, userId }));
  return post;
}

/** Removes an ephemeral post from the user's view (DeleteEphemeralPost): `post_deleted` with the stub, to that user. */
export function deleteEphemeralPost(ctx: AppContext, userId: string, postId: string): void {
  const now = Date.now();
  const stub = { id: postId, user_id: userId, type: 'system_ephemeral', delete_at: now, update_at: now };
  ctx.events.publish(wsEvent(WsEvents.PostDeleted, { post: JSON.stringify(stub) }, { userId }));
}

/** The body of POST /posts/ephemeral. */
export interface EphemeralRequest {
  user_id?: string | null;
  post?: { channel_id?: string | null; message?: string | null; root_id?: string | null; props?: Record<string, unknown> | null } | null;
}

/** POST /posts/ephemeral (create_post_ephemeral, system admins by default): the post, sent to `user_id` only. */
export function createEphemeralPost(ctx: AppContext, actor: Actor, req: EphemeralRequest): Post {
  requireSystemPermission(ctx, actor, Permissions.CREATE_POST_EPHEMERAL, 'createEphemeralPost');
  if (!isValidId(req.user_id)) throw Errors.invalidBodyParam('user_id');
  const p = req.post;
  if (!p || !isValidId(p.channel_id)) throw Errors.invalidBodyParam('post');
  const message = p.message ?? '';
  if ([...message].length > POST_MESSAGE_MAX_RUNES) throw appError('model.post.is_valid.msg.app_error', 'Post.IsValid');
  if (p.root_id && !isValidId(p.root_id)) throw Errors.invalidBodyParam('post');
  return sendEphemeralPost(ctx, req.user_id, {
    channel_id: p.channel_id,
    user_id: actor.userId,
    message,
    root_id: p.root_id ?? '',
    props: p.props ?? {},
  });
}
