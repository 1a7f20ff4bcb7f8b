// /api/v4/emoji: custom emoji. Until custom emoji are stored, every list is empty and every lookup is a 404, so the
// apps' emoji pickers show the system emoji only. Extend this file when custom emoji land.
import type { FastifyInstance } from 'fastify';
import { AppError, Errors } from '../model/app-error.ts';
import type { AppContext } from '../app/context.ts';
import { paging, route, type Ctx } from './context.ts';

export function emojiRoutes(f: FastifyInstance, app: AppContext): void {
  route(f, app, 'GET', '/emoji', 'session', getEmojiList);
  route(f, app, 'POST', '/emoji/names', 'session', getEmojisByNames);
  route(f, app, 'POST', '/emoji/search', 'session', searchEmojis);
  route(f, app, 'GET', '/emoji/autocomplete', 'session', autocompleteEmojis);
  route(f, app, 'GET', '/emoji/name/:emoji_name', 'session', getEmojiByName);
  route(f, app, 'GET', '/emoji/:emoji_id', 'session', getEmoji);
  route(f, app, 'GET', '/emoji/:emoji_id/image', 'session', getEmojiImage);
}

/** Mattermost answers 501 on every emoji route while ServiceSettings.EnableCustomEmoji is off. */
function requireEnabled(c: Ctx, where: string): void {
  if (!c.app.config().ServiceSettings.EnableCustomEmoji) throw new AppError(where, 'api.emoji.disabled.app_error', 501);
}

async function getEmojiList(c: Ctx) {
  requireEnabled(c, 'getEmojiList');
  paging(c);
  const sort = c.query('sort') ?? '';
  if (sort !== '' && sort !== 'name') throw Errors.invalidUrlParam('sort');
  return [];
}

async function getEmojisByNames(c: Ctx) {
  requireEnabled(c, 'getEmojisByNames');
  const names = c.req.body;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) throw Errors.invalidBodyParam('names');
  if (names.length > 200) throw new AppError('getEmojisByNames', 'api.emoji.get_multiple_by_name_too_many.request_error', 400, { params: { MaxNames: 200 } });
  return [];
}

async function searchEmojis(c: Ctx) {
  requireEnabled(c, 'searchEmojis');
  const body = c.body<Record<string, unknown>>();
  if (typeof body.term !== 'string' || !body.term) throw Errors.invalidBodyParam('term');
  return [];
}

async function autocompleteEmojis(c: Ctx) {
  requireEnabled(c, 'autocompleteEmojis');
  if (!c.query('name')) throw Errors.invalidUrlParam('name');
  return [];
}

async function getEmojiByName(c: Ctx) {
  requireEnabled(c, 'getEmojiByName');
  c.param('emoji_name');
  throw new AppError('GetEmojiByName', 'app.emoji.get_by_name.no_result', 404);
}

async function getEmoji(c: Ctx) {
  requireEnabled(c, 'getEmoji');
  c.id('emoji_id');
  throw new AppError('GetEmoji', 'app.emoji.get.no_result', 404);
}

async function getEmojiImage(c: Ctx) {
  requireEnabled(c, 'getEmojiImage');
  c.id('emoji_id');
  throw new AppError('GetEmojiImage', 'app.emoji.get.no_result', 404);
}
