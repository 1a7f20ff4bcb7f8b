// /api/v4/channels through Client4: create public/private, get, by name, patch (system posts), lists, stats, DMs and GMs.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

const FORBIDDEN = 'api.context.permissions.app_error';
const newChannel = (extra: Partial<Channel> = {}) =>
  ({ team_id: t.basic.team.id, name: uniq('ch'), display_name: 'A Channel', type: 'O', ...extra }) as Channel;

describe('create', () => {
  it('creates public and private channels with 201, the creator joining as channel admin, and tells the creator', async () => {
    const ws = await t.env.ws(t.basic.user2.client);
    const res = await fetch(t.env.url + '/api/v4/channels', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + t.basic.user2.client.getToken(), 'content-type': 'application/json' },
      body: JSON.stringify(newChannel({ purpose: 'p', header: 'h' })),
    });
    expect(res.status).toBe(201);
    const pub = (await res.json()) as Channel;
    expect(pub.id).toMatch(/^[a-z0-9]{26}$/);
    expect(pub.type).toBe('O');
    expect(pub.creator_id).toBe(t.basic.user2.user.id);
    expect(pub.header).toBe('h');
    // No props: null when created and when read back (the same channel object either way).
    expect(pub.props).toBeNull();
    expect((await t.basic.user2.client.getChannel(pub.id)).props).toBeNull();
    const member = await t.basic.user2.client.getChannelMember(pub.id, t.basic.user2.user.id);
    expect(member.roles.split(' ')).toEqual(expect.arrayContaining(['channel_user', 'channel_admin']));
    const ev = await ws.next('channel_created', (e) => e.data.channel_id === pub.id);
    expect(ev.data.team_id).toBe(t.basic.team.id);
    ws.close();
    const priv = await t.basic.user2.client.createChannel(newChannel({ type: 'P' }));
    expect(priv.type).toBe('P');
  });

  it('refuses bad input with 400 and duplicates with the store error', async () => {
    const bad = await fails(t.basic.user.client.createChannel(newChannel({ name: 'Bad Name!' })));
    expect(bad.status_code).toBe(400);
    expect(bad.server_error_id).toMatch(/^model\.channel\.is_valid\./);
    const dupe = await fails(t.basic.user.client.createChannel(newChannel({ name: t.basic.channel.name })));
    expect(dupe.status_code).toBe(400);
    expect(dupe.server_error_id).toBe('store.sql_channel.save_channel.exists.app_error');
    const direct = await fails(t.basic.user.client.createChannel(newChannel({ type: 'D' })));
    expect(direct.status_code).toBe(400);
    expect(direct.server_error_id).toBe('api.channel.create_channel.direct_channel.app_error');
    const badType = await fails(t.basic.user.client.createChannel(newChannel({ type: 'X' as 'O' })));
    expect(badType.server_error_id).toBe('model.channel.is_valid.type.app_error');
    const noTeam = await fails(t.basic.user.client.createChannel({ name: uniq('c'), display_name: 'x', type: 'O' } as Channel));
    expect(noTeam.status_code).toBe(400);
    const noDisplay = await fails(t.basic.user.client.createChannel(newChannel({ display_name: '' })));
    expect(noDisplay.server_error_id).toBe('model.channel.is_valid.display_name.app_error');
  });

  it('refuses channel creation in a team the user does not belong to', async () => {
    const loner = await t.env.newUser('loner');
    const err = await fails(loner.client.createChannel(newChannel()));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    const priv = await fails(loner.client.createChannel(newChannel({ type: 'P' })));
    expect(priv.status_code).toBe(403);
  });
});

describe('get', () => {
  it('gets a channel by id, by name and by team name', async () => {
    expect((await t.basic.user2.client.getChannel(t.basic.channel.id)).name).toBe(t.basic.channel.name);
    expect((await t.basic.user2.client.getChannelByName(t.basic.team.id, t.basic.channel.name)).id).toBe(t.basic.channel.id);
    expect((await t.basic.user2.client.getChannelByNameAndTeamName(t.basic.team.name, t.basic.channel.name)).id).toBe(t.basic.channel.id);
    // A team member who is not in a public channel may still read it.
    expect((await t.basic.admin.client.getChannel(t.basic.channel.id)).id).toBe(t.basic.channel.id);
  });

  it('answers unknown channels with 404 and bad ids with 400', async () => {
    const nf = await fails(t.basic.user.client.getChannel('f'.repeat(26)));
    expect(nf.status_code).toBe(404);
    expect(nf.server_error_id).toBe('app.channel.get.existing.app_error');
    const nfName = await fails(t.basic.user.client.getChannelByName(t.basic.team.id, 'no-such-' + uniq()));
    expect(nfName.status_code).toBe(404);
    expect(nfName.server_error_id).toBe('app.channel.get_by_name.missing.app_error');
    const nfTeam = await fails(t.basic.user.client.getChannelByNameAndTeamName('no-team-' + uniq(), 'town-square'));
    expect(nfTeam.status_code).toBe(404);
    const bad = await fails(t.basic.user.client.getChannel('nope'));
    expect(bad.status_code).toBe(400);
    expect(bad.server_error_id).toBe('api.context.invalid_url_param.app_error');
  });

  it('refuses a private channel to non-members and everything to a user who belongs to nothing', async () => {
    const err = await fails(t.basic.user2.client.getChannel(t.basic.privateChannel.id));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    expect((await fails(t.basic.user2.client.getChannelByName(t.basic.team.id, t.basic.privateChannel.name))).status_code).toBe(403);
    const loner = await t.env.newUser('nothing');
    expect((await fails(loner.client.getChannel(t.basic.channel.id))).status_code).toBe(403);
    expect((await fails(loner.client.getChannel(t.basic.townSquare.id))).status_code).toBe(403);
    expect((await fails(loner.client.getChannels(t.basic.team.id))).status_code).toBe(403);
    expect((await fails(loner.client.getMyChannels(t.basic.team.id))).status_code).toBe(403);
    expect((await fails(loner.client.getChannelStats(t.basic.channel.id))).status_code).toBe(403);
    expect(await loner.client.getAllChannelsMembers(loner.user.id)).toEqual([]);
  });
});

describe('patch and update', () => {
  it('patches the header, leaving a system_header_change post and a channel_updated event', async () => {
    const ws = await t.env.ws(t.basic.user2.client);
    const patched = await t.basic.user.client.patchChannel(t.basic.channel.id, { header: 'New header' });
    expect(patched.header).toBe('New header');
    const upd = await ws.next('channel_updated', (e) => JSON.parse(e.data.channel).id === t.basic.channel.id);
    expect(JSON.parse(upd.data.channel).header).toBe('New header');
    const posted = await ws.next('posted', (e) => JSON.parse(e.data.post).type === 'system_header_change');
    const sys = JSON.parse(posted.data.post);
    expect(sys.channel_id).toBe(t.basic.channel.id);
    expect(sys.props.new_header).toBe('New header');
    expect(sys.props.old_header).toBe('');
    ws.close();
    const posts = await t.basic.user.client.getPosts(t.basic.channel.id);
    expect(posts.order.map((id) => posts.posts[id].type)).toContain('system_header_change');
  });

  it('leaves system_purpose_change posts when the purpose is set and when it is removed', async () => {
    const ch = await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: 'purposeful',
      display_name: 'Purposeful',
      type: 'O',
    } as Channel);
    await t.basic.user.client.patchChannel(ch.id, { purpose: 'Plans' });
    await t.basic.user.client.patchChannel(ch.id, { purpose: '' });
    const posts = await t.basic.user.client.getPosts(ch.id);
    const sys = posts.order.map((id) => posts.posts[id]).filter((p) => p.type === 'system_purpose_change');
    expect(sys.map((p) => [p.props.old_purpose, p.props.new_purpose])).toEqual([
      ['Plans', ''],
      ['', 'Plans'],
    ]);
    expect(sys[0].message).toContain('removed the channel purpose (was: Plans)');
  });

  it('lets channel members patch public channels (channel_user) but refuses non-members of private ones', async () => {
    const patched = await t.basic.user2.client.patchChannel(t.basic.channel.id, { purpose: 'by user2' });
    expect(patched.purpose).toBe('by user2');
    const err = await fails(t.basic.user2.client.patchChannel(t.basic.privateChannel.id, { header: 'x' }));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    const loner = await t.env.newUser('patcher');
    expect((await fails(loner.client.patchChannel(t.basic.channel.id, { header: 'x' }))).status_code).toBe(403);
  });

  it('refuses invalid patches and unknown channels', async () => {
    const long = await fails(t.basic.user.client.patchChannel(t.basic.channel.id, { header: 'x'.repeat(1100) }));
    expect(long.status_code).toBe(400);
    expect(long.server_error_id).toBe('model.channel.is_valid.header.app_error');
    const nf = await fails(t.basic.user.client.patchChannel('g'.repeat(26), { header: 'x' }));
    expect(nf.status_code).toBe(404);
    const taken = await fails(t.basic.user.client.patchChannel(t.basic.privateChannel.id, { name: t.basic.channel.name }));
    expect(taken.status_code).toBe(400);
    expect(taken.server_error_id).toBe('store.sql_channel.save_channel.exists.app_error');
  });

  it('updates with PUT only when the body id matches', async () => {
    const ch = await t.basic.user.client.getChannel(t.basic.privateChannel.id);
    const updated = await t.basic.user.client.updateChannel({ ...ch, display_name: 'Private Renamed' });
    expect(updated.display_name).toBe('Private Renamed');
    const err = await fails(t.basic.user.client.updateChannel({ ...ch, id: t.basic.channel.id }));
    expect(err.status_code).toBe(400);
  });
});

describe('lists and stats', () => {
  it('lists the public channels of a team, never private ones', async () => {
    const list = await t.basic.admin.client.getChannels(t.basic.team.id, 0, 200);
    const ids = list.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([t.basic.channel.id, t.basic.townSquare.id]));
    expect(ids).not.toContain(t.basic.privateChannel.id);
    const page = await t.basic.admin.client.getChannels(t.basic.team.id, 0, 1);
    expect(page.length).toBe(1);
    const bad = await fails(t.basic.admin.client.getChannels('zz'));
    expect(bad.status_code).toBe(400);
  });

  it('lists my channels in a team, including private ones I belong to', async () => {
    const mine = await t.basic.user.client.getMyChannels(t.basic.team.id);
    expect(mine.map((c) => c.id)).toEqual(expect.arrayContaining([t.basic.channel.id, t.basic.privateChannel.id, t.basic.townSquare.id]));
    const theirs = await t.basic.user2.client.getMyChannels(t.basic.team.id);
    expect(theirs.map((c) => c.id)).not.toContain(t.basic.privateChannel.id);
  });

  it('reports channel stats with the member count', async () => {
    const stats = await t.basic.user.client.getChannelStats(t.basic.channel.id);
    expect(stats.channel_id).toBe(t.basic.channel.id);
    const members = await t.basic.user.client.getChannelMembers(t.basic.channel.id);
    expect(stats.member_count).toBe(members.length);
    const err = await fails(t.basic.user2.client.getChannelStats(t.basic.privateChannel.id));
    expect(err.status_code).toBe(403);
    expect((await fails(t.basic.user.client.getChannelStats('h'.repeat(26)))).status_code).toBe(404);
  });

  it('searches and autocompletes channels in a team', async () => {
    const found = await t.basic.user.client.searchChannels(t.basic.team.id, t.basic.channel.name.slice(0, 6));
    expect(found.map((c) => c.id)).toContain(t.basic.channel.id);
    const ac = await t.basic.user.client.autocompleteChannels(t.basic.team.id, t.basic.channel.name.slice(0, 6));
    expect(ac.map((c) => c.id)).toContain(t.basic.channel.id);
    const loner = await t.env.newUser('searcher');
    expect((await fails(loner.client.searchChannels(t.basic.team.id, 'a'))).status_code).toBe(403);
  });
});

describe('direct and group messages', () => {
  it('creates a DM once (the same channel twice) and refuses strangers to it', async () => {
    const dm = await t.basic.user.client.createDirectChannel([t.basic.user.user.id, t.basic.user2.user.id]);
    expect(dm.type).toBe('D');
    expect(dm.team_id).toBe('');
    expect(dm.name).toBe([t.basic.user.user.id, t.basic.user2.user.id].sort().join('__'));
    const again = await t.basic.user2.client.createDirectChannel([t.basic.user2.user.id, t.basic.user.user.id]);
    expect(again.id).toBe(dm.id);
    const members = await t.basic.user.client.getChannelMembers(dm.id);
    expect(members.map((m) => m.user_id).sort()).toEqual([t.basic.user.user.id, t.basic.user2.user.id].sort());
    const stranger = await t.env.newUser('stranger');
    expect((await fails(stranger.client.getChannel(dm.id))).status_code).toBe(403);
    const forOthers = await fails(stranger.client.createDirectChannel([t.basic.user.user.id, t.basic.user2.user.id]));
    expect(forOthers.status_code).toBe(403);
    const badUser = await fails(t.basic.user.client.createDirectChannel([t.basic.user.user.id, 'i'.repeat(26)]));
    expect(badUser.status_code).toBe(404);
    const badIds = await fails(t.basic.user.client.createDirectChannel([t.basic.user.user.id, 'x']));
    expect(badIds.status_code).toBe(400);
    // A DM can be posted to and read by both.
    const post = await t.basic.user2.client.createPost({ channel_id: dm.id, message: 'hi dm' } as never);
    expect((await t.basic.user.client.getPost(post.id)).message).toBe('hi dm');
    expect((await fails(stranger.client.getPost(post.id))).status_code).toBe(403);
  });

  it('creates a self-DM', async () => {
    const self = await t.basic.user.client.createDirectChannel([t.basic.user.user.id, t.basic.user.user.id]);
    expect(self.name).toBe(`${t.basic.user.user.id}__${t.basic.user.user.id}`);
  });

  it('creates a group message of 3+ users and refuses a bad size', async () => {
    const third = await t.env.newUser('third');
    const gm = await t.basic.user.client.createGroupChannel([t.basic.user.user.id, t.basic.user2.user.id, third.user.id]);
    expect(gm.type).toBe('G');
    expect(gm.team_id).toBe('');
    const again = await third.client.createGroupChannel([t.basic.user2.user.id, t.basic.user.user.id, third.user.id]);
    expect(again.id).toBe(gm.id);
    const members = await third.client.getChannelMembers(gm.id);
    expect(members.length).toBe(3);
    const small = await fails(t.basic.user.client.createGroupChannel([t.basic.user.user.id, t.basic.user2.user.id]));
    expect(small.status_code).toBe(400);
    expect(small.server_error_id).toBe('api.channel.create_group.bad_size.app_error');
    const unknown = await fails(t.basic.user.client.createGroupChannel([t.basic.user.user.id, t.basic.user2.user.id, 'j'.repeat(26)]));
    expect(unknown.status_code).toBe(400);
    const stranger = await t.env.newUser('gmstranger');
    expect((await fails(stranger.client.getChannel(gm.id))).status_code).toBe(403);
    const addToGm = await fails(t.basic.user.client.addToChannel(stranger.user.id, gm.id));
    expect(addToGm.status_code).toBe(400);
    expect(addToGm.server_error_id).toBe('api.channel.add_user_to_channel.type.app_error');
  });
});

describe('remaining channel routes', () => {
  const raw = (method: string, path: string, token: string, body?: unknown) =>
    fetch(t.env.url + '/api/v4' + path, {
      method,
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('gets public channels by ids, leaving out private ones; refuses outsiders', async () => {
    const res = await raw('POST', `/teams/${t.basic.team.id}/channels/ids`, t.basic.user2.client.getToken(), [
      t.basic.channel.id,
      t.basic.privateChannel.id,
    ]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Channel[]).map((c) => c.id)).toEqual([t.basic.channel.id]);
    const loner = await t.env.newUser('idsloner');
    expect((await raw('POST', `/teams/${t.basic.team.id}/channels/ids`, loner.client.getToken(), [t.basic.channel.id])).status).toBe(403);
    expect((await raw('POST', `/teams/${t.basic.team.id}/channels/ids`, t.basic.user2.client.getToken(), ['bad'])).status).toBe(400);
  });

  it('lists a user’s channels across teams; others only as admin', async () => {
    const res = await raw('GET', `/users/${t.basic.user2.user.id}/channels`, t.basic.user2.client.getToken());
    expect(res.status).toBe(200);
    const ids = ((await res.json()) as Channel[]).map((c) => c.id);
    expect(ids).toContain(t.basic.channel.id);
    expect(ids).not.toContain(t.basic.privateChannel.id);
    expect((await raw('GET', `/users/${t.basic.user.user.id}/channels`, t.basic.user2.client.getToken())).status).toBe(403);
    expect((await raw('GET', `/users/${t.basic.user.user.id}/channels`, t.basic.admin.client.getToken())).status).toBe(200);
    expect((await fails(t.basic.user2.client.getMyChannels('bad'))).status_code).toBe(400);
  });

  it('lists no archived channels in a team where none are archived; refuses outsiders', async () => {
    expect(await t.basic.user.client.getArchivedChannels(t.basic.team.id)).toEqual([]);
    const loner = await t.env.newUser('arch');
    expect((await fails(loner.client.getArchivedChannels(t.basic.team.id))).status_code).toBe(403);
  });

  it('refuses a channel search without a term', async () => {
    const res = await raw('POST', `/teams/${t.basic.team.id}/channels/search`, t.basic.user.client.getToken(), {});
    expect(res.status).toBe(400);
  });
});
