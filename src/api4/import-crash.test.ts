// Issue 16 (defect 4): a Slack import interrupted by kill -9 leaves no orphan files once the server has started
// again, and SIGTERM during an import makes the server abandon it and exit. Parley runs as a child process here.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../test/helper.ts';
import { freePort, spawnParley } from '../../test/process.ts';
import { buildZip, slackExportEntries, type SlackExportFixture } from '../../test/fixtures/slack/make-zip.ts';
import { filesUnder, heldImport, postImport, until } from '../../test/fixtures/slack/import-http.ts';

interface Child {
  url: string;
  proc: ChildProcess;
  exited: Promise<number | null>;
}

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups = [];
});

/** A database, file store and staging directory, and a way to start Parley on them (as often as needed). */
async function site() {
  const { config, cleanup } = await testConfig();
  const importDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-crash-staging-'));
  const port = await freePort();
  const env: Record<string, string> = {
    MM_SQLSETTINGS_DRIVERNAME: config.SqlSettings.DriverName,
    MM_SQLSETTINGS_DATASOURCE: config.SqlSettings.DataSource,
    MM_SQLSETTINGS_MAXOPENCONNS: '5',
    MM_FILESETTINGS_DIRECTORY: config.FileSettings.Directory,
    MM_FILESETTINGS_MAXFILESIZE: String(1 << 30),
    MM_IMPORTSETTINGS_DIRECTORY: importDir,
    MM_TEAMSETTINGS_ENABLEOPENSERVER: 'true',
    MM_PASSWORDSETTINGS_PBKDF2WORKFACTOR: '1000',
  };
  const running: Child[] = [];
  cleanups.push(async () => {
    for (const c of running) c.proc.kill('SIGKILL');
    await Promise.all(running.map((c) => c.exited));
    await cleanup();
    fs.rmSync(importDir, { recursive: true, force: true });
  });
  const start = async (): Promise<Child> => {
    const { proc, url } = await spawnParley(port, env);
    const exited =
      proc.exitCode !== null ? Promise.resolve(proc.exitCode) : new Promise<number | null>((resolve) => proc.once('exit', resolve));
    const child = { url, proc, exited };
    running.push(child);
    return child;
  };
  return { start, filesDir: config.FileSettings.Directory, importDir };
}

async function api(url: string, p: string, token: string | undefined, body?: unknown, method = body ? 'POST' : 'GET') {
  const res = await fetch(url + '/api/v4' + p, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, token: res.headers.get('token') ?? '', body: (await res.json()) as Record<string, any> };
}

/** The first user (a system admin), logged in, and a team. */
async function adminAndTeam(url: string): Promise<{ token: string; teamId: string }> {
  await api(url, '/users', undefined, { username: 'crashadmin', email: 'crashadmin@example.com', password: 'Crash-passw0rd' });
  const login = await api(url, '/users/login', undefined, { login_id: 'crashadmin', password: 'Crash-passw0rd' });
  const team = await api(url, '/teams', login.token, { name: 'crash', display_name: 'Crash', type: 'O' });
  return { token: login.token, teamId: team.body.id as string };
}

const login = async (url: string) =>
  (await api(url, '/users/login', undefined, { login_id: 'crashadmin', password: 'Crash-passw0rd' })).token;

/** One channel with `messages` plain posts and `uploads` file shares of 16 KiB each. */
function bigExport(messages: number, uploads: number): Buffer {
  const ts = (i: number) => `${1_700_000_000 + i}.000100`;
  const day: unknown[] = [];
  for (let i = 0; i < messages; i++) day.push({ type: 'message', user: 'U1', text: `message ${i}`, ts: ts(i) });
  const files: NonNullable<SlackExportFixture['uploads']> = {};
  for (let i = 0; i < uploads; i++) {
    files[`F${i}`] = { name: `file-${i}.bin`, data: Buffer.alloc(16 * 1024, i) };
    day.push({ type: 'message', subtype: 'file_share', user: 'U1', text: `file ${i}`, ts: ts(messages + i), files: [{ id: `F${i}` }] });
  }
  return buildZip(
    slackExportEntries({
      users: [{ id: 'U1', name: 'crasher', profile: { email: 'crasher@example.com' } }],
      channels: [{ id: 'C1', name: 'bulk', creator: 'U1', members: ['U1'] }],
      messages: { bulk: { '2023-11-14': day } },
      uploads: files,
    }),
  );
}

const fileIdOf = (key: string) => key.split('/').at(-2)!;
const stagingDirs = (dir: string) => fs.readdirSync(dir).filter((n) => n.startsWith('slack-import-'));

describe('an interrupted Slack import', () => {
  it('killed (kill -9) while it writes files: the next start removes every file without a FileInfo row', async () => {
    const s = await site();
    let parley = await s.start();
    const { token, teamId } = await adminAndTeam(parley.url);
    const response = postImport(parley.url, token, teamId, bigExport(20_000, 300)).catch(() => undefined);
    await until(() => filesUnder(s.filesDir).length > 0, 60_000);
    parley.proc.kill('SIGKILL');
    await parley.exited;
    await response;

    parley = await s.start();
    const admin = await login(parley.url);
    for (const key of filesUnder(s.filesDir)) expect((await api(parley.url, `/files/${fileIdOf(key)}/info`, admin)).status).toBe(200);
    expect(stagingDirs(s.importDir)).toEqual([]);
  }, 180_000);

  it('SIGTERM during an import: the server abandons it, exits, and nothing of it remains', async () => {
    const s = await site();
    let parley = await s.start();
    const { token, teamId } = await adminAndTeam(parley.url);
    const held = heldImport(parley.url, token, teamId, bigExport(60_000, 50));
    held.release();
    await held.sent;
    parley.proc.kill('SIGTERM');
    expect(await parley.exited).toBe(0);
    await held.response.catch(() => undefined);

    parley = await s.start();
    const admin = await login(parley.url);
    expect((await api(parley.url, `/teams/${teamId}/channels/name/bulk`, admin)).status).toBe(404);
    expect(filesUnder(s.filesDir)).toEqual([]);
    expect(stagingDirs(s.importDir)).toEqual([]);
  }, 180_000);

  it('SIGTERM while the upload is still arriving: the server drops it and exits', async () => {
    const s = await site();
    const parley = await s.start();
    const { token, teamId } = await adminAndTeam(parley.url);
    const held = heldImport(parley.url, token, teamId, bigExport(10, 1));
    await held.streaming;
    parley.proc.kill('SIGTERM');
    expect(await parley.exited).toBe(0);
    held.release();
    await held.response.catch(() => undefined);
    expect(stagingDirs(s.importDir)).toEqual([]);
  }, 60_000);
});
