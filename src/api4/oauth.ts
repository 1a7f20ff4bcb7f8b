// /api/v4 OAuth apps (Mattermost's api4/oauth.go): CRUD, secret regeneration, public info, a user's authorized apps.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, pageOf, route, type Ctx } from './context.ts';
import { OptBool, OptStr, PagingQuery } from './schemas.ts';

const PagedQuery = Type.Object(PagingQuery);
const AppBody = Type.Object({
  id: OptStr(),
  name: OptStr(),
  description: OptStr(),
  icon_url: OptStr(),
  callback_urls: Type.Optional(Type.Union([Type.Array(Type.String(), { maxItems: 64 }), Type.Null()])),
  homepage: OptStr(),
  is_trusted: OptBool(),
  mattermost_app_id: OptStr(),
});

export function oauthRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/oauth/apps', { auth: 'session', body: AppBody }, createOAuthApp);
  route(f, app, 'GET', '/oauth/apps', { auth: 'session', query: PagedQuery }, getOAuthApps);
  route(f, app, 'GET', '/oauth/apps/:app_id', { auth: 'session' }, getOAuthApp);
  route(f, app, 'PUT', '/oauth/apps/:app_id', { auth: 'session', body: AppBody }, updateOAuthApp);
  route(f, app, 'DELETE', '/oauth/apps/:app_id', { auth: 'session' }, deleteOAuthApp);
  route(f, app, 'POST', '/oauth/apps/:app_id/regen_secret', { auth: 'session' }, regenerateOAuthAppSecret);
  route(f, app, 'GET', '/oauth/apps/:app_id/info', { auth: 'session' }, getOAuthAppInfo);
  route(f, app, 'GET', '/users/:user_id/oauth/apps/authorized', { auth: 'session', query: PagedQuery }, getAuthorizedOAuthApps);
}

async function createOAuthApp(c: Ctx<Static<typeof AppBody>>) {
  const created = await c.app.oauth.createOAuthApp(c.actor, c.body);
  c.status(201);
  return created;
}

async function getOAuthApps(c: Ctx<undefined, Static<typeof PagedQuery>>) {
  return c.app.oauth.getOAuthApps(c.actor, pageOf(c.query));
}

async function getOAuthApp(c: Ctx) {
  return c.app.oauth.getOAuthApp(c.actor, c.id('app_id'));
}

async function updateOAuthApp(c: Ctx<Static<typeof AppBody>>) {
  return c.app.oauth.updateOAuthApp(c.actor, c.id('app_id'), c.body);
}

async function deleteOAuthApp(c: Ctx) {
  await c.app.oauth.deleteOAuthApp(c.actor, c.id('app_id'));
  return OK;
}

async function regenerateOAuthAppSecret(c: Ctx) {
  return c.app.oauth.regenerateOAuthAppSecret(c.actor, c.id('app_id'));
}

async function getOAuthAppInfo(c: Ctx) {
  return c.app.oauth.getOAuthAppInfo(c.actor, c.id('app_id'));
}

async function getAuthorizedOAuthApps(c: Ctx<undefined, Static<typeof PagedQuery>>) {
  return c.app.oauth.getAuthorizedOAuthApps(c.actor, c.id('user_id'), pageOf(c.query));
}
