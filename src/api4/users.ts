// /api/v4/users: sign-up, login/logout, profiles, lists and autocomplete, passwords, sessions.
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { UserWithSecrets } from '../model/types.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { hasSystemPermission, requireChannelPermission, requireSystemPermission, requireTeamPermission } from '../app/authz.ts';
import {
  authenticate,
  createSession,
  createUser,
  getUserOr404,
  patchUser,
  revokeSession,
  sanitizeUser,
  updatePassword,
  viewerOf,
  type NewUserInput,
  type UserPatch,
} from '../app/users.ts';
import { joinUserToTeamFromInvite } from '../app/invites.ts';
import { boolQuery, clearAuthCookie, idList, OK, paging, legacyRoute, str, type LegacyCtx as Ctx } from './context.ts';
import { tokenFromRequest } from '../app/auth-token.ts';
import { actorFromSession } from '../app/actor.ts';
import { sessionFromToken } from '../app/users.ts';

export function usersRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'POST', '/users', 'none', createUserHandler);
  legacyRoute(f, app, ctx, 'POST', '/users/login', 'none', login);
  legacyRoute(f, app, ctx, 'POST', '/users/logout', 'none', logout);
  legacyRoute(f, app, ctx, 'GET', '/users', 'session', getUsers);
  legacyRoute(f, app, ctx, 'POST', '/users/ids', 'session', getUsersByIds);
  legacyRoute(f, app, ctx, 'POST', '/users/usernames', 'session', getUsersByUsernames);
  legacyRoute(f, app, ctx, 'GET', '/users/autocomplete', 'session', autocompleteUsers);
  legacyRoute(f, app, ctx, 'POST', '/users/search', 'session', searchUsers);
  legacyRoute(f, app, ctx, 'GET', '/users/username/:username', 'session', getUserByUsername);
  legacyRoute(f, app, ctx, 'GET', '/users/email/:email', 'session', getUserByEmail);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id', 'session', getUser);
  legacyRoute(f, app, ctx, 'PUT', '/users/:user_id/patch', 'session', patchUserHandler);
  legacyRoute(f, app, ctx, 'PUT', '/users/:user_id', 'session', updateUserHandler);
  legacyRoute(f, app, ctx, 'PUT', '/users/:user_id/password', 'session', updatePasswordHandler);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/sessions', 'session', getSessions);
  legacyRoute(f, app, ctx, 'POST', '/users/:user_id/sessions/revoke', 'session', revokeSessionHandler);
  legacyRoute(f, app, ctx, 'POST', '/users/:user_id/sessions/revoke/all', 'session', revokeAllSessions);
  legacyRoute(f, app, ctx, 'PUT', '/users/sessions/device', 'session', attachDevice);
}

function sanitize(c: Ctx, u: UserWithSecrets) {
  return sanitizeUser(c.app, u, viewerOf(c.app, c.actor));
}

async function requireEditUser(c: Ctx, userId: string): Promise<void> {
  if (c.session.user_id === userId) return;
  const target = await getUserOr404(c.app, userId);
  const perm = c.app.roles.hasPermission(target.roles, Permissions.MANAGE_SYSTEM)
    ? Permissions.MANAGE_SYSTEM
    : Permissions.EDIT_OTHER_USERS;
  requireSystemPermission(c.app, c.actor, perm, 'requireEditUser');
}

async function createUserHandler(c: Ctx) {
  const body = c.body<NewUserInput>();
  const token = c.query('t') ?? '';
  const inviteId = c.query('iid') ?? '';
  const cfg = c.app.config();
  // A logged-in admin may always create users; otherwise sign-up rules apply (first user, open server, invites).
  const tokenInfo = tokenFromRequest(c.req);
  const session = tokenInfo ? await sessionFromToken(c.app, tokenInfo.token) : undefined;
  const isAdmin = !!session && hasSystemPermission(c.app, actorFromSession(session), Permissions.MANAGE_SYSTEM);
  const firstUser = (await c.app.store.users.count()) === 0;
  if (!isAdmin && !firstUser) {
    if (!cfg.TeamSettings.EnableUserCreation) throw appError('api.user.create_user.signup_email_disabled.app_error', 'CreateUser');
    if (!cfg.EmailSettings.EnableSignUpWithEmail) throw appError('api.user.create_user.signup_email_disabled.app_error', 'CreateUser');
    if (!token && !inviteId && !cfg.TeamSettings.EnableOpenServer)
      throw appError('api.user.create_user.no_open_server', 'CreateUserFromSignup');
  }
  const user = await createUser(c.app, body);
  if (token || inviteId) await joinUserToTeamFromInvite(c.app, user, { token, inviteId, isGuest: false });
  c.status(201);
  return sanitizeUser(c.app, user, { userId: user.id, isAdmin: true });
}

function cookieHeader(name: string, value: string, maxAgeSec: number, httpOnly: boolean, secure: boolean): string {
  const expires = new Date(Date.now() + maxAgeSec * 1000).toUTCString();
  return `${name}=${value}; Path=/; Max-Age=${maxAgeSec}; Expires=${expires}${httpOnly ? '; HttpOnly' : ''}${secure ? '; Secure' : ''}`;
}

async function login(c: Ctx) {
  const body = c.body<Record<string, unknown>>();
  for (const k of ['login_id', 'password', 'id', 'device_id', 'token']) {
    if (body[k] !== undefined && typeof body[k] !== 'string') throw Errors.invalidBodyParam(k);
  }
  const user = await authenticate(c.app, body as { login_id?: string; password?: string; id?: string });
  const deviceId = (body.device_id as string) || '';
  const ua = String(c.req.headers['user-agent'] ?? '');
  const mobile = !!deviceId || (/Mattermost ?(Mobile|\/)/i.test(ua) && !/Electron/i.test(ua));
  const session = await createSession(c.app, user, { deviceId, mobile, props: { platform: '', os: '', browser: '' } });
  c.reply.header('Token', session.token);
  if (c.req.headers['x-requested-with'] === 'XMLHttpRequest') {
    const maxAge = Math.floor((session.expires_at - Date.now()) / 1000);
    const secure = c.req.headers['x-forwarded-proto'] === 'https';
    c.reply.header('set-cookie', [
      cookieHeader('MMAUTHTOKEN', session.token, maxAge, true, secure),
      cookieHeader('MMUSERID', user.id, maxAge, false, secure),
      cookieHeader('MMCSRF', session.props.csrf, maxAge, false, secure),
    ]);
  }
  await c.app.store.users.update({ ...user, failed_attempts: 0 });
  return sanitizeUser(c.app, user, { userId: user.id, isAdmin: true });
}

async function logout(c: Ctx) {
  const info = tokenFromRequest(c.req);
  if (info) {
    const s = await sessionFromToken(c.app, info.token);
    if (s) await revokeSession(c.app, s);
  }
  clearAuthCookie(c.reply);
  c.reply.header('set-cookie', ['MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly', 'MMUSERID=; Path=/; Max-Age=0', 'MMCSRF=; Path=/; Max-Age=0']);
  return OK;
}

async function getUser(c: Ctx) {
  const user = await getUserOr404(c.app, c.id('user_id'));
  return sanitize(c, user);
}

async function getUserByUsername(c: Ctx) {
  const user = await c.app.store.users.getByUsername(c.param('username'));
  if (!user) throw appError('app.user.missing_account.const', 'GetUserByUsername');
  return sanitize(c, user);
}

async function getUserByEmail(c: Ctx) {
  const cfg = c.app.config();
  if (!cfg.PrivacySettings.ShowEmailAddress && !hasSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM))
    throw Errors.forbidden('getUserByEmail', c.session.user_id, 'view_email');
  const user = await c.app.store.users.getByEmail(c.param('email'));
  if (!user) throw appError('app.user.missing_account.const', 'GetUserByEmail');
  return sanitize(c, user);
}

/** GET /users with in_team / not_in_team / in_channel / not_in_channel / without_team / active / inactive / role / sort. */
async function getUsers(c: Ctx) {
  const { page, perPage } = paging(c);
  const inTeam = c.query('in_team');
  const notInTeam = c.query('not_in_team');
  const inChannel = c.query('in_channel');
  const notInChannel = c.query('not_in_channel');
  const withoutTeam = boolQuery(c, 'without_team');
  for (const [n, v] of Object.entries({ in_team: inTeam, not_in_team: notInTeam, in_channel: inChannel, not_in_channel: notInChannel })) {
    if (v !== undefined && v !== '' && !/^[a-z0-9]{26}$/.test(v)) throw Errors.invalidUrlParam(n);
  }
  if (inTeam) await requireTeamPermission(c.app, c.actor, inTeam, Permissions.VIEW_TEAM, 'getUsers');
  if (notInTeam) await requireTeamPermission(c.app, c.actor, notInTeam, Permissions.VIEW_TEAM, 'getUsers');
  if (inChannel) await requireChannelPermission(c.app, c.actor, inChannel, Permissions.READ_CHANNEL, 'getUsers');
  if (notInChannel) {
    const ch = await c.app.store.channels.get(notInChannel);
    if (!ch) throw appError('app.channel.get.existing.app_error', 'getUsers');
    await requireTeamPermission(c.app, c.actor, ch.team_id, Permissions.VIEW_TEAM, 'getUsers');
  }
  if (withoutTeam) requireSystemPermission(c.app, c.actor, Permissions.LIST_USERS_WITHOUT_TEAM, 'getUsers');
  if (!inTeam && !inChannel && !notInTeam && !notInChannel && !withoutTeam) {
    // Listing everyone needs list_users_without_team or a team in common; Mattermost restricts by team visibility.
    if (!hasSystemPermission(c.app, c.actor, Permissions.LIST_USERS_WITHOUT_TEAM)) {
      const teams = await c.app.store.teams.listMembersForUser(c.session.user_id);
      if (!teams.length) return [];
    }
  }
  const sortParam = c.query('sort');
  const sort = sortParam === 'create_at' ? 'create_at' : sortParam === 'last_activity_at' ? 'last_activity_at' : 'username';
  const users = await c.app.store.users.list({
    inTeam,
    notInTeam,
    inChannel,
    notInChannel,
    withoutTeam,
    active: boolQuery(c, 'active'),
    inactive: boolQuery(c, 'inactive'),
    role: c.query('role') || undefined,
    sort,
    offset: page * perPage,
    limit: perPage,
  });
  return users.map((u) => sanitize(c, u));
}

async function getUsersByIds(c: Ctx) {
  const ids = idList(c.req.body, 'user_ids', 1000);
  const users = await c.app.store.users.getMany(ids);
  return users.map((u) => sanitize(c, u));
}

async function getUsersByUsernames(c: Ctx) {
  const names = c.req.body;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) throw Errors.invalidBodyParam('usernames');
  const users = await c.app.store.users.getByUsernames(names as string[]);
  return users.map((u) => sanitize(c, u));
}

async function autocompleteUsers(c: Ctx) {
  // Client4 and Mattermost name these in_team / in_channel.
  const teamId = c.query('in_team') ?? '';
  const channelId = c.query('in_channel') ?? '';
  const name = c.query('name') ?? '';
  let limit = Number(c.query('limit') ?? 100);
  if (!Number.isFinite(limit) || limit <= 0 || limit > 100) limit = 100;
  const allowEmails = c.app.config().PrivacySettings.ShowEmailAddress || hasSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM);
  if (channelId) {
    if (!teamId) throw appError('api.user.autocomplete_users.missing_team_id.app_error', 'autocompleteUsers');
    await requireChannelPermission(c.app, c.actor, channelId, Permissions.READ_CHANNEL, 'autocompleteUsers');
    const inCh = await c.app.store.users.search(name, { limit, inChannel: channelId, allowEmails });
    const outCh = await c.app.store.users.search(name, { limit, inTeam: teamId, notInChannel: channelId, allowEmails });
    return { users: inCh.map((u) => sanitize(c, u)), out_of_channel: outCh.map((u) => sanitize(c, u)) };
  }
  if (teamId) {
    await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'autocompleteUsers');
    const users = await c.app.store.users.search(name, { limit, inTeam: teamId, allowEmails });
    return { users: users.map((u) => sanitize(c, u)) };
  }
  const users = await c.app.store.users.search(name, { limit, allowEmails });
  const visible = hasSystemPermission(c.app, c.actor, Permissions.LIST_USERS_WITHOUT_TEAM) ? users : await filterVisible(c, users);
  return { users: visible.map((u) => sanitize(c, u)) };
}

/** Users who share a team with the session user (what a non-admin may discover). */
async function filterVisible(c: Ctx, users: UserWithSecrets[]): Promise<UserWithSecrets[]> {
  const mine = await c.app.store.teams.listMembersForUser(c.session.user_id);
  const visible = new Set<string>([c.session.user_id]);
  for (const m of mine) for (const id of await c.app.caches.teamMemberIds(m.team_id)) visible.add(id);
  return users.filter((u) => visible.has(u.id));
}

async function searchUsers(c: Ctx) {
  const body = c.body<Record<string, unknown>>();
  const term = str(body, 'term');
  const teamId = str(body, 'team_id', false);
  const inChannel = str(body, 'in_channel_id', false);
  const notInChannel = str(body, 'not_in_channel_id', false);
  let limit = Number(body.limit ?? 100);
  if (!Number.isFinite(limit) || limit <= 0 || limit > 1000) limit = 100;
  if (teamId) await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'searchUsers');
  if (inChannel) await requireChannelPermission(c.app, c.actor, inChannel, Permissions.READ_CHANNEL, 'searchUsers');
  const allowEmails = c.app.config().PrivacySettings.ShowEmailAddress || hasSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM);
  const users = await c.app.store.users.search(term, {
    limit,
    inTeam: teamId || undefined,
    inChannel: inChannel || undefined,
    notInChannel: notInChannel || undefined,
    allowEmails,
    allowInactive: body.allow_inactive === true,
  });
  const visible =
    teamId || inChannel || hasSystemPermission(c.app, c.actor, Permissions.LIST_USERS_WITHOUT_TEAM) ? users : await filterVisible(c, users);
  return visible.map((u) => sanitize(c, u));
}

async function patchUserHandler(c: Ctx) {
  const userId = c.id('user_id');
  await requireEditUser(c, userId);
  const user = await patchUser(c.app, userId, c.body<UserPatch>());
  return sanitize(c, user);
}

async function updateUserHandler(c: Ctx) {
  const userId = c.id('user_id');
  const body = c.body<UserPatch & { id?: string }>();
  if (body.id !== userId) throw Errors.invalidBodyParam('user_id');
  await requireEditUser(c, userId);
  const user = await patchUser(c.app, userId, body);
  return sanitize(c, user);
}

async function updatePasswordHandler(c: Ctx) {
  const userId = c.id('user_id');
  const body = c.body<Record<string, unknown>>();
  const next = str(body, 'new_password');
  const current = str(body, 'current_password', false);
  if (c.session.user_id !== userId) requireSystemPermission(c.app, c.actor, Permissions.MANAGE_SYSTEM, 'updatePassword');
  await updatePassword(c.app, c.actor, userId, current, next);
  return OK;
}

async function getSessions(c: Ctx) {
  const userId = c.id('user_id');
  await requireEditUser(c, userId);
  const sessions = await c.app.store.sessions.listForUser(userId);
  return sessions.map(({ token: _t, ...s }) => ({ ...s, props: { ...s.props, csrf: undefined } }));
}

async function revokeSessionHandler(c: Ctx) {
  const userId = c.id('user_id');
  await requireEditUser(c, userId);
  const sessionId = str(c.body(), 'session_id');
  const s = await c.app.store.sessions.get(sessionId);
  if (!s || s.user_id !== userId)
    throw appError('api.context.invalid_body_param.app_error', 'revokeSession', { params: { Name: 'session_id' } });
  await revokeSession(c.app, s);
  return OK;
}

async function revokeAllSessions(c: Ctx) {
  const userId = c.id('user_id');
  await requireEditUser(c, userId);
  const tokens = await c.app.store.sessions.removeForUser(userId);
  for (const t of tokens) c.app.events.invalidate('session', t);
  return OK;
}

/** PUT /users/sessions/device: the mobile app registers its push device id on the current session. */
async function attachDevice(c: Ctx) {
  const deviceId = str(c.body(), 'device_id');
  const others = await c.app.store.sessions.removeForUser(c.session.user_id, { deviceId, exceptId: c.session.id });
  for (const t of others) c.app.events.invalidate('session', t);
  const ss = c.app.config().ServiceSettings;
  const next = { ...c.session, device_id: deviceId, expires_at: Date.now() + ss.SessionLengthMobileInHours * 3600_000 };
  await c.app.store.sessions.update(next);
  // Only the cached copy is dropped: a 'session' invalidation would also close this session's websockets.
  c.app.caches.invalidate('session', c.session.token);
  return OK;
}
