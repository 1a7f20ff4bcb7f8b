// Slack-style message attachments on integration posts (props.attachments): colour bar, pretext, author, title, text,
// fields, image/thumbnail, footer, and interactive buttons and menus (POST /posts/{id}/actions/{action_id}); loaded
// with the first post that has them.
import type { Post } from '@mattermost/types/posts';
import { useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { client, errorMessage } from './api.ts';
import { followGoto } from './commands.ts';
import { Markdown, type MarkdownContext } from './markdown.tsx';
import { showNotice } from './store.ts';
import { safeUrl } from './WebhookAuthor.tsx';

interface Field {
  title?: string;
  value?: unknown;
  short?: boolean;
}
interface Action {
  id?: string;
  name?: string;
  type?: string;
  style?: string;
  disabled?: boolean;
  options?: Array<{ text?: string; value?: string }>;
  default_option?: string;
  cookie?: string;
}
interface Attachment {
  fallback?: string;
  color?: string;
  pretext?: string;
  author_name?: string;
  author_link?: string;
  author_icon?: string;
  title?: string;
  title_link?: string;
  text?: string;
  fields?: Field[];
  image_url?: string;
  thumb_url?: string;
  footer?: string;
  footer_icon?: string;
  actions?: Action[];
}

const NAMED_COLORS: Record<string, string> = { good: '#2eb886', warning: '#daa038', danger: '#a30200' };
const ACTION_STYLES: Record<string, string> = {
  primary: '#166de0',
  success: '#2eb886',
  good: '#2eb886',
  warning: '#daa038',
  danger: '#d24b4e',
};

function attachmentsOf(post: Post): Attachment[] {
  const a = (post.props as Record<string, unknown> | undefined)?.attachments;
  return Array.isArray(a) ? (a.filter((x) => x && typeof x === 'object') as Attachment[]) : [];
}

function ActionControl({ post, action }: { post: Post; action: Action }): ReactNode {
  const intl = useIntl();
  const [busy, setBusy] = useState(false);
  if (!action.id) return null;
  const run = async (selected?: string) => {
    setBusy(true);
    try {
      // An ephemeral post's action brings its sealed cookie (the post is not stored on the server).
      const res = (await (action.cookie
        ? client.doPostActionWithCookie(post.id, action.id!, action.cookie, selected)
        : client.doPostAction(post.id, action.id!, selected))) as { goto_location?: string };
      if (res?.goto_location) await followGoto(res.goto_location);
    } catch (err) {
      showNotice(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  if (action.type === 'select') {
    return (
      <select
        className="attachment-select"
        aria-label={action.name || intl.formatMessage({ id: 'attachment.select', defaultMessage: 'Choose an option' })}
        disabled={busy || action.disabled}
        defaultValue={action.default_option ?? ''}
        onChange={(e) => e.target.value && void run(e.target.value)}
      >
        <option value="" disabled>
          {action.name || intl.formatMessage({ id: 'attachment.select', defaultMessage: 'Choose an option' })}
        </option>
        {(action.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    );
  }
  const color = action.style && (ACTION_STYLES[action.style] ?? (/^#[0-9a-f]{3,8}$/i.test(action.style) ? action.style : undefined));
  return (
    <button
      className="attachment-action"
      style={color ? { borderColor: color, color } : undefined}
      disabled={busy || action.disabled}
      onClick={() => void run()}
    >
      {action.name}
    </button>
  );
}

/** `text`, linked when `href` is an http(s) URL. */
function MaybeLink({ text, href }: { text: string; href?: string }): ReactNode {
  const url = safeUrl(href);
  return url ? (
    <a href={url} target="_blank" rel="noreferrer">
      {text}
    </a>
  ) : (
    text
  );
}

function OneAttachment({ post, a, ctx }: { post: Post; a: Attachment; ctx: MarkdownContext }): ReactNode {
  const color = a.color ? (NAMED_COLORS[a.color] ?? a.color) : '#dddddd';
  const title = a.title && <MaybeLink text={a.title} href={a.title_link} />;
  const author = a.author_name && <MaybeLink text={a.author_name} href={a.author_link} />;
  return (
    <div className="slack-attachment">
      {a.pretext && <Markdown text={a.pretext} ctx={ctx} />}
      <div className="attachment-box" style={{ borderLeftColor: /^#?[0-9a-z]+$/i.test(color) ? color : '#dddddd' }}>
        {safeUrl(a.thumb_url) && <img className="attachment-thumb" src={safeUrl(a.thumb_url)} alt="" width={75} height={75} />}
        {author && (
          <div className="attachment-author">
            {safeUrl(a.author_icon) && <img src={safeUrl(a.author_icon)} alt="" width={16} height={16} />} {author}
          </div>
        )}
        {title && <div className="attachment-title">{title}</div>}
        {a.text && <Markdown text={a.text} ctx={ctx} />}
        {!!a.fields?.length && (
          <dl className="attachment-fields">
            {a.fields.map((f, i) => (
              <div key={i} className={f.short ? 'field short' : 'field'}>
                {f.title && <dt>{f.title}</dt>}
                <dd>
                  <Markdown text={String(f.value ?? '')} ctx={ctx} />
                </dd>
              </div>
            ))}
          </dl>
        )}
        {safeUrl(a.image_url) && <img className="attachment-image" src={safeUrl(a.image_url)} alt="" />}
        {!!a.actions?.length && (
          <div className="attachment-actions">
            {a.actions.map((x, i) => (
              <ActionControl key={x.id ?? i} post={post} action={x} />
            ))}
          </div>
        )}
        {a.footer && (
          <div className="attachment-footer">
            {safeUrl(a.footer_icon) && <img src={safeUrl(a.footer_icon)} alt="" width={16} height={16} />} {a.footer}
          </div>
        )}
      </div>
    </div>
  );
}

/** The post's Slack attachments, if any. */
export function SlackAttachments({ post, ctx }: { post: Post; ctx: MarkdownContext }): ReactNode {
  const list = attachmentsOf(post);
  if (!list.length) return null;
  return (
    <div className="slack-attachments">
      {list.map((a, i) => (
        <OneAttachment key={i} post={post} a={a} ctx={ctx} />
      ))}
    </div>
  );
}
