// Profile pictures and team icons: uploads are scaled to 128×128 PNG by sharp and kept in the file backend
// (`users/{id}/profile.png`, `teams/{id}/teamIcon.png`); without one, a user's picture is the generated default (the
// username's first letter on a colour derived from the user id) and a team has no icon (404).
import { createHash } from 'node:crypto';
import { AppError, appError, Errors, type ErrorId } from '../model/app-error.ts';
import type { Team, UserWithSecrets } from '../model/types.ts';
import { fileBackend } from './files/backend.ts';
import { readLimited, type FormPart } from './files/form.ts';
import { Permissions } from '../model/roles.ts';
import type { Actor } from './actor.ts';
import { hasSystemPermission, hasTeamPermission, requireEditUser, requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { publishTeamUpdated } from './teams.ts';
import { getUserOr404, publishUserUpdated } from './users.ts';

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

const profileKey = (userId: string) => `users/${userId}/profile.png`;
const teamIconKey = (teamId: string) => `teams/${teamId}/teamIcon.png`;

/** GET /users/{id}/image: the uploaded picture, else the generated default. */
export async function getProfileImage(ctx: AppContext, userId: string): Promise<Image> {
  const user = await getUserOr404(ctx, userId);
  if (user.last_picture_update > 0) {
    const png = await fileBackend(ctx.config())
      .read(profileKey(user.id))
      .catch(() => undefined);
    if (png) return { png, lastModified: user.last_picture_update };
  }
  return { png: await defaultProfileImage(user.id, user.username), lastModified: Math.abs(user.last_picture_update) || user.create_at };
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
  const png =
    team.last_team_icon_update > 0
      ? await fileBackend(ctx.config())
          .read(teamIconKey(team.id))
          .catch(() => undefined)
      : undefined;
  if (!png) throw appError('api.team.get_team_icon.read_file.app_error', 'getTeamIcon');
  return { png, lastModified: team.last_team_icon_update };
}

/** An image upload as the HTTP layer hands it over: the request's declared length and its form parts (or none). */
export interface ImageUpload {
  contentLength: number;
  parts: AsyncIterable<FormPart> | undefined;
}

interface UploadErrors {
  tooLarge: ErrorId;
  noFile: ErrorId;
  parse: ErrorId;
  decode: ErrorId;
}

/** The largest image accepted: FileSettings.ParleyMaxImageBytes, never more than FileSettings.MaxFileSize. */
export function maxImageBytes(ctx: AppContext): number {
  const f = ctx.config().FileSettings;
  return Math.min(f.ParleyMaxImageBytes, f.MaxFileSize);
}

/** The form's `image` file scaled (cover) to a 128×128 PNG; other parts are read past. */
async function readImage(ctx: AppContext, up: ImageUpload, errs: UploadErrors, where: string): Promise<Buffer> {
  const max = maxImageBytes(ctx);
  if (up.contentLength > max + 64 * 1024) throw appError(errs.tooLarge, where);
  if (!up.parts) throw appError(errs.parse, where);
  let image: Buffer | undefined;
  try {
    for await (const part of up.parts) {
      if (part.kind !== 'file') continue;
      const data = await readLimited(part.data, max);
      if (!data) throw appError(errs.tooLarge, where);
      if (part.field === 'image' && !image) image = data;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw appError(errs.parse, where, { detailed: String((err as Error).message) });
  }
  if (!image) throw appError(errs.noFile, where);
  try {
    const sharp = await loadSharp();
    return await sharp(image, { limitInputPixels: 50_000_000 }).rotate().resize(SIZE, SIZE, { fit: 'cover' }).png().toBuffer();
  } catch (err) {
    throw appError(errs.decode, where, { detailed: String((err as Error).message) });
  }
}

/** POST /users/{id}/image: yourself or `edit_other_users`; `user_updated` after. */
export async function setProfileImage(ctx: AppContext, actor: Actor, userId: string, up: ImageUpload): Promise<void> {
  await requireEditUser(ctx, actor, userId, 'uploadProfileImage');
  const user = await getUserOr404(ctx, userId);
  const png = await readImage(
    ctx,
    up,
    {
      tooLarge: 'api.user.upload_profile_user.too_large.app_error',
      noFile: 'api.user.upload_profile_user.no_file.app_error',
      parse: 'api.user.upload_profile_user.parse.app_error',
      decode: 'api.user.upload_profile_user.decode.app_error',
    },
    'uploadProfileImage',
  );
  await fileBackend(ctx.config()).put(profileKey(user.id), png);
  await savePictureUpdate(ctx, user, Date.now());
}

/** DELETE /users/{id}/image: back to the generated picture (last_picture_update < 0, as Mattermost's reset). */
export async function deleteProfileImage(ctx: AppContext, actor: Actor, userId: string): Promise<void> {
  await requireEditUser(ctx, actor, userId, 'setDefaultProfileImage');
  const user = await getUserOr404(ctx, userId);
  await fileBackend(ctx.config()).remove(profileKey(user.id));
  await savePictureUpdate(ctx, user, -Date.now());
}

async function savePictureUpdate(ctx: AppContext, user: UserWithSecrets, at: number): Promise<void> {
  const next = { ...user, last_picture_update: at, update_at: Date.now() };
  await ctx.store.users.update(next);
  ctx.caches.invalidate('user', user.id);
  await ctx.events.invalidate('user', user.id);
  publishUserUpdated(ctx, next);
}

async function manageableTeam(ctx: AppContext, actor: Actor, teamId: string, where: string): Promise<Team> {
  await requireTeamPermission(ctx, actor, teamId, Permissions.MANAGE_TEAM, where);
  const team = await ctx.store.teams.get(teamId);
  if (!team) throw appError('app.team.get.find.app_error', 'GetTeam');
  return team;
}

/** POST /teams/{id}/image: `manage_team`; `update_team` after. */
export async function setTeamIcon(ctx: AppContext, actor: Actor, teamId: string, up: ImageUpload): Promise<void> {
  const team = await manageableTeam(ctx, actor, teamId, 'setTeamIcon');
  const png = await readImage(
    ctx,
    up,
    {
      tooLarge: 'api.team.set_team_icon.too_large.app_error',
      noFile: 'api.team.set_team_icon.no_file.app_error',
      parse: 'api.team.set_team_icon.parse.app_error',
      decode: 'api.team.set_team_icon.decode.app_error',
    },
    'setTeamIcon',
  );
  await fileBackend(ctx.config()).put(teamIconKey(team.id), png);
  const now = Date.now();
  await ctx.store.admin.setLastTeamIconUpdate(team.id, now);
  publishTeamUpdated(ctx, { ...team, last_team_icon_update: now, update_at: now });
}

/** DELETE /teams/{id}/image: `manage_team`; the icon goes (last_team_icon_update = 0), `update_team` after. */
export async function removeTeamIcon(ctx: AppContext, actor: Actor, teamId: string): Promise<void> {
  const team = await manageableTeam(ctx, actor, teamId, 'removeTeamIcon');
  await fileBackend(ctx.config()).remove(teamIconKey(team.id));
  await ctx.store.admin.setLastTeamIconUpdate(team.id, 0);
  publishTeamUpdated(ctx, { ...team, last_team_icon_update: 0, update_at: Date.now() });
}
