// /api/v4 interactive messages and dialogs (Mattermost's api4/integration_action.go): a click on a post's action,
// opening a dialog with a trigger id, and submitting one.
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { OK, route, type Ctx } from './context.ts';
import { AnyObject, Id, OptBool, OptStr } from './schemas.ts';

const PostActionBody = Type.Object({ selected_option: OptStr(), cookie: OptStr() });
const OpenDialogBody = Type.Object({ trigger_id: Type.String({ minLength: 1 }), url: OptStr(), dialog: Type.Optional(AnyObject()) });
const SubmitDialogBody = Type.Object({
  url: OptStr(),
  callback_id: OptStr(),
  state: OptStr(),
  channel_id: Id(),
  team_id: OptStr(),
  submission: Type.Optional(Type.Union([AnyObject(), Type.Null()])),
  cancelled: OptBool(),
});

export function integrationActionsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/posts/:post_id/actions/:action_id', { auth: 'session', body: PostActionBody }, doPostAction);
  route(f, app, 'POST', '/actions/dialogs/open', { auth: 'none', body: OpenDialogBody }, openDialog);
  route(f, app, 'POST', '/actions/dialogs/submit', { auth: 'session', body: SubmitDialogBody }, submitDialog);
}

/** Body `{selected_option?, cookie?}` (the cookie of an ephemeral post's action); answers `{status, trigger_id}`. */
async function doPostAction(c: Ctx<Static<typeof PostActionBody>>) {
  const b = c.body;
  return c.app.integrationActions.doPostAction(c.actor, c.id('post_id'), c.param('action_id'), b?.selected_option ?? '', b?.cookie ?? '');
}

async function openDialog(c: Ctx<Static<typeof OpenDialogBody>>) {
  c.app.integrationActions.openInteractiveDialog({ trigger_id: c.body.trigger_id, url: c.body.url ?? '', dialog: c.body.dialog ?? {} });
  return OK;
}

async function submitDialog(c: Ctx<Static<typeof SubmitDialogBody>>) {
  const b = c.body;
  return c.app.integrationActions.submitInteractiveDialog(c.actor, {
    url: b.url ?? '',
    callback_id: b.callback_id ?? '',
    state: b.state ?? '',
    channel_id: b.channel_id,
    team_id: b.team_id ?? '',
    submission: b.submission ?? {},
    cancelled: !!b.cancelled,
  });
}
