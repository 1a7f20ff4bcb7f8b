// Issue 16, posts: deleted posts carry no content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { fails, initBasic, setup, type Basic, type TestEnv } from '../../test/helper.ts';

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

describe('deleted posts', () => {
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
