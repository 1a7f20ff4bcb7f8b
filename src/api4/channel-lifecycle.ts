// /api/v4/channels/{channel_id}: archive (DELETE) and restore.
import type { FastifyInstance } from 'fastify';
import { appError } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { AppContext } from '../app/context.ts';
import { requireChannelPermission, requireTeamPermission } from '../app/authz.ts';
import { getChannelOr404 } from '../app/channels.ts';
import { getUserOr404 } from '../app/users.ts';
import { archiveChannel, restoreChannel } from '../app/channel-lifecycle.ts';
import { boolQuery, OK, route, type Ctx } from './context.ts';

export function channelLifecycleRoutes(f: FastifyInstance, app: AppContext): void {
  route(f, app, 'DELETE', '/channels/:channel_id', 'session', deleteChannel);
  route(f, app, 'POST', '/channels/:channel_id/restore', 'session', restoreChannelHandler);
}

async function deleteChannel(c: Ctx) {
  const ch = await getChannelOr404(c.app, c.id('channel_id'));
  if (ch.type === 'D' || ch.type === 'G') throw appError('api.channel.delete_channel.type.invalid', 'deleteChannel');
  const perm = ch.type === 'O' ? Permissions.DELETE_PUBLIC_CHANNEL : Permissions.DELETE_PRIVATE_CHANNEL;
  await requireChannelPermission(c.app, c.session, ch.id, perm, 'deleteChannel');
  if (boolQuery(c, 'permanent'))
    throw appError('api.user.delete_channel.not_enabled.app_error', 'deleteChannel', { detailed: 'channelId=' + ch.id });
  await archiveChannel(c.app, ch, await getUserOr404(c.app, c.session.user_id));
  return OK;
}

async function restoreChannelHandler(c: Ctx) {
  const ch = await getChannelOr404(c.app, c.id('channel_id'));
  await requireTeamPermission(c.app, c.session, ch.team_id, Permissions.MANAGE_TEAM, 'restoreChannel');
  return restoreChannel(c.app, ch, await getUserOr404(c.app, c.session.user_id));
}
