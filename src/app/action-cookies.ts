// Post action cookies (Mattermost's PostActionCookie): ephemeral posts are never stored, so each of their actions
// carries its integration to the client sealed (AES-256-GCM, a key derived from the server's at-rest secret); a click
// sends the cookie back and the server opens it instead of reading the post.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { appError } from '../model/app-error.ts';
import { attachmentsOf, withActionIds, type PostActionIntegration } from '../model/slack-attachments.ts';
import type { Post } from '../model/types.ts';
import type { AppContext } from './context.ts';

/** What a cookie holds (Mattermost's fields). */
export interface PostActionCookie {
  type: string;
  post_id: string;
  root_post_id: string;
  channel_id: string;
  data_source: string;
  integration: PostActionIntegration;
  retain_props?: Record<string, unknown>;
  remove_props?: string[];
}

function cookieKey(ctx: AppContext): Buffer {
  return createHmac('sha256', ctx.config().SqlSettings.AtRestEncryptKey).update('parley-post-action-cookie').digest();
}

export function sealCookie(ctx: AppContext, c: PostActionCookie): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cookieKey(ctx), nonce);
  const body = Buffer.concat([cipher.update(JSON.stringify(c), 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
}

/** Opens a cookie; anything forged, cut or unreadable is Mattermost's 400. */
export function openCookie(ctx: AppContext, cookie: string): PostActionCookie {
  const bad = () => appError('api.post.do_action.action_integration.app_error', 'DoPostActionWithCookie', { detailed: 'bad cookie' });
  const raw = Buffer.from(cookie, 'base64');
  if (raw.length < 12 + 16 + 2) throw bad();
  try {
    const decipher = createDecipheriv('aes-256-gcm', cookieKey(ctx), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    const text = Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    const c = JSON.parse(text) as PostActionCookie;
    if (!c || typeof c !== 'object' || typeof c.post_id !== 'string' || !c.integration) throw bad();
    return c;
  } catch {
    throw bad();
  }
}

/**
 * An ephemeral post's props with action ids filled and each action carrying its sealed cookie (Mattermost's
 * AddPostActionCookies); the integration itself is stripped later, as on every post served.
 */
export function withActionCookies(ctx: AppContext, post: Post): Record<string, unknown> {
  const props = withActionIds(post.props);
  const atts = attachmentsOf(props);
  if (!atts?.some((a) => Array.isArray(a.actions) && a.actions.some((x) => x?.integration))) return props;
  const attachments = atts.map((a) =>
    Array.isArray(a.actions)
      ? {
          ...a,
          actions: a.actions.map((x) =>
            x?.integration
              ? {
                  ...x,
                  cookie: sealCookie(ctx, {
                    type: x.type ?? '',
                    post_id: post.id,
                    root_post_id: post.root_id,
                    channel_id: post.channel_id,
                    data_source: x.data_source ?? '',
                    integration: x.integration,
                  }),
                }
              : x,
          ),
        }
      : a,
  );
  return { ...props, attachments };
}
