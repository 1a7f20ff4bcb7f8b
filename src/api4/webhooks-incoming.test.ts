// Incoming webhooks: CRUD through Client4 with Mattermost's permissions and ids, and POST /hooks/{id} from Slack's
// own client library (@slack/webhook), a curl-like `payload=` form and multipart, read back by a second user.
import { describe, expect, it } from 'vitest';
import { IncomingWebhook as SlackWebhook } from '@slack/webhook';
import type { IncomingWebhook } from '@mattermost/types/integrations';
import type { Post } from '@mattermost/types/posts';
import { fails, useBasic } from '../../test/helper.ts';

const t = useBasic();

const svc = () => t.env.config.ServiceSettings;
const hookUrl = (id: string) => `${t.env.url}/hooks/${id}`;

async function newHook(patch: Partial<IncomingWebhook> = {}): Promise<IncomingWebhook> {
  return t.basic.user.client.createIncomingWebhook({ channel_id: t.basic.channel.id, display_name: 'CI', ...patch });
}

/** The newest posts of a channel as user2 (a plain member) reads them. */
async function latest(channelId: string, n = 1, reader = t.basic.user2.client): Promise<Post[]> {
  const list = await reader.getPosts(channelId, 0, n);
  return list.order.slice(0, n).map((id) => list.posts[id]);
}

async function post(id: string, body: string, contentType = 'application/json') {
  const res = await fetch(hookUrl(id), { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('incoming webhook CRUD', () => {
  it('creates, reads, lists, updates and deletes a hook (team admin)', async () => {
    const hook = await newHook({ description: 'builds' });
    expect(hook).toMatchObject({
      channel_id: t.basic.channel.id,
      team_id: t.basic.team.id,
      user_id: t.basic.user.user.id,
      display_name: 'CI',
      description: 'builds',
      delete_at: 0,
      username: '',
      icon_url: '',
    });
    expect(hook.id).toMatch(/^[a-z0-9]{26}$/);
    expect(await t.basic.user.client.getIncomingWebhook(hook.id)).toEqual(hook);
    const list = (await t.basic.user.client.getIncomingWebhooks(t.basic.team.id, 0, 100)) as IncomingWebhook[];
    expect(list.map((h) => h.id)).toContain(hook.id);
    const counted = (await t.basic.user.client.getIncomingWebhooks(t.basic.team.id, 0, 1, true)) as unknown as {
      incoming_webhooks: IncomingWebhook[];
      total_count: number;
    };
    expect(counted.incoming_webhooks).toHaveLength(1);
    expect(counted.total_count).toBeGreaterThanOrEqual(1);
    const updated = await t.basic.user.client.updateIncomingWebhook({ ...hook, display_name: 'CI 2', channel_id: t.basic.townSquare.id });
    expect(updated).toMatchObject({ id: hook.id, display_name: 'CI 2', channel_id: t.basic.townSquare.id, create_at: hook.create_at });
    expect(await t.basic.user.client.removeIncomingWebhook(hook.id)).toEqual({ status: 'OK' });
    const gone = await fails(t.basic.user.client.getIncomingWebhook(hook.id));
    expect([gone.status_code, gone.server_error_id]).toEqual([404, 'app.webhooks.get_incoming.app_error']);
  });

  it('refuses a user without manage_own_incoming_webhooks', async () => {
    const e = await fails(t.basic.user2.client.createIncomingWebhook({ channel_id: t.basic.channel.id }));
    expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const l = await fails(t.basic.user2.client.getIncomingWebhooks(t.basic.team.id));
    expect(l.status_code).toBe(403);
  });

  it('refuses bad input with Mattermost ids', async () => {
    const c = t.basic.user.client;
    const long = await fails(newHook({ display_name: 'x'.repeat(65) }));
    expect([long.status_code, long.server_error_id]).toEqual([400, 'model.incoming_hook.display_name.app_error']);
    const desc = await fails(newHook({ description: 'x'.repeat(501) }));
    expect(desc.server_error_id).toBe('model.incoming_hook.description.app_error');
    const noChannel = await fails(c.createIncomingWebhook({ channel_id: '' }));
    expect([noChannel.status_code, noChannel.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    const hook = await newHook();
    const mismatch = await fetch(`${t.env.url}/api/v4/hooks/incoming/${hook.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${c.getToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...hook, id: t.basic.channel.id }),
    });
    expect([mismatch.status, ((await mismatch.json()) as { id: string }).id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    const team = await fails(c.updateIncomingWebhook({ ...hook, team_id: t.basic.channel.id }));
    expect([team.status_code, team.server_error_id]).toEqual([400, 'api.webhook.team_mismatch.app_error']);
    const badId = await fails(c.getIncomingWebhook('nope'));
    expect([badId.status_code, badId.server_error_id]).toEqual([400, 'api.context.invalid_url_param.app_error']);
  });

  it('answers 501 when incoming webhooks are disabled, and reports the flag truthfully', async () => {
    const hook = await newHook();
    svc().EnableIncomingWebhooks = false;
    try {
      const e = await fails(newHook());
      expect([e.status_code, e.server_error_id]).toEqual([501, 'api.incoming_webhook.disabled.app_error']);
      const p = await post(hook.id, JSON.stringify({ text: 'hi' }));
      expect(p.status).toBe(501);
      expect(JSON.parse(p.text).id).toBe('web.incoming_webhook.disabled.app_error');
      expect((await t.basic.user.client.getClientConfig()).EnableIncomingWebhooks).toBe('false');
    } finally {
      svc().EnableIncomingWebhooks = true;
    }
    expect((await t.basic.user.client.getClientConfig()).EnableIncomingWebhooks).toBe('true');
  });

  it("with the own-permission only: another user's hook and an unreadable channel are refused", async () => {
    const admin = t.basic.admin.client;
    const role = await admin.getRoleByName('team_user');
    await admin.patchRole(role.id, { permissions: [...role.permissions, 'manage_own_incoming_webhooks'] });
    try {
      const theirs = await newHook();
      const own = await t.basic.user2.client.createIncomingWebhook({ channel_id: t.basic.channel.id });
      expect(own.user_id).toBe(t.basic.user2.user.id);
      // Without the bypass permission the hook is locked to its channel.
      expect(own.channel_locked).toBe(true);
      const other = await fails(t.basic.user2.client.getIncomingWebhook(theirs.id));
      expect([other.status_code, other.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
      const del = await fails(t.basic.user2.client.removeIncomingWebhook(theirs.id));
      expect(del.status_code).toBe(403);
      const priv = await fails(t.basic.user2.client.createIncomingWebhook({ channel_id: t.basic.privateChannel.id }));
      expect([priv.status_code, priv.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
      const asOther = await fails(
        t.basic.user2.client.createIncomingWebhook({ channel_id: t.basic.channel.id, user_id: t.basic.user.user.id }),
      );
      expect(asOther.status_code).toBe(403);
      const mine = (await t.basic.user2.client.getIncomingWebhooks(t.basic.team.id, 0, 100)) as IncomingWebhook[];
      expect(mine.map((h) => h.user_id)).toEqual(mine.map(() => t.basic.user2.user.id));
    } finally {
      await admin.patchRole(role.id, { permissions: role.permissions });
    }
  });
});

describe('POST /hooks/{id}', () => {
  it('takes Slack’s client: text, attachments and links, posted as the owner with webhook props', async () => {
    const hook = await newHook({ display_name: 'Slacky' });
    const ws = await t.env.ws(t.basic.user2.client);
    const slack = new SlackWebhook(hookUrl(hook.id));
    const res = await slack.send({
      text: 'Deploy <https://example.com/run/1|run 1> done <!channel>',
      username: 'deploybot',
      attachments: [
        {
          fallback: 'summary',
          color: '#36a64f',
          pretext: 'see <https://example.com|here>',
          title: 'Build',
          text: 'all green',
          fields: [
            { title: 'Tests', value: '120', short: true },
            { title: 'Time', value: '3m', short: false },
          ],
        },
      ],
    });
    expect(res.text).toBe('ok');
    const [p] = await latest(t.basic.channel.id);
    expect(p.user_id).toBe(t.basic.user.user.id);
    expect(p.message).toBe('Deploy [run 1](https://example.com/run/1) done @channel');
    expect(p.type).toBe('slack_attachment');
    expect(p.props).toMatchObject({ from_webhook: 'true', webhook_display_name: 'Slacky' });
    // Overrides are off by default: no override props.
    expect(p.props.override_username).toBeUndefined();
    const [att] = p.props.attachments as any[];
    expect(att).toMatchObject({ color: '#36a64f', pretext: 'see [here](https://example.com)', title: 'Build', text: 'all green' });
    expect(att.fields[0]).toEqual({ title: 'Tests', value: '120', short: true });
    const ev = await ws.next('posted', (e) => JSON.parse(e.data.post).id === p.id);
    expect(ev.broadcast.channel_id).toBe(t.basic.channel.id);
    ws.close();
    const member = await t.basic.user2.client.getMyChannelMember(t.basic.channel.id);
    const channel = await t.basic.user2.client.getChannel(t.basic.channel.id);
    expect(channel.total_msg_count - member.msg_count).toBeGreaterThan(0);
  });

  it('applies username and icon overrides only when the settings allow them', async () => {
    const hook = await newHook();
    svc().EnablePostUsernameOverride = true;
    svc().EnablePostIconOverride = true;
    const ws = await t.env.ws(t.basic.user2.client);
    try {
      await new SlackWebhook(hookUrl(hook.id)).send({ text: 'with override', username: 'ci-bot', icon_url: 'https://example.com/i.png' });
      const ev = await ws.next('posted', (e) => JSON.parse(e.data.post).message === 'with override');
      expect(ev.data.sender_name).toBe('ci-bot');
      const [p] = await latest(t.basic.channel.id);
      expect(p.props).toMatchObject({ override_username: 'ci-bot', override_icon_url: 'https://example.com/i.png', from_webhook: 'true' });
      await new SlackWebhook(hookUrl(hook.id)).send({ text: 'default name' });
      expect((await latest(t.basic.channel.id))[0].props.override_username).toBe('webhook');
    } finally {
      ws.close();
      svc().EnablePostUsernameOverride = false;
      svc().EnablePostIconOverride = false;
    }
    await new SlackWebhook(hookUrl(hook.id)).send({ text: 'override off', username: 'ci-bot', icon_url: 'https://example.com/i.png' });
    const [off] = await latest(t.basic.channel.id);
    expect(off.message).toBe('override off');
    expect(off.props.override_username).toBeUndefined();
    expect(off.props.override_icon_url).toBeUndefined();
  });

  it('takes a curl-like payload= form and multipart fields; answers text/plain ok', async () => {
    const hook = await newHook();
    const form = await post(
      hook.id,
      'payload=' + encodeURIComponent(JSON.stringify({ text: 'from a form <http://x.org|x>' })),
      'application/x-www-form-urlencoded',
    );
    expect(form).toEqual({ status: 200, type: 'text/plain', text: 'ok' });
    expect((await latest(t.basic.channel.id))[0].message).toBe('from a form [x](http://x.org)');
    const fd = new FormData();
    fd.set('text', 'from multipart');
    const res = await fetch(hookUrl(hook.id), { method: 'POST', body: fd });
    expect([res.status, await res.text()]).toEqual([200, 'ok']);
    expect((await latest(t.basic.channel.id))[0].message).toBe('from multipart');
    // A raw newline inside "text" is escaped and retried, as Mattermost does.
    expect((await post(hook.id, '{"text": "line one\nline two"}')).status).toBe(200);
    expect((await latest(t.basic.channel.id))[0].message).toBe('line one\nline two');
  });

  it('answers Mattermost ids for bad payloads and unknown hooks', async () => {
    const hook = await newHook();
    const bad = await post(hook.id, '{not json');
    expect([bad.status, JSON.parse(bad.text).id]).toEqual([400, 'model.incoming_hook.parse_data.app_error']);
    const empty = await post(hook.id, JSON.stringify({ username: 'x' }));
    expect([empty.status, JSON.parse(empty.text).id]).toEqual([400, 'web.incoming_webhook.text.app_error']);
    const unknown = await post('a'.repeat(26), JSON.stringify({ text: 'x' }));
    expect([unknown.status, JSON.parse(unknown.text).id]).toEqual([400, 'web.incoming_webhook.invalid.app_error']);
    const system = await post(hook.id, JSON.stringify({ text: 'x', type: 'system_join_channel' }));
    expect([system.status, JSON.parse(system.text).id]).toEqual([400, 'api.context.invalid_param.app_error']);
    const noChannel = await post(hook.id, JSON.stringify({ text: 'x', channel: 'no-such-channel' }));
    expect([noChannel.status, JSON.parse(noChannel.text).id]).toEqual([404, 'web.incoming_webhook.channel.app_error']);
    const noUser = await post(hook.id, JSON.stringify({ text: 'x', channel: '@nobody-here' }));
    expect([noUser.status, JSON.parse(noUser.text).id]).toEqual([400, 'web.incoming_webhook.user.app_error']);
  });

  it('posts to another channel (#name, @username DM) unless the hook is locked', async () => {
    const hook = await newHook();
    expect((await post(hook.id, JSON.stringify({ text: 'to town', channel: '#town-square' }))).status).toBe(200);
    expect((await latest(t.basic.townSquare.id))[0].message).toBe('to town');
    expect((await post(hook.id, JSON.stringify({ text: 'psst', channel: '@' + t.basic.user2.user.username }))).status).toBe(200);
    const dm = await t.basic.user2.client.createDirectChannel([t.basic.user.user.id, t.basic.user2.user.id]);
    expect((await latest(dm.id))[0]).toMatchObject({ message: 'psst', user_id: t.basic.user.user.id });
    const locked = await newHook({ channel_locked: true });
    const refused = await post(locked.id, JSON.stringify({ text: 'nope', channel: 'town-square' }));
    expect([refused.status, JSON.parse(refused.text).id]).toEqual([403, 'web.incoming_webhook.channel_locked.app_error']);
  });

  it('splits a message longer than the post size limit', async () => {
    const hook = await newHook();
    const text = 'é'.repeat(16383) + 'tail';
    expect((await post(hook.id, JSON.stringify({ text }))).status).toBe(200);
    const [second, first] = await latest(t.basic.channel.id, 2);
    expect([...first.message].length).toBe(16383);
    expect(second.message).toBe('tail');
  });
});

describe('POST /hooks/{id} limits', () => {
  it('refuses a payload over MaximumPayloadSizeBytes with a 413', async () => {
    const hook = await newHook();
    const big = JSON.stringify({ text: 'x'.repeat(svc().MaximumPayloadSizeBytes + 10) });
    const res = await post(hook.id, big);
    expect([res.status, JSON.parse(res.text).id]).toEqual([413, 'api.context.request_body_too_large.app_error']);
    const fd = new FormData();
    fd.set('text', 'with a file');
    fd.set('file', new Blob(['hello']), 'a.txt');
    const withFile = await fetch(hookUrl(hook.id), { method: 'POST', body: fd });
    expect(withFile.status).toBeGreaterThanOrEqual(400);
    expect(withFile.status).toBeLessThan(500);
  });
});
