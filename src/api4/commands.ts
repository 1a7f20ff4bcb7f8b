// /api/v4 slash commands: custom command CRUD, execution, autocomplete, and ephemeral posts (POST /posts/ephemeral).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { App } from '../app/index.ts';
import { CommandLimits, commandResponseForClient } from '../model/command.ts';
import { flag, OK, route, type Ctx } from './context.ts';
import { AnyObject, OptBool, OptStr, Q } from './schemas.ts';

/** Strings are bounded here only loosely: the app answers Mattermost's validation ids for the real limits. */
const S = (max = 4096) => OptStr({ maxLength: max });

const CommandBody = Type.Object({
  id: S(64),
  team_id: S(64),
  creator_id: S(64),
  trigger: S(1024),
  method: S(16),
  username: S(),
  icon_url: S(),
  auto_complete: OptBool(),
  auto_complete_desc: S(),
  auto_complete_hint: S(),
  display_name: S(),
  description: S(),
  url: S(),
});
const ListQuery = Type.Object({ team_id: Q(), custom_only: Q() });
const MoveBody = Type.Object({ team_id: S(64) });
const ExecuteBody = Type.Object({
  channel_id: S(64),
  team_id: S(64),
  root_id: S(64),
  parent_id: S(64),
  command: OptStr({ maxLength: CommandLimits.maxCommand }),
});
const SuggestionsQuery = Type.Object({ user_input: Q(), channel_id: Q(), root_id: Q() });
const EphemeralBody = Type.Object({
  user_id: S(64),
  post: Type.Optional(
    Type.Union([
      Type.Object({
        channel_id: S(64),
        message: OptStr({ maxLength: 65536 }),
        root_id: S(64),
        props: Type.Optional(Type.Union([AnyObject(), Type.Null()])),
      }),
      Type.Null(),
    ]),
  ),
});

export function commandsRoutes(f: FastifyInstance, app: App): void {
  route(f, app, 'POST', '/commands', { auth: 'session', body: CommandBody }, createCommand);
  route(f, app, 'GET', '/commands', { auth: 'session', query: ListQuery }, listCommands);
  route(f, app, 'POST', '/commands/execute', { auth: 'session', body: ExecuteBody }, executeCommand);
  route(f, app, 'GET', '/commands/:command_id', { auth: 'session' }, getCommand);
  route(f, app, 'PUT', '/commands/:command_id', { auth: 'session', body: CommandBody }, updateCommand);
  route(f, app, 'PUT', '/commands/:command_id/move', { auth: 'session', body: MoveBody }, moveCommand);
  route(f, app, 'PUT', '/commands/:command_id/regen_token', { auth: 'session' }, regenCommandToken);
  route(f, app, 'DELETE', '/commands/:command_id', { auth: 'session' }, deleteCommand);
  route(f, app, 'GET', '/teams/:team_id/commands/autocomplete', { auth: 'session' }, listAutocompleteCommands);
  route(
    f,
    app,
    'GET',
    '/teams/:team_id/commands/autocomplete_suggestions',
    { auth: 'session', query: SuggestionsQuery },
    listCommandAutocompleteSuggestions,
  );
  route(f, app, 'POST', '/posts/ephemeral', { auth: 'session', body: EphemeralBody }, createEphemeralPost);
}

async function createCommand(c: Ctx<Static<typeof CommandBody>>) {
  const cmd = await c.app.commands.createCommand(c.actor, c.body);
  c.status(201);
  return cmd;
}

async function listCommands(c: Ctx<undefined, Static<typeof ListQuery>>) {
  return c.app.commands.listCommands(c.actor, c.query.team_id ?? '', flag(c.query.custom_only));
}

async function getCommand(c: Ctx) {
  return c.app.commands.getCommand(c.actor, c.id('command_id'));
}

async function updateCommand(c: Ctx<Static<typeof CommandBody>>) {
  return c.app.commands.updateCommand(c.actor, c.id('command_id'), c.body);
}

async function moveCommand(c: Ctx<Static<typeof MoveBody>>) {
  await c.app.commands.moveCommand(c.actor, c.id('command_id'), c.body.team_id ?? '');
  return OK;
}

async function regenCommandToken(c: Ctx) {
  return c.app.commands.regenCommandToken(c.actor, c.id('command_id'));
}

async function deleteCommand(c: Ctx) {
  await c.app.commands.deleteCommand(c.actor, c.id('command_id'));
  return OK;
}

async function executeCommand(c: Ctx<Static<typeof ExecuteBody>>) {
  return commandResponseForClient(await c.app.commandExecute.executeCommand(c.actor, c.body));
}

async function listAutocompleteCommands(c: Ctx) {
  return c.app.commands.listTeamAutocompleteCommands(c.actor, c.id('team_id'));
}

async function listCommandAutocompleteSuggestions(c: Ctx<undefined, Static<typeof SuggestionsQuery>>) {
  return c.app.commands.getAutocompleteSuggestions(c.actor, c.id('team_id'), c.query.user_input ?? '');
}

async function createEphemeralPost(c: Ctx<Static<typeof EphemeralBody>>) {
  const post = c.app.ephemeral.createEphemeralPost(c.actor, c.body);
  c.status(201);
  return post;
}
