// Founding endpoint 3: POST /teams/{team_id}/import with a real Slack export zip, all or nothing, idempotent.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Team } from '@mattermost/types/teams';
import type { Post } from '@mattermost/types/posts';
import { setup, uniq, useBasic } from '../../test/helper.ts';
import {
  channelMemberIds,
  channelRow,
  channelRowByName,
  channelsOfUser,
  fileInfosOfPosts,
  postRow,
  tableRowCounts,
  teamMembersOfUser,
  userRow,
} from '../../test/db.ts';
import { buildZip, makeSlackZip, slackExportEntries, writeTempFile } from '../../test/fixtures/slack/make-zip.ts';
import { DIAGRAM_PNG, realisticSlackExport } from '../../test/fixtures/slack/realistic-export.ts';

const t = useBasic();

interface ImportCall {
  status: number;
  body: { results?: string; id?: string; status_code?: number; detailed_error?: string };
}

/** Posts the zip at `zipPath` as Mattermost's webapp did: file, filesize, importFrom. */
async function importZip(
  teamId: string,
  zipPath: string,
  opts: { token?: string; filesize?: string | null; importFrom?: string | null; fileField?: string } = {},
): Promise<ImportCall> {
  const form = new FormData();
  const data = fs.readFileSync(zipPath);
  if (opts.fileField !== '') form.append(opts.fileField ?? 'file', new Blob([data]), path.basename(zipPath));
  if (opts.filesize !== null) form.append('filesize', opts.filesize ?? String(data.length));
  if (opts.importFrom !== null) form.append('importFrom', opts.importFrom ?? 'slack');
  const res = await fetch(`${t.env.url}/api/v4/teams/${teamId}/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${opts.token ?? t.basic.admin.client.getToken()}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as ImportCall['body'] };
}

/** Row count of every table in the database. */
const rowCounts = () => tableRowCounts(t.env);

async function newTeam(): Promise<Team> {
  return t.basic.admin.client.createTeam({ name: uniq('imp'), display_name: 'Import', type: 'O' } as Team);
}

async function postsOf(channelId: string): Promise<Post[]> {
  const list = await t.basic.admin.client.getPosts(channelId, 0, 200);
  return list.order.map((id) => list.posts[id]).reverse();
}

describe('POST /teams/{team_id}/import (slack)', () => {
  it('imports users, channels, DMs and GMs, posts with Slack times, threads, markup, bot posts and files', async () => {
    const team = await newTeam();
    const zip = makeSlackZip(realisticSlackExport());
    const res = await importZip(team.id, zip);
    expect(res.status).toBe(200);
    const log = Buffer.from(res.body.results!, 'base64').toString('utf8');
    expect(log.startsWith('Mattermost Slack Import Log\r\n')).toBe(true);
    expect(log).toContain('Slack user with email alice@example.org has been imported.');
    expect(log).toContain('User carol does not have an email address in the Slack export.');

    const admin = t.basic.admin.client;
    const alice = await admin.getUserByEmail('alice@example.org');
    const bob = await admin.getUserByEmail('bob@corp.example');
    const carol = await admin.getUserByEmail('carol@example.com');
    expect([alice.first_name, alice.last_name]).toEqual(['Alice', 'Anders']);
    const aliceRow = await userRow(t.env, alice.id);
    expect(aliceRow!.password).toBe('');
    const teamIds = (await teamMembersOfUser(t.env, bob.id)).map((m) => m.team_id);
    expect(teamIds).toContain(team.id);

    const general = await admin.getChannelByName(team.id, 'general');
    expect(general).toMatchObject({ type: 'O', display_name: 'general', purpose: 'Company-wide', header: 'Welcome!' });
    const dev = await admin.getChannelByName(team.id, 'dev');
    const secret = await admin.getChannelByName(team.id, 'secret-plans');
    expect(secret.type).toBe('P');

    const posts = await postsOf(general.id);
    const root = posts.find((p) => p.message.startsWith('Hello'))!;
    expect(root.user_id).toBe(alice.id);
    expect(root.create_at).toBe(1704067300000);
    expect(root.message).toBe('Hello @channel, see ~dev and [our site](https://example.com) **now**');
    const reply = posts.find((p) => p.root_id === root.id)!;
    expect(reply.user_id).toBe(bob.id);
    expect(reply.create_at).toBe(1704153600000);
    expect(reply.message).toContain(`@${alice.username}`);
    const fresh = await postRow(t.env, root.id);
    expect([fresh!.reply_count, fresh!.last_reply_at]).toEqual([1, 1704153600000]);

    const join = posts.find((p) => p.type === 'system_join_channel' && p.create_at === 1704067200000)!;
    expect(join.user_id).toBe(alice.id);
    expect(posts.some((p) => p.type === 'system_header_change' && p.user_id === bob.id)).toBe(true);
    const botPost = posts.find((p) => (p.type as string) === 'slack_attachment')!;
    expect(botPost.props).toMatchObject({ override_username: 'deploybot', from_webhook: 'true' });
    const bot = await userRow(t.env, botPost.user_id);
    expect(bot!.username.startsWith('slackimportuser_')).toBe(true);
    expect(bot!.delete_at).toBeGreaterThan(0);

    const withFile = posts.find((p) => p.message === 'here is the diagram')!;
    expect(withFile.user_id).toBe(carol.id);
    const infos = await fileInfosOfPosts(t.env, [withFile.id]);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatchObject({ name: 'diagram.png', size: DIAGRAM_PNG.length, channel_id: general.id, user_id: carol.id });
    expect(fs.readFileSync(path.join(t.env.config.FileSettings.Directory, infos[0].path))).toEqual(DIAGRAM_PNG);

    // Counters follow the imported posts; the last post time is the newest Slack message.
    const gRow = (await channelRow(t.env, general.id))!;
    expect(gRow.total_msg_count).toBe(posts.length);
    expect(gRow.last_post_at).toBe(Math.max(...posts.map((p) => p.create_at)));

    const devPosts = await postsOf(dev.id);
    expect(devPosts.map((p) => p.message)).toEqual([`*waves at @${alice.username}*`, '@here standup, @all too']);

    const dmName = [alice.id, bob.id].sort().join('__');
    const dm = await channelRowByName(t.env, '', dmName);
    expect(dm?.type).toBe('D');
    expect((await postsOf(dm!.id)).map((p) => [p.user_id, p.message])).toEqual([[alice.id, 'hi bob']]);
    const gms = await channelsOfUser(t.env, carol.id);
    const gm = gms.find((c) => c.type === 'G')!;
    expect((await postsOf(gm.id)).map((p) => p.message)).toEqual(['group hello']);
    const secretMembers = (await channelMemberIds(t.env, secret.id)).sort();
    expect(secretMembers).toEqual([alice.id, carol.id].sort());
  });

  it('importing the same export twice adds no users, channels or posts', async () => {
    const team = await newTeam();
    const zip = makeSlackZip(realisticSlackExport());
    expect((await importZip(team.id, zip)).status).toBe(200);
    const before = await rowCounts();
    const again = await importZip(team.id, zip);
    expect(again.status).toBe(200);
    const log = Buffer.from(again.body.results!, 'base64').toString('utf8');
    expect(log).toContain('Slack user merged with an existing Mattermost user with matching email alice@example.org');
    expect(await rowCounts()).toEqual(before);
  });

  it('a truncated zip is a 400 and changes no row of any table', async () => {
    const team = await newTeam();
    const full = buildZip(slackExportEntries(realisticSlackExport()));
    const zip = writeTempFile(full.subarray(0, Math.floor(full.length / 2)), 'truncated.zip');
    const before = await rowCounts();
    const res = await importZip(team.id, zip);
    expect(res.status).toBe(400);
    expect(res.body.id).toBe('api.slackimport.slack_import.zip.app_error');
    expect(await rowCounts()).toEqual(before);
  });

  it('a failure half way (file store unwritable) rolls everything back', async () => {
    const team = await newTeam();
    const zip = makeSlackZip({
      ...realisticSlackExport(),
      users: [...(realisticSlackExport().users as unknown[]), { id: 'U77', name: 'zed', profile: { email: `${uniq('zed')}@example.net` } }],
    });
    const before = await rowCounts();
    const dir = t.env.config.FileSettings.Directory;
    const blocker = writeTempFile('not a directory', 'blocker');
    t.env.config.FileSettings.Directory = path.join(blocker, 'files');
    try {
      const res = await importZip(team.id, zip);
      expect(res.status).toBe(400);
      expect(res.body.id).toBe('api.slackimport.slack_import.failed.app_error');
    } finally {
      t.env.config.FileSettings.Directory = dir;
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses malformed JSON, a wrong filesize, missing fields and an unknown source with 400s and no writes', async () => {
    const team = await newTeam();
    const before = await rowCounts();
    const broken = writeTempFile(
      buildZip([...slackExportEntries(realisticSlackExport()), { path: 'groups.json', data: '[{"id": "G9",' }]),
      'broken.zip',
    );
    const cases: Array<[ImportCall, string]> = [[await importZip(team.id, broken), 'api.slackimport.slack_import.json.app_error']];
    const zip = makeSlackZip(realisticSlackExport());
    cases.push([await importZip(team.id, zip, { filesize: '12' }), 'api.slackimport.slack_import.zip.app_error']);
    cases.push([await importZip(team.id, zip, { filesize: 'abc' }), 'api.team.import_team.integer.app_error']);
    cases.push([await importZip(team.id, zip, { filesize: null }), 'api.team.import_team.unavailable.app_error']);
    cases.push([await importZip(team.id, zip, { importFrom: null }), 'api.team.import_team.no_import_from.app_error']);
    cases.push([await importZip(team.id, zip, { importFrom: 'hipchat' }), 'api.team.import_team.unknown_import_from.app_error']);
    cases.push([await importZip(team.id, zip, { fileField: '' }), 'api.team.import_team.no_file.app_error']);
    for (const [res, id] of cases) {
      expect(res.status).toBe(400);
      expect(res.body.id).toBe(id);
    }
    const notMultipart = await fetch(`${t.env.url}/api/v4/teams/${team.id}/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.basic.admin.client.getToken()}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(notMultipart.status).toBe(400);
    expect(((await notMultipart.json()) as { id: string }).id).toBe('api.team.import_team.parse.app_error');
    expect(await rowCounts()).toEqual(before);
  });

  it('needs import_team; a team admin who is not a system admin imports without merging accounts', async () => {
    const zip = makeSlackZip(realisticSlackExport());
    const denied = await importZip(t.basic.team.id, zip, { token: t.basic.user2.client.getToken() });
    expect(denied.status).toBe(403);
    expect(denied.body.id).toBe('api.context.permissions.app_error');

    // basic.user created basic.team (team_admin) but is not a system admin.
    const fx = realisticSlackExport();
    const fxUsers = fx.users as Array<{ profile: { email?: string } }>;
    fxUsers[0].profile.email = t.basic.user2.user.email;
    const bobEmail = `${uniq('bob')}@corp.example`;
    fxUsers[1].profile.email = bobEmail;
    const res = await importZip(t.basic.team.id, makeSlackZip(fx), { token: t.basic.user.client.getToken() });
    expect(res.status).toBe(200);
    const log = Buffer.from(res.body.results!, 'base64').toString('utf8');
    expect(log).toContain('Unable to import Slack user: alice.');
    const bob = await t.basic.admin.client.getUserByEmail(bobEmail);
    expect((await userRow(t.env, bob.id))!.email_verified).toBe(false);
  });
});

describe('POST /teams/{team_id}/import size limit', () => {
  it('refuses an upload over FileSettings.MaxFileSize with 413 and writes nothing', async () => {
    const small = await setup((c) => {
      c.FileSettings.MaxFileSize = 2000;
    });
    try {
      const a = await small.newUser('admin');
      const team = await a.client.createTeam({ name: uniq('big'), display_name: 'Big', type: 'O' } as Team);
      const zip = makeSlackZip({ ...realisticSlackExport(), extra: [{ path: 'padding.bin', data: Buffer.alloc(5000, 7), store: true }] });
      const form = new FormData();
      form.append('file', new Blob([fs.readFileSync(zip)]), 'big.zip');
      form.append('filesize', String(fs.statSync(zip).size));
      form.append('importFrom', 'slack');
      const res = await fetch(`${small.url}/api/v4/teams/${team.id}/import`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${a.client.getToken()}` },
        body: form,
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { id: string }).id).toBe('api.context.request_body_too_large.app_error');
      expect(await channelRowByName(small, team.id, 'general')).toBeUndefined();
    } finally {
      await small.close();
    }
  });
});
