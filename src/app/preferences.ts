// Per-user preferences (display settings, favourites, themes …): read, saved and deleted by the user (or an admin with
// edit_other_users), each change announced to that user only as preferences_changed / preferences_deleted.
import { Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Preference } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { requireSelfOr } from './authz.ts';
import type { AppContext } from './context.ts';
import { validateQuietHoursPreference } from './notifications/quiet-hours.ts';

/** A preference as a client sends it; every one must name the user of the URL. */
export interface PreferenceInput {
  user_id?: string | null;
  category: string;
  name: string;
  value?: string;
}

function requireOwn(ctx: AppContext, actor: Actor, userId: string): void {
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'preferences');
}

/** The list to write, each naming `userId` (a preference smuggled in for someone else is refused). */
function preferencesOf(actor: Actor, userId: string, input: PreferenceInput[]): Preference[] {
  return input.map((p) => {
    if (p.user_id !== userId) throw Errors.forbidden('updatePreferences', actor.userId, Permissions.EDIT_OTHER_USERS);
    validateQuietHoursPreference(p);
    return { user_id: userId, category: p.category, name: p.name, value: p.value ?? '' };
  });
}

export async function getPreferences(ctx: AppContext, actor: Actor, userId: string): Promise<Preference[]> {
  requireOwn(ctx, actor, userId);
  return ctx.store.preferences.list(userId);
}

export async function getPreferencesByCategory(ctx: AppContext, actor: Actor, userId: string, category: string): Promise<Preference[]> {
  requireOwn(ctx, actor, userId);
  return ctx.store.preferences.list(userId, category);
}

/** One preference; one that is not set is a 404 (the route's own, as Parley has always answered). */
export async function getPreferenceByCategoryAndName(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  category: string,
  name: string,
): Promise<Preference> {
  requireOwn(ctx, actor, userId);
  const [p] = await ctx.store.preferences.list(userId, category, name);
  if (!p) throw Errors.notFoundRoute(`/api/v4/users/${userId}/preferences/${category}/name/${name}`);
  return p;
}

export async function updatePreferences(ctx: AppContext, actor: Actor, userId: string, input: PreferenceInput[]): Promise<void> {
  requireOwn(ctx, actor, userId);
  const prefs = preferencesOf(actor, userId, input);
  await ctx.store.tx((t) => t.preferences.save(prefs));
  ctx.events.publish(wsEvent(WsEvents.PreferencesChanged, { preferences: JSON.stringify(prefs) }, { userId }));
}

export async function deletePreferences(ctx: AppContext, actor: Actor, userId: string, input: PreferenceInput[]): Promise<void> {
  requireOwn(ctx, actor, userId);
  const prefs = preferencesOf(actor, userId, input);
  await ctx.store.tx((t) => t.preferences.remove(prefs));
  ctx.events.publish(wsEvent(WsEvents.PreferencesDeleted, { preferences: JSON.stringify(prefs) }, { userId }));
}
