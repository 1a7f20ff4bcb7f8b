// Public links serve posted files only: never an unattached upload, never the file of a deleted post (issue 16).
import { softDeletePostRow } from '../../test/db.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { fails, initBasic, setup, type Basic, type TestEnv } from '../../test/helper.ts';
import { publicLinkHash } from '../app/files/files.ts';

const SALT = 'public-link-salt-for-tests-0123456789';

let env: TestEnv;
let basic: Basic;
beforeAll(async () => {
  env = await setup((c) => {
    c.FileSettings.EnablePublicLink = true;
    c.FileSettings.PublicLinkSalt = SALT;
  });
  basic = await initBasic(env);
});
afterAll(async () => env?.close());

async function upload(name: string, data: string): Promise<string> {
  const fd = new FormData();
  fd.append('channel_id', basic.channel.id);
  fd.append('files', new Blob([data]), name);
  return (await basic.user.client.uploadFile(fd)).file_infos[0].id;
}

/** GET /files/{id}/public?h= at the site root, with no session. */
async function getPublic(fileId: string): Promise<{ status: number; id?: string; text: string }> {
  const r = await fetch(`${env.url}/files/${fileId}/public?h=${publicLinkHash(fileId, SALT)}`);
  const text = await r.text();
  return { status: r.status, id: r.headers.get('content-type')?.includes('json') ? JSON.parse(text).id : undefined, text };
}

describe('public links', () => {
  it('serve a posted file', async () => {
    const fileId = await upload('posted.txt', 'posted bytes');
    await basic.user.client.createPost({ channel_id: basic.channel.id, message: 'here', file_ids: [fileId] } as Post);
    const { link } = await basic.user2.client.getFilePublicLink(fileId);
    const r = await fetch(link);
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('posted bytes');
  });

  it('refuse a file that was never posted, even with the right hash', async () => {
    const fileId = await upload('draft.txt', 'not posted');
    const r = await getPublic(fileId);
    expect(r.status).toBe(400);
    expect(r.id).toBe('api.file.get_public_link.no_post.app_error');
    expect(r.text).not.toContain('not posted');
    const e = await fails(basic.user.client.getFilePublicLink(fileId));
    expect(e.status_code).toBe(400);
    expect(e.server_error_id).toBe('api.file.get_public_link.no_post.app_error');
  });

  it('refuse the file of a deleted post, also when its file info outlived the post', async () => {
    const gone = await upload('gone.txt', 'deleted with its post');
    const post = await basic.user.client.createPost({ channel_id: basic.channel.id, message: 'x', file_ids: [gone] } as Post);
    await basic.user.client.deletePost(post.id);
    expect((await getPublic(gone)).status).toBe(404);

    // A file row left live under a deleted post (data from an import or an older version) is not served either.
    const orphan = await upload('orphan.txt', 'orphaned bytes');
    const post2 = await basic.user.client.createPost({ channel_id: basic.channel.id, message: 'y', file_ids: [orphan] } as Post);
    const link = (await basic.user2.client.getFilePublicLink(orphan)).link;
    await softDeletePostRow(env, post2.id);
    const r = await fetch(link);
    expect(r.status).toBe(404);
    expect(((await r.json()) as { id: string }).id).toBe('app.file_info.get.app_error');
    for (const who of [basic.user, basic.user2]) {
      const e = await fails(who.client.getFilePublicLink(orphan));
      expect(e.status_code).toBe(404);
      expect(e.server_error_id).toBe('app.file_info.get.app_error');
    }
  });
});
