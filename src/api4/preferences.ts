// /api/v4/users/{user_id}/preferences: per-user settings, with preferences_changed / preferences_deleted events.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, route, type Ctx } from './context.ts';
import { OptStr } from './schemas.ts';

/** 1–100 preferences; Mattermost's limits: a category of 1–32 characters, a name of up to 32. */
const Preferences = Type.Array(
  Type.Object({
    user_id: OptStr(),
    category: Type.String({ minLength: 1, maxLength: 32 }),
    name: Type.String({ maxLength: 32 }),
    value: Type.Optional(Type.String()),
  }),
  { minItems: 1, maxItems: 100, param: 'preferences' },
);
type PreferenceList = Static<typeof Preferences>;

export function preferencesRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'GET', '/users/:user_id/preferences', { auth: 'session' }, getPreferences);
  route(f, app, 'PUT', '/users/:user_id/preferences', { auth: 'session', body: Preferences }, updatePreferences);
  route(f, app, 'POST', '/users/:user_id/preferences/delete', { auth: 'session', body: Preferences }, deletePreferences);
  route(f, app, 'GET', '/users/:user_id/preferences/:category', { auth: 'session' }, getPreferencesByCategory);
  route(f, app, 'GET', '/users/:user_id/preferences/:category/name/:preference_name', { auth: 'session' }, getPreferenceByCategoryAndName);
}

async function getPreferences(c: Ctx) {
  return c.app.preferences.getPreferences(c.actor, c.id('user_id'));
}

async function getPreferencesByCategory(c: Ctx) {
  return c.app.preferences.getPreferencesByCategory(c.actor, c.id('user_id'), c.param('category'));
}

async function getPreferenceByCategoryAndName(c: Ctx) {
  return c.app.preferences.getPreferenceByCategoryAndName(c.actor, c.id('user_id'), c.param('category'), c.param('preference_name'));
}

/** Every preference must name the user of the URL. */
async function updatePreferences(c: Ctx<PreferenceList>) {
  await c.app.preferences.updatePreferences(c.actor, c.id('user_id'), c.body);
  return OK;
}

async function deletePreferences(c: Ctx<PreferenceList>) {
  await c.app.preferences.deletePreferences(c.actor, c.id('user_id'), c.body);
  return OK;
}
