// Outgoing webhooks: CRUD (Mattermost's api4/webhook.go rules) and firing — an after-post step that, for a user's
// post in a public channel whose first word triggers a hook (or any post in a hook's channel when it has no trigger
// words), POSTs Mattermost's payload to each callback URL through the outbound client and posts the replies.
import { randomBytes } from 'node:crypto';
import { AppError, appError, Errors } from '../model/app-error.ts';
import { base32, newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel, Post } from '../model/types.ts';
import {
  firstWord,
  matchedTriggerWord,
  payloadToForm,
  validateOutgoingWebhook,
  type OutgoingWebhook,
  type OutgoingWebhookPayload,
} from '../model/webhooks.ts';
import type { Actor } from './actor.ts';
import { hasChannelPermission, hasSystemPermission, hasTeamPermission, requireChannelPermission, requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { registerAfterPost } from './after-post.ts';
import { outboundRequest } from './outbound/http-client.ts';
import { createWebhookPost } from './webhook-posts.ts';

/**
 * How long a team's outgoing hooks may be served from memory before the store is asked again: every post in a public
 * channel consults them, and most teams have none. Changes made on this node drop the entry at once; another node's
 * changes are seen within this bound.
 */
const HOOKS_TTL_MS = 10_000;
const hookCache = new WeakMap<AppContext, Map<string, { at: number; p: Promise<OutgoingWebhook[]> }>>();

function teamHooks(ctx: AppContext, teamId: string): Promise<OutgoingWebhook[]> {
  let byTeam = hookCache.get(ctx);
  if (!byTeam) hookCache.set(ctx, (byTeam = new Map()));
  const e = byTeam.get(teamId);
  if (e && Date.now() - e.at <= HOOKS_TTL_MS) return e.p;
  if (byTeam.size > 10_000) byTeam.clear();
  const p = ctx.store.webhooks.outgoingForTeam(teamId);
  const entry = { at: Date.now(), p };
  byTeam.set(teamId, entry);
  const map = byTeam;
  p.catch(() => map.get(teamId) === entry && map.delete(teamId));
  return p;
}

function forgetTeamHooks(ctx: AppContext, teamId: string): void {
  hookCache.get(ctx)?.delete(teamId);
}

/** Writes a changed hook; this node stops serving the team's old list at once. */
async function saveChange(ctx: AppContext, hook: OutgoingWebhook): Promise<void> {
  await ctx.store.webhooks.updateOutgoing(hook);
  forgetTeamHooks(ctx, hook.team_id);
}

/** An outgoing hook as a client sends it. */
export interface OutgoingWebhookInput {
  id?: string | null;
  creator_id?: string | null;
  channel_id?: string | null;
  team_id?: string | null;
  trigger_words?: string[] | null;
  trigger_when?: number | null;
  callback_urls?: string[] | null;
  display_name?: string | null;
  description?: string | null;
  content_type?: string | null;
  username?: string | null;
  icon_url?: string | null;
}

/** An outgoing hook's token: 26 random base32 characters, as Mattermost's NewId-sized token. */
function newToken(): string {
  return base32(randomBytes(20)).slice(0, 26);
}

function requireEnabled(ctx: AppContext): void {
  if (!ctx.config().ServiceSettings.EnableOutgoingWebhooks) throw appError('api.outgoing_webhook.disabled.app_error', 'outgoingWebhook');
}

/** A channel a hook is bound to: open (403 with Mattermost's `notOpen` id) and in the hook's team. */
async function checkHookChannel(ctx: AppContext, hook: OutgoingWebhook, notOpen: AppError, where: string): Promise<void> {
  if (!hook.channel_id) {
    if (!hook.trigger_words.length) throw appError('api.webhook.create_outgoing.triggers.app_error', where);
    return;
  }
  const ch = await ctx.store.channels.get(hook.channel_id);
  if (!ch) throw appError('app.channel.get.existing.app_error', 'GetChannel');
  if (ch.type !== 'O') throw notOpen;
  if (ch.team_id !== hook.team_id) throw appError('api.webhook.create_outgoing.permissions.app_error', where);
}

/** Whether another live hook of the same channel shares a callback URL and a trigger word with `hook`. */
async function overlaps(ctx: AppContext, hook: OutgoingWebhook): Promise<boolean> {
  const others = await ctx.store.webhooks.listOutgoing({ teamId: hook.team_id, offset: 0, limit: 10_000 });
  return others.some(
    (o) =>
      o.id !== hook.id &&
      o.channel_id === hook.channel_id &&
      o.callback_urls.some((u) => hook.callback_urls.includes(u)) &&
      o.trigger_words.some((w) => hook.trigger_words.includes(w)),
  );
}

const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The fields a client sets on create and replaces on update. */
function clientFields(input: OutgoingWebhookInput) {
  return {
    trigger_words: listOf(input.trigger_words),
    trigger_when: input.trigger_when ?? 0,
    callback_urls: listOf(input.callback_urls),
    display_name: input.display_name ?? '',
    description: input.description ?? '',
    content_type: input.content_type ?? '',
    username: input.username ?? '',
    icon_url: input.icon_url ?? '',
  };
}

/** POST /hooks/outgoing. */
export async function createOutgoingWebhook(ctx: AppContext, actor: Actor, input: OutgoingWebhookInput): Promise<OutgoingWebhook> {
  requireEnabled(ctx);
  const teamId = input.team_id ?? '';
  if (!teamId) throw Errors.invalidBodyParam('team_id');
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_OWN_OUTGOING_WEBHOOKS, 'createOutgoingHook');
  let creatorId = actor.userId;
  if (input.creator_id && input.creator_id !== actor.userId) {
    await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_OTHERS_OUTGOING_WEBHOOKS, 'createOutgoingHook');
    const creator = await ctx.store.users.get(input.creator_id);
    if (!creator || creator.delete_at) throw Errors.invalidBodyParam('creator_id');
    creatorId = creator.id;
  }
  const now = Date.now();
  const hook: OutgoingWebhook = {
    id: newId(),
    token: newToken(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    creator_id: creatorId,
    channel_id: input.channel_id ?? '',
    team_id: teamId,
    ...clientFields(input),
  };
  // Mattermost's (odd) id for a channel that is not open on create.
  await checkHookChannel(
    ctx,
    hook,
    new AppError('createOutgoingHook', 'api.outgoing_webhook.disabled.app_error', 403),
    'createOutgoingHook',
  );
  if (await overlaps(ctx, hook)) throw appError('api.webhook.create_outgoing.intersect.app_error', 'createOutgoingHook');
  validateOutgoingWebhook(hook);
  await ctx.store.webhooks.saveOutgoing(hook);
  forgetTeamHooks(ctx, hook.team_id);
  return hook;
}

/** The hook, if the actor may manage it: own-permission on its team, others' when not its creator. */
async function manageableOutgoing(ctx: AppContext, actor: Actor, hookId: string, where: string): Promise<OutgoingWebhook> {
  requireEnabled(ctx);
  const hook = await ctx.store.webhooks.getOutgoing(hookId);
  if (!hook) throw appError('app.webhooks.get_outgoing.app_error', where);
  await requireTeamPermission(ctx, actor, hook.team_id, Permissions.MANAGE_OWN_OUTGOING_WEBHOOKS, where);
  if (hook.creator_id !== actor.userId)
    await requireTeamPermission(ctx, actor, hook.team_id, Permissions.MANAGE_OTHERS_OUTGOING_WEBHOOKS, where);
  return hook;
}

/** GET /hooks/outgoing/{id}. */
export function getOutgoingWebhook(ctx: AppContext, actor: Actor, hookId: string): Promise<OutgoingWebhook> {
  return manageableOutgoing(ctx, actor, hookId, 'getOutgoingHook');
}

/** DELETE /hooks/outgoing/{id}. */
export async function deleteOutgoingWebhook(ctx: AppContext, actor: Actor, hookId: string): Promise<void> {
  const hook = await manageableOutgoing(ctx, actor, hookId, 'deleteOutgoingHook');
  await ctx.store.webhooks.deleteOutgoing(hook.id, Date.now());
  forgetTeamHooks(ctx, hook.team_id);
}

/** POST /hooks/outgoing/{id}/regen_token. */
export async function regenOutgoingHookToken(ctx: AppContext, actor: Actor, hookId: string): Promise<OutgoingWebhook> {
  const hook = await manageableOutgoing(ctx, actor, hookId, 'regenOutgoingHookToken');
  const next = { ...hook, token: newToken(), update_at: Date.now() };
  await saveChange(ctx, next);
  return next;
}

/** PUT /hooks/outgoing/{id}: creator, team, token and creation time stay. */
export async function updateOutgoingWebhook(
  ctx: AppContext,
  actor: Actor,
  hookId: string,
  input: OutgoingWebhookInput,
): Promise<OutgoingWebhook> {
  if (input.id !== hookId) throw Errors.invalidBodyParam('hook_id');
  const old = await manageableOutgoing(ctx, actor, hookId, 'updateOutgoingHook');
  if (input.team_id && input.team_id !== old.team_id) throw appError('api.webhook.team_mismatch.app_error', 'updateOutgoingHook');
  const hook: OutgoingWebhook = {
    ...old,
    update_at: Date.now(),
    channel_id: input.channel_id ?? '',
    ...clientFields(input),
  };
  try {
    await checkHookChannel(
      ctx,
      hook,
      appError('api.webhook.create_outgoing.not_open.app_error', 'updateOutgoingHook'),
      'updateOutgoingHook',
    );
  } catch (err) {
    // Mattermost answers a hook left with neither channel nor words with a 500 on update.
    if (err instanceof AppError && err.id === 'api.webhook.create_outgoing.triggers.app_error')
      throw new AppError('updateOutgoingHook', err.id, 500);
    throw err;
  }
  if (await overlaps(ctx, hook)) throw appError('api.webhook.update_outgoing.intersect.app_error', 'updateOutgoingHook');
  validateOutgoingWebhook(hook);
  await saveChange(ctx, hook);
  return hook;
}

/** GET /hooks/outgoing: by channel, team or everywhere; all with the others-permission, else the actor's. */
export async function getOutgoingWebhooks(
  ctx: AppContext,
  actor: Actor,
  q: { channelId?: string; teamId?: string; page: number; perPage: number },
): Promise<OutgoingWebhook[]> {
  requireEnabled(ctx);
  const own = Permissions.MANAGE_OWN_OUTGOING_WEBHOOKS;
  const others = Permissions.MANAGE_OTHERS_OUTGOING_WEBHOOKS;
  let all: boolean;
  if (q.channelId) {
    await requireChannelPermission(ctx, actor, q.channelId, own, 'getOutgoingHooks');
    all = await hasChannelPermission(ctx, actor, q.channelId, others);
  } else if (q.teamId) {
    await requireTeamPermission(ctx, actor, q.teamId, own, 'getOutgoingHooks');
    all = await hasTeamPermission(ctx, actor, q.teamId, others);
  } else {
    if (!hasSystemPermission(ctx, actor, own)) throw Errors.forbidden('getOutgoingHooks', actor.userId, own);
    all = hasSystemPermission(ctx, actor, others);
  }
  return ctx.store.webhooks.listOutgoing({
    channelId: q.channelId,
    teamId: q.channelId ? undefined : q.teamId,
    userId: all ? undefined : actor.userId,
    offset: q.page * q.perPage,
    limit: q.perPage,
  });
}

// ---- Firing ----

/** What a callback may answer (Mattermost's OutgoingWebhookResponse). */
interface OutgoingWebhookResponse {
  text?: string | null;
  username?: string;
  icon_url?: string;
  props?: Record<string, unknown> | null;
  attachments?: unknown[] | null;
  type?: string;
  response_type?: string;
}

/** The hooks a post fires and the trigger word they all report (Mattermost keeps one, the last match's). */
function relevantHooks(hooks: OutgoingWebhook[], post: Post): { hooks: OutgoingWebhook[]; triggerWord: string } {
  const word = firstWord(post.message);
  const out: OutgoingWebhook[] = [];
  let triggerWord = '';
  for (const h of hooks) {
    if (h.channel_id === post.channel_id && !h.trigger_words.length) {
      out.push(h);
      triggerWord = '';
      continue;
    }
    const matched = matchedTriggerWord(h, word);
    if (matched !== undefined) {
      out.push(h);
      triggerWord = matched;
    }
  }
  return { hooks: out, triggerWord };
}

/** Whether a post may fire hooks: a user's own post (not a system post, not from a webhook or a bot). */
function mayTrigger(post: Post): boolean {
  return !post.type && post.props?.from_webhook !== 'true' && post.props?.from_bot !== 'true';
}

interface Firing {
  payload: OutgoingWebhookPayload;
  post: Post;
  channel: Channel;
  /** True once the app is closing: a reply arriving then is dropped. */
  stopped: () => boolean;
}

async function callHook(ctx: AppContext, hook: OutgoingWebhook, url: string, f: Firing) {
  const { payload, post, channel } = f;
  const json = hook.content_type === 'application/json';
  const body = json ? JSON.stringify({ ...payload, token: hook.token }) : payloadToForm({ ...payload, token: hook.token });
  const res = await outboundRequest(ctx.config(), {
    method: 'POST',
    url,
    headers: { 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body,
  });
  const text = res.body.toString('utf8').trim();
  if (!text) return;
  let reply: OutgoingWebhookResponse;
  try {
    reply = JSON.parse(text) as OutgoingWebhookResponse;
  } catch {
    ctx.log.warn({ hook_id: hook.id }, 'outgoing webhook reply is not JSON');
    return;
  }
  if (!reply || typeof reply !== 'object' || f.stopped()) return;
  const attachments = Array.isArray(reply.attachments) ? reply.attachments : [];
  if (typeof reply.text !== 'string' && !attachments.length) return;
  const svc = ctx.config().ServiceSettings;
  const props = { ...(reply.props && typeof reply.props === 'object' ? reply.props : {}), webhook_display_name: hook.display_name };
  await createWebhookPost(ctx, channel, {
    userId: hook.creator_id,
    text: typeof reply.text === 'string' ? reply.text : '',
    username: svc.EnablePostUsernameOverride ? (typeof reply.username === 'string' && reply.username) || hook.username : undefined,
    iconUrl: svc.EnablePostIconOverride ? (typeof reply.icon_url === 'string' && reply.icon_url) || hook.icon_url : undefined,
    props,
    attachments,
    type: typeof reply.type === 'string' ? reply.type : '',
    rootId: reply.response_type === 'comment' ? post.root_id || post.id : '',
  });
}

/** The after-post step: fires the hooks a post triggers, each callback on its own, failures logged. */
export async function fireOutgoingWebhooks(ctx: AppContext, post: Post, channel: Channel, stopped = () => false): Promise<void> {
  if (!ctx.config().ServiceSettings.EnableOutgoingWebhooks || channel.type !== 'O' || !mayTrigger(post)) return;
  const candidates = (await teamHooks(ctx, channel.team_id)).filter((h) => !h.channel_id || h.channel_id === channel.id);
  const { hooks, triggerWord } = relevantHooks(candidates, post);
  if (!hooks.length) return;
  const [user, team] = await Promise.all([ctx.store.users.get(post.user_id), ctx.store.teams.get(channel.team_id)]);
  if (!user || user.is_bot || !team) return;
  const payload: OutgoingWebhookPayload = {
    token: '',
    team_id: team.id,
    team_domain: team.name,
    channel_id: channel.id,
    channel_name: channel.name,
    timestamp: post.create_at,
    user_id: user.id,
    user_name: user.username,
    post_id: post.id,
    text: post.message,
    trigger_word: triggerWord,
    file_ids: (post.file_ids ?? []).join(','),
  };
  await Promise.all(
    hooks.flatMap((hook) =>
      hook.callback_urls.map((url) =>
        callHook(ctx, hook, url, { payload, post, channel, stopped }).catch((err: unknown) =>
          ctx.log.warn({ err: String((err as Error)?.message ?? err), hook_id: hook.id }, 'outgoing webhook call failed'),
        ),
      ),
    ),
  );
}

/** Registers the firing step after every post; its stop drops replies still to come (calls end by their timeouts). */
export function startOutgoingWebhooks(ctx: AppContext): () => void {
  let stopped = false;
  registerAfterPost(ctx, (post, channel) => (stopped ? undefined : fireOutgoingWebhooks(ctx, post, channel, () => stopped)));
  return () => {
    stopped = true;
  };
}
