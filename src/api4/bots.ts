// /api/v4 bots (Mattermost's api4/bot.go): create, patch, get, list, disable/enable, assign, convert to and from users.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, pageOf, route, type Ctx } from './context.ts';
import { OptStr, PagingQuery, Q } from './schemas.ts';

const BotBody = Type.Object({ username: OptStr(), display_name: OptStr(), description: OptStr() });
const GetBotQuery = Type.Object({ include_deleted: Q() });
const GetBotsQuery = Type.Object({ ...PagingQuery, include_deleted: Q(), only_orphaned: Q() });
const ConvertQuery = Type.Object({ set_system_admin: Q() });
const UserPatchBody = Type.Object({
  username: OptStr(),
  email: OptStr(),
  password: OptStr(),
  first_name: OptStr(),
  last_name: OptStr(),
  nickname: OptStr(),
});

export function botsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/bots', { auth: 'session', body: BotBody }, createBot);
  route(f, app, 'GET', '/bots', { auth: 'session', query: GetBotsQuery }, getBots);
  route(f, app, 'PUT', '/bots/:bot_user_id', { auth: 'session', body: BotBody }, patchBot);
  route(f, app, 'GET', '/bots/:bot_user_id', { auth: 'session', query: GetBotQuery }, getBot);
  route(f, app, 'POST', '/bots/:bot_user_id/disable', { auth: 'session' }, disableBot);
  route(f, app, 'POST', '/bots/:bot_user_id/enable', { auth: 'session' }, enableBot);
  route(f, app, 'POST', '/bots/:bot_user_id/assign/:user_id', { auth: 'session' }, assignBot);
  route(
    f,
    app,
    'POST',
    '/bots/:bot_user_id/convert_to_user',
    { auth: 'session', body: UserPatchBody, query: ConvertQuery },
    convertBotToUser,
  );
  route(f, app, 'POST', '/users/:user_id/convert_to_bot', { auth: 'session' }, convertUserToBot);
}

async function createBot(c: Ctx<Static<typeof BotBody>>) {
  const bot = await c.app.bots.createBot(c.actor, c.body);
  c.status(201);
  return bot;
}

async function patchBot(c: Ctx<Static<typeof BotBody>>) {
  return c.app.bots.patchBot(c.actor, c.id('bot_user_id'), c.body);
}

async function getBot(c: Ctx<undefined, Static<typeof GetBotQuery>>) {
  return c.app.bots.getBot(c.actor, c.id('bot_user_id'), flag(c.query.include_deleted));
}

async function getBots(c: Ctx<undefined, Static<typeof GetBotsQuery>>) {
  return c.app.bots.getBots(c.actor, {
    ...pageOf(c.query),
    includeDeleted: flag(c.query.include_deleted),
    onlyOrphaned: flag(c.query.only_orphaned),
  });
}

async function disableBot(c: Ctx) {
  return c.app.bots.updateBotActive(c.actor, c.id('bot_user_id'), false);
}

async function enableBot(c: Ctx) {
  return c.app.bots.updateBotActive(c.actor, c.id('bot_user_id'), true);
}

async function assignBot(c: Ctx) {
  return c.app.bots.assignBot(c.actor, c.id('bot_user_id'), c.id('user_id'));
}

async function convertBotToUser(c: Ctx<Static<typeof UserPatchBody>, Static<typeof ConvertQuery>>) {
  return c.app.bots.convertBotToUser(c.actor, c.id('bot_user_id'), c.body, flag(c.query.set_system_admin));
}

async function convertUserToBot(c: Ctx) {
  return c.app.bots.convertUserToBot(c.actor, c.id('user_id'));
}
