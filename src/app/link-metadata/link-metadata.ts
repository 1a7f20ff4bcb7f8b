// What a link in a post points at, as Mattermost's post metadata tells clients: the first plain link of a message gets
// an embed (`opengraph` with the page's data, `image` with its dimensions in `metadata.images`, or a bare `link`).
// Lookups come from a bounded in-memory cache over the link_metadata table, keyed like Mattermost's (a hash of the URL
// and the post's hour); only `resolveLinkMetadata` fetches, through the one outbound client, and only off the send
// path (after-post and after-edit steps). Reading posts never fetches.
import type { Config } from '../../config/config.ts';
import type { Post } from '../../model/types.ts';
import type { AppContext } from '../context.ts';
import { outboundRequest } from '../outbound/http-client.ts';
import { parseOpenGraph, truncateOpenGraph, type OpenGraph } from './html-meta.ts';
import { imageSize, type PostImage } from './image-size.ts';

/** What a link was found to be: a page with OpenGraph data, an image, or nothing previewable. */
export type LinkMetadata = { type: 'opengraph'; og: OpenGraph } | { type: 'image'; image: PostImage } | { type: 'none' };

export interface PostEmbed {
  type: 'opengraph' | 'image' | 'link';
  url: string;
  data?: OpenGraph;
}

/** Bytes of a page or image read at most: meta tags sit in the head and image sizes in the first bytes. */
const MAX_READ_BYTES = 1024 * 1024;
/** Mattermost's ExperimentalSettings.LinkMetadataTimeoutMilliseconds default. */
const FETCH_TIMEOUT_MS = 5000;
/** Mattermost's LinkCacheDuration and LinkCacheSize bounds for the in-memory cache. */
const CACHE_TTL_MS = 60 * 60 * 1000;
const CACHE_MAX = 10_000;
/** Redirects followed, as Mattermost's link metadata client (each hop is checked by the internal-address guard). */
const MAX_REDIRECTS = 10;

/** Mattermost's FloorToNearestHour: the hour (UTC, epoch ms) a post's links are cached under. */
export function floorToHour(ms: number): number {
  return ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000);
}

/** FNV-1 (32-bit, multiply then xor) over the bytes of the chunks in order: Go's hash/fnv New32. */
export function fnv1(chunks: Buffer[]): number {
  let h = 0x811c9dc5;
  for (const b of chunks)
    for (const byte of b) {
      h = Math.imul(h, 0x01000193) >>> 0;
      h = (h ^ byte) >>> 0;
    }
  return h;
}

/** Mattermost's GenerateLinkMetadataHash: FNV-1 (32-bit) over the little-endian int64 timestamp, then the URL bytes. */
export function linkMetadataHash(url: string, timestamp: number): number {
  const ts = Buffer.alloc(8);
  ts.writeBigInt64LE(BigInt(timestamp));
  return fnv1([ts, Buffer.from(url, 'utf8')]);
}

/** Mattermost's normalizeDomains: RestrictLinkPreviews split on spaces, commas and '@', lower-cased. */
function restrictedDomains(config: Config): string[] {
  return config.ServiceSettings.RestrictLinkPreviews.toLowerCase().replace(/[@,]/g, ' ').split(/\s+/).filter(Boolean);
}

/** Whether a link may be previewed: http(s), and its host (in ASCII) contains none of the restricted domains. */
export function isLinkAllowedForPreview(config: Config, link: string): boolean {
  let host: string;
  try {
    const u = new URL(link);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    host = u.hostname.toLowerCase();
  } catch {
    return false;
  }
  return !restrictedDomains(config).some((d) => host.includes(d));
}

/** Trailing characters an autolink does not keep (sentence punctuation, an unmatched closing parenthesis). */
function trimAutolink(url: string): string {
  let u = url.replace(/[.,:;!?'"*_~]+$/, '');
  while (u.endsWith(')') && (u.match(/\(/g)?.length ?? 0) < (u.match(/\)/g)?.length ?? 0))
    u = u.slice(0, -1).replace(/[.,:;!?'"*_~]+$/, '');
  return u;
}

/**
 * The first autolinked URL of a message, as Mattermost's getFirstLink: a bare `http(s)://` or `www.` link or an
 * `<…>` autolink, not one inside code, not a `[text](url)` link, not an image; skipping restricted domains.
 */
export function firstLink(config: Config, message: string): string {
  if (!message || !/https?:\/\/|www\./i.test(message)) return '';
  const text = message
    .replace(/^(```|~~~)[\s\S]*?^\1/gm, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/!?\[[^\]\n]*\]\([^)\n]*\)/g, ' ')
    .replace(/^\s*\[[^\]\n]+\]:.*$/gm, ' ');
  const re = /<(https?:\/\/[^\s<>]+)>|(?<![\w@/.])((?:https?:\/\/|www\.)[^\s<>]+)/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let link = m[1] ?? trimAutolink(m[2]);
    if (/^www\./i.test(link)) link = 'http://' + link;
    if (isLinkAllowedForPreview(config, link)) return link;
  }
  return '';
}

type Cached = { at: number; url: string; meta: LinkMetadata };

/** The in-memory front of link_metadata: insertion-ordered, oldest dropped past CACHE_MAX, entries live an hour. */
const memory = new WeakMap<AppContext, Map<number, Cached>>();

function memoryOf(ctx: AppContext): Map<number, Cached> {
  let m = memory.get(ctx);
  if (!m) memory.set(ctx, (m = new Map()));
  return m;
}

function remember(ctx: AppContext, hash: number, url: string, meta: LinkMetadata): void {
  const m = memoryOf(ctx);
  m.delete(hash);
  m.set(hash, { at: Date.now(), url, meta });
  if (m.size > CACHE_MAX) m.delete(m.keys().next().value!);
}

function recalled(ctx: AppContext, hash: number, url: string): LinkMetadata | undefined {
  const e = memoryOf(ctx).get(hash);
  if (!e || e.url !== url) return undefined;
  if (Date.now() - e.at > CACHE_TTL_MS) {
    memoryOf(ctx).delete(hash);
    return undefined;
  }
  return e.meta;
}

function fromRow(type: string, data: string): LinkMetadata {
  try {
    if (type === 'opengraph') return { type, og: JSON.parse(data) as OpenGraph };
    if (type === 'image') return { type, image: JSON.parse(data) as PostImage };
  } catch {
    // A row that does not parse counts as "nothing to preview".
  }
  return { type: 'none' };
}

/** Cached metadata of several (url, timestamp) keys: memory first, then one query for the rest. Absent = unknown. */
export async function cachedLinkMetadata(
  ctx: AppContext,
  keys: Array<{ url: string; timestamp: number }>,
): Promise<Map<string, LinkMetadata>> {
  const out = new Map<string, LinkMetadata>();
  const missing = new Map<number, { url: string; timestamp: number }>();
  for (const k of keys) {
    const hash = linkMetadataHash(k.url, k.timestamp);
    const hit = recalled(ctx, hash, k.url);
    if (hit) out.set(`${k.timestamp}:${k.url}`, hit);
    else missing.set(hash, k);
  }
  if (missing.size) {
    for (const row of await ctx.store.linkMetadata.getMany([...missing.keys()])) {
      const k = missing.get(row.hash);
      if (!k || k.url !== row.url || k.timestamp !== row.timestamp) continue;
      const meta = fromRow(row.type, row.data);
      remember(ctx, row.hash, row.url, meta);
      out.set(`${k.timestamp}:${k.url}`, meta);
    }
  }
  return out;
}

/** Fetches a link (one GET through the outbound client) and reads it as a page's OpenGraph data or an image. */
export async function fetchLinkMetadata(ctx: AppContext, url: string): Promise<LinkMetadata> {
  const config = ctx.config();
  const res = await outboundRequest(config, {
    url,
    headers: { Accept: 'image/*, text/html;q=0.8', 'Accept-Language': config.LocalizationSettings.DefaultServerLocale },
    timeoutMs: FETCH_TIMEOUT_MS,
    maxBytes: MAX_READ_BYTES,
    maxRedirects: MAX_REDIRECTS,
    truncate: true,
  });
  if (res.status < 200 || res.status >= 300) return { type: 'none' };
  // A redirect may not land on a restricted domain.
  if (!isLinkAllowedForPreview(config, res.url)) return { type: 'none' };
  const contentType = String(res.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('image/svg')) return { type: 'none' };
  if (contentType.startsWith('image/') || (!contentType && imageSize(res.body))) {
    const image = imageSize(res.body);
    return image ? { type: 'image', image } : { type: 'none' };
  }
  if (contentType.startsWith('text/html') || !contentType) {
    const og = parseOpenGraph(res.body, contentType, url);
    // Mattermost keeps a page's data only when it names at least a title, a type or a URL.
    if (og.title || og.type || og.url) return { type: 'opengraph', og: truncateOpenGraph(og) };
  }
  return { type: 'none' };
}

/**
 * A link's metadata for a post written at `postCreateAt`: cached, or fetched and saved (a failed fetch is saved as
 * "none", as Mattermost does, so a dead link is not fetched again within the hour).
 */
export async function resolveLinkMetadata(ctx: AppContext, url: string, postCreateAt: number): Promise<LinkMetadata> {
  const timestamp = floorToHour(postCreateAt);
  const cached = (await cachedLinkMetadata(ctx, [{ url, timestamp }])).get(`${timestamp}:${url}`);
  if (cached) return cached;
  let meta: LinkMetadata;
  try {
    meta = await fetchLinkMetadata(ctx, url);
  } catch (err) {
    ctx.log.debug({ err, url }, 'link metadata fetch failed');
    meta = { type: 'none' };
  }
  const hash = linkMetadataHash(url, timestamp);
  const data = meta.type === 'opengraph' ? JSON.stringify(meta.og) : meta.type === 'image' ? JSON.stringify(meta.image) : '';
  await ctx.store.linkMetadata.save({ hash, url, timestamp, type: meta.type, data });
  remember(ctx, hash, url, meta);
  return meta;
}

/** The post id of a permalink to this site (`<SiteURL>/<team>/pl/<id>`, as Mattermost's looksLikeAPermalink), or ''. */
export function permalinkPostId(siteURL: string, link: string): string {
  const site = siteURL.replace(/\/+$/, '');
  if (!site || !link.startsWith(site + '/')) return '';
  const m = /^\/[a-z0-9][a-z0-9_-]*\/pl\/([a-z0-9]{26})\/?$/.exec(link.slice(site.length).split(/[?#]/)[0]);
  return m ? m[1] : '';
}

/**
 * The link a post is previewed by, or '' (previews off, no link, a system post or one with message attachments, or a
 * permalink to this site: that is a permalink embed, built per viewer in permalinks.ts, never fetched).
 */
export function previewLinkOf(ctx: AppContext, post: Post): string {
  const config = ctx.config();
  if (!config.ServiceSettings.EnableLinkPreviews || post.delete_at || post.type) return '';
  if (post.props && 'attachments' in post.props) return '';
  const link = firstLink(config, post.message);
  return link && config.ServiceSettings.EnablePermalinkPreviews && permalinkPostId(ctx.siteURL(), link) ? '' : link;
}

/** The image an OpenGraph card shows (secure URL first), whose dimensions go in `metadata.images`. */
export function ogImageUrl(og: OpenGraph): string {
  const img = og.images?.[0];
  return img ? img.secure_url || img.url : '';
}

/**
 * Sets `metadata.embeds` and `metadata.images` of posts from cached link metadata (no fetch): an `opengraph` embed
 * with its data, an `image` embed with the image's size under its URL, a `link` embed when the link held nothing.
 */
export async function fillEmbeds(ctx: AppContext, posts: Post[]): Promise<void> {
  const links = new Map<Post, string>();
  for (const p of posts) {
    delete p.metadata.embeds;
    delete p.metadata.images;
    const link = previewLinkOf(ctx, p);
    if (link) links.set(p, link);
  }
  if (!links.size) return;
  const keys = [...links].map(([p, url]) => ({ url, timestamp: floorToHour(p.create_at) }));
  const found = await cachedLinkMetadata(ctx, keys);
  const imageKeys: Array<{ url: string; timestamp: number }> = [];
  for (const [p, url] of links) {
    const meta = found.get(`${floorToHour(p.create_at)}:${url}`);
    if (meta?.type === 'opengraph' && ogImageUrl(meta.og))
      imageKeys.push({ url: ogImageUrl(meta.og), timestamp: floorToHour(p.create_at) });
  }
  const images = imageKeys.length ? await cachedLinkMetadata(ctx, imageKeys) : new Map<string, LinkMetadata>();
  for (const [p, url] of links) {
    const hour = floorToHour(p.create_at);
    const meta = found.get(`${hour}:${url}`);
    if (!meta) continue;
    const postImages: Record<string, PostImage> = {};
    let embed: PostEmbed;
    if (meta.type === 'opengraph') {
      embed = { type: 'opengraph', url, data: meta.og };
      const imgUrl = ogImageUrl(meta.og);
      const img = imgUrl ? images.get(`${hour}:${imgUrl}`) : undefined;
      if (img?.type === 'image') postImages[imgUrl] = img.image;
    } else if (meta.type === 'image') {
      embed = { type: 'image', url };
      postImages[url] = meta.image;
    } else embed = { type: 'link', url };
    p.metadata.embeds = [embed];
    if (Object.keys(postImages).length) p.metadata.images = postImages;
  }
}
