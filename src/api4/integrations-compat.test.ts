// Third-party integration libraries, used unchanged against Parley as against a Mattermost server: `slack-notify`
// (Slack-style incoming-webhook payloads: channel, username, icon_emoji, attachments built from `fields`) and
// `mattermost-client` (a bot library: password or token login, the websocket with its authentication_challenge and
// ping, `posted` messages, posts, thread replies, edits, reactions, commands, direct channels and file uploads).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import slackNotify from 'slack-notify';
import type { Post } from '@mattermost/types/posts';
import type { ServerChannel } from '@mattermost/types/channels';
import type { Command } from '@mattermost/types/integrations';
import { uniq, useBasic } from '../../test/helper.ts';
import { startHookServer } from '../../test/hook-server.ts';

const t = useBasic((c) => {
  c.ServiceSettings.AllowedUntrustedInternalConnections = '127.0.0.1';
  c.ServiceSettings.EnablePostUsernameOverride = true;
  c.ServiceSettings.EnablePostIconOverride = true;
});

async function newest(channelId: string, n = 1): Promise<Post[]> {
  const list = await t.basic.user2.client.getPosts(channelId, 0, n);
  return list.order.slice(0, n).map((id) => list.posts[id]);
}

// ---- slack-notify: it speaks only https, so the test puts a TLS front (its own self-signed certificate) before Parley.

interface TlsFront {
  url: string;
  close(): Promise<void>;
}

async function startTlsFront(target: string): Promise<TlsFront> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  // A one-day self-signed certificate valid for 127.0.0.1.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const pem = { key: readFileSync(key), cert: readFileSync(cert) };
  rmSync(dir, { recursive: true, force: true });
  const { port } = new URL(target);
  const server = tls.createServer(pem, (sock) => {
    const up = net.connect(Number(port), '127.0.0.1');
    sock.pipe(up).pipe(sock);
    up.on('error', () => sock.destroy());
    sock.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // slack-notify calls https.request with no agent: the global agent trusts the test's certificate.
  https.globalAgent.options.ca = pem.cert;
  return {
    url: `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('slack-notify against an incoming webhook', () => {
  let front: TlsFront;
  beforeAll(async () => {
    front = await startTlsFront(t.env.url);
  });
  /** slack-notify for a new unlocked hook of user (a team admin) whose default channel is the basic channel. */
  async function notifier(name: string) {
    const hook = await t.basic.user.client.createIncomingWebhook({
      channel_id: t.basic.channel.id,
      display_name: name,
      channel_locked: false,
    });
    return slackNotify(`${front.url}/hooks/${hook.id}`);
  }
  afterAll(async () => {
    delete https.globalAgent.options.ca;
    await front?.close();
  });

  it('posts text with channel, username, icon_emoji and fields as an attachment', async () => {
    const slack = await notifier('Alerts');
    await slack.send({
      channel: t.basic.townSquare.name,
      text: 'Disk almost full <!channel>',
      username: 'disk-watch',
      icon_emoji: ':warning:',
      fields: { Host: 'db-1', Usage: '97%' },
    });
    const [p] = await newest(t.basic.townSquare.id);
    expect(p.message).toBe('Disk almost full @channel');
    expect(p.user_id).toBe(t.basic.user.user.id);
    expect(p.type).toBe('slack_attachment');
    expect(p.props).toMatchObject({
      from_webhook: 'true',
      override_username: 'disk-watch',
      override_icon_emoji: ':warning:',
      attachments: [
        {
          fallback: 'Alert details',
          fields: [
            { title: 'Host', value: 'db-1', short: true },
            { title: 'Usage', value: '97%', short: true },
          ],
        },
      ],
    });
  });

  it('takes a full Slack payload: extra Slack fields ignored, Slack markup and links rewritten, field values stringified', async () => {
    const slack = await notifier('Rich');
    await slack.send({
      text: 'Deploy by <@' + t.basic.user2.user.id + '>: <https://ci.example.com/1|build 1>',
      unfurl_links: 1,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'ignored' } }],
      icon_url: 'https://example.com/i.png',
      attachments: [
        {
          fallback: 'Build 1',
          color: '#36a64f',
          mrkdwn_in: ['text'],
          ts: 1700000000,
          text: 'See <https://ci.example.com/1/log|the log>',
          fields: [{ title: 'Duration', value: 42 as unknown as string, short: 'true' as unknown as boolean }],
        },
      ],
    } as never);
    const [p] = await newest(t.basic.channel.id);
    expect(p.message).toBe(`Deploy by @${t.basic.user2.user.username}: [build 1](https://ci.example.com/1)`);
    expect(p.props.override_icon_url).toBe('https://example.com/i.png');
    expect(p.props.override_icon_emoji).toBeUndefined();
    const [a] = p.props.attachments as Array<Record<string, any>>;
    expect(a).toMatchObject({ fallback: 'Build 1', color: '#36a64f', text: 'See [the log](https://ci.example.com/1/log)' });
    expect(a.fields).toEqual([{ title: 'Duration', value: '42', short: true }]);
  });

  it('posts to "@username": the direct channel of the hook owner and that user', async () => {
    const slack = await notifier('DM');
    await slack.send({ channel: '@' + t.basic.user2.user.username, text: 'just for you' });
    // (POST /channels/direct answers the existing channel.)
    const dm = await t.basic.user2.client.createDirectChannel([t.basic.user.user.id, t.basic.user2.user.id]);
    expect((await newest(dm.id))[0].message).toBe('just for you');
  });

  it('its presets (alert: channel #alerts) fail as Mattermost fails them when the channel does not exist', async () => {
    const slack = await notifier('Alerts');
    // slack-notify rejects with the body (parsed, being application/json) of a non-"ok" answer.
    const err = (await slack.alert('Something broke').then(
      () => undefined,
      (e: unknown) => e,
    )) as { id?: string; status_code?: number };
    expect(err).toMatchObject({ id: 'web.incoming_webhook.channel.app_error', status_code: 404 });
    // With the channel there, the preset posts (its username and emoji overrides included).
    await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: 'alerts',
      display_name: 'Alerts',
      type: 'O',
    } as ServerChannel);
    await slack.alert('Something broke');
    const alerts = await t.basic.user.client.getChannelByName(t.basic.team.id, 'alerts');
    const list = await t.basic.user.client.getPosts(alerts.id, 0, 5);
    const posted = Object.values(list.posts).find((p) => p.message === 'Something broke');
    expect(posted?.props).toMatchObject({ override_username: 'Alert', override_icon_emoji: ':warning:' });
  });
});

// ---- mattermost-client ----

type Handler = (...args: any[]) => void;
interface MMClient extends EventEmitter {
  teamID: string | null;
  self: { id: string } | null;
  channels: Record<string, ServerChannel>;
  users: Record<string, { id: string; username: string }>;
  login(login: string, password: string, mfa?: string): void;
  tokenLogin(token: string): void;
  postMessage(msg: string | { message: string; props?: object }, channelId: string): void;
  customMessage(post: Partial<Post>, channelId: string): void;
  editPost(postId: string, message: string): void;
  react(postId: string, emoji: string): void;
  unreact(postId: string, emoji: string): void;
  postCommand(channelId: string, command: string): void;
  getUserDirectMessageChannel(userId: string, cb: Handler): void;
  uploadFile(channelId: string, files: unknown, cb: Handler): void;
  dialog(triggerId: string, url: string, dialog: object): void;
  disconnect(): boolean;
}
type MMClientClass = new (host: string, team: string, opts: Record<string, unknown>) => MMClient;

describe('mattermost-client (bot library)', () => {
  let Client: MMClientClass;
  const logged: string[] = [];
  const logger = {
    info() {},
    debug() {},
    warning() {},
    error: (...a: unknown[]) => logged.push(a.map(String).join(' ')),
  };
  const bots: MMClient[] = [];

  let botUser: { user: { id: string; username: string }; password: string };

  beforeAll(async () => {
    // Read when the module loads: plain http/ws to the test server (Mattermost without TLS).
    process.env.MATTERMOST_USE_TLS = 'false';
    Client = createRequire(import.meta.url)('mattermost-client') as MMClientClass;
    botUser = await t.env.newUser('bot');
    await t.basic.user.client.addToTeam(t.basic.team.id, botUser.user.id);
    await t.basic.user.client.addToChannel(botUser.user.id, t.basic.channel.id);
  });
  afterAll(() => {
    for (const b of bots) b.disconnect();
  });

  function newBot(): MMClient {
    const port = Number(new URL(t.env.url).port);
    const bot = new Client('127.0.0.1', t.basic.team.name, {
      httpPort: port,
      wssPort: port,
      autoReconnect: false,
      logger,
      pingInterval: 1000,
    });
    bot.on('error', (e: unknown) => logged.push('error event: ' + JSON.stringify(e)));
    bots.push(bot);
    return bot;
  }

  /** The next `event` for which `match` holds. */
  function next<T>(bot: MMClient, event: string, match: (v: T) => boolean = () => true): Promise<T> {
    return new Promise((resolve) => {
      const h = (v: T) => {
        if (!match(v)) return;
        bot.off(event, h);
        resolve(v);
      };
      bot.on(event, h);
    });
  }

  /** A bot logged in with its password whose websocket said hello. */
  async function loggedInBot(): Promise<MMClient> {
    const bot = newBot();
    const hello = next(bot, 'hello');
    bot.login(botUser.user.username, botUser.password);
    await hello;
    return bot;
  }

  it('logs in with a password, loads team, channels and users, and gets hello on its websocket', async () => {
    const bot = newBot();
    const hello = next(bot, 'hello');
    const channels = next(bot, 'channelsLoaded');
    const profiles = next(bot, 'profilesLoaded');
    bot.login(botUser.user.username, botUser.password);
    const [me] = await once(bot, 'loggedIn');
    expect(me.id).toBe(botUser.user.id);
    await Promise.all([hello, channels, profiles]);
    expect(bot.teamID).toBe(t.basic.team.id);
    expect(Object.keys(bot.channels)).toContain(t.basic.channel.id);
    expect(Object.keys(bot.users)).toEqual(expect.arrayContaining([botUser.user.id, t.basic.user2.user.id]));
    // Its pinger: `ping` actions answered with data.text "pong".
    await next(bot, 'ping');
    expect(logged).toEqual([]);
  });

  it('receives a posted message, answers in the channel and in the thread, edits, reacts and unreacts', async () => {
    const bot = await loggedInBot();

    const heard = next<{ event: string; data: Record<string, string>; broadcast: { channel_id: string } }>(bot, 'message', (m) =>
      String(m.data.post).includes('hello bot'),
    );
    const text = `@${botUser.user.username} hello bot`;
    const asked = await t.basic.user2.client.createPost({ channel_id: t.basic.channel.id, message: text } as Post);
    const msg = await heard;
    expect(msg.event).toBe('posted');
    expect(msg.broadcast.channel_id).toBe(t.basic.channel.id);
    // What bots built on it read: the sender, the channel, the team and the mentions (a JSON string, as the post).
    expect(msg.data).toMatchObject({
      channel_type: 'O',
      channel_name: t.basic.channel.name,
      channel_display_name: t.basic.channel.display_name,
      sender_name: '@' + t.basic.user2.user.username,
      team_id: t.basic.team.id,
    });
    expect(JSON.parse(msg.data.mentions)).toEqual([botUser.user.id]);
    expect(JSON.parse(msg.data.post)).toMatchObject({ id: asked.id, user_id: t.basic.user2.user.id, message: text });

    bot.postMessage('hi there', t.basic.channel.id);
    await expect.poll(async () => (await newest(t.basic.channel.id))[0]?.message).toBe('hi there');
    const reply = (await newest(t.basic.channel.id))[0];
    expect(reply.user_id).toBe(botUser.user.id);

    bot.customMessage({ message: 'in the thread', root_id: asked.id }, t.basic.channel.id);
    await expect.poll(async () => (await newest(t.basic.channel.id))[0]?.message).toBe('in the thread');
    expect((await newest(t.basic.channel.id))[0].root_id).toBe(asked.id);

    bot.editPost(reply.id, 'hi there (edited)');
    await expect.poll(async () => (await t.basic.user2.client.getPost(reply.id)).message).toBe('hi there (edited)');

    bot.react(asked.id, 'thumbsup');
    await expect
      .poll(async () => (await t.basic.user2.client.getReactionsForPost(asked.id)).map((r) => [r.user_id, r.emoji_name]))
      .toEqual([[botUser.user.id, 'thumbsup']]);
    bot.unreact(asked.id, 'thumbsup');
    await expect.poll(async () => (await t.basic.user2.client.getReactionsForPost(asked.id)).length).toBe(0);
    expect(logged).toEqual([]);
  });

  it('runs a command, opens a direct channel and uploads a file', async () => {
    const bot = await loggedInBot();

    bot.postCommand(t.basic.channel.id, '/me waves');
    await expect.poll(async () => (await newest(t.basic.channel.id))[0]?.type).toBe('me');

    const dm = await new Promise<ServerChannel>((resolve) => bot.getUserDirectMessageChannel(t.basic.user2.user.id, resolve));
    expect(dm).toMatchObject({ type: 'D', name: [botUser.user.id, t.basic.user2.user.id].sort().join('__') });

    const uploaded = await new Promise<{ file_infos: Array<{ id: string; name: string; channel_id: string }> }>((resolve) =>
      bot.uploadFile(
        t.basic.channel.id,
        { value: Buffer.from('report body'), options: { filename: 'report.txt', contentType: 'text/plain' } },
        resolve,
      ),
    );
    expect(uploaded.file_infos).toHaveLength(1);
    expect(uploaded.file_infos[0]).toMatchObject({ name: 'report.txt', channel_id: t.basic.channel.id });
    expect(logged).toEqual([]);
  });

  it('learns of a new user (new_user → GET /users/{id}) and opens a dialog for a command’s trigger id', async () => {
    const bot = await loggedInBot();

    // (its paging of GET /users also ends with an empty profilesLoaded: wait for the one-user load.)
    const loaded = next<Array<{ id: string; username: string }>>(
      bot,
      'profilesLoaded',
      (l) => l.length === 1 && l[0].username.startsWith('fresh'),
    );
    const fresh = await t.env.newUser('fresh');
    expect((await loaded).map((u) => u.id)).toEqual([fresh.user.id]);
    expect(bot.users[fresh.user.id].username).toBe(fresh.user.username);

    // user2 runs a command the bot's integration answers; the bot opens a dialog with the trigger id it was given.
    const srv = await startHookServer();
    try {
      srv.respond(() => ({ body: {} }));
      const trigger = uniq('ask');
      await t.basic.user.client.addCommand({
        team_id: t.basic.team.id,
        trigger,
        method: 'P',
        url: srv.url + '/cmd',
        display_name: 'Ask',
      } as Command);
      const ws = await t.env.ws(t.basic.user2.client);
      await t.basic.user2.client.executeCommand('/' + trigger, { channel_id: t.basic.channel.id, team_id: t.basic.team.id } as never);
      const triggerId = new URLSearchParams((await srv.next('/cmd')).body).get('trigger_id')!;
      const dialog = { callback_id: 'cb', title: 'Ask', elements: [{ display_name: 'Q', name: 'q', type: 'text' }] };
      bot.dialog(triggerId, srv.url + '/submit', dialog);
      const ev = await ws.next('open_dialog');
      expect(JSON.parse(ev.data.dialog as string)).toMatchObject({ url: srv.url + '/submit', dialog });
    } finally {
      await srv.close();
    }
    expect(logged).toEqual([]);
  });

  it('setChannelHeader uses an API v3 route that no Mattermost v4 server has: 404 api.context.404.app_error, as Mattermost', async () => {
    const res = await fetch(`${t.env.url}/api/v4/users/me/teams/${t.basic.team.id}/channels/update_header`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'BEARER ' + t.basic.user.client.getToken() },
      body: JSON.stringify({ channel_id: t.basic.channel.id, channel_header: 'x' }),
    });
    expect([res.status, ((await res.json()) as { id: string }).id]).toEqual([404, 'api.context.404.app_error']);
  });

  it('logs in with a token (GET /users/me with "BEARER <token>") and authenticates its websocket with it', async () => {
    // Personal access tokens are built on another branch: a session token takes the same path through the library.
    const bot = newBot();
    const hello = next(bot, 'hello');
    bot.tokenLogin(t.basic.user2.client.getToken());
    const [me] = await once(bot, 'loggedIn');
    expect(me.id).toBe(t.basic.user2.user.id);
    await hello;
    const heard = next<{ data: { post: string } }>(bot, 'message', (m) => m.data.post.includes('for the token bot'));
    await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'for the token bot' } as Post);
    expect(JSON.parse((await heard).data.post).message).toBe('for the token bot');
    expect(logged).toEqual([]);
  });
});
