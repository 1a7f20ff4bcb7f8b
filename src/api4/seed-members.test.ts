// Founding endpoints 2, 4 and 5: removing a team member, converting channel privacy, removing a channel member.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { Post } from '@mattermost/types/posts';
import { fails, uniq, useBasic } from '../../test/helper.ts';
import { channelMemberRow, channelRow, setChannelDeleteAt, teamMemberRow } from '../../test/db.ts';

const t = useBasic();

/** A team owned by basic.user (team admin) with basic.user2 as a plain member, a public and a private channel. */
async function world() {
  const c = t.basic.user.client;
  const team = await c.createTeam({ name: uniq('team'), display_name: 'World', type: 'O' } as Team);
  await c.addToTeam(team.id, t.basic.user2.user.id);
  const pub = await c.createChannel({ team_id: team.id, name: uniq('pub'), display_name: 'Pub', type: 'O' } as Channel);
  const priv = await c.createChannel({ team_id: team.id, name: uniq('priv'), display_name: 'Priv', type: 'P' } as Channel);
  await c.addToChannel(t.basic.user2.user.id, pub.id);
  await c.addToChannel(t.basic.user2.user.id, priv.id);
  const town = await c.getChannelByName(team.id, 'town-square');
  return { team, pub, priv, town };
}

async function lastPost(channelId: string): Promise<Post> {
  const list = await t.basic.admin.client.getPosts(channelId);
  return list.posts[list.order[0]];
}

describe('DELETE /teams/{team_id}/members/{user_id}', () => {
  it('a member leaves: channels gone, town-square post, leave_team to team and user, team preferences dropped, then 403', async () => {
    const { team, pub, priv, town } = await world();
    const u2 = t.basic.user2;
    await u2.client.savePreferences(u2.user.id, [
      { user_id: u2.user.id, category: team.id, name: 'x', value: '1' },
      { user_id: u2.user.id, category: 'display_settings', name: 'keep', value: 'yes' },
    ]);
    const teamWs = await t.env.ws(t.basic.user.client);
    const selfWs = await t.env.ws(u2.client);

    expect(await u2.client.removeFromTeam(team.id, 'me')).toEqual({ status: 'OK' });

    const toTeam = await teamWs.next('leave_team', (e) => e.data.team_id === team.id);
    expect(toTeam.data).toEqual({ user_id: u2.user.id, team_id: team.id });
    expect(toTeam.broadcast.team_id).toBe(team.id);
    expect(toTeam.broadcast.omit_users).toEqual({ [u2.user.id]: true });
    const toUser = await selfWs.next('leave_team', (e) => e.data.team_id === team.id);
    expect(toUser.broadcast.user_id).toBe(u2.user.id);

    const post = await lastPost(town.id);
    expect(post).toMatchObject({ type: 'system_leave_team', user_id: u2.user.id, message: `${u2.user.username} left the team.` });
    expect(post.props).toEqual({ username: u2.user.username });
    await teamWs.next('posted', (e) => JSON.parse(e.data.post).id === post.id);

    const row = await teamMemberRow(t.env, team.id, u2.user.id);
    expect(row!.delete_at).toBeGreaterThan(0);
    expect(row!.roles).toBe('');
    for (const ch of [pub, priv, town]) expect(await channelMemberRow(t.env, ch.id, u2.user.id)).toBeUndefined();
    const prefs = (await u2.client.getMyPreferences()) as unknown as Array<{ category: string; name: string }>;
    expect(prefs.some((p) => p.category === team.id)).toBe(false);
    expect(prefs.some((p) => p.category === 'display_settings' && p.name === 'keep')).toBe(true);

    expect((await u2.client.getMyTeams()).map((t) => t.id)).not.toContain(team.id);
    for (const ch of [pub, priv, town]) {
      const e = await fails(u2.client.getPosts(ch.id));
      expect(e.status_code).toBe(403);
      const e2 = await fails(u2.client.getChannel(ch.id));
      expect(e2.status_code).toBe(403);
    }
  });

  it('a team admin removes someone: system_remove_from_team; removing again still answers OK; no row is 400', async () => {
    const { team, town } = await world();
    const u2 = t.basic.user2;
    await t.basic.user.client.removeFromTeam(team.id, u2.user.id);
    const post = await lastPost(town.id);
    expect(post).toMatchObject({
      type: 'system_remove_from_team',
      user_id: u2.user.id,
      message: `${u2.user.username} removed from the team.`,
    });
    // The membership row still exists (soft-deleted): Mattermost answers OK again.
    expect(await t.basic.user.client.removeFromTeam(team.id, u2.user.id)).toEqual({ status: 'OK' });
    const stranger = await t.env.newUser('stranger');
    const err = await fails(t.basic.user.client.removeFromTeam(team.id, stranger.user.id));
    expect([err.status_code, err.server_error_id]).toEqual([400, 'api.team.remove_user_from_team.missing.app_error']);
  });

  it('removing another member needs remove_user_from_team (403 naming it), unknown team/user are 404', async () => {
    const { team } = await world();
    const res = await fetch(`${t.env.url}/api/v4/teams/${team.id}/members/${t.basic.user.user.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${t.basic.user2.client.getToken()}` },
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { id: string; detailed_error: string };
    expect(body.id).toBe('api.context.permissions.app_error');
    expect(body.detailed_error).toBe(`userId=${t.basic.user2.user.id}, permission=remove_user_from_team`);
    expect((await t.basic.user.client.getTeamMember(team.id, t.basic.user.user.id)).delete_at).toBe(0);

    const e1 = await fails(t.basic.admin.client.removeFromTeam('d'.repeat(26), t.basic.user2.user.id));
    expect([e1.status_code, e1.server_error_id]).toEqual([404, 'app.team.get.find.app_error']);
    const e2 = await fails(t.basic.admin.client.removeFromTeam(team.id, 'e'.repeat(26)));
    expect([e2.status_code, e2.server_error_id]).toEqual([404, 'app.user.missing_account.const']);
    const e3 = await fails(t.basic.admin.client.removeFromTeam(team.id, 'not-an-id'));
    expect([e3.status_code, e3.server_error_id]).toEqual([400, 'api.context.invalid_url_param.app_error']);
  });
});

describe('PUT /channels/{id}/privacy and POST /channels/{id}/convert', () => {
  it('public → private: channel_updated, system post, channel_converted; then private → public', async () => {
    const { team, pub } = await world();
    const ws = await t.env.ws(t.basic.user2.client);
    const ch = await t.basic.user.client.updateChannelPrivacy(pub.id, 'P');
    expect(ch.type).toBe('P');
    const upd = await ws.next('channel_updated', (e) => e.broadcast.channel_id === pub.id);
    expect(JSON.parse(upd.data.channel)).toMatchObject({ id: pub.id, type: 'P' });
    const conv = await ws.next('channel_converted', (e) => e.data.channel_id === pub.id);
    expect(conv.broadcast.team_id).toBe(team.id);
    const post = await lastPost(pub.id);
    expect(post).toMatchObject({
      type: 'system_change_chan_privacy',
      user_id: t.basic.user.user.id,
      message: 'This channel has been converted to a Private Channel.',
      props: { username: t.basic.user.user.username },
    });
    await ws.next('posted', (e) => JSON.parse(e.data.post).id === post.id);

    const back = await t.basic.user.client.updateChannelPrivacy(pub.id, 'O');
    expect(back.type).toBe('O');
    expect((await lastPost(pub.id)).message).toBe(
      'This channel has been converted to a Public Channel and can be joined by any team member.',
    );
  });

  it('checks the body, the permission per direction, and refuses town-square', async () => {
    const { pub, priv, town } = await world();
    const bad = await fails(t.basic.user.client.updateChannelPrivacy(pub.id, 'X'));
    expect([bad.status_code, bad.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    const e1 = await fails(t.basic.user2.client.updateChannelPrivacy(pub.id, 'P'));
    expect([e1.status_code, e1.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const e2 = await fails(t.basic.user2.client.updateChannelPrivacy(priv.id, 'O'));
    expect([e2.status_code, e2.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    expect((await t.basic.user.client.getChannel(priv.id)).type).toBe('P');
    const e3 = await fails(t.basic.user.client.updateChannelPrivacy(town.id, 'P'));
    expect([e3.status_code, e3.server_error_id]).toEqual([400, 'api.channel.update_channel_privacy.default_channel_error']);
    expect((await t.basic.user.client.getChannel(town.id)).type).toBe('O');
    const e4 = await fails(t.basic.user.client.updateChannelPrivacy('f'.repeat(26), 'P'));
    expect(e4.status_code).toBe(404);
  });

  it('undoes the type change when the system post cannot be written', async () => {
    const { pub } = await world();
    await setChannelDeleteAt(t.env, pub.id, Date.now());
    const err = await fails(t.basic.user.client.updateChannelPrivacy(pub.id, 'P'));
    expect([err.status_code, err.server_error_id]).toEqual([400, 'api.post.create_post.can_not_post_to_deleted.error']);
    expect((await channelRow(t.env, pub.id))!.type).toBe('O');
  });

  it('POST /convert makes a public channel private; already private, town-square and members without permission are refused', async () => {
    const { pub, priv, town } = await world();
    const call = (client: typeof t.basic.user.client, id: string) =>
      fetch(`${t.env.url}/api/v4/channels/${id}/convert`, { method: 'POST', headers: { Authorization: `Bearer ${client.getToken()}` } });
    const denied = await call(t.basic.user2.client, pub.id);
    expect(denied.status).toBe(403);
    const ok = await call(t.basic.user.client, pub.id);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: pub.id, type: 'P' });
    const already = await call(t.basic.user.client, priv.id);
    expect(already.status).toBe(400);
    expect(((await already.json()) as { id: string }).id).toBe('api.channel.convert_channel_to_private.private_channel_error');
    const ts = await call(t.basic.user.client, town.id);
    expect(ts.status).toBe(400);
    expect(((await ts.json()) as { id: string }).id).toBe('api.channel.convert_channel_to_private.default_channel_error');
  });
});

describe('DELETE /channels/{channel_id}/members/{user_id}', () => {
  it('removal by another member: user_removed to channel and user, system_remove_from_channel by the remover, then no access', async () => {
    const { priv } = await world();
    const chanWs = await t.env.ws(t.basic.user.client);
    const userWs = await t.env.ws(t.basic.user2.client);
    expect(await t.basic.user.client.removeFromChannel(t.basic.user2.user.id, priv.id)).toEqual({ status: 'OK' });
    const toChan = await chanWs.next('user_removed', (e) => e.broadcast.channel_id === priv.id);
    expect(toChan.data).toEqual({ user_id: t.basic.user2.user.id, remover_id: t.basic.user.user.id });
    const toUser = await userWs.next('user_removed', (e) => e.data.channel_id === priv.id);
    expect(toUser.broadcast.user_id).toBe(t.basic.user2.user.id);
    expect(toUser.data).toEqual({ channel_id: priv.id, remover_id: t.basic.user.user.id });
    const post = await lastPost(priv.id);
    expect(post).toMatchObject({
      type: 'system_remove_from_channel',
      user_id: t.basic.user.user.id,
      message: `@${t.basic.user2.user.username} removed from the channel.`,
      props: { removedUserId: t.basic.user2.user.id, removedUsername: t.basic.user2.user.username },
    });
    expect(await channelMemberRow(t.env, priv.id, t.basic.user2.user.id)).toBeUndefined();
    const e = await fails(t.basic.user2.client.getPosts(priv.id));
    expect(e.status_code).toBe(403);
    const again = await fails(t.basic.user.client.removeFromChannel(t.basic.user2.user.id, priv.id));
    expect([again.status_code, again.server_error_id]).toEqual([404, 'app.channel.get_member.missing.app_error']);
  });

  it('leaving yourself needs no permission and posts system_leave_channel', async () => {
    const { pub } = await world();
    await t.basic.user2.client.removeFromChannel('me', pub.id);
    const post = await lastPost(pub.id);
    expect(post).toMatchObject({
      type: 'system_leave_channel',
      user_id: t.basic.user2.user.id,
      message: `@${t.basic.user2.user.username} left the channel.`,
      props: { username: t.basic.user2.user.username },
    });
  });

  it('refuses DMs and GMs, town-square (also for yourself), and others without the channel permission', async () => {
    const { team, pub, town } = await world();
    const dm = await t.basic.user.client.createDirectChannel([t.basic.user.user.id, t.basic.user2.user.id]);
    const e1 = await fails(t.basic.user.client.removeFromChannel(t.basic.user2.user.id, dm.id));
    expect([e1.status_code, e1.server_error_id]).toEqual([400, 'api.channel.remove_channel_member.type.app_error']);
    const gm = await t.basic.user.client.createGroupChannel([t.basic.user.user.id, t.basic.user2.user.id, t.basic.admin.user.id]);
    const e2 = await fails(t.basic.user.client.removeFromChannel('me', gm.id));
    expect([e2.status_code, e2.server_error_id]).toEqual([400, 'api.channel.remove_channel_member.type.app_error']);
    const e3 = await fails(t.basic.user2.client.removeFromChannel('me', town.id));
    expect([e3.status_code, e3.server_error_id]).toEqual([400, 'api.channel.remove.default.app_error']);
    const e4 = await fails(t.basic.user.client.removeFromChannel(t.basic.user2.user.id, town.id));
    expect(e4.server_error_id).toBe('api.channel.remove.default.app_error');
    expect(await channelMemberRow(t.env, town.id, t.basic.user2.user.id)).toBeDefined();

    // A team member who is not in the channel has neither channel role nor team permission.
    const third = await t.env.newUser('third');
    await t.basic.user.client.addToTeam(team.id, third.user.id);
    const e5 = await fails(third.client.removeFromChannel(t.basic.user2.user.id, pub.id));
    expect([e5.status_code, e5.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const e6 = await fails(third.client.removeFromChannel('me', pub.id));
    expect([e6.status_code, e6.server_error_id]).toEqual([404, 'app.channel.get_member.missing.app_error']);
  });
});
