// /api/v4 drafts (Mattermost's api4/drafts.go): upsert, a team's drafts of the user, and deletion per channel or thread.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, route, type Ctx } from './context.ts';
import { AnyObject, OptStr } from './schemas.ts';

const NullableObject = () => Type.Optional(Type.Union([AnyObject(), Type.Null()]));
/** The draft as clients send it; its limits (message, file ids, props) are Mattermost's Draft.IsValid, in app/drafts. */
const DraftBody = Type.Object({
  channel_id: Type.String({ maxLength: 64 }),
  root_id: OptStr(),
  message: OptStr(),
  props: NullableObject(),
  file_ids: Type.Optional(Type.Union([Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 }), Type.Null()])),
  priority: NullableObject(),
});

export function draftsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/drafts', { auth: 'session', body: DraftBody }, upsertDraft);
  route(f, app, 'GET', '/users/:user_id/teams/:team_id/drafts', { auth: 'session' }, getDrafts);
  route(f, app, 'DELETE', '/users/:user_id/channels/:channel_id/drafts', { auth: 'session' }, deleteDraft);
  route(f, app, 'DELETE', '/users/:user_id/channels/:channel_id/drafts/:thread_id', { auth: 'session' }, deleteDraft);
}

/** The websocket connection the request came from (Client4's Connection-Id header): its session is not told. */
function connectionId(c: Ctx<unknown>): string {
  const h = c.req.headers['connection-id'];
  const v = Array.isArray(h) ? h[0] : h;
  return v && v !== 'undefined' ? v.slice(0, 64) : '';
}

/** 201 with the saved draft, or null when an empty message deleted it. */
async function upsertDraft(c: Ctx<Static<typeof DraftBody>>) {
  const draft = await c.app.drafts.upsertDraft(c.actor, c.body, connectionId(c));
  c.status(201);
  return draft;
}

async function getDrafts(c: Ctx) {
  return c.app.drafts.getDraftsForUser(c.actor, c.id('user_id'), c.id('team_id'));
}

async function deleteDraft(c: Ctx) {
  const rootId = c.req.params && (c.req.params as Record<string, string>).thread_id ? c.id('thread_id') : '';
  await c.app.drafts.deleteDraft(c.actor, c.id('user_id'), c.id('channel_id'), rootId, connectionId(c));
  return OK;
}
