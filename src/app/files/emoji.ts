// Custom emoji: create (image checked and scaled by sharp), look up, list, search, delete; `emoji_added` to everyone.
// Every use-case answers 501 while ServiceSettings.EnableCustomEmoji is off, as Mattermost does.
import type { Metadata } from 'sharp';
import { AppError, appError, Errors } from '../../model/app-error.ts';
import { newId } from '../../model/id.ts';
import { EMOJI_NAME_MAX_LENGTH, EMOJI_NAME_RE, type Emoji } from '../../model/files.ts';
import { Permissions } from '../../model/roles.ts';
import { wsEvent, WsEvents } from '../../model/ws-events.ts';
import { isUniqueViolation } from '../../store/store.ts';
import type { Actor } from '../actor.ts';
import { hasPermissionToAnyTeam, requireSystemPermission } from '../authz.ts';
import type { AppContext } from '../context.ts';
import { fileBackend } from './backend.ts';
import { readLimited, type FormPart } from './form.ts';

// sharp (libvips) loads on first use: importing it costs ~100 ms of every cold start.
const loadSharp = () => import('sharp').then((m) => m.default);

/** Mattermost's MaxEmojiFileSize (1 MiB) and the box larger still images are scaled into. */
export const MAX_EMOJI_FILE_SIZE = 1 << 20;
export const MAX_EMOJI_DIMENSION = 128;

const FORMATS: Record<string, string> = { gif: 'image/gif', png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

function emojiImageKey(id: string): string {
  return `emoji/${id}/image`;
}

function validateEmojiName(name: string): void {
  if (!name || name.length > EMOJI_NAME_MAX_LENGTH || !EMOJI_NAME_RE.test(name))
    throw appError('model.emoji.name.app_error', 'Emoji.IsValid', { params: { Name: name } });
}

/** Checks the image and scales still images larger than 128x128 down into that box. */
async function prepareImage(data: Buffer): Promise<Buffer> {
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(data, { animated: true }).metadata();
  } catch {
    throw appError('api.emoji.upload.image.app_error', 'uploadEmojiImage');
  }
  if (!meta.format || !FORMATS[meta.format] || !meta.width || !meta.height)
    throw appError('api.emoji.upload.image.app_error', 'uploadEmojiImage');
  if (meta.format === 'gif' || (meta.width <= MAX_EMOJI_DIMENSION && meta.height <= MAX_EMOJI_DIMENSION)) return data;
  return sharp(data)
    .resize(MAX_EMOJI_DIMENSION, MAX_EMOJI_DIMENSION, { fit: 'inside' })
    .toFormat(meta.format as 'png')
    .toBuffer();
}

/** Mattermost's EmojiSearchDefaultLimit (search) and autocomplete limit, and the most names one lookup takes. */
const EMOJI_SEARCH_LIMIT = 200;
const EMOJI_AUTOCOMPLETE_LIMIT = 100;
const MAX_NAMES_PER_LOOKUP = 200;
/** Room for the form's boundaries and the `emoji` field around an image of the largest size. */
const FORM_OVERHEAD = 64 * 1024;
/** The limit of the `emoji` field of the creation form. */
export const EMOJI_FIELD_SIZE = 64 * 1024;

function requireEnabled(ctx: AppContext, where: string): void {
  if (!ctx.config().ServiceSettings.EnableCustomEmoji) throw appError('api.emoji.disabled.app_error', where);
}

function tooLarge(): AppError {
  return appError('api.emoji.create.too_large.app_error', 'createEmoji');
}

/** The creation form's `emoji` (JSON) field and its `image` file, each file read into memory (at most 1 MiB). */
async function readEmojiForm(parts: AsyncIterable<FormPart>): Promise<{ emojiJson?: string; image?: Buffer }> {
  const form: { emojiJson?: string; image?: Buffer } = {};
  try {
    for await (const part of parts) {
      if (part.kind === 'field') {
        if (part.name === 'emoji') form.emojiJson = part.value;
        continue;
      }
      const data = await readLimited(part.data, MAX_EMOJI_FILE_SIZE);
      if (!data) throw tooLarge();
      if (part.field === 'image') form.image = data;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw appError('api.emoji.create.parse.app_error', 'createEmoji', { detailed: String((err as Error).message) });
  }
  return form;
}

/** The form's `emoji` field: JSON with a string `name` (and the `creator_id` to check). */
function parseEmojiField(json: string | undefined): { name: string; creatorId: unknown } {
  let emoji: unknown;
  try {
    emoji = JSON.parse(json ?? '');
  } catch {
    throw Errors.invalidBodyParam('emoji');
  }
  if (!emoji || typeof emoji !== 'object' || !('name' in emoji) || typeof emoji.name !== 'string') throw Errors.invalidBodyParam('emoji');
  return { name: emoji.name, creatorId: 'creator_id' in emoji ? emoji.creator_id : undefined };
}

/**
 * POST /emoji: a multipart form (`emoji`: the JSON emoji, `image`: the file) or `parts` undefined when the request is no
 * form. Needs create_emojis (system-wide or in any of the actor's teams); the emoji's creator must be the actor.
 */
export async function createEmoji(
  ctx: AppContext,
  actor: Actor,
  req: { contentLength: number; parts: AsyncIterable<FormPart> | undefined },
): Promise<Emoji> {
  requireEnabled(ctx, 'createEmoji');
  if (req.contentLength > MAX_EMOJI_FILE_SIZE + FORM_OVERHEAD) throw tooLarge();
  if (!req.parts) throw appError('api.emoji.create.parse.app_error', 'createEmoji');
  if (!(await hasPermissionToAnyTeam(ctx, actor, Permissions.CREATE_EMOJIS)))
    throw Errors.forbidden('createEmoji', actor.userId, Permissions.CREATE_EMOJIS);
  const form = await readEmojiForm(req.parts);
  const emoji = parseEmojiField(form.emojiJson);
  if (emoji.creatorId !== actor.userId) throw appError('api.emoji.create.other_user.app_error', 'createEmoji');
  if (!form.image) throw appError('api.emoji.create.no_file.app_error', 'createEmoji');
  return saveEmoji(ctx, actor.userId, emoji.name, form.image);
}

/** Stores the image and the emoji, then tells everyone (`emoji_added`). */
async function saveEmoji(ctx: AppContext, creatorId: string, name: string, image: Buffer): Promise<Emoji> {
  validateEmojiName(name);
  if (await ctx.store.emoji.getByName(name)) throw appError('api.emoji.create.duplicate.app_error', 'createEmoji');
  const data = await prepareImage(image);
  const now = Date.now();
  const emoji: Emoji = { id: newId(), create_at: now, update_at: now, delete_at: 0, creator_id: creatorId, name };
  const be = fileBackend(ctx.config());
  await be.put(emojiImageKey(emoji.id), data);
  try {
    await ctx.store.emoji.save(emoji);
  } catch (err) {
    await be.remove(emojiImageKey(emoji.id));
    if (isUniqueViolation(err)) throw appError('api.emoji.create.duplicate.app_error', 'createEmoji');
    throw err;
  }
  ctx.events.publish(wsEvent(WsEvents.EmojiAdded, { emoji: JSON.stringify(emoji) }, {}));
  return emoji;
}

async function getEmojiOr404(ctx: AppContext, id: string): Promise<Emoji> {
  const e = await ctx.store.emoji.get(id);
  if (!e) throw appError('app.emoji.get.no_result', 'GetEmoji');
  return e;
}

/** GET /emoji: a page of custom emoji, by creation or (`sort=name`) by name. */
export async function getEmojiList(ctx: AppContext, q: { page: number; perPage: number; sort: string }): Promise<Emoji[]> {
  requireEnabled(ctx, 'getEmojiList');
  if (q.sort !== '' && q.sort !== 'name') throw Errors.invalidUrlParam('sort');
  return ctx.store.emoji.list(q.page * q.perPage, q.perPage, q.sort);
}

/** POST /emoji/names: the emoji of these names that exist (at most 200 names). */
export async function getEmojisByNames(ctx: AppContext, names: string[]): Promise<Emoji[]> {
  requireEnabled(ctx, 'getEmojisByNames');
  if (names.length > MAX_NAMES_PER_LOOKUP)
    throw appError('api.emoji.get_multiple_by_name_too_many.request_error', 'getEmojisByNames', {
      params: { MaxNames: MAX_NAMES_PER_LOOKUP },
    });
  return ctx.store.emoji.getByNames(names);
}

/** POST /emoji/search: names containing (or, with `prefixOnly`, starting with) the term. */
export async function searchEmojis(ctx: AppContext, term: string, prefixOnly: boolean): Promise<Emoji[]> {
  requireEnabled(ctx, 'searchEmojis');
  if (!term) throw Errors.invalidBodyParam('term');
  return ctx.store.emoji.search(term, prefixOnly, EMOJI_SEARCH_LIMIT);
}

/** GET /emoji/autocomplete?name=: names starting with `name`. */
export async function autocompleteEmojis(ctx: AppContext, name: string): Promise<Emoji[]> {
  requireEnabled(ctx, 'autocompleteEmojis');
  if (!name) throw Errors.invalidUrlParam('name');
  return ctx.store.emoji.search(name, true, EMOJI_AUTOCOMPLETE_LIMIT);
}

export async function getEmojiByName(ctx: AppContext, name: string): Promise<Emoji> {
  requireEnabled(ctx, 'getEmojiByName');
  const e = await ctx.store.emoji.getByName(name);
  if (!e) throw appError('app.emoji.get_by_name.no_result', 'GetEmojiByName');
  return e;
}

export async function getEmoji(ctx: AppContext, id: string): Promise<Emoji> {
  requireEnabled(ctx, 'getEmoji');
  return getEmojiOr404(ctx, id);
}

/** GET /emoji/{id}/image: the stored image and its content type. */
export async function getEmojiImage(ctx: AppContext, id: string): Promise<{ data: Buffer; contentType: string }> {
  requireEnabled(ctx, 'getEmojiImage');
  const emoji = await getEmojiOr404(ctx, id);
  const sharp = await loadSharp();
  let data: Buffer;
  try {
    data = await fileBackend(ctx.config()).read(emojiImageKey(emoji.id));
  } catch {
    throw appError('api.emoji.get_image.read.app_error', 'getEmojiImage');
  }
  const meta = await sharp(data)
    .metadata()
    .catch(() => undefined);
  return { data, contentType: (meta?.format && FORMATS[meta.format]) || 'application/octet-stream' };
}

/** DELETE /emoji/{id}: soft-deletes the emoji and removes its image (delete_emojis; delete_others_emojis for others'). */
export async function deleteEmoji(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  requireEnabled(ctx, 'deleteEmoji');
  const emoji = await getEmojiOr404(ctx, id);
  requireSystemPermission(ctx, actor, Permissions.DELETE_EMOJIS, 'deleteEmoji');
  if (emoji.creator_id !== actor.userId) requireSystemPermission(ctx, actor, Permissions.DELETE_OTHERS_EMOJIS, 'deleteEmoji');
  await ctx.store.emoji.softDelete(emoji.id, Date.now());
  await fileBackend(ctx.config()).remove(emojiImageKey(emoji.id));
}
