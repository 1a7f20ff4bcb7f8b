// TOTP multi-factor authentication (codes computed here with otplib) and the audit log, through Client4.
import { describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import type { Client4 } from '@mattermost/client';
import { fails, useBasic } from '../../test/helper.ts';
import { mfaRowOf, userRow } from '../../test/db.ts';

const t = useBasic((c) => {
  c.ServiceSettings.EnableMultifactorAuthentication = true;
});

/** The code of the 30-second step `offset` steps from now. */
const codeAt = (secret: string, offset = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

async function raw(client: Client4, method: string, path: string, body?: unknown) {
  return fetch(`${t.env.url}/api/v4${path}`, {
    method,
    headers: { Authorization: `Bearer ${client.getToken()}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('MFA (TOTP)', () => {
  it('generates a secret, activates with a code, then asks for a code at login', async () => {
    const { client, user, password } = await t.env.newUser('mfa');
    const res = await raw(client, 'POST', `/users/${user.id}/mfa/generate`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const { secret, qr_code } = (await res.json()) as { secret: string; qr_code: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(Buffer.from(qr_code, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect((await mfaRowOf(t.env, user.id))?.secret).toBe(secret);
    expect((await client.getMe()).mfa_active).toBe(false);

    const wrong = await fails(client.updateUserMfa(user.id, true, '000000'));
    expect([wrong.status_code, wrong.server_error_id]).toEqual([401, 'mfa.activate.bad_token.app_error']);
    expect(await client.updateUserMfa(user.id, true, await codeAt(secret))).toEqual({ status: 'OK' });
    expect((await client.getMe()).mfa_active).toBe(true);
    expect(await t.env.client().checkUserMfa(user.username)).toEqual({ mfa_required: true });
    expect(await t.env.client().checkUserMfa('nobody-here')).toEqual({ mfa_required: false });

    // No secret anywhere else: the user's own view, an admin's view, another user's view.
    for (const viewer of [client, t.basic.admin.client, t.basic.user2.client]) {
      const seen = (await viewer.getUser(user.id)) as unknown as Record<string, unknown>;
      expect(JSON.stringify(seen)).not.toContain(secret);
      expect(seen.mfa_secret).toBeUndefined();
    }
    expect((await t.basic.user2.client.getUser(user.id)).mfa_active).toBeUndefined();

    const noCode = await fails(t.env.client().login(user.username, password));
    expect([noCode.status_code, noCode.server_error_id]).toEqual([400, 'mfa.validate_token.authenticate.app_error']);
    expect((await userRow(t.env, user.id))?.failed_attempts).toBe(0);
    const bad = await fails(t.env.client().login(user.username, password, '123456'));
    expect([bad.status_code, bad.server_error_id]).toEqual([401, 'api.user.check_user_mfa.bad_code.app_error']);
    expect((await userRow(t.env, user.id))?.failed_attempts).toBe(1);
    // A wrong password with a code is still the password's answer.
    const pw = await fails(t.env.client().login(user.username, 'wrong-password', await codeAt(secret, 1)));
    expect(pw.server_error_id).toBe('api.user.login.invalid_credentials_email_username');

    const next = await codeAt(secret, 1);
    expect((await t.env.client().login(user.username, password, next)).id).toBe(user.id);
    expect((await userRow(t.env, user.id))?.failed_attempts).toBe(0);
    // A code works once.
    const replay = await fails(t.env.client().login(user.username, password, next));
    expect(replay.server_error_id).toBe('api.user.check_user_mfa.bad_code.app_error');

    // An admin resets (deactivates) it: the secret is gone and login needs no code.
    expect(await t.basic.admin.client.updateUserMfa(user.id, false, '')).toEqual({ status: 'OK' });
    expect(await mfaRowOf(t.env, user.id)).toBeUndefined();
    expect((await t.env.client().login(user.username, password)).mfa_active).toBe(false);
  });

  it('refuses others, a missing code, and everything while MFA is disabled', async () => {
    const { client, user } = await t.env.newUser('mfano');
    const other = await fails(t.basic.user2.client.generateMfaSecret(user.id));
    expect([other.status_code, other.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const otherUpdate = await fails(t.basic.user2.client.updateUserMfa(user.id, false, ''));
    expect(otherUpdate.status_code).toBe(403);
    await client.generateMfaSecret(user.id);
    const missing = await raw(client, 'PUT', `/users/${user.id}/mfa`, { activate: true });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { id: string }).id).toBe('api.context.invalid_body_param.app_error');

    t.env.config.ServiceSettings.EnableMultifactorAuthentication = false;
    try {
      const off = await fails(client.generateMfaSecret(user.id));
      expect([off.status_code, off.server_error_id]).toEqual([501, 'mfa.mfa_disabled.app_error']);
      expect(await t.env.client().checkUserMfa(user.username)).toEqual({ mfa_required: false });
      const cfg = await t.env.client().getClientConfig();
      expect([cfg.EnableMultifactorAuthentication, cfg.EnforceMultifactorAuthentication]).toEqual(['false', 'false']);
    } finally {
      t.env.config.ServiceSettings.EnableMultifactorAuthentication = true;
    }
    const cfg = await t.env.client().getClientConfig();
    expect([cfg.EnableMultifactorAuthentication, cfg.EnforceMultifactorAuthentication]).toEqual(['true', 'false']);
    expect(cfg.PasswordEnableForgotLink).toBe('true');
  });

  it('enforced, a user without MFA may only read themselves and set it up (403 mfa_required); bots are exempt', async () => {
    const { client, user } = await t.env.newUser('mfaenf');
    t.env.config.ServiceSettings.EnableBotAccountCreation = true;
    t.env.config.ServiceSettings.EnableUserAccessTokens = true;
    const bot = await t.basic.admin.client.createBot({ username: 'enfbot' + Date.now().toString(36), display_name: 'B' } as never);
    const tok = await t.basic.admin.client.createUserAccessToken((bot as { user_id: string }).user_id, 'enf');
    t.env.config.ServiceSettings.EnforceMultifactorAuthentication = true;
    try {
      const cfg = await t.env.client().getClientConfig();
      expect(cfg.EnforceMultifactorAuthentication).toBe('true');
      expect((await t.env.client().getClientLicenseOld()).MFA).toBe('true');
      for (const call of [() => client.getMyTeams(), () => client.getUser(user.id), () => client.getProfiles(0, 10)]) {
        const e = await fails(call());
        expect([e.status_code, e.server_error_id]).toEqual([403, 'api.context.mfa_required.app_error']);
      }
      expect((await client.getMe()).id).toBe(user.id);
      const { secret } = await client.generateMfaSecret(user.id);
      await client.updateUserMfa(user.id, true, await codeAt(secret));
      expect(Array.isArray(await client.getMyTeams())).toBe(true);
      // The bot has no MFA and needs none; its token works.
      const botClient = t.env.client();
      botClient.setToken(tok.token ?? '');
      expect(Array.isArray(await botClient.getMyTeams())).toBe(true);
    } finally {
      t.env.config.ServiceSettings.EnforceMultifactorAuthentication = false;
    }
  });
});

describe('audits', () => {
  it('records logins, failures and MFA changes, listed newest first with permissions', async () => {
    const { client, user, password } = await t.env.newUser('audit');
    await fails(t.env.client().login(user.username, 'wrong-password'));
    await t.env.client().login(user.username, password);
    const { secret } = await client.generateMfaSecret(user.id);
    await client.updateUserMfa(user.id, true, await codeAt(secret));

    const mine = await client.getUserAudits(user.id, 0, 50);
    const actions = mine.map((a) => [a.action, a.extra_info]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['/api/v4/users/login', `failure - login_id=${user.username}`],
        ['/api/v4/users/login', 'success'],
        [`/api/v4/users/${user.id}/mfa`, 'success - mfa activated'],
      ]),
    );
    expect(actions[0]).toEqual([`/api/v4/users/${user.id}/mfa`, 'success - mfa activated']);
    for (const a of mine) {
      expect(a.user_id).toBe(user.id);
      expect(a.id).toMatch(/^[a-z0-9]{26}$/);
      expect(a.ip_address).toBe('127.0.0.1');
    }
    const success = mine.find((a) => a.extra_info === 'success')!;
    expect(success.session_id).toMatch(/^[a-z0-9]{26}$/);
    for (let i = 1; i < mine.length; i++) expect(mine[i - 1].create_at).toBeGreaterThanOrEqual(mine[i].create_at);
    expect(await client.getUserAudits(user.id, 0, 1)).toHaveLength(1);

    const other = await fails(t.basic.user2.client.getUserAudits(user.id));
    expect([other.status_code, other.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    expect((await t.basic.admin.client.getUserAudits(user.id)).length).toBe(mine.length);
    const all = await fails(client.getAudits());
    expect([all.status_code, all.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const everything = await t.basic.admin.client.getAudits(0, 200);
    expect(everything.some((a) => a.user_id === user.id && a.extra_info === 'success')).toBe(true);
    expect(await t.basic.admin.client.getAudits(0, 2)).toHaveLength(2);
  });

  it('records config changes and deactivations by the admin', async () => {
    const { user } = await t.env.newUser('deact');
    const admin = t.basic.admin;
    await admin.client.patchConfig({ TeamSettings: { SiteName: 'Audited' } } as never);
    await admin.client.updateUserActive(user.id, false);
    const rows = await admin.client.getUserAudits(admin.user.id, 0, 20);
    expect(rows.map((a) => [a.action, a.extra_info])).toEqual(
      expect.arrayContaining([
        ['/api/v4/config/patch', 'patchConfig'],
        [`/api/v4/users/${user.id}/active`, `user_id=${user.id} active=false`],
      ]),
    );
  });

  it('records role changes for the promoted user', async () => {
    const { user } = await t.env.newUser('promo');
    await t.basic.admin.client.updateUserRoles(user.id, 'system_user system_admin');
    const rows = await t.basic.admin.client.getUserAudits(user.id, 0, 20);
    expect(rows.map((a) => [a.action, a.extra_info, a.user_id])).toContainEqual([
      `/api/v4/users/${user.id}/roles`,
      `user=${user.id} roles=system_user system_admin`,
      user.id,
    ]);
  });
});
