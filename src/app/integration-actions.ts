// Interactive messages and dialogs (Mattermost's app/integration_action.go): a click on an attachment's button or
// menu calls the action's integration URL through the outbound client and applies its `update` (post_edited),
// `ephemeral_text` (to the clicker) and `goto_location`; trigger ids let the integration open a dialog for the
// clicker (`open_dialog`), whose submission is relayed to the dialog URL.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import { findAction, slackLinksToMarkdown, type PostAction } from '../model/slack-attachments.ts';
import type { Post } from '../model/types.ts';
import { wsEvent } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { requireChannelRead } from './authz.ts';
import type { AppContext } from './context.ts';
import { openCookie } from './action-cookies.ts';
import { sendEphemeralPost, updateEphemeralPost } from './ephemeral.ts';
import { OutboundError, outboundRequest } from './outbound/http-client.ts';
import { savePostChanges } from './posts.ts';

export const OPEN_DIALOG_EVENT = 'open_dialog';

// ---- Trigger ids ----

/** The key trigger ids are signed with: derived from the server's at-rest secret, so every node agrees. */
function triggerKey(ctx: AppContext): Buffer {
  return createHmac('sha256', ctx.config().SqlSettings.AtRestEncryptKey).update('parley-trigger-id').digest();
}

function sign(ctx: AppContext, data: string): string {
  return createHmac('sha256', triggerKey(ctx)).update(data).digest('base64');
}

/**
 * A new trigger id for `userId`: base64 of `clientId:userId:millis:signature` (Mattermost's layout, signed with
 * HMAC-SHA256 here). Returns the short client id (what the clicker's client sees) and the full id (the integration's).
 */
export function generateTriggerId(ctx: AppContext, userId: string): { clientTriggerId: string; triggerId: string } {
  const clientTriggerId = newId();
  const data = `${clientTriggerId}:${userId}:${Date.now()}`;
  return { clientTriggerId, triggerId: Buffer.from(`${data}:${sign(ctx, data)}`).toString('base64') };
}

/** Checks a trigger id (signature, age within the integration timeout); returns its client id and user. */
export function decodeTriggerId(ctx: AppContext, triggerId: string): { clientTriggerId: string; userId: string } {
  const where = 'DecodeAndVerifyTriggerId';
  const text = Buffer.from(triggerId, 'base64').toString('utf8');
  if (!text || Buffer.from(text).toString('base64').replace(/=+$/, '') !== triggerId.replace(/=+$/, ''))
    throw appError('interactive_message.decode_trigger_id.base64_decode_failed', where);
  const parts = text.split(':');
  if (parts.length !== 4 || !parts.every(Boolean)) throw appError('interactive_message.decode_trigger_id.missing_data', where);
  const [clientTriggerId, userId, millis, signature] = parts;
  const timeout = ctx.config().ServiceSettings.OutgoingIntegrationRequestsTimeout;
  if (Date.now() - Number(millis) > timeout * 1000 || !Number.isFinite(Number(millis)))
    throw appError('interactive_message.decode_trigger_id.expired', where, { params: { Seconds: timeout } });
  const want = Buffer.from(sign(ctx, `${clientTriggerId}:${userId}:${millis}`));
  const got = Buffer.from(signature);
  if (want.length !== got.length || !timingSafeEqual(want, got))
    throw appError('interactive_message.decode_trigger_id.verify_signature_failed', where);
  return { clientTriggerId, userId };
}

// ---- Actions ----

/** What an action URL may answer (Mattermost's PostActionIntegrationResponse). */
interface ActionResponse {
  update?: { message?: string; props?: Record<string, unknown> | null } | null;
  ephemeral_text?: string;
  goto_location?: string;
  skip_slack_parsing?: boolean;
}

/** POSTs JSON to an integration URL; a refusal, a failure or a status other than 200 is Mattermost's 400. */
async function callIntegration(ctx: AppContext, url: string, body: unknown, where: string): Promise<Buffer> {
  try {
    const res = await outboundRequest(ctx.config(), {
      method: 'POST',
      url,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw appError('api.post.do_action.action_integration.app_error', where, { detailed: `status=${res.status}` });
    return res.body;
  } catch (err) {
    if (err instanceof OutboundError) throw appError('api.post.do_action.action_integration.app_error', where, { detailed: err.reason });
    throw err;
  }
}

function parseReply<T>(body: Buffer): T | undefined {
  const text = body.toString('utf8').trim();
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The post `update` asks for: its message and props, with the webhook markers of the old post kept. */
function updatedProps(old: Post, props: Record<string, unknown> | null | undefined): Record<string, unknown> {
  if (!props || typeof props !== 'object') return old.props;
  const next = { ...props };
  for (const k of ['from_webhook', 'override_username', 'override_icon_url', 'override_icon_emoji'])
    if (old.props[k] !== undefined) next[k] = old.props[k];
    else delete next[k];
  return next;
}

/** What a click acts on: the stored post's action, or (for an ephemeral post) the one its cookie carries. */
interface ActionTarget {
  postId: string;
  channelId: string;
  rootId: string;
  /** The stored post; absent for an ephemeral one. */
  post?: Post;
  action: PostAction;
}

async function actionTarget(ctx: AppContext, postId: string, actionId: string, cookie: string): Promise<ActionTarget> {
  const where = 'DoPostAction';
  const post = await ctx.store.posts.get(postId);
  if (post) {
    const action = findAction(post.props, actionId);
    if (!action?.integration?.url) throw appError('api.post.do_action.action_id.app_error', where);
    return { postId, channelId: post.channel_id, rootId: post.root_id, post, action };
  }
  if (!cookie) throw appError('app.post.get.app_error', 'GetSinglePost');
  const c = openCookie(ctx, cookie);
  if (c.post_id !== postId || !c.integration?.url)
    throw appError('api.post.do_action.action_integration.app_error', where, { detailed: 'cookie does not match the post' });
  return {
    postId,
    channelId: c.channel_id,
    rootId: c.root_post_id,
    action: { id: actionId, type: c.type, data_source: c.data_source, integration: c.integration },
  };
}

/** Applies an action's `update`: the stored post is edited (post_edited); an ephemeral one is re-sent to the clicker. */
async function applyUpdate(ctx: AppContext, actor: Actor, t: ActionTarget, update: NonNullable<ActionResponse['update']>, raw: boolean) {
  const text = typeof update.message === 'string' ? update.message : '';
  const message = raw ? text : slackLinksToMarkdown(text);
  if (t.post) return void (await savePostChanges(ctx, t.post, { message, props: updatedProps(t.post, update.props) }));
  updateEphemeralPost(ctx, actor.userId, { id: t.postId, channel_id: t.channelId, root_id: t.rootId, message, props: update.props ?? {} });
}

/**
 * POST /posts/{post_id}/actions/{action_id}: `{status: "OK", trigger_id}` (plus `goto_location` when given). An
 * ephemeral post's click brings its action's cookie.
 */
export async function doPostAction(
  ctx: AppContext,
  actor: Actor,
  postId: string,
  actionId: string,
  selectedOption: string,
  cookie = '',
): Promise<{ status: string; trigger_id: string; goto_location?: string }> {
  const t = await actionTarget(ctx, postId, actionId, cookie);
  const channel = await requireChannelRead(ctx, actor, t.channelId);
  const [user, team] = await Promise.all([
    ctx.store.users.get(actor.userId),
    channel.team_id ? ctx.store.teams.get(channel.team_id) : undefined,
  ]);
  const { clientTriggerId, triggerId } = generateTriggerId(ctx, actor.userId);
  const context: Record<string, unknown> = { ...(t.action.integration?.context ?? {}) };
  if (selectedOption) context.selected_option = selectedOption;
  const body = await callIntegration(
    ctx,
    t.action.integration!.url!,
    {
      user_id: actor.userId,
      user_name: user?.username ?? '',
      channel_id: t.channelId,
      channel_name: channel.name,
      team_id: channel.team_id,
      team_domain: team?.name ?? '',
      post_id: t.postId,
      trigger_id: triggerId,
      type: t.action.type ?? '',
      data_source: t.action.data_source ?? '',
      context,
    },
    'DoPostAction',
  );
  const reply = parseReply<ActionResponse>(body);
  if (reply?.update && typeof reply.update === 'object') await applyUpdate(ctx, actor, t, reply.update, !!reply.skip_slack_parsing);
  if (reply?.ephemeral_text && typeof reply.ephemeral_text === 'string') {
    const text = reply.skip_slack_parsing ? reply.ephemeral_text : slackLinksToMarkdown(reply.ephemeral_text);
    sendEphemeralPost(ctx, actor.userId, { channel_id: t.channelId, message: text, root_id: t.rootId, user_id: t.post?.user_id });
  }
  const out: { status: string; trigger_id: string; goto_location?: string } = { status: 'OK', trigger_id: clientTriggerId };
  if (reply?.goto_location && typeof reply.goto_location === 'string') out.goto_location = reply.goto_location;
  return out;
}

// ---- Dialogs ----

export interface OpenDialogRequest {
  trigger_id: string;
  url: string;
  dialog: Record<string, unknown>;
}

/** POST /actions/dialogs/open: no session, the trigger id is the authority; `open_dialog` goes to its user. */
export function openInteractiveDialog(ctx: AppContext, req: OpenDialogRequest): void {
  if (!req.url) throw Errors.invalidBodyParam('url');
  const { clientTriggerId, userId } = decodeTriggerId(ctx, req.trigger_id);
  const dialog = JSON.stringify({ ...req, trigger_id: clientTriggerId });
  ctx.events.publish(wsEvent(OPEN_DIALOG_EVENT, { dialog }, { userId }));
}

export interface SubmitDialogRequest {
  url: string;
  callback_id?: string;
  state?: string;
  channel_id: string;
  team_id?: string;
  submission?: Record<string, unknown>;
  cancelled?: boolean;
}

/** POST /actions/dialogs/submit: relays the submission (with the user, without the URL); answers the reply's errors. */
export async function submitInteractiveDialog(ctx: AppContext, actor: Actor, req: SubmitDialogRequest): Promise<Record<string, unknown>> {
  if (!req.url) throw Errors.invalidBodyParam('url');
  const ch = await requireChannelRead(ctx, actor, req.channel_id);
  const { url, ...rest } = req;
  const body = await callIntegration(
    ctx,
    url,
    { ...rest, team_id: req.team_id || ch.team_id, user_id: actor.userId, type: 'dialog_submission', submission: req.submission ?? {} },
    'SubmitInteractiveDialog',
  );
  const reply = parseReply<Record<string, unknown>>(body) ?? {};
  const out: Record<string, unknown> = {};
  if (typeof reply.error === 'string' && reply.error) out.error = reply.error;
  if (reply.errors && typeof reply.errors === 'object') out.errors = reply.errors;
  for (const k of ['type', 'form']) if (reply[k] !== undefined) out[k] = reply[k];
  return out;
}
