// Profile pictures and team icons: a user's picture is the uploaded one (POST /users/{id}/image, scaled to 128×128)
// or else the generated default (the username's first letter on a colour derived from the user id); a team has no
// icon (404).
import { createHash } from 'node:crypto';
import { AppError, appError, Errors } from '../model/app-error.ts';
import { requireEditUser } from './authz.ts';
import { fileBackend } from './files/backend.ts';
import { readLimited, type FormPart } from './files/form.ts';
import { publishUserUpdated } from './users.ts';
import { Permissions } from '../model/roles.ts';
import type { Actor } from './actor.ts';
import { hasSystemPermission, hasTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { getUserOr404 } from './users.ts';

// sharp (libvips) loads on first use: importing it costs ~100 ms of every cold start.
const loadSharp = () => import('sharp').then((m) => m.default);

const SIZE = 128;
const COLORS = ['#1e6fd9', '#3db887', '#d24b4e', '#ffbc1f', '#7a5cc7', '#db6a2d', '#2b9aa0', '#c43d8e', '#5a7d2b', '#4f5b6b'];
const cache = new Map<string, Buffer>();

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A 128×128 PNG with the first letter of `username` in white on a colour chosen by `userId`; memoised. */
async function defaultProfileImage(userId: string, username: string): Promise<Buffer> {
  const initial = (Array.from(username)[0] ?? '?').toUpperCase();
  const key = `${userId}:${initial}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const color = COLORS[createHash('md5').update(userId).digest()[0] % COLORS.length];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}"><rect width="${SIZE}" height="${SIZE}" fill="${color}"/>` +
    `<text x="50%" y="50%" dy="0.35em" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="64" fill="#ffffff">${escapeXml(initial)}</text></svg>`;
  const sharp = await loadSharp();
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  if (cache.size > 5000) cache.clear();
  cache.set(key, png);
  return png;
}

/** A PNG and when it last changed (epoch ms, for Last-Modified). */
export interface Image {
  png: Buffer;
  lastModified: number;
}

function profileImageKey(userId: string): string {
  return `users/${userId}/profile.png`;
}

/** GET /users/{id}/image: the uploaded picture when there is one, else the generated default. */
export async function getProfileImage(ctx: AppContext, userId: string): Promise<Image> {
  const user = await getUserOr404(ctx, userId);
  if (user.last_picture_update > 0) {
    try {
      return { png: await fileBackend(ctx.config()).read(profileImageKey(user.id)), lastModified: user.last_picture_update };
    } catch {
      // the file is gone: fall back to the default picture
    }
  }
  return { png: await defaultProfileImage(user.id, user.username), lastModified: user.last_picture_update || user.create_at };
}

/** Room for the form's boundaries around an image of the largest size. */
const FORM_OVERHEAD = 64 * 1024;

/**
 * POST /users/{id}/image: a multipart form whose `image` file (at most FileSettings.MaxFileSize) becomes the user's
 * picture, cropped to a square and scaled to 128×128 PNG. The user themselves or edit_other_users. Sets
 * last_picture_update and publishes `user_updated`.
 */
export async function setProfileImage(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  req: { contentLength: number; parts: AsyncIterable<FormPart> | undefined },
): Promise<void> {
  await requireEditUser(ctx, actor, userId, 'uploadProfileImage');
  const user = await getUserOr404(ctx, userId);
  const max = ctx.config().FileSettings.MaxFileSize;
  const tooLarge = () => appError('api.user.upload_profile_user.too_large.app_error', 'uploadProfileImage');
  if (req.contentLength > max + FORM_OVERHEAD) throw tooLarge();
  if (!req.parts) throw appError('api.user.upload_profile_user.parse.app_error', 'uploadProfileImage');
  let image: Buffer | undefined;
  try {
    for await (const part of req.parts) {
      if (part.kind !== 'file') continue;
      const data = await readLimited(part.data, max);
      if (!data) throw tooLarge();
      if (part.field === 'image' && !image) image = data;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw appError('api.user.upload_profile_user.parse.app_error', 'uploadProfileImage', { detailed: String((err as Error).message) });
  }
  if (!image) throw appError('api.user.upload_profile_user.no_file.app_error', 'uploadProfileImage');
  const sharp = await loadSharp();
  let png: Buffer;
  try {
    png = await sharp(image).rotate().resize(SIZE, SIZE, { fit: 'cover' }).png().toBuffer();
  } catch {
    throw appError('api.user.upload_profile_user.decode.app_error', 'uploadProfileImage');
  }
  await fileBackend(ctx.config()).put(profileImageKey(user.id), png);
  const now = Date.now();
  const next = { ...user, last_picture_update: now, update_at: now };
  await ctx.store.users.update(next);
  ctx.events.invalidate('user', next.id);
  publishUserUpdated(ctx, next);
}

/** DELETE /users/{id}/image: back to the generated picture (last_picture_update 0, as Mattermost). */
export async function deleteProfileImage(ctx: AppContext, actor: Actor, userId: string): Promise<void> {
  await requireEditUser(ctx, actor, userId, 'setDefaultProfileImage');
  const user = await getUserOr404(ctx, userId);
  await fileBackend(ctx.config()).remove(profileImageKey(user.id));
  const next = { ...user, last_picture_update: 0, update_at: Date.now() };
  await ctx.store.users.update(next);
  ctx.events.invalidate('user', next.id);
  publishUserUpdated(ctx, next);
}

/** GET /users/{id}/image/default. */
export async function getDefaultProfileImage(ctx: AppContext, userId: string): Promise<Image> {
  const user = await getUserOr404(ctx, userId);
  return { png: await defaultProfileImage(user.id, user.username), lastModified: user.create_at };
}

/** GET /teams/{id}/image: 404 for a team without an uploaded icon, as Mattermost; 403 for a team one may not see. */
export async function getTeamIcon(ctx: AppContext, actor: Actor, teamId: string): Promise<Image> {
  const team = await ctx.store.teams.get(teamId);
  if (!team) throw appError('app.team.get.find.app_error', 'GetTeam');
  const visible =
    (await hasTeamPermission(ctx, actor, team.id, Permissions.VIEW_TEAM)) ||
    (team.type === 'O' && team.allow_open_invite && hasSystemPermission(ctx, actor, Permissions.LIST_PUBLIC_TEAMS));
  if (!visible) throw Errors.forbidden('getTeamIcon', actor.userId, Permissions.VIEW_TEAM);
  throw appError('api.team.get_team_icon.read_file.app_error', 'getTeamIcon');
}
