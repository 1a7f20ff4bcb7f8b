// /api/v4/emoji: custom emoji — create (multipart image + JSON), list, get by id or name, image, delete, search,
// autocomplete. Every route answers 501 while ServiceSettings.EnableCustomEmoji is off, as Mattermost does.
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { EMOJI_FIELD_SIZE, MAX_EMOJI_FILE_SIZE } from '../app/files/emoji.ts';
import { OK, pageOf, route, type Ctx } from './context.ts';
import { formParts } from './multipart.ts';
import { PagingQuery, Q } from './schemas.ts';

const ListQuery = Type.Object({ ...PagingQuery, sort: Q() });
const Names = Type.Array(Type.String(), { param: 'names' });
const SearchBody = Type.Object({ term: Type.String({ minLength: 1 }), prefix_only: Type.Optional(Type.Unknown()) });
const AutocompleteQuery = Type.Object({ name: Q() });

export function emojiRoutes(f: FastifyInstance, app: App): void {
  // Creation is multipart: the parser lives in this scope only.
  void f.register(async (scope) => {
    await scope.register(multipart, { throwFileSizeLimit: false });
    route(scope, app, 'POST', '/emoji', { auth: 'session' }, createEmoji);
  });
  route(f, app, 'GET', '/emoji', { auth: 'session', query: ListQuery }, getEmojiList);
  route(f, app, 'POST', '/emoji/names', { auth: 'session', body: Names }, getEmojisByNames);
  route(f, app, 'POST', '/emoji/search', { auth: 'session', body: SearchBody }, searchEmojis);
  route(f, app, 'GET', '/emoji/autocomplete', { auth: 'session', query: AutocompleteQuery }, autocompleteEmojis);
  route(f, app, 'GET', '/emoji/name/:emoji_name', { auth: 'session' }, getEmojiByName);
  route(f, app, 'GET', '/emoji/:emoji_id', { auth: 'session' }, getEmoji);
  route(f, app, 'DELETE', '/emoji/:emoji_id', { auth: 'session' }, deleteEmoji);
  route(f, app, 'GET', '/emoji/:emoji_id/image', { auth: 'trust' }, getEmojiImage);
}

/** Form fields `emoji` (the JSON emoji) and `image`; an image longer than 1 MiB ends one byte after it. */
async function createEmoji(c: Ctx) {
  const len = Number(c.req.headers['content-length'] ?? 0);
  const parts = c.req.isMultipart() ? formParts(c.req, { fileSize: MAX_EMOJI_FILE_SIZE + 1, fieldSize: EMOJI_FIELD_SIZE }) : undefined;
  return c.app.emoji.createEmoji(c.actor, { contentLength: Number.isFinite(len) ? len : -1, parts });
}

async function getEmojiList(c: Ctx<undefined, Static<typeof ListQuery>>) {
  return c.app.emoji.getEmojiList({ ...pageOf(c.query), sort: c.query.sort ?? '' });
}

async function getEmojisByNames(c: Ctx<string[]>) {
  return c.app.emoji.getEmojisByNames(c.body);
}

async function searchEmojis(c: Ctx<Static<typeof SearchBody>>) {
  return c.app.emoji.searchEmojis(c.body.term, c.body.prefix_only === true);
}

async function autocompleteEmojis(c: Ctx<undefined, Static<typeof AutocompleteQuery>>) {
  return c.app.emoji.autocompleteEmojis(c.query.name ?? '');
}

async function getEmojiByName(c: Ctx) {
  return c.app.emoji.getEmojiByName(c.param('emoji_name'));
}

async function getEmoji(c: Ctx) {
  return c.app.emoji.getEmoji(c.id('emoji_id'));
}

async function getEmojiImage(c: Ctx) {
  const { data, contentType } = await c.app.emoji.getEmojiImage(c.id('emoji_id'));
  return c.reply.code(200).header('content-type', contentType).header('cache-control', 'max-age=2592000, private').send(data);
}

async function deleteEmoji(c: Ctx) {
  await c.app.emoji.deleteEmoji(c.actor, c.id('emoji_id'));
  return OK;
}
