// /api/v4/teams through Client4: create, get, by name, patch, stats, invite ids, members, leave; permissions and events.
import { describe, expect, it } from 'vitest';
import type { Team } from '@mattermost/types/teams';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

const FORBIDDEN = 'api.context.permissions.app_error';
const newTeam = (extra: Partial<Team> = {}) => ({ name: uniq('team'), display_name: 'A Team', type: 'O', ...extra }) as Team;

describe('create', () => {
  it('creates a team with 201, makes the creator team admin and joins the default channels', async () => {
    const res = await fetch(t.env.url + '/api/v4/teams', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + t.basic.user2.client.getToken(), 'content-type': 'application/json' },
      body: JSON.stringify(newTeam()),
    });
    expect(res.status).toBe(201);
    const team = (await res.json()) as Team;
    expect(team.id).toMatch(/^[a-z0-9]{26}$/);
    expect(team.invite_id).toMatch(/^[a-z0-9]{26}$/);
    const member = await t.basic.user2.client.getTeamMember(team.id, t.basic.user2.user.id);
    expect(member.roles.split(' ')).toEqual(expect.arrayContaining(['team_user', 'team_admin']));
    const chans = await t.basic.user2.client.getMyChannels(team.id);
    expect(chans.map((c) => c.name).sort()).toEqual(['off-topic', 'town-square']);
  });

  it('refuses bad names, reserved names and duplicates with 400', async () => {
    const bad = await fails(t.basic.user.client.createTeam(newTeam({ name: 'Bad Name' })));
    expect(bad.status_code).toBe(400);
    expect(bad.server_error_id).toBe('model.team.is_valid.characters.app_error');
    const reserved = await fails(t.basic.user.client.createTeam(newTeam({ name: 'api' })));
    expect(reserved.server_error_id).toBe('model.team.is_valid.reserved.app_error');
    const dupe = await fails(t.basic.user.client.createTeam(newTeam({ name: t.basic.team.name })));
    expect(dupe.status_code).toBe(400);
    expect(dupe.server_error_id).toBe('store.sql_team.save_team.existing.app_error');
    const noDisplay = await fails(t.basic.user.client.createTeam({ name: uniq('t'), type: 'O' } as Team));
    expect(noDisplay.status_code).toBe(400);
    const badType = await fails(t.basic.user.client.createTeam(newTeam({ type: 'X' as 'O' })));
    expect(badType.server_error_id).toBe('model.team.is_valid.type.app_error');
  });

  it('refuses team creation to non-admins when EnableTeamCreation is false', async () => {
    t.env.config.TeamSettings.EnableTeamCreation = false;
    try {
      const err = await fails(t.basic.user.client.createTeam(newTeam()));
      expect(err.status_code).toBe(403);
      expect(err.server_error_id).toBe('api.team.is_team_creation_allowed.disabled.app_error');
      const byAdmin = await t.basic.admin.client.createTeam(newTeam());
      expect(byAdmin.id).toMatch(/^[a-z0-9]{26}$/);
    } finally {
      t.env.config.TeamSettings.EnableTeamCreation = true;
    }
  });
});

describe('get', () => {
  it('gets a team by id and by name; unknown ones are 404 and bad ids 400', async () => {
    expect((await t.basic.user2.client.getTeam(t.basic.team.id)).name).toBe(t.basic.team.name);
    expect((await t.basic.user2.client.getTeamByName(t.basic.team.name)).id).toBe(t.basic.team.id);
    const nf = await fails(t.basic.user.client.getTeam('c'.repeat(26)));
    expect(nf.status_code).toBe(404);
    expect(nf.server_error_id).toBe('app.team.get.find.app_error');
    const nfName = await fails(t.basic.user.client.getTeamByName('no-such-' + uniq()));
    expect(nfName.status_code).toBe(404);
    expect(nfName.server_error_id).toBe('app.team.get_by_name.missing.app_error');
    const bad = await fails(t.basic.user.client.getTeam('bad'));
    expect(bad.status_code).toBe(400);
    expect(bad.server_error_id).toBe('api.context.invalid_url_param.app_error');
  });

  it('hides the invite id and email from members who cannot manage the team', async () => {
    const asMember = await t.basic.user2.client.getTeam(t.basic.team.id);
    expect(asMember.invite_id).toBe('');
    expect(asMember.email).toBe('');
    const asAdmin = await t.basic.user.client.getTeam(t.basic.team.id);
    expect(asAdmin.invite_id).toMatch(/^[a-z0-9]{26}$/);
  });

  it('a user who belongs to nothing cannot see a team that is not open', async () => {
    const loner = await t.env.newUser('loner');
    const err = await fails(loner.client.getTeam(t.basic.team.id));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    expect((await fails(loner.client.getTeamByName(t.basic.team.name))).status_code).toBe(403);
    expect((await fails(loner.client.getTeamStats(t.basic.team.id))).status_code).toBe(403);
    expect((await fails(loner.client.getTeamMembers(t.basic.team.id))).status_code).toBe(403);
    expect(await loner.client.getMyTeams()).toEqual([]);
  });

  it('lists my teams and the teams of another user only for admins', async () => {
    const mine = await t.basic.user2.client.getMyTeams();
    expect(mine.map((t) => t.id)).toContain(t.basic.team.id);
    const err = await fails(t.basic.user2.client.getTeamsForUser(t.basic.user.user.id));
    expect(err.status_code).toBe(403);
    const byAdmin = await t.basic.admin.client.getTeamsForUser(t.basic.user.user.id);
    expect(byAdmin.map((t) => t.id)).toContain(t.basic.team.id);
    const members = await t.basic.user2.client.getMyTeamMembers();
    expect(members.map((m) => m.team_id)).toContain(t.basic.team.id);
  });
});

describe('patch and invite id', () => {
  it('patches a team as its admin and broadcasts update_team; members may not', async () => {
    const ws = await t.env.ws(t.basic.user2.client);
    const patched = await t.basic.user.client.patchTeam({ id: t.basic.team.id, display_name: 'Renamed', description: 'about' } as Team);
    expect(patched.display_name).toBe('Renamed');
    expect(patched.description).toBe('about');
    const ev = await ws.next('update_team', (e) => JSON.parse(e.data.team).id === t.basic.team.id);
    expect(JSON.parse(ev.data.team).display_name).toBe('Renamed');
    expect(ev.broadcast.team_id).toBe(t.basic.team.id);
    ws.close();
    const err = await fails(t.basic.user2.client.patchTeam({ id: t.basic.team.id, display_name: 'Nope' } as Team));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    const bad = await fails(t.basic.user.client.patchTeam({ id: t.basic.team.id, display_name: '' } as Team));
    expect(bad.status_code).toBe(400);
    expect(bad.server_error_id).toBe('model.team.is_valid.display_name.app_error');
    expect((await t.basic.user2.client.getTeam(t.basic.team.id)).display_name).toBe('Renamed');
  });

  it('a patch cannot set the invite id; regeneration makes a new one', async () => {
    const before = await t.basic.user.client.getTeam(t.basic.team.id);
    const patched = await t.basic.user.client.patchTeam({ id: t.basic.team.id, invite_id: 'x'.repeat(26) } as Team);
    expect(patched.invite_id).toBe(before.invite_id);
    const regen = await t.basic.user.client.regenerateTeamInviteId(t.basic.team.id);
    expect(regen.invite_id).toMatch(/^[a-z0-9]{26}$/);
    expect(regen.invite_id).not.toBe(before.invite_id);
    expect((await t.basic.user.client.getTeam(t.basic.team.id)).invite_id).toBe(regen.invite_id);
    const err = await fails(t.basic.user2.client.regenerateTeamInviteId(t.basic.team.id));
    expect(err.status_code).toBe(403);
    const nf = await fails(t.basic.admin.client.regenerateTeamInviteId('d'.repeat(26)));
    expect(nf.status_code).toBe(404);
  });

  it('joins a team from its invite id; the old invite id stops working after regeneration', async () => {
    const team = await t.basic.user.client.getTeam(t.basic.team.id);
    const info = await t.env.client().getTeamInviteInfo(team.invite_id);
    expect(info.id).toBe(team.id);
    const joiner = await t.env.newUser('joiner');
    const member = await joiner.client.addToTeamFromInvite('', team.invite_id);
    expect(member.team_id).toBe(team.id);
    expect(member.user_id).toBe(joiner.user.id);
    const regen = await t.basic.user.client.regenerateTeamInviteId(t.basic.team.id);
    expect(regen.invite_id).not.toBe(team.invite_id);
    const late = await t.env.newUser('late');
    const err = await fails(late.client.addToTeamFromInvite('', team.invite_id));
    expect(err.status_code).toBeGreaterThanOrEqual(400);
    expect(err.status_code).toBeLessThan(500);
    const nf = await fails(t.env.client().getTeamInviteInfo(team.invite_id));
    expect(nf.status_code).toBe(404);
  });
});

describe('members and stats', () => {
  it('adds a member (added_to_team to them), lists members, gets one and by ids', async () => {
    const newbie = await t.env.newUser('newbie');
    const ws = await t.env.ws(newbie.client);
    const member = await t.basic.user.client.addToTeam(t.basic.team.id, newbie.user.id);
    expect(member.user_id).toBe(newbie.user.id);
    expect(member.roles).toBe('team_user');
    const ev = await ws.next('added_to_team', (e) => e.data.team_id === t.basic.team.id);
    expect(ev.data.user_id).toBe(newbie.user.id);
    ws.close();
    const members = await t.basic.user2.client.getTeamMembers(t.basic.team.id, 0, 200);
    expect(members.map((m) => m.user_id)).toEqual(expect.arrayContaining([t.basic.user.user.id, t.basic.user2.user.id, newbie.user.id]));
    expect((await t.basic.user2.client.getTeamMember(t.basic.team.id, newbie.user.id)).team_id).toBe(t.basic.team.id);
    const byIds = await t.basic.user2.client.getTeamMembersByIds(t.basic.team.id, [newbie.user.id, t.basic.user.user.id]);
    expect(byIds.map((m) => m.user_id).sort()).toEqual([newbie.user.id, t.basic.user.user.id].sort());
    // The new member joined town-square and off-topic.
    const chans = await newbie.client.getMyChannels(t.basic.team.id);
    expect(chans.map((c) => c.name)).toEqual(expect.arrayContaining(['town-square', 'off-topic']));
  });

  it('refuses adding members to those without add_user_to_team and bad input', async () => {
    const other = await t.env.newUser('other');
    const team = await t.basic.user2.client.createTeam(newTeam({ type: 'I' }));
    const err = await fails(t.basic.user.client.addToTeam(team.id, other.user.id));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe(FORBIDDEN);
    const self = await fails(other.client.addToTeam(team.id, other.user.id));
    expect(self.status_code).toBe(403);
    const nfUser = await fails(t.basic.user2.client.addToTeam(team.id, 'e'.repeat(26)));
    expect(nfUser.status_code).toBe(404);
    const nfTeam = await fails(t.basic.admin.client.addToTeam('e'.repeat(26), other.user.id));
    expect(nfTeam.status_code).toBe(404);
    const nfMember = await fails(t.basic.user2.client.getTeamMember(team.id, other.user.id));
    expect(nfMember.status_code).toBe(404);
    expect(nfMember.server_error_id).toBe('app.team.get_member.missing.app_error');
  });

  it('reports team stats', async () => {
    const stats = await t.basic.user2.client.getTeamStats(t.basic.team.id);
    expect(stats.team_id).toBe(t.basic.team.id);
    const members = await t.basic.user2.client.getTeamMembers(t.basic.team.id, 0, 200);
    expect(stats.total_member_count).toBe(members.length);
    expect(stats.active_member_count).toBe(members.length);
    const bad = await fails(t.basic.user2.client.getTeamStats('zz'));
    expect(bad.status_code).toBe(400);
  });

  it('removes a member (leave_team); a plain member cannot remove others', async () => {
    const leaver = await t.env.newUser('leaver');
    await t.basic.user.client.addToTeam(t.basic.team.id, leaver.user.id);
    const err = await fails(t.basic.user2.client.removeFromTeam(t.basic.team.id, leaver.user.id));
    expect(err.status_code).toBe(403);
    const ws = await t.env.ws(t.basic.user2.client);
    await t.basic.user.client.removeFromTeam(t.basic.team.id, leaver.user.id);
    const ev = await ws.next('leave_team', (e) => e.data.user_id === leaver.user.id);
    expect(ev.data.team_id).toBe(t.basic.team.id);
    ws.close();
    expect((await fails(leaver.client.getTeam(t.basic.team.id))).status_code).toBe(403);
    const m = await t.basic.user.client.getTeamMember(t.basic.team.id, leaver.user.id);
    expect(m.delete_at).toBeGreaterThan(0);
    const stats = await t.basic.user.client.getTeamStats(t.basic.team.id);
    const active = (await t.basic.user.client.getTeamMembers(t.basic.team.id, 0, 200)).filter((x) => x.delete_at === 0);
    expect(stats.active_member_count).toBe(active.length);
  });
});

describe('open teams', () => {
  it('lists and lets users join open teams that allow open invite', async () => {
    const open = await t.basic.user2.client.createTeam(newTeam({ allow_open_invite: true }));
    const loner = await t.env.newUser('explorer');
    const visible = (await loner.client.getTeams(0, 100)) as Team[];
    expect(visible.map((t) => t.id)).toContain(open.id);
    expect(visible.map((t) => t.id)).not.toContain(t.basic.team.id);
    expect((await loner.client.getTeam(open.id)).invite_id).toBe('');
    const joined = await loner.client.addToTeam(open.id, loner.user.id);
    expect(joined.team_id).toBe(open.id);
    const exists = await loner.client.checkIfTeamExists(open.name);
    expect(exists.exists).toBe(true);
  });
});

describe('remaining team routes', () => {
  const raw = (method: string, path: string, token: string, body?: unknown) =>
    fetch(t.env.url + '/api/v4' + path, {
      method,
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('updates a team with PUT (admin only, body id must match)', async () => {
    const team = await t.basic.user.client.getTeam(t.basic.team.id);
    const updated = await t.basic.user.client.updateTeam({ ...team, description: 'via PUT' });
    expect(updated.description).toBe('via PUT');
    expect((await fails(t.basic.user2.client.updateTeam({ ...team, description: 'no' }))).status_code).toBe(403);
    const mismatch = await raw('PUT', `/teams/${team.id}`, t.basic.user.client.getToken(), { ...team, id: 'w'.repeat(26) });
    expect(mismatch.status).toBe(400);
  });

  it('searches teams: open ones for users, all for admins', async () => {
    const hidden = await t.basic.user.client.createTeam(newTeam({ display_name: 'Searchable Hidden' }));
    const open = await t.basic.user.client.createTeam(newTeam({ display_name: 'Searchable Open', allow_open_invite: true }));
    const asUser = (await t.basic.user2.client.searchTeams(hidden.name.slice(0, 4), {})) as unknown as Team[];
    expect(asUser.map((t) => t.id)).not.toContain(hidden.id);
    const openFound = (await t.basic.user2.client.searchTeams(open.name, {})) as unknown as Team[];
    expect(openFound.map((t) => t.id)).toContain(open.id);
    const asAdmin = (await t.basic.admin.client.searchTeams(hidden.name, {})) as unknown as Team[];
    expect(asAdmin.map((t) => t.id)).toContain(hidden.id);
    const bad = await raw('POST', '/teams/search', t.basic.user.client.getToken(), {});
    expect(bad.status).toBe(400);
  });

  it('gets another user’s team members only as admin, and a member through the user route', async () => {
    expect((await fails(t.basic.user2.client.getTeamMembersForUser(t.basic.user.user.id))).status_code).toBe(403);
    const byAdmin = await t.basic.admin.client.getTeamMembersForUser(t.basic.user.user.id);
    expect(byAdmin.map((m) => m.team_id)).toContain(t.basic.team.id);
    const res = await raw('GET', `/users/${t.basic.user.user.id}/teams/${t.basic.team.id}/members`, t.basic.user2.client.getToken());
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user_id: string }).user_id).toBe(t.basic.user.user.id);
    expect((await fails(t.basic.user2.client.getTeamMembersForUser('bad'))).status_code).toBe(400);
  });

  it('refuses joining with a bogus invite id and reports a missing team name as not existing', async () => {
    const u = await t.env.newUser('bogus');
    const err = await fails(u.client.addToTeamFromInvite('', 'x'.repeat(26)));
    expect(err.status_code).toBeGreaterThanOrEqual(400);
    expect(err.status_code).toBeLessThan(500);
    expect((await u.client.checkIfTeamExists('nope-' + uniq())).exists).toBe(false);
    // Hidden teams do not exist for outsiders.
    expect((await u.client.checkIfTeamExists(t.basic.team.name)).exists).toBe(false);
  });
});
