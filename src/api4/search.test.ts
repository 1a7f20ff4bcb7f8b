// Post search over HTTP through @mattermost/client: the answer shape, the channels searched, and the refusals.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import { fails, uniq, useBasic, type Basic } from '../../test/helper.ts';

const t = useBasic();
const p: Record<string, Post> = {};
let otherTeam: Team;

beforeAll(async () => {
  const say = (c: Basic['user']['client'], channel_id: string, message: string, root_id = '') =>
    c.createPost({ channel_id, message, root_id } as Post);
  p.a = await say(t.basic.user.client, t.basic.channel.id, 'zebra crossing downtown');
  p.b = await say(t.basic.user2.client, t.basic.channel.id, 'a zebra escaped #zoo');
  p.c = await say(t.basic.user2.client, t.basic.channel.id, 'stripes everywhere', p.a.id);
  p.priv = await say(t.basic.user.client, t.basic.privateChannel.id, 'zebra in private');
  // A public channel user2 is not a member of is not searched for user2.
  const open = await t.basic.user.client.createChannel({
    team_id: t.basic.team.id,
    name: uniq('open'),
    display_name: 'Open',
    type: 'O',
  } as Channel);
  p.open = await say(t.basic.user.client, open.id, 'zebra in the open');
  otherTeam = await t.basic.user.client.createTeam({ name: uniq('team'), display_name: 'Other', type: 'O' } as Team);
  const otherTown = await t.basic.user.client.getChannelByName(otherTeam.id, 'town-square');
  p.other = await say(t.basic.user.client, otherTown.id, 'zebra of another team');
});

const ids = (r: { order: string[] }) => r.order;

describe('POST /teams/{team_id}/posts/search', () => {
  it('answers PostSearchResults with the posts found in member channels, newest first', async () => {
    const r = await t.basic.user2.client.searchPosts(t.basic.team.id, 'zebra', false);
    expect(ids(r)).toEqual([p.b.id, p.a.id]);
    expect(Object.keys(r.posts).sort()).toEqual([p.a.id, p.b.id].sort());
    expect(r).toMatchObject({ matches: null, next_post_id: '', prev_post_id: '', has_next: false, first_inaccessible_post_time: 0 });
    expect(r.posts[p.b.id].message).toBe('a zebra escaped #zoo');
  });

  it('applies the syntax: prefix, OR, from:, in:, hashtags, exclusions, dates', async () => {
    const c = t.basic.user.client;
    const team = t.basic.team.id;
    expect(ids(await c.searchPosts(team, 'zebra*', false))).toEqual([p.open.id, p.priv.id, p.b.id, p.a.id]);
    expect(ids(await c.searchPosts(team, 'crossing escaped', true))).toEqual([p.b.id, p.a.id]);
    expect(ids(await c.searchPosts(team, `zebra from:${t.basic.user2.user.username}`, false))).toEqual([p.b.id]);
    expect(ids(await c.searchPosts(team, `zebra in:${t.basic.privateChannel.name}`, false))).toEqual([p.priv.id]);
    expect(ids(await c.searchPosts(team, '#zoo', false))).toEqual([p.b.id]);
    expect(ids(await c.searchPosts(team, '"zebra crossing"', false))).toEqual([p.a.id]);
    expect(ids(await c.searchPosts(team, 'zebra -private -open -escaped', false))).toEqual([p.a.id]);
    const today = new Date(p.a.create_at).toISOString().slice(0, 10);
    const on = await c.searchPostsWithParams(team, {
      terms: `zebra on:${today}`,
      is_or_search: false,
      time_zone_offset: 0,
      page: 0,
      per_page: 2,
    } as never);
    expect(ids(on)).toEqual([p.open.id, p.priv.id]);
    expect((on as unknown as { has_next: boolean }).has_next).toBe(true);
    expect(ids(await c.searchPosts(team, `zebra before:${today}`, false))).toEqual([]);
  });

  it('searches every team of the user on /posts/search', async () => {
    const r = await t.basic.user.client.searchPostsWithParams('', { terms: 'zebra', is_or_search: false } as never);
    expect(ids(r)).toEqual([p.other.id, p.open.id, p.priv.id, p.b.id, p.a.id]);
    const r2 = await t.basic.user2.client.searchPostsWithParams('', { terms: 'zebra', is_or_search: false } as never);
    expect(ids(r2)).toEqual([p.b.id, p.a.id]);
  });

  it('refuses a team the user is not in, and a missing or malformed body', async () => {
    expect(await fails(t.basic.user2.client.searchPosts(otherTeam.id, 'zebra', false))).toMatchObject({
      status_code: 403,
      server_error_id: 'api.context.permissions.app_error',
    });
    expect(await fails(t.basic.user.client.searchPostsWithParams(t.basic.team.id, { terms: '' } as never))).toMatchObject({
      status_code: 400,
      server_error_id: 'api.context.invalid_body_param.app_error',
    });
    expect(await fails(t.basic.user.client.searchPostsWithParams(t.basic.team.id, { terms: 'x', per_page: 'ten' } as never))).toMatchObject(
      {
        status_code: 400,
      },
    );
    const res = await fetch(`${t.env.url}/api/v4/teams/${t.basic.team.id}/posts/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.basic.user.client.getToken()}`, 'content-type': 'application/json' },
      body: '[1]',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { id: string }).id).toBe('api.post.search_posts.invalid_body.app_error');
    expect(await fails(t.env.client().searchPosts(t.basic.team.id, 'zebra', false))).toMatchObject({ status_code: 401 });
  });

  it('finds an edited message by its new words only, and stems words', async () => {
    expect(ids(await t.basic.user.client.searchPosts(t.basic.team.id, 'stripe', false))).toEqual([p.c.id]);
    await t.basic.user.client.patchPost({ id: p.a.id, message: 'okapi crossing' } as Post);
    expect(ids(await t.basic.user.client.searchPosts(t.basic.team.id, 'okapi', false))).toEqual([p.a.id]);
    expect(ids(await t.basic.user.client.searchPosts(t.basic.team.id, 'zebra crossing', false))).toEqual([]);
  });
});
