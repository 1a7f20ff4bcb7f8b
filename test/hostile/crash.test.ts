// Issue 16: Parley as its own process, a burst of posts and replies from several clients, `kill -9` in the middle, a
// restart on the same data: every post that was answered 201 is there exactly once, and the channel's message
// counters and each thread's reply count match the posts that are there. Also: the generated secrets never reach
// the log.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { testConfig, uniq } from '../helper.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLIENTS = 6;
/** 201s to wait for before the kill; the clients go on posting meanwhile. */
const BEFORE_KILL = 80;

interface Node {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `node --import tsx src/main.ts` on `configFile` and resolves once it says it is listening. */
function start(configFile: string): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, MM_CONFIG: configFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Parley ready on (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`Parley exited (${code}) before listening:\n${out}`)));
  });
}

function killed(node: Node): Promise<void> {
  return new Promise((resolve) => {
    if (node.child.exitCode !== null || node.child.signalCode !== null) return resolve();
    node.child.once('exit', () => resolve());
    node.child.kill('SIGKILL');
  });
}

function client(url: string, token?: string): Client4 {
  const c = new Client4();
  c.setUrl(url);
  c.setIncludeCookies(false);
  if (token) c.setToken(token);
  return c;
}

describe('a crash in the middle of a burst of posts', () => {
  let dir: string;
  let configFile: string;
  let cleanup: () => Promise<void>;
  let node: Node | undefined;
  const output: string[] = [];

  beforeAll(async () => {
    const t = await testConfig();
    cleanup = t.cleanup;
    dir = path.dirname(t.config.FileSettings.Directory);
    configFile = path.join(dir, 'config.json');
    t.config.LogSettings.EnableConsole = true;
    t.config.LogSettings.ConsoleLevel = 'DEBUG';
    t.config.EmailSettings.SendEmailNotifications = false;
    // Written as an operator would: the secrets empty, for the first start to fill in.
    fs.writeFileSync(configFile, JSON.stringify(t.config, null, 2));
  });
  afterAll(async () => {
    if (node) await killed(node);
    await cleanup?.();
  });

  it('keeps every answered post exactly once, and the counters exact', { timeout: 180_000 }, async () => {
    node = await start(configFile);
    const users: Array<{ user: UserProfile; client: Client4 }> = [];
    for (let i = 0; i < CLIENTS; i++) {
      const name = uniq('crash');
      const password = 'Passw0rd-' + name;
      const user = await client(node.url).createUser({ username: name, email: `${name}@example.com`, password } as UserProfile, '', '');
      const c = client(node.url);
      await c.login(name, password);
      users.push({ user, client: c });
    }
    const owner = users[0]!.client;
    const team = await owner.createTeam({ name: uniq('crashteam'), display_name: 'Crash', type: 'O' } as Team);
    const channel = await owner.createChannel({ team_id: team.id, name: uniq('crashchan'), display_name: 'Crash', type: 'O' } as Channel);
    for (const u of users.slice(1)) {
      await owner.addToTeam(team.id, u.user.id);
      await owner.addToChannel(u.user.id, channel.id);
    }
    const base = await owner.getChannel(channel.id);

    // The burst: each client posts a root, then replies to roots answered so far, until the server dies.
    const answered: Post[] = [];
    const roots: string[] = [];
    let reached!: () => void;
    const enough = new Promise<void>((r) => (reached = r));
    const burst = users.map(async (u, i) => {
      for (let n = 0; ; n++) {
        const root_id = n % 3 && roots.length ? roots[(i * 7 + n) % roots.length]! : '';
        try {
          const p = await u.client.createPost({ channel_id: channel.id, message: `burst ${i}.${n}`, root_id } as Post);
          answered.push(p);
          if (!root_id) roots.push(p.id);
          if (answered.length >= BEFORE_KILL) reached();
        } catch {
          return; // the server is gone
        }
      }
    });
    await enough;
    await killed(node);
    output.push(node.output());
    await Promise.all(burst);
    const tokens = users.map((u) => u.client.getToken());

    node = await start(configFile);
    const reader = client(node.url, tokens[0]);
    const seen: Post[] = [];
    for (let page = 0; ; page++) {
      const list = await reader.getPosts(channel.id, page, 200);
      seen.push(...list.order.map((id) => list.posts[id]!));
      if (list.order.length < 200) break;
    }
    const count = new Map<string, number>();
    for (const p of seen) count.set(p.id, (count.get(p.id) ?? 0) + 1);
    expect([...count.values()].every((n) => n === 1)).toBe(true);
    const missing = answered.filter((p) => count.get(p.id) !== 1).map((p) => p.id);
    expect(missing).toEqual([]);
    expect(answered.length).toBeGreaterThanOrEqual(BEFORE_KILL);

    const burstPosts = seen.filter((p) => p.message.startsWith('burst '));
    const after = await reader.getChannel(channel.id);
    expect(after.total_msg_count - base.total_msg_count).toBe(burstPosts.length);
    expect(after.total_msg_count_root - base.total_msg_count_root).toBe(burstPosts.filter((p) => !p.root_id).length);
    for (const root of burstPosts.filter((p) => !p.root_id)) {
      const replies = burstPosts.filter((p) => p.root_id === root.id).length;
      expect({ root: root.id, reply_count: root.reply_count }).toEqual({ root: root.id, reply_count: replies });
    }

    // The salt and key the first start generated are in the config file, and in no log line of either run.
    output.push(node.output());
    const saved = JSON.parse(fs.readFileSync(configFile, 'utf8'));
    expect(saved.FileSettings.PublicLinkSalt).toMatch(/^[a-z0-9]{32}$/);
    for (const secret of [saved.FileSettings.PublicLinkSalt, saved.SqlSettings.AtRestEncryptKey])
      for (const out of output) expect(out).not.toContain(secret);
  });
});
