// POST /api/v4/channels/stats/member_count: member counts of several channels (a JSON array of ids).
import type { FastifyInstance } from 'fastify';
import type { App } from '../app/index.ts';
import { route, type Ctx } from './context.ts';
import { IdList } from './schemas.ts';

/** The most channel ids one request may ask about. */
export const MAX_MEMBER_COUNT_IDS = 200;
const ChannelIds = IdList('channel_ids', MAX_MEMBER_COUNT_IDS);

export function channelStatsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/channels/stats/member_count', { auth: 'session', body: ChannelIds }, getChannelsMemberCount);
}

async function getChannelsMemberCount(c: Ctx<string[]>) {
  return c.app.channelStats.getChannelsMemberCount(c.actor, c.body);
}
