// Guest accounts: invitation by e-mail into one channel, sign-up through it, what a guest may read; promote/demote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserProfile } from '@mattermost/types/users';
import { doFetch } from '../../test/raw.ts';
import { fails, uniq, useBasic } from '../../test/helper.ts';
import { channelMemberRow, teamMemberRow, tokenRow, userRow } from '../../test/db.ts';
import { startSmtp, type TestSmtp } from '../../test/smtp.ts';

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => smtp?.close());
const t = useBasic((c) => {
  c.EmailSettings.SMTPServer = '127.0.0.1';
  c.EmailSettings.SMTPPort = String(smtp.port);
  c.EmailSettings.FeedbackEmail = 'noreply@parley.test';
  c.EmailSettings.SMTPServerTimeout = 5;
  c.GuestAccountsSettings.Enable = true;
});

function tokenFromMail(text: string): string {
  const m = /(https?:\/\/\S+\/signup_user_complete\/\?\S+)/.exec(text);
  if (!m) throw new Error('no signup link in mail: ' + text);
  return new URL(m[1]).searchParams.get('t') ?? '';
}

async function setGuests(enable: boolean): Promise<void> {
  const cfg = await t.basic.admin.client.getConfig();
  cfg.GuestAccountsSettings.Enable = enable;
  await t.basic.admin.client.updateConfig(cfg);
}

describe('POST /teams/{id}/invite-guests/email → sign-up', () => {
  it('a guest invited to one channel signs up and reads only that channel', async () => {
    const { team, channel, townSquare, privateChannel, admin } = t.basic;
    const email = `${uniq('guest')}@example.com`;
    const before = smtp.messages.length;
    const ok = await admin.client.sendEmailGuestInvitesToChannels(team.id, [channel.id], [email.toUpperCase()], 'Welcome aboard');
    expect(ok).toEqual({ status: 'OK' });
    const mail = await smtp.mailTo(email, before);
    expect(mail.to).toEqual([email]);
    expect(mail.text).toContain('Welcome aboard');
    const token = tokenFromMail(mail.text);
    expect((await tokenRow(t.env, token))?.type).toBe('guest_invitation');

    const anon = t.env.client();
    const username = uniq('g');
    const created = await anon.createUser({ username, email, password: 'Passw0rd-guest' } as UserProfile, token, '');
    expect(created.roles).toBe('system_guest');
    expect(await tokenRow(t.env, token)).toBeUndefined();
    const row = await userRow(t.env, created.id);
    expect(row?.email_verified).toBe(true);
    expect((await teamMemberRow(t.env, team.id, created.id))?.scheme_guest).toBe(1);

    const guest = t.env.client();
    await guest.login(username, 'Passw0rd-guest');
    const posts = await guest.getPosts(channel.id);
    expect(posts.order).toBeDefined();
    const m = (await guest.getChannelMember(channel.id, created.id)) as unknown as { scheme_guest: boolean; scheme_user: boolean };
    expect([m.scheme_guest, m.scheme_user]).toEqual([true, false]);
    for (const other of [townSquare.id, privateChannel.id]) {
      const e = await fails(guest.getPosts(other));
      expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    }
    const create = await fails(guest.createChannel({ team_id: team.id, name: uniq('gc'), display_name: 'G', type: 'O' } as never));
    expect(create.status_code).toBe(403);
    const invite = await fails(guest.sendEmailInvitesToTeam(team.id, ['x@example.com']));
    expect(invite.status_code).toBe(403);
    // Direct messages only with users who share a channel with the guest (user2 does; the admin does not).
    await guest.createDirectChannel([created.id, t.basic.user2.user.id]);
    const dm = await fails(guest.createDirectChannel([created.id, admin.user.id]));
    expect([dm.status_code, dm.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    // A guest sees only the people of its channels: in lists, searches, autocomplete and lookups alike.
    const seen = (list: Array<{ id: string }>) => list.map((u) => u.id);
    const inTeam = seen(await guest.getProfilesInTeam(team.id, 0, 200));
    expect(inTeam).toContain(t.basic.user2.user.id);
    expect(inTeam).not.toContain(admin.user.id);
    expect(seen(await guest.searchUsers(admin.user.username, { team_id: team.id } as never))).toEqual([]);
    expect(seen(await guest.searchUsers(admin.user.username, {} as never))).toEqual([]);
    expect(seen((await guest.autocompleteUsers(admin.user.username, team.id, '')).users)).toEqual([]);
    expect(seen(await guest.getProfilesByIds([admin.user.id, t.basic.user2.user.id]))).toEqual([t.basic.user2.user.id]);
    expect(seen(await guest.getProfilesByUsernames([admin.user.username]))).toEqual([]);
    for (const lookup of [guest.getUser(admin.user.id), guest.getUserByUsername(admin.user.username)]) {
      const e = await fails(lookup);
      expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    }
    expect((await guest.getUser(t.basic.user2.user.id)).id).toBe(t.basic.user2.user.id);
    // A member (view_members) still sees everyone in the team.
    expect(seen(await t.basic.user2.client.getProfilesInTeam(team.id, 0, 200))).toContain(admin.user.id);
  });

  it('refuses a token used with another e-mail address', async () => {
    const { team, channel, admin } = t.basic;
    const email = `${uniq('gmail')}@example.com`;
    const before = smtp.messages.length;
    await admin.client.sendEmailGuestInvitesToChannels(team.id, [channel.id], [email], '');
    const token = tokenFromMail((await smtp.mailTo(email, before)).text);
    const e = await fails(
      t.env
        .client()
        .createUser({ username: uniq('gx'), email: `${uniq('other')}@example.com`, password: 'Passw0rd-guest' } as UserProfile, token, ''),
    );
    expect([e.status_code, e.server_error_id]).toEqual([400, 'api.user.create_user.bad_token_email_data.app_error']);
  });

  it('validates the body with Mattermost ids and needs invite_guest', async () => {
    const { team, channel, admin, user } = t.basic;
    const send = (body: unknown, c = admin.client) =>
      doFetch(c, `${c.getTeamRoute(team.id)}/invite-guests/email`, { method: 'post', body: JSON.stringify(body) });
    const cases: Array<[unknown, string]> = [
      [{ emails: [], channels: [channel.id] }, 'model.guest.is_valid.emails.app_error'],
      [{ emails: ['nope'], channels: [channel.id] }, 'model.guest.is_valid.email.app_error'],
      [{ emails: ['a@example.com'], channels: [] }, 'model.guest.is_valid.channels.app_error'],
      [{ emails: ['a@example.com'], channels: ['short'] }, 'model.guest.is_valid.channel.app_error'],
    ];
    for (const [body, id] of cases) {
      const e = await fails(send(body));
      expect([e.status_code, e.server_error_id]).toEqual([400, id]);
    }
    // team admins hold no invite_guest by default (Mattermost grants it to system admins only)
    const denied = await fails(send({ emails: ['a@example.com'], channels: [channel.id] }, user.client));
    expect([denied.status_code, denied.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
  });

  it('answers 501 while guest accounts are off; switching them off deactivates every guest (guests_deactivated)', async () => {
    const g = await t.env.newUser('offguest');
    await t.basic.admin.client.demoteUserToGuest(g.user.id);
    const ws = await t.env.ws(t.basic.user.client);
    await setGuests(false);
    try {
      await ws.next('guests_deactivated');
      expect(Number((await userRow(t.env, g.user.id))?.delete_at)).toBeGreaterThan(0);
      expect((await fails(g.client.getMe())).status_code).toBe(401);
      const e = await fails(
        t.basic.admin.client.sendEmailGuestInvitesToChannels(t.basic.team.id, [t.basic.channel.id], ['a@example.com'], ''),
      );
      expect([e.status_code, e.server_error_id]).toEqual([501, 'api.team.invite_guests_to_channels.disabled.error']);
      const d = await fails(t.basic.admin.client.demoteUserToGuest(t.basic.user2.user.id));
      expect([d.status_code, d.server_error_id]).toEqual([501, 'api.team.demote_user_to_guest.disabled.error']);
    } finally {
      await setGuests(true);
    }
  });
});

describe('POST /users/{id}/demote and /promote', () => {
  it('demotes a user to guest everywhere and promotes back, with user_updated and memberrole_updated', async () => {
    const u = await t.env.newUser('demo');
    await t.basic.user.client.addToTeam(t.basic.team.id, u.user.id);
    const ws = await t.env.ws(u.client);
    await t.basic.admin.client.demoteUserToGuest(u.user.id);
    await ws.next('memberrole_updated', (e) => JSON.parse(e.data.member).scheme_guest === true);
    await ws.next('user_updated', (e) => e.data.user.roles === 'system_guest');
    expect((await userRow(t.env, u.user.id))?.roles).toBe('system_guest');
    expect((await teamMemberRow(t.env, t.basic.team.id, u.user.id))?.scheme_guest).toBe(1);
    expect((await fails(u.client.getPosts(t.basic.channel.id))).status_code).toBe(403);
    const again = await fails(t.basic.admin.client.demoteUserToGuest(u.user.id));
    expect([again.status_code, again.server_error_id]).toEqual([501, 'api.user.demote_user_to_guest.already_guest.app_error']);

    await t.basic.admin.client.promoteGuestToUser(u.user.id);
    expect((await userRow(t.env, u.user.id))?.roles).toBe('system_user');
    expect((await channelMemberRow(t.env, t.basic.townSquare.id, u.user.id))?.scheme_user).toBe(true);
    expect((await teamMemberRow(t.env, t.basic.team.id, u.user.id))?.scheme_user).toBe(1);
    await u.client.getPosts(t.basic.townSquare.id);
    const not = await fails(t.basic.admin.client.promoteGuestToUser(u.user.id));
    expect([not.status_code, not.server_error_id]).toEqual([501, 'api.user.promote_guest_to_user.no_guest.app_error']);
  });

  it('needs promote_guest / demote_to_guest (403)', async () => {
    expect((await fails(t.basic.user.client.demoteUserToGuest(t.basic.user2.user.id))).status_code).toBe(403);
    expect((await fails(t.basic.user.client.promoteGuestToUser(t.basic.user2.user.id))).status_code).toBe(403);
  });
});
