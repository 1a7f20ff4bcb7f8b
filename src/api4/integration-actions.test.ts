// Interactive messages and dialogs: action integrations never reach clients; a click reaches the test's server with
// Mattermost's fields and its update/ephemeral reply is applied; trigger ids open dialogs; submissions are relayed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { fails, useBasic, type WsRecorder } from '../../test/helper.ts';
import { startHookServer, type HookServer } from '../../test/hook-server.ts';
import { sendEphemeralPost } from '../app/ephemeral.ts';

const t = useBasic((c) => {
  c.ServiceSettings.AllowedUntrustedInternalConnections = '127.0.0.1';
});

let srv: HookServer;
let ws: WsRecorder;
beforeAll(async () => {
  srv = await startHookServer();
  ws = await t.env.ws(t.basic.user2.client);
});
afterAll(async () => {
  ws.close();
  await srv.close();
});

type Action = { id: string; name: string; type?: string; integration?: unknown };
const actionsOf = (p: Post) => ((p.props.attachments as Array<{ actions: Action[] }>)[0].actions ?? []) as Action[];

async function interactivePost(tag: string): Promise<Post> {
  return t.basic.user.client.createPost({
    channel_id: t.basic.channel.id,
    message: `approve ${tag}`,
    props: {
      attachments: [
        {
          text: 'Approve the deploy?',
          actions: [
            { name: 'Approve', integration: { url: srv.url + '/action', context: { secret: 's3cret', tag } } },
            {
              name: 'Pick',
              type: 'select',
              options: [
                { text: 'One', value: 'opt1' },
                { text: 'Two', value: 'opt2' },
              ],
              integration: { url: srv.url + '/select', context: { tag } },
            },
          ],
        },
      ],
    },
  } as unknown as Post);
}

const noIntegration = (p: Post) => actionsOf(p).every((a) => a.integration === undefined);

describe('action integrations stay on the server', () => {
  it('strips them from every read path and event; actions get ids', async () => {
    const created = await interactivePost('strip');
    expect(noIntegration(created)).toBe(true);
    const ids = actionsOf(created).map((a) => a.id);
    expect(ids.every((id) => /^[a-z0-9]{26}$/.test(id))).toBe(true);
    const ev = await ws.next('posted', (e) => JSON.parse(e.data.post).id === created.id);
    expect(noIntegration(JSON.parse(ev.data.post))).toBe(true);
    expect(ev.data.post).not.toContain('s3cret');
    const c2 = t.basic.user2.client;
    expect(noIntegration(await c2.getPost(created.id))).toBe(true);
    expect(JSON.stringify(await c2.getPostThread(created.id))).not.toContain('s3cret');
    expect(JSON.stringify(await c2.getPosts(t.basic.channel.id, 0, 10))).not.toContain('s3cret');
    expect(JSON.stringify(await c2.getPostsByIds([created.id]))).not.toContain('s3cret');
    const found = await c2.searchPosts(t.basic.team.id, 'approve', false);
    expect(found.order).toContain(created.id);
    expect(JSON.stringify(found)).not.toContain('s3cret');
    const patched = await t.basic.user.client.patchPost({ id: created.id, message: 'approve strip (edited)' } as Post);
    expect(noIntegration(patched)).toBe(true);
    const edited = await ws.next('post_edited', (e) => JSON.parse(e.data.post).id === created.id);
    expect(edited.data.post).not.toContain('s3cret');
  });
});

describe('POST /posts/{id}/actions/{action_id}', () => {
  it('calls the integration with Mattermost’s fields and applies update and ephemeral_text', async () => {
    const p = await interactivePost('click');
    const [approve] = actionsOf(p);
    srv.respond((r) =>
      r.url === '/action' ? { body: { update: { message: 'Approved by a click', props: {} }, ephemeral_text: 'You approved' } } : undefined,
    );
    const res = await t.basic.user2.client.doPostAction(p.id, approve.id);
    expect(res.status).toBe('OK');
    expect(res.trigger_id).toMatch(/^[a-z0-9]{26}$/);
    const req = await srv.next('/action');
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({
      user_id: t.basic.user2.user.id,
      user_name: t.basic.user2.user.username,
      channel_id: t.basic.channel.id,
      channel_name: t.basic.channel.name,
      team_id: t.basic.team.id,
      team_domain: t.basic.team.name,
      post_id: p.id,
      context: { secret: 's3cret', tag: 'click' },
    });
    expect(typeof body.trigger_id).toBe('string');
    const edited = await ws.next('post_edited', (e) => JSON.parse(e.data.post).message === 'Approved by a click');
    expect(JSON.parse(edited.data.post).id).toBe(p.id);
    expect((await t.basic.user2.client.getPost(p.id)).message).toBe('Approved by a click');
    const eph = await ws.next('ephemeral_message', (e) => JSON.parse(e.data.post).message === 'You approved');
    expect(eph.broadcast.user_id).toBe(t.basic.user2.user.id);
  });

  it('sends a menu choice as context.selected_option', async () => {
    const p = await interactivePost('menu');
    const select = actionsOf(p)[1];
    srv.respond(() => ({ body: {} }));
    await t.basic.user2.client.doPostAction(p.id, select.id, 'opt2');
    const body = JSON.parse((await srv.next('/select')).body);
    expect(body.context).toEqual({ tag: 'menu', selected_option: 'opt2' });
    expect(body.type).toBe('select');
  });

  it('answers Mattermost ids for an unknown action and a failing integration', async () => {
    const p = await interactivePost('errors');
    const unknown = await fails(t.basic.user2.client.doPostAction(p.id, 'nosuchaction'));
    expect([unknown.status_code, unknown.server_error_id]).toEqual([404, 'api.post.do_action.action_id.app_error']);
    srv.respond(() => ({ status: 500, body: 'boom' }));
    const failing = await fails(t.basic.user2.client.doPostAction(p.id, actionsOf(p)[0].id));
    expect([failing.status_code, failing.server_error_id]).toEqual([400, 'api.post.do_action.action_integration.app_error']);
    const outsider = await t.env.newUser('outsider');
    const denied = await fails(outsider.client.doPostAction(p.id, actionsOf(p)[0].id));
    expect(denied.status_code).toBe(403);
  });
});

describe('ephemeral posts with actions', () => {
  it('carry sealed cookies instead of integrations; a click with the cookie works, a forged one is refused', async () => {
    sendEphemeralPost(t.env.server.ctx, t.basic.user2.user.id, {
      channel_id: t.basic.channel.id,
      message: 'only you can see this',
      props: { attachments: [{ actions: [{ name: 'Go', integration: { url: srv.url + '/eph', context: { k: 'eph' } } }] }] },
    });
    const ev = await ws.next('ephemeral_message', (e) => JSON.parse(e.data.post).message === 'only you can see this');
    expect(ev.data.post).not.toContain(srv.url);
    const eph = JSON.parse(ev.data.post) as Post;
    const [action] = actionsOf(eph) as Array<Action & { cookie: string }>;
    expect(action.cookie).toBeTruthy();
    srv.respond((r) => (r.url === '/eph' ? { body: { update: { message: 'done, privately' } } } : undefined));
    await t.basic.user2.client.doPostActionWithCookie(eph.id, action.id, action.cookie);
    expect(JSON.parse((await srv.next('/eph')).body)).toMatchObject({ post_id: eph.id, context: { k: 'eph' } });
    const edited = await ws.next('post_edited', (e) => JSON.parse(e.data.post).message === 'done, privately');
    expect(edited.broadcast.user_id).toBe(t.basic.user2.user.id);
    const forged = await fails(t.basic.user2.client.doPostActionWithCookie(eph.id, action.id, action.cookie.slice(0, -8) + 'AAAAAAA='));
    expect([forged.status_code, forged.server_error_id]).toEqual([400, 'api.post.do_action.action_integration.app_error']);
  });
});

describe('dialogs', () => {
  it('opens a dialog with the trigger id of a click (open_dialog to the clicker) and relays a submission', async () => {
    srv.received.length = 0;
    const p = await interactivePost('dialog');
    srv.respond(() => ({ body: {} }));
    const res = await t.basic.user2.client.doPostAction(p.id, actionsOf(p)[0].id);
    const triggerId = JSON.parse((await srv.next('/action')).body).trigger_id as string;
    const dialog = { callback_id: 'cb1', title: 'Why?', elements: [{ display_name: 'Reason', name: 'reason', type: 'text' }] };
    const open = await fetch(`${t.env.url}/api/v4/actions/dialogs/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trigger_id: triggerId, url: srv.url + '/submit', dialog }),
    });
    expect([open.status, await open.json()]).toEqual([200, { status: 'OK' }]);
    const ev = await ws.next('open_dialog');
    expect(ev.broadcast.user_id).toBe(t.basic.user2.user.id);
    const got = JSON.parse(ev.data.dialog);
    expect(got).toMatchObject({ trigger_id: res.trigger_id, url: srv.url + '/submit', dialog });

    const bad = await fetch(`${t.env.url}/api/v4/actions/dialogs/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trigger_id: Buffer.from('a:b:1:forged').toString('base64'), url: srv.url, dialog }),
    });
    expect([bad.status, ((await bad.json()) as { id: string }).id]).toEqual([400, 'interactive_message.decode_trigger_id.expired']);

    srv.respond((r) => (r.url === '/submit' ? { body: { errors: { reason: 'Too short' } } } : undefined));
    const answer = await t.basic.user2.client.submitInteractiveDialog({
      url: srv.url + '/submit',
      callback_id: 'cb1',
      state: 'st',
      channel_id: t.basic.channel.id,
      team_id: t.basic.team.id,
      submission: { reason: 'x' },
      cancelled: false,
    } as never);
    expect(answer).toEqual({ errors: { reason: 'Too short' } });
    const sub = JSON.parse((await srv.next('/submit')).body);
    expect(sub).toMatchObject({
      type: 'dialog_submission',
      user_id: t.basic.user2.user.id,
      callback_id: 'cb1',
      state: 'st',
      channel_id: t.basic.channel.id,
      submission: { reason: 'x' },
    });
    expect(sub.url).toBeUndefined();
  });
});
