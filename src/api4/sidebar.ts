// /api/v4/users/{user_id}/teams/{team_id}/channels/categories: the user's sidebar categories in a team.
import type { FastifyInstance } from 'fastify';
import { Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireSystemPermission } from '../app/authz.ts';
import {
  createSidebarCategory,
  deleteSidebarCategory,
  getSidebarCategories,
  getSidebarCategory,
  isValidCategoryId,
  updateSidebarCategories,
  updateSidebarCategoryOrder,
  type SidebarCategoryInput,
} from '../app/sidebar.ts';
import { OK, legacyRoute, type LegacyCtx as Ctx } from './context.ts';

const BASE = '/users/:user_id/teams/:team_id/channels/categories';

export function sidebarRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'GET', BASE, 'session', getCategoriesForTeamForUser);
  legacyRoute(f, app, ctx, 'POST', BASE, 'session', createCategoryForTeamForUser);
  legacyRoute(f, app, ctx, 'PUT', BASE, 'session', updateCategoriesForTeamForUser);
  legacyRoute(f, app, ctx, 'GET', BASE + '/order', 'session', getCategoryOrderForTeamForUser);
  legacyRoute(f, app, ctx, 'PUT', BASE + '/order', 'session', updateCategoryOrderForTeamForUser);
  legacyRoute(f, app, ctx, 'GET', BASE + '/:category_id', 'session', getCategoryForTeamForUser);
  legacyRoute(f, app, ctx, 'PUT', BASE + '/:category_id', 'session', updateCategoryForTeamForUser);
  legacyRoute(f, app, ctx, 'DELETE', BASE + '/:category_id', 'session', deleteCategoryForTeamForUser);
}

/** The user and team of the path; acting for someone else needs edit_other_users (Mattermost's SessionHasPermissionToUser). */
function target(c: Ctx): { userId: string; teamId: string } {
  const userId = c.id('user_id');
  const teamId = c.id('team_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.EDIT_OTHER_USERS, 'sidebarCategories');
  return { userId, teamId };
}

function categoryId(c: Ctx): string {
  const id = c.param('category_id');
  if (!isValidCategoryId(id)) throw Errors.invalidUrlParam('category_id');
  return id;
}

/** A category of this user and team, else 403 as Mattermost's SessionHasPermissionToCategory. */
async function ownCategory(c: Ctx, userId: string, teamId: string, id: string) {
  const cat = await getSidebarCategory(c.app, userId, teamId, id);
  if (!cat) throw Errors.forbidden('sidebarCategory', c.session.user_id, Permissions.EDIT_OTHER_USERS);
  return cat;
}

async function getCategoriesForTeamForUser(c: Ctx) {
  const { userId, teamId } = target(c);
  return getSidebarCategories(c.app, userId, teamId);
}

async function getCategoryOrderForTeamForUser(c: Ctx) {
  const { userId, teamId } = target(c);
  return (await getSidebarCategories(c.app, userId, teamId)).order;
}

async function getCategoryForTeamForUser(c: Ctx) {
  const { userId, teamId } = target(c);
  return ownCategory(c, userId, teamId, categoryId(c));
}

/** The body must name the same user and team as the path. */
function categoryBody(c: Ctx, userId: string, teamId: string, body: unknown): SidebarCategoryInput {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw Errors.invalidBodyParam('category');
  const b = body as SidebarCategoryInput;
  if (b.user_id !== userId || b.team_id !== teamId) throw Errors.invalidBodyParam('category');
  return b;
}

async function createCategoryForTeamForUser(c: Ctx) {
  const { userId, teamId } = target(c);
  const input = categoryBody(c, userId, teamId, c.req.body);
  return createSidebarCategory(c.app, userId, teamId, input);
}

async function updateCategoriesForTeamForUser(c: Ctx) {
  const { userId, teamId } = target(c);
  const body = c.req.body;
  if (!Array.isArray(body) || body.some((b) => !b || typeof b !== 'object')) throw Errors.invalidBodyParam('category');
  return updateSidebarCategories(c.app, userId, teamId, body as SidebarCategoryInput[]);
}

async function updateCategoryForTeamForUser(c: Ctx) {
  const { userId, teamId } = target(c);
  const id = categoryId(c);
  await ownCategory(c, userId, teamId, id);
  const input = categoryBody(c, userId, teamId, c.req.body);
  const [updated] = await updateSidebarCategories(c.app, userId, teamId, [{ ...input, id }]);
  return updated;
}

async function updateCategoryOrderForTeamForUser(c: Ctx) {
  const { userId, teamId } = target(c);
  const body = c.req.body;
  if (!Array.isArray(body) || !body.every((x) => typeof x === 'string')) throw Errors.invalidBodyParam('category');
  return updateSidebarCategoryOrder(c.app, userId, teamId, body as string[]);
}

async function deleteCategoryForTeamForUser(c: Ctx) {
  const { userId, teamId } = target(c);
  const id = categoryId(c);
  await ownCategory(c, userId, teamId, id);
  await deleteSidebarCategory(c.app, userId, teamId, id);
  return OK;
}
