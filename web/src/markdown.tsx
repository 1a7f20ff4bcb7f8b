// Renders a post message with @mattermost/commonmark: the AST is turned into React elements (no raw HTML).
import { Parser, type Node } from '@mattermost/commonmark';
import { Fragment, useMemo, type ReactNode } from 'react';
import { Emoji } from './emoji/Emoji.tsx';
import { CodeBlock } from './messages/CodeBlock.tsx';

const parser = new Parser({ minimumHashtagLength: 1000 });

export type MarkdownContext = {
  /** Username of the viewer, to highlight their mentions. */
  me: string;
  knownUser: (username: string) => boolean;
  onChannelLink: (name: string) => void;
  /** Opens the profile of a mentioned user; without it mentions are plain text. */
  onMention?: (username: string, el: Element) => void;
  /** Search terms to mark in text (search results). */
  highlight?: string[];
};

function marked(text: string, terms: string[] | undefined): ReactNode {
  const words = (terms ?? []).map((t) => t.replace(/^["*]+|["*]+$/g, '')).filter((t) => t.length > 0);
  if (!words.length) return text;
  const re = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  return text.split(re).map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part));
}

function safeUrl(url: string | null): string | undefined {
  if (!url) return undefined;
  return /^(https?:|mailto:|\/)/i.test(url) ? url : undefined;
}

function children(node: Node, ctx: MarkdownContext): ReactNode[] {
  const out: ReactNode[] = [];
  let i = 0;
  for (let c = node.firstChild; c; c = c.next) out.push(<Fragment key={i++}>{render(c, ctx)}</Fragment>);
  return out;
}

function render(node: Node, ctx: MarkdownContext): ReactNode {
  // strikethrough (~~text~~): a node type the typings do not list
  if ((node.type as string) === 'del') return <del>{children(node, ctx)}</del>;
  switch (node.type) {
    case 'document':
      return children(node, ctx);
    case 'paragraph':
      return node.parent?.parent?.type === 'list' && node.parent.parent.listTight ? children(node, ctx) : <p>{children(node, ctx)}</p>;
    case 'text':
      return ctx.highlight ? marked(node.literal ?? '', ctx.highlight) : node.literal;
    case 'softbreak':
    case 'linebreak':
      return <br />;
    case 'emph':
      return <em>{children(node, ctx)}</em>;
    case 'strong':
      return <strong>{children(node, ctx)}</strong>;
    case 'code':
      return <code>{node.literal}</code>;
    case 'code_block':
      return <CodeBlock code={(node.literal ?? '').replace(/\n$/, '')} lang={node.info ?? ''} />;
    case 'link': {
      const href = safeUrl(node.destination);
      return href ? (
        <a href={href} target="_blank" rel="noreferrer noopener" title={node.title || undefined}>
          {children(node, ctx)}
        </a>
      ) : (
        children(node, ctx)
      );
    }
    case 'image': {
      const src = safeUrl(node.destination);
      return src ? <img className="md-image" src={src} alt={node.title || ''} /> : children(node, ctx);
    }
    case 'block_quote':
      return <blockquote>{children(node, ctx)}</blockquote>;
    case 'list':
      return node.listType === 'ordered' ? <ol start={node.listStart}>{children(node, ctx)}</ol> : <ul>{children(node, ctx)}</ul>;
    case 'item':
      return <li>{children(node, ctx)}</li>;
    case 'heading': {
      const level = Math.min(6, Math.max(1, node.level)) as 1 | 2 | 3 | 4 | 5 | 6;
      const Tag = `h${level}` as const;
      return <Tag>{children(node, ctx)}</Tag>;
    }
    case 'thematic_break':
      return <hr />;
    case 'html_inline':
    case 'html_block':
      return node.literal;
    case 'at_mention': {
      const name = (node.mentionName ?? '').toLowerCase();
      const special = ['all', 'channel', 'here'].includes(name);
      if (!special && !ctx.knownUser(name)) return '@' + node.mentionName;
      const mine = name === ctx.me.toLowerCase() || special;
      const onMention = ctx.onMention;
      if (special || !onMention) return <span className={mine ? 'mention mention-me' : 'mention'}>@{node.mentionName}</span>;
      return (
        <button
          type="button"
          className={mine ? 'mention mention-me' : 'mention'}
          aria-haspopup="dialog"
          onClick={(e) => onMention(node.mentionName ?? '', e.currentTarget)}
        >
          @{node.mentionName}
        </button>
      );
    }
    case 'channel_link':
      return (
        <a
          href="#"
          className="channel-link"
          onClick={(e) => {
            e.preventDefault();
            ctx.onChannelLink(node.channelName ?? '');
          }}
        >
          ~{node.channelName}
        </a>
      );
    case 'emoji': {
      const name = (node as unknown as { emojiName?: string }).emojiName ?? '';
      return <Emoji name={name} />;
    }
    case 'table':
      return (
        <table className="md-table">
          <tbody>{children(node, ctx)}</tbody>
        </table>
      );
    case 'table_row':
      return <tr>{children(node, ctx)}</tr>;
    case 'table_cell':
      return node.isHeading ? <th>{children(node, ctx)}</th> : <td>{children(node, ctx)}</td>;
    case 'checkbox':
      return <input type="checkbox" checked={node.isChecked} readOnly aria-label="task" />;
    default:
      return node.isContainer ? children(node, ctx) : node.literal;
  }
}

/** A small set of emoji names used by reactions and `:name:` in text. */
export const EMOJI: Record<string, string> = {
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  smile: '😄',
  slightly_smiling_face: '🙂',
  heart: '❤️',
  tada: '🎉',
  laughing: '😆',
  eyes: '👀',
  white_check_mark: '✅',
  rocket: '🚀',
  wink: '😉',
  cry: '😢',
  joy: '😂',
  fire: '🔥',
  pray: '🙏',
};

export const REACTION_CHOICES = ['+1', 'heart', 'smile', 'tada', 'eyes', 'white_check_mark'];

export function Markdown({ text, ctx }: { text: string; ctx: MarkdownContext }): ReactNode {
  const tree = useMemo(() => parser.parse(text), [text]);
  return <div className="md">{render(tree, ctx)}</div>;
}
