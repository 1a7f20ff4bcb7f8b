// /api/v4/channels/{channel_id}: archive (DELETE) and restore.
import type { FastifyInstance } from 'fastify';
import { appError } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireChannelPermission, requireTeamPermission } from '../app/authz.ts';
import { getChannelOr404 } from '../app/channels.ts';
import { getUserOr404 } from '../app/users.ts';
import { archiveChannel, restoreChannel } from '../app/channel-lifecycle.ts';
import { boolQuery, OK, legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function channelLifecycleRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'DELETE', '/channels/:channel_id', 'session', deleteChannel);
  legacyRoute(f, app, ctx, 'POST', '/channels/:channel_id/restore', 'session', restoreChannelHandler);
}

async function deleteChannel(c: Ctx) {
  const ch = await getChannelOr404(c.app, c.id('channel_id'));
  if (ch.type === 'D' || ch.type === 'G') throw appError('api.channel.delete_channel.type.invalid', 'deleteChannel');
  const perm = ch.type === 'O' ? Permissions.DELETE_PUBLIC_CHANNEL : Permissions.DELETE_PRIVATE_CHANNEL;
  await requireChannelPermission(c.app, c.actor, ch.id, perm, 'deleteChannel');
  if (boolQuery(c, 'permanent'))
    throw appError('api.user.delete_channel.not_enabled.app_error', 'deleteChannel', { detailed: 'channelId=' + ch.id });
  await archiveChannel(c.app, ch, await getUserOr404(c.app, c.session.user_id));
  return OK;
}

async function restoreChannelHandler(c: Ctx) {
  const ch = await getChannelOr404(c.app, c.id('channel_id'));
  await requireTeamPermission(c.app, c.actor, ch.team_id, Permissions.MANAGE_TEAM, 'restoreChannel');
  return restoreChannel(c.app, ch, await getUserOr404(c.app, c.session.user_id));
}
