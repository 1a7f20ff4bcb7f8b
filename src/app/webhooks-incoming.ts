// Incoming webhooks: CRUD (Mattermost's api4/webhook.go rules) and POST /hooks/{id} (app/webhook.go's
// HandleIncomingWebhook): the payload posted as the hook's owner, into its channel or the one the payload names.
import { AppError, appError, Errors } from '../model/app-error.ts';
import { newId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import type { Channel } from '../model/types.ts';
import { validateIncomingWebhook, type IncomingWebhook } from '../model/webhooks.ts';
import { integrationActor, type Actor } from './actor.ts';
import { hasChannelPermission, hasSystemPermission, hasTeamPermission, requireTeamPermission } from './authz.ts';
import { getChannelOr404 } from './channels.ts';
import type { AppContext } from './context.ts';
import { getOrCreateDirectChannel } from './direct-channels.ts';
import { isValidUsername } from './users.ts';
import { createWebhookPost } from './webhook-posts.ts';

/** An incoming hook as a client sends it (create: POST; update: PUT with the whole hook). */
export interface IncomingWebhookInput {
  id?: string | null;
  channel_id?: string | null;
  team_id?: string | null;
  user_id?: string | null;
  display_name?: string | null;
  description?: string | null;
  username?: string | null;
  icon_url?: string | null;
  channel_locked?: boolean | null;
}

/** The payload of POST /hooks/{id} (Mattermost's IncomingWebhookRequest). */
export interface IncomingWebhookRequest {
  text?: string;
  username?: string;
  icon_url?: string;
  channel?: string;
  props?: Record<string, unknown>;
  attachments?: unknown[];
  type?: string;
  icon_emoji?: string;
  priority?: Record<string, unknown> | null;
}

function requireEnabled(ctx: AppContext): void {
  if (!ctx.config().ServiceSettings.EnableIncomingWebhooks) throw appError('api.incoming_webhook.disabled.app_error', 'incomingWebhook');
}

/** Open channels need no more than the team permission; others need read_channel_content in them. */
async function requireHookChannel(ctx: AppContext, actor: Actor, ch: Channel, where: string): Promise<void> {
  if (ch.type !== 'O' && !(await hasChannelPermission(ctx, actor, ch.id, Permissions.READ_CHANNEL_CONTENT)))
    throw Errors.forbidden(where, actor.userId, Permissions.READ_CHANNEL_CONTENT);
}

/** Without the override settings, a hook keeps no username or icon of its own. */
function applyOverrideSettings(ctx: AppContext, h: IncomingWebhook): void {
  const svc = ctx.config().ServiceSettings;
  if (!svc.EnablePostUsernameOverride) h.username = '';
  if (!svc.EnablePostIconOverride) h.icon_url = '';
  if (h.username && !isValidUsername(h.username)) throw appError('api.incoming_webhook.invalid_username.app_error', 'incomingWebhook');
}

/** POST /hooks/incoming. */
export async function createIncomingWebhook(ctx: AppContext, actor: Actor, input: IncomingWebhookInput): Promise<IncomingWebhook> {
  requireEnabled(ctx);
  if (!input.channel_id) throw Errors.invalidBodyParam('channel_id');
  const ch = await getChannelOr404(ctx, input.channel_id);
  await requireTeamPermission(ctx, actor, ch.team_id, Permissions.MANAGE_OWN_INCOMING_WEBHOOKS, 'createIncomingHook');
  await requireHookChannel(ctx, actor, ch, 'createIncomingHook');
  let userId = actor.userId;
  if (input.user_id && input.user_id !== actor.userId) {
    await requireTeamPermission(ctx, actor, ch.team_id, Permissions.MANAGE_OTHERS_INCOMING_WEBHOOKS, 'createIncomingHook');
    const owner = await ctx.store.users.get(input.user_id);
    if (!owner || owner.delete_at) throw Errors.invalidBodyParam('user_id');
    userId = owner.id;
  }
  const bypass = await hasTeamPermission(ctx, actor, ch.team_id, Permissions.BYPASS_INCOMING_WEBHOOK_CHANNEL_LOCK);
  const now = Date.now();
  const hook: IncomingWebhook = {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    user_id: userId,
    channel_id: ch.id,
    team_id: ch.team_id,
    display_name: input.display_name ?? '',
    description: input.description ?? '',
    username: input.username ?? '',
    icon_url: input.icon_url ?? '',
    channel_locked: bypass ? !!input.channel_locked : true,
  };
  applyOverrideSettings(ctx, hook);
  validateIncomingWebhook(hook);
  await ctx.store.webhooks.saveIncoming(hook);
  return hook;
}

/** The hook, if the actor may manage it: own-permission on its team, its channel readable, others' if not the owner. */
async function manageableIncoming(ctx: AppContext, actor: Actor, hookId: string, where: string): Promise<IncomingWebhook> {
  requireEnabled(ctx);
  const hook = await ctx.store.webhooks.getIncoming(hookId);
  if (!hook) throw appError('app.webhooks.get_incoming.app_error', where);
  await requireTeamPermission(ctx, actor, hook.team_id, Permissions.MANAGE_OWN_INCOMING_WEBHOOKS, where);
  const ch = await ctx.store.channels.get(hook.channel_id);
  if (ch) await requireHookChannel(ctx, actor, ch, where);
  if (hook.user_id !== actor.userId)
    await requireTeamPermission(ctx, actor, hook.team_id, Permissions.MANAGE_OTHERS_INCOMING_WEBHOOKS, where);
  return hook;
}

/** GET /hooks/incoming/{id}. */
export function getIncomingWebhook(ctx: AppContext, actor: Actor, hookId: string): Promise<IncomingWebhook> {
  return manageableIncoming(ctx, actor, hookId, 'getIncomingHook');
}

/** DELETE /hooks/incoming/{id}. */
export async function deleteIncomingWebhook(ctx: AppContext, actor: Actor, hookId: string): Promise<void> {
  const hook = await manageableIncoming(ctx, actor, hookId, 'deleteIncomingHook');
  await ctx.store.webhooks.deleteIncoming(hook.id, Date.now());
}

/** PUT /hooks/incoming/{id}: the whole hook; id, owner, team and creation time stay. Answered 201, as Mattermost. */
export async function updateIncomingWebhook(
  ctx: AppContext,
  actor: Actor,
  hookId: string,
  input: IncomingWebhookInput,
): Promise<IncomingWebhook> {
  if (input.id !== hookId) throw Errors.invalidBodyParam('hook_id');
  const old = await manageableIncoming(ctx, actor, hookId, 'updateIncomingHook');
  if (input.team_id && input.team_id !== old.team_id) throw appError('api.webhook.team_mismatch.app_error', 'updateIncomingHook');
  const channelId = input.channel_id || old.channel_id;
  const ch = await ctx.store.channels.get(channelId);
  if (!ch || ch.team_id !== old.team_id) throw Errors.invalidBodyParam('channel_id');
  await requireHookChannel(ctx, actor, ch, 'updateIncomingHook');
  const bypass = await hasTeamPermission(ctx, actor, old.team_id, Permissions.BYPASS_INCOMING_WEBHOOK_CHANNEL_LOCK);
  const hook: IncomingWebhook = {
    ...old,
    update_at: Date.now(),
    channel_id: ch.id,
    display_name: input.display_name ?? '',
    description: input.description ?? '',
    username: input.username ?? '',
    icon_url: input.icon_url ?? '',
    channel_locked: bypass ? !!input.channel_locked : old.channel_locked || !!input.channel_locked,
  };
  applyOverrideSettings(ctx, hook);
  validateIncomingWebhook(hook);
  await ctx.store.webhooks.updateIncoming(hook);
  return hook;
}

/** GET /hooks/incoming: a team's hooks (or every team's), all of them with the others-permission, else the actor's. */
export async function getIncomingWebhooks(
  ctx: AppContext,
  actor: Actor,
  q: { teamId?: string; page: number; perPage: number; includeTotalCount: boolean },
): Promise<IncomingWebhook[] | { incoming_webhooks: IncomingWebhook[]; total_count: number }> {
  requireEnabled(ctx);
  const own = Permissions.MANAGE_OWN_INCOMING_WEBHOOKS;
  const others = Permissions.MANAGE_OTHERS_INCOMING_WEBHOOKS;
  let all: boolean;
  if (q.teamId) {
    await requireTeamPermission(ctx, actor, q.teamId, own, 'getIncomingHooks');
    all = await hasTeamPermission(ctx, actor, q.teamId, others);
  } else {
    if (!hasSystemPermission(ctx, actor, own)) throw Errors.forbidden('getIncomingHooks', actor.userId, own);
    all = hasSystemPermission(ctx, actor, others);
  }
  const filter = { teamId: q.teamId, userId: all ? undefined : actor.userId };
  const hooks = await ctx.store.webhooks.listIncoming({ ...filter, offset: q.page * q.perPage, limit: q.perPage });
  if (!q.includeTotalCount) return hooks;
  return { incoming_webhooks: hooks, total_count: await ctx.store.webhooks.countIncoming(filter) };
}

/** The channel a payload names: `@username` (the DM of owner and user), `#name`/`~name`/`name` in the hook's team. */
async function targetChannel(ctx: AppContext, hook: IncomingWebhook, name: string): Promise<Channel> {
  if (!name) {
    // The cached channel (as the send path uses): name, type, team and delete_at are current.
    const ch = await ctx.caches.channel(hook.channel_id);
    if (!ch) throw appError('web.incoming_webhook.channel.app_error', 'HandleIncomingWebhook');
    return ch;
  }
  if (name.startsWith('@')) {
    const user = await ctx.store.users.getByUsername(name.slice(1));
    if (!user) throw appError('web.incoming_webhook.user.app_error', 'HandleIncomingWebhook');
    try {
      return (await getOrCreateDirectChannel(ctx, hook.user_id, user.id)).channel;
    } catch {
      throw appError('web.incoming_webhook.channel.app_error', 'HandleIncomingWebhook');
    }
  }
  const bare = name.startsWith('#') || name.startsWith('~') ? name.slice(1) : name;
  const ch = await ctx.store.channels.getByName(hook.team_id, bare);
  if (!ch) throw appError('web.incoming_webhook.channel.app_error', 'HandleIncomingWebhook');
  return ch;
}

/** POST /hooks/{id}: posts the payload as the hook's owner (Mattermost's HandleIncomingWebhook). */
export async function executeIncomingWebhook(ctx: AppContext, hookId: string, req: IncomingWebhookRequest): Promise<void> {
  const svc = ctx.config().ServiceSettings;
  if (!svc.EnableIncomingWebhooks) throw appError('web.incoming_webhook.disabled.app_error', 'HandleIncomingWebhook');
  const hook = await ctx.store.webhooks.getIncoming(hookId);
  if (!hook) throw appError('web.incoming_webhook.invalid.app_error', 'HandleIncomingWebhook');
  const text = typeof req.text === 'string' ? req.text : '';
  const attachments = Array.isArray(req.attachments) ? req.attachments : undefined;
  if (!text && !attachments) throw appError('web.incoming_webhook.text.app_error', 'HandleIncomingWebhook');
  if (req.priority && typeof req.priority === 'object' && req.priority.priority === undefined)
    throw appError('api.context.invalid_param.app_error', 'HandleIncomingWebhook', { params: { Name: 'priority' } });
  const channel = await targetChannel(ctx, hook, typeof req.channel === 'string' ? req.channel : '');
  if (hook.channel_locked && channel.id !== hook.channel_id)
    throw appError('web.incoming_webhook.channel_locked.app_error', 'HandleIncomingWebhook');
  const owner = await ctx.store.users.get(hook.user_id);
  if (!owner || owner.delete_at) throw new AppError('HandleIncomingWebhook', 'web.incoming_webhook.user.app_error', 403);
  const actor = integrationActor(owner.id, owner.roles);
  if (channel.type !== 'O' && !(await hasChannelPermission(ctx, actor, channel.id, Permissions.READ_CHANNEL_CONTENT)))
    throw appError('web.incoming_webhook.permissions.app_error', 'HandleIncomingWebhook');
  const props: Record<string, unknown> = { ...(req.props && typeof req.props === 'object' ? req.props : {}) };
  props.webhook_display_name = hook.display_name;
  await createWebhookPost(ctx, channel, {
    userId: owner.id,
    text,
    username: svc.EnablePostUsernameOverride ? req.username || hook.username : undefined,
    iconUrl: svc.EnablePostIconOverride ? req.icon_url || hook.icon_url : undefined,
    iconEmoji: svc.EnablePostIconOverride ? req.icon_emoji : undefined,
    props,
    attachments,
    type: typeof req.type === 'string' ? req.type : '',
  });
}
