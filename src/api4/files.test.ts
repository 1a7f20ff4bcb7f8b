// Files through Client4: multipart and raw uploads, limits, attach to posts, downloads, images, links, search, deletion.
import { beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import sharp from 'sharp';
import type { FileInfo } from '@mattermost/types/files';
import type { Post } from '@mattermost/types/posts';
import { fails, useBasic, type Basic } from '../../test/helper.ts';
import { publicFileRoutes } from './files.ts';
import { renderError } from './context.ts';
import { AppError } from '../model/app-error.ts';
import type { FileInfoList } from '../model/files.ts';

const t = useBasic((c) => {
  c.FileSettings.MaxFileSize = 200_000;
  c.FileSettings.EnablePublicLink = true;
  c.FileSettings.PublicLinkSalt = 'salt-for-tests-salt-for-tests-00';
});

function form(
  channelId: string | null,
  files: Array<{ name: string; data: Buffer | string; type?: string }>,
  clientIds: string[] = [],
): FormData {
  const fd = new FormData();
  if (channelId !== null) fd.append('channel_id', channelId);
  for (const id of clientIds) fd.append('client_ids', id);
  for (const f of files) fd.append('files', new Blob([f.data], { type: f.type ?? 'application/octet-stream' }), f.name);
  return fd;
}

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 10, b: 10 } } })
    .png()
    .toBuffer();
}

/** Client4 has no getFileInfo; this is the same call through its fetch (errors become ClientErrors). */
function getFileInfo(client: Basic['user']['client'], id: string): Promise<FileInfo> {
  const c = client as unknown as { doFetch<T>(url: string, opts: { method: string }): Promise<T> };
  return c.doFetch<FileInfo>(`${client.getFileRoute(id)}/info`, { method: 'get' });
}

async function fetchAs(client: { getToken(): string }, url: string): Promise<Response> {
  return fetch(url, { headers: { authorization: 'Bearer ' + client.getToken() } });
}

describe('upload', () => {
  it('uploads several files in one multipart request with client ids', async () => {
    const res = await t.basic.user.client.uploadFile(
      form(
        t.basic.channel.id,
        [
          { name: 'notes.txt', data: 'hello notes' },
          { name: 'data.csv', data: 'a,b\n1,2\n' },
        ],
        ['c1', 'c2'],
      ),
    );
    expect(res.client_ids).toEqual(['c1', 'c2']);
    expect(res.file_infos).toHaveLength(2);
    const [a, b] = res.file_infos;
    expect(a).toMatchObject({
      name: 'notes.txt',
      extension: 'txt',
      size: 11,
      mime_type: 'text/plain',
      user_id: t.basic.user.user.id,
      post_id: '',
      channel_id: t.basic.channel.id,
    });
    expect(a.id).toMatch(/^[a-z0-9]{26}$/);
    expect(b).toMatchObject({ name: 'data.csv', extension: 'csv', size: 8 });
    expect((a as unknown as Record<string, unknown>).path).toBeUndefined();
    const info = await getFileInfo(t.basic.user.client, a.id);
    expect(info.id).toBe(a.id);
  });

  it('accepts files sent before channel_id', async () => {
    const fd = new FormData();
    fd.append('files', new Blob(['early']), 'early.txt');
    fd.append('channel_id', t.basic.channel.id);
    const res = await t.basic.user.client.uploadFile(fd);
    expect(res.file_infos.map((f) => f.name)).toEqual(['early.txt']);
  });

  it('uploads a raw body with channel_id and filename in the query', async () => {
    const r = await fetch(`${t.env.url}/api/v4/files?channel_id=${t.basic.channel.id}&filename=raw.bin&client_id=x1`, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + t.basic.user.client.getToken(), 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(1234, 7),
    });
    expect(r.status).toBe(201);
    const body = (await r.json()) as { file_infos: FileInfo[]; client_ids: string[] };
    expect(body.client_ids).toEqual(['x1']);
    expect(body.file_infos[0]).toMatchObject({ name: 'raw.bin', size: 1234 });
    const dl = await fetchAs(t.basic.user.client, `${t.env.url}/api/v4/files/${body.file_infos[0].id}`);
    expect(Buffer.from(await dl.arrayBuffer()).equals(Buffer.alloc(1234, 7))).toBe(true);
  });

  it('refuses files over FileSettings.MaxFileSize with 413, in both forms', async () => {
    const big = Buffer.alloc(200_001, 1);
    const e1 = await fails(t.basic.user.client.uploadFile(form(t.basic.channel.id, [{ name: 'big.bin', data: big }])));
    expect(e1.status_code).toBe(413);
    expect(e1.server_error_id).toBe('api.file.upload_file.too_large_detailed.app_error');
    const r = await fetch(`${t.env.url}/api/v4/files?channel_id=${t.basic.channel.id}&filename=big.bin`, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + t.basic.user.client.getToken(), 'content-type': 'application/octet-stream' },
      body: big,
    });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { id: string }).id).toBe('api.file.upload_file.too_large_detailed.app_error');
  });

  it('refuses uploads to a channel the user cannot post in, and bad requests', async () => {
    const outsider = await t.env.newUser('outsider');
    const e = await fails(outsider.client.uploadFile(form(t.basic.channel.id, [{ name: 'x.txt', data: 'x' }])));
    expect(e.status_code).toBe(403);
    expect(e.server_error_id).toBe('api.context.permissions.app_error');
    const e2 = await fails(t.basic.user2.client.uploadFile(form(t.basic.privateChannel.id, [{ name: 'x.txt', data: 'x' }])));
    expect(e2.status_code).toBe(403);
    const e3 = await fails(t.basic.user.client.uploadFile(form(null, [{ name: 'x.txt', data: 'x' }])));
    expect(e3.status_code).toBe(400);
    const e4 = await fails(t.basic.user.client.uploadFile(form(t.basic.channel.id, [{ name: 'x.txt', data: 'x' }], ['only-one', 'two'])));
    expect(e4.server_error_id).toBe('api.file.upload_file.incorrect_number_of_client_ids.app_error');
  });

  it('refuses uploads when file attachments are disabled', async () => {
    t.env.config.FileSettings.EnableFileAttachments = false;
    try {
      const e = await fails(t.basic.user.client.uploadFile(form(t.basic.channel.id, [{ name: 'x.txt', data: 'x' }])));
      expect(e.status_code).toBe(403);
      expect(e.server_error_id).toBe('api.file.attachments.disabled.app_error');
    } finally {
      t.env.config.FileSettings.EnableFileAttachments = true;
    }
  });
});

describe('images', () => {
  it('records dimensions and serves a 120x100-covering thumbnail and a preview at most 1920 wide', async () => {
    const res = await t.basic.user.client.uploadFile(
      form(t.basic.channel.id, [{ name: 'wide.png', data: await png(2400, 600), type: 'image/png' }]),
    );
    const info = res.file_infos[0];
    expect(info).toMatchObject({ width: 2400, height: 600, has_preview_image: true, mime_type: 'image/png' });
    expect(typeof info.mini_preview).toBe('string');
    const thumb = await fetchAs(t.basic.user.client, t.basic.user.client.getFileThumbnailUrl(info.id, 0));
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    const tm = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(tm.height).toBe(100);
    expect(tm.width).toBe(400);
    const prev = await fetchAs(t.basic.user.client, t.basic.user.client.getFilePreviewUrl(info.id, 0));
    const pm = await sharp(Buffer.from(await prev.arrayBuffer())).metadata();
    expect(pm.width).toBe(1920);
    expect(pm.height).toBe(480);
  });

  it('has no thumbnail for a non-image', async () => {
    const res = await t.basic.user.client.uploadFile(form(t.basic.channel.id, [{ name: 'plain.txt', data: 'p' }]));
    const r = await fetchAs(t.basic.user.client, t.basic.user.client.getFileThumbnailUrl(res.file_infos[0].id, 0));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { id: string }).id).toBe('api.file.get_file_thumbnail.no_thumbnail.app_error');
  });
});

describe('attached to posts', () => {
  let post: Post;
  let fileId: string;
  let strangerFile: string;

  beforeAll(async () => {
    const up = await t.basic.user.client.uploadFile(form(t.basic.channel.id, [{ name: 'report final.pdf', data: '%PDF-1.4 fake' }]));
    fileId = up.file_infos[0].id;
    const other = await t.basic.user2.client.uploadFile(form(t.basic.channel.id, [{ name: 'theirs.txt', data: 'no' }]));
    strangerFile = other.file_infos[0].id;
  });

  it('attaches only the poster’s unattached files in that channel; posted carries metadata.files', async () => {
    const ws = await t.env.ws(t.basic.user2.client);
    const wrongChannel = await t.basic.user.client.uploadFile(form(t.basic.townSquare.id, [{ name: 'elsewhere.txt', data: 'e' }]));
    post = await t.basic.user.client.createPost({
      channel_id: t.basic.channel.id,
      message: 'see attached',
      file_ids: [fileId, strangerFile, wrongChannel.file_infos[0].id],
    } as Post);
    expect(post.file_ids).toEqual([fileId]);
    expect(post.metadata.files?.map((f) => f.id)).toEqual([fileId]);
    const ev = await ws.next('posted', (e) => JSON.parse(e.data.post).id === post.id);
    expect(JSON.parse(ev.data.post).metadata.files[0]).toMatchObject({ id: fileId, post_id: post.id, name: 'report final.pdf' });

    const again = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'reuse', file_ids: [fileId] } as Post);
    expect(again.file_ids ?? []).toEqual([]);

    const list = await t.basic.user2.client.getPosts(t.basic.channel.id);
    expect(list.posts[post.id].metadata.files?.[0].id).toBe(fileId);
    const single = await t.basic.user2.client.getPost(post.id);
    expect(single.metadata.files?.[0].post_id).toBe(post.id);
    expect((await t.basic.user2.client.getChannelStats(t.basic.channel.id)).files_count).toBe(1);
    const infos = await t.basic.user2.client.getFileInfosForPost(post.id);
    expect(infos.map((f) => f.id)).toEqual([fileId]);
  });

  it('lets channel readers download and refuses others', async () => {
    const ok = await fetchAs(t.basic.user2.client, `${t.env.url}/api/v4/files/${fileId}?download=1`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toContain('attachment');
    expect(await ok.text()).toBe('%PDF-1.4 fake');
    const outsider = await t.env.newUser('nosy');
    const no = await fetchAs(outsider.client, `${t.env.url}/api/v4/files/${fileId}`);
    expect(no.status).toBe(403);
    const e = await fails(getFileInfo(outsider.client, fileId));
    expect(e.status_code).toBe(403);
    // An unattached file is its uploader's alone.
    const e2 = await fails(getFileInfo(t.basic.user.client, strangerFile));
    expect(e2.status_code).toBe(403);
    const e3 = await fails(outsider.client.getFileInfosForPost(post.id));
    expect(e3.status_code).toBe(403);
  });

  it('makes public links that work without a session and fail with a wrong hash', async () => {
    const { link } = await t.basic.user2.client.getFilePublicLink(fileId);
    const u = new URL(link);
    expect(u.pathname).toBe(`/files/${fileId}/public`);
    const h = u.searchParams.get('h')!;
    expect(h).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // server.ts mounts publicFileRoutes at the site root; mount it on a bare Fastify the same way to exercise it.
    const root = Fastify();
    root.addHook('onRequest', async (req) => {
      req.requestId = req.id;
    });
    root.setErrorHandler((err, req, reply) =>
      renderError(t.env.server.app, req, reply, err instanceof AppError ? err : new AppError('x', 'api.server.internal.app_error', 500)),
    );
    publicFileRoutes(root, t.env.server.app);
    const good = await root.inject({ method: 'GET', url: `/files/${fileId}/public?h=${h}` });
    expect(good.statusCode).toBe(200);
    expect(good.body).toBe('%PDF-1.4 fake');
    const bad = await root.inject({ method: 'GET', url: `/files/${fileId}/public?h=${h.slice(1)}x` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().id).toBe('api.file.get_file.public_invalid.app_error');
    await root.close();

    const unattached = await t.basic.user.client.uploadFile(form(t.basic.channel.id, [{ name: 'loose.txt', data: 'l' }]));
    const e = await fails(t.basic.user.client.getFilePublicLink(unattached.file_infos[0].id));
    expect(e.server_error_id).toBe('api.file.get_public_link.no_post.app_error');
    t.env.config.FileSettings.EnablePublicLink = false;
    try {
      const e2 = await fails(t.basic.user2.client.getFilePublicLink(fileId));
      expect(e2.status_code).toBe(403);
      expect(e2.server_error_id).toBe('api.file.get_public_link.disabled.app_error');
    } finally {
      t.env.config.FileSettings.EnablePublicLink = true;
    }
  });

  it('searches attached files by name in the team and in one channel', async () => {
    const res = (await t.basic.user2.client.searchFiles(t.basic.team.id, 'report', false)) as unknown as FileInfoList;
    expect(res.order).toEqual([fileId]);
    expect(res.file_infos[fileId].name).toBe('report final.pdf');
    const none = await t.basic.user2.client.searchFiles(t.basic.team.id, 'loose', false);
    expect(none.order).toEqual([]);
    const byExt = await t.basic.user2.client.searchFiles(t.basic.team.id, 'ext:pdf', false);
    expect(byExt.order).toEqual([fileId]);
    const r = await fetch(`${t.env.url}/api/v4/channels/${t.basic.channel.id}/files/search`, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + t.basic.user2.client.getToken(), 'content-type': 'application/json' },
      body: JSON.stringify({ terms: 'FINAL' }),
    });
    expect(((await r.json()) as { order: string[] }).order).toEqual([fileId]);
    const outsider = await t.env.newUser('searcher');
    const e = await fails(outsider.client.searchFiles(t.basic.team.id, 'report', false));
    expect(e.status_code).toBe(403);
    const e2 = await fails(t.basic.user2.client.searchFiles(t.basic.team.id, '', false));
    expect(e2.status_code).toBe(400);
  });

  it('soft-deletes the files of a deleted post', async () => {
    await t.basic.user.client.deletePost(post.id);
    const e = await fails(getFileInfo(t.basic.user.client, fileId));
    expect(e.status_code).toBe(404);
    const res = await t.basic.user2.client.searchFiles(t.basic.team.id, 'report', false);
    expect(res.order).toEqual([]);
    expect((await t.basic.user2.client.getChannelStats(t.basic.channel.id)).files_count).toBe(0);
  });
});
