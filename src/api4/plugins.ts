// /api/v4/plugins/webapp: Parley runs no plugins, so the apps get an empty list (and skip Calls, Playbooks, Boards…).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { route, type Ctx } from './context.ts';

export function pluginsRoutes(f: FastifyInstance, app: AppContext): void {
  route(f, app, 'GET', '/plugins/webapp', 'none', getWebappPlugins);
}

/** ClientPluginManifest[]; no session needed, as in Mattermost. */
async function getWebappPlugins(_c: Ctx) {
  return [];
}
