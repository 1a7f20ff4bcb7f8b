// Link previews as Mattermost serves them: POST /opengraph (OpenGraph JSON of the test's own page, 501 when off, 400
// without a URL, nothing fetched from an address the internal-address guard refuses or a restricted domain) and post
// metadata: the first link of a message gets its embed after the post is saved, announced by `post_edited`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client4 } from '@mattermost/client';
import type { OpenGraphMetadata, Post } from '@mattermost/types/posts';
import { fails, useBasic, type WsRecorder } from '../../test/helper.ts';
import { ogPage, solidPng, startLinkSite, type LinkSite } from '../../test/link-site.ts';

const t = useBasic((c) => {
  c.ServiceSettings.EnableLinkPreviews = true;
  c.ServiceSettings.AllowedUntrustedInternalConnections = '127.0.0.1 localhost';
});

let site: LinkSite;
/** A site on a loopback address the allow list does not name: the guard must refuse it. */
let internal: LinkSite;
let ws: WsRecorder;

beforeAll(async () => {
  site = await startLinkSite();
  internal = await startLinkSite('127.0.0.2');
  for (const s of [site, internal]) {
    s.page(
      '/page',
      'text/html; charset=utf-8',
      ogPage({ title: 'Tea &amp; Biscuits', description: 'All about &quot;tea&quot;', siteName: 'Tea Site', image: '/img.png' }),
    );
    s.page('/img.png', 'image/png', solidPng(320, 160, [200, 80, 40]));
    s.page('/plain', 'text/plain', 'just text');
  }
  site.page('/other', 'text/html', ogPage({ title: 'Other', description: 'Second page', siteName: 'Tea Site', image: '/img.png' }));
  ws = await t.env.ws(t.basic.user2.client);
});
afterAll(async () => {
  ws.close();
  await site.close();
  await internal.close();
});

/**
 * Mattermost's Client4.getOpenGraphMetadata (POST /opengraph {url}), which @mattermost/client 11 no longer exports:
 * the same request through Client4's own fetch (its auth header, its ClientError on failure).
 */
function getOpenGraphMetadata(client: Client4, url: string): Promise<OpenGraphMetadata & Record<string, unknown>> {
  const c = client as unknown as { doFetch<T>(url: string, options: { method: string; body: string }): Promise<T> };
  return c.doFetch(`${client.getBaseRoute()}/opengraph`, { method: 'post', body: JSON.stringify({ url }) });
}

/** The `post_edited` of `postId` (seen by user2's socket) whose post carries embeds. */
async function editedWithEmbeds(postId: string): Promise<Post> {
  const ev = await ws.next('post_edited', (e) => {
    const p = JSON.parse(e.data.post) as Post;
    return p.id === postId && !!p.metadata?.embeds?.length;
  });
  return JSON.parse(ev.data.post) as Post;
}

describe('POST /opengraph', () => {
  it('answers the page’s OpenGraph data as Mattermost does', async () => {
    const og = await getOpenGraphMetadata(t.basic.user.client, site.url + '/page');
    expect(og).toEqual({
      type: 'article',
      url: site.url + '/page',
      title: 'Tea & Biscuits',
      description: 'All about "tea"',
      determiner: '',
      site_name: 'Tea Site',
      locale: '',
      locales_alternate: null,
      images: [{ url: site.url + '/img.png', secure_url: '', type: 'image/png', width: 320, height: 160 }],
      audios: null,
      videos: null,
    });
  });

  it('requires a session', async () => {
    const e = await fails(getOpenGraphMetadata(t.env.client(), site.url + '/page'));
    expect(e.status_code).toBe(401);
  });

  it('needs a url', async () => {
    const e = await fails(getOpenGraphMetadata(t.basic.user.client, ''));
    expect([e.status_code, e.server_error_id]).toEqual([400, 'api.context.invalid_body_param.app_error']);
  });

  it('is 501 api.post.link_preview_disabled.app_error when link previews are off', async () => {
    t.env.config.ServiceSettings.EnableLinkPreviews = false;
    try {
      const e = await fails(getOpenGraphMetadata(t.basic.user.client, site.url + '/page'));
      expect([e.status_code, e.server_error_id]).toEqual([501, 'api.post.link_preview_disabled.app_error']);
      const config = await t.basic.user.client.getClientConfig();
      expect(config.EnableLinkPreviews).toBe('false');
    } finally {
      t.env.config.ServiceSettings.EnableLinkPreviews = true;
    }
    expect((await t.basic.user.client.getClientConfig()).EnableLinkPreviews).toBe('true');
  });

  it('refuses an internal address the allow list does not name (nothing is fetched)', async () => {
    const og = await getOpenGraphMetadata(t.basic.user.client, internal.url + '/page');
    expect(og).toEqual({ url: '' });
    expect(internal.hits.get('/page')).toBeUndefined();
  });

  it('does not fetch a restricted domain', async () => {
    t.env.config.ServiceSettings.RestrictLinkPreviews = '@localhost';
    try {
      const url = site.url.replace('127.0.0.1', 'localhost') + '/plain?restricted';
      expect(await getOpenGraphMetadata(t.basic.user.client, url)).toEqual({ url: '' });
      expect(site.hits.get('/plain?restricted')).toBeUndefined();
    } finally {
      t.env.config.ServiceSettings.RestrictLinkPreviews = '';
    }
  });
});

describe('post metadata embeds', () => {
  it('gives the first link an opengraph embed and its image’s size, after the post is saved', async () => {
    const link = site.url + '/page';
    const post = await t.basic.user.client.createPost({
      channel_id: t.basic.channel.id,
      message: `see \`${site.url}/plain\` and ${link}, then ${site.url}/other`,
    } as Post);
    // The send path answers before any fetch: the created post has no embed yet.
    expect(post.metadata?.embeds).toBeUndefined();
    const edited = await editedWithEmbeds(post.id);
    const embed = edited.metadata.embeds[0];
    expect(embed).toMatchObject({ type: 'opengraph', url: link });
    expect(embed.data).toMatchObject({
      type: 'article',
      title: 'Tea & Biscuits',
      site_name: 'Tea Site',
      images: [{ url: site.url + '/img.png', width: 320, height: 160 }],
    });
    expect(edited.metadata.images).toEqual({ [site.url + '/img.png']: { width: 320, height: 160, format: 'png', frame_count: 0 } });
    // Served the same way on every read, from the cache.
    const read = await t.basic.user2.client.getPost(post.id);
    expect(read.metadata.embeds).toEqual(edited.metadata.embeds);
    const list = await t.basic.user2.client.getPosts(t.basic.channel.id);
    expect(list.posts[post.id].metadata.embeds).toEqual(edited.metadata.embeds);
    expect(site.hits.get('/plain')).toBeUndefined();
  });

  it('fetches a link once per hour: a second post with it reads the cache', async () => {
    const before = site.hits.get('/page') ?? 0;
    const post = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: site.url + '/page' } as Post);
    const edited = await editedWithEmbeds(post.id);
    expect(edited.metadata.embeds[0].type).toBe('opengraph');
    expect(site.hits.get('/page') ?? 0).toBe(before);
  });

  it('gives a direct image link an image embed with its dimensions', async () => {
    const link = site.url + '/img.png?direct';
    const post = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: link } as Post);
    const edited = await editedWithEmbeds(post.id);
    expect(edited.metadata.embeds).toEqual([{ type: 'image', url: link }]);
    expect(edited.metadata.images).toEqual({ [link]: { width: 320, height: 160, format: 'png', frame_count: 0 } });
  });

  it('never fetches an internal address the allow list does not name: the link stays a bare link', async () => {
    const link = internal.url + '/page?post';
    const post = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: link } as Post);
    const edited = await editedWithEmbeds(post.id);
    expect(edited.metadata.embeds).toEqual([{ type: 'link', url: link }]);
    expect(internal.hits.get('/page?post')).toBeUndefined();
  });

  it('previews the new link when a message is edited', async () => {
    const post = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'no link yet' } as Post);
    await t.basic.user.client.patchPost({ id: post.id, message: 'now ' + site.url + '/other' } as Post);
    const edited = await editedWithEmbeds(post.id);
    expect(edited.metadata.embeds[0]).toMatchObject({ type: 'opengraph', url: site.url + '/other', data: { title: 'Other' } });
  });

  it('keeps the remove_link_preview prop the author patches (the web app hides the card)', async () => {
    const post = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: site.url + '/page#x' } as Post);
    await editedWithEmbeds(post.id);
    const patched = await t.basic.user.client.patchPost({ id: post.id, props: { remove_link_preview: 'true' } } as unknown as Post);
    expect(patched.props.remove_link_preview).toBe('true');
    expect(patched.metadata.embeds?.[0]?.type).toBe('opengraph');
  });

  it('serves no embeds while link previews are off', async () => {
    const post = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: site.url + '/page' } as Post);
    await editedWithEmbeds(post.id);
    t.env.config.ServiceSettings.EnableLinkPreviews = false;
    try {
      expect((await t.basic.user.client.getPost(post.id)).metadata.embeds).toBeUndefined();
    } finally {
      t.env.config.ServiceSettings.EnableLinkPreviews = true;
    }
  });
});
