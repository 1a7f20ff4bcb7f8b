// Issue 16, posts: deleted posts carry no content, a retried send is one post, concurrent replies are all counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { fails, initBasic, setup, uniq, type Basic, type TestEnv } from '../../test/helper.ts';

let env: TestEnv;
let b: Basic;
beforeAll(async () => {
  env = await setup();
  b = await initBasic(env);
});
afterAll(async () => env?.close());

const FORBIDDEN = 'api.context.permissions.app_error';
const post = (channel_id: string, message: string, extra: Partial<Post> = {}) => ({ channel_id, message, ...extra }) as Post;

async function upload(client: Basic['user']['client'], channelId: string, name: string): Promise<string> {
  const fd = new FormData();
  fd.append('channel_id', channelId);
  fd.append('files', new Blob(['contents of ' + name]), name);
  return (await client.uploadFile(fd)).file_infos[0].id;
}

/** POST /posts as a client retrying it would: the raw status and body. */
async function send(client: Basic['user']['client'], body: object): Promise<{ status: number; post: Post }> {
  const res = await fetch(env.url + '/api/v4/posts', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + client.getToken(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, post: (await res.json()) as Post };
}

describe('deleted posts', () => {
  it('GET /posts/{id}/files/info?include_deleted needs manage_system', async () => {
    const fileId = await upload(b.user.client, b.channel.id, 'kept-secret.txt');
    const p = await b.user.client.createPost(post(b.channel.id, 'with a file', { file_ids: [fileId] }));
    await b.user.client.deletePost(p.id);
    const infos = (client: Basic['user']['client']) =>
      fetch(`${env.url}/api/v4/posts/${p.id}/files/info?include_deleted=true`, {
        headers: { authorization: 'Bearer ' + client.getToken() },
      });
    const refused = await infos(b.user2.client);
    expect([refused.status, ((await refused.json()) as { id: string }).id]).toEqual([403, FORBIDDEN]);
    const admin = await infos(b.admin.client);
    expect(((await admin.json()) as { id: string }[]).map((f) => f.id)).toEqual([fileId]);
  });

  it('GET /posts/{id}?include_deleted needs manage_system, and even then answers no content', async () => {
    const p = await b.user.client.createPost(post(b.channel.id, 'deleted secret'));
    await b.user.client.deletePost(p.id);
    for (const client of [b.user2.client, b.user.client]) {
      const e = await fails(client.getPost(p.id, true));
      expect([e.status_code, e.server_error_id]).toEqual([403, FORBIDDEN]);
    }
    expect((await fails(b.user2.client.getPost(p.id))).status_code).toBe(404);
    const asAdmin = await b.admin.client.getPost(p.id, true);
    expect(asAdmin.id).toBe(p.id);
    expect(asAdmin.delete_at).toBeGreaterThan(0);
    expect(asAdmin.message).toBe('');
  });

  it('`since` lists a deleted post so clients drop it, with no message, props, files or hashtags', async () => {
    const fileId = await upload(b.user.client, b.channel.id, 'plans.txt');
    const p = await b.user.client.createPost(post(b.channel.id, 'the #plans are secret', { props: { secret: 'x' }, file_ids: [fileId] }));
    const live = (await b.user2.client.getPostsSince(b.channel.id, p.create_at - 1)).posts[p.id];
    expect([live.message, live.file_ids]).toEqual(['the #plans are secret', [fileId]]);
    await b.user.client.deletePost(p.id);
    const list = await b.user2.client.getPostsSince(b.channel.id, p.create_at - 1);
    expect(list.order).toContain(p.id);
    const d = list.posts[p.id];
    expect(d.delete_at).toBeGreaterThan(0);
    expect([d.message, d.props, d.file_ids, d.hashtags, d.metadata]).toEqual(['', {}, [], '', {}]);
  });

  it('a followed thread whose root was deleted lists the root without its content', async () => {
    const root = await b.user.client.createPost(post(b.channel.id, 'deleted root secret'));
    await b.user2.client.createPost(post(b.channel.id, 'a reply', { root_id: root.id }));
    await b.user.client.deletePost(root.id);
    const threads = await b.user2.client.getUserThreads(b.user2.user.id, b.team.id, { deleted: true });
    const t = threads.threads.find((x) => x.id === root.id)!;
    expect(t.post.delete_at).toBeGreaterThan(0);
    expect(t.post.message).toBe('');
  });
});

describe('retried sends', () => {
  it('the same user and pending_post_id within the window answers the first post: one post, one count', async () => {
    const before = await b.user.client.getChannel(b.channel.id);
    const body = post(b.channel.id, 'sent once', { pending_post_id: `${b.user.user.id}:${uniq('pp')}` } as Partial<Post>);
    const first = await send(b.user.client, body);
    const retry = await send(b.user.client, body);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.post.id).toBe(first.post.id);
    // Retries racing the first send (a flaky connection) also get that one post.
    const racing = post(b.channel.id, 'raced', { pending_post_id: `${b.user.user.id}:${uniq('pp')}` } as Partial<Post>);
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(b.user.client, racing)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.post.id)).size).toBe(1);
    const since = await b.user.client.getPostsSince(b.channel.id, first.post.create_at - 1);
    const messages = since.order.map((id) => since.posts[id].message);
    expect(messages.filter((m) => m === 'sent once')).toHaveLength(1);
    expect(messages.filter((m) => m === 'raced')).toHaveLength(1);
    expect((await b.user.client.getChannel(b.channel.id)).total_msg_count).toBe(before.total_msg_count + 2);
    // Another user's pending id is theirs: the same string from someone else is a new post.
    const theirs = await send(b.user2.client, body);
    expect(theirs.status).toBe(201);
    expect(theirs.post.id).not.toBe(first.post.id);
  });
});

describe('concurrent replies', () => {
  it('the root’s reply_count equals the number of replies answered 201', async () => {
    const extra = await Promise.all([env.newUser('replier'), env.newUser('replier')]);
    for (const u of extra) {
      await b.user.client.addToTeam(b.team.id, u.user.id);
      await b.user.client.addToChannel(u.user.id, b.channel.id);
    }
    const clients = [b.user, b.user2, b.admin, ...extra].map((u) => u.client);
    const root = await b.user.client.createPost(post(b.channel.id, 'a busy thread'));
    const sends = clients.flatMap((client, i) =>
      Array.from({ length: 60 }, (_, j) => send(client, post(b.channel.id, `reply ${i}.${j}`, { root_id: root.id }))),
    );
    const created = (await Promise.all(sends)).filter((r) => r.status === 201).length;
    expect(created).toBeGreaterThan(0);
    const fresh = await b.user.client.getPost(root.id);
    expect(fresh.reply_count).toBe(created);
    const thread = await b.user.client.getPostThread(root.id);
    expect(thread.order).toHaveLength(created + 1);
    expect(fresh.last_reply_at).toBe(Math.max(...thread.order.filter((id) => id !== root.id).map((id) => thread.posts[id].create_at)));
  });
});
