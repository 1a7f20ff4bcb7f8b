// What notifications say: names as the server shows them, dates in the recipient's language and timezone, stripped
// post text, the generic push phrases (in the recipient's language) and the links to a post, as Mattermost builds them.
import type { Config } from '../../config/config.ts';
import type { Locale } from '../../i18n/locales.ts';
import { translate, type MailStringId } from '../../i18n/server.ts';
import type { Channel, Post, UserWithSecrets } from '../../model/types.ts';
import type { MentionKind } from './rules.ts';
import { userTimeZone } from './quiet-hours.ts';

/** A user's name per PrivacySettings.ShowFullName and TeamSettings.TeammateNameDisplay. */
export function displayName(config: Config, u: UserWithSecrets | undefined): string {
  if (!u) return '';
  const full = [u.first_name, u.last_name].filter(Boolean).join(' ');
  if (!config.PrivacySettings.ShowFullName) return u.username;
  const mode = config.TeamSettings.TeammateNameDisplay;
  if (mode === 'nickname_full_name') return u.nickname || full || u.username;
  if (mode === 'full_name') return full || u.username;
  return u.username;
}

/** "December 3, 2026" ("3. Dezember 2026", "2026年12月3日") in the recipient's timezone (e-mail subjects). */
export function subjectDate(at: number, recipient: UserWithSecrets, locale: Locale = 'en'): string {
  const tz = userTimeZone(recipient);
  return formatter(`d ${locale} ${tz}`, () => ({ timeZone: tz, month: 'long', day: 'numeric', year: 'numeric' }), locale).format(
    new Date(at),
  );
}

/** The post's time of day for the recipient, 12 h unless they chose military time. */
export function postTime(at: number, recipient: UserWithSecrets, military: boolean, locale: Locale = 'en'): string {
  const tz = userTimeZone(recipient);
  return formatter(
    `t ${locale} ${tz} ${military}`,
    () => ({ timeZone: tz, hour: 'numeric', minute: '2-digit', hour12: !military, timeZoneName: 'short' }),
    locale,
  ).format(new Date(at));
}

/**
 * Date formatters by locale, time zone and options: making one costs far more than formatting with it, and a post's
 * notifications format the same few dates for every recipient. Bounded (cleared when full).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 1000;

function formatter(key: string, options: () => Intl.DateTimeFormatOptions, locale: Locale): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocale(locale), options());
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

/** The BCP 47 tag Intl formats a locale with (English as en-US, as Mattermost's dates read). */
function intlLocale(locale: Locale): string {
  return locale === 'en' ? 'en-US' : locale;
}

/** Markdown reduced to its text (pushes and plain-text mail). */
export function stripMarkdown(s: string): string {
  return s
    .replace(/```[\s\S]*?```/g, (m) => m.replace(/```\w*\n?/g, ''))
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|\s)[*_](\S[^*_]*)[*_](?=\s|$)/g, '$1$2')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^>\s?/gm, '')
    .trim();
}

/** The text of a post's attachments (their fallback, else pretext and text), as pushes show them. */
function attachmentText(post: Post): string {
  const atts = post.props?.attachments;
  if (!Array.isArray(atts)) return '';
  return atts
    .map(
      (a: Record<string, unknown>) =>
        (typeof a.fallback === 'string' && a.fallback) || [a.pretext, a.text].filter((x) => typeof x === 'string' && x).join('\n'),
    )
    .filter(Boolean)
    .join('\n');
}

export function postText(post: Post): string {
  return [stripMarkdown(post.message), attachmentText(post)].filter(Boolean).join('\n');
}

/** Team name for links: the channel's team, else (DM/GM) the recipient's first team, else `select_team`. */
export function postLink(siteURL: string, teamName: string, postId: string, landing: boolean): string {
  const base = siteURL.replace(/\/+$/, '');
  return landing ? `${base}/landing#/${teamName}/pl/${postId}` : `${base}/${teamName}/pl/${postId}`;
}

/**
 * The push `message` (Mattermost's getPushNotificationMessage) for the contents setting, its generic phrases in the
 * recipient's `locale`.
 */
export function pushMessage(
  contents: string,
  post: Post,
  channel: Channel,
  senderName: string,
  kind: MentionKind,
  crt: boolean,
  locale: Locale = 'en',
): string {
  const dm = channel.type === 'D';
  const hasFiles = !!post.file_ids?.length;
  const text = postText(post);
  if (contents === 'full' && text) return dm ? text : `${senderName}: ${text}`;
  const say = (id: MailStringId) => translate(locale, id, { SenderName: senderName });
  if (!text && hasFiles)
    return say(dm ? 'api.post.send_notifications_and_forget.push_image_only_dm' : 'api.post.send_notifications_and_forget.push_image_only');
  if (contents === 'full') return dm ? text : `${senderName}: ${text}`;
  if (kind === 'follower' && crt)
    return say(
      dm
        ? 'api.post.send_notification_and_forget.push_comment_on_crt_thread_dm'
        : 'api.post.send_notification_and_forget.push_comment_on_crt_thread',
    );
  if (dm) return say('api.post.send_notifications_and_forget.push_message');
  if (kind === 'keyword' || kind === 'dm') return say('api.post.send_notifications_and_forget.push_explicit_mention');
  if (kind === 'channel') return say('api.post.send_notification_and_forget.push_channel_mention');
  if (kind === 'comment') return say('api.post.send_notification_and_forget.push_comment_on_thread');
  return say('api.post.send_notifications_and_forget.push_general_message');
}

/** The push `channel_name`: DM `@sender`, GM the other members' names, else the display name; CRT replies `Reply in …`. */
export function pushChannelName(
  channel: Channel,
  senderUsername: string,
  gmNames: string[],
  crtReply: boolean,
  locale: Locale = 'en',
): string {
  const name = channel.type === 'D' ? `@${senderUsername}` : channel.type === 'G' ? gmNames.join(', ') : channel.display_name;
  if (!crtReply) return name;
  return channel.type === 'D'
    ? translate(locale, 'api.push_notification.title.collapsed_threads_dm')
    : translate(locale, 'api.push_notification.title.collapsed_threads', { ChannelName: name });
}
