// E-mail bodies Parley sends. Each template returns {subject, html, text}; every user-supplied value is
// HTML-escaped in `html` and stripped of line breaks in `subject`. Their words come from the server catalogue
// (src/i18n/server.ts MAIL_STRINGS and its translations), in the recipient's language.
import type { Locale } from '../../i18n/locales.ts';
import { translator } from '../../i18n/server.ts';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface InviteEmailInput {
  /** Server base URL without a trailing slash requirement (one trailing '/' is tolerated). */
  siteURL: string;
  /** TeamSettings.SiteName. */
  siteName: string;
  teamDisplayName: string;
  /** Inviter's display name (per TeammateNameDisplay). */
  senderName: string;
  /** The team_invitation token (`Tokens.Token`), the `t` query value of the link. */
  token: string;
  /** Team name (URL slug); goes into the link's `d` JSON as `name`. */
  teamName?: string;
  /** Invitee's address; goes into the link's `d` JSON as `email` (the signup page pre-fills it). */
  email?: string;
  /**
   * Who started the flow, Mattermost's `sbr` query value: 'fa' first admin, 'sa' system admin, 'su' other user.
   * Omitted from the link when not given.
   */
  startedByRole?: 'fa' | 'sa' | 'su';
  /** The recipient's language (English when not given). */
  locale?: Locale;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Header-safe single line: CR/LF and other control characters become spaces. */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/**
 * JSON of a string map with sorted keys and `<`, `>`, `&` escaped as \u003c/\u003e/\u0026: the bytes Go's
 * json.Marshal produces for Mattermost's `d` parameter, so links look the same as Mattermost's.
 */
function goMapJson(m: Record<string, string>): string {
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) sorted[k] = m[k];
  return JSON.stringify(sorted)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The signup link of an e-mail invitation:
 * `${siteURL}/signup_user_complete/?d=<json {display_name, email, name}>&t=<token>&md=email[&sbr=<role>]`.
 * The web app reads `t` (passed to POST /teams/members/invite?token=…) and uses `d` only for display.
 */
export function inviteLink(input: InviteEmailInput): string {
  const base = input.siteURL.replace(/\/+$/, '');
  const data: Record<string, string> = { display_name: input.teamDisplayName };
  if (input.email !== undefined) data.email = input.email;
  if (input.teamName !== undefined) data.name = input.teamName;
  const q = new URLSearchParams();
  q.set('d', goMapJson(data));
  q.set('t', input.token);
  q.set('md', 'email');
  if (input.startedByRole) q.set('sbr', input.startedByRole);
  return `${base}/signup_user_complete/?${q.toString()}`;
}

/** The team invitation e-mail (POST /api/v4/teams/{team_id}/invite/email). */
export function inviteEmail(input: InviteEmailInput): RenderedEmail {
  const link = inviteLink(input);
  const sender = oneLine(input.senderName);
  const team = oneLine(input.teamDisplayName);
  const site = oneLine(input.siteName);
  const t = translator(input.locale ?? 'en');
  const params = { SenderName: sender, TeamDisplayName: team, SiteName: site };
  const subject = oneLine(t('app.mail.invite.subject', params));
  const title = t('app.mail.invite.title', params);
  const subTitle = t('app.mail.invite.subtitle', params);
  const expiry = t('app.mail.invite.expiry');
  const footer = t('app.mail.invite.footer', params);

  const text = [title, subTitle, '', t('app.mail.invite.join_text'), link, '', expiry, footer, ''].join('\n');

  const html = emailHtml({
    subject,
    title,
    body: subTitle,
    action: { label: t('app.mail.invite.button'), link },
    note: `${expiry} ${footer}`,
    locale: input.locale,
  });
  return { subject, html, text };
}

/** The parts of a one-message e-mail: a title, a paragraph, an optional button with its link, a closing note (plain text). */
export interface EmailParts {
  subject: string;
  title: string;
  body: string;
  action?: { label: string; link: string };
  note: string;
  /** The recipient's language (the fallback line under the button; the html lang). */
  locale?: Locale;
}

/** The HTML of every Parley e-mail: the parts, escaped, in one card; the link is repeated for mail clients without buttons. */
export function emailHtml(p: EmailParts): string {
  const e = escapeHtml;
  const action = p.action
    ? `<tr><td style="padding-bottom:24px"><a href="${e(p.action.link)}" style="display:inline-block;background:#1c58d9;color:#ffffff;text-decoration:none;font-weight:600;font-size:16px;padding:12px 24px;border-radius:4px">${e(p.action.label)}</a></td></tr>
<tr><td style="font-size:13px;line-height:20px;color:#6f6e70;padding-bottom:8px">${e(translator(p.locale ?? 'en')('app.mail.invite.button_fallback'))}<br><a href="${e(p.action.link)}" style="color:#1c58d9;word-break:break-all">${e(p.action.link)}</a></td></tr>
`
    : '';
  return `<!DOCTYPE html>
<html lang="${e(p.locale ?? 'en')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(p.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f3f3;font-family:'Open Sans',Helvetica,Arial,sans-serif;color:#3d3c40">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f3f3;padding:32px 0">
<tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;padding:32px">
<tr><td style="font-size:24px;font-weight:600;line-height:32px;padding-bottom:8px">${e(p.title)}</td></tr>
<tr><td style="font-size:16px;line-height:24px;padding-bottom:24px">${e(p.body)}</td></tr>
${action}<tr><td style="font-size:12px;line-height:18px;color:#6f6e70">${e(p.note)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
