// Bot icons (Mattermost's SetBotIconImage / GetBotIconImage / DeleteBotIconImage): one SVG per bot, stored under
// bots/<id>/icon.svg in the file store; last_icon_update on the bot tells clients to reload it.
import { AppError, appError } from '../model/app-error.ts';
import { BOT_ICON_MAX_BYTES } from '../model/bots.ts';
import type { Actor } from './actor.ts';
import { botNotFound, requireManageBot } from './authz.ts';
import type { AppContext } from './context.ts';
import { fileBackend } from './files/backend.ts';
import { readLimited, type FormPart } from './files/form.ts';
import { getUserOr404, publishUserUpdated } from './users.ts';

const iconKey = (botUserId: string) => `bots/${botUserId}/icon.svg`;

/** Mattermost's parseSVG, as far as it refuses things: the document's root element must be <svg>. */
function isSvg(data: Buffer): boolean {
  const text = data.toString('utf8').replace(/^\uFEFF/, '');
  const rest = text.replace(/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*/i, '');
  return /^<svg[\s>]/i.test(rest);
}

async function touchIcon(ctx: AppContext, botUserId: string, at: number): Promise<void> {
  const record = await ctx.store.bots.getRecord(botUserId);
  if (!record) throw botNotFound(botUserId);
  await ctx.store.bots.update({ ...record, last_icon_update: at, update_at: Date.now() });
  ctx.events.invalidate('user', botUserId);
  publishUserUpdated(ctx, await getUserOr404(ctx, botUserId));
}

/** The form's `image` file, at most BOT_ICON_MAX_BYTES (413 beyond), or the 400s Mattermost answers. */
async function readImage(parts: AsyncIterable<FormPart> | undefined): Promise<Buffer> {
  if (!parts) throw appError('api.bot.set_bot_icon_image.no_file.app_error', 'setBotIconImage');
  let image: Buffer | undefined;
  try {
    for await (const part of parts) {
      if (part.kind !== 'file') continue;
      const data = await readLimited(part.data, BOT_ICON_MAX_BYTES);
      if (!data) throw appError('api.context.request_body_too_large.app_error', 'setBotIconImage');
      if (part.field === 'image' && !image) image = data;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw appError('api.bot.set_bot_icon_image.no_file.app_error', 'setBotIconImage', { detailed: String((err as Error).message) });
  }
  if (!image) throw appError('api.bot.set_bot_icon_image.no_file.app_error', 'setBotIconImage');
  return image;
}

/** POST /bots/{id}/icon: the manage rule; an SVG in the form's `image` field. */
export async function setBotIconImage(
  ctx: AppContext,
  actor: Actor,
  botUserId: string,
  parts: AsyncIterable<FormPart> | undefined,
): Promise<void> {
  await requireManageBot(ctx, actor, botUserId, 'setBotIconImage');
  const image = await readImage(parts);
  if (!isSvg(image)) throw appError('api.bot.set_bot_icon_image.parse.app_error', 'SetBotIconImage');
  await fileBackend(ctx.config()).put(iconKey(botUserId), image);
  await touchIcon(ctx, botUserId, Date.now());
}

/** GET /bots/{id}/icon: any session; 404 for a bot without an icon. */
export async function getBotIconImage(ctx: AppContext, actor: Actor, botUserId: string): Promise<{ svg: Buffer; lastUpdate: number }> {
  void actor;
  const record = await ctx.store.bots.getRecord(botUserId);
  if (!record) throw botNotFound(botUserId);
  const be = fileBackend(ctx.config());
  if (!(await be.exists(iconKey(botUserId)))) throw appError('api.bot.get_bot_icon_image.read.app_error', 'GetBotIconImage');
  return { svg: await be.read(iconKey(botUserId)), lastUpdate: Number(record.last_icon_update) };
}

/** DELETE /bots/{id}/icon: the manage rule; the bot shows the default picture again. */
export async function deleteBotIconImage(ctx: AppContext, actor: Actor, botUserId: string): Promise<void> {
  await requireManageBot(ctx, actor, botUserId, 'deleteBotIconImage');
  const be = fileBackend(ctx.config());
  if (await be.exists(iconKey(botUserId))) await be.remove(iconKey(botUserId));
  await touchIcon(ctx, botUserId, 0);
}
