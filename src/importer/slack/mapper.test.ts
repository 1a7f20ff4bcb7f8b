import { afterEach, describe, expect, it } from 'vitest';
import { buildZip, makeSlackZip, slackExportEntries, writeTempFile } from '../../../test/fixtures/slack/make-zip.ts';
import { DIAGRAM_PNG, realisticSlackExport } from '../../../test/fixtures/slack/realistic-export.ts';
import {
  buildImportPlan,
  channelNamesToCheck,
  cleanUsername,
  convertChannelName,
  directChannelName,
  formatImportLog,
  groupChannelName,
  importResponseBody,
  slackTsToMillis,
  type ExistingState,
  type PlanOptions,
} from './mapper.ts';
import { readSlackExport, type LoadedSlackExport } from './parse.ts';
import { SlackZipError } from './zip.ts';

const TEAM = 'teamid00000000000000000000';
const BOB = 'bobexisting000000000000000';
const NOW = 1_750_000_000_000;
const id = (n: number) => `id${String(n).padStart(24, '0')}`;

function opts(extra: Partial<PlanOptions> = {}): PlanOptions {
  let n = 0;
  return { teamId: TEAM, now: NOW, newId: () => id(++n), ...extra };
}
const existing = (extra: Partial<ExistingState> = {}): ExistingState => ({
  usersByEmail: new Map([['bob@corp.example', { id: BOB, username: 'robert' }]]),
  usernames: new Set(['robert', 'carol']),
  ...extra,
});

let loaded: LoadedSlackExport | undefined;
afterEach(() => loaded?.close());
async function load(fx = realisticSlackExport()) {
  loaded = await readSlackExport(makeSlackZip(fx));
  return loaded.export;
}

const NOTES = [
  '',
  'Notes:',
  '=======',
  '',
  '- Some messages may not have been imported because they were not supported by this importer.',
  '- Slack bot messages are currently not supported.',
  '- Additional errors may be found in the server logs.',
];

describe('readSlackExport', () => {
  it('parses every list and day file and indexes uploads lazily', async () => {
    const exp = await load();
    expect(exp.users.map((u) => [u.id, u.name, u.email])).toEqual([
      ['U01', 'alice', 'alice@example.org'],
      ['U02', 'bob', 'Bob@Corp.example'],
      ['U03', 'carol', ''],
    ]);
    expect(exp.channels.map((c) => [c.id, c.kind, c.name, c.members.length])).toEqual([
      ['C01', 'O', 'general', 3],
      ['C02', 'O', 'dev_', 3],
      ['G01', 'P', 'secret-plans', 2],
      ['G02', 'G', 'mpdm-alice--bob--carol-1', 3],
      ['D01', 'D', '', 2],
    ]);
    expect(exp.channels[0]).toMatchObject({ purpose: 'Company-wide', topic: 'Welcome!', creator: 'U01' });
    expect([...exp.posts.keys()].sort()).toEqual(['D01', 'dev_', 'general', 'mpdm-alice--bob--carol-1', 'secret-plans']);
    expect(exp.posts.get('general')).toHaveLength(9);
    const fileShare = exp.posts.get('general')!.find((m) => m.subtype === 'file_share')!;
    expect(fileShare).toMatchObject({ upload: true, files: [{ id: 'F01', title: 'diagram' }], user: 'U03' });
    const bot = exp.posts.get('general')!.find((m) => m.subtype === 'bot_message')!;
    expect(bot).toMatchObject({ bot_id: 'B01', username: 'deploybot', attachments: [{ color: 'good' }] });
    const upload = exp.uploads.get('F01')!;
    expect(upload).toMatchObject({ file_id: 'F01', name: 'diagram.png', size: 8, zip_path: '__uploads/F01/diagram.png' });
    const chunks: Buffer[] = [];
    for await (const c of await upload.open()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(DIAGRAM_PNG)).toBe(true);
    expect(exp.skipped).toEqual([]);
  });

  it('skips JSON entries over the size limit with Mattermost’s log line, and tolerates bad JSON', async () => {
    const fx = realisticSlackExport();
    fx.extra = [{ path: 'broken/2024-01-01.json', data: '[{"type": "message",' }];
    loaded = await readSlackExport(makeSlackZip(fx), { maxJsonBytes: 1500 });
    expect(loaded.export.skipped).toContain('general/2024-01-02.json in zip archive too large to process for Slack import');
    expect(loaded.export.posts.get('broken')).toEqual([]);
    expect(loaded.export.warnings.some((w) => w.includes('broken/2024-01-01.json'))).toBe(true);
    const plan = buildImportPlan(loaded.export, existing(), opts());
    expect(plan.log.slice(0, 2)).toEqual([
      'Mattermost Slack Import Log',
      'general/2024-01-02.json in zip archive too large to process for Slack import',
    ]);
  });

  it('rejects a corrupt archive or corrupt entry data with SlackZipError (400)', async () => {
    const notZip = writeTempFile('PK\u0003\u0004 but not really a zip', 'bad.zip');
    await expect(readSlackExport(notZip)).rejects.toMatchObject({ id: 'api.slackimport.slack_import.zip.app_error', statusCode: 400 });
    const zip = buildZip(slackExportEntries({ users: [{ id: 'U1', name: 'a'.repeat(300) }] }));
    zip[40] ^= 0xff; // inside users.json's deflate stream (30-byte header + 10-byte name)
    const err = await readSlackExport(writeTempFile(zip, 'crc.zip')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackZipError);
    expect((err as SlackZipError).id).toBe('api.slackimport.slack_import.open.app_error');
  });
});

describe('buildImportPlan on a realistic export', () => {
  it('plans exactly the users, channels, members, posts, files and log', async () => {
    const plan = buildImportPlan(await load(), existing(), opts());
    const user = (n: number, slack_id: string, username: string, email: string, first: string, last: string, verified: boolean) => ({
      id: id(n),
      slack_id,
      username,
      email,
      email_verified: verified,
      first_name: first,
      last_name: last,
      nickname: '',
      password: '',
      auth_service: '',
      roles: 'system_user',
      locale: 'en',
      create_at: NOW,
      update_at: NOW,
      delete_at: 0,
    });
    const botName = `slackimportuser_${id(3)}`;
    expect(plan.users).toEqual([
      user(1, 'U01', 'alice', 'alice@example.org', 'Alice', 'Anders', true),
      user(2, 'U03', 'carol-1', 'carol@example.com', 'Carol', '', true),
      user(4, '', botName, `${botName}@localhost`, '', '', false),
    ]);
    expect(plan.user_ids).toEqual({ U01: id(1), U02: BOB, U03: id(2) });
    expect(plan.team_joins).toEqual([id(1), BOB, id(2), id(4)]);
    expect(plan.password_resets).toEqual([id(1), id(2)]);
    expect(plan.bot_user_id).toBe(id(4));
    expect(plan.deactivate_user_ids).toEqual([id(4)]);

    const channel = (n: number, slack_id: string, team_id: string, type: string, name: string, rest: object = {}) => ({
      id: id(n),
      slack_id,
      team_id,
      type,
      name,
      display_name: '',
      purpose: '',
      header: '',
      creator_id: '',
      create_at: NOW,
      existing: false,
      ...rest,
    });
    const gmName = groupChannelName([id(1), BOB, id(2)]);
    expect(plan.channels).toEqual([
      channel(5, 'C01', TEAM, 'O', 'general', { display_name: 'general', purpose: 'Company-wide', header: 'Welcome!' }),
      channel(15, 'C02', TEAM, 'O', 'dev', { display_name: 'dev_' }),
      channel(18, 'G01', TEAM, 'P', 'secret-plans', { display_name: 'secret-plans', purpose: 'Plans', header: 'Shh' }),
      channel(20, 'G02', '', 'G', gmName, { display_name: 'alice, carol-1, robert' }),
      channel(22, 'D01', '', 'D', directChannelName(id(1), BOB), { creator_id: id(1) }),
    ]);
    const members = (ch: number, ...users: string[]) => users.map((user_id) => ({ channel_id: id(ch), user_id }));
    expect(plan.channel_members).toEqual([
      ...members(5, id(1), BOB, id(2)),
      ...members(15, id(1), BOB),
      ...members(18, id(1), id(2)),
      ...members(20, id(1), BOB, id(2)),
      ...members(22, id(1), BOB),
    ]);
    expect(plan.preferences).toEqual([
      { user_id: id(1), category: 'group_channel_show', name: id(20), value: 'true' },
      { user_id: BOB, category: 'group_channel_show', name: id(20), value: 'true' },
      { user_id: id(2), category: 'group_channel_show', name: id(20), value: 'true' },
      { user_id: id(1), category: 'direct_channel_show', name: BOB, value: 'true' },
      { user_id: BOB, category: 'direct_channel_show', name: id(1), value: 'true' },
    ]);

    const post = (n: number, ch: number, user_id: string, create_at: number, message: string, rest: object = {}) => ({
      id: id(n),
      channel_id: id(ch),
      user_id,
      root_id: '',
      message,
      type: '',
      props: {},
      create_at,
      file_ids: [],
      ...rest,
    });
    expect(plan.posts).toEqual([
      post(6, 5, id(1), 1704067200000, '@alice has joined the channel', { type: 'system_join_channel', props: { username: 'alice' } }),
      post(7, 5, id(1), 1704067201000, '@alice set the channel purpose: Company-wide', { type: 'system_purpose_change' }),
      post(8, 5, BOB, 1704067202000, '@robert set the channel topic: Welcome!', { type: 'system_header_change' }),
      post(9, 5, id(1), 1704067300000, 'Hello @channel, see ~dev and [our site](https://example.com) **now**'),
      post(10, 5, BOB, 1704153600000, '~~nope~~ @alice <3 `*code*`', { root_id: id(9) }),
      post(11, 5, id(2), 1704153700000, 'here is the diagram', { file_ids: [id(12)] }),
      post(13, 5, id(4), 1704153800000, 'Deployed [build 1](http://ci/1)', {
        type: 'slack_attachment',
        props: {
          from_webhook: 'true',
          override_username: 'deploybot',
          attachments: [
            {
              fallback: 'Deploy ok',
              color: 'good',
              text: '**ok** @robert',
              fields: [{ title: 'env', value: '[prod](http://prod)', short: true }],
            },
          ],
        },
      }),
      post(14, 5, id(2), 1704153900000, '@carol-1 has left the channel', { type: 'system_leave_channel', props: { username: 'carol-1' } }),
      post(16, 15, BOB, 1704067400000, '*waves at @alice*'),
      post(17, 15, BOB, 1704067500000, '@here standup, @all too'),
      post(19, 18, id(2), 1704067600000, 'psst'),
      post(21, 20, BOB, 1704067700000, 'group hello'),
      post(23, 22, id(1), 1704067800000, 'hi bob'),
    ]);
    expect(plan.files).toEqual([
      {
        id: id(12),
        post_id: id(11),
        channel_id: id(5),
        creator_id: id(2),
        name: 'diagram.png',
        extension: 'png',
        size: DIAGRAM_PNG.length,
        create_at: 1704153700000,
        slack_file_id: 'F01',
        zip_path: '__uploads/F01/diagram.png',
      },
    ]);

    expect(plan.log).toEqual([
      'Mattermost Slack Import Log',
      '',
      'Users created:',
      '===============',
      '',
      'Slack user with email alice@example.org has been imported.',
      'Slack user merged with an existing Mattermost user with matching email bob@corp.example and username robert.',
      'User carol does not have an email address in the Slack export. Used carol@example.com as a placeholder. The user should update their email address once logged in to the system.',
      'Slack user carol was imported with the username carol-1.',
      'Slack user with email carol@example.com has been imported.',
      `The Integration/Slack Bot user with email ${botName}@localhost has been imported.`,
      '',
      'Channels added:',
      '=================',
      '',
      'general',
      'Unable to add Slack user ? to channel.',
      'dev_',
      'secret-plans',
      'mpdm-alice--bob--carol-1',
      'D01',
      ...NOTES,
      '- Imported users have no password yet. Each one sets it with "Forgot password?" on the login page: a reset link is e-mailed to the imported address.',
    ]);
    expect(plan.warnings).toContain('Slack Import: message type message/pinned_item is not supported; skipped.');
  });

  it('is deterministic and plain data (JSON round-trips unchanged)', async () => {
    const exp = await load();
    const a = buildImportPlan(exp, existing(), opts());
    expect(buildImportPlan(exp, existing(), opts())).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('does not adopt existing accounts in a non-admin import, and leaves their content out', async () => {
    const plan = buildImportPlan(await load(), existing(), opts({ isAdminImport: false }));
    expect(plan.user_ids).toEqual({ U01: id(1), U03: id(2) });
    expect(plan.team_joins).not.toContain(BOB);
    expect(plan.users.every((u) => !u.email_verified)).toBe(true);
    expect(plan.log).toContain('Unable to import Slack user: bob.');
    expect(plan.posts.some((p) => p.user_id === BOB)).toBe(false);
    // Mentions of a user who was not imported fall back to the Slack label.
    expect(plan.posts.find((p) => p.type === 'system_join_channel')?.message).toBe('@alice has joined the channel');
    // The DM needs both users: it is not imported.
    expect(plan.channels.map((c) => c.type)).toEqual(['O', 'O', 'P']);
    expect(plan.log).toContain('Unable to import Slack channel D01.');
    expect(plan.log).toContain('Unable to import Slack channel mpdm-alice--bob--carol-1.');
  });
});

describe('buildImportPlan details', () => {
  const minimal = (messages: unknown[], extra: object = {}) => ({
    users: [
      { id: 'U1', name: 'ann', profile: { email: 'ann@x.io' } },
      { id: 'U2', name: 'ben', profile: { email: 'ben@x.io' } },
    ],
    channels: [{ id: 'C1', name: 'town', creator: 'U1', members: ['U1', 'U2'], topic: { value: '' }, purpose: { value: '' } }],
    messages: { town: { '2024-01-01': messages } },
    ...extra,
  });
  const noExisting: ExistingState = { usersByEmail: new Map(), usernames: new Set() };

  it('splits over-long messages into replies of the first part, create_at + 1 each, files on the first part only', async () => {
    const exp = await load(
      minimal(
        [
          {
            type: 'message',
            user: 'U1',
            text: 'abcdefghijkl',
            ts: '100.000001',
            thread_ts: '100.000001',
            upload: true,
            files: [{ id: 'F1' }],
          },
          { type: 'message', user: 'U2', text: '1234567', ts: '101.5', thread_ts: '100.000001' },
        ],
        { uploads: { F1: { name: 'a.txt', data: 'A' } } },
      ),
    );
    const plan = buildImportPlan(exp, noExisting, opts({ maxPostSize: 5 }));
    const [ann, ben] = [plan.user_ids.U1, plan.user_ids.U2];
    const rows = plan.posts.map((p) => [p.user_id, p.message, p.create_at, p.root_id, p.file_ids.length]);
    const first = plan.posts[0].id;
    expect(rows).toEqual([
      [ann, 'abcde', 100000, '', 1],
      [ann, 'fghij', 100001, first, 0],
      [ann, 'kl', 100002, first, 0],
      [ben, '12345', 101000, first, 0],
      [ben, '67', 101001, first, 0],
    ]);
  });

  it('merges into an active channel with the same name and renames around a deleted one', async () => {
    const exp = await load(
      minimal([], {
        channels: [
          { id: 'C1', name: 'town', members: ['U1'], topic: { value: '' }, purpose: { value: '' } },
          { id: 'C2', name: 'old', members: [], topic: { value: '' }, purpose: { value: '' } },
        ],
      }),
    );
    const channelsByName = new Map([
      ['town', { id: 'existingtown00000000000000', delete_at: 0 }],
      ['old', { id: 'deletedold0000000000000000', delete_at: 5 }],
    ]);
    const plan = buildImportPlan(exp, { ...noExisting, channelsByName }, opts());
    expect(plan.channels.map((c) => [c.id, c.name, c.existing])).toEqual([
      ['existingtown00000000000000', 'town', true],
      [id(6), id(5), false],
    ]);
    expect(plan.channel_members).toEqual([{ channel_id: 'existingtown00000000000000', user_id: id(1) }]);
    expect(plan.log).toContain('The Slack channel town already exists as an active Mattermost channel. Both channels have been merged.');
  });

  it('imports a group DM with 8 or more members as a private channel', async () => {
    const users = Array.from({ length: 8 }, (_, i) => ({ id: `U${i}`, name: `user${i}`, profile: { email: `u${i}@x.io` } }));
    const members = users.map((u) => u.id);
    const exp = await load({
      users,
      mpims: [{ id: 'G9', name: 'mpdm-big-1', creator: 'U0', members, topic: { value: '' }, purpose: { value: 'p' } }],
      messages: { 'mpdm-big-1': { d: [{ type: 'message', user: 'U3', text: 'hey', ts: '5' }] } },
    });
    const plan = buildImportPlan(exp, noExisting, opts());
    expect(plan.channels).toMatchObject([{ type: 'P', name: 'mpdm-big-1', team_id: TEAM, purpose: 'p' }]);
    expect(plan.channel_members).toHaveLength(8);
    expect(plan.posts).toMatchObject([{ message: 'hey', user_id: plan.user_ids.U3 }]);
  });

  it('lists the channel names to look up: team channels and DMs/GMs among merged users', async () => {
    const exp = await load();
    const bobAndAlice = new Map([
      ['bob@corp.example', { id: BOB, username: 'robert' }],
      ['alice@example.org', { id: 'aliceexisting0000000000000', username: 'alice' }],
    ]);
    expect(channelNamesToCheck(exp, { usersByEmail: bobAndAlice })).toEqual([
      'general',
      'dev',
      'secret-plans',
      directChannelName('aliceexisting0000000000000', BOB),
    ]);
  });
});

describe('helpers', () => {
  it('cleans usernames and channel names as Mattermost does', () => {
    expect(cleanUsername('John Smith')).toBe('john-smith');
    expect(cleanUsername('-x.y_z-')).toBe('x.y_z');
    expect(cleanUsername('all')).toBeNull();
    expect(cleanUsername('!!!')).toBeNull();
    expect(convertChannelName('_dev-', 'C1')).toBe('dev');
    expect(convertChannelName('x', 'C1')).toBe('slack-channel-x');
    expect(convertChannelName('café', 'CABC')).toBe('cabc');
    expect(directChannelName('b', 'a')).toBe('a__b');
  });

  it('converts ts to whole-second milliseconds', () => {
    expect(slackTsToMillis('1704067200.999999')).toBe(1704067200000);
    expect(slackTsToMillis('garbage')).toBe(1);
  });

  it('renders the log with CRLF and base64-encodes the response body', () => {
    const lines = ['Mattermost Slack Import Log', '', 'Users created:'];
    expect(formatImportLog(lines)).toBe('Mattermost Slack Import Log\r\n\r\nUsers created:\r\n');
    const body = importResponseBody(lines);
    expect(Object.keys(body)).toEqual(['results']);
    expect(Buffer.from(body.results, 'base64').toString('utf8')).toBe(formatImportLog(lines));
  });
});
