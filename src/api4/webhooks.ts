// /api/v4/hooks: incoming and outgoing webhook CRUD (Mattermost's api4/webhook.go). The public POST /hooks/{id}
// lives in hooks-public.ts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, OK, pageOf, route, type Ctx } from './context.ts';
import { OptBool, OptNum, OptStr, PagingQuery, Q, QId } from './schemas.ts';

const StrList = () => Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()]));

const IncomingHookBody = Type.Object({
  id: OptStr(),
  channel_id: OptStr(),
  team_id: OptStr(),
  user_id: OptStr(),
  display_name: OptStr(),
  description: OptStr(),
  username: OptStr(),
  icon_url: OptStr(),
  channel_locked: OptBool(),
});
const OutgoingHookBody = Type.Object({
  id: OptStr(),
  creator_id: OptStr(),
  channel_id: OptStr(),
  team_id: OptStr(),
  trigger_words: StrList(),
  trigger_when: OptNum(),
  callback_urls: StrList(),
  display_name: OptStr(),
  description: OptStr(),
  content_type: OptStr(),
  username: OptStr(),
  icon_url: OptStr(),
});
const IncomingListQuery = Type.Object({ ...PagingQuery, team_id: QId(), include_total_count: Q() });
const OutgoingListQuery = Type.Object({ ...PagingQuery, team_id: QId(), channel_id: QId() });

export function webhooksRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/hooks/incoming', { auth: 'session', body: IncomingHookBody }, createIncomingHook);
  route(f, app, 'GET', '/hooks/incoming', { auth: 'session', query: IncomingListQuery }, getIncomingHooks);
  route(f, app, 'GET', '/hooks/incoming/:hook_id', { auth: 'session' }, getIncomingHook);
  route(f, app, 'PUT', '/hooks/incoming/:hook_id', { auth: 'session', body: IncomingHookBody }, updateIncomingHook);
  route(f, app, 'DELETE', '/hooks/incoming/:hook_id', { auth: 'session' }, deleteIncomingHook);
  route(f, app, 'POST', '/hooks/outgoing', { auth: 'session', body: OutgoingHookBody }, createOutgoingHook);
  route(f, app, 'GET', '/hooks/outgoing', { auth: 'session', query: OutgoingListQuery }, getOutgoingHooks);
  route(f, app, 'GET', '/hooks/outgoing/:hook_id', { auth: 'session' }, getOutgoingHook);
  route(f, app, 'PUT', '/hooks/outgoing/:hook_id', { auth: 'session', body: OutgoingHookBody }, updateOutgoingHook);
  route(f, app, 'POST', '/hooks/outgoing/:hook_id/regen_token', { auth: 'session' }, regenOutgoingHookToken);
  route(f, app, 'DELETE', '/hooks/outgoing/:hook_id', { auth: 'session' }, deleteOutgoingHook);
}

async function createIncomingHook(c: Ctx<Static<typeof IncomingHookBody>>) {
  const hook = await c.app.incomingWebhooks.createIncomingWebhook(c.actor, c.body);
  c.status(201);
  return hook;
}

/** Query: team_id, page/per_page; include_total_count answers `{incoming_webhooks, total_count}`. */
async function getIncomingHooks(c: Ctx<undefined, Static<typeof IncomingListQuery>>) {
  return c.app.incomingWebhooks.getIncomingWebhooks(c.actor, {
    teamId: c.query.team_id,
    ...pageOf(c.query),
    includeTotalCount: flag(c.query.include_total_count),
  });
}

async function getIncomingHook(c: Ctx) {
  return c.app.incomingWebhooks.getIncomingWebhook(c.actor, c.id('hook_id'));
}

/** Mattermost answers an update with 201. */
async function updateIncomingHook(c: Ctx<Static<typeof IncomingHookBody>>) {
  const hook = await c.app.incomingWebhooks.updateIncomingWebhook(c.actor, c.id('hook_id'), c.body);
  c.status(201);
  return hook;
}

async function deleteIncomingHook(c: Ctx) {
  await c.app.incomingWebhooks.deleteIncomingWebhook(c.actor, c.id('hook_id'));
  return OK;
}

async function createOutgoingHook(c: Ctx<Static<typeof OutgoingHookBody>>) {
  const hook = await c.app.outgoingWebhooks.createOutgoingWebhook(c.actor, c.body);
  c.status(201);
  return hook;
}

/** Query: channel_id or team_id (or neither: every team), page/per_page. */
async function getOutgoingHooks(c: Ctx<undefined, Static<typeof OutgoingListQuery>>) {
  return c.app.outgoingWebhooks.getOutgoingWebhooks(c.actor, {
    channelId: c.query.channel_id,
    teamId: c.query.team_id,
    ...pageOf(c.query),
  });
}

async function getOutgoingHook(c: Ctx) {
  return c.app.outgoingWebhooks.getOutgoingWebhook(c.actor, c.id('hook_id'));
}

async function updateOutgoingHook(c: Ctx<Static<typeof OutgoingHookBody>>) {
  return c.app.outgoingWebhooks.updateOutgoingWebhook(c.actor, c.id('hook_id'), c.body);
}

async function regenOutgoingHookToken(c: Ctx) {
  return c.app.outgoingWebhooks.regenOutgoingHookToken(c.actor, c.id('hook_id'));
}

async function deleteOutgoingHook(c: Ctx) {
  await c.app.outgoingWebhooks.deleteOutgoingWebhook(c.actor, c.id('hook_id'));
  return OK;
}
