// E-mails of the account flows: the password-reset link, "password changed", the e-mail verification link and
// "MFA changed". Each returns {subject, html, text}; user-supplied values are escaped in html, one-lined in subjects.
import { escapeHtml, type RenderedEmail } from './templates.ts';

export interface AccountEmailInput {
  siteURL: string;
  siteName: string;
}

const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
const base = (siteURL: string) => siteURL.replace(/\/+$/, '');

/** One message: a title, a paragraph, an optional button with its link, and a closing note. */
function render(subject: string, title: string, body: string, note: string, action?: { label: string; link: string }): RenderedEmail {
  const e = escapeHtml;
  const text = [title, '', body, ...(action ? ['', `${action.label}:`, action.link] : []), '', note, ''].join('\n');
  const button = action
    ? `<tr><td style="padding-bottom:24px"><a href="${e(action.link)}" style="display:inline-block;background:#1c58d9;color:#ffffff;text-decoration:none;font-weight:600;font-size:16px;padding:12px 24px;border-radius:4px">${e(action.label)}</a></td></tr>
<tr><td style="font-size:13px;line-height:20px;color:#6f6e70;padding-bottom:8px">If the button does not work, open this address in your browser:<br><a href="${e(action.link)}" style="color:#1c58d9;word-break:break-all">${e(action.link)}</a></td></tr>`
    : '';
  const html = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f3f3;font-family:'Open Sans',Helvetica,Arial,sans-serif;color:#3d3c40">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f3f3;padding:32px 0">
<tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;padding:32px">
<tr><td style="font-size:24px;font-weight:600;line-height:32px;padding-bottom:8px">${e(title)}</td></tr>
<tr><td style="font-size:16px;line-height:24px;padding-bottom:24px">${e(body)}</td></tr>
${button}
<tr><td style="font-size:12px;line-height:18px;color:#6f6e70">${e(note)}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
  return { subject, html, text };
}

/** `${SiteURL}/reset_password_complete?token=…`, as Mattermost links it. */
export function passwordResetLink(siteURL: string, token: string): string {
  return `${base(siteURL)}/reset_password_complete?token=${encodeURIComponent(token)}`;
}

/** POST /users/password/reset/send. */
export function passwordResetEmail(input: AccountEmailInput & { token: string }): RenderedEmail {
  const site = oneLine(input.siteName);
  return render(
    `[${site}] Reset your password`,
    'Reset your password',
    `Click the button below to reset your ${site} password. If you did not ask for this, you can ignore this e-mail.`,
    'The link can be used once and expires in 24 hours.',
    { label: 'Reset password', link: passwordResetLink(input.siteURL, input.token) },
  );
}

/** After a password change or reset. */
export function passwordChangedEmail(input: AccountEmailInput & { method: string }): RenderedEmail {
  const site = oneLine(input.siteName);
  return render(
    `[${site}] Your password has been updated`,
    'You updated your password',
    `Your password on ${base(input.siteURL)} was changed ${oneLine(input.method)}.`,
    'If this change was not initiated by you, please contact your system administrator.',
  );
}

/** `${SiteURL}/do_verify_email?token=…&email=…`, as Mattermost links it. */
export function verifyEmailLink(siteURL: string, token: string, email: string): string {
  return `${base(siteURL)}/do_verify_email?token=${encodeURIComponent(token)}&email=${encodeURIComponent(email)}`;
}

/** POST /users/email/verify/send, sign-up and e-mail change: "verify" for a new account, else "confirm new e-mail". */
export function verifyEmailEmail(input: AccountEmailInput & { token: string; email: string; newAddress: boolean }): RenderedEmail {
  const site = oneLine(input.siteName);
  const action = { label: 'Verify e-mail', link: verifyEmailLink(input.siteURL, input.token, input.email) };
  const note = 'The link can be used once and expires in 24 hours.';
  if (input.newAddress)
    return render(
      `[${site}] Verify new e-mail address`,
      'You updated your e-mail',
      `Confirm this e-mail address for ${site}.`,
      note,
      action,
    );
  return render(
    `[${site}] E-mail verification`,
    'Verify your e-mail address',
    `Thanks for joining ${site}. Verify this address to sign in.`,
    note,
    action,
  );
}

/** After MFA is activated or removed. */
export function mfaChangedEmail(input: AccountEmailInput & { activated: boolean }): RenderedEmail {
  const site = oneLine(input.siteName);
  const state = input.activated ? 'added to' : 'removed from';
  return render(
    `[${site}] Your MFA has been updated`,
    'You updated your multi-factor authentication',
    `Multi-factor authentication has been ${state} your account on ${base(input.siteURL)}.`,
    'If this change was not initiated by you, please contact your system administrator.',
  );
}
