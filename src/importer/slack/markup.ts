// Slack "mrkdwn" → Mattermost markdown: mentions, channel links, special mentions, links, bold, strike, quotes; and
// message attachments, whose text fields are mrkdwn too.
import type { SlackAttachment } from './parse.ts';

export interface MarkupContext {
  /** Slack user id → Mattermost username. */
  usernames: ReadonlyMap<string, string>;
  /** Slack channel id → Mattermost channel name (public/private channels only). */
  channelNames: ReadonlyMap<string, string>;
}

const SPECIAL: Record<string, string> = { here: '@here', channel: '@channel', everyone: '@all' };

/** Undoes Slack's escaping of the three characters it escapes; `&amp;` last so `&amp;lt;` stays `&lt;`. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** One `<…>` token (without brackets) → its Mattermost form, or null to keep it as written. */
function convertToken(body: string, ctx: MarkupContext): string | null {
  const bar = body.indexOf('|');
  const target = bar >= 0 ? body.slice(0, bar) : body;
  const label = bar >= 0 ? unescapeSlack(body.slice(bar + 1)) : '';
  switch (target[0]) {
    case '@': {
      const username = ctx.usernames.get(target.slice(1));
      if (username) return `@${username}`;
      return label ? `@${label.replace(/^@/, '')}` : null;
    }
    case '#': {
      const name = ctx.channelNames.get(target.slice(1));
      if (name) return `~${name}`;
      return label ? `~${label.replace(/^#/, '')}` : null;
    }
    case '!': {
      const special = SPECIAL[target.slice(1)];
      if (special) return special;
      // <!subteam^S1|@team>, <!date^…|fallback>: Slack's own rendering is the label.
      return label || null;
    }
    default: {
      if (!target) return null;
      const url = unescapeSlack(target);
      return label ? `[${label}](${url})` : url;
    }
  }
}

// Slack's emphasis only applies at word boundaries; these mirror Mattermost's importer rules, one-character spans allowed.
const OPEN = String.raw`(^|[\s.;,:(\[{"'_~*])`;
const CLOSE = String.raw`(?=$|[\s.;,:!?)\]}"'_~*])`;
const BOLD = new RegExp(String.raw`${OPEN}\*(\S(?:[^*\n]*?\S)?)\*${CLOSE}`, 'gm');
const STRIKE = new RegExp(String.raw`${OPEN}~(\S(?:[^~\n]*?\S)?)~${CLOSE}`, 'gm');

/** `>>>` quotes the rest of the message (Slack); Mattermost needs `>` on every line. */
function convertLongQuote(text: string): string {
  const m = /^>>>[ \t]?/m.exec(text);
  if (!m) return text;
  const rest = text.slice(m.index + m[0].length);
  return (
    text.slice(0, m.index) +
    rest
      .split('\n')
      .map((l) => `>${l ? ' ' + l : ''}`)
      .join('\n')
  );
}

const PH_OPEN = '\uE000';
const PH_CLOSE = '\uE001';

function convertPlain(text: string, ctx: MarkupContext): string {
  const tokens: string[] = [];
  let s = text.replace(new RegExp(`[${PH_OPEN}${PH_CLOSE}]`, 'g'), '');
  s = s.replace(/<([^<>\n]*)>/g, (whole, body: string) => {
    const converted = convertToken(body, ctx);
    tokens.push(converted ?? unescapeSlack(whole));
    return `${PH_OPEN}${tokens.length - 1}${PH_CLOSE}`;
  });
  s = unescapeSlack(s);
  s = convertLongQuote(s);
  s = s.replace(BOLD, '$1**$2**').replace(STRIKE, '$1~~$2~~');
  return s.replace(new RegExp(`${PH_OPEN}(\\d+)${PH_CLOSE}`, 'g'), (_, i: string) => tokens[Number(i)]);
}

// Fenced blocks first, then inline spans; neither is converted (only unescaped, since Slack escapes inside code too).
const CODE = /```[\s\S]*?```|`[^`\n]+`/g;

/** Converts one Slack message text to Mattermost markdown. Pure. */
export function slackToMarkdown(text: string, ctx: MarkupContext): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(CODE)) {
    out += convertPlain(text.slice(last, m.index), ctx) + unescapeSlack(m[0]);
    last = m.index + m[0].length;
  }
  return out + convertPlain(text.slice(last), ctx);
}

/** The fields Mattermost's SlackAttachment keeps, with text, pretext and field values converted. */
const ATTACHMENT_KEYS = [
  'id',
  'fallback',
  'color',
  'pretext',
  'author_name',
  'author_link',
  'author_icon',
  'title',
  'title_link',
  'text',
  'fields',
  'image_url',
  'thumb_url',
  'footer',
  'footer_icon',
  'ts',
];

export function convertAttachment(a: SlackAttachment, markup: MarkupContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ATTACHMENT_KEYS) if (a[k] !== undefined && a[k] !== null) out[k] = a[k];
  for (const k of ['text', 'pretext'] as const) if (typeof out[k] === 'string') out[k] = slackToMarkdown(out[k] as string, markup);
  if (Array.isArray(out.fields)) {
    out.fields = out.fields
      .filter((f) => f && typeof f === 'object')
      .map((f: Record<string, unknown>) => (typeof f.value === 'string' ? { ...f, value: slackToMarkdown(f.value, markup) } : f));
  }
  return out;
}
