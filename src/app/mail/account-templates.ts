// E-mails of the account flows: the password-reset link, "password changed", the e-mail verification link and
// "MFA changed". Each returns {subject, html, text} in the recipient's language (server catalogue, English when not
// given); user-supplied values are escaped in html, one-lined in subjects.
import type { Locale } from '../../i18n/locales.ts';
import { translator, type MailStringId } from '../../i18n/server.ts';
import { emailHtml, oneLine, type RenderedEmail } from './templates.ts';

export interface AccountEmailInput {
  siteURL: string;
  siteName: string;
  /** The recipient's language. */
  locale?: Locale;
}

const base = (siteURL: string) => siteURL.replace(/\/+$/, '');

/** One message: the plain text and emailHtml's card of the same parts. */
function render(
  locale: Locale,
  subject: string,
  title: string,
  body: string,
  note: string,
  action?: { label: string; link: string },
): RenderedEmail {
  const text = [title, '', body, ...(action ? ['', `${action.label}:`, action.link] : []), '', note, ''].join('\n');
  return { subject: oneLine(subject), html: emailHtml({ subject: oneLine(subject), title, body, note, action, locale }), text };
}

/** `${SiteURL}/reset_password_complete?token=…`, as Mattermost links it. */
export function passwordResetLink(siteURL: string, token: string): string {
  return `${base(siteURL)}/reset_password_complete?token=${encodeURIComponent(token)}`;
}

/** POST /users/password/reset/send. */
export function passwordResetEmail(input: AccountEmailInput & { token: string }): RenderedEmail {
  const locale = input.locale ?? 'en';
  const t = translator(locale);
  const p = { SiteName: oneLine(input.siteName) };
  return render(
    locale,
    t('api.templates.reset_subject', p),
    t('api.templates.reset_body.title', p),
    t('api.templates.reset_body.info', p),
    t('app.mail.link_expiry_24h'),
    { label: t('api.templates.reset_body.button'), link: passwordResetLink(input.siteURL, input.token) },
  );
}

/** How a password was changed, as the "password changed" mail says it (an id of the catalogue). */
export type PasswordChangeMethod = Extract<MailStringId, 'api.user.reset_password.method' | 'api.user.update_password.menu'>;

/** After a password change or reset. */
export function passwordChangedEmail(input: AccountEmailInput & { method: PasswordChangeMethod }): RenderedEmail {
  const locale = input.locale ?? 'en';
  const t = translator(locale);
  const p = { SiteName: oneLine(input.siteName), SiteURL: base(input.siteURL), Method: t(input.method) };
  return render(
    locale,
    t('api.templates.password_change_subject', p),
    t('api.templates.password_change_body.title', p),
    t('api.templates.password_change_body.info', p),
    t('app.mail.not_you'),
  );
}

/** `${SiteURL}/do_verify_email?token=…&email=…`, as Mattermost links it. */
export function verifyEmailLink(siteURL: string, token: string, email: string): string {
  return `${base(siteURL)}/do_verify_email?token=${encodeURIComponent(token)}&email=${encodeURIComponent(email)}`;
}

/** POST /users/email/verify/send, sign-up and e-mail change: "verify" for a new account, else "confirm new e-mail". */
export function verifyEmailEmail(input: AccountEmailInput & { token: string; email: string; newAddress: boolean }): RenderedEmail {
  const locale = input.locale ?? 'en';
  const t = translator(locale);
  const p = { SiteName: oneLine(input.siteName) };
  const action = { label: t('api.templates.verify_body.button'), link: verifyEmailLink(input.siteURL, input.token, input.email) };
  const note = t('app.mail.link_expiry_24h');
  if (input.newAddress)
    return render(
      locale,
      t('api.templates.email_change_verify_subject', p),
      t('api.templates.email_change_verify_body.title', p),
      t('api.templates.email_change_verify_body.info', p),
      note,
      action,
    );
  return render(
    locale,
    t('api.templates.verify_subject', p),
    t('api.templates.verify_body.title', p),
    t('api.templates.verify_body.info', p),
    note,
    action,
  );
}

/** After MFA is activated or removed. */
export function mfaChangedEmail(input: AccountEmailInput & { activated: boolean }): RenderedEmail {
  const locale = input.locale ?? 'en';
  const t = translator(locale);
  const p = { SiteName: oneLine(input.siteName), SiteURL: base(input.siteURL) };
  return render(
    locale,
    t('api.templates.mfa_change_subject', p),
    t('api.templates.mfa_change_body.title', p),
    t(input.activated ? 'api.templates.mfa_activated_body.info' : 'api.templates.mfa_deactivated_body.info', p),
    t('app.mail.not_you'),
  );
}

/** To the old address after the e-mail address changed. */
export function emailChangedEmail(input: AccountEmailInput & { newEmail: string }): RenderedEmail {
  const locale = input.locale ?? 'en';
  const t = translator(locale);
  const p = { SiteName: oneLine(input.siteName), NewEmail: oneLine(input.newEmail) };
  return render(
    locale,
    t('api.templates.email_change_subject', p),
    t('api.templates.email_change_body.title', p),
    t('api.templates.email_change_body.info', p),
    t('app.mail.not_you'),
  );
}
