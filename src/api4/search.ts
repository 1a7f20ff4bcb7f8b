// /api/v4 post search: POST /teams/{team_id}/posts/search and POST /posts/search (every team of the user).
import type { FastifyInstance } from 'fastify';
import { appError, Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { App } from '../app/index.ts';
import { legacyContext } from '../app/index.ts';
import { requireTeamPermission } from '../app/authz.ts';
import { searchPostsForUser, type SearchRequest } from '../app/search.ts';
import { legacyRoute, type LegacyCtx as Ctx } from './context.ts';

export function searchRoutes(f: FastifyInstance, app: App): void {
  const ctx = legacyContext(app);
  legacyRoute(f, app, ctx, 'POST', '/teams/:team_id/posts/search', 'session', searchPostsInTeam);
  legacyRoute(f, app, ctx, 'POST', '/posts/search', 'session', searchPostsInAllTeams);
}

/** Mattermost's SearchParameter body: terms (required), is_or_search, time_zone_offset, page, per_page, include_deleted_channels. */
function searchRequest(c: Ctx): SearchRequest {
  const b = c.req.body;
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw appError('api.post.search_posts.invalid_body.app_error', 'searchPosts');
  const body = b as Record<string, unknown>;
  if (typeof body.terms !== 'string' || !body.terms.trim()) throw Errors.invalidBodyParam('terms');
  const int = (name: string, dflt: number, min: number, max: number): number => {
    const v = body[name];
    if (v === undefined || v === null) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw Errors.invalidBodyParam(name);
    return v;
  };
  const bool = (name: string): boolean => {
    const v = body[name];
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') throw Errors.invalidBodyParam(name);
    return v;
  };
  return {
    terms: body.terms,
    isOrSearch: bool('is_or_search'),
    timeZoneOffset: int('time_zone_offset', 0, -14 * 3600, 14 * 3600),
    // Archived channels are searchable only where the server lets users view them.
    includeDeletedChannels: bool('include_deleted_channels') && c.app.config().TeamSettings.ExperimentalViewArchivedChannels,
    page: int('page', 0, 0, 10_000),
    perPage: int('per_page', 60, 0, 200),
  };
}

async function searchPostsInTeam(c: Ctx) {
  const teamId = c.id('team_id');
  await requireTeamPermission(c.app, c.actor, teamId, Permissions.VIEW_TEAM, 'searchPostsInTeam');
  const req = searchRequest(c);
  c.reply.header('cache-control', 'no-cache, no-store, must-revalidate');
  return searchPostsForUser(c.app, c.session.user_id, teamId, req);
}

async function searchPostsInAllTeams(c: Ctx) {
  const req = searchRequest(c);
  c.reply.header('cache-control', 'no-cache, no-store, must-revalidate');
  return searchPostsForUser(c.app, c.session.user_id, '', req);
}
