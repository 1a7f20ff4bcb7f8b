// The server's message catalogues: English from the error catalogue (model/app-error.ts ERRORS) and the mail strings
// (MAIL_STRINGS below); every other language from src/i18n/server/<locale>.json (id → message), bundled and read once
// at start. A message a locale lacks falls back to English, so new ids work before they are translated.
import de from './server/de.json' with { type: 'json' };
import es from './server/es.json' with { type: 'json' };
import fr from './server/fr.json' with { type: 'json' };
import it from './server/it.json' with { type: 'json' };
import ja from './server/ja.json' with { type: 'json' };
import ko from './server/ko.json' with { type: 'json' };
import nl from './server/nl.json' with { type: 'json' };
import pl from './server/pl.json' with { type: 'json' };
import ptBR from './server/pt-BR.json' with { type: 'json' };
import ru from './server/ru.json' with { type: 'json' };
import tr from './server/tr.json' with { type: 'json' };
import uk from './server/uk.json' with { type: 'json' };
import zhCN from './server/zh-CN.json' with { type: 'json' };
import zhTW from './server/zh-TW.json' with { type: 'json' };
import { AppError, ERRORS } from '../model/app-error.ts';
import type { Locale } from './locales.ts';

/**
 * English of the e-mail and push strings: Mattermost's ids where it has the string (`api.templates.*`,
 * `app.notification.*`, `api.push_notification.*`, …), else `app.mail.*`; placeholders in Mattermost's `{{.Name}}` form.
 * A counted string has a `.one` and an `.other` id (see `plural`); a language whose plural has more forms words its
 * `.other` so that it fits every count.
 */
export const MAIL_STRINGS = {
  'app.mail.invite.subject': '[{{.SiteName}}] {{.SenderName}} invited you to join the {{.TeamDisplayName}} team',
  'app.mail.invite.title': '{{.SenderName}} invited you to join the {{.TeamDisplayName}} team.',
  'app.mail.invite.subtitle': 'Start collaborating with your team on {{.SiteName}}.',
  'app.mail.invite.join_text': 'Join the team:',
  'app.mail.invite.button': 'Join now',
  'app.mail.invite.button_fallback': 'If the button does not work, open this address in your browser:',
  'app.mail.invite.expiry': 'The link can be used once and expires in 48 hours.',
  'app.mail.invite.footer': 'You received this e-mail because {{.SenderName}} invited this address to {{.SiteName}}.',
  // Account e-mails (password reset and change, e-mail verification and change, MFA, personal access token).
  'app.mail.link_expiry_24h': 'The link can be used once and expires in 24 hours.',
  'app.mail.not_you': 'If this change was not initiated by you, please contact your system administrator.',
  'api.templates.reset_subject': '[{{.SiteName}}] Reset your password',
  'api.templates.reset_body.title': 'Reset your password',
  'api.templates.reset_body.info':
    'Click the button below to reset your {{.SiteName}} password. If you did not ask for this, you can ignore this e-mail.',
  'api.templates.reset_body.button': 'Reset password',
  'api.templates.password_change_subject': '[{{.SiteName}}] Your password has been updated',
  'api.templates.password_change_body.title': 'You updated your password',
  'api.templates.password_change_body.info': 'Your password on {{.SiteURL}} was changed {{.Method}}.',
  'api.user.reset_password.method': 'using a password reset link',
  'api.user.update_password.menu': 'using the account settings',
  'api.templates.verify_subject': '[{{.SiteName}}] E-mail verification',
  'api.templates.verify_body.title': 'Verify your e-mail address',
  'api.templates.verify_body.info': 'Thanks for joining {{.SiteName}}. Verify this address to sign in.',
  'api.templates.verify_body.button': 'Verify e-mail',
  'api.templates.email_change_verify_subject': '[{{.SiteName}}] Verify new e-mail address',
  'api.templates.email_change_verify_body.title': 'You updated your e-mail',
  'api.templates.email_change_verify_body.info': 'Confirm this e-mail address for {{.SiteName}}.',
  'api.templates.email_change_subject': '[{{.SiteName}}] Your email address has changed',
  'api.templates.email_change_body.title': 'You updated your email',
  'api.templates.email_change_body.info': 'Your email address on {{.SiteName}} has been changed to {{.NewEmail}}.',
  'api.templates.mfa_change_subject': '[{{.SiteName}}] Your MFA has been updated',
  'api.templates.mfa_change_body.title': 'You updated your multi-factor authentication',
  'api.templates.mfa_activated_body.info': 'Multi-factor authentication has been added to your account on {{.SiteURL}}.',
  'api.templates.mfa_deactivated_body.info': 'Multi-factor authentication has been removed from your account on {{.SiteURL}}.',
  'api.templates.user_access_token_subject': '[{{.SiteName}}] Personal access token added to your account',
  'api.templates.user_access_token_body.info': 'A personal access token was added to your account on {{.SiteURL}} (“{{.Description}}”).',
  'api.templates.user_access_token_body.info2':
    'It can be used to access your account with the permissions you have. If you did not add it, revoke it in your profile or contact your system administrator.',
  // Notification e-mails: one post ({{.Date}} is the post's day in the recipient's language and timezone).
  'app.notification.subject.direct.full': '[{{.SiteName}}] New Direct Message from {{.SenderDisplayName}} on {{.Date}}',
  'app.notification.subject.group_message.full': '[{{.SiteName}}] New Group Message in {{.ChannelName}} on {{.Date}}',
  'app.notification.subject.group_message.generic': '[{{.SiteName}}] New Group Message on {{.Date}}',
  'app.notification.subject.notification.full': '[{{.SiteName}}] Notification in {{.TeamName}} on {{.Date}}',
  'app.notification.body.dm.title': '{{.SenderName}} sent you a new message',
  'app.notification.body.dm.subTitle': 'While you were away, {{.SenderName}} sent you a new Direct Message.',
  'app.notification.body.group.title': '{{.SenderName}} sent you a new message',
  'app.notification.body.group.subTitle': 'While you were away, {{.SenderName}} sent a message to your group.',
  'app.notification.body.mention.title': '{{.SenderName}} mentioned you in a message',
  'app.notification.body.mention.subTitle': 'While you were away, {{.SenderName}} mentioned you in the {{.ChannelName}} channel.',
  'app.notification.body.thread.title': '{{.SenderName}} replied to a thread',
  'app.notification.body.thread.subTitle': "While you were away, {{.SenderName}} replied to a thread you're following.",
  'app.notification.body.button': 'Reply in Mattermost',
  'app.notification.body.direct_message': 'Direct Message',
  'app.notification.body.files_sent.one': '{{.Count}} file sent: {{.Names}}',
  'app.notification.body.files_sent.other': '{{.Count}} files sent: {{.Names}}',
  'app.notification.footer.title': 'Want to change your notifications settings?',
  'app.notification.footer.infoLogin': 'Login to {{.SiteName}}',
  'app.notification.footer.info': ' and go to Settings > Notifications',
  // The digest (e-mail batching and the end of quiet hours).
  'api.email_batching.send_batched_email_notification.subject.one': '[{{.SiteName}}] New Notification for {{.Date}}',
  'api.email_batching.send_batched_email_notification.subject.other': '[{{.SiteName}}] New Notifications for {{.Date}}',
  'api.email_batching.send_batched_email_notification.title': 'You have new messages',
  'api.email_batching.send_batched_email_notification.subTitle.one': 'While you were away you received {{.Count}} new notification.',
  'api.email_batching.send_batched_email_notification.subTitle.other': 'While you were away you received {{.Count}} new notifications.',
  'api.email_batching.send_batched_email_notification.button': 'Open Mattermost',
  'api.email_batching.render_batched_post.go_to_post': 'View this message',
  // Mobile push texts (the `message` and `channel_name` of a push).
  'api.post.send_notifications_and_forget.push_image_only': '{{.SenderName}} attached a file.',
  'api.post.send_notifications_and_forget.push_image_only_dm': 'attached a file.',
  'api.post.send_notification_and_forget.push_comment_on_crt_thread': "{{.SenderName}} replied to a thread you're following.",
  'api.post.send_notification_and_forget.push_comment_on_crt_thread_dm': '{{.SenderName}} replied to a thread.',
  'api.post.send_notifications_and_forget.push_message': '{{.SenderName}} sent you a message.',
  'api.post.send_notifications_and_forget.push_explicit_mention': '{{.SenderName}} mentioned you.',
  'api.post.send_notification_and_forget.push_channel_mention': '{{.SenderName}} notified the channel.',
  'api.post.send_notification_and_forget.push_comment_on_thread': '{{.SenderName}} commented on a thread you participated in.',
  'api.post.send_notifications_and_forget.push_general_message': '{{.SenderName}} posted a message.',
  'api.push_notification.title.collapsed_threads': 'Reply in {{.ChannelName}}',
  'api.push_notification.title.collapsed_threads_dm': 'Reply in Direct Message',
  'app.push_notification.batched.one': 'You have {{.Count}} new notification.',
  'app.push_notification.batched.other': 'You have {{.Count}} new notifications.',
} as const;
export type MailStringId = keyof typeof MAIL_STRINGS;

type Catalogue = Readonly<Record<string, string>>;

/** English of every server string: error messages and mail strings. */
export function englishCatalogue(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, entry] of Object.entries(ERRORS)) out[id] = entry[1];
  return { ...out, ...MAIL_STRINGS };
}

const ENGLISH: Catalogue = englishCatalogue();

const CATALOGUES: Readonly<Record<Exclude<Locale, 'en'>, Catalogue>> = {
  de,
  es,
  fr,
  it,
  ja,
  ko,
  nl,
  pl,
  'pt-BR': ptBR,
  ru,
  tr,
  uk,
  'zh-CN': zhCN,
  'zh-TW': zhTW,
};

/** The translations of one locale as written (no English fallback): for the checks. */
export function serverCatalogue(locale: Exclude<Locale, 'en'>): Catalogue {
  return CATALOGUES[locale];
}

/** Fills `{{.Name}}` placeholders (Mattermost's Go-template form). */
export function fillTemplate(template: string, params?: Record<string, unknown>): string {
  if (!params) return template;
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** The message `id` in `locale` with its parameters filled; English when the locale lacks it; the id when nobody has it. */
export function translate(locale: Locale, id: string, params?: Record<string, unknown>): string {
  const own = locale === 'en' ? undefined : CATALOGUES[locale]?.[id];
  return fillTemplate(own ?? ENGLISH[id] ?? id, params);
}

/** A `translate` bound to one locale, for templates. */
export function translator(locale: Locale): (id: MailStringId, params?: Record<string, unknown>) => string {
  return (id, params) => translate(locale, id, params);
}

/** The ids of the counted strings, without their `.one` / `.other` ending. */
export type PluralStringId = MailStringId extends infer K ? (K extends `${infer B}.one` ? B : never) : never;

/** The counted string `base` for `count` (`.one` for 1, else `.other`), with `Count` among its parameters. */
export function plural(locale: Locale, base: PluralStringId, count: number, params?: Record<string, unknown>): string {
  return translate(locale, `${base}.${count === 1 ? 'one' : 'other'}`, { ...params, Count: count });
}

/**
 * The message of an AppError in `locale`. A message the thrower wrote itself (not the catalogue's English) is kept
 * as it is: it may carry details no catalogue has.
 */
export function localizedMessage(err: AppError, locale: Locale): string {
  if (locale === 'en') return err.message;
  const english = ENGLISH[err.id];
  if (english === undefined || fillTemplate(english, err.params) !== err.message) return err.message;
  return translate(locale, err.id, err.params);
}
