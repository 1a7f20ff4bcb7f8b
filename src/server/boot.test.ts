// The first view's data inlined into index.html: the signed-in browser's own API answers, nobody else's, inert.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { testConfig, uniq } from '../../test/helper.ts';
import { createServer, type ParleyServer } from '../server.ts';
import type { BootData } from './boot.ts';

const BOOT = /<script type="application\/json" id="parley-boot">(.*?)<\/script>/s;
const POSTS_QUERY = '?page=0&per_page=30&skipFetchThreads=false&collapsedThreads=false&collapsedThreadsExtended=false';

describe('first-view data in the page', () => {
  let server: ParleyServer;
  let cleanup: () => Promise<void>;
  const webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-web-'));
  let alice: { client: Client4; user: UserProfile };
  let bob: { client: Client4; user: UserProfile };
  let team: Team;
  let secret: Channel;
  const hostile = 'history </script><script>alert(1)</script> <!-- end';

  async function newUser(): Promise<{ client: Client4; user: UserProfile }> {
    const name = uniq('boot');
    const client = new Client4();
    client.setUrl(server.url);
    await client.createUser({ username: name, email: `${name}@example.com`, password: 'Passw0rd-' + name } as UserProfile, '', '');
    return { client, user: await client.login(name, 'Passw0rd-' + name) };
  }

  /** The page at `p` as a browser navigating there with `client`'s session cookie. */
  async function page(p: string, client?: Client4, accept = 'text/html,application/xhtml+xml') {
    const headers: Record<string, string> = { accept, 'accept-encoding': 'br, gzip' };
    if (client) headers.cookie = `MMAUTHTOKEN=${client.getToken()}`;
    const res = await fetch(server.url + p, { headers });
    const html = await res.text();
    const m = BOOT.exec(html);
    return { res, html, boot: m ? (JSON.parse(m[1]) as BootData) : undefined };
  }

  beforeAll(async () => {
    fs.writeFileSync(
      path.join(webDist, 'index.html'),
      `<!doctype html><html><head><title>Parley</title></head><body>${'x'.repeat(2048)}</body></html>`,
    );
    let config;
    ({ config, cleanup } = await testConfig());
    server = await createServer(config, { logLevel: 'silent', webDist });
    alice = await newUser();
    bob = await newUser();
    team = await alice.client.createTeam({ name: uniq('team'), display_name: 'Boot Team', type: 'O' } as Team);
    await alice.client.addToTeam(team.id, bob.user.id);
    secret = await alice.client.createChannel({ team_id: team.id, name: uniq('secret'), display_name: 'Secret', type: 'P' } as Channel);
    const ts = await alice.client.getChannelByName(team.id, 'town-square');
    await alice.client.createPost({ channel_id: ts.id, message: hostile } as Post);
    await alice.client.createPost({ channel_id: secret.id, message: 'only for alice' } as Post);
  });
  afterAll(async () => {
    await server?.close();
    await cleanup?.();
    fs.rmSync(webDist, { recursive: true, force: true });
  });

  it("carries the signed-in user's own answers for the channel in the path, exactly as the API gives them", async () => {
    const { res, html, boot } = await page(`/${team.name}/channels/town-square`, bob.client);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(boot).toBeDefined();
    const a = boot!.answers;
    expect(a['/api/v4/users/me']).toEqual(await bob.client.getMe());
    expect(a['/api/v4/users/me/teams']).toEqual(await bob.client.getMyTeams());
    expect(a['/api/v4/users/me/preferences']).toEqual(await bob.client.getMyPreferences());
    expect(a[`/api/v4/users/me/teams/${team.id}/channels/members`]).toEqual(await bob.client.getMyChannelMembers(team.id));
    const channels = a[`/api/v4/users/me/teams/${team.id}/channels?include_deleted=false`] as Channel[];
    expect(channels.map((c) => c.name)).toContain('town-square');
    expect(channels.map((c) => c.id)).not.toContain(secret.id);
    const ts = channels.find((c) => c.name === 'town-square')!;
    const posts = a[`/api/v4/channels/${ts.id}/posts${POSTS_QUERY}`] as { order: string[]; posts: Record<string, Post> };
    expect(Object.values(posts.posts).map((p) => p.message)).toContain(hostile);
    // the message's markup stays inside the inert block: one script element, the boot data's own
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(boot!.at).toBeGreaterThan(0);
  });

  it('never carries a channel the user cannot read, and nothing without a session or for a non-page request', async () => {
    const other = await page(`/${team.name}/channels/${secret.name}`, bob.client);
    expect(Object.keys(other.boot!.answers).some((k) => k.startsWith(`/api/v4/channels/${secret.id}/`))).toBe(false);
    const own = await page(`/${team.name}/channels/${secret.name}`, alice.client);
    expect(Object.keys(own.boot!.answers)).toContain(`/api/v4/channels/${secret.id}/posts${POSTS_QUERY}`);

    const anonymous = await page(`/${team.name}/channels/town-square`);
    expect(anonymous.res.status).toBe(200);
    expect(anonymous.boot).toBeUndefined();
    const icon = await page('/favicon.ico', bob.client, 'image/avif,image/webp,*/*');
    expect(icon.boot).toBeUndefined();
    const expired = new Client4();
    expired.setToken('x'.repeat(26));
    expect((await page(`/${team.name}`, expired)).boot).toBeUndefined();
  });
});
