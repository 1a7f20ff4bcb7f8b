// /api/v4/plugins/webapp: Parley runs no plugins, so the apps get an empty list (and skip Calls, Playbooks, Boards…).
import type { FastifyInstance } from 'fastify';
import type { App } from '../app/index.ts';
import { route, type Ctx } from './context.ts';

export function pluginsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/plugins/webapp', { auth: 'none' }, getWebappPlugins);
}

/** ClientPluginManifest[]; no session needed, as in Mattermost. */
async function getWebappPlugins(_c: Ctx) {
  return [];
}
