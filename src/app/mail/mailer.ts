// Outgoing e-mail over SMTP (nodemailer), configured by Mattermost's EmailSettings and re-read on every send.
import type { ErrorId } from '../../model/app-error.ts';
import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Config } from '../../config/config.ts';

export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers (notifications: Message-ID, In-Reply-To, References, X-SMTPAPI). */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Sends one message; resolves once the SMTP server accepted it, rejects with MailError otherwise. */
  send(msg: MailMessage): Promise<void>;
}

/** The SMTP-backed Mailer; `close()` releases the cached transport (idempotent; a later send reopens). */
export interface SmtpMailer extends Mailer {
  close(): void;
}

/**
 * Id of the per-address error Mattermost reports when an invitation e-mail could not be sent
 * (POST /teams/{id}/invite/email?graceful=true, status 500).
 */
export const INVITE_EMAIL_SEND_FAILED = 'api.team.invite_members.unable_to_send_email.app_error' satisfies ErrorId;
/** Same failure while EmailSettings still hold the shipped SMTP defaults (SMTPServer 'localhost', SMTPPort '10025'). */
export const INVITE_EMAIL_SEND_FAILED_WITH_DEFAULTS =
  'api.team.invite_members.unable_to_send_email_with_defaults.app_error' satisfies ErrorId;
/** Mattermost's default SMTP server and port (model.EmailSMTPDefaultServer / EmailSMTPDefaultPort). */
export const SMTP_DEFAULT_SERVER = 'localhost';
export const SMTP_DEFAULT_PORT = '10025';
/**
 * Which invitation error id applies to a failed send under these settings: Mattermost distinguishes an
 * untouched default SMTP configuration from a configured server that failed.
 */
export function inviteSendFailedErrorId(email: Config['EmailSettings']): ErrorId {
  return email.SMTPServer === SMTP_DEFAULT_SERVER && email.SMTPPort === SMTP_DEFAULT_PORT
    ? INVITE_EMAIL_SEND_FAILED_WITH_DEFAULTS
    : INVITE_EMAIL_SEND_FAILED;
}

export type MailErrorReason =
  | 'config' // EmailSettings cannot describe a usable SMTP server
  | 'connect' // TCP/DNS/TLS failure reaching the server
  | 'timeout' // SMTPServerTimeout elapsed
  | 'auth' // the server refused the credentials or requires auth we did not offer
  | 'rejected' // sender, recipient or message refused by the server
  | 'send'; // anything else

/** A failed send. `message` never contains the SMTP password. */
export class MailError extends Error {
  readonly reason: MailErrorReason;
  /** nodemailer error code (ECONNECTION, EAUTH, EENVELOPE …), when there was one. */
  readonly code?: string;
  /** SMTP reply code from the server, when there was one. */
  readonly responseCode?: number;

  constructor(reason: MailErrorReason, message: string, extra: { code?: string; responseCode?: number } = {}) {
    super(message);
    this.name = 'MailError';
    this.reason = reason;
    this.code = extra.code;
    this.responseCode = extra.responseCode;
  }
}

type EmailSettings = Config['EmailSettings'];

/** Transport options from EmailSettings, or a 'config' MailError when they are unusable. */
export function smtpOptions(s: EmailSettings): SMTPTransport.Options {
  const host = s.SMTPServer.trim();
  if (!host) throw new MailError('config', 'EmailSettings.SMTPServer is empty');
  const port = Number(String(s.SMTPPort).trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new MailError('config', `EmailSettings.SMTPPort is not a valid port: ${JSON.stringify(s.SMTPPort)}`);
  }
  const security = s.ConnectionSecurity.trim().toUpperCase();
  if (security !== '' && security !== 'TLS' && security !== 'STARTTLS') {
    throw new MailError(
      'config',
      `EmailSettings.ConnectionSecurity is not '', 'TLS' or 'STARTTLS': ${JSON.stringify(s.ConnectionSecurity)}`,
    );
  }
  const timeoutMs = (s.SMTPServerTimeout > 0 ? s.SMTPServerTimeout : 10) * 1000;
  return {
    host,
    port,
    // 'TLS': implicit TLS from the first byte; 'STARTTLS': upgrade is mandatory; '': plain SMTP, never upgraded
    // (as Mattermost, which does not attempt opportunistic STARTTLS when no security is configured).
    secure: security === 'TLS',
    requireTLS: security === 'STARTTLS',
    ignoreTLS: security === '',
    tls: { rejectUnauthorized: !s.SkipServerCertificateVerification, servername: host },
    auth: s.EnableSMTPAuth ? { user: s.SMTPUsername, pass: s.SMTPPassword } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  };
}

/** `"Name" <address>` for the From header, with the name quoted/encoded by nodemailer. */
function fromAddress(s: EmailSettings): { name: string; address: string } {
  return { name: s.FeedbackName, address: s.FeedbackEmail };
}

/** Cache key over every setting that shapes the transport; hashed so the password is not kept in a second string. */
function transportKey(s: EmailSettings): string {
  const parts = [
    s.SMTPServer,
    s.SMTPPort,
    s.ConnectionSecurity,
    s.EnableSMTPAuth,
    s.SMTPUsername,
    s.SMTPPassword,
    s.SkipServerCertificateVerification,
    s.SMTPServerTimeout,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

const REASON_BY_CODE: Record<string, MailErrorReason> = {
  ECONNECTION: 'connect',
  ESOCKET: 'connect',
  EDNS: 'connect',
  ETLS: 'connect',
  ETIMEDOUT: 'timeout',
  EAUTH: 'auth',
  ENOAUTH: 'auth',
  EENVELOPE: 'rejected',
  EMESSAGE: 'rejected',
};

/** Maps a nodemailer failure to MailError, scrubbing the password from the text just in case. */
export function toMailError(err: unknown, password: string): MailError {
  if (err instanceof MailError) return err;
  const e = err as { message?: string; code?: string; responseCode?: number };
  let message = typeof e?.message === 'string' ? e.message : String(err);
  if (password) message = message.split(password).join('***');
  const code = typeof e?.code === 'string' ? e.code : undefined;
  let reason: MailErrorReason = (code && REASON_BY_CODE[code]) || 'send';
  // Refused MAIL FROM because AUTH is required arrives as EENVELOPE with 530.
  if (reason === 'rejected' && e?.responseCode === 530) reason = 'auth';
  return new MailError(reason, `SMTP send failed: ${message}`, { code, responseCode: e?.responseCode });
}

/**
 * SMTP connections kept open at once, and messages sent over one before it is replaced. Notifications send many
 * mails in a row; a connection (TCP, greeting, EHLO, maybe TLS and AUTH) per mail cost more than the mail.
 */
const SMTP_POOL_CONNECTIONS = 4;
const SMTP_POOL_MESSAGES = 500;

/**
 * A Mailer reading `getConfig().EmailSettings` on every send, over a small pool of SMTP connections. The transport is cached while the SMTP settings stay
 * the same and rebuilt when they change. Invitations are sent whatever SendEmailNotifications says (as Mattermost).
 */
export function createMailer(getConfig: () => Config): SmtpMailer {
  let cached: { key: string; transport: Transporter<SMTPPool.SentMessageInfo> } | undefined;

  async function transportFor(s: EmailSettings): Promise<Transporter<SMTPPool.SentMessageInfo>> {
    const key = transportKey(s);
    if (cached?.key === key) return cached.transport;
    // Loaded on the first send, not at start: nodemailer is ~40 modules most servers never need before an invite.
    const { default: nodemailer } = await import('nodemailer');
    if (cached?.key === key) return cached.transport;
    const options: SMTPPool.Options = {
      ...smtpOptions(s),
      pool: true,
      maxConnections: SMTP_POOL_CONNECTIONS,
      maxMessages: SMTP_POOL_MESSAGES,
    };
    const transport = nodemailer.createTransport(options);
    cached?.transport.close();
    cached = { key, transport };
    return transport;
  }

  return {
    async send(msg) {
      const s = getConfig().EmailSettings;
      if (!msg.to.trim()) throw new MailError('rejected', 'no recipient');
      if (!s.FeedbackEmail.trim()) throw new MailError('config', 'EmailSettings.FeedbackEmail is empty');
      try {
        const transport = await transportFor(s);
        await transport.sendMail({
          from: fromAddress(s),
          to: msg.to,
          replyTo: s.ReplyToAddress.trim() || undefined,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          headers: { 'Auto-Submitted': 'auto-generated', Precedence: 'bulk', ...msg.headers },
        });
      } catch (err) {
        throw toMailError(err, s.SMTPPassword);
      }
    },
    close() {
      cached?.transport.close();
      cached = undefined;
    },
  };
}
