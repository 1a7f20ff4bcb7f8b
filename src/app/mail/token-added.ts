// The e-mail a user gets when a personal access token is added to their account (Mattermost's
// SendUserAccessTokenAddedEmail); the token itself is never in it.
import { escapeHtml, type RenderedEmail } from './templates.ts';

export function tokenAddedEmail(input: { siteName: string; siteURL: string; description: string }): RenderedEmail {
  const site = input.siteName.replace(/[\r\n]+/g, ' ');
  const text =
    `A personal access token was added to your account on ${input.siteURL} (“${input.description}”).\n` +
    'It can be used to access your account with the permissions you have. If you did not add it, ' +
    'revoke it in your profile or contact your system administrator.\n';
  const html =
    `<p>A personal access token was added to your account on <a href="${escapeHtml(input.siteURL)}">${escapeHtml(input.siteURL)}</a>` +
    ` (“${escapeHtml(input.description)}”).</p><p>It can be used to access your account with the permissions you have. ` +
    'If you did not add it, revoke it in your profile or contact your system administrator.</p>';
  return { subject: `[${site}] Personal access token added to your account`, html, text };
}
