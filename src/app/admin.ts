// System administration (manage_system): reading and replacing the live config (secrets masked, validated, saved,
// applied), and deactivating / reactivating user accounts.
import fs from 'node:fs';
import path from 'node:path';
import { defaultConfig, generateSecrets, type Config } from '../config/config.ts';
import { STORED_JSON_LIMITS } from '../model/json-limits.ts';
import { AppError, appError, Errors, type ErrorId } from '../model/app-error.ts';
import { clientConfig } from '../config/client-config.ts';
import { Permissions } from '../model/roles.ts';
import type { UserWithSecrets } from '../model/types.ts';
import type { Actor } from './actor.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import { hasSystemPermission, requireSystemPermission } from './authz.ts';
import { disableBotsOfOwner } from './bots.ts';
import type { AppContext } from './context.ts';
import { validateNotificationSettings } from './notifications/config-check.ts';
import { deactivateAllGuests } from './guests.ts';
import { setStatus } from './status.ts';
import { getUserOr404, publishUserUpdated } from './users.ts';
import { auditPath, recordAudit } from './audits.ts';
import { validateLocales } from './user-locale.ts';

/** Mattermost's model.FakeSetting: what a secret reads as, and what keeps it unchanged when written back. */
export const FAKE_SETTING = '********************************';

type Json = Record<string, unknown>;
type Section = Record<string, unknown>;

/** Secrets masked on read. `always`: masked even when empty (Mattermost always masks the data source and link salt). */
const SECRETS: Array<{ section: string; key: string; always: boolean }> = [
  { section: 'SqlSettings', key: 'DataSource', always: true },
  { section: 'FileSettings', key: 'PublicLinkSalt', always: true },
  { section: 'EmailSettings', key: 'SMTPPassword', always: false },
  { section: 'ClusterSettings', key: 'RedisURL', always: false },
  { section: 'SqlSettings', key: 'AtRestEncryptKey', always: true },
];

/**
 * Settings a running server cannot take on through the API (they pick the database, the listening socket, the
 * cluster and the directories the server writes to): a new value is ignored and the current one kept, as
 * Mattermost does for its security-restricted settings.
 */
const KEPT: Array<{ section: string; key?: string }> = [
  { section: 'SqlSettings' },
  { section: 'ClusterSettings' },
  { section: 'ServiceSettings', key: 'ListenAddress' },
  { section: 'FileSettings', key: 'Directory' },
  { section: 'FileSettings', key: 'DriverName' },
  { section: 'ImportSettings', key: 'Directory' },
];

function sections(cfg: Config): Record<string, Section> {
  return cfg as unknown as Record<string, Section>;
}

/** A deep copy of `cfg` with its secrets replaced by FAKE_SETTING: what GET /config returns. */
export function sanitizeConfig(cfg: Config): Config {
  const out = structuredClone(cfg);
  for (const s of SECRETS) {
    const sec = sections(out)[s.section];
    if (sec && (s.always || sec[s.key])) sec[s.key] = FAKE_SETTING;
  }
  return out;
}

/**
 * Builds a full config from a client's body: known keys of known sections are taken when their JSON type matches
 * the default's; keys left out get their defaults (Mattermost's SetDefaults); unknown keys are dropped.
 * A wrong type is a 400 naming `config`.
 */
function fromBody(body: unknown, base: Config): Config {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw Errors.invalidBodyParam('config');
  const out = structuredClone(base);
  for (const [secName, sec] of Object.entries(sections(out))) {
    const given = (body as Json)[secName];
    if (given === undefined || given === null) continue;
    if (typeof given !== 'object' || Array.isArray(given)) throw Errors.invalidBodyParam('config');
    for (const [key, v] of Object.entries(given as Json)) {
      if (!(key in sec) || v === null || v === undefined) continue;
      const want = sec[key];
      const ok = Array.isArray(want) ? Array.isArray(v) && v.every((x) => typeof x === 'string') : typeof v === typeof want;
      if (!ok) throw Errors.invalidBodyParam('config');
      sec[key] = structuredClone(v);
    }
  }
  return out;
}

function invalid(id: ErrorId, params?: Record<string, unknown>): AppError {
  return appError(id, 'Config.IsValid', { params });
}

/** Mattermost's Config.IsValid for the settings Parley has. Throws the first failure as a 400. */
export function validateConfig(cfg: Config): void {
  const ss = cfg.ServiceSettings;
  if (ss.SiteURL) {
    let ok = false;
    try {
      const u = new URL(ss.SiteURL);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && !!u.host;
    } catch {
      /* not a URL: ok stays false */
    }
    if (!ok) throw invalid('model.config.is_valid.site_url.app_error');
  }
  if (!ss.ListenAddress) throw invalid('model.config.is_valid.listen_address.app_error');
  if (ss.MaximumPayloadSizeBytes <= 0) throw invalid('model.config.is_valid.max_payload_size.app_error');
  if (ss.SessionLengthWebInHours <= 0 || ss.SessionLengthMobileInHours <= 0)
    throw invalid('model.config.is_valid.session_length.app_error');
  if (!Number.isInteger(ss.MaximumLoginAttempts) || ss.MaximumLoginAttempts <= 0)
    throw invalid('model.config.is_valid.login_attempts.app_error');
  const ts = cfg.TeamSettings;
  if (ts.MaxUsersPerTeam <= 0) throw invalid('model.config.is_valid.max_users.app_error');
  if (ts.MaxChannelsPerTeam <= 0) throw invalid('model.config.is_valid.max_channels.app_error');
  if (ts.MaxNotificationsPerChannel <= 0) throw invalid('model.config.is_valid.max_notify_per_channel.app_error');
  if (!['any', 'team'].includes(ts.RestrictDirectMessage)) throw invalid('model.config.is_valid.restrict_direct_message.app_error');
  if (!['username', 'nickname_full_name', 'full_name'].includes(ts.TeammateNameDisplay))
    throw invalid('model.config.is_valid.teammate_name_display.app_error');
  if (!ts.SiteName || ts.SiteName.length > 30) throw invalid('model.config.is_valid.sitename_length.app_error', { MaxLength: 30 });
  if (cfg.FileSettings.MaxFileSize <= 0) throw invalid('model.config.is_valid.max_file_size.app_error');
  const es = cfg.EmailSettings;
  if (!['', 'TLS', 'STARTTLS'].includes(es.ConnectionSecurity)) throw invalid('model.config.is_valid.email_security.app_error');
  if (es.SMTPServerTimeout <= 0) throw invalid('model.config.is_valid.email_timeout.app_error');
  if (es.SMTPPort && !/^\d{1,5}$/.test(es.SMTPPort)) throw invalid('model.config.is_valid.smtp_port.app_error');
  if (es.FeedbackEmail && !/^[^\s@]+@[^\s@]+$/.test(es.FeedbackEmail)) throw invalid('model.config.is_valid.feedback_email.app_error');
  const ps = cfg.PasswordSettings;
  if (ps.MinimumLength < 5 || ps.MinimumLength > 72)
    throw invalid('model.config.is_valid.password_length.app_error', { MinLength: 5, MaxLength: 72 });
  if (ps.PBKDF2WorkFactor < 1) throw invalid('model.config.is_valid.password_hash_cost.app_error');
  validateLocales(cfg);
  validateSecurityLimits(cfg);
  validateNotificationSettings(cfg);
}

/** Secrets, request bounds and rate limits. A salt under 32 characters would make public links guessable. */
function validateSecurityLimits(cfg: Config): void {
  const salt = cfg.FileSettings.PublicLinkSalt;
  if (salt && salt.length < 32) throw invalid('model.config.is_valid.file_salt.app_error');
  const key = cfg.SqlSettings.AtRestEncryptKey;
  if (key && key.length < 32) throw invalid('model.config.is_valid.encrypt_sql.app_error');
  if (!['FULL', 'NORMAL', 'EXTRA'].includes(String(cfg.SqlSettings.ParleySqliteSynchronous).toUpperCase()))
    throw invalid('model.config.is_valid.parley_sqlite_synchronous.app_error');
  const ss = cfg.ServiceSettings;
  const counts = [ss.ParleyMaximumJsonDepth, ss.ParleyMaximumJsonObjectKeys, ss.ParleyMaximumJsonArrayLength];
  if (!counts.every((n) => Number.isInteger(n) && n >= 1) || ss.ParleyMaximumJsonDepth > STORED_JSON_LIMITS.maxDepth)
    throw invalid('model.config.is_valid.parley_json_limits.app_error', { MaxDepth: STORED_JSON_LIMITS.maxDepth });
  const rl = cfg.RateLimitSettings;
  if (!(rl.MemoryStoreSize > 0)) throw invalid('model.config.is_valid.rate_mem.app_error');
  if (!(rl.PerSec > 0)) throw invalid('model.config.is_valid.rate_sec.app_error');
  if (!(rl.MaxBurst > 0)) throw invalid('model.config.is_valid.max_burst.app_error');
}

/** Puts back secrets written as FAKE_SETTING and the settings a running server keeps (see KEPT). */
function desanitize(current: Config, next: Config): void {
  const cur = sections(current);
  const nxt = sections(next);
  for (const s of SECRETS) if (nxt[s.section]?.[s.key] === FAKE_SETTING) nxt[s.section][s.key] = cur[s.section][s.key];
  for (const k of KEPT) {
    if (k.key) nxt[k.section][k.key] = structuredClone(cur[k.section][k.key]);
    else nxt[k.section] = structuredClone(cur[k.section]);
  }
}

/** Writes the config file atomically (temp file + rename), so a crash never leaves half a file. */
function saveConfigFile(file: string, cfg: Config): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** Replaces the live config's contents in place, so every holder of `ctx.config()` sees the new values at once. */
function applyLive(live: Config, next: Config): void {
  const l = sections(live);
  for (const [name, sec] of Object.entries(sections(next))) {
    if (!l[name]) {
      l[name] = sec;
      continue;
    }
    for (const k of Object.keys(l[name])) if (!(k in sec)) delete l[name][k];
    Object.assign(l[name], sec);
  }
}

/** GET /config (manage_system): the live config with its secrets masked. */
export function getConfig(ctx: AppContext, actor: Actor): Config {
  requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'getConfig');
  return sanitizeConfig(ctx.config());
}

/**
 * PUT /config (manage_system): validates and applies `body` as the whole new config (omitted settings take their
 * defaults), keeping masked secrets and the restart-only settings. Saves to the loaded config file if there is one,
 * then applies it live and publishes `config_changed` with the client config. Returns the sanitized new config.
 */
export async function updateConfig(ctx: AppContext, actor: Actor, body: unknown): Promise<Config> {
  requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'updateConfig');
  const saved = await replaceConfig(ctx, fromBody(body, defaultConfig()));
  await recordAudit(ctx, actor, auditPath('/config'), 'updateConfig');
  return saved;
}

/** PUT /config/patch: like updateConfig, but settings left out keep their current values. */
export async function patchConfig(ctx: AppContext, actor: Actor, body: unknown): Promise<Config> {
  requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'patchConfig');
  const saved = await replaceConfig(ctx, fromBody(body, ctx.config()));
  await recordAudit(ctx, actor, auditPath('/config/patch'), 'patchConfig');
  return saved;
}

async function replaceConfig(ctx: AppContext, next: Config): Promise<Config> {
  const live = ctx.config();
  desanitize(live, next);
  // A secret emptied by the client is generated again (Mattermost's SetDefaults on update), never left empty.
  generateSecrets(next);
  validateConfig(next);
  if (ctx.configFile) saveConfigFile(ctx.configFile, next);
  const guestsWereOn = live.GuestAccountsSettings.Enable;
  applyLive(live, next);
  if (guestsWereOn && !live.GuestAccountsSettings.Enable) await deactivateAllGuests(ctx);
  const cc = clientConfig(live, { siteURL: ctx.siteURL(), diagnosticId: ctx.diagnosticId, loggedIn: true });
  ctx.events.publish(wsEvent(WsEvents.ConfigChanged, { config: cc }, {}));
  return sanitizeConfig(live);
}

/**
 * Deactivates (`active=false`) or reactivates a user. Changing someone else needs
 * `sysconsole_write_user_management_users` (403 `api.user.update_active.permissions.app_error`); deactivating oneself
 * needs TeamSettings.EnableUserDeactivation or `manage_system` (401). Deactivation revokes every session (their sockets
 * close) and sets the user offline; `user_updated`, then `user_activation_status_change` to everyone.
 */
export async function updateUserActive(ctx: AppContext, actor: Actor, userId: string, active: boolean): Promise<UserWithSecrets> {
  const isAdmin = hasSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM);
  if (userId === actor.userId) {
    if (!active && !isAdmin && !ctx.config().TeamSettings.EnableUserDeactivation)
      throw appError('api.user.update_active.not_enable.app_error', 'updateUserActive');
    if (active && !isAdmin) throw appError('api.user.update_active.permissions.app_error', 'updateUserActive');
  } else if (!hasSystemPermission(ctx, actor, Permissions.SYSCONSOLE_WRITE_USER_MANAGEMENT_USERS)) {
    throw appError('api.user.update_active.permissions.app_error', 'updateUserActive');
  }
  const user = await getUserOr404(ctx, userId);
  if (ctx.roles.hasPermission(user.roles, Permissions.MANAGE_SYSTEM) && !isAdmin)
    throw Errors.forbidden('updateUserActive', actor.userId, Permissions.MANAGE_SYSTEM);
  if (user.is_bot) throw appError('api.user.update_active.cannot_modify_status_when_bot.app_error', 'updateUserActive');
  const now = Date.now();
  const next: UserWithSecrets = { ...user, delete_at: active ? 0 : user.delete_at || now, update_at: now };
  await ctx.store.users.update(next);
  if (!active) {
    const tokens = await ctx.store.sessions.removeForUser(userId);
    for (const t of tokens) ctx.events.invalidate('session', t);
    ctx.events.invalidate('user', userId);
    await setStatus(ctx, userId, 'offline', { manual: false }).catch(() => undefined);
    await disableBotsOfOwner(ctx, userId);
  }
  publishUserUpdated(ctx, next);
  await recordAudit(ctx, actor, auditPath(`/users/${userId}/active`), `user_id=${userId} active=${active}`);
  ctx.events.publish(wsEvent(WsEvents.UserActivationStatusChange, {}, {}));
  return next;
}

/**
 * DELETE /users/{id}: deactivates (the rules of updateUserActive); `permanent` needs ServiceSettings.EnableAPIUserDeletion
 * (401 otherwise) and `manage_system`, and removes the user's rows.
 */
export async function deleteUser(ctx: AppContext, actor: Actor, userId: string, permanent: boolean): Promise<void> {
  if (permanent) {
    requireSystemPermission(ctx, actor, Permissions.MANAGE_SYSTEM, 'deleteUser');
    if (!ctx.config().ServiceSettings.EnableAPIUserDeletion)
      throw appError('api.user.delete_user.not_enabled.app_error', 'deleteUser', { params: { userId } });
    const user = await getUserOr404(ctx, userId);
    const tokens = await ctx.store.sessions.removeForUser(userId);
    for (const t of tokens) ctx.events.invalidate('session', t);
    await ctx.store.tx((t) => t.admin.permanentDeleteUser(user.id));
    ctx.caches.clear();
    await ctx.events.invalidate('user', userId);
    ctx.events.publish(wsEvent(WsEvents.UserActivationStatusChange, {}, {}));
    return;
  }
  await updateUserActive(ctx, actor, userId, false);
}
