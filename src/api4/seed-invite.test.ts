// Founding endpoint 1: joining a team from an e-mail invitation token or an invite id, and e-mail invitations end to end.
import { describe, expect, it } from 'vitest';
import type { Team } from '@mattermost/types/teams';
import { fails, uniq, useBasic } from '../../test/helper.ts';
import { saveTokenRow, teamMemberRow, tokenRow, tokenRowsOfType } from '../../test/db.ts';
import { useSmtp } from '../../test/smtp.ts';
import { INVITATION_EXPIRY_MS, TOKEN_TYPE_TEAM_INVITATION } from '../app/invites.ts';

const smtp = useSmtp();
const t = useBasic((c) => smtp.configure(c));

/** The `t` value of the signup link in a received invitation. */
function tokenFromMail(text: string): string {
  const m = /(https?:\/\/\S+\/signup_user_complete\/\?\S+)/.exec(text);
  if (!m) throw new Error('no signup link in mail: ' + text);
  return new URL(m[1]).searchParams.get('t') ?? '';
}

async function saveToken(token: string, extra: Record<string, string>, opts: { type?: string; createAt?: number } = {}) {
  await saveTokenRow(t.env, {
    token,
    create_at: opts.createAt ?? Date.now(),
    type: opts.type ?? TOKEN_TYPE_TEAM_INVITATION,
    extra: JSON.stringify(extra),
  });
}

async function newTeam(opts: Partial<Team> = {}): Promise<Team> {
  return t.basic.user.client.createTeam({ name: uniq('team'), display_name: 'Invite Team', type: 'O', ...opts } as Team);
}

describe('POST /teams/{team_id}/invite/email → POST /teams/members/invite?token=', () => {
  it('mails an invitation whose token joins the team once, with the join side effects', async () => {
    const team = await newTeam();
    const invitee = await t.env.newUser('invitee');
    const before = smtp.server.messages.length;
    const ok = await t.basic.user.client.sendEmailInvitesToTeam(team.id, [invitee.user.email.toUpperCase()]);
    expect(ok).toEqual({ status: 'OK' });
    const mail = await smtp.server.mailTo(invitee.user.email, before);
    expect(mail.to).toEqual([invitee.user.email]);
    expect(mail.subject).toContain('Invite Team');
    const token = tokenFromMail(mail.text);
    const row = await tokenRow(t.env, token);
    expect(row?.type).toBe('team_invitation');
    expect(JSON.parse(row!.extra)).toEqual({ teamId: team.id, email: invitee.user.email });

    const ws = await t.env.ws(invitee.client);
    const member = await invitee.client.addToTeamFromInvite(token, '');
    expect(member).toMatchObject({ team_id: team.id, user_id: invitee.user.id, delete_at: 0, scheme_user: true, scheme_admin: false });
    expect(member.roles).toBe('team_user');
    const added = await ws.next('added_to_team', (e) => e.data.team_id === team.id);
    expect(added.broadcast.user_id).toBe(invitee.user.id);
    expect(added.data.user_id).toBe(invitee.user.id);

    const channels = await invitee.client.getMyChannels(team.id);
    expect(channels.map((c) => c.name).sort()).toEqual(['off-topic', 'town-square']);
    const town = channels.find((c) => c.name === 'town-square')!;
    const posts = await invitee.client.getPosts(town.id);
    const join = Object.values(posts.posts).find((p) => p.user_id === invitee.user.id);
    expect(join?.type).toBe('system_join_team');
    expect(join?.message).toBe(`${invitee.user.username} joined the team.`);
    const offTopic = channels.find((c) => c.name === 'off-topic')!;
    const otPosts = await invitee.client.getPosts(offTopic.id);
    expect(Object.values(otPosts.posts).some((p) => p.user_id === invitee.user.id && p.type === 'system_join_channel')).toBe(true);

    // Single use: the token is gone.
    expect(await tokenRow(t.env, token)).toBeUndefined();
    const again = await fails(invitee.client.addToTeamFromInvite(token, ''));
    expect(again.status_code).toBe(400);
    expect(again.server_error_id).toBe('api.user.create_user.signup_link_invalid.app_error');
  });

  it('graceful mode answers per address: sent, refused domain, failed send', async () => {
    const team = await newTeam();
    await t.basic.user.client.patchTeam({ id: team.id, allowed_domains: 'example.com' } as Team);
    const before = smtp.server.messages.length;
    const res = (await t.basic.user.client.sendEmailInvitesToTeamGracefully(team.id, [
      'ok@example.com',
      'no@elsewhere.org',
    ])) as unknown as Array<{
      email: string;
      error: { id: string; status_code: number } | null;
    }>;
    expect(res).toHaveLength(2);
    expect(res[0]).toEqual({ email: 'ok@example.com', error: null });
    expect(res[1].email).toBe('no@elsewhere.org');
    expect(res[1].error).toMatchObject({ id: 'api.team.invite_members.invalid_email.app_error', status_code: 400 });
    await smtp.server.waitFor(before + 1);
    expect(smtp.server.messages.slice(before).map((m) => m.to[0])).toEqual(['ok@example.com']);

    // Strict mode refuses the whole list and sends nothing.
    const err = await fails(t.basic.user.client.sendEmailInvitesToTeam(team.id, ['a@example.com', 'b@elsewhere.org']));
    expect(err.status_code).toBe(400);
    expect(err.server_error_id).toBe('api.team.invite_members.invalid_email.app_error');
    expect(smtp.server.messages.length).toBe(before + 1);
  });

  it('reports a failed send per address in graceful mode and leaves no usable token', async () => {
    const team = await newTeam();
    const port = t.env.config.EmailSettings.SMTPPort;
    t.env.config.EmailSettings.SMTPPort = '1'; // nothing listens there
    try {
      const res = (await t.basic.user.client.sendEmailInvitesToTeamGracefully(team.id, ['x@example.com'])) as unknown as Array<{
        email: string;
        error: { id: string; status_code: number } | null;
      }>;
      expect(res[0].error).toMatchObject({ id: 'api.team.invite_members.unable_to_send_email.app_error', status_code: 500 });
      // Strict mode logs the failure and still answers OK, as Mattermost.
      expect(await t.basic.user.client.sendEmailInvitesToTeam(team.id, ['y@example.com'])).toEqual({ status: 'OK' });
    } finally {
      t.env.config.EmailSettings.SMTPPort = port;
    }
    const tokens = await tokenRowsOfType(t.env, 'team_invitation');
    expect(tokens.filter((t) => JSON.parse(t.extra).teamId === team.id)).toHaveLength(0);
  });

  it('needs invite_user and add_user_to_team on the team, and a non-empty list', async () => {
    const outsider = await t.env.newUser('outsider');
    const err = await fails(outsider.client.sendEmailInvitesToTeam(t.basic.team.id, ['z@example.com']));
    expect(err.status_code).toBe(403);
    expect(err.server_error_id).toBe('api.context.permissions.app_error');
    const empty = await fails(t.basic.user.client.sendEmailInvitesToTeam(t.basic.team.id, []));
    expect(empty.status_code).toBe(400);
    expect(empty.server_error_id).toBe('api.context.invalid_body_param.app_error');
  });

  it('DELETE /teams/invites/email invalidates pending invitations (system admin only)', async () => {
    const team = await newTeam();
    const invitee = await t.env.newUser('inv');
    const token = 'pending' + uniq('tok');
    await saveToken(token, { teamId: team.id, email: invitee.user.email });
    const denied = await fails(t.basic.user.client.invalidateAllEmailInvites());
    expect(denied.status_code).toBe(403);
    expect(await tokenRow(t.env, token)).toBeDefined();
    expect(await t.basic.admin.client.invalidateAllEmailInvites()).toEqual({ status: 'OK' });
    const err = await fails(invitee.client.addToTeamFromInvite(token, ''));
    expect(err.server_error_id).toBe('api.user.create_user.signup_link_invalid.app_error');
    expect(await invitee.client.getTeamMember(team.id, invitee.user.id).catch((e) => e.status_code)).toBe(403);
  });
});

describe('POST /teams/members/invite refusals', () => {
  it('refuses expired tokens (and deletes them), unknown and wrong-type tokens, and no parameter', async () => {
    const team = await newTeam();
    const u = await t.env.newUser('exp');
    const expired = 'expired' + uniq('t');
    await saveToken(expired, { teamId: team.id, email: u.user.email }, { createAt: Date.now() - INVITATION_EXPIRY_MS - 1000 });
    const e1 = await fails(u.client.addToTeamFromInvite(expired, ''));
    expect([e1.status_code, e1.server_error_id]).toEqual([400, 'api.user.create_user.signup_link_expired.app_error']);
    expect(await tokenRow(t.env, expired)).toBeUndefined();

    const e2 = await fails(u.client.addToTeamFromInvite('no-such-token', ''));
    expect([e2.status_code, e2.server_error_id]).toEqual([400, 'api.user.create_user.signup_link_invalid.app_error']);

    const wrong = 'verify' + uniq('t');
    await saveToken(wrong, { teamId: team.id, email: u.user.email }, { type: 'verify_email' });
    const e3 = await fails(u.client.addToTeamFromInvite(wrong, ''));
    expect([e3.status_code, e3.server_error_id]).toEqual([400, 'api.user.create_user.signup_link_invalid.app_error']);

    const guest = 'guest' + uniq('t');
    await saveToken(guest, { teamId: team.id, email: u.user.email, channels: '' }, { type: 'guest_invitation' });
    const e4 = await fails(u.client.addToTeamFromInvite(guest, ''));
    expect([e4.status_code, e4.server_error_id]).toEqual([400, 'api.user.create_user.invalid_invitation_type.app_error']);

    const gone = 'gone' + uniq('t');
    await saveToken(gone, { teamId: 'a'.repeat(26), email: u.user.email });
    const e5 = await fails(u.client.addToTeamFromInvite(gone, ''));
    expect([e5.status_code, e5.server_error_id]).toEqual([404, 'app.team.get.find.app_error']);

    const e6 = await fails(u.client.addToTeamFromInvite('', ''));
    expect([e6.status_code, e6.server_error_id]).toEqual([400, 'api.team.add_user_to_team.missing_parameter.app_error']);
    // None of these joined the team.
    expect((await u.client.getMyTeams()).map((t) => t.id)).not.toContain(team.id);
  });

  it('prefers the token over the invite id', async () => {
    const a = await newTeam();
    const b = await newTeam();
    const u = await t.env.newUser('both');
    const token = 'both' + uniq('t');
    await saveToken(token, { teamId: a.id, email: u.user.email });
    const m = await u.client.addToTeamFromInvite(token, b.invite_id);
    expect(m.team_id).toBe(a.id);
  });
});

describe('POST /teams/members/invite?invite_id=', () => {
  it('joins by invite id, also for invite-only teams; unknown ids are 404', async () => {
    const team = await newTeam({ type: 'I', allow_open_invite: false } as Partial<Team>);
    const full = await t.basic.user.client.getTeam(team.id);
    const u = await t.env.newUser('iid');
    const m = await u.client.addToTeamFromInvite('', full.invite_id);
    expect(m).toMatchObject({ team_id: team.id, user_id: u.user.id, roles: 'team_user' });
    const err = await fails(u.client.addToTeamFromInvite('', 'b'.repeat(26)));
    expect([err.status_code, err.server_error_id]).toEqual([404, 'app.team.get_by_invite_id.finding.app_error']);
  });

  it('an existing member gets the member back (201) with no new posts or events', async () => {
    const full = await t.basic.user.client.getTeam(t.basic.team.id);
    const ws = await t.env.ws(t.basic.user2.client);
    const before = await t.basic.user2.client.getPosts(t.basic.townSquare.id);
    const res = await fetch(`${t.env.url}/api/v4/teams/members/invite?token=&invite_id=${full.invite_id}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.basic.user2.client.getToken()}` },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ team_id: t.basic.team.id, user_id: t.basic.user2.user.id, delete_at: 0 });
    const after = await t.basic.user2.client.getPosts(t.basic.townSquare.id);
    expect(after.order).toEqual(before.order);
    // A later event proves the socket is live and nothing came before it.
    await t.basic.user.client.createPost({ channel_id: t.basic.townSquare.id, message: 'marker' } as never);
    await ws.next('posted', (e) => JSON.parse(e.data.post).message === 'marker');
    expect(ws.has('added_to_team')).toBe(false);
    expect(ws.has('user_added')).toBe(false);
  });

  it('applies the domain restriction and MaxUsersPerTeam', async () => {
    const team = await newTeam();
    await t.basic.user.client.patchTeam({ id: team.id, allowed_domains: 'corp.example' } as Team);
    const full = await t.basic.user.client.getTeam(team.id);
    const u = await t.env.newUser('dom');
    const err = await fails(u.client.addToTeamFromInvite('', full.invite_id));
    expect([err.status_code, err.server_error_id]).toEqual([400, 'api.team.join_user_to_team.allowed_domains.app_error']);

    const small = await newTeam();
    const fullSmall = await t.basic.user.client.getTeam(small.id);
    const max = t.env.config.TeamSettings.MaxUsersPerTeam;
    t.env.config.TeamSettings.MaxUsersPerTeam = 1;
    try {
      const e2 = await fails(u.client.addToTeamFromInvite('', fullSmall.invite_id));
      expect([e2.status_code, e2.server_error_id]).toEqual([400, 'app.team.join_user_to_team.max_accounts.app_error']);
    } finally {
      t.env.config.TeamSettings.MaxUsersPerTeam = max;
    }
    expect((await u.client.getMyTeams()).map((t) => t.id)).not.toContain(small.id);
  });

  it('reactivates a removed member who rejoins', async () => {
    const team = await newTeam();
    const full = await t.basic.user.client.getTeam(team.id);
    const u = await t.env.newUser('rejoin');
    await u.client.addToTeamFromInvite('', full.invite_id);
    await u.client.removeFromTeam(team.id, u.user.id);
    const removed = await teamMemberRow(t.env, team.id, u.user.id);
    expect(removed!.delete_at).toBeGreaterThan(0);
    const m = await u.client.addToTeamFromInvite('', full.invite_id);
    expect(m).toMatchObject({ delete_at: 0, roles: 'team_user' });
    const row = await teamMemberRow(t.env, team.id, u.user.id);
    expect(row!.delete_at).toBe(0);
    expect(row!.create_at).toBe(removed!.create_at);
    expect((await u.client.getMyTeams()).map((t) => t.id)).toContain(team.id);
  });
});

describe('GET /teams/invite/{invite_id}', () => {
  it('describes an open team without a session; unknown ids 404, invite-only teams 403', async () => {
    const full = await t.basic.user.client.getTeam(t.basic.team.id);
    const info = await t.env.client().getTeamInviteInfo(full.invite_id);
    expect(info).toEqual({ id: t.basic.team.id, name: t.basic.team.name, display_name: t.basic.team.display_name, description: '' });
    const err = await fails(t.env.client().getTeamInviteInfo('c'.repeat(26)));
    expect([err.status_code, err.server_error_id]).toEqual([404, 'app.team.get_by_invite_id.finding.app_error']);
    const closed = await newTeam({ type: 'I' } as Partial<Team>);
    const closedFull = await t.basic.user.client.getTeam(closed.id);
    const e2 = await fails(t.env.client().getTeamInviteInfo(closedFull.invite_id));
    expect([e2.status_code, e2.server_error_id]).toEqual([403, 'api.team.get_invite_info.not_open_team']);
  });
});
