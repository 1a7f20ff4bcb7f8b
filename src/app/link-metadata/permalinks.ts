// Permalink previews (Mattermost's `permalink` embed): a post whose first link is `<SiteURL>/<team>/pl/<post_id>`
// embeds that post, its channel and team, but only for a viewer who may read the linked post's channel. Embeds are
// built per viewer on read and never stored, so a post cannot carry one to someone who may not see it; live clients
// get the embed in a `post_edited` addressed to each member of the channel who may read the linked one.
import type { Channel, Post } from '../../model/types.ts';
import { postForClient } from '../../model/post.ts';
import { wsEvent, WsEvents } from '../../model/ws-events.ts';
import type { Actor } from '../actor.ts';
import { canReadChannel } from '../authz.ts';
import type { AppContext } from '../context.ts';
import { firstLink, permalinkPostId } from './link-metadata.ts';

/** Mattermost's PreviewPost, the `data` of a permalink embed. */
export interface PreviewPost {
  post_id: string;
  post: Post;
  team_name: string;
  channel_display_name: string;
  channel_type: string;
  channel_id: string;
}

/** Members of a channel told live of a permalink preview, read per page. */
const MEMBER_PAGE = 500;

/** The post a message's first link points at through a permalink, or '' (previews off, a system post, no permalink). */
export function permalinkOf(ctx: AppContext, post: Post): string {
  const config = ctx.config();
  if (!config.ServiceSettings.EnablePermalinkPreviews || post.delete_at || post.type) return '';
  return permalinkPostId(ctx.siteURL(), firstLink(config, post.message));
}

/** The linked post as an embed shows it: live, with its props cleaned, without embeds of its own (one level). */
function embeddedPost(p: Post): Post {
  const out = { ...postForClient(p), metadata: { ...p.metadata } };
  delete out.metadata.embeds;
  delete out.metadata.images;
  return out;
}

/** What a viewer's permission check needs of each linked post: the post, its channel and its team's name. */
type Linked = { post: Post; channel: Channel; teamName: string };

async function linkedPosts(ctx: AppContext, ids: string[]): Promise<Map<string, Linked>> {
  const out = new Map<string, Linked>();
  if (!ids.length) return out;
  const teamNames = new Map<string, string>();
  for (const p of await ctx.store.posts.getMany(ids)) {
    const channel = p.delete_at ? undefined : await ctx.caches.channel(p.channel_id);
    if (!channel) continue;
    if (channel.team_id && !teamNames.has(channel.team_id))
      teamNames.set(channel.team_id, (await ctx.store.teams.get(channel.team_id))?.name ?? '');
    out.set(p.id, { post: embeddedPost(p), channel, teamName: teamNames.get(channel.team_id) ?? '' });
  }
  return out;
}

function embedOf(l: Linked) {
  const data: PreviewPost = {
    post_id: l.post.id,
    post: l.post,
    team_name: l.teamName,
    channel_display_name: l.channel.display_name,
    channel_type: l.channel.type,
    channel_id: l.channel.id,
  };
  return { type: 'permalink', url: '', data };
}

/**
 * Adds the permalink embed to each post that links to a post `viewer` may read (Mattermost's per-user
 * SanitizePostMetadataForUser, done the other way round: nothing is added that would have to be taken out).
 * Mutates the posts' metadata; costs nothing for posts without a permalink.
 */
export async function addPermalinkEmbeds(ctx: AppContext, viewer: Actor, posts: Post[]): Promise<void> {
  const wanted = new Map<Post, string>();
  for (const p of posts) {
    const id = permalinkOf(ctx, p);
    if (id && id !== p.id) wanted.set(p, id);
  }
  if (!wanted.size) return;
  const linked = await linkedPosts(ctx, [...new Set(wanted.values())]);
  const readable = new Map<string, boolean>();
  for (const [p, id] of wanted) {
    const l = linked.get(id);
    if (!l) continue;
    let ok = readable.get(l.channel.id);
    if (ok === undefined) readable.set(l.channel.id, (ok = await canReadChannel(ctx, viewer, l.channel)));
    if (ok) p.metadata = { ...p.metadata, embeds: [embedOf(l)] };
  }
}

/**
 * After a post with a permalink is saved or edited: each member of its channel who may read the linked post gets the
 * post again (`post_edited`, to them alone) with the embed; the others keep the plain post they already have.
 */
export async function publishPermalinkPreviews(ctx: AppContext, saved: Post): Promise<void> {
  const id = permalinkOf(ctx, saved);
  if (!id || id === saved.id) return;
  const l = (await linkedPosts(ctx, [id])).get(id);
  if (!l) return;
  const post = { ...postForClient(saved), metadata: { ...saved.metadata, embeds: [embedOf(l)] } };
  const json = JSON.stringify(post);
  for (let offset = 0; ; offset += MEMBER_PAGE) {
    const members = await ctx.store.channels.listMembers(saved.channel_id, { offset, limit: MEMBER_PAGE });
    const users = new Map((await ctx.store.users.getMany(members.map((m) => m.user_id))).map((u) => [u.id, u]));
    for (const m of members) {
      const u = users.get(m.user_id);
      if (!u || u.delete_at) continue;
      const viewer: Actor = { userId: u.id, roles: u.roles, isBot: !!u.is_bot, isIntegration: false };
      if (!(await canReadChannel(ctx, viewer, l.channel))) continue;
      ctx.events.publish(wsEvent(WsEvents.PostEdited, { post: json }, { channelId: saved.channel_id, userId: u.id }));
    }
    if (members.length < MEMBER_PAGE) break;
  }
}
