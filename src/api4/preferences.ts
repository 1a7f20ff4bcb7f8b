// /api/v4/users/{user_id}/preferences: per-user settings, with preferences_changed / preferences_deleted events.
import type { FastifyInstance } from 'fastify';
import { Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Preference } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireSystemPermission } from '../app/authz.ts';
import { OK, legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function preferencesRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/preferences', 'session', getPreferences);
  legacyRoute(f, app, ctx, 'PUT', '/users/:user_id/preferences', 'session', updatePreferences);
  legacyRoute(f, app, ctx, 'POST', '/users/:user_id/preferences/delete', 'session', deletePreferences);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/preferences/:category', 'session', getPreferencesByCategory);
  legacyRoute(f, app, ctx, 'GET', '/users/:user_id/preferences/:category/name/:preference_name', 'session', getPreference);
}

function ownUser(c: Ctx): string {
  const userId = c.id('user_id');
  if (userId !== c.session.user_id) requireSystemPermission(c.app, c.actor, Permissions.EDIT_OTHER_USERS, 'preferences');
  return userId;
}

function preferenceList(c: Ctx, userId: string): Preference[] {
  const body = c.req.body;
  if (!Array.isArray(body) || body.length === 0 || body.length > 100) throw Errors.invalidBodyParam('preferences');
  return body.map((p) => {
    if (!p || typeof p !== 'object') throw Errors.invalidBodyParam('preferences');
    const { user_id, category, name, value } = p as Record<string, unknown>;
    if (user_id !== userId) throw Errors.forbidden('updatePreferences', c.session.user_id, Permissions.EDIT_OTHER_USERS);
    if (typeof category !== 'string' || !category || category.length > 32) throw Errors.invalidBodyParam('category');
    if (typeof name !== 'string' || name.length > 32) throw Errors.invalidBodyParam('name');
    if (value !== undefined && typeof value !== 'string') throw Errors.invalidBodyParam('value');
    return { user_id: userId, category, name, value: (value as string) ?? '' };
  });
}

async function getPreferences(c: Ctx) {
  return c.app.store.preferences.list(ownUser(c));
}

async function getPreferencesByCategory(c: Ctx) {
  return c.app.store.preferences.list(ownUser(c), c.param('category'));
}

async function getPreference(c: Ctx) {
  const userId = ownUser(c);
  const [p] = await c.app.store.preferences.list(userId, c.param('category'), c.param('preference_name'));
  if (!p) throw Errors.notFoundRoute(c.req.url);
  return p;
}

async function updatePreferences(c: Ctx) {
  const userId = ownUser(c);
  const prefs = preferenceList(c, userId);
  await c.app.store.tx((t) => t.preferences.save(prefs));
  c.app.events.publish(wsEvent(WsEvents.PreferencesChanged, { preferences: JSON.stringify(prefs) }, { userId }));
  return OK;
}

async function deletePreferences(c: Ctx) {
  const userId = ownUser(c);
  const prefs = preferenceList(c, userId);
  await c.app.store.tx((t) => t.preferences.remove(prefs));
  c.app.events.publish(wsEvent(WsEvents.PreferencesDeleted, { preferences: JSON.stringify(prefs) }, { userId }));
  return OK;
}
