// Custom emoji: create (image checked and scaled by sharp), look up, list, search, delete; `emoji_added` to everyone.
import type { Metadata } from 'sharp';
import { appError } from '../../model/app-error.ts';
import { newId } from '../../model/id.ts';
import { EMOJI_NAME_MAX_LENGTH, EMOJI_NAME_RE, type Emoji } from '../../model/files.ts';
import { wsEvent, WsEvents } from '../../model/ws-events.ts';
import { isUniqueViolation } from '../../store/store.ts';
import type { AppContext } from '../context.ts';
import { fileBackend } from './backend.ts';

// sharp (libvips) loads on first use: importing it costs ~100 ms of every cold start.
const loadSharp = () => import('sharp').then((m) => m.default);

/** Mattermost's MaxEmojiFileSize (1 MiB) and the box larger still images are scaled into. */
export const MAX_EMOJI_FILE_SIZE = 1 << 20;
export const MAX_EMOJI_DIMENSION = 128;

const FORMATS: Record<string, string> = { gif: 'image/gif', png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export function emojiImageKey(id: string): string {
  return `emoji/${id}/image`;
}

export function validateEmojiName(name: string): void {
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

/** Creates a custom emoji from its image; the caller has checked create_emojis and the creator. */
export async function createEmoji(ctx: AppContext, creatorId: string, name: string, image: Buffer): Promise<Emoji> {
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

export async function getEmojiOr404(ctx: AppContext, id: string): Promise<Emoji> {
  const e = await ctx.store.emoji.get(id);
  if (!e) throw appError('app.emoji.get.no_result', 'GetEmoji');
  return e;
}

export async function getEmojiByNameOr404(ctx: AppContext, name: string): Promise<Emoji> {
  const e = await ctx.store.emoji.getByName(name);
  if (!e) throw appError('app.emoji.get_by_name.no_result', 'GetEmojiByName');
  return e;
}

/** The stored image and its content type. */
export async function emojiImage(ctx: AppContext, emoji: Emoji): Promise<{ data: Buffer; contentType: string }> {
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

/** Soft-deletes an emoji and removes its image. */
export async function deleteEmoji(ctx: AppContext, emoji: Emoji): Promise<void> {
  await ctx.store.emoji.softDelete(emoji.id, Date.now());
  await fileBackend(ctx.config()).remove(emojiImageKey(emoji.id));
}
