// Notification e-mails (Mattermost's messages_notification and the batched digest): one post, or several. The caller
// gives the texts in the recipient's language; the footer comes from the server catalogue in the same `locale`.
import type { Locale } from '../../i18n/locales.ts';
import { translator } from '../../i18n/server.ts';
import { escapeHtml as e, type RenderedEmail } from './templates.ts';

export interface NotificationPostBlock {
  senderName: string;
  channelName: string;
  time: string;
  /** Plain text of the post ('' in generic contents). */
  message: string;
  link: string;
}

export interface NotificationEmailInput {
  subject: string;
  title: string;
  subTitle: string;
  buttonText: string;
  buttonLink: string;
  siteName: string;
  siteURL: string;
  /** The post(s) shown (none in generic contents). */
  posts: NotificationPostBlock[];
  /** Per-post link text in digests ("View this message"); single mails show only the button. */
  postLinkText?: string;
  /** The recipient's language (the footer, the html lang). */
  locale?: Locale;
}

function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

function htmlMessage(s: string): string {
  return e(s).replace(/\n/g, '<br>');
}

/** Renders a notification e-mail: title, subtitle, the posts, the button and Mattermost's settings footer. */
export function notificationEmail(input: NotificationEmailInput): RenderedEmail {
  const subject = oneLine(input.subject);
  const locale = input.locale ?? 'en';
  const t = translator(locale);
  const footerTitle = t('app.notification.footer.title');
  const footerLogin = t('app.notification.footer.infoLogin', { SiteName: input.siteName });
  const footerInfo = t('app.notification.footer.info');
  const text = [
    input.title,
    input.subTitle,
    '',
    ...input.posts.flatMap((p) => [
      `${p.senderName} - ${p.channelName} - ${p.time}`,
      ...(p.message ? [p.message] : []),
      ...(input.postLinkText ? [`${input.postLinkText}: ${p.link}`] : []),
      '',
    ]),
    `${input.buttonText}: ${input.buttonLink}`,
    '',
    footerTitle,
    `${footerLogin}${footerInfo}: ${input.siteURL}`,
    '',
  ].join('\n');
  const posts = input.posts
    .map(
      (p) => `<tr><td style="padding:12px 0;border-top:1px solid #e6e6e6">
<div style="font-size:14px;font-weight:600">${e(p.senderName)} <span style="font-weight:400;color:#6f6e70">${e(p.channelName)} · ${e(p.time)}</span></div>
${p.message ? `<div style="font-size:14px;line-height:20px;padding-top:4px">${htmlMessage(p.message)}</div>` : ''}
${input.postLinkText ? `<div style="padding-top:4px"><a href="${e(p.link)}" style="color:#1c58d9">${e(input.postLinkText)}</a></div>` : ''}
</td></tr>`,
    )
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="${e(locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f3f3;font-family:'Open Sans',Helvetica,Arial,sans-serif;color:#3d3c40">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f3f3;padding:32px 0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;padding:32px">
<tr><td style="font-size:24px;font-weight:600;line-height:32px;padding-bottom:8px">${e(input.title)}</td></tr>
<tr><td style="font-size:16px;line-height:24px;padding-bottom:16px">${e(input.subTitle)}</td></tr>
${posts}
<tr><td style="padding:24px 0"><a href="${e(input.buttonLink)}" style="display:inline-block;background:#1c58d9;color:#ffffff;text-decoration:none;font-weight:600;font-size:16px;padding:12px 24px;border-radius:4px">${e(input.buttonText)}</a></td></tr>
<tr><td style="font-size:12px;line-height:18px;color:#6f6e70">${e(footerTitle)}<br><a href="${e(input.siteURL)}" style="color:#1c58d9">${e(footerLogin)}</a>${e(footerInfo)}</td></tr>
</table></td></tr></table>
</body>
</html>
`;
  return { subject, html, text };
}
