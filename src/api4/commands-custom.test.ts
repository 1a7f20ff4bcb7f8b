// Custom slash commands: CRUD with Mattermost's permissions and validation ids, execution against an HTTP server of
// the test's own (form fields, token header, in_channel / ephemeral / extra_responses / goto_location), the
// response_url, timeouts and the internal-address guard, autocomplete, and POST /posts/ephemeral.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client4 } from '@mattermost/client';
import type { Command } from '@mattermost/types/integrations';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { fails, uniq, useBasic } from '../../test/helper.ts';
import { decodeTriggerId } from '../app/integration-actions.ts';

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  form: URLSearchParams;
}

const seen: Seen[] = [];
const held: http.ServerResponse[] = [];
let server: http.Server;
let base = '';
/** What /reply answers next (JSON), set by each test. */
let nextReply: unknown = {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      seen.push({
        method: req.method ?? '',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        form: new URLSearchParams(body),
      });
      if (u.pathname === '/slow') return void held.push(res);
      if (u.pathname === '/text') return res.writeHead(200, { 'content-type': 'text/plain' }).end('plain answer');
      if (u.pathname === '/fail') return res.writeHead(503).end('down');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(nextReply));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const r of held) r.end();
  await new Promise<void>((r) => server.close(() => r()));
});

const t = useBasic((c) => {
  c.ServiceSettings.AllowedUntrustedInternalConnections = '127.0.0.1';
});

const newCommand = (client: Client4, fields: Partial<Command> = {}) =>
  client.addCommand({
    team_id: t.basic.team.id,
    trigger: uniq('cmd'),
    method: 'P',
    url: base + '/reply',
    auto_complete: true,
    auto_complete_desc: 'Does a thing',
    auto_complete_hint: '[what]',
    display_name: 'Thing',
    ...fields,
  } as Command);

const run = (client: Client4, command: string, channelId = t.basic.channel.id) =>
  client.executeCommand(command, { channel_id: channelId, team_id: t.basic.team.id } as never) as Promise<Record<string, any>>;

function fetchAs<T>(client: Client4, url: string, method: string, body?: unknown): Promise<T> {
  const c = client as unknown as { doFetch<R>(url: string, opts: { method: string; body?: string }): Promise<R> };
  return c.doFetch<T>(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
}

describe('command CRUD', () => {
  it('creates with a generated token; needs manage_own_slash_commands in the team', async () => {
    const cmd = await newCommand(t.basic.user.client, { trigger: 'Upper' + uniq(), token: 'chosen' } as Partial<Command>);
    expect(cmd.trigger).toBe(cmd.trigger.toLowerCase());
    expect(cmd.token).toMatch(/^[a-z0-9]{26}$/);
    expect(cmd).toMatchObject({ creator_id: t.basic.user.user.id, team_id: t.basic.team.id, method: 'P', delete_at: 0 });
    const f = await fails(newCommand(t.basic.user2.client));
    expect([f.status_code, f.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
  });

  it('refuses bad input with Mattermost validation ids', async () => {
    const c = t.basic.user.client;
    const cases: Array<[Partial<Command>, string]> = [
      [{ trigger: 'join' }, 'api.command.duplicate_trigger.app_error'],
      [{ trigger: 'has space' }, 'model.command.is_valid.trigger.app_error'],
      [{ trigger: '/slash' }, 'model.command.is_valid.trigger.app_error'],
      [{ trigger: 'x'.repeat(129) }, 'model.command.is_valid.trigger.app_error'],
      [{ url: '' }, 'model.command.is_valid.url.app_error'],
      [{ url: 'ftp://example.com/x' }, 'model.command.is_valid.url_http.app_error'],
      [{ url: 'http://example.com/' + 'x'.repeat(1030) }, 'model.command.is_valid.url.app_error'],
      [{ method: 'X' as 'P' }, 'model.command.is_valid.method.app_error'],
      [{ display_name: 'x'.repeat(65) }, 'model.command.is_valid.display_name.app_error'],
      [{ description: 'x'.repeat(129) }, 'model.command.is_valid.description.app_error'],
    ];
    for (const [fields, id] of cases) {
      const f = await fails(newCommand(c, fields));
      expect([f.status_code, f.server_error_id], JSON.stringify(fields).slice(0, 60)).toEqual([400, id]);
    }
    const first = await newCommand(c);
    const dup = await fails(newCommand(c, { trigger: first.trigger }));
    expect(dup.server_error_id).toBe('api.command.duplicate_trigger.app_error');
  });

  it('lists custom commands for managers only; others get the sanitized autocomplete list', async () => {
    const cmd = await newCommand(t.basic.user.client);
    const custom = await t.basic.user.client.getCustomTeamCommands(t.basic.team.id);
    expect(custom.find((c) => c.id === cmd.id)?.token).toBe(cmd.token);
    const f = await fails(t.basic.user2.client.getCustomTeamCommands(t.basic.team.id));
    expect(f.status_code).toBe(403);
    const list = await t.basic.user2.client.getCommandsList(t.basic.team.id);
    const mine = list.find((c) => c.trigger === cmd.trigger);
    expect(mine).toMatchObject({ token: '', url: '', creator_id: '' });
    expect(list.some((c) => c.trigger === 'join')).toBe(true);
    // A manager's list has every custom command (sanitized), autocompleted or not.
    const hidden = await newCommand(t.basic.user.client, { auto_complete: false });
    const all = await t.basic.user.client.getCommandsList(t.basic.team.id);
    expect(all.find((c) => c.trigger === hidden.trigger)).toMatchObject({ token: '', url: '' });
    expect((await t.basic.user2.client.getCommandsList(t.basic.team.id)).some((c) => c.trigger === hidden.trigger)).toBe(false);
    const noTeam = await fails(fetchAs(t.basic.user.client, t.basic.user.client.getCommandsRoute(), 'get'));
    expect([noTeam.status_code, noTeam.server_error_id]).toEqual([400, 'api.context.invalid_url_param.app_error']);
  });

  it('gets one command only for who may manage it (404 otherwise)', async () => {
    const cmd = await newCommand(t.basic.user.client);
    const route = `${t.basic.user.client.getCommandsRoute()}/${cmd.id}`;
    expect((await fetchAs<Command>(t.basic.user.client, route, 'get')).token).toBe(cmd.token);
    const f = await fails(fetchAs(t.basic.user2.client, route, 'get'));
    expect([f.status_code, f.server_error_id]).toEqual([404, 'store.sql_command.save.get.app_error']);
  });

  it('updates (token, creator and team kept), regenerates the token, moves and deletes', async () => {
    const c = t.basic.user.client;
    const cmd = await newCommand(c);
    const edited = await c.editCommand({ ...cmd, display_name: 'Edited', token: 'ignored', creator_id: t.basic.user2.user.id });
    expect(edited).toMatchObject({ display_name: 'Edited', token: cmd.token, creator_id: t.basic.user.user.id });
    const mismatch = await fails(c.editCommand({ ...cmd, team_id: t.basic.user2.user.id }));
    expect([mismatch.status_code, mismatch.server_error_id]).toEqual([400, 'api.command.team_mismatch.app_error']);
    const badId = await fails(fetchAs(c, `${c.getCommandsRoute()}/${cmd.id}`, 'put', { ...cmd, id: t.basic.team.id }));
    expect(badId.server_error_id).toBe('api.context.invalid_body_param.app_error');
    const stranger = await fails(t.basic.user2.client.editCommand(cmd));
    expect(stranger.status_code).toBe(403);

    const { token } = await c.regenCommandToken(cmd.id);
    expect(token).toMatch(/^[a-z0-9]{26}$/);
    expect(token).not.toBe(cmd.token);

    const team2 = await c.createTeam({ name: uniq('team'), display_name: 'Second', type: 'O' } as Team);
    expect(await fetchAs(c, `${c.getCommandsRoute()}/${cmd.id}/move`, 'put', { team_id: team2.id })).toEqual({ status: 'OK' });
    expect((await fetchAs<Command>(c, `${c.getCommandsRoute()}/${cmd.id}`, 'get')).team_id).toBe(team2.id);

    expect((await fails(t.basic.user2.client.deleteCommand(cmd.id))).status_code).toBe(403);
    expect(await c.deleteCommand(cmd.id)).toEqual({ status: 'OK' });
    expect((await fails(fetchAs(c, `${c.getCommandsRoute()}/${cmd.id}`, 'get'))).status_code).toBe(404);
  });

  it('creates for another creator with the others-permission; moving needs the creator to manage commands there', async () => {
    const c = t.basic.user.client;
    const forOther = await newCommand(c, { creator_id: t.basic.user2.user.id });
    expect(forOther.creator_id).toBe(t.basic.user2.user.id);
    const team2 = await c.createTeam({ name: uniq('team'), display_name: 'Third', type: 'O' } as Team);
    const f = await fails(fetchAs(c, `${c.getCommandsRoute()}/${forOther.id}/move`, 'put', { team_id: team2.id }));
    expect([f.status_code, f.server_error_id]).toEqual([400, 'api.command.move_command.creator_no_permission.app_error']);
    const missing = await fails(newCommand(c, { creator_id: t.basic.team.id }));
    expect(missing.status_code).toBe(404);
  });

  it('EnableCommands off: the API and execution answer 501', async () => {
    t.env.config.ServiceSettings.EnableCommands = false;
    try {
      const f = await fails(newCommand(t.basic.user.client));
      expect([f.status_code, f.server_error_id]).toEqual([501, 'api.command.disabled.app_error']);
      const e = await fails(run(t.basic.user.client, '/away'));
      expect([e.status_code, e.server_error_id]).toEqual([501, 'api.command.disabled.app_error']);
    } finally {
      t.env.config.ServiceSettings.EnableCommands = true;
    }
  });
});

describe('executing a custom command', () => {
  it('POSTs Mattermost form fields with the token header; in_channel stores a post from_webhook', async () => {
    const cmd = await newCommand(t.basic.user.client);
    const hello = `Hello <https://example.com|there> <@${t.basic.user2.user.id}>`;
    nextReply = { response_type: 'in_channel', text: hello, props: { custom: 'x' } };
    const ws = await t.env.ws(t.basic.user2.client);
    const before = seen.length;
    const r = await run(t.basic.user.client, `/${cmd.trigger} some  text @${t.basic.user2.user.username}`);
    expect(r.text).toBe(hello);
    expect(r.trigger_id).toMatch(/^[a-z0-9]{26}$/);
    const req = seen[before];
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe('Token ' + cmd.token);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const f = Object.fromEntries([...req.form.keys()].map((k) => [k, req.form.get(k)]));
    expect(f).toMatchObject({
      channel_id: t.basic.channel.id,
      channel_name: t.basic.channel.name,
      command: '/' + cmd.trigger,
      team_domain: t.basic.team.name,
      team_id: t.basic.team.id,
      text: `some  text @${t.basic.user2.user.username}`,
      token: cmd.token,
      user_id: t.basic.user.user.id,
      user_name: t.basic.user.user.username,
      user_mentions: t.basic.user2.user.username,
      user_mentions_ids: t.basic.user2.user.id,
    });
    expect(f.response_url).toMatch(new RegExp(`^${t.env.url}/hooks/commands/[a-z0-9]{26}$`));
    // The trigger id is signed by this server for the caller; the answer carries its short client id.
    expect(decodeTriggerId(t.env.server.ctx, f.trigger_id!)).toEqual({ userId: t.basic.user.user.id, clientTriggerId: r.trigger_id });
    expect(() =>
      decodeTriggerId(t.env.server.ctx, Buffer.from(`${r.trigger_id}:${t.basic.user2.user.id}:${Date.now()}:forged`).toString('base64')),
    ).toThrow();
    // The webhooks' Slack rewrite: links as Markdown, <@user_id> as @username.
    const message = `Hello [there](https://example.com) @${t.basic.user2.user.username}`;
    const posted = await ws.next('posted', (e) => JSON.parse(e.data.post).message === message);
    const post = JSON.parse(posted.data.post);
    expect(post).toMatchObject({ user_id: t.basic.user.user.id, props: { from_webhook: 'true', custom: 'x' } });
  });

  it('overrides username and icon only when the config allows; channel_id posts elsewhere only to a member', async () => {
    const cmd = await newCommand(t.basic.user.client, { username: 'stored-name' });
    const ws = await t.env.ws(t.basic.user.client);
    nextReply = { response_type: 'in_channel', text: 'no override', username: 'asked-name', icon_url: 'https://example.com/i.png' };
    await run(t.basic.user.client, `/${cmd.trigger}`);
    const plain = JSON.parse((await ws.next('posted', (e) => JSON.parse(e.data.post).message === 'no override')).data.post);
    expect(plain.props.override_username).toBeUndefined();
    expect(plain.props.override_icon_url).toBeUndefined();
    t.env.config.ServiceSettings.EnablePostUsernameOverride = true;
    t.env.config.ServiceSettings.EnablePostIconOverride = true;
    try {
      nextReply = { ...(nextReply as object), text: 'with override' };
      await run(t.basic.user.client, `/${cmd.trigger}`);
      const over = JSON.parse((await ws.next('posted', (e) => JSON.parse(e.data.post).message === 'with override')).data.post);
      // The command's stored username wins over the reply's; the reply's icon is used as the command has none.
      expect(over.props).toMatchObject({
        override_username: 'stored-name',
        override_icon_url: 'https://example.com/i.png',
        from_webhook: 'true',
      });
    } finally {
      t.env.config.ServiceSettings.EnablePostUsernameOverride = false;
      t.env.config.ServiceSettings.EnablePostIconOverride = false;
    }
    nextReply = { response_type: 'in_channel', text: 'over there', channel_id: t.basic.townSquare.id };
    await run(t.basic.user.client, `/${cmd.trigger}`);
    await ws.next(
      'posted',
      (e) => JSON.parse(e.data.post).message === 'over there' && JSON.parse(e.data.post).channel_id === t.basic.townSquare.id,
    );
    nextReply = { response_type: 'in_channel', text: 'not a member', channel_id: t.basic.privateChannel.id };
    const f = await fails(run(t.basic.user2.client, `/${cmd.trigger}`));
    expect([f.status_code, f.server_error_id]).toEqual([500, 'api.command.execute_command.create_post_failed.app_error']);
  });

  it('a GET command gets the fields in the query; a plain-text reply is an ephemeral post for the caller only', async () => {
    const cmd = await newCommand(t.basic.user.client, { method: 'G', url: base + '/text?fixed=1' });
    const wsMe = await t.env.ws(t.basic.user.client);
    const wsOther = await t.env.ws(t.basic.user2.client);
    const before = seen.length;
    await run(t.basic.user.client, `/${cmd.trigger} hi`);
    expect(seen[before]).toMatchObject({ method: 'GET', path: '/text' });
    expect(seen[before].query.get('fixed')).toBe('1');
    expect(seen[before].query.get('text')).toBe('hi');
    expect(seen[before].query.get('token')).toBe(cmd.token);
    const ev = await wsMe.next('ephemeral_message', (e) => JSON.parse(e.data.post).message === 'plain answer');
    expect(JSON.parse(ev.data.post)).toMatchObject({ type: 'system_ephemeral', channel_id: t.basic.channel.id });
    const marker = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: uniq('after') } as Post);
    await wsOther.next('posted', (e) => JSON.parse(e.data.post).id === marker.id);
    expect(wsOther.has('ephemeral_message')).toBe(false);
    const page = await t.basic.user.client.getPosts(t.basic.channel.id);
    expect(Object.values(page.posts).some((p) => p.message === 'plain answer')).toBe(false);
  });

  it('handles extra_responses and returns goto_location; ephemeral JSON stays unstored', async () => {
    const cmd = await newCommand(t.basic.user.client);
    nextReply = {
      response_type: 'ephemeral',
      text: 'only you',
      goto_location: 'https://example.com/somewhere',
      extra_responses: [{ response_type: 'in_channel', text: 'extra for all' }, { text: 'extra for you' }],
    };
    const wsMe = await t.env.ws(t.basic.user.client);
    const r = await run(t.basic.user.client, `/${cmd.trigger}`);
    expect(r.goto_location).toBe('https://example.com/somewhere');
    await wsMe.next('ephemeral_message', (e) => JSON.parse(e.data.post).message === 'only you');
    await wsMe.next('ephemeral_message', (e) => JSON.parse(e.data.post).message === 'extra for you');
    await wsMe.next('posted', (e) => JSON.parse(e.data.post).message === 'extra for all');
  });

  it('the response_url posts later replies, 5 times at most; unknown ids are 404', async () => {
    const cmd = await newCommand(t.basic.user.client);
    nextReply = {};
    const before = seen.length;
    await run(t.basic.user.client, `/${cmd.trigger}`);
    const url = seen[before].form.get('response_url')!;
    const ws = await t.env.ws(t.basic.user2.client);
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'in_channel', text: 'delayed answer' }),
    });
    expect(json.status).toBe(200);
    expect(await json.text()).toBe('ok');
    const posted = JSON.parse((await ws.next('posted', (e) => JSON.parse(e.data.post).message === 'delayed answer')).data.post);
    expect(posted).toMatchObject({ user_id: t.basic.user.user.id, channel_id: t.basic.channel.id, props: { from_webhook: 'true' } });
    for (let i = 0; i < 4; i++) expect((await fetch(url, { method: 'POST', body: 'text ' + i })).status).toBe(200);
    const sixth = await fetch(url, { method: 'POST', body: 'too many' });
    expect(sixth.status).toBe(400);
    expect(((await sixth.json()) as { id: string }).id).toBe('app.command_webhook.try_use.invalid');
    const unknown = await fetch(`${t.env.url}/hooks/commands/${t.basic.team.id}`, { method: 'POST', body: 'x' });
    expect([unknown.status, ((await unknown.json()) as { id: string }).id]).toEqual([404, 'app.command_webhook.get.missing']);
  });

  it('a non-200 answer is failed_resp; a slow one times out without holding up other users', async () => {
    const down = await newCommand(t.basic.user.client, { url: base + '/fail' });
    const f = await fails(run(t.basic.user.client, `/${down.trigger}`));
    expect([f.status_code, f.server_error_id]).toEqual([500, 'api.command.execute_command.failed_resp.app_error']);

    const slow = await newCommand(t.basic.user.client, { url: base + '/slow' });
    t.env.config.ServiceSettings.OutgoingIntegrationRequestsTimeout = 1;
    try {
      const pending = fails(run(t.basic.user.client, `/${slow.trigger}`));
      const heldBefore = held.length;
      // While the slow command waits, another user's command and post go through.
      expect((await run(t.basic.user2.client, '/online')).text).toBe('You are now online');
      await t.basic.user2.client.createPost({ channel_id: t.basic.channel.id, message: 'not blocked' } as Post);
      const err = await pending;
      expect([err.status_code, err.server_error_id]).toEqual([500, 'api.command.execute_command.failed.app_error']);
      expect(held.length).toBe(heldBefore + 1);
    } finally {
      t.env.config.ServiceSettings.OutgoingIntegrationRequestsTimeout = 30;
    }
  });

  it('a command URL on an internal address is refused unless allowed', async () => {
    const cmd = await newCommand(t.basic.user.client);
    t.env.config.ServiceSettings.AllowedUntrustedInternalConnections = '';
    try {
      const before = seen.length;
      const f = await fails(run(t.basic.user.client, `/${cmd.trigger}`));
      expect([f.status_code, f.server_error_id]).toEqual([500, 'api.command.execute_command.failed.app_error']);
      expect(seen.length).toBe(before);
    } finally {
      t.env.config.ServiceSettings.AllowedUntrustedInternalConnections = '127.0.0.1';
    }
  });
});

describe('autocomplete', () => {
  it('lists built-ins and autocompleted custom commands, sanitized; suggestions match the typed trigger', async () => {
    const shown = await newCommand(t.basic.user.client, { trigger: 'zz' + uniq() });
    const hidden = await newCommand(t.basic.user.client, { auto_complete: false });
    const list = await t.basic.user2.client.getAutocompleteCommandsList(t.basic.team.id);
    const triggers = list.map((c) => c.trigger);
    expect(triggers).toEqual(expect.arrayContaining(['join', 'leave', 'me', 'msg', 'away', shown.trigger]));
    expect(triggers).not.toContain(hidden.trigger);
    expect(triggers).toContain('echo');
    expect(triggers).toContain('invite_people');
    t.env.config.ServiceSettings.EnableEmailInvitations = false;
    try {
      const without = await t.basic.user2.client.getAutocompleteCommandsList(t.basic.team.id);
      expect(without.map((c) => c.trigger)).not.toContain('invite_people');
    } finally {
      t.env.config.ServiceSettings.EnableEmailInvitations = true;
    }
    expect(list.find((c) => c.trigger === shown.trigger)).toMatchObject({ token: '', url: '', auto_complete_desc: 'Does a thing' });

    const s = await t.basic.user2.client.getCommandAutocompleteSuggestionsList('/jo', t.basic.team.id, {} as never);
    expect(s).toEqual([{ Complete: 'join', Suggestion: 'join', Hint: '~[channel]', Description: 'Join the open channel', IconData: '' }]);
    const mine = await t.basic.user2.client.getCommandAutocompleteSuggestionsList('/' + shown.trigger, t.basic.team.id, {} as never);
    expect(mine.map((x) => x.Complete)).toEqual([shown.trigger]);
    const outsider = await t.env.newUser('nope');
    expect((await fails(outsider.client.getAutocompleteCommandsList(t.basic.team.id))).status_code).toBe(403);
  });
});

describe('POST /posts/ephemeral', () => {
  it('needs create_post_ephemeral; sends the post to that user only, unstored', async () => {
    const post = { channel_id: t.basic.channel.id, message: 'admin notice' } as Post;
    const f = await fails(t.basic.user.client.createPostEphemeral(t.basic.user2.user.id, post));
    expect([f.status_code, f.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const ws = await t.env.ws(t.basic.user2.client);
    const sent = await t.basic.admin.client.createPostEphemeral(t.basic.user2.user.id, post);
    expect(sent).toMatchObject({ type: 'system_ephemeral', message: 'admin notice', channel_id: t.basic.channel.id });
    await ws.next('ephemeral_message', (e) => JSON.parse(e.data.post).id === sent.id);
    const bad = await fails(t.basic.admin.client.createPostEphemeral('', post));
    expect(bad.server_error_id).toBe('api.context.invalid_body_param.app_error');
  });
});
