// /api/v4 bots (Mattermost's api4/bot.go): create, patch, get, list, disable/enable, assign, convert to and from users.
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { BOT_ICON_MAX_BYTES } from '../model/bots.ts';
import { flag, OK, pageOf, route, type Ctx } from './context.ts';
import { formParts } from './multipart.ts';
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
  // The icon upload is multipart: the parser lives in this scope only.
  void f.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false });
    route(scope, app, 'POST', '/bots/:bot_user_id/icon', { auth: 'session' }, setBotIconImage);
  });
  route(f, app, 'GET', '/bots/:bot_user_id/icon', { auth: 'session' }, getBotIconImage);
  route(f, app, 'DELETE', '/bots/:bot_user_id/icon', { auth: 'session' }, deleteBotIconImage);
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

async function setBotIconImage(c: Ctx) {
  const parts = c.req.isMultipart() ? formParts(c.req, { fileSize: BOT_ICON_MAX_BYTES + 1, fieldSize: 1024 }) : undefined;
  await c.app.botIcons.setBotIconImage(c.actor, c.id('bot_user_id'), parts);
  return OK;
}

/** The SVG, cached a day; it may not run scripts or load anything when opened directly. */
async function getBotIconImage(c: Ctx) {
  const icon = await c.app.botIcons.getBotIconImage(c.actor, c.id('bot_user_id'));
  c.reply
    .code(200)
    .header('content-type', 'image/svg+xml')
    .header('cache-control', `max-age=${24 * 60 * 60}, private`)
    .header('etag', String(icon.lastUpdate))
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .header('x-content-type-options', 'nosniff');
  await c.reply.send(icon.svg);
  return c.reply;
}

async function deleteBotIconImage(c: Ctx) {
  await c.app.botIcons.deleteBotIconImage(c.actor, c.id('bot_user_id'));
  return OK;
}
