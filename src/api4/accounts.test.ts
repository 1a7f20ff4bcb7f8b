// Password reset by e-mail, PasswordSettings rules, password changes and e-mail verification, end to end through
// Client4 and a real SMTP server.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { fails, uniq, useBasic } from '../../test/helper.ts';
import { auditRowsOf, clearUserPassword, setTokenCreateAt, tokenRow, tokenRowsOfType, userRow } from '../../test/db.ts';
import { useSmtp, type ReceivedMail } from '../../test/smtp.ts';

const mailer = useSmtp();
const t = useBasic((c) => mailer.configure(c));

/** The next mail to `to` whose subject contains `subject`, from `from` on (mails arrive in any order). */
async function mailTo(to: string, subject: string, from = 0): Promise<ReceivedMail> {
  for (let n = from + 1; ; n++) {
    const mails = await mailer.server.waitFor(n);
    const found = mails.slice(from).find((m) => m.to.includes(to) && m.subject.includes(subject));
    if (found) return found;
  }
}

function linkToken(mail: ReceivedMail, path: string): string {
  const m = new RegExp(`(https?://\\S+/${path}\\?\\S+)`).exec(mail.text);
  if (!m) throw new Error(`no ${path} link in: ${mail.text}`);
  return new URL(m[1]).searchParams.get('token') ?? '';
}

/** UserProfile as the server sends it to the user themselves (Client4's type lacks the flag). */
const verified = (u: UserProfile) => (u as UserProfile & { email_verified: boolean }).email_verified;

const key = (token: string) => createHash('sha256').update(token).digest('hex');

async function requestReset(email: string): Promise<string> {
  const before = mailer.server.messages.length;
  expect(await t.env.client().sendPasswordResetEmail(email)).toEqual({ status: 'OK' });
  return linkToken(await mailTo(email.toLowerCase(), 'Reset your password', before), 'reset_password_complete');
}

describe('POST /users/password/reset/send → POST /users/password/reset', () => {
  it('mails a single-use link whose token sets the new password and ends the sessions', async () => {
    const { client, user, password } = await t.env.newUser('reset');
    const token = await requestReset(user.email.toUpperCase());
    expect(token).toMatch(/^[a-z0-9]{64}$/);
    // Stored as Mattermost's Tokens row, keyed by the token's hash: the link is not readable from the database.
    expect(await tokenRow(t.env, token)).toBeUndefined();
    const row = await tokenRow(t.env, key(token));
    expect(row?.type).toBe('password_recovery');
    expect(JSON.parse(row!.extra)).toEqual({ UserId: user.id, Email: user.email });

    const before = mailer.server.messages.length;
    expect(await t.env.client().resetUserPassword(token, 'Brand-new-pass1')).toEqual({ status: 'OK' });
    expect((await fails(client.getMe())).status_code).toBe(401);
    const old = await fails(t.env.client().login(user.username, password));
    expect([old.status_code, old.server_error_id]).toEqual([401, 'api.user.login.invalid_credentials_email_username']);
    expect((await t.env.client().login(user.username, 'Brand-new-pass1')).id).toBe(user.id);
    expect(await tokenRow(t.env, key(token))).toBeUndefined();
    const again = await fails(t.env.client().resetUserPassword(token, 'Another-pass2'));
    expect([again.status_code, again.server_error_id]).toEqual([400, 'api.user.reset_password.invalid_link.app_error']);
    expect((await mailTo(user.email, 'password has been updated', before)).to).toEqual([user.email]);
    const audits = await auditRowsOf(t.env, user.id);
    expect(audits.some((a) => a.action === '/api/v4/users/password/reset' && a.extra_info === 'success')).toBe(true);
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const rowsBefore = (await tokenRowsOfType(t.env, 'password_recovery')).length;
    const nobody = `${uniq('nobody')}@example.com`;
    const { user } = await t.env.newUser('known');
    const send = (email: string) =>
      fetch(`${t.env.url}/api/v4/users/password/reset/send`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email }),
      });
    const [unknown, known] = [await send(nobody), await send(user.email)];
    expect([unknown.status, await unknown.text()]).toEqual([200, '{"status":"OK"}']);
    expect([known.status, await known.text()]).toEqual([200, '{"status":"OK"}']);
    // The reset mail is sent before the answer: had one gone to the unknown address, it would be here by now.
    await mailTo(user.email, 'Reset your password');
    expect(mailer.server.messages.some((m) => m.to.includes(nobody))).toBe(false);
    expect((await tokenRowsOfType(t.env, 'password_recovery')).length).toBe(rowsBefore + 1);
    const empty = await fails(t.env.client().sendPasswordResetEmail(''));
    expect([empty.status_code, empty.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
  });

  it('answers 500 send_password_reset.send when the mail cannot be sent, and keeps no token', async () => {
    const { user } = await t.env.newUser('nosmtp');
    const es = t.env.config.EmailSettings;
    const port = es.SMTPPort;
    // Port 9 on 127.0.0.1: nothing listens there (discard), so the connection is refused.
    es.SMTPPort = '9';
    try {
      const e = await fails(t.env.client().sendPasswordResetEmail(user.email));
      expect([e.status_code, e.server_error_id]).toEqual([500, 'api.user.send_password_reset.send.app_error']);
    } finally {
      es.SMTPPort = port;
    }
    const rows = await tokenRowsOfType(t.env, 'password_recovery');
    expect(rows.some((r) => JSON.parse(r.extra).UserId === user.id)).toBe(false);
  });

  it('keeps one pending link per user, and refuses expired, malformed and foreign tokens', async () => {
    const { user } = await t.env.newUser('expiry');
    const first = await requestReset(user.email);
    const second = await requestReset(user.email);
    const replaced = await fails(t.env.client().resetUserPassword(first, 'Brand-new-pass1'));
    expect(replaced.server_error_id).toBe('api.user.reset_password.invalid_link.app_error');

    await setTokenCreateAt(t.env, key(second), Date.now() - 24 * 3600_000 - 1000);
    const expired = await fails(t.env.client().resetUserPassword(second, 'Brand-new-pass1'));
    expect([expired.status_code, expired.server_error_id]).toEqual([400, 'api.user.reset_password.link_expired.app_error']);

    const short = await fails(t.env.client().resetUserPassword('abc', 'Brand-new-pass1'));
    expect([short.status_code, short.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);

    // A verification token is not a recovery token.
    const before = mailer.server.messages.length;
    await t.env.client().sendVerificationEmail(user.email);
    const verify = linkToken(await mailTo(user.email, 'erif', before), 'do_verify_email');
    const broken = await fails(t.env.client().resetUserPassword(verify, 'Brand-new-pass1'));
    expect([broken.status_code, broken.server_error_id]).toEqual([400, 'api.user.reset_password.broken_token.app_error']);
  });

  it('refuses a link issued for an address the user no longer has', async () => {
    const { client, user, password } = await t.env.newUser('moved');
    const token = await requestReset(user.email);
    await client.patchUser({ id: user.id, email: `${uniq('moved')}@example.com`, password } as UserProfile & { password: string });
    const e = await fails(t.env.client().resetUserPassword(token, 'Brand-new-pass1'));
    expect(e.server_error_id).toBe('api.user.reset_password.link_expired.app_error');
  });

  it('lets a user without a password (a Slack import) set one', async () => {
    const { user } = await t.env.newUser('slack', { login: false });
    await clearUserPassword(t.env, user.id);
    expect((await fails(t.env.client().login(user.username, 'anything-at-all'))).status_code).toBe(401);
    const token = await requestReset(user.email);
    await t.env.client().resetUserPassword(token, 'First-pass-123');
    expect((await t.env.client().login(user.email, 'First-pass-123')).id).toBe(user.id);
    expect((await userRow(t.env, user.id))?.failed_attempts).toBe(0);
  });

  it('keeps the token when the new password breaks the rules', async () => {
    const { user } = await t.env.newUser('weak');
    const token = await requestReset(user.email);
    const weak = await fails(t.env.client().resetUserPassword(token, 'short'));
    expect([weak.status_code, weak.server_error_id]).toEqual([400, 'model.user.is_valid.pwd.app_error']);
    await t.env.client().resetUserPassword(token, 'Long-enough-1');
    expect((await t.env.client().login(user.username, 'Long-enough-1')).id).toBe(user.id);
  });
});

describe('PasswordSettings rules', () => {
  // [rules, id, a password missing a class (or too short), one with every enabled class]
  const cases: Array<[Partial<Record<'Lowercase' | 'Uppercase' | 'Number' | 'Symbol', boolean>>, string, string, string]> = [
    [{}, 'model.user.is_valid.pwd.app_error', 'short', 'abcdefgh'],
    [{ Lowercase: true }, 'model.user.is_valid.pwd_lowercase.app_error', 'ABCDEFGH', 'abcdefgh'],
    [{ Uppercase: true }, 'model.user.is_valid.pwd_uppercase.app_error', 'abcdefgh', 'ABCDEFGH'],
    [{ Number: true }, 'model.user.is_valid.pwd_number.app_error', 'abcdefgh', 'abcdefg1'],
    [{ Symbol: true }, 'model.user.is_valid.pwd_symbol.app_error', 'abcdefgh', 'abcdefg\\'],
    [{ Lowercase: true, Number: true }, 'model.user.is_valid.pwd_lowercase_number.app_error', 'abcdefgh', 'abcdefg1'],
    [
      { Lowercase: true, Uppercase: true, Number: true, Symbol: true },
      'model.user.is_valid.pwd_lowercase_uppercase_number_symbol.app_error',
      'aB3defgh',
      'aB3 defgh',
    ],
  ];

  it.each(cases)('%o: refused as %s, accepted with every class', async (rules, id, bad, good) => {
    const ps = t.env.config.PasswordSettings;
    Object.assign(ps, { Lowercase: false, Uppercase: false, Number: false, Symbol: false, ...rules });
    try {
      const { client, user, password } = await t.env.newUser('rules');
      // Too short, or missing one class of the enabled ones: the same id, naming every enabled rule, with {Min}.
      const e = await fails(client.updateUserPassword(user.id, password, bad));
      expect([e.status_code, e.server_error_id]).toEqual([400, id]);
      expect(e.message).toContain('8');
      const tooShort = await fails(client.updateUserPassword(user.id, password, good.slice(0, 4)));
      expect(tooShort.server_error_id).toBe(id);
      expect(await client.updateUserPassword(user.id, password, good)).toEqual({ status: 'OK' });
    } finally {
      Object.assign(ps, { Lowercase: false, Uppercase: false, Number: false, Symbol: false });
    }
  });

  it('counts the length in bytes, 72 at most', async () => {
    const { client, user, password } = await t.env.newUser('bytes');
    const e = await fails(client.updateUserPassword(user.id, password, 'é'.repeat(37)));
    expect(e.server_error_id).toBe('model.user.is_valid.pwd.app_error');
    expect(await client.updateUserPassword(user.id, password, 'é'.repeat(36))).toEqual({ status: 'OK' });
  });
});

describe('PUT /users/{id}/password', () => {
  it('needs the current password for oneself, a permission for others', async () => {
    const { client, user, password } = await t.env.newUser('pwchange');
    const missing = await fails(client.updateUserPassword(user.id, '', 'Another-pass1'));
    expect([missing.status_code, missing.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
    const wrong = await fails(client.updateUserPassword(user.id, 'not-it-at-all', 'Another-pass1'));
    expect([wrong.status_code, wrong.server_error_id]).toEqual([400, 'api.user.update_password.incorrect.app_error']);
    expect((await userRow(t.env, user.id))?.failed_attempts).toBe(1);
    const other = await fails(t.basic.user2.client.updateUserPassword(user.id, '', 'Another-pass1'));
    expect([other.status_code, other.server_error_id]).toEqual([403, 'api.user.update_password.context.app_error']);
    await t.basic.admin.client.updateUserPassword(user.id, '', 'Admin-set-pass1');
    expect((await userRow(t.env, user.id))?.failed_attempts).toBe(0);
    expect((await fails(t.env.client().login(user.username, password))).status_code).toBe(401);
    expect((await t.env.client().login(user.username, 'Admin-set-pass1')).id).toBe(user.id);
    const audits = await auditRowsOf(t.env, user.id);
    expect(audits.map((a) => a.extra_info)).toEqual(expect.arrayContaining(['failed', 'completed']));
  });
});

describe('e-mail verification', () => {
  it('mails a link at sign-up when required, refuses login until it is used', async () => {
    t.env.config.EmailSettings.RequireEmailVerification = true;
    try {
      const name = uniq('verify');
      const email = `${name}@example.com`;
      const before = mailer.server.messages.length;
      const created = await t.env.client().createUser({ username: name, email, password: 'Verify-pass1' } as UserProfile, '', '');
      expect(verified(created)).toBe(false);
      const mail = await mailTo(email, 'verification', before);
      const token = linkToken(mail, 'do_verify_email');
      expect(new URL(/(https?:\/\/\S+do_verify_email\S+)/.exec(mail.text)![1]).searchParams.get('email')).toBe(email);

      // The right password reveals "not verified"; a wrong one does not.
      const wrong = await fails(t.env.client().login(name, 'not-the-password'));
      expect(wrong.server_error_id).toBe('api.user.login.invalid_credentials_email_username');
      const unverified = await fails(t.env.client().login(name, 'Verify-pass1'));
      expect([unverified.status_code, unverified.server_error_id]).toEqual([401, 'api.user.login.not_verified.app_error']);

      const bad = await fails(t.env.client().verifyUserEmail('x'.repeat(64)));
      expect([bad.status_code, bad.server_error_id]).toEqual([400, 'api.user.verify_email.bad_link.app_error']);
      const short = await fails(t.env.client().verifyUserEmail('x'));
      expect(short.server_error_id).toBe('api.context.invalid_body_param.app_error');

      expect(await t.env.client().verifyUserEmail(token)).toEqual({ status: 'OK' });
      const me = await t.env.client().login(name, 'Verify-pass1');
      expect(verified(me)).toBe(true);
      const used = await fails(t.env.client().verifyUserEmail(token));
      expect(used.server_error_id).toBe('api.user.verify_email.bad_link.app_error');
    } finally {
      t.env.config.EmailSettings.RequireEmailVerification = false;
    }
  });

  it('lets an admin mark an address verified (POST /users/{id}/email/verify/member)', async () => {
    t.env.config.EmailSettings.RequireEmailVerification = true;
    try {
      const { user, password } = await t.env.newUser('member', { login: false });
      const verifyMember = (c: Client4) =>
        fetch(`${t.env.url}/api/v4/users/${user.id}/email/verify/member`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${c.getToken()}` },
        });
      expect((await fails(t.env.client().login(user.username, password))).server_error_id).toBe('api.user.login.not_verified.app_error');
      const refused = await verifyMember(t.basic.user.client);
      expect([refused.status, ((await refused.json()) as { id: string }).id]).toEqual([403, 'api.context.permissions.app_error']);
      const res = await verifyMember(t.basic.admin.client);
      expect(res.status).toBe(200);
      const marked = (await res.json()) as UserProfile;
      expect([marked.id, verified(marked)]).toEqual([user.id, true]);
      expect((await t.env.client().login(user.username, password)).id).toBe(user.id);
    } finally {
      t.env.config.EmailSettings.RequireEmailVerification = false;
    }
  });

  it('resends on request (by e-mail or username), OK for unknown users', async () => {
    const { user } = await t.env.newUser('resend');
    expect(await t.env.client().sendVerificationEmail(`${uniq('ghost')}@example.com`)).toEqual({ status: 'OK' });
    const before = mailer.server.messages.length;
    await t.env.client().sendVerificationEmail(user.username);
    const sent = await mailTo(user.email, 'erif', before);
    expect(linkToken(sent, 'do_verify_email')).toMatch(/^[a-z0-9]{64}$/);
  });

  it('changes the address only once the new one is verified', async () => {
    const { client, user, password } = await t.env.newUser('change');
    const taken = t.basic.user2.user.email;
    const next = `${uniq('new')}@example.com`;
    t.env.config.EmailSettings.RequireEmailVerification = true;
    try {
      const dup = await fails(client.patchUser({ id: user.id, email: taken, password } as UserProfile & { password: string }));
      expect([dup.status_code, dup.server_error_id]).toEqual([400, 'app.user.save.email_exists.app_error']);
      const before = mailer.server.messages.length;
      const patched = await client.patchUser({ id: user.id, email: next, password } as UserProfile & { password: string });
      expect(patched.email).toBe(user.email);
      const mail = await mailTo(next, 'Verify new e-mail', before);
      expect((await client.getMe()).email).toBe(user.email);
      const ws = await t.env.ws(client);
      await t.env.client().verifyUserEmail(linkToken(mail, 'do_verify_email'));
      const me = await client.getMe();
      expect([me.email, verified(me)]).toEqual([next, true]);
      const ev = await ws.next('user_updated', (e) => e.data.user?.id === user.id);
      expect(ev.data.user.email).toBe(next);
      expect((await mailTo(user.email, 'email address has changed', before)).text).toContain(next);
    } finally {
      t.env.config.EmailSettings.RequireEmailVerification = false;
    }
  });
});
