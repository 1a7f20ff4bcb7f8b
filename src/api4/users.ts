// /api/v4/users: sign-up, profiles, profile and password changes, lists, search and autocomplete.
// Login, logout and sessions are in users-auth.ts.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { flag, OK, pageOf, route, type Ctx } from './context.ts';
import { IdList, OptBool, OptNum, OptStr, PagingQuery, Q } from './schemas.ts';

/** A StringMap field (props, notify_props, timezone); null means not given. */
const OptStringMap = () => Type.Optional(Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]));
/** An optional id filter in a query: empty, or a 26-character id. */
const OptIdQ = () => Type.Optional(Type.String({ pattern: '^([a-z0-9]{26})?$' }));

const Profile = {
  username: OptStr(),
  email: OptStr(),
  nickname: OptStr(),
  first_name: OptStr(),
  last_name: OptStr(),
  position: OptStr(),
  locale: OptStr(),
  props: OptStringMap(),
  notify_props: OptStringMap(),
};
const NewUserBody = Type.Object({ ...Profile, password: OptStr() });
const SignUpQuery = Type.Object({ t: Q(), iid: Q() });
/** `password`: the current one, which changing one's own e-mail address needs. */
const PatchBody = Type.Object({ ...Profile, timezone: OptStringMap(), password: OptStr() });
const UpdateBody = Type.Object({ ...Profile, timezone: OptStringMap(), password: OptStr(), id: OptStr() });
const PasswordBody = Type.Object({ new_password: Type.String(), current_password: OptStr() });
const UsersQuery = Type.Object({
  ...PagingQuery,
  in_team: OptIdQ(),
  not_in_team: OptIdQ(),
  in_channel: OptIdQ(),
  not_in_channel: OptIdQ(),
  without_team: Q(),
  active: Q(),
  inactive: Q(),
  role: Q(),
  roles: Q(),
  team_roles: Q(),
  channel_roles: Q(),
  sort: Q(),
});
const UserIds = IdList('user_ids', 1000);
const Usernames = Type.Array(Type.String(), { param: 'usernames' });
const AutocompleteQuery = Type.Object({ in_team: Q(), in_channel: Q(), name: Q(), limit: Q() });
const SearchBody = Type.Object({
  term: Type.String(),
  team_id: OptStr(),
  in_channel_id: OptStr(),
  not_in_channel_id: OptStr(),
  limit: OptNum(),
  allow_inactive: OptBool(),
});

export function usersRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/users', { auth: 'none', body: NewUserBody, query: SignUpQuery }, createUser);
  route(f, app, 'GET', '/users', { auth: 'session', query: UsersQuery }, getUsers);
  route(f, app, 'POST', '/users/ids', { auth: 'session', body: UserIds }, getUsersByIds);
  route(f, app, 'POST', '/users/usernames', { auth: 'session', body: Usernames }, getUsersByUsernames);
  route(f, app, 'GET', '/users/autocomplete', { auth: 'session', query: AutocompleteQuery }, autocompleteUsers);
  route(f, app, 'POST', '/users/search', { auth: 'session', body: SearchBody }, searchUsers);
  route(f, app, 'GET', '/users/username/:username', { auth: 'session' }, getUserByUsername);
  route(f, app, 'GET', '/users/email/:email', { auth: 'session' }, getUserByEmail);
  route(f, app, 'GET', '/users/:user_id', { auth: 'session' }, getUser);
  route(f, app, 'PUT', '/users/:user_id/patch', { auth: 'session', body: PatchBody }, patchUser);
  route(f, app, 'PUT', '/users/:user_id', { auth: 'session', body: UpdateBody }, updateUser);
  route(f, app, 'PUT', '/users/:user_id/password', { auth: 'session', body: PasswordBody }, updatePassword);
}

/** `?t=` an e-mail invitation token, `?iid=` a team invite id; a logged-in admin's session (if any) lifts the sign-up rules. */
async function createUser(c: Ctx<Static<typeof NewUserBody>, Static<typeof SignUpQuery>>) {
  const user = await c.app.signup.createUserFromSignup(await c.optionalActor(), c.body, { token: c.query.t, inviteId: c.query.iid });
  c.status(201);
  return user;
}

async function getUser(c: Ctx) {
  return c.app.users.getUser(c.actor, c.id('user_id'));
}

async function getUserByUsername(c: Ctx) {
  return c.app.users.getUserByUsername(c.actor, c.param('username'));
}

async function getUserByEmail(c: Ctx) {
  return c.app.users.getUserByEmail(c.actor, c.param('email'));
}

/** A comma-separated query list (`roles=system_admin,system_user`), bounded; undefined when absent. */
function csv(v: string | undefined): string[] | undefined {
  const list = v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list?.length ? list.slice(0, 10) : undefined;
}

/** GET /users with in_team / not_in_team / in_channel / not_in_channel / without_team / active / inactive / role / sort. */
async function getUsers(c: Ctx<undefined, Static<typeof UsersQuery>>) {
  const q = c.query;
  return c.app.userLists.getUsers(c.actor, {
    ...pageOf(q),
    inTeam: q.in_team,
    notInTeam: q.not_in_team,
    inChannel: q.in_channel,
    notInChannel: q.not_in_channel,
    withoutTeam: flag(q.without_team),
    active: flag(q.active),
    inactive: flag(q.inactive),
    role: q.role,
    roles: csv(q.roles),
    teamRoles: csv(q.team_roles),
    channelRoles: csv(q.channel_roles),
    sort: q.sort,
  });
}

async function getUsersByIds(c: Ctx<string[]>) {
  return c.app.userLists.getUsersByIds(c.actor, c.body);
}

async function getUsersByUsernames(c: Ctx<string[]>) {
  return c.app.userLists.getUsersByUsernames(c.actor, c.body);
}

async function autocompleteUsers(c: Ctx<undefined, Static<typeof AutocompleteQuery>>) {
  const q = c.query;
  return c.app.userLists.autocompleteUsers(c.actor, {
    teamId: q.in_team ?? '',
    channelId: q.in_channel ?? '',
    name: q.name ?? '',
    limit: q.limit,
  });
}

async function searchUsers(c: Ctx<Static<typeof SearchBody>>) {
  return c.app.userLists.searchUsers(c.actor, c.body);
}

async function patchUser(c: Ctx<Static<typeof PatchBody>>) {
  return c.app.users.patchUser(c.actor, c.id('user_id'), c.body);
}

/** The whole user, whose `id` must match the URL. */
async function updateUser(c: Ctx<Static<typeof UpdateBody>>) {
  return c.app.users.updateUser(c.actor, c.id('user_id'), c.body);
}

async function updatePassword(c: Ctx<Static<typeof PasswordBody>>) {
  await c.app.users.updatePassword(c.actor, c.id('user_id'), c.body.current_password, c.body.new_password);
  return OK;
}
