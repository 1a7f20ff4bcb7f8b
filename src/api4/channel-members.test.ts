// /api/v4/channels/{id}/members through Client4: list, add, join, get, by ids, remove/leave, view, and my memberships.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

const FORBIDDEN = 'api.context.permissions.app_error';

async function teamUser(prefix: string) {
  const u = await t.env.newUser(prefix);
  await t.basic.user.client.addToTeam(t.basic.team.id, u.user.id);
  return u;
}

describe('list and get', () => {
  it('lists the members of a channel and gets one', async () => {
    const members = await t.basic.user2.client.getChannelMembers(t.basic.channel.id);
    expect(members.map((m) => m.user_id).sort()).toEqual([t.basic.user.user.id, t.basic.user2.user.id].sort());
    const m = await t.basic.user2.client.getChannelMember(t.basic.channel.id, t.basic.user.user.id);
    expect(m.channel_id).toBe(t.basic.channel.id);
    expect(m.roles.split(' ')).toContain('channel_admin');
    const byIds = await t.basic.user2.client.getChannelMembersByIds(t.basic.channel.id, [t.basic.user.user.id]);
    expect(byIds.map((x) => x.user_id)).toEqual([t.basic.user.user.id]);
  });

  it('refuses private members to non-members and 404s for non-members and unknown channels', async () => {
    const err = await fails(t.basic.user2.client.getChannelMembers(t.basic.privateChannel.id));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    const nf = await fails(t.basic.user2.client.getChannelMember(t.basic.channel.id, t.basic.admin.user.id));
    expect(nf.status_code).toBe(404);
    expect(nf.server_error_id).toBe('app.channel.get_member.missing.app_error');
    expect((await fails(t.basic.user2.client.getChannelMembers('k'.repeat(26)))).status_code).toBe(404);
    expect((await fails(t.basic.user2.client.getChannelMembers('bad'))).status_code).toBe(400);
    expect((await fails(t.basic.user2.client.getChannelMembersByIds(t.basic.channel.id, ['bad']))).status_code).toBe(400);
  });
});

describe('add and join', () => {
  it('adds a team member to a public channel with 201, a system post and user_added', async () => {
    const u = await teamUser('added');
    const ws = await t.env.ws(t.basic.user2.client);
    const uws = await t.env.ws(u.client);
    const res = await fetch(`${t.env.url}/api/v4/channels/${t.basic.channel.id}/members`, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + t.basic.user2.client.getToken(), 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: u.user.id }),
    });
    expect(res.status).toBe(201);
    const member = (await res.json()) as { user_id: string; channel_id: string; roles: string };
    expect(member.user_id).toBe(u.user.id);
    expect(member.roles).toBe('channel_user');
    const ev = await ws.next('user_added', (e) => e.data.user_id === u.user.id && e.broadcast.channel_id === t.basic.channel.id);
    expect(ev.broadcast.channel_id).toBe(t.basic.channel.id);
    await uws.next('user_added', (e) => e.data.user_id === u.user.id && e.broadcast.channel_id === t.basic.channel.id);
    const sys = await ws.next('posted', (e) => JSON.parse(e.data.post).type === 'system_add_to_channel');
    expect(JSON.parse(sys.data.post).props.addedUserId).toBe(u.user.id);
    ws.close();
    uws.close();
    expect((await u.client.getMyChannels(t.basic.team.id)).map((c) => c.id)).toContain(t.basic.channel.id);
  });

  it('lets a team member join a public channel (system_join_channel) but not a private one', async () => {
    const u = await teamUser('joiner');
    const m = await u.client.addToChannel(u.user.id, t.basic.channel.id);
    expect(m.user_id).toBe(u.user.id);
    const posts = await u.client.getPosts(t.basic.channel.id);
    const join = posts.order.map((id) => posts.posts[id]).find((p) => p.type === 'system_join_channel' && p.user_id === u.user.id);
    expect(join).toBeDefined();
    const err = await fails(u.client.addToChannel(u.user.id, t.basic.privateChannel.id));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
  });

  it('refuses to add others without manage_*_channel_members, users outside the team and unknown users', async () => {
    const u = await teamUser('target');
    // user2 is a plain member of the public channel: channel_user may manage public members by default;
    // but not private channels they are not in.
    const priv = await fails(t.basic.user2.client.addToChannel(u.user.id, t.basic.privateChannel.id));
    expect(priv.status_code).toBe(403);
    const outsider = await t.env.newUser('outsider');
    const notInTeam = await fails(t.basic.user.client.addToChannel(outsider.user.id, t.basic.channel.id));
    expect(notInTeam.status_code).toBe(403);
    expect(notInTeam.server_error_id).toBe('api.channel.add_user.to.channel.failed.deleted.app_error');
    const loner = await fails(outsider.client.addToChannel(outsider.user.id, t.basic.channel.id));
    expect(loner.status_code).toBe(403);
    expect(loner.server_error_id).toBe(FORBIDDEN);
    const unknown = await fails(t.basic.user.client.addToChannel('m'.repeat(26), t.basic.channel.id));
    expect(unknown.status_code).toBe(404);
    const badBody = await fetch(`${t.env.url}/api/v4/channels/${t.basic.channel.id}/members`, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + t.basic.user.client.getToken(), 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 5 }),
    });
    expect(badBody.status).toBe(400);
    expect(((await badBody.json()) as { id: string }).id).toBe('api.context.invalid_body_param.app_error');
    const unknownChannel = await fails(t.basic.user.client.addToChannel(u.user.id, 'n'.repeat(26)));
    expect(unknownChannel.status_code).toBe(404);
  });

  it('the private channel admin adds a team member', async () => {
    const u = await teamUser('privadd');
    await t.basic.user.client.addToChannel(u.user.id, t.basic.privateChannel.id);
    expect((await u.client.getChannel(t.basic.privateChannel.id)).id).toBe(t.basic.privateChannel.id);
    const members = await u.client.getChannelMembers(t.basic.privateChannel.id);
    expect(members.map((m) => m.user_id)).toContain(u.user.id);
  });
});

describe('remove and leave', () => {
  it('removes a member (user_removed to the channel and the user) and the user loses access to a private channel', async () => {
    const u = await teamUser('removed');
    await t.basic.user.client.addToChannel(u.user.id, t.basic.privateChannel.id);
    const uws = await t.env.ws(u.client);
    const ws = await t.env.ws(t.basic.user.client);
    await t.basic.user.client.removeFromChannel(u.user.id, t.basic.privateChannel.id);
    const toUser = await uws.next('user_removed', (e) => e.data.channel_id === t.basic.privateChannel.id);
    expect(toUser.data.remover_id).toBe(t.basic.user.user.id);
    const toChannel = await ws.next('user_removed', (e) => e.data.user_id === u.user.id);
    expect(toChannel.broadcast.channel_id).toBe(t.basic.privateChannel.id);
    uws.close();
    ws.close();
    expect((await fails(u.client.getChannel(t.basic.privateChannel.id))).status_code).toBe(403);
    const again = await fails(t.basic.user.client.removeFromChannel(u.user.id, t.basic.privateChannel.id));
    expect(again.status_code).toBe(404);
  });

  it('lets a member leave; a non-member cannot remove others; and never leave town-square', async () => {
    const u = await teamUser('leaver');
    const ch = await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: uniq('leave'),
      display_name: 'Leave',
      type: 'P',
    } as Channel);
    await t.basic.user.client.addToChannel(u.user.id, ch.id);
    // channel_user may manage private members by default; a team member outside the channel may not.
    const err = await fails(t.basic.user2.client.removeFromChannel(u.user.id, ch.id));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    await u.client.removeFromChannel(u.user.id, ch.id);
    const posts = await t.basic.user.client.getPosts(ch.id);
    expect(posts.order.map((id) => posts.posts[id].type)).toContain('system_leave_channel');
    const ts = await fails(u.client.removeFromChannel(u.user.id, t.basic.townSquare.id));
    expect(ts.status_code).toBe(400);
    expect(ts.server_error_id).toBe('api.channel.remove.default.app_error');
    expect((await fails(u.client.removeFromChannel('bad', ch.id))).status_code).toBe(400);
  });
});

describe('view and my memberships', () => {
  it('marks a channel viewed, resetting msg counts and mentions', async () => {
    await t.basic.user2.client.createPost({ channel_id: t.basic.channel.id, message: 'hey @' + t.basic.user.user.username } as never);
    const before = await t.basic.user.client.getChannelMember(t.basic.channel.id, t.basic.user.user.id);
    expect(before.mention_count).toBeGreaterThan(0);
    const res = await t.basic.user.client.viewMyChannel(t.basic.channel.id);
    expect(res.status).toBe('OK');
    const after = await t.basic.user.client.getChannelMember(t.basic.channel.id, t.basic.user.user.id);
    expect(after.mention_count).toBe(0);
    expect(after.last_viewed_at).toBeGreaterThanOrEqual(before.last_viewed_at);
    const ch = await t.basic.user.client.getChannel(t.basic.channel.id);
    expect(after.msg_count).toBe(ch.total_msg_count);
    const err = await fails(t.basic.user2.client.viewMyChannel(t.basic.privateChannel.id));
    expect(err.status_code).toBe(403);
  });

  it('lists my channel members in a team and across teams; not another user’s', async () => {
    const mine = await t.basic.user2.client.getMyChannelMembers(t.basic.team.id);
    const ids = mine.map((m) => m.channel_id);
    expect(ids).toEqual(expect.arrayContaining([t.basic.channel.id, t.basic.townSquare.id]));
    expect(ids).not.toContain(t.basic.privateChannel.id);
    const all = await t.basic.user2.client.getAllChannelsMembers(t.basic.user2.user.id);
    expect(all.map((m) => m.channel_id)).toEqual(expect.arrayContaining(ids));
    const err = await fails(t.basic.user2.client.getAllChannelsMembers(t.basic.user.user.id));
    expect(err.status_code).toBe(403);
    const loner = await t.env.newUser('nomember');
    expect((await fails(loner.client.getMyChannelMembers(t.basic.team.id))).status_code).toBe(403);
  });
});
