// Issue 16 (3): the salts and keys Mattermost generates are generated at first start and kept in the config file,
// a short salt is refused, GET /config never shows them, and a public link cannot be forged with an empty salt.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { fails, initBasic, setup, type Basic, type TestEnv } from '../helper.ts';

const FAKE = '********************************';

describe('generated secrets in the config file', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-secrets-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes random 32-character secrets at first start and keeps them on the next', () => {
    const file = path.join(dir, 'first', 'config.json');
    const first = loadConfig({ MM_CONFIG: file }).config;
    expect(first.FileSettings.PublicLinkSalt).toMatch(/^[a-z0-9]{32}$/);
    expect(first.SqlSettings.AtRestEncryptKey).toMatch(/^[a-z0-9]{32}$/);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved.FileSettings.PublicLinkSalt).toBe(first.FileSettings.PublicLinkSalt);
    expect(saved.SqlSettings.AtRestEncryptKey).toBe(first.SqlSettings.AtRestEncryptKey);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    const again = loadConfig({ MM_CONFIG: file }).config;
    expect(again.FileSettings.PublicLinkSalt).toBe(first.FileSettings.PublicLinkSalt);
    const other = loadConfig({ MM_CONFIG: path.join(dir, 'other', 'config.json') }).config;
    expect(other.FileSettings.PublicLinkSalt).not.toBe(first.FileSettings.PublicLinkSalt);
  });

  it('fills an existing file without a salt and leaves the rest of it as it was', () => {
    const file = path.join(dir, 'old.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ TeamSettings: { SiteName: 'Old Site' }, FileSettings: { PublicLinkSalt: '' }, Extra: { Kept: 1 } }),
    );
    const cfg = loadConfig({ MM_CONFIG: file, MM_TEAMSETTINGS_MAXUSERSPERTEAM: '7' }).config;
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved.FileSettings.PublicLinkSalt).toBe(cfg.FileSettings.PublicLinkSalt);
    expect(saved.FileSettings.PublicLinkSalt).toHaveLength(32);
    expect(saved.TeamSettings).toEqual({ SiteName: 'Old Site' });
    expect(saved.Extra).toEqual({ Kept: 1 });
  });

  it('takes a salt from MM_FILESETTINGS_PUBLICLINKSALT without writing it to the file', () => {
    const file = path.join(dir, 'env.json');
    fs.writeFileSync(file, '{}');
    const salt = 'e'.repeat(40);
    const cfg = loadConfig({ MM_CONFIG: file, MM_FILESETTINGS_PUBLICLINKSALT: salt }).config;
    expect(cfg.FileSettings.PublicLinkSalt).toBe(salt);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(salt);
  });
});

describe('secrets through the API', () => {
  let env: TestEnv;
  let b: Basic;
  beforeAll(async () => {
    env = await setup((c) => {
      c.FileSettings.EnablePublicLink = true;
    });
    b = await initBasic(env);
  });
  afterAll(() => env?.close());

  it('starts with generated secrets even from an in-memory config', () => {
    expect(env.server.ctx.config().FileSettings.PublicLinkSalt).toMatch(/^[a-z0-9]{32}$/);
    expect(env.server.ctx.config().SqlSettings.AtRestEncryptKey).toMatch(/^[a-z0-9]{32}$/);
  });

  it('does not serve a public link forged with an empty salt', async () => {
    const fd = new FormData();
    fd.append('channel_id', b.channel.id);
    fd.append('files', new Blob(['secret report']), 'r.txt');
    const up = await b.user.client.uploadFile(fd);
    const fileId = up.file_infos[0].id;
    await b.user.client.createPost({ channel_id: b.channel.id, message: 'file', file_ids: [fileId] } as any);
    const forged = crypto.createHash('sha256').update('').update(fileId).digest('base64url');
    const r = await fetch(`${env.url}/files/${fileId}/public?h=${forged}`);
    expect(r.status).toBe(400);
    const { link } = await b.user.client.getFilePublicLink(fileId);
    const good = await fetch(link.replace(/^https?:\/\/[^/]+/, env.url));
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('secret report');
  });

  it('never returns a secret from GET /config', async () => {
    const cfg = env.server.ctx.config();
    const r = await fetch(env.url + '/api/v4/config', { headers: { authorization: 'Bearer ' + b.admin.client.getToken() } });
    const text = await r.text();
    expect(r.status).toBe(200);
    const got = JSON.parse(text);
    expect(got.FileSettings.PublicLinkSalt).toBe(FAKE);
    expect(got.SqlSettings.AtRestEncryptKey).toBe(FAKE);
    expect(text).not.toContain(cfg.FileSettings.PublicLinkSalt);
    expect(text).not.toContain(cfg.SqlSettings.AtRestEncryptKey);
  });

  it('refuses a salt shorter than 32 characters, keeps a masked one, regenerates an emptied one', async () => {
    const admin = b.admin.client;
    const current = await admin.getConfig();
    const before = env.server.ctx.config().FileSettings.PublicLinkSalt;
    const short = await fails(admin.updateConfig({ ...current, FileSettings: { ...current.FileSettings, PublicLinkSalt: 'short' } }));
    expect(short.status_code).toBe(400);
    expect(short.server_error_id).toBe('model.config.is_valid.file_salt.app_error');
    expect(env.server.ctx.config().FileSettings.PublicLinkSalt).toBe(before);
    await admin.updateConfig(current);
    expect(env.server.ctx.config().FileSettings.PublicLinkSalt).toBe(before);
    await admin.updateConfig({ ...current, FileSettings: { ...current.FileSettings, PublicLinkSalt: '' } });
    const after = env.server.ctx.config().FileSettings.PublicLinkSalt;
    expect(after).toMatch(/^[a-z0-9]{32}$/);
    expect(after).not.toBe(before);
  });
});
