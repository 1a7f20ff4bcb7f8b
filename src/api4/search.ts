// /api/v4 post search: POST /teams/{team_id}/posts/search and POST /posts/search (every team of the user).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { route, type Ctx } from './context.ts';
import { OptBool } from './schemas.ts';

const OptInt = (minimum: number, maximum: number) => Type.Optional(Type.Union([Type.Integer({ minimum, maximum }), Type.Null()]));

/** Mattermost's SearchParameter; a body that is not an object is its own error. */
const SearchBody = Type.Object(
  {
    terms: Type.String({ pattern: '\\S' }),
    is_or_search: OptBool(),
    time_zone_offset: OptInt(-14 * 3600, 14 * 3600),
    page: OptInt(0, 10_000),
    per_page: OptInt(0, 200),
    include_deleted_channels: OptBool(),
  },
  { errorId: 'api.post.search_posts.invalid_body.app_error' },
);

export function searchRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/teams/:team_id/posts/search', { auth: 'session', body: SearchBody }, searchPostsInTeam);
  route(f, app, 'POST', '/posts/search', { auth: 'session', body: SearchBody }, searchPostsInAllTeams);
}

/** Results are never cached by the browser (Mattermost's header). */
const NO_CACHE = 'no-cache, no-store, must-revalidate';

async function searchPostsInTeam(c: Ctx<Static<typeof SearchBody>>) {
  c.reply.header('cache-control', NO_CACHE);
  return c.app.search.searchPostsInTeam(c.actor, c.id('team_id'), c.body);
}

async function searchPostsInAllTeams(c: Ctx<Static<typeof SearchBody>>) {
  c.reply.header('cache-control', NO_CACHE);
  return c.app.search.searchPostsInAllTeams(c.actor, c.body);
}
