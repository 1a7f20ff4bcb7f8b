// The preview of a message's first link, from the post's `metadata.embeds` (the server fills it once it has read the
// link): an OpenGraph card (site, title, description, thumbnail) or the linked image. Hidden when the viewer turned
// link previews off (display_settings:link_previews) or the author removed it (the `remove_link_preview` prop).
import { useState, type ReactNode } from 'react';
import type { OpenGraphMetadata, Post } from '@mattermost/types/posts';
import { useIntl } from 'react-intl';
import { attempt } from '../actions.ts';
import { client } from '../api.ts';
import { setState, useStore } from '../store.ts';

export const LINK_PREVIEWS = 'display_settings:link_previews';

/** Only http(s) links are ever put in an href or src (a page's og data is not trusted). */
function safeUrl(u: string | undefined): string {
  if (!u) return '';
  try {
    const p = new URL(u);
    return p.protocol === 'http:' || p.protocol === 'https:' ? p.toString() : '';
  } catch {
    return '';
  }
}

/** Width and height that fit the box, keeping the image's ratio. */
function fit(img: { width?: number; height?: number } | undefined, maxW: number, maxH: number): { width?: number; height?: number } {
  if (!img?.width || !img.height) return {};
  const scale = Math.min(1, maxW / img.width, maxH / img.height);
  return { width: Math.round(img.width * scale), height: Math.round(img.height * scale) };
}

async function removePreview(post: Post): Promise<void> {
  const updated = await attempt(() => client.patchPost({ id: post.id, props: { ...post.props, remove_link_preview: 'true' } }));
  if (updated) setState((s) => (s.posts[post.id] ? { posts: { ...s.posts, [post.id]: { ...s.posts[post.id], ...updated } } } : {}));
}

function DismissButton({ post }: { post: Post }): ReactNode {
  const intl = useIntl();
  const [busy, setBusy] = useState(false);
  const label = intl.formatMessage({ id: 'post.linkPreview.remove', defaultMessage: 'Remove link preview' });
  return (
    <button
      type="button"
      className="icon link-preview-dismiss"
      aria-label={label}
      title={label}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void removePreview(post).finally(() => setBusy(false));
      }}
    >
      ×
    </button>
  );
}

export function LinkPreview({ post }: { post: Post }): ReactNode {
  const enabled = useStore((s) => s.preferences[LINK_PREVIEWS] !== 'false');
  const mine = useStore((s) => s.me?.id === post.user_id);
  const intl = useIntl();
  const embed = post.metadata?.embeds?.[0];
  if (!enabled || !embed || post.props?.remove_link_preview === 'true') return null;
  const images = post.metadata?.images ?? {};
  if (embed.type === 'image') {
    const src = safeUrl(embed.url);
    if (!src) return null;
    return (
      <div className="link-preview link-preview-image">
        <a href={src} target="_blank" rel="noreferrer noopener">
          <img
            src={src}
            alt={intl.formatMessage({ id: 'post.linkPreview.image', defaultMessage: 'Linked image' })}
            loading="lazy"
            {...fit(images[embed.url], 480, 320)}
          />
        </a>
        {mine && <DismissButton post={post} />}
      </div>
    );
  }
  if (embed.type !== 'opengraph' || !embed.data) return null;
  const og = embed.data as OpenGraphMetadata;
  const href = safeUrl(og.url || embed.url);
  const first = og.images?.[0];
  const rawImage = first ? first.secure_url || first.url : '';
  const image = safeUrl(rawImage);
  if (!href || (!og.title && !og.description)) return null;
  return (
    <div
      className="link-preview link-preview-card"
      role="group"
      aria-label={intl.formatMessage({ id: 'post.linkPreview.aria', defaultMessage: 'Link preview' })}
    >
      <div className="link-preview-text">
        {og.site_name && <div className="link-preview-site">{og.site_name}</div>}
        {og.title && (
          <a className="link-preview-title" href={href} target="_blank" rel="noreferrer noopener">
            {og.title}
          </a>
        )}
        {og.description && <p className="link-preview-description">{og.description}</p>}
      </div>
      {image && <img className="link-preview-thumb" src={image} alt="" loading="lazy" {...fit(images[rawImage] ?? first, 80, 80)} />}
      {mine && <DismissButton post={post} />}
    </div>
  );
}
