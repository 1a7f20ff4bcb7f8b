// Issue 16 (2, 13): client JSON is bounded at the body parser (depth, keys, items, NUL) on every write path, a NUL in a
// URL value is the same 400 on both databases, and a stored value beyond the bounds (a row written before them)
// reads back as {} instead of failing every read of its channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBasic, setup, type Basic, type TestEnv } from '../helper.ts';

/** `{"a":{"a":…1…}}`, `depth` objects deep. */
function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

describe('JSON bounds', () => {
  let env: TestEnv;
  let b: Basic;
  let auth: Record<string, string>;

  beforeAll(async () => {
    env = await setup();
    b = await initBasic(env);
    auth = { authorization: 'Bearer ' + b.user.client.getToken(), 'content-type': 'application/json' };
  });
  afterAll(() => env?.close());

  async function call(method: string, path: string, body?: string) {
    const r = await fetch(env.url + '/api/v4' + path, { method, headers: auth, body });
    const text = await r.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: r.status, json };
  }

  async function channelPostIds(): Promise<string[]> {
    const r = await call('GET', `/channels/${b.channel.id}/posts`);
    expect(r.status).toBe(200);
    return r.json.order;
  }

  it('refuses a post whose props nest beyond the depth limit, and stores nothing', async () => {
    const before = await channelPostIds();
    const r = await call('POST', '/posts', `{"channel_id":"${b.channel.id}","message":"deep","props":${nested(4150)}}`);
    expect(r.status).toBe(400);
    expect(r.json.id).toBe('api.context.invalid_body_param.app_error');
    expect(r.json.message).toContain('props');
    expect(await channelPostIds()).toEqual(before);
  });

  it('takes the depth limit from ServiceSettings.ParleyMaximumJsonDepth', async () => {
    const body = (props: string) => `{"channel_id":"${b.channel.id}","message":"m","props":${props}}`;
    expect((await call('POST', '/posts', body(nested(31)))).status).toBe(201); // 32 levels with the body itself
    expect((await call('POST', '/posts', body(nested(32)))).status).toBe(400);
    env.server.ctx.config().ServiceSettings.ParleyMaximumJsonDepth = 40;
    try {
      expect((await call('POST', '/posts', body(nested(32)))).status).toBe(201);
    } finally {
      env.server.ctx.config().ServiceSettings.ParleyMaximumJsonDepth = 32;
    }
  });

  it('refuses objects with too many keys and arrays with too many items', async () => {
    const keys = '{' + Array.from({ length: 1001 }, (_, i) => `"k${i}":1`).join(',') + '}';
    const wide = await call('POST', '/posts', `{"channel_id":"${b.channel.id}","message":"w","props":${keys}}`);
    expect(wide.status).toBe(400);
    expect(wide.json.id).toBe('api.context.invalid_body_param.app_error');
    const items = '[' + Array.from({ length: 10_001 }, () => '1').join(',') + ']';
    const long = await call('POST', '/posts', `{"channel_id":"${b.channel.id}","message":"l","props":{"x":${items}}}`);
    expect(long.status).toBe(400);
    const list = await call('POST', '/users/ids', JSON.stringify(Array.from({ length: 10_001 }, () => b.user.user.id)));
    expect(list.status).toBe(400);
    expect(list.json.id).toBe('api.context.invalid_body_param.app_error');
  });

  it('reads a stored value beyond the bounds as {} on every read of the channel', async () => {
    const post = await b.user.client.createPost({ channel_id: b.channel.id, message: 'findme old row' } as any);
    const reply = await b.user.client.createPost({ channel_id: b.channel.id, message: 'a reply', root_id: post.id } as any);
    // As a row written before the bound existed would be.
    const db = env.server.ctx.store.db;
    await db
      .updateTable('posts')
      .set({ props: nested(4150) })
      .where('id', 'in', [post.id, reply.id])
      .execute();
    await db
      .updateTable('users')
      .set({ notify_props: nested(4150), props: nested(4150) })
      .where('id', '=', b.user.user.id)
      .execute();
    await db
      .updateTable('channels')
      .set({ props: nested(4150) })
      .where('id', '=', b.channel.id)
      .execute();
    env.server.ctx.caches.clear();

    const page = await call('GET', `/channels/${b.channel.id}/posts`);
    expect(page.status).toBe(200);
    expect(page.json.posts[post.id].props).toEqual({});
    const since = await call('GET', `/channels/${b.channel.id}/posts?since=${post.create_at - 1}`);
    expect(since.status).toBe(200);
    expect(since.json.posts[reply.id].props).toEqual({});
    const thread = await call('GET', `/posts/${post.id}/thread`);
    expect(thread.status).toBe(200);
    expect(thread.json.posts[post.id].props).toEqual({});
    expect((await call('GET', `/posts/${post.id}`)).status).toBe(200);
    const byIds = await call('POST', '/posts/ids', JSON.stringify([post.id, reply.id]));
    expect(byIds.status).toBe(200);
    expect(byIds.json).toHaveLength(2);
    const search = await call('POST', `/teams/${b.team.id}/posts/search`, JSON.stringify({ terms: 'findme', is_or_search: false }));
    expect(search.status).toBe(200);
    expect(search.json.posts[post.id].props).toEqual({});
    const me = await call('GET', '/users/me');
    expect(me.status).toBe(200);
    expect(me.json.notify_props).toEqual({});
    expect((await call('GET', `/channels/${b.channel.id}`)).status).toBe(200);
  });

  it('answers a NUL in a JSON string with 400 on both databases (messages, names, preferences, search)', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['POST', '/posts', `{"channel_id":"${b.channel.id}","message":"a\\u0000b"}`, 'message'],
      ['POST', '/channels', `{"team_id":"${b.team.id}","name":"nul\\u0000name","display_name":"x","type":"O"}`, 'name'],
      ['PUT', `/users/${b.user.user.id}/patch`, `{"nickname":"x\\u0000"}`, 'nickname'],
      [
        'PUT',
        `/users/${b.user.user.id}/preferences`,
        `[{"user_id":"${b.user.user.id}","category":"c","name":"n","value":"\\u0000"}]`,
        'body',
      ],
      ['POST', `/teams/${b.team.id}/posts/search`, `{"terms":"x\\u0000y"}`, 'terms'],
      ['POST', '/users/search', `{"term":"\\u0000"}`, 'term'],
      ['POST', '/posts', `{"channel_id":"${b.channel.id}","message":"m","props":{"k\\u0000":1}}`, 'props'],
    ];
    for (const [method, path, body, field] of cases) {
      const r = await call(method, path, body);
      expect({ path, status: r.status, id: r.json.id }).toEqual({ path, status: 400, id: 'api.context.invalid_body_param.app_error' });
      expect(r.json.message).toContain(field);
    }
    // An escaped backslash before u0000 is no NUL.
    expect((await call('POST', '/posts', `{"channel_id":"${b.channel.id}","message":"a\\\\u0000b"}`)).status).toBe(201);
  });

  it('answers a NUL in a query or path value with 400 on both databases', async () => {
    const cases: Array<[string, string]> = [
      [`/users/autocomplete?name=%00&team_id=${b.team.id}`, 'name'],
      [`/users/username/ab%00c`, 'username'],
      [`/teams/name/x%00`, 'name'],
      [`/users/${b.user.user.id}/preferences/cat%00`, 'category'],
      [`/channels/${b.channel.id}/posts?page=%00`, 'page'],
    ];
    for (const [path, name] of cases) {
      const r = await call('GET', path);
      expect({ path, status: r.status, id: r.json.id }).toEqual({ path, status: 400, id: 'api.context.invalid_url_param.app_error' });
      expect(r.json.message).toContain(name);
      expect(r.json.request_id).toMatch(/^[a-z0-9]{26}$/);
    }
  });
});
