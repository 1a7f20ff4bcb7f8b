// Outgoing webhooks: CRUD with Mattermost's ids, and firing — the callbacks received by the test's own HTTP servers
// (form and JSON bodies with exactly Mattermost's fields), their replies posted, slow and internal callbacks refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingWebhook } from '@mattermost/types/integrations';
import type { Post } from '@mattermost/types/posts';
import { fails, useBasic, type WsRecorder } from '../../test/helper.ts';
import { startHookServer, type HookServer } from '../../test/hook-server.ts';

const t = useBasic((c) => {
  c.ServiceSettings.AllowedUntrustedInternalConnections = '127.0.0.1';
});

let srv: HookServer;
/** A server on another loopback address, which the allow list does not name. */
let internal: HookServer;
let ws: WsRecorder;
beforeAll(async () => {
  srv = await startHookServer();
  internal = await startHookServer('127.0.0.2');
  ws = await t.env.ws(t.basic.user2.client);
});
afterAll(async () => {
  ws.close();
  await srv.close();
  await internal.close();
});

const FIELDS = [
  'channel_id',
  'channel_name',
  'file_ids',
  'post_id',
  'team_domain',
  'team_id',
  'text',
  'timestamp',
  'token',
  'trigger_word',
  'user_id',
  'user_name',
];

function newHook(patch: Partial<OutgoingWebhook>): Promise<OutgoingWebhook> {
  return t.basic.user.client.createOutgoingWebhook({
    team_id: t.basic.team.id,
    display_name: 'Out',
    trigger_words: [],
    callback_urls: [srv.url + '/default'],
    ...patch,
  } as OutgoingWebhook);
}

const say = (message: string, channelId = t.basic.channel.id) =>
  t.basic.user2.client.createPost({ channel_id: channelId, message } as Post);

/** The next post (seen by user2's socket) matching `pred`. */
async function posted(pred: (p: Post) => boolean): Promise<Post> {
  const ev = await ws.next('posted', (e) => pred(JSON.parse(e.data.post)));
  return JSON.parse(ev.data.post) as Post;
}

describe('outgoing webhook CRUD', () => {
  it('creates, reads, lists, updates, regenerates the token and deletes', async () => {
    const hook = await newHook({ trigger_words: ['crud'], callback_urls: [srv.url + '/crud'] });
    expect(hook).toMatchObject({ team_id: t.basic.team.id, creator_id: t.basic.user.user.id, trigger_when: 0, content_type: '' });
    expect(hook.token).toMatch(/^[a-z0-9]{26}$/);
    expect(await t.basic.user.client.getOutgoingWebhook(hook.id)).toEqual(hook);
    expect((await t.basic.user.client.getOutgoingWebhooks('', t.basic.team.id)).map((h) => h.id)).toContain(hook.id);
    const regen = await t.basic.user.client.regenOutgoingHookToken(hook.id);
    expect(regen.token).not.toBe(hook.token);
    const updated = await t.basic.user.client.updateOutgoingWebhook({ ...regen, trigger_words: ['crud2'], display_name: 'Renamed' });
    expect(updated).toMatchObject({ id: hook.id, token: regen.token, trigger_words: ['crud2'], display_name: 'Renamed' });
    expect(await t.basic.user.client.removeOutgoingWebhook(hook.id)).toEqual({ status: 'OK' });
    const gone = await fails(t.basic.user.client.getOutgoingWebhook(hook.id));
    expect([gone.status_code, gone.server_error_id]).toEqual([404, 'app.webhooks.get_outgoing.app_error']);
  });

  it('refuses users without the permission and bad hooks with Mattermost ids', async () => {
    const denied = await fails(
      t.basic.user2.client.createOutgoingWebhook({
        team_id: t.basic.team.id,
        trigger_words: ['x'],
        callback_urls: [srv.url],
      } as OutgoingWebhook),
    );
    expect([denied.status_code, denied.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const url = await fails(newHook({ trigger_words: ['x'], callback_urls: ['ftp://nope'] }));
    expect([url.status_code, url.server_error_id]).toEqual([400, 'model.outgoing_hook.is_valid.url.app_error']);
    const none = await fails(newHook({ callback_urls: [srv.url] }));
    expect([none.status_code, none.server_error_id]).toEqual([400, 'api.webhook.create_outgoing.triggers.app_error']);
    const priv = await fails(newHook({ channel_id: t.basic.privateChannel.id }));
    expect([priv.status_code, priv.server_error_id]).toEqual([403, 'api.outgoing_webhook.disabled.app_error']);
    const tooMany = await fails(newHook({ trigger_words: Array.from({ length: 300 }, (_, i) => 'word' + i) }));
    expect([tooMany.status_code, tooMany.server_error_id]).toEqual([400, 'model.outgoing_hook.is_valid.words.app_error']);
    await newHook({ trigger_words: ['same'], callback_urls: [srv.url + '/same'] });
    const clash = await fails(newHook({ trigger_words: ['same'], callback_urls: [srv.url + '/same'] }));
    expect([clash.status_code, clash.server_error_id]).toEqual([500, 'api.webhook.create_outgoing.intersect.app_error']);
    t.env.config.ServiceSettings.EnableOutgoingWebhooks = false;
    try {
      const off = await fails(t.basic.user.client.getOutgoingWebhooks('', t.basic.team.id));
      expect([off.status_code, off.server_error_id]).toEqual([501, 'api.outgoing_webhook.disabled.app_error']);
    } finally {
      t.env.config.ServiceSettings.EnableOutgoingWebhooks = true;
    }
  });
});

describe('firing', () => {
  it('posts a form callback with exactly Mattermost’s fields and posts its comment reply in the thread', async () => {
    const hook = await newHook({ trigger_words: ['build'], callback_urls: [srv.url + '/form'] });
    srv.respond((r) => (r.url === '/form' ? { body: { text: 'built!', response_type: 'comment' } } : undefined));
    const trigger = await say('build the thing');
    const req = await srv.next('/form');
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.headers.accept).toBe('application/json');
    const form = Object.fromEntries(new URLSearchParams(req.body));
    expect(Object.keys(form).sort()).toEqual(FIELDS);
    expect(form).toEqual({
      token: hook.token,
      team_id: t.basic.team.id,
      team_domain: t.basic.team.name,
      channel_id: t.basic.channel.id,
      channel_name: t.basic.channel.name,
      timestamp: String(Math.floor(trigger.create_at / 1000)),
      user_id: t.basic.user2.user.id,
      user_name: t.basic.user2.user.username,
      post_id: trigger.id,
      text: 'build the thing',
      trigger_word: 'build',
      file_ids: '',
    });
    const reply = await posted((p) => p.message === 'built!');
    expect(reply).toMatchObject({ root_id: trigger.id, user_id: t.basic.user.user.id, channel_id: t.basic.channel.id });
    expect(reply.props).toMatchObject({ from_webhook: 'true', webhook_display_name: 'Out' });
  });

  it('sends JSON (timestamp in ms) to a channel-bound starts-with hook and posts a root reply with props', async () => {
    await newHook({
      trigger_words: ['dep'],
      trigger_when: 1,
      channel_id: t.basic.channel.id,
      content_type: 'application/json',
      callback_urls: [srv.url + '/json'],
    });
    srv.respond((r) => (r.url === '/json' ? { body: { text: 'json reply', props: { build: 7 } } } : undefined));
    const trigger = await say('deploying now');
    const req = await srv.next('/json');
    expect(req.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req.body);
    expect(Object.keys(body).sort()).toEqual(FIELDS);
    expect(body).toMatchObject({ timestamp: trigger.create_at, trigger_word: 'dep', post_id: trigger.id, text: 'deploying now' });
    const reply = await posted((p) => p.message === 'json reply');
    expect(reply.root_id).toBe('');
    expect(reply.props).toMatchObject({ build: 7, from_webhook: 'true' });
    // Trigger words match the first word only; exact hooks do not fire on a prefix.
    await say('rebuild');
    await say('build-ish');
  });

  it('gives up on a slow callback without a post and without holding the sender', async () => {
    t.env.config.ServiceSettings.OutgoingIntegrationRequestsTimeout = 1;
    try {
      await newHook({ trigger_words: ['slow'], callback_urls: [srv.url + '/slow'] });
      srv.respond((r) => (r.url === '/slow' ? { body: { text: 'too late' }, delayMs: 4000 } : undefined));
      await say('slow please');
      const req = await srv.next('/slow');
      expect(await req.aborted).toBe(true);
    } finally {
      t.env.config.ServiceSettings.OutgoingIntegrationRequestsTimeout = 30;
    }
    // A later round trip completes; the slow reply never became a post.
    await newHook({ trigger_words: ['marker'], callback_urls: [srv.url + '/marker'] });
    srv.respond((r) => (r.url === '/marker' ? { body: { text: 'marker reply' } } : undefined));
    await say('marker');
    await posted((p) => p.message === 'marker reply');
    expect(ws.has('posted', (e) => JSON.parse(e.data.post).message === 'too late')).toBe(false);
  });

  it('refuses a callback to an internal address the allow list does not name', async () => {
    await newHook({ trigger_words: ['inside'], callback_urls: [internal.url + '/inside', srv.url + '/outside'] });
    srv.respond((r) => (r.url === '/outside' ? { body: { text: 'outside reply' } } : undefined));
    await say('inside job');
    await posted((p) => p.message === 'outside reply');
    expect(internal.received).toHaveLength(0);
  });

  it('does not fire for webhook posts or in private channels', async () => {
    await newHook({ trigger_words: ['echo'], callback_urls: [srv.url + '/echo'] });
    srv.respond((r) => (r.url === '/echo' ? { body: { text: 'echo again' } } : undefined));
    await t.basic.user.client.createPost({ channel_id: t.basic.privateChannel.id, message: 'echo private' } as Post);
    await say('echo public');
    await posted((p) => p.message === 'echo again');
    // The reply itself starts with the trigger word, yet (from a webhook) it fires nothing: one request only.
    await newHook({ trigger_words: ['fin'], callback_urls: [srv.url + '/fin'] });
    srv.respond((r) =>
      r.url === '/fin' ? { body: { text: 'fin reply' } } : r.url === '/echo' ? { body: { text: 'echo again' } } : undefined,
    );
    await say('fin');
    await posted((p) => p.message === 'fin reply');
    expect(srv.received.filter((r) => r.url === '/echo')).toHaveLength(1);
    // 'rebuild' and 'build-ish' (earlier) did not fire the exact-match 'build' hook.
    expect(srv.received.filter((r) => r.url === '/form')).toHaveLength(1);
  });
});
