// Link previews: POST /opengraph (a page's OpenGraph data for any signed-in user) and the after-post/after-edit step
// that resolves the first link of a message once it is saved, then republishes the post (`post_edited`) with its
// embed so open clients show the card. Nothing here runs on the send path.
import type { Actor } from './actor.ts';
import { appError, Errors } from '../model/app-error.ts';
import type { Post } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import { postForClient } from '../model/post.ts';
import { registerAfterEdit, registerAfterPost } from './after-post.ts';
import type { AppContext } from './context.ts';
import { fillPostMetadata } from './files/files.ts';
import { outboundRequest } from './outbound/http-client.ts';
import { emptyOpenGraph, parseOpenGraph } from './link-metadata/html-meta.ts';
import { isLinkAllowedForPreview, ogImageUrl, previewLinkOf, resolveLinkMetadata } from './link-metadata/link-metadata.ts';
import { publishPermalinkPreviews } from './link-metadata/permalinks.ts';

/** Mattermost's bounds of the /opengraph answer cache: 10,000 URLs for an hour, answers up to 5 KiB. */
const OG_CACHE_MAX = 10_000;
const OG_CACHE_TTL_MS = 60 * 60 * 1000;
const OG_CACHE_ENTRY_MAX = 5 * 1024;
const OG_READ_BYTES = 1024 * 1024;
const OG_TIMEOUT_MS = 5000;

const ogAnswers = new WeakMap<AppContext, Map<string, { at: number; json: Buffer }>>();

function answersOf(ctx: AppContext) {
  let m = ogAnswers.get(ctx);
  if (!m) ogAnswers.set(ctx, (m = new Map()));
  return m;
}

/** What Mattermost answers when a page could not be read: 200 with an empty URL. */
const NO_DATA = Buffer.from(JSON.stringify({ url: '' }));

/**
 * The OpenGraph JSON of a URL, as Mattermost's getOpenGraphMetadata: 501 when link previews are off, 400 without a
 * URL; a page that cannot be fetched (or a restricted domain) answers `{"url": ""}`. Returned as JSON bytes.
 */
export async function getOpenGraphMetadata(ctx: AppContext, _actor: Actor, url: unknown): Promise<Buffer> {
  const config = ctx.config();
  if (!config.ServiceSettings.EnableLinkPreviews) throw appError('api.post.link_preview_disabled.app_error', 'getOpenGraphMetadata');
  if (typeof url !== 'string' || !url) throw Errors.invalidBodyParam('url');
  if (!isLinkAllowedForPreview(config, url)) return NO_DATA;
  const cache = answersOf(ctx);
  const hit = cache.get(url);
  if (hit && Date.now() - hit.at < OG_CACHE_TTL_MS) return hit.json;
  let json: Buffer;
  try {
    const res = await outboundRequest(config, {
      url,
      timeoutMs: OG_TIMEOUT_MS,
      maxBytes: OG_READ_BYTES,
      maxRedirects: 10,
      truncate: true,
    });
    const og =
      res.status >= 200 && res.status < 300 ? parseOpenGraph(res.body, String(res.headers['content-type'] ?? ''), url) : emptyOpenGraph();
    json = Buffer.from(JSON.stringify(og));
  } catch (err) {
    ctx.log.debug({ err, url }, 'opengraph request failed');
    return NO_DATA;
  }
  if (json.length > OG_CACHE_ENTRY_MAX) return NO_DATA;
  cache.delete(url);
  cache.set(url, { at: Date.now(), json });
  if (cache.size > OG_CACHE_MAX) cache.delete(cache.keys().next().value!);
  return json;
}

/**
 * Resolves the preview of a saved post's first link (and the size of the card's image), then, if the post still
 * reads the same, publishes it again with its embed. Posts without a previewable link cost nothing.
 */
async function previewPost(ctx: AppContext, saved: Post): Promise<void> {
  const link = previewLinkOf(ctx, saved);
  if (!link) return;
  const meta = await resolveLinkMetadata(ctx, link, saved.create_at);
  if (meta.type === 'opengraph') {
    const img = ogImageUrl(meta.og);
    if (img && isLinkAllowedForPreview(ctx.config(), img)) await resolveLinkMetadata(ctx, img, saved.create_at);
  }
  const post = await ctx.store.posts.get(saved.id);
  // Deleted or edited to another link meanwhile: that edit's own step publishes.
  if (!post || post.delete_at || previewLinkOf(ctx, post) !== link) return;
  await fillPostMetadata(ctx, [post]);
  if (!post.metadata.embeds) return;
  ctx.events.publish(wsEvent(WsEvents.PostEdited, { post: JSON.stringify(postForClient(post)) }, { channelId: post.channel_id }));
}

/** Registers the link-preview steps; returns its stop (nothing to stop: each step ends with its fetch). */
export function startLinkPreviews(ctx: AppContext): () => void {
  registerAfterPost(ctx, (post) => previewPost(ctx, post));
  registerAfterEdit(ctx, (post) => previewPost(ctx, post));
  registerAfterPost(ctx, (post) => publishPermalinkPreviews(ctx, post));
  registerAfterEdit(ctx, (post) => publishPermalinkPreviews(ctx, post));
  return () => {};
}
