// Permalink previews (Mattermost's `permalink` embed): a post linking to `<site>/<team>/pl/<id>` embeds the linked
// post for each viewer who may read its channel, on every read path and live over the websocket, and for no one else.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import { useBasic, type WsRecorder } from '../../test/helper.ts';

const t = useBasic();

type Embed = { type: string; url: string; data: Record<string, any> };
const embedsOf = (p: Post | undefined) => (p?.metadata?.embeds ?? []) as unknown as Embed[];

let secret: Post;
let open: Post;
const link = (id: string) => `${t.env.url}/${t.basic.team.name}/pl/${id}`;

beforeAll(async () => {
  // Only basic.user is in the private channel; both users are in basic.channel.
  secret = await t.basic.user.client.createPost({ channel_id: t.basic.privateChannel.id, message: 'the secret launch date' } as Post);
  // An open channel user2 has not joined: readable to them through read_public_channel.
  const lobby = await t.basic.user.client.createChannel({
    team_id: t.basic.team.id,
    name: 'lobby',
    display_name: 'Lobby',
    type: 'O',
  } as never);
  open = await t.basic.user.client.createPost({ channel_id: lobby.id, message: 'the public agenda' } as Post);
});

async function postAndSee(ws: WsRecorder[], message: string): Promise<Post> {
  const p = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message } as Post);
  for (const w of ws) await w.next('posted', (e) => (JSON.parse(e.data.post) as Post).id === p.id);
  return p;
}

describe('permalink previews', () => {
  it('embeds a post of a private channel for its member only, on every read path', async () => {
    const p = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: `see ${link(secret.id)}` } as Post);

    const mine = (await t.basic.user.client.getPosts(t.basic.channel.id)).posts[p.id];
    const [embed] = embedsOf(mine);
    expect(embed).toMatchObject({
      type: 'permalink',
      data: {
        post_id: secret.id,
        team_name: t.basic.team.name,
        channel_display_name: 'Private',
        channel_type: 'P',
        channel_id: t.basic.privateChannel.id,
      },
    });
    expect(embed.data.post).toMatchObject({ id: secret.id, message: 'the secret launch date', user_id: t.basic.user.user.id });
    expect(embedsOf(await t.basic.user.client.getPost(p.id))[0]?.type).toBe('permalink');
    expect(embedsOf((await t.basic.user.client.getPostThread(p.id)).posts[p.id])[0]?.type).toBe('permalink');

    // user2 reads the same channel but not the private one: no embed anywhere, and the text never shows up
    const other = t.basic.user2.client;
    const reads: Array<Post | undefined> = [
      (await other.getPosts(t.basic.channel.id)).posts[p.id],
      await other.getPost(p.id),
      (await other.getPostThread(p.id)).posts[p.id],
      (await other.getPostsUnread(t.basic.channel.id, t.basic.user2.user.id, 10, 10)).posts[p.id],
      (await other.searchPosts(t.basic.team.id, 'see', false)).posts[p.id],
    ];
    for (const r of reads) {
      expect(r?.id).toBe(p.id);
      expect(embedsOf(r)).toEqual([]);
      expect(JSON.stringify(r)).not.toContain('secret launch');
    }
    // …while basic.user's search does carry it
    expect(embedsOf((await t.basic.user.client.searchPosts(t.basic.team.id, 'see', false)).posts[p.id])[0]?.type).toBe('permalink');
  });

  it('a public channel’s post is embedded for a team member who has not joined it', async () => {
    const p = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: link(open.id) } as Post);
    const seen = (await t.basic.user2.client.getPost(p.id)) as Post;
    expect(embedsOf(seen)[0]).toMatchObject({ type: 'permalink', data: { post_id: open.id, channel_type: 'O' } });
    expect(embedsOf(seen)[0].data.post.message).toBe('the public agenda');
  });

  it('live: post_edited with the embed goes to readers only', async () => {
    const wsUser = await t.env.ws(t.basic.user.client);
    const wsOther = await t.env.ws(t.basic.user2.client);
    const p = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: `live ${link(secret.id)}` } as Post);
    const ev = await wsUser.next('post_edited', (e) => (JSON.parse(e.data.post) as Post).id === p.id);
    expect(embedsOf(JSON.parse(ev.data.post))[0]?.data.post.message).toBe('the secret launch date');
    expect(ev.broadcast.user_id).toBe(t.basic.user.user.id);
    // a later post reaches both: every event of the preview step has been delivered by then
    await postAndSee([wsOther], 'after the preview');
    expect(wsOther.events.some((e) => JSON.stringify(e.data).includes('secret launch'))).toBe(false);
    wsUser.close();
    wsOther.close();
  });

  it('no embed for a deleted post, a link to another site, or with EnablePermalinkPreviews off', async () => {
    const gone = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'soon deleted' } as Post);
    await t.basic.user.client.deletePost(gone.id);
    const toGone = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: link(gone.id) } as Post);
    expect(embedsOf(await t.basic.user.client.getPost(toGone.id))).toEqual([]);
    const elsewhere = await t.basic.user.client.createPost({
      channel_id: t.basic.channel.id,
      message: `https://elsewhere.example.com/${t.basic.team.name}/pl/${open.id}`,
    } as Post);
    expect(embedsOf(await t.basic.user.client.getPost(elsewhere.id))).toEqual([]);
    const p = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: link(open.id) } as Post);
    await t.basic.admin.client.patchConfig({ ServiceSettings: { EnablePermalinkPreviews: false } } as never);
    try {
      expect(embedsOf(await t.basic.user.client.getPost(p.id))).toEqual([]);
    } finally {
      await t.basic.admin.client.patchConfig({ ServiceSettings: { EnablePermalinkPreviews: true } } as never);
    }
  });
});
