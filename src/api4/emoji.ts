// /api/v4/emoji: custom emoji — create (multipart image + JSON), list, get by id or name, image, delete, search,
// autocomplete. Every route answers 501 while ServiceSettings.EnableCustomEmoji is off, as Mattermost does.
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { AppError, appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { hasSystemPermission, hasTeamPermission, requireSystemPermission } from '../app/authz.ts';
import { createEmoji, deleteEmoji, emojiImage, getEmojiByNameOr404, getEmojiOr404, MAX_EMOJI_FILE_SIZE } from '../app/files/emoji.ts';
import { OK, paging, legacyRoute, type LegacyCtx as Ctx } from './context.ts';

/** Mattermost's EmojiSearchDefaultLimit (search) and autocomplete limit. */
const EMOJI_SEARCH_LIMIT = 200;
const EMOJI_AUTOCOMPLETE_LIMIT = 100;

export function emojiRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  // Creation is multipart: the parser lives in this scope only.
  void f.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false });
    legacyRoute(scope, app, ctx, 'POST', '/emoji', 'session', createEmojiHandler);
  });
  legacyRoute(f, app, ctx, 'GET', '/emoji', 'session', getEmojiList);
  legacyRoute(f, app, ctx, 'POST', '/emoji/names', 'session', getEmojisByNames);
  legacyRoute(f, app, ctx, 'POST', '/emoji/search', 'session', searchEmojis);
  legacyRoute(f, app, ctx, 'GET', '/emoji/autocomplete', 'session', autocompleteEmojis);
  legacyRoute(f, app, ctx, 'GET', '/emoji/name/:emoji_name', 'session', getEmojiByName);
  legacyRoute(f, app, ctx, 'GET', '/emoji/:emoji_id', 'session', getEmoji);
  legacyRoute(f, app, ctx, 'DELETE', '/emoji/:emoji_id', 'session', deleteEmojiHandler);
  legacyRoute(f, app, ctx, 'GET', '/emoji/:emoji_id/image', 'trust', getEmojiImage);
}

/** Mattermost answers 501 on every emoji route while ServiceSettings.EnableCustomEmoji is off. */
function requireEnabled(c: Ctx, where: string): void {
  if (!c.app.config().ServiceSettings.EnableCustomEmoji) throw appError('api.emoji.disabled.app_error', where);
}

/** create_emojis granted by the system role or by the role in any of the user's teams. */
async function canCreateEmoji(c: Ctx): Promise<boolean> {
  if (hasSystemPermission(c.app, c.actor, Permissions.CREATE_EMOJIS)) return true;
  for (const m of await c.app.store.teams.listMembersForUser(c.session.user_id)) {
    if (await hasTeamPermission(c.app, c.actor, m.team_id, Permissions.CREATE_EMOJIS)) return true;
  }
  return false;
}

function tooLarge(): AppError {
  return appError('api.emoji.create.too_large.app_error', 'createEmoji');
}

async function createEmojiHandler(c: Ctx) {
  requireEnabled(c, 'createEmoji');
  if (Number(c.req.headers['content-length'] ?? 0) > MAX_EMOJI_FILE_SIZE + 64 * 1024) throw tooLarge();
  if (!c.req.isMultipart()) throw appError('api.emoji.create.parse.app_error', 'createEmoji');
  if (!(await canCreateEmoji(c))) throw Errors.forbidden('createEmoji', c.session.user_id, Permissions.CREATE_EMOJIS);
  let emojiJson: string | undefined;
  let image: Buffer | undefined;
  try {
    for await (const part of c.req.parts({ limits: { fileSize: MAX_EMOJI_FILE_SIZE + 1, fieldSize: 64 * 1024 } })) {
      if (part.type === 'field') {
        if (part.fieldname === 'emoji') emojiJson = String(part.value ?? '');
        continue;
      }
      const data = await part.toBuffer();
      if (part.file.truncated || data.length > MAX_EMOJI_FILE_SIZE) throw tooLarge();
      if (part.fieldname === 'image') image = data;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw appError('api.emoji.create.parse.app_error', 'createEmoji', { detailed: String((err as Error).message) });
  }
  let emoji: Record<string, unknown>;
  try {
    emoji = JSON.parse(emojiJson ?? '');
  } catch {
    throw Errors.invalidBodyParam('emoji');
  }
  if (!emoji || typeof emoji !== 'object' || typeof emoji.name !== 'string') throw Errors.invalidBodyParam('emoji');
  if (emoji.creator_id !== c.session.user_id) throw appError('api.emoji.create.other_user.app_error', 'createEmoji');
  if (!image) throw appError('api.emoji.create.no_file.app_error', 'createEmoji');
  return createEmoji(c.app, c.session.user_id, emoji.name, image);
}

async function getEmojiList(c: Ctx) {
  requireEnabled(c, 'getEmojiList');
  const { page, perPage } = paging(c);
  const sort = c.query('sort') ?? '';
  if (sort !== '' && sort !== 'name') throw Errors.invalidUrlParam('sort');
  return c.app.store.emoji.list(page * perPage, perPage, sort);
}

async function getEmojisByNames(c: Ctx) {
  requireEnabled(c, 'getEmojisByNames');
  const names = c.req.body;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) throw Errors.invalidBodyParam('names');
  if (names.length > 200)
    throw appError('api.emoji.get_multiple_by_name_too_many.request_error', 'getEmojisByNames', { params: { MaxNames: 200 } });
  return c.app.store.emoji.getByNames(names as string[]);
}

async function searchEmojis(c: Ctx) {
  requireEnabled(c, 'searchEmojis');
  const body = c.body<Record<string, unknown>>();
  if (typeof body.term !== 'string' || !body.term) throw Errors.invalidBodyParam('term');
  return c.app.store.emoji.search(body.term, body.prefix_only === true, EMOJI_SEARCH_LIMIT);
}

async function autocompleteEmojis(c: Ctx) {
  requireEnabled(c, 'autocompleteEmojis');
  const name = c.query('name');
  if (!name) throw Errors.invalidUrlParam('name');
  return c.app.store.emoji.search(name, true, EMOJI_AUTOCOMPLETE_LIMIT);
}

async function getEmojiByName(c: Ctx) {
  requireEnabled(c, 'getEmojiByName');
  return getEmojiByNameOr404(c.app, c.param('emoji_name'));
}

async function getEmoji(c: Ctx) {
  requireEnabled(c, 'getEmoji');
  return getEmojiOr404(c.app, c.id('emoji_id'));
}

async function getEmojiImage(c: Ctx) {
  requireEnabled(c, 'getEmojiImage');
  const emoji = await getEmojiOr404(c.app, c.id('emoji_id'));
  const { data, contentType } = await emojiImage(c.app, emoji);
  return c.reply.code(200).header('content-type', contentType).header('cache-control', 'max-age=2592000, private').send(data);
}

async function deleteEmojiHandler(c: Ctx) {
  requireEnabled(c, 'deleteEmoji');
  const emoji = await getEmojiOr404(c.app, c.id('emoji_id'));
  requireSystemPermission(c.app, c.actor, Permissions.DELETE_EMOJIS, 'deleteEmoji');
  if (emoji.creator_id !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.DELETE_OTHERS_EMOJIS, 'deleteEmoji');
  await deleteEmoji(c.app, emoji);
  return OK;
}
