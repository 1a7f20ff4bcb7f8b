// Bot accounts (Mattermost's app/bot.go): a bot is a user (is_bot, e-mail <username>@localhost, no password) plus a
// bots row naming its owner. Bots act through personal access tokens (app/access-tokens.ts).
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import {
  ADD_BOT_TEAMS_CHANNELS_MESSAGE,
  BOT_DESCRIPTION_MAX_RUNES,
  BOT_DISPLAY_NAME_MAX_RUNES,
  POST_TYPE_ADD_BOT_TEAMS_CHANNELS,
  type Bot,
  type BotRecord,
} from '../model/bots.ts';
import type { User, UserWithSecrets } from '../model/types.ts';
import { isUniqueViolation } from '../store/store.ts';
import type { Actor } from './actor.ts';
import { botNotFound, hasSystemPermission, requireManageBot, requireSystemPermission } from './authz.ts';
import type { AppContext } from './context.ts';
import { getOrCreateDirectChannel } from './direct-channels.ts';
import { createPost } from './posts.ts';
import { hashPassword } from './password.ts';
import {
  blankUser,
  duplicateUserError,
  getUserOr404,
  isValidUsername,
  publishUserUpdated,
  sanitizeUser,
  validatePassword,
} from './users.ts';

export interface BotInput {
  username?: string | null;
  display_name?: string | null;
  description?: string | null;
}

const runes = (s: string) => [...s].length;

/** Bot.IsValid for the fields a client sends. */
function validateBotFields(b: BotInput): void {
  if (b.username !== undefined && b.username !== null && !isValidUsername(b.username))
    throw appError('model.bot.is_valid.username.app_error', 'Bot.IsValid');
  if (b.display_name && runes(b.display_name) > BOT_DISPLAY_NAME_MAX_RUNES)
    throw appError('model.bot.is_valid.display_name.app_error', 'Bot.IsValid');
  if (b.description && runes(b.description) > BOT_DESCRIPTION_MAX_RUNES)
    throw appError('model.bot.is_valid.description.app_error', 'Bot.IsValid');
}

async function botOr404(ctx: AppContext, botUserId: string, includeDeleted = true): Promise<Bot> {
  const bot = await ctx.store.bots.get(botUserId, includeDeleted);
  if (!bot) throw botNotFound(botUserId);
  return bot;
}

/** Saves a user row, mapping a taken username or e-mail (someone else's) to Mattermost's 400. */
async function saveUserOr400(
  ctx: AppContext,
  write: () => Promise<void>,
  user: Pick<UserWithSecrets, 'id' | 'username' | 'email'>,
  where: string,
) {
  try {
    await write();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const byEmail = await ctx.store.users.getByEmail(user.email);
    if (byEmail && byEmail.id !== user.id) throw appError('app.user.save.email_exists.app_error', where);
    throw await duplicateUserError(ctx, user.username, where);
  }
}

/** The owner's DM from the new bot asking to be added to teams and channels (Mattermost does this for users). */
async function announceToOwner(ctx: AppContext, botUserId: string, ownerId: string): Promise<void> {
  try {
    const { channel } = await getOrCreateDirectChannel(ctx, botUserId, ownerId);
    await createPost(ctx, channel, {
      channel_id: channel.id,
      user_id: botUserId,
      message: ADD_BOT_TEAMS_CHANNELS_MESSAGE,
      type: POST_TYPE_ADD_BOT_TEAMS_CHANNELS,
      props: {},
    });
  } catch (err) {
    ctx.log.warn({ err, botUserId }, 'could not send the new bot message to its owner');
  }
}

/**
 * POST /bots: `create_bot`, not by a bot, ServiceSettings.EnableBotAccountCreation (403 api.bot.create_disabled);
 * the caller owns the bot. The bot user and the bots row are written together.
 */
export async function createBot(ctx: AppContext, actor: Actor, input: BotInput): Promise<Bot> {
  requireSystemPermission(ctx, actor, Permissions.CREATE_BOT, 'createBot');
  const caller = await ctx.store.users.get(actor.userId);
  if (!caller || caller.is_bot) throw Errors.forbidden('createBot', actor.userId, Permissions.CREATE_BOT);
  if (!ctx.config().ServiceSettings.EnableBotAccountCreation) throw appError('api.bot.create_disabled', 'createBot');
  const username = input.username ?? '';
  validateBotFields({ ...input, username });
  const now = Date.now();
  const user = blankUser({
    username,
    email: `${username}@localhost`,
    first_name: input.display_name ?? '',
    is_bot: true,
    bot_description: input.description ?? '',
    email_verified: true,
    create_at: now,
  });
  const record: BotRecord = {
    user_id: user.id,
    description: input.description ?? '',
    owner_id: actor.userId,
    last_icon_update: 0,
    create_at: now,
    update_at: now,
    delete_at: 0,
  };
  await saveUserOr400(
    ctx,
    () =>
      ctx.store.tx(async (t) => {
        await t.users.save(user);
        await t.bots.save(record);
      }),
    user,
    'createBot',
  );
  await announceToOwner(ctx, user.id, actor.userId);
  return botOr404(ctx, user.id);
}

/** PUT /bots/{id}: username, display name, description; the bot's user follows (`user_updated`). */
export async function patchBot(ctx: AppContext, actor: Actor, botUserId: string, patch: BotInput): Promise<Bot> {
  await requireManageBot(ctx, actor, botUserId, 'patchBot');
  validateBotFields(patch);
  const record = (await ctx.store.bots.getRecord(botUserId))!;
  const user = await getUserOr404(ctx, botUserId);
  const now = Date.now();
  const nextUser: UserWithSecrets = { ...user, update_at: now };
  if (patch.username) nextUser.username = patch.username;
  if (patch.display_name !== undefined && patch.display_name !== null) nextUser.first_name = patch.display_name;
  if (patch.description !== undefined && patch.description !== null) nextUser.bot_description = patch.description;
  const nextRecord: BotRecord = { ...record, description: nextUser.bot_description ?? '', update_at: now };
  await saveUserOr400(
    ctx,
    () =>
      ctx.store.tx(async (t) => {
        await t.users.update(nextUser);
        await t.bots.update(nextRecord);
      }),
    nextUser,
    'patchBot',
  );
  ctx.events.invalidate('user', botUserId);
  publishUserUpdated(ctx, nextUser);
  return botOr404(ctx, botUserId);
}

/** GET /bots/{id}: `read_others_bots`, or `read_bots` for one's own; otherwise the bot "does not exist" (404). */
export async function getBot(ctx: AppContext, actor: Actor, botUserId: string, includeDeleted: boolean): Promise<Bot> {
  const bot = await ctx.store.bots.get(botUserId, includeDeleted);
  if (!bot) throw botNotFound(botUserId);
  if (hasSystemPermission(ctx, actor, Permissions.READ_OTHERS_BOTS)) return bot;
  if (hasSystemPermission(ctx, actor, Permissions.READ_BOTS) && bot.owner_id === actor.userId) return bot;
  throw botNotFound(botUserId);
}

export interface BotListQuery {
  page: number;
  perPage: number;
  includeDeleted: boolean;
  onlyOrphaned: boolean;
}

/** GET /bots: all with `read_others_bots`, one's own with `read_bots`, else 403. */
export async function getBots(ctx: AppContext, actor: Actor, q: BotListQuery): Promise<Bot[]> {
  let ownerId: string | undefined;
  if (!hasSystemPermission(ctx, actor, Permissions.READ_OTHERS_BOTS)) {
    requireSystemPermission(ctx, actor, Permissions.READ_BOTS, 'getBots');
    ownerId = actor.userId;
  }
  return ctx.store.bots.list({
    ownerId,
    includeDeleted: q.includeDeleted,
    onlyOrphaned: q.onlyOrphaned,
    offset: q.page * q.perPage,
    limit: q.perPage,
  });
}

/**
 * POST /bots/{id}/disable | enable: the bot's user is deactivated (its sessions, token sessions included, end) or
 * reactivated, and the bot's delete_at follows.
 */
export async function updateBotActive(ctx: AppContext, actor: Actor, botUserId: string, active: boolean): Promise<Bot> {
  await requireManageBot(ctx, actor, botUserId, 'updateBotActive');
  return setBotActive(ctx, botUserId, active);
}

async function setBotActive(ctx: AppContext, botUserId: string, active: boolean): Promise<Bot> {
  const record = await ctx.store.bots.getRecord(botUserId);
  if (!record) throw botNotFound(botUserId);
  const user = await getUserOr404(ctx, botUserId);
  const now = Date.now();
  const deleteAt = active ? 0 : user.delete_at || now;
  const nextUser = { ...user, delete_at: deleteAt, update_at: now };
  await ctx.store.tx(async (t) => {
    await t.users.update(nextUser);
    await t.bots.update({ ...record, delete_at: deleteAt, update_at: now });
  });
  if (!active) await endSessionsOf(ctx, botUserId);
  ctx.events.invalidate('user', botUserId);
  publishUserUpdated(ctx, nextUser);
  return botOr404(ctx, botUserId);
}

async function endSessionsOf(ctx: AppContext, userId: string): Promise<void> {
  const tokens = await ctx.store.sessions.removeForUser(userId);
  for (const t of tokens) ctx.events.invalidate('session', t);
}

/** POST /bots/{id}/assign/{user_id}: a new owner, who may not be a bot (403 `assign_bot`). */
export async function assignBot(ctx: AppContext, actor: Actor, botUserId: string, ownerId: string): Promise<Bot> {
  await requireManageBot(ctx, actor, botUserId, 'assignBot');
  const owner = await getUserOr404(ctx, ownerId);
  if (owner.is_bot) throw Errors.forbidden('assignBot', actor.userId, Permissions.ASSIGN_BOT);
  const record = (await ctx.store.bots.getRecord(botUserId))!;
  await ctx.store.bots.update({ ...record, owner_id: ownerId, update_at: Date.now() });
  return botOr404(ctx, botUserId);
}

export interface ConvertToUserPatch {
  username?: string | null;
  email?: string | null;
  password?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  nickname?: string | null;
}

/**
 * POST /bots/{id}/convert_to_user: `manage_system`; the bot's user gets a password (required) and the patch, stops
 * being a bot (the bots row goes) and, with `set_system_admin`, becomes a system admin.
 */
export async function convertBotToUser(
  ctx: AppContext,
  actor: Actor,
  botUserId: string,
  patch: ConvertToUserPatch,
  setSystemAdmin: boolean,
): Promise<User> {
  await botOr404(ctx, botUserId, false);
  if (!patch.password) throw Errors.invalidBodyParam('userPatch');
  requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'convertBotToUser');
  validatePassword(ctx, patch.password);
  const user = await getUserOr404(ctx, botUserId);
  const username = patch.username ?? user.username;
  if (!isValidUsername(username)) throw appError('model.user.is_valid.username.app_error', 'User.IsValid');
  const email = (patch.email ?? user.email).toLowerCase().trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 128) throw appError('model.user.is_valid.email.app_error', 'User.IsValid');
  for (const [field, value, max] of [
    ['first_name', patch.first_name, 64],
    ['last_name', patch.last_name, 64],
    ['nickname', patch.nickname, 64],
  ] as const)
    if (value && [...value].length > max) throw appError(`model.user.is_valid.${field}.app_error`, 'User.IsValid');
  const now = Date.now();
  const roles = setSystemAdmin && !user.roles.split(' ').includes('system_admin') ? `${user.roles} system_admin`.trim() : user.roles;
  const next: UserWithSecrets = {
    ...user,
    username,
    email,
    first_name: patch.first_name ?? user.first_name,
    last_name: patch.last_name ?? user.last_name,
    nickname: patch.nickname ?? user.nickname,
    password: await hashPassword(patch.password, ctx.config().PasswordSettings.PBKDF2WorkFactor),
    last_password_update: now,
    is_bot: false,
    bot_description: '',
    roles,
    update_at: now,
  };
  await saveUserOr400(
    ctx,
    () =>
      ctx.store.tx(async (t) => {
        await t.users.update(next);
        await t.bots.remove(botUserId);
      }),
    next,
    'convertBotToUser',
  );
  await endSessionsOf(ctx, botUserId);
  ctx.events.invalidate('user', botUserId);
  publishUserUpdated(ctx, next);
  return sanitizeUser(ctx, next, { userId: actor.userId, isAdmin: true });
}

/** POST /users/{id}/convert_to_bot: `manage_system`; the user becomes a bot owned by itself; its sessions end. */
export async function convertUserToBot(ctx: AppContext, actor: Actor, userId: string): Promise<Bot> {
  requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'convertUserToBot');
  const user = await getUserOr404(ctx, userId);
  if (user.is_bot) return botOr404(ctx, userId);
  const now = Date.now();
  const next: UserWithSecrets = { ...user, is_bot: true, password: '', update_at: now };
  await ctx.store.tx(async (t) => {
    await t.users.update(next);
    await t.bots.save({
      user_id: userId,
      description: user.bot_description ?? '',
      owner_id: userId,
      last_icon_update: 0,
      create_at: now,
      update_at: now,
      delete_at: user.delete_at,
    });
  });
  await endSessionsOf(ctx, userId);
  ctx.events.invalidate('user', userId);
  publishUserUpdated(ctx, next);
  return botOr404(ctx, userId);
}

/**
 * A user was deactivated: with ServiceSettings.DisableBotsWhenOwnerIsDeactivated, the bots they own are disabled
 * (their users deactivated, their sessions ended), as Mattermost's UpdateActive does.
 */
export async function disableBotsOfOwner(ctx: AppContext, ownerId: string): Promise<void> {
  if (!ctx.config().ServiceSettings.DisableBotsWhenOwnerIsDeactivated) return;
  const owned = await ctx.store.bots.list({ ownerId, includeDeleted: false, onlyOrphaned: false, offset: 0, limit: 10_000 });
  for (const bot of owned) await setBotActive(ctx, bot.user_id, false);
}
