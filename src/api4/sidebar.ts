// /api/v4/users/{user_id}/teams/{team_id}/channels/categories: the user's sidebar categories in a team.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, route, type Ctx } from './context.ts';

const BASE = '/users/:user_id/teams/:team_id/channels/categories';

/** A category as a client sends it; the use-cases check each field (a malformed body is a 400 naming `category`). */
const Field = () => Type.Optional(Type.Unknown());
const CategoryFields = {
  id: Field(),
  user_id: Field(),
  team_id: Field(),
  display_name: Field(),
  sorting: Field(),
  muted: Field(),
  collapsed: Field(),
  channel_ids: Field(),
};
const Category = Type.Object(CategoryFields, { param: 'category' });
const Categories = Type.Array(Type.Object(CategoryFields), { param: 'category' });
const Order = Type.Array(Type.String(), { param: 'category' });

export function sidebarRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', BASE, { auth: 'session' }, getCategoriesForTeamForUser);
  route(f, app, 'POST', BASE, { auth: 'session', body: Category }, createCategoryForTeamForUser);
  route(f, app, 'PUT', BASE, { auth: 'session', body: Categories }, updateCategoriesForTeamForUser);
  route(f, app, 'GET', BASE + '/order', { auth: 'session' }, getCategoryOrderForTeamForUser);
  route(f, app, 'PUT', BASE + '/order', { auth: 'session', body: Order }, updateCategoryOrderForTeamForUser);
  route(f, app, 'GET', BASE + '/:category_id', { auth: 'session' }, getCategoryForTeamForUser);
  route(f, app, 'PUT', BASE + '/:category_id', { auth: 'session', body: Category }, updateCategoryForTeamForUser);
  route(f, app, 'DELETE', BASE + '/:category_id', { auth: 'session' }, deleteCategoryForTeamForUser);
}

async function getCategoriesForTeamForUser(c: Ctx) {
  return c.app.sidebar.getSidebarCategories(c.actor, c.id('user_id'), c.id('team_id'));
}

async function getCategoryOrderForTeamForUser(c: Ctx) {
  return c.app.sidebar.getSidebarCategoryOrder(c.actor, c.id('user_id'), c.id('team_id'));
}

async function getCategoryForTeamForUser(c: Ctx) {
  return c.app.sidebar.getSidebarCategory(c.actor, c.id('user_id'), c.id('team_id'), c.param('category_id'));
}

/** The body must name the same user and team as the path. */
async function createCategoryForTeamForUser(c: Ctx<Static<typeof Category>>) {
  return c.app.sidebar.createSidebarCategory(c.actor, c.id('user_id'), c.id('team_id'), c.body);
}

async function updateCategoriesForTeamForUser(c: Ctx<Static<typeof Categories>>) {
  return c.app.sidebar.updateSidebarCategories(c.actor, c.id('user_id'), c.id('team_id'), c.body);
}

async function updateCategoryForTeamForUser(c: Ctx<Static<typeof Category>>) {
  return c.app.sidebar.updateSidebarCategory(c.actor, c.id('user_id'), c.id('team_id'), c.param('category_id'), c.body);
}

async function updateCategoryOrderForTeamForUser(c: Ctx<string[]>) {
  return c.app.sidebar.updateSidebarCategoryOrder(c.actor, c.id('user_id'), c.id('team_id'), c.body);
}

async function deleteCategoryForTeamForUser(c: Ctx) {
  await c.app.sidebar.deleteSidebarCategory(c.actor, c.id('user_id'), c.id('team_id'), c.param('category_id'));
  return OK;
}
