// The e-mail a user gets when a personal access token is added to their account (Mattermost's
// SendUserAccessTokenAddedEmail), in their language; the token itself is never in it.
import type { Locale } from '../../i18n/locales.ts';
import { fillTemplate, translator } from '../../i18n/server.ts';
import { escapeHtml, oneLine, type RenderedEmail } from './templates.ts';

export function tokenAddedEmail(input: { siteName: string; siteURL: string; description: string; locale?: Locale }): RenderedEmail {
  const t = translator(input.locale ?? 'en');
  const info2 = t('api.templates.user_access_token_body.info2');
  const text = `${t('api.templates.user_access_token_body.info', { SiteURL: input.siteURL, Description: input.description })}\n${info2}\n`;
  // The template (no parameters given: placeholders kept) is escaped first, then filled with escaped values and the link.
  const url = escapeHtml(input.siteURL);
  const info = fillTemplate(escapeHtml(t('api.templates.user_access_token_body.info')), {
    SiteURL: `<a href="${url}">${url}</a>`,
    Description: escapeHtml(input.description),
  });
  const html = `<p>${info}</p><p>${escapeHtml(info2)}</p>`;
  return { subject: oneLine(t('api.templates.user_access_token_subject', { SiteName: oneLine(input.siteName) })), html, text };
}
