// Replays, in order, the Mattermost mobile app's server add, login, first sync and channel open (Client4 with a
// bearer token, a push device id, the mobile User-Agent, websocket authentication_challenge), and the desktop app's
// server checks; each answer is checked for status and shape against @mattermost/types.
//
// Mobile calls Parley answers (app-startup.md §9 rows): 2 ping, 3 config, 4 license, 6 login (Token header + cookies),
// 7 users/me, 8 users/me/status, 9 preferences, 10 teams, 11 team members, 12 channels, 13 channel members,
// 14 categories, 15 websocket + authentication_challenge + ping, 16 PUT sessions/device, 17 PUT users/me/patch,
// 18 roles/names, 19 status/ids, 20 GET /teams, 21 users/ids (+since), 22 users/usernames, 23 users?in_channel and
// ... 24 channel posts (page/since/before), 26 members/me/view, 27 channel stats, 28 PUT preferences, 29 plugins/webapp,
// 30 agents (404, never 401), 31 GET /channels/{id}, 37 GET /users/{id}, 38 users/me/sessions.
// Not answered yet: 25 threads (CollapsedThreads: the threads area), 23 POST /users/group_channels, 1 HEAD / (served by
// the web UI when built), and the licensed-only rows 32–36 (Parley reports IsLicensed "true" with only the features it grants).
// Desktop: GET /system/ping, GET /config/client?format=old, GET /plugins/webapp, GET /license/client?format=old.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import type { Team } from '@mattermost/types/teams';
import type { Channel } from '@mattermost/types/channels';
import type { Session } from '@mattermost/types/sessions';
import { fails, useBasic } from '../helper.ts';
import {
  CATEGORY,
  CHANNEL,
  CHANNEL_MEMBER,
  CHANNEL_STATS,
  checkEach,
  checkShape,
  ORDERED_CATEGORIES,
  POST,
  POST_LIST,
  PREFERENCE,
  ROLE,
  SESSION,
  STATUS,
  TEAM,
  TEAM_MEMBER,
  USER,
} from './shapes.ts';

/** Client4 with its fetch exposed, for the routes the mobile app calls with bodies Client4's methods do not build. */
class MobileClient extends Client4 {
  call<T = any>(url: string, options: { method: string; body?: string }): Promise<T> {
    return this.doFetch<T>(url, options);
  }
}

const MOBILE_UA = 'Mattermost Mobile/2.43.0+123 (Android; 14; Pixel 8)';
const DEVICE = 'android_rn-v2:fcm-token-abc';
const t = useBasic((c) => {
  c.ServiceSettings.SessionLengthWebInHours = 24;
  c.ServiceSettings.SessionLengthMobileInHours = 48;
});

function semverAtLeast(v: string, min: string): boolean {
  const a = v.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

describe('mobile app sequence (token, device id, websocket challenge)', () => {
  it('adds the server, logs in, syncs, opens a channel', async () => {
    const hdr = { 'x-requested-with': 'XMLHttpRequest', 'user-agent': MOBILE_UA, accept: 'application/json' };
    // Server add: ping, then config + license in parallel. DiagnosticId must be set; X-Version-ID ≥ 9.11.0.
    const ping = await fetch(`${t.env.url}/api/v4/system/ping?time=${Date.now()}&device_id=${encodeURIComponent(DEVICE)}`, {
      headers: hdr,
    });
    expect(ping.status).toBe(200);
    expect(await ping.json()).toMatchObject({ status: 'OK' });
    const [cfgRes, licRes] = await Promise.all([
      fetch(`${t.env.url}/api/v4/config/client?format=old`, { headers: hdr }),
      fetch(`${t.env.url}/api/v4/license/client?format=old`, { headers: hdr }),
    ]);
    const cfg = (await cfgRes.json()) as Record<string, string>;
    expect(cfg.DiagnosticId).toMatch(/^[a-z0-9]{26}$/);
    expect(semverAtLeast(cfg.Version, '10.11.0')).toBe(true);
    expect(cfgRes.headers.get('x-version-id')!.split('.').slice(0, 3).join('.')).toBe(cfg.Version);
    for (const k of ['EnableSignInWithEmail', 'EnableSignInWithUsername', 'EnableLdap', 'EnableSaml', 'EnableGuestMagicLink'])
      expect(['true', 'false']).toContain(cfg[k]);
    expect(await licRes.json()).toMatchObject({ IsLicensed: 'true', GuestAccounts: 'true', CustomPermissionsSchemes: 'true' });

    // Login with the mobile body; the Token header carries the session token.
    const password = 'Passw0rd-' + t.basic.user.user.username;
    const loginRes = await fetch(`${t.env.url}/api/v4/users/login`, {
      method: 'POST',
      headers: { ...hdr, 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({ device_id: DEVICE, voip_device_id: '', login_id: t.basic.user.user.username, password, token: '' }),
    });
    expect(loginRes.status).toBe(200);
    const me0 = checkShape<UserProfile>('POST /users/login', await loginRes.json(), USER);
    const token = loginRes.headers.get('token')!;
    expect(token).toMatch(/^[a-z0-9]{26}$/);
    expect(loginRes.headers.getSetCookie().some((c) => c.startsWith('MMCSRF='))).toBe(true);

    const client = new MobileClient();
    client.setUrl(t.env.url);
    client.setIncludeCookies(false);
    client.setToken(token);
    client.setUserAgent(MOBILE_UA);

    // Websocket: no auth header, then authentication_challenge (seq 1) and ping (seq 2).
    const ws = new WebSocket(t.env.url.replace('http', 'ws') + '/api/v4/websocket?connection_id=&sequence_number=0', {
      headers: { origin: t.env.url },
    });
    const frames: any[] = [];
    const got = (pred: (f: any) => boolean) =>
      new Promise<any>((resolve) => {
        const hit = frames.find(pred);
        if (hit) return resolve(hit);
        ws.on('message', (d) => {
          const f = JSON.parse(String(d));
          if (pred(f)) resolve(f);
        });
      });
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ action: 'authentication_challenge', seq: 1, data: { token } }));
    const hello = await got((f) => f.event === 'hello');
    expect(hello.seq).toBe(0);
    expect(hello.data.server_version).toBe(cfgRes.headers.get('x-version-id'));
    ws.send(JSON.stringify({ action: 'ping', seq: 2 }));
    const pong = await got((f) => f.seq_reply === 2);
    expect(pong).toMatchObject({ status: 'OK', data: { text: 'pong' } });

    // The socket puts the user online and tells them so.
    expect((await got((f) => f.event === 'status_change')).data).toMatchObject({ status: 'online', user_id: me0.id });

    // First connect: device registration.
    await client.call(`${client.getUsersRoute()}/sessions/device`, {
      method: 'put',
      body: JSON.stringify({ device_id: DEVICE, device_notification_disabled: 'false', mobile_version: '2.43.0' }),
    });

    // The socket survives the device registration (it used to be closed with the session's cache entry).
    ws.send(JSON.stringify({ action: 'ping', seq: 3 }));
    expect((await got((f) => f.seq_reply === 3)).data.text).toBe('pong');

    // Entry: config + license + preferences; teams, team members, me (with an email key), my status.
    checkEach('GET /users/me/preferences', await client.getMyPreferences(), PREFERENCE);
    const [teams, tms, me, myStatus] = await Promise.all([
      client.getMyTeams(),
      client.getMyTeamMembers(),
      client.getMe(),
      client.getStatus(me0.id),
    ]);
    checkEach<Team>('GET /users/me/teams', teams, TEAM);
    checkEach('GET /users/me/teams/members', tms, TEAM_MEMBER);
    checkShape('GET /users/me', me, USER);
    expect('email' in me).toBe(true);
    checkShape('GET /users/{me}/status', myStatus, STATUS);
    expect(myStatus.status).toBe('online');

    // Initial team: channels, members, categories.
    const tid = t.basic.team.id;
    const chans = checkEach<Channel>(
      'GET channels',
      await client.call(`${client.getUserRoute('me')}/teams/${tid}/channels?include_deleted=false&last_delete_at=0`, { method: 'get' }),
      CHANNEL,
    );
    const cms = checkEach('GET channel members', await client.getMyChannelMembers(tid), CHANNEL_MEMBER);
    const cats = checkShape<{ categories: unknown[] }>('GET categories', await client.getChannelCategories('me', tid), ORDERED_CATEGORIES);
    checkEach('categories', cats.categories, CATEGORY);
    expect(cms.length).toBe(chans.length);

    // Deferred: roles of user + team + channel memberships, statuses of others, joinable teams, users since.
    const names = new Set(
      [...me.roles.split(' '), ...tms.flatMap((m) => m.roles.split(' ')), ...cms.flatMap((m) => m.roles.split(' '))].filter(Boolean),
    );
    checkEach('POST /roles/names', await client.getRolesByNames([...names]), ROLE);
    const statuses = checkEach(
      'POST /users/status/ids',
      await client.getStatusesByIds([t.basic.user2.user.id, t.basic.admin.user.id]),
      STATUS,
    );
    expect(statuses.map((s) => s.user_id).sort()).toEqual([t.basic.user2.user.id, t.basic.admin.user.id].sort());
    checkEach('GET /teams', await client.getTeams(0, 60, false), TEAM);
    checkEach(
      'POST /users/ids?since',
      await client.call(`${client.getUsersRoute()}/ids?since=1`, { method: 'post', body: JSON.stringify([t.basic.user2.user.id]) }),
      USER,
    );
    expect(await client.getWebappPlugins()).toEqual([]);
    const agents = await fails(client.call(`${client.getBaseRoute()}/agents`, { method: 'get' }));
    expect(agents.status_code).toBe(404);

    // Channel open: posts, view, stats, author profiles.
    const cid = t.basic.channel.id;
    await t.basic.user2.client.createPost({ channel_id: cid, message: 'for the phone' } as never);
    const list = checkShape('GET posts', await client.getPosts(cid, 0, 60, false, true, true), POST_LIST);
    for (const id of (list as { order: string[] }).order) checkShape('post', (list as any).posts[id], POST);
    const view = await client.call(`${client.getChannelsRoute()}/members/me/view`, {
      method: 'post',
      body: JSON.stringify({ channel_id: cid, collapsed_threads_supported: true }),
    });
    expect(view).toMatchObject({ status: 'OK' });
    checkShape('GET stats', await client.getChannelStats(cid), CHANNEL_STATS);
    checkShape('GET /users/{id}', await client.getUser(t.basic.user2.user.id), USER);
    checkShape('GET /channels/{id}', await client.getChannel(cid), CHANNEL);

    // Backgrounding: the session list shows this device's session with the mobile lifetime.
    const sessions = checkEach<Session>('GET /users/me/sessions', await client.getSessions('me'), SESSION);
    const mine = sessions.find((s) => s.device_id === DEVICE)!;
    expect(mine).toBeDefined();
    expect((mine as unknown as { token?: string }).token).toBeUndefined();
    expect(Math.round((mine.expires_at - mine.create_at) / 3600_000)).toBe(48);
    ws.close();
  });

  it('gives sessions the web or mobile lifetime, by device id or the mobile User-Agent', async () => {
    const { user, password } = await t.env.newUser('lifetime');
    const login = async (headers: Record<string, string>) => {
      const res = await fetch(`${t.env.url}/api/v4/users/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ login_id: user.username, password }),
      });
      return res.headers.get('token')!;
    };
    const web = await login({});
    const phone = await login({ 'user-agent': MOBILE_UA });
    const c = t.env.client();
    c.setToken(web);
    const all = await c.getSessions(user.id);
    const hours = (token: string) => {
      const s =
        all.find((x) => x.id === t.env.server.ctx.caches.sessions.get(token)?.id) ??
        all.find((x) => x.props?.is_mobile === String(token === phone));
      return Math.round((s!.expires_at - s!.create_at) / 3600_000);
    };
    expect(hours(web)).toBe(24);
    expect(hours(phone)).toBe(48);
  });
});

describe('desktop app server checks', () => {
  it('answers ping, config, plugins and license with 200 and JSON', async () => {
    for (const p of ['/system/ping', '/config/client?format=old', '/plugins/webapp', '/license/client?format=old']) {
      const res = await fetch(t.env.url + '/api/v4' + p, { headers: { 'user-agent': 'Mozilla/5.0 Electron/33 Mattermost/6.4.0' } });
      expect(res.status, p).toBe(200);
      expect(await res.json()).toBeDefined();
    }
    const cfg = (await (await fetch(t.env.url + '/api/v4/config/client?format=old')).json()) as Record<string, string>;
    expect(semverAtLeast(cfg.Version, '9.4.0')).toBe(true);
    expect(cfg.SiteURL).toBe(t.env.url);
  });
});
