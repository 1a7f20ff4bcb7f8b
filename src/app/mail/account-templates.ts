// E-mails of the account flows: the password-reset link, "password changed", the e-mail verification link and
// "MFA changed". Each returns {subject, html, text}; user-supplied values are escaped in html, one-lined in subjects.
import { emailHtml, oneLine, type RenderedEmail } from './templates.ts';

export interface AccountEmailInput {
  siteURL: string;
  siteName: string;
}

const base = (siteURL: string) => siteURL.replace(/\/+$/, '');

/** One message: the plain text and emailHtml's card of the same parts. */
function render(subject: string, title: string, body: string, note: string, action?: { label: string; link: string }): RenderedEmail {
  const text = [title, '', body, ...(action ? ['', `${action.label}:`, action.link] : []), '', note, ''].join('\n');
  return { subject, html: emailHtml({ subject, title, body, note, action }), text };
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

/** To the old address after the e-mail address changed. */
export function emailChangedEmail(input: AccountEmailInput & { newEmail: string }): RenderedEmail {
  const site = oneLine(input.siteName);
  return render(
    `[${site}] Your email address has changed`,
    'You updated your email',
    `Your email address on ${site} has been changed to ${oneLine(input.newEmail)}.`,
    'If this change was not initiated by you, please contact your system administrator.',
  );
}
