// The first session a Mattermost client has with Parley: sign up, log in, create a team, post, and see it live.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import { fails, uniq, useServer } from '../../test/helper.ts';

const t = useServer();

describe('first session', () => {
  it('signs up, logs in, creates a team, posts, and a second user receives posted live', async () => {
    const a = await t.env.newUser('alice');
    expect(a.user.roles).toContain('system_admin');
    expect((a.user as unknown as Record<string, unknown>).password).toBeUndefined();
    expect(a.client.getToken()).toMatch(/^[a-z0-9]{26}$/);

    const me = await a.client.getMe();
    expect(me.id).toBe(a.user.id);

    const team = await a.client.createTeam({ name: uniq('t'), display_name: 'First', type: 'O' } as Team);
    expect(team.id).toMatch(/^[a-z0-9]{26}$/);
    const channels = await a.client.getMyChannels(team.id);
    expect(channels.map((c) => c.name).sort()).toEqual(['off-topic', 'town-square']);
    const tm = await a.client.getTeamMember(team.id, a.user.id);
    expect(tm.roles.split(' ')).toEqual(expect.arrayContaining(['team_user', 'team_admin']));

    const b = await t.env.newUser('bob');
    expect(b.user.roles).toBe('system_user');
    await a.client.addToTeam(team.id, b.user.id);
    const town = channels.find((c) => c.name === 'town-square') as Channel;
    const bws = await t.env.ws(b.client);

    const post = await a.client.createPost({ channel_id: town.id, message: 'hello @' + b.user.username } as never);
    expect(post.create_at).toBeGreaterThan(1_600_000_000_000);
    const ev = await bws.next('posted', (e) => JSON.parse(e.data.post).id === post.id);
    expect(ev.broadcast.channel_id).toBe(town.id);
    expect(JSON.parse(ev.data.mentions)).toEqual([b.user.id]);
    expect(ev.data.channel_name).toBe('town-square');
    expect(ev.data.sender_name).toBe('@' + a.user.username);

    const list = await b.client.getPosts(town.id);
    expect(list.order[0]).toBe(post.id);
    expect(list.posts[post.id].message).toContain('hello');
  });

  it('answers ping and unknown routes with the AppError shape', async () => {
    const res = await fetch(t.env.url + '/api/v4/system/ping');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toMatch(/^[a-z0-9]{26}$/);
    expect(res.headers.get('x-version-id')).toMatch(/^11\.9\.0\./);
    expect(await res.json()).toMatchObject({ status: 'OK' });

    const nf = await fetch(t.env.url + '/api/v4/nothing/here');
    expect(nf.status).toBe(404);
    const body = (await nf.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: 'api.context.404.app_error', status_code: 404 });
    expect(Object.keys(body).sort()).toEqual(['detailed_error', 'id', 'message', 'request_id', 'status_code']);
  });

  it('refuses a request without a session with 401', async () => {
    const err = await fails(t.env.client().getMe());
    expect(err.status_code).toBe(401);
    expect(err.server_error_id).toBe('api.context.session_expired.app_error');
  });
});
