// System console API: GET/PUT /config (masking, validation, saving, live effect), /config/patch, user (de)activation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client4 } from '@mattermost/client';
import type { AdminConfig } from '@mattermost/types/config';
import { fails, testConfig, useBasic, WsRecorder } from '../../test/helper.ts';
import { createServer, type ParleyServer } from '../server.ts';
import { FAKE_SETTING } from '../app/admin.ts';

const t = useBasic();
let server: ParleyServer;
let configFile: string;
let cleanup: () => Promise<void>;

// A server started with a config file path, so saving can be checked; the helper's env shares nothing with it.
async function serverWithFile(): Promise<{ server: ParleyServer; file: string; cleanup: () => Promise<void> }> {
  const t = await testConfig();
  t.config.EmailSettings.SMTPPassword = 'smtp-secret';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-cfg-'));
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify(t.config));
  const s = await createServer(t.config, { logLevel: 'silent', configPath: file });
  return {
    server: s,
    file,
    cleanup: async () => {
      await s.close();
      await t.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function clientFor(url: string): Client4 {
  const c = new Client4();
  c.setUrl(url);
  c.setIncludeCookies(false);
  return c;
}

beforeAll(async () => {
  const w = await serverWithFile();
  server = w.server;
  configFile = w.file;
  cleanup = w.cleanup;
});
afterAll(async () => cleanup?.());

describe('GET/PUT /config', () => {
  it('refuses non-admins with 403 and serves admins the full shape with secrets masked', async () => {
    const e = await fails(t.basic.user.client.getConfig());
    expect(e.status_code).toBe(403);
    expect(e.server_error_id).toBe('api.context.permissions.app_error');
    expect((await fails(t.basic.user.client.updateConfig({} as AdminConfig))).status_code).toBe(403);
    expect((await fails(t.basic.user.client.patchConfig({} as AdminConfig))).status_code).toBe(403);

    const cfg = await t.basic.admin.client.getConfig();
    expect(cfg.ServiceSettings.ListenAddress).toBe('127.0.0.1:0');
    expect(cfg.TeamSettings.EnableOpenServer).toBe(true);
    expect(cfg.SqlSettings.DataSource).toBe(FAKE_SETTING);
    expect(cfg.FileSettings.PublicLinkSalt).toBe(FAKE_SETTING);
    expect(cfg.EmailSettings.SMTPPassword).toBe(''); // empty secrets stay empty
  });

  it('saves to the config file, keeps masked secrets, applies live and publishes config_changed', async () => {
    const anon = clientFor(server.url);
    const admin = clientFor(server.url);
    await anon.createUser({ username: 'root1', email: 'root1@example.com', password: 'Passw0rd-root1' } as never, '', '');
    await admin.login('root1', 'Passw0rd-root1');
    const wsAdmin = await wsFor(admin, server.url);

    const cfg = await admin.getConfig();
    expect(cfg.EmailSettings.SMTPPassword).toBe(FAKE_SETTING);
    cfg.ServiceSettings.SiteURL = 'https://chat.example.com';
    cfg.TeamSettings.EnableOpenServer = false;
    cfg.FileSettings.MaxFileSize = 1234567;
    cfg.EmailSettings.SMTPServer = 'mail.example.com';
    const saved = await admin.updateConfig(cfg);
    expect(saved.ServiceSettings.SiteURL).toBe('https://chat.example.com');
    expect(saved.EmailSettings.SMTPPassword).toBe(FAKE_SETTING);

    // The file holds the real secret, not the mask; the live config took the new values.
    const onDisk = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    expect(onDisk.EmailSettings.SMTPPassword).toBe('smtp-secret');
    expect(onDisk.ServiceSettings.SiteURL).toBe('https://chat.example.com');
    expect(onDisk.FileSettings.MaxFileSize).toBe(1234567);
    expect(server.ctx.config().EmailSettings.SMTPPassword).toBe('smtp-secret');
    expect(server.ctx.config().EmailSettings.SMTPServer).toBe('mail.example.com');
    expect(server.ctx.siteURL()).toBe('https://chat.example.com');

    const ev = await wsAdmin.next('config_changed');
    expect(ev.data.config.SiteURL).toBe('https://chat.example.com');
    expect(ev.data.config.EnableOpenServer).toBe('false');
    expect(ev.data.config.SMTPPassword).toBeUndefined();
    wsAdmin.close();

    // Effect: open sign-up is now refused.
    const e = await fails(anon.createUser({ username: 'late1', email: 'late1@example.com', password: 'Passw0rd-late1' } as never, '', ''));
    expect(e.server_error_id).toBe('api.user.create_user.no_open_server');

    // A new secret replaces the old one; restart-only settings keep their current value.
    const again = await admin.getConfig();
    again.EmailSettings.SMTPPassword = 'new-secret';
    again.ServiceSettings.ListenAddress = ':9999';
    again.SqlSettings.DataSource = 'postgres://evil@example.com/x';
    await admin.updateConfig(again);
    expect(server.ctx.config().EmailSettings.SMTPPassword).toBe('new-secret');
    expect(server.ctx.config().ServiceSettings.ListenAddress).toBe('127.0.0.1:0');
    expect(server.ctx.config().SqlSettings.DataSource).not.toContain('evil');
  });

  it('rejects an invalid config with 400 and Mattermost ids, changing nothing', async () => {
    const admin = t.basic.admin.client;
    const before = JSON.stringify(t.env.server.ctx.config());
    const bad = async (mut: (c: AdminConfig) => void) => {
      const c = await admin.getConfig();
      mut(c);
      return fails(admin.updateConfig(c));
    };
    expect((await bad((c) => (c.ServiceSettings.SiteURL = 'ftp://nope'))).server_error_id).toBe('model.config.is_valid.site_url.app_error');
    expect((await bad((c) => (c.FileSettings.MaxFileSize = 0))).server_error_id).toBe('model.config.is_valid.max_file_size.app_error');
    expect((await bad((c) => (c.EmailSettings.ConnectionSecurity = 'SSL3'))).server_error_id).toBe(
      'model.config.is_valid.email_security.app_error',
    );
    const typed = await bad((c) => ((c.TeamSettings as unknown as Record<string, unknown>).EnableOpenServer = 'yes'));
    expect(typed.status_code).toBe(400);
    expect(typed.server_error_id).toBe('api.context.invalid_body_param.app_error');
    expect(JSON.stringify(t.env.server.ctx.config())).toBe(before);
  });

  it('changes X-Version-ID (its client config hash) when a client-visible setting changes', async () => {
    const versionId = async () => (await fetch(t.env.url + '/api/v4/system/ping')).headers.get('x-version-id');
    const before = await versionId();
    await t.basic.admin.client.patchConfig({ TeamSettings: { SiteName: 'Renamed site' } } as unknown as AdminConfig);
    const after = await versionId();
    expect(after).not.toBe(before);
    expect(after?.split('.').slice(0, 3)).toEqual(before?.split('.').slice(0, 3));
  });

  it('patches only the given settings', async () => {
    const admin = t.basic.admin.client;
    const before = t.env.server.ctx.config().TeamSettings.MaxUsersPerTeam;
    const out = await admin.patchConfig({ FileSettings: { MaxFileSize: 777 } } as unknown as AdminConfig);
    expect(out.FileSettings.MaxFileSize).toBe(777);
    expect(t.env.server.ctx.config().FileSettings.MaxFileSize).toBe(777);
    expect(t.env.server.ctx.config().TeamSettings.MaxUsersPerTeam).toBe(before);
    expect((await fails(admin.patchConfig({ FileSettings: { MaxFileSize: -1 } } as unknown as AdminConfig))).status_code).toBe(400);
  });
});

/** DELETE /users/{id} (Client4 has no method for it). */
function deleteUser(client: Client4, userId: string): Promise<unknown> {
  return (client as unknown as { doFetch(url: string, opts: { method: string }): Promise<unknown> }).doFetch(client.getUserRoute(userId), {
    method: 'delete',
  });
}

async function wsFor(client: Client4, url: string): Promise<WsRecorder> {
  const { WebSocketClient } = await import('@mattermost/client');
  const wsc = new WebSocketClient();
  const rec = new WsRecorder(wsc);
  const hello = rec.next('hello');
  wsc.initialize(url.replace('http', 'ws') + '/api/v4/websocket', client.getToken());
  await hello;
  return rec;
}

describe('deactivating and reactivating users', () => {
  it('DELETE /users/{id}: admin only; sessions revoked, login refused, user_updated sent; PUT active restores', async () => {
    const victim = await t.env.newUser('victim');
    await t.basic.admin.client.addToTeam(t.basic.team.id, victim.user.id);
    const watcher = await t.env.ws(t.basic.user.client);

    const e = await fails(t.basic.user.client.updateUserActive(victim.user.id, false));
    expect(e.status_code).toBe(403);
    expect((await fails(deleteUser(t.basic.user.client, victim.user.id))).status_code).toBe(403);
    const self = await fails(victim.client.updateUserActive(victim.user.id, false));
    expect(self.status_code).toBe(401);
    expect(self.server_error_id).toBe('api.user.update_active.not_enable.app_error');

    await deleteUser(t.basic.admin.client, victim.user.id);
    const ev = await watcher.next('user_updated', (x) => x.data.user.id === victim.user.id);
    expect(ev.data.user.delete_at).toBeGreaterThan(0);
    const gone = await fails(victim.client.getMe());
    expect(gone.status_code).toBe(401);
    const login = await fails(t.env.client().login(victim.user.username, victim.password));
    expect(login.server_error_id).toBe('api.user.login.inactive.app_error');

    const inactive = await t.basic.admin.client.getProfiles(0, 100, { inactive: true });
    expect(inactive.map((u) => u.id)).toContain(victim.user.id);
    const active = await t.basic.admin.client.getProfiles(0, 100, { active: true });
    expect(active.map((u) => u.id)).not.toContain(victim.user.id);

    await t.basic.admin.client.updateUserActive(victim.user.id, true);
    expect((await t.basic.admin.client.getUser(victim.user.id)).delete_at).toBe(0);
    await t.env.client().login(victim.user.username, victim.password);
  });

  it('validates the body and the user', async () => {
    const bad = await fetch(`${t.env.url}/api/v4/users/${t.basic.user2.user.id}/active`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${t.basic.admin.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ active: 'no' }),
    });
    expect(bad.status).toBe(400);
    expect((await fails(t.basic.admin.client.updateUserActive('a'.repeat(26), false))).status_code).toBe(404);
    expect((await fails(deleteUser(t.basic.admin.client, 'nope'))).status_code).toBe(400);
  });
});
