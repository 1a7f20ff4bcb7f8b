// Wire basics every route shares: content type, request/version headers, the AppError shape, 404/413, bad JSON, paging.
import { describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { useBasic } from '../../test/helper.ts';

const MAX_PAYLOAD = 50_000;
const t = useBasic((c) => {
  c.ServiceSettings.MaximumPayloadSizeBytes = MAX_PAYLOAD;
});

const ERROR_KEYS = ['detailed_error', 'id', 'message', 'request_id', 'status_code'];

function api(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (init.token) headers.authorization = 'Bearer ' + init.token;
  return fetch(t.env.url + '/api/v4' + path, { ...init, headers });
}

async function appError(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get('content-type')).toBe('application/json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(ERROR_KEYS);
  expect(body.status_code).toBe(res.status);
  expect(body.request_id).toBe(res.headers.get('x-request-id'));
  return body;
}

describe('headers', () => {
  it('answers JSON with exactly application/json and request/version ids, on success and on errors', async () => {
    const ok = await api('/users/me', { token: t.basic.user.client.getToken() });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    const rid = ok.headers.get('x-request-id');
    expect(rid).toMatch(/^[a-z0-9]{26}$/);
    expect(ok.headers.get('x-version-id')).toBeTruthy();

    const again = await api('/users/me', { token: t.basic.user.client.getToken() });
    expect(again.headers.get('x-request-id')).not.toBe(rid);
    expect(again.headers.get('x-version-id')).toBe(ok.headers.get('x-version-id'));

    const unauth = await api('/users/me');
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('x-request-id')).toMatch(/^[a-z0-9]{26}$/);
    expect(unauth.headers.get('x-version-id')).toBe(ok.headers.get('x-version-id'));
    expect((await appError(unauth)).id).toBe('api.context.session_expired.app_error');
  });

  it('returns ids of 26 lowercase base32 characters and times in epoch milliseconds', async () => {
    const me = await t.basic.user.client.getMe();
    expect(me.id).toMatch(/^[a-z0-9]{26}$/);
    expect(me.create_at).toBeGreaterThan(1_600_000_000_000);
    expect(me.create_at).toBeLessThan(Date.now() + 60_000);
  });
});

describe('errors', () => {
  it('answers an unknown /api/v4 route, any method, with the 404 AppError', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await api('/no/such/route', { method, token: t.basic.user.client.getToken() });
      expect(res.status).toBe(404);
      expect((await appError(res)).id).toBe('api.context.404.app_error');
    }
    const anon = await api('/still/nothing');
    expect(anon.status).toBe(404);
    expect((await appError(anon)).id).toBe('api.context.404.app_error');
  });

  it('refuses a body over MaximumPayloadSizeBytes with 413 request_body_too_large', async () => {
    const big = JSON.stringify({ channel_id: t.basic.channel.id, message: 'x'.repeat(MAX_PAYLOAD + 10) });
    const res = await api('/posts', {
      method: 'POST',
      token: t.basic.user.client.getToken(),
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect((await appError(res)).id).toBe('api.context.request_body_too_large.app_error');
    // Nothing was written.
    const posts = await t.basic.user.client.getPosts(t.basic.channel.id);
    expect(Object.values(posts.posts).some((p) => p.message.length > 1000)).toBe(false);
  });

  it('refuses invalid JSON with 400 invalid_body_param, never a 500', async () => {
    for (const body of ['{not json', '{"channel_id": ', '"just a string"', 'null']) {
      const res = await api('/posts', {
        method: 'POST',
        token: t.basic.user.client.getToken(),
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      expect((await appError(res)).id).toBe('api.context.invalid_body_param.app_error');
    }
    const login = await api('/users/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"login_id":' });
    expect(login.status).toBe(400);
    expect((await appError(login)).id).toBe('api.context.invalid_body_param.app_error');
  });

  it('refuses wrong JSON types in bodies with 400 naming the field, never a 500 or a stored oddity', async () => {
    const token = t.basic.user.client.getToken();
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/teams', { name: 'typeteam', display_name: 'x', description: 5 }],
      ['PUT', `/teams/${t.basic.team.id}/patch`, { display_name: 5 }],
      ['PUT', `/teams/${t.basic.team.id}/patch`, { description: [] }],
      ['PUT', `/teams/${t.basic.team.id}/patch`, { allow_open_invite: 'yes' }],
      ['PUT', `/channels/${t.basic.channel.id}`, { id: t.basic.channel.id, header: 5 }],
      ['PUT', `/channels/${t.basic.channel.id}`, { id: t.basic.channel.id, display_name: [] }],
      ['POST', '/channels', { team_id: t.basic.team.id, name: 'typechan', display_name: 'x', purpose: 5 }],
      ['PUT', '/users/me/patch', { props: 'x' }],
      ['PUT', '/users/me/patch', { notify_props: 5 }],
      ['PUT', '/users/me/patch', { timezone: [1] }],
      ['PUT', '/users/me/patch', []],
      ['POST', '/posts', [1]],
    ];
    for (const [method, path, body] of cases) {
      const res = await api(path, { method, token, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect([method, path, res.status]).toEqual([method, path, 400]);
      expect((await appError(res)).id).toBe('api.context.invalid_body_param.app_error');
    }
    const me = await t.basic.user.client.getMe();
    expect(typeof me.props).toBe('object');
    expect((await t.basic.user.client.getTeam(t.basic.team.id)).allow_open_invite).toBe(false);
    // null in a patch means "not given".
    const kept = await t.basic.user.client.patchChannel(t.basic.channel.id, { header: null } as never);
    expect(kept.header).toBe(t.basic.channel.header);
  });

  it('refuses empty id lists with 400 naming the list, as Mattermost does', async () => {
    const token = t.basic.user.client.getToken();
    for (const [path, name] of [
      ['/users/ids', 'user_ids'],
      ['/posts/ids', 'post_ids'],
      [`/teams/${t.basic.team.id}/members/ids`, 'user_ids'],
    ]) {
      const res = await api(path, { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: '[]' });
      expect([path, res.status]).toEqual([path, 400]);
      expect((await appError(res)).message).toContain(name);
    }
    // An empty file_ids on a post is fine: it means no attachments.
    const post = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'no files', file_ids: [] } as never);
    expect(post.id).toMatch(/^[a-z0-9]{26}$/);
  });

  it('refuses a malformed id in the path with 400 invalid_url_param', async () => {
    const res = await api('/channels/NOT-AN-ID', { token: t.basic.user.client.getToken() });
    expect(res.status).toBe(400);
    expect((await appError(res)).id).toBe('api.context.invalid_url_param.app_error');
  });
});

describe('paging', () => {
  it('defaults per_page to 60, clamps it to 200, and treats bad values as defaults', async () => {
    const ch = t.basic.townSquare.id;
    const token = t.basic.user.client.getToken();
    // 205 posts, sent in parallel batches.
    for (let i = 0; i < 205; i += 41) {
      await Promise.all(
        Array.from({ length: 41 }, (_, j) => t.basic.user.client.createPost({ channel_id: ch, message: `p${i + j}` } as Post)),
      );
    }
    const count = async (qs: string) => {
      const res = await api(`/channels/${ch}/posts${qs}`, { token });
      expect(res.status).toBe(200);
      return ((await res.json()) as { order: string[] }).order.length;
    };
    expect(await count('')).toBe(60);
    expect(await count('?per_page=1000')).toBe(200);
    expect(await count('?per_page=5')).toBe(5);
    expect(await count('?per_page=-3')).toBe(60);
    expect(await count('?per_page=abc')).toBe(60);
    expect(await count('?page=-1&per_page=7')).toBe(7);
    const total = (await count('?per_page=200')) + (await count('?page=1&per_page=200'));
    expect(total).toBeGreaterThanOrEqual(205);
    // Pages do not overlap.
    const p0 = (await (await api(`/channels/${ch}/posts?page=0&per_page=10`, { token })).json()) as { order: string[] };
    const p1 = (await (await api(`/channels/${ch}/posts?page=1&per_page=10`, { token })).json()) as { order: string[] };
    expect(p0.order.filter((id) => p1.order.includes(id))).toEqual([]);
  });
});

describe('system routes', () => {
  it('answers ping, with database status when asked', async () => {
    const ping = await api('/system/ping?get_server_status=true');
    expect(ping.status).toBe(200);
    expect(ping.headers.get('content-type')).toBe('application/json');
    expect(await ping.json()).toMatchObject({ status: 'OK', database_status: 'OK' });
    expect(await t.env.client().ping(false)).toMatchObject({ status: 'OK' });
  });

  it('serves the old-format client config and license, refusing other formats with 501', async () => {
    const cfg = (await t.env.client().getClientConfig()) as unknown as Record<string, string>;
    expect(cfg.Version).toBeTruthy();
    const lic = (await t.env.client().getClientLicenseOld()) as unknown as Record<string, string>;
    expect([lic.IsLicensed, lic.GuestAccounts, lic.CustomPermissionsSchemes, lic.LDAP]).toEqual(['true', 'true', 'true', 'false']);
    const noFormat = await api('/config/client');
    expect(noFormat.status).toBe(501);
    expect((await appError(noFormat)).id).toBe('api.config.client.old_format.app_error');
    const noLicFormat = await api('/license/client');
    expect(noLicFormat.status).toBe(501);
  });
});
