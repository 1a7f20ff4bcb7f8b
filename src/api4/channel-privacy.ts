// /api/v4/channels/{id}/privacy and the founding /channels/{id}/convert (public → private).
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireChannelPermission } from '../app/authz.ts';
import { getChannelOr404 } from '../app/channels.ts';
import { updateChannelPrivacy } from '../app/channel-privacy.ts';
import { getUserOr404 } from '../app/users.ts';
import { legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function channelPrivacyRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'PUT', '/channels/:channel_id/privacy', 'session', updateChannelPrivacyHandler);
  legacyRoute(f, app, ctx, 'POST', '/channels/:channel_id/convert', 'session', convertChannelToPrivate);
}

/** Body `{"privacy": "O" | "P"}`; the permission depends on the target type. */
async function updateChannelPrivacyHandler(c: Ctx) {
  const channelId = c.id('channel_id');
  const privacy = c.body<Record<string, unknown>>().privacy;
  if (privacy !== 'O' && privacy !== 'P') throw Errors.invalidBodyParam('privacy');
  const channel = await getChannelOr404(c.app, channelId);
  const perm = privacy === 'P' ? Permissions.CONVERT_PUBLIC_CHANNEL_TO_PRIVATE : Permissions.CONVERT_PRIVATE_CHANNEL_TO_PUBLIC;
  await requireChannelPermission(c.app, c.actor, channel.id, perm, 'updateChannelPrivacy');
  const actor = await getUserOr404(c.app, c.session.user_id);
  return updateChannelPrivacy(c.app, channel, privacy, actor);
}

/** Removed from Mattermost in 6.0; kept for scripts written against 4.10–5.x. */
async function convertChannelToPrivate(c: Ctx) {
  const channel = await getChannelOr404(c.app, c.id('channel_id'));
  await requireChannelPermission(c.app, c.actor, channel.id, Permissions.CONVERT_PUBLIC_CHANNEL_TO_PRIVATE, 'convertChannelToPrivate');
  if (channel.type === 'P') throw appError('api.channel.convert_channel_to_private.private_channel_error', 'convertChannelToPrivate');
  if (channel.name === 'town-square')
    throw appError('api.channel.convert_channel_to_private.default_channel_error', 'convertChannelToPrivate');
  const actor = await getUserOr404(c.app, c.session.user_id);
  return updateChannelPrivacy(c.app, channel, 'P', actor);
}
