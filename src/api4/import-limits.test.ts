// Issue 16 (defect 4): a Slack import is held to its limits, runs one per team, summarises what it skipped, and
// leaves nothing behind when it fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Team } from '@mattermost/types/teams';
import { DRIVER, initBasic, setup, uniq, type Basic, type TestEnv } from '../../test/helper.ts';
import { buildZip, slackExportEntries, type SlackExportFixture } from '../../test/fixtures/slack/make-zip.ts';
import { realisticSlackExport } from '../../test/fixtures/slack/realistic-export.ts';
import { databaseOf, fileInfoRow, fileInfosOfPosts, leftRows, postRow } from '../../test/db.ts';
import { filesUnder, heldImport, importLog, postImport, tableCounts, until } from '../../test/fixtures/slack/import-http.ts';
import { defaultConfig } from '../config/config.ts';
import { ImportStore } from '../store/sql/import.ts';

let env: TestEnv;
let basic: Basic;
const importDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-import-staging-'));
beforeAll(async () => {
  env = await setup((c) => {
    c.ImportSettings.Directory = importDir;
  });
  basic = await initBasic(env);
});
afterAll(async () => {
  await env?.close();
  fs.rmSync(importDir, { recursive: true, force: true });
});
afterEach(() => {
  env.config.ImportSettings = { ...defaultConfig().ImportSettings, Directory: importDir };
  vi.restoreAllMocks();
});

const newTeam = (): Promise<Team> => basic.admin.client.createTeam({ name: uniq('lim'), display_name: 'Limits', type: 'O' } as Team);
const counts = () => tableCounts(databaseOf(env), DRIVER);
const importInto = (teamId: string, zip: Buffer) => postImport(env.url, basic.admin.client.getToken(), teamId, zip);
const zipOf = (fx: SlackExportFixture) => buildZip(slackExportEntries(fx));
const stagingDirs = () => fs.readdirSync(importDir).filter((n) => n.startsWith('slack-import-'));

describe('Slack import limits (ImportSettings)', () => {
  it('refuses an export that decompresses to more than ParleyMaxDecompressedBytes, before reading it', async () => {
    const team = await newTeam();
    env.config.ImportSettings.ParleyMaxDecompressedBytes = 1000;
    const before = await counts();
    const res = await importInto(team.id, zipOf(realisticSlackExport()));
    expect(res.status).toBe(400);
    expect(res.body.id).toBe('api.slackimport.slack_import.zip.too_large.app_error');
    expect(await counts()).toEqual(before);
    expect(stagingDirs()).toEqual([]);
  });

  it('refuses an entry compressed more than ParleyMaxCompressionRatio times (a zip bomb)', async () => {
    const team = await newTeam();
    const skippedMessage = { type: 'message', subtype: 'pinned_item', user: 'U01', ts: '1704067200.000100' };
    const bomb = `[${Array(40_000).fill(JSON.stringify(skippedMessage)).join(',')}]`;
    const fx = { ...realisticSlackExport(), extra: [{ path: 'general/2024-01-09.json', data: bomb }] };
    const before = await counts();
    const res = await importInto(team.id, zipOf(fx));
    expect(res.status).toBe(400);
    expect(res.body.id).toBe('api.slackimport.slack_import.zip.ratio.app_error');
    expect(res.body.message).toContain('general/2024-01-09.json');
    expect(await counts()).toEqual(before);
  });

  it('refuses a zip with more entries than ParleyMaxEntries', async () => {
    const team = await newTeam();
    env.config.ImportSettings.ParleyMaxEntries = 5;
    const res = await importInto(team.id, zipOf(realisticSlackExport()));
    expect(res.status).toBe(400);
    expect(res.body.id).toBe('api.slackimport.slack_import.zip.entries.app_error');
  });

  // The worker parses until its heap cap ends it: seconds alone, more than 30 on a loaded machine.
  const heavy = { timeout: 180_000 };
  it('fails an export that needs more memory than ParleyWorkerMaxMemoryMegabytes, and the server keeps serving', heavy, async () => {
    const team = await newTeam();
    env.config.ImportSettings.ParleyWorkerMaxMemoryMegabytes = 64;
    const messages = Array.from({ length: 400_000 }, (_, i) => ({
      type: 'message',
      user: 'U01',
      text: `m${i}`,
      ts: `${1_700_000_000 + i}.000100`,
    }));
    const fx = { ...realisticSlackExport(), messages: { general: { '2024-02-01': messages } } };
    const before = await counts();
    const res = await importInto(team.id, zipOf(fx));
    expect(res.status).toBe(400);
    expect(res.body.id).toBe('api.slackimport.slack_import.failed.app_error');
    expect(res.body.detailed_error).toContain('ParleyWorkerMaxMemoryMegabytes');
    expect(await counts()).toEqual(before);
    expect((await fetch(`${env.url}/api/v4/system/ping`)).status).toBe(200);
  });
});

describe('Slack imports at the same time', () => {
  it('one per team (409) and ParleyMaxConcurrentImports in all (429); the running one still completes', async () => {
    const [teamA, teamB] = [await newTeam(), await newTeam()];
    const zip = zipOf(realisticSlackExport());
    const held = heldImport(env.url, basic.admin.client.getToken(), teamA.id, zip);
    // The held import has its staging directory and is receiving the upload.
    await until(() => stagingDirs().some((d) => fs.existsSync(path.join(importDir, d, 'export.zip'))));

    const again = await importInto(teamA.id, zip);
    expect(again.status).toBe(409);
    expect(again.body.id).toBe('api.team.import_team.in_progress.app_error');
    env.config.ImportSettings.ParleyMaxConcurrentImports = 1;
    const other = await importInto(teamB.id, zip);
    expect(other.status).toBe(429);
    expect(other.body.id).toBe('api.team.import_team.busy.app_error');
    env.config.ImportSettings.ParleyMaxConcurrentImports = 2;

    held.release();
    const first = await held.response;
    expect(first.status).toBe(200);
    expect(await basic.admin.client.getChannelByName(teamA.id, 'general')).toMatchObject({ display_name: 'general' });
    // Done: the team takes an import again, and nothing is left staged.
    expect((await importInto(teamA.id, zip)).status).toBe(200);
    expect(stagingDirs()).toEqual([]);
  });
});

describe('What an import skips', () => {
  it('is summarised in the import log by kind, not logged message by message', async () => {
    const team = await newTeam();
    const at = (i: number) => `${1_704_067_200 + i}.000100`;
    const fx: SlackExportFixture = {
      users: [{ id: 'U1', name: uniq('ann'), profile: { email: `${uniq('ann')}@example.net` } }],
      channels: [{ id: 'C1', name: 'town', creator: 'U1', members: ['U1'] }],
      messages: {
        town: {
          '2024-01-01': [
            { type: 'message', user: 'U1', text: 'kept', ts: at(0) },
            ...Array.from({ length: 50 }, (_, i) => ({ type: 'message', subtype: 'pinned_item', user: 'U1', ts: at(1 + i) })),
            ...Array.from({ length: 3 }, (_, i) => ({ type: 'message', user: 'U404', text: 'who?', ts: at(100 + i) })),
          ],
        },
      },
    };
    const warn = vi.spyOn(env.server.ctx.log, 'warn');
    const res = await importInto(team.id, zipOf(fx));
    expect(res.status).toBe(200);
    const log = importLog(res);
    expect(log).toContain('50 messages were not imported: the message type is not supported (message/pinned_item: 50).\r\n');
    expect(log).toContain('3 messages were not imported: no user that could be imported wrote them (town: 3).\r\n');
    expect(log.indexOf('Not imported:')).toBeLessThan(log.indexOf('Notes:'));
    expect(warn.mock.calls.length).toBeLessThanOrEqual(1);
    const town = await basic.admin.client.getChannelByName(team.id, 'town');
    const posts = await basic.admin.client.getPosts(town.id);
    expect(Object.values(posts.posts).map((p) => p.message)).toEqual(['kept']);
  });
});

describe('What a failed import leaves', () => {
  it('removes the files it had copied and the posts it wrote ahead when the last transaction fails', async () => {
    const team = await newTeam();
    const filesBefore = filesUnder(env.config.FileSettings.Directory);
    const before = await counts();
    // The last step of the last transaction: every post and file of the new channels is written by then.
    vi.spyOn(ImportStore.prototype, 'deactivateUsers').mockRejectedValueOnce(new Error('disk full'));
    const res = await importInto(team.id, zipOf(realisticSlackExport()));
    expect(res.status).toBe(400);
    expect(res.body.id).toBe('api.slackimport.slack_import.failed.app_error');
    // SQLite's full-text shadow tables (posts_fts_data, _idx) keep their own segment layout after an insert and its
    // delete; every table of rows is as it was.
    const rows = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([t]) => !t.startsWith('posts_fts_')));
    expect(rows(await counts())).toEqual(rows(before));
    expect(filesUnder(env.config.FileSettings.Directory)).toEqual(filesBefore);
    expect(stagingDirs()).toEqual([]);
  });

  it('is swept at start: files an interrupted import journaled are removed unless a FileInfo row holds them', async () => {
    const team = await newTeam();
    expect((await importInto(team.id, zipOf(realisticSlackExport()))).status).toBe(200);
    const kept = (await fileInfosOfPosts(env, await postIdsOf(team.id)))[0];
    const filesDir = env.config.FileSettings.Directory;
    const orphanKey = `20240101/teams/${team.id}/channels/c/users/u/${'o'.repeat(26)}/orphan.bin`;
    fs.mkdirSync(path.dirname(path.join(filesDir, orphanKey)), { recursive: true });
    fs.writeFileSync(path.join(filesDir, orphanKey), 'left by a crash');
    // A staging directory as a killed process leaves it.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const dir = path.join(importDir, `slack-import-${'d'.repeat(26)}`);
    fs.mkdirSync(dir);
    const manifest = {
      import_id: 'd'.repeat(26),
      team_id: team.id,
      host: os.hostname(),
      pid: dead,
      started_at: Date.now(),
      files_root: path.resolve(filesDir),
    };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    // The killed import had written a post and its file's row ahead into a channel it never created.
    const orphanFileId = 'o'.repeat(26);
    const orphanChannelId = 'q'.repeat(26);
    await leftRows(env).posts.save({ ...(await postRow(env, kept.post_id))!, id: 'p'.repeat(26), channel_id: orphanChannelId });
    await leftRows(env).files.save({
      ...(await fileInfoRow(env, kept.id))!,
      id: orphanFileId,
      channel_id: orphanChannelId,
      path: orphanKey,
    });
    fs.writeFileSync(path.join(dir, 'files.journal'), `${orphanFileId}\t${orphanKey}\n${kept.id}\t${kept.path}\n`);
    fs.writeFileSync(path.join(dir, 'channels.journal'), `${orphanChannelId}\n${kept.channel_id}\n`);
    fs.writeFileSync(path.join(dir, 'export.zip'), 'partial upload');
    const keptPosts = await postIdsOf(team.id);

    expect(await env.server.app.slackImport.sweepImportStaging()).toEqual({ dirs: 1, files: 1 });
    expect(fs.existsSync(path.join(filesDir, orphanKey))).toBe(false);
    expect(fs.existsSync(path.join(filesDir, kept.path))).toBe(true);
    expect(fs.existsSync(dir)).toBe(false);
    expect(await postRow(env, 'p'.repeat(26))).toBeUndefined();
    expect(await fileInfoRow(env, orphanFileId)).toBeUndefined();
    expect(await postIdsOf(team.id)).toEqual(keptPosts);
    expect(await fileInfoRow(env, kept.id)).toBeDefined();
  });
});

async function postIdsOf(teamId: string): Promise<string[]> {
  const general = await basic.admin.client.getChannelByName(teamId, 'general');
  return (await basic.admin.client.getPosts(general.id)).order;
}

describe('Shutting down during an import', () => {
  it('abortImports abandons an import that is still receiving its upload and removes what it staged', async () => {
    const own = await setup((c) => {
      c.ImportSettings.Directory = importDir;
    });
    try {
      const admin = await own.newUser('admin');
      const team = await admin.client.createTeam({ name: uniq('abort'), display_name: 'Abort', type: 'O' } as Team);
      const held = heldImport(own.url, admin.client.getToken(), team.id, zipOf(realisticSlackExport()));
      await until(() => stagingDirs().some((d) => fs.existsSync(path.join(importDir, d, 'export.zip'))));
      await own.server.app.slackImport.abortImports();
      expect(stagingDirs()).toEqual([]);
      await expect(held.response).rejects.toThrow();
      const after = await postImport(own.url, admin.client.getToken(), team.id, zipOf(realisticSlackExport()));
      expect(after.body.id).toBe('api.slackimport.slack_import.failed.app_error');
    } finally {
      await own.close();
    }
  });
});
