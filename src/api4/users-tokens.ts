// /api/v4 personal access tokens (Mattermost's api4/user.go): create (the secret shown once), list, search, get,
// revoke, disable, enable.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, pageOf, route, type Ctx } from './context.ts';
import { OptNum, OptStr, PagingQuery } from './schemas.ts';

const PagedQuery = Type.Object(PagingQuery);
const CreateBody = Type.Object({ description: OptStr(), expires_at: OptNum() });
const SearchBody = Type.Object({ term: OptStr() });
const TokenIdBody = Type.Object({ token_id: Type.String({ minLength: 1, maxLength: 64 }) });

export function usersTokensRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/users/:user_id/tokens', { auth: 'session', body: CreateBody }, createUserAccessToken);
  route(f, app, 'GET', '/users/:user_id/tokens', { auth: 'session', query: PagedQuery }, getUserAccessTokensForUser);
  route(f, app, 'GET', '/users/tokens', { auth: 'session', query: PagedQuery }, getUserAccessTokens);
  route(f, app, 'POST', '/users/tokens/search', { auth: 'session', body: SearchBody }, searchUserAccessTokens);
  route(f, app, 'GET', '/users/tokens/:token_id', { auth: 'session' }, getUserAccessToken);
  route(f, app, 'POST', '/users/tokens/revoke', { auth: 'session', body: TokenIdBody }, revokeUserAccessToken);
  route(f, app, 'POST', '/users/tokens/disable', { auth: 'session', body: TokenIdBody }, disableUserAccessToken);
  route(f, app, 'POST', '/users/tokens/enable', { auth: 'session', body: TokenIdBody }, enableUserAccessToken);
}

async function createUserAccessToken(c: Ctx<Static<typeof CreateBody>>) {
  return c.app.accessTokens.createUserAccessToken(c.actor, c.id('user_id'), c.body);
}

async function getUserAccessTokensForUser(c: Ctx<undefined, Static<typeof PagedQuery>>) {
  return c.app.accessTokens.getUserAccessTokensForUser(c.actor, c.id('user_id'), pageOf(c.query));
}

async function getUserAccessTokens(c: Ctx<undefined, Static<typeof PagedQuery>>) {
  return c.app.accessTokens.getUserAccessTokens(c.actor, pageOf(c.query));
}

async function searchUserAccessTokens(c: Ctx<Static<typeof SearchBody>>) {
  return c.app.accessTokens.searchUserAccessTokens(c.actor, (c.body.term ?? '').slice(0, 64));
}

async function getUserAccessToken(c: Ctx) {
  return c.app.accessTokens.getUserAccessToken(c.actor, c.id('token_id'));
}

async function revokeUserAccessToken(c: Ctx<Static<typeof TokenIdBody>>) {
  await c.app.accessTokens.revokeUserAccessToken(c.actor, c.body.token_id);
  return OK;
}

async function disableUserAccessToken(c: Ctx<Static<typeof TokenIdBody>>) {
  await c.app.accessTokens.disableUserAccessToken(c.actor, c.body.token_id);
  return OK;
}

async function enableUserAccessToken(c: Ctx<Static<typeof TokenIdBody>>) {
  await c.app.accessTokens.enableUserAccessToken(c.actor, c.body.token_id);
  return OK;
}
