// Sends real messages through createMailer to the in-process SMTP server of test/smtp.ts.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, type Config } from '../../config/config.ts';
import { startSmtp, type TestSmtp } from '../../../test/smtp.ts';
import {
  createMailer,
  INVITE_EMAIL_SEND_FAILED,
  INVITE_EMAIL_SEND_FAILED_WITH_DEFAULTS,
  inviteSendFailedErrorId,
  MailError,
  type SmtpMailer,
} from './mailer.ts';
import { inviteEmail, inviteLink } from './templates.ts';

const TOKEN = 'w8xq3n5kj7bqpfa1h4ms9rz6yt2e0cv8dg5lu3no7ip1kw4fjx9ab2mc6hs0te';

function configFor(port: number, email: Partial<Config['EmailSettings']> = {}): Config {
  const cfg = defaultConfig();
  cfg.EmailSettings = {
    ...cfg.EmailSettings,
    SMTPServer: '127.0.0.1',
    SMTPPort: String(port),
    ConnectionSecurity: '',
    FeedbackName: 'Parley Bot',
    FeedbackEmail: 'noreply@parley.test',
    SMTPServerTimeout: 5,
    ...email,
  };
  return cfg;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function expectMailError(p: Promise<unknown>): Promise<MailError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MailError);
  return err as MailError;
}

const servers: TestSmtp[] = [];
const mailers: SmtpMailer[] = [];
async function smtp(opts?: Parameters<typeof startSmtp>[0]): Promise<TestSmtp> {
  const s = await startSmtp(opts);
  servers.push(s);
  return s;
}
function mailer(getConfig: () => Config): SmtpMailer {
  const m = createMailer(getConfig);
  mailers.push(m);
  return m;
}

afterEach(async () => {
  for (const m of mailers.splice(0)) m.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('createMailer', () => {
  it('delivers an invitation with the signup link, From and Reply-To', async () => {
    const server = await smtp();
    const m = mailer(() => configFor(server.port, { ReplyToAddress: 'help@parley.test' }));
    const mail = inviteEmail({
      siteURL: 'http://chat.example.com',
      siteName: 'Parley',
      teamDisplayName: 'Core Team',
      teamName: 'core',
      senderName: 'alice',
      token: TOKEN,
      email: 'new.person@example.com',
    });

    await m.send({ to: 'new.person@example.com', ...mail });
    const [msg] = await server.waitFor(1);

    expect(msg.to).toEqual(['new.person@example.com']);
    expect(msg.from).toBe('noreply@parley.test');
    expect(msg.headers['from']).toBe('Parley Bot <noreply@parley.test>');
    expect(msg.headers['reply-to']).toBe('help@parley.test');
    expect(msg.headers['to']).toBe('new.person@example.com');
    expect(msg.subject).toBe('[Parley] alice invited you to join the Core Team team');
    expect(msg.auth).toBeUndefined();

    const link = inviteLink({
      siteURL: 'http://chat.example.com',
      siteName: 'Parley',
      teamDisplayName: 'Core Team',
      teamName: 'core',
      senderName: 'alice',
      token: TOKEN,
      email: 'new.person@example.com',
    });
    expect(msg.text).toContain(link);
    expect(msg.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
    const url = new URL(msg.text.split('\n').find((l) => l.startsWith('http'))!);
    expect(url.pathname).toBe('/signup_user_complete/');
    expect(url.searchParams.get('t')).toBe(TOKEN);
    expect(url.searchParams.get('md')).toBe('email');
    expect(JSON.parse(url.searchParams.get('d')!)).toEqual({
      display_name: 'Core Team',
      email: 'new.person@example.com',
      name: 'core',
    });
  });

  it('omits Reply-To when ReplyToAddress is empty', async () => {
    const server = await smtp();
    const m = mailer(() => configFor(server.port));
    await m.send({ to: 'x@example.com', subject: 's', text: 't', html: '<p>t</p>' });
    const [msg] = await server.waitFor(1);
    expect(msg.headers['reply-to']).toBeUndefined();
    expect(msg.text).toBe('t');
    expect(msg.html).toBe('<p>t</p>');
  });

  it('authenticates with SMTPUsername/SMTPPassword when EnableSMTPAuth is on', async () => {
    const server = await smtp({ requireAuth: true, users: { mailbot: 'pa55:word!' } });
    const m = mailer(() => configFor(server.port, { EnableSMTPAuth: true, SMTPUsername: 'mailbot', SMTPPassword: 'pa55:word!' }));
    await m.send({ to: 'bob@example.com', subject: 'hello', text: 'body', html: '<p>body</p>' });
    const [msg] = await server.waitFor(1);
    expect(msg.auth).toEqual({ username: 'mailbot', password: 'pa55:word!' });
    expect(msg.to).toEqual(['bob@example.com']);
  });

  it('does not authenticate when EnableSMTPAuth is off, even with credentials set', async () => {
    const server = await smtp();
    const m = mailer(() => configFor(server.port, { SMTPUsername: 'mailbot', SMTPPassword: 'secret' }));
    await m.send({ to: 'bob@example.com', subject: 'hello', text: 'body', html: '<p>body</p>' });
    const [msg] = await server.waitFor(1);
    expect(msg.auth).toBeUndefined();
  });

  it('fails with an auth MailError on wrong credentials, without the password in the message', async () => {
    const server = await smtp({ requireAuth: true, users: { mailbot: 'right-one' } });
    const m = mailer(() => configFor(server.port, { EnableSMTPAuth: true, SMTPUsername: 'mailbot', SMTPPassword: 'wrong-pw-9f3k' }));
    const err = await expectMailError(m.send({ to: 'bob@example.com', subject: 's', text: 't', html: 't' }));
    expect(err.reason).toBe('auth');
    expect(err.code).toBe('EAUTH');
    expect(err.message).not.toContain('wrong-pw-9f3k');
    expect(server.messages).toHaveLength(0);
  });

  it('fails with an auth MailError when the server requires auth and EnableSMTPAuth is off', async () => {
    const server = await smtp({ requireAuth: true });
    const m = mailer(() => configFor(server.port));
    const err = await expectMailError(m.send({ to: 'bob@example.com', subject: 's', text: 't', html: 't' }));
    expect(err.reason).toBe('auth');
    expect(server.messages).toHaveLength(0);
  });

  it('fails with a connect MailError when nothing listens on the port', async () => {
    const port = await closedPort();
    const m = mailer(() => configFor(port, { EnableSMTPAuth: true, SMTPUsername: 'u', SMTPPassword: 'hunter2-xyz' }));
    const err = await expectMailError(m.send({ to: 'bob@example.com', subject: 's', text: 't', html: 't' }));
    expect(err.reason).toBe('connect');
    expect(err.code).toBe('ESOCKET');
    expect(err.message).not.toContain('hunter2-xyz');
  });

  it('requires the STARTTLS upgrade when ConnectionSecurity is STARTTLS', async () => {
    const server = await smtp(); // does not offer STARTTLS
    const m = mailer(() => configFor(server.port, { ConnectionSecurity: 'STARTTLS' }));
    await expectMailError(m.send({ to: 'bob@example.com', subject: 's', text: 't', html: 't' }));
    expect(server.messages).toHaveLength(0);
  });

  it('rejects unusable settings with a config MailError before connecting', async () => {
    const cases: Array<Partial<Config['EmailSettings']>> = [
      { SMTPServer: '' },
      { SMTPPort: 'smtp' },
      { SMTPPort: '70000' },
      { ConnectionSecurity: 'SSL' },
      { FeedbackEmail: '' },
    ];
    for (const c of cases) {
      const m = mailer(() => configFor(25, c));
      const err = await expectMailError(m.send({ to: 'bob@example.com', subject: 's', text: 't', html: 't' }));
      expect(err.reason).toBe('config');
    }
  });

  it('follows EmailSettings changes made at runtime', async () => {
    const a = await smtp();
    const b = await smtp({ requireAuth: true, users: { u: 'p' } });
    let cfg = configFor(a.port);
    const m = mailer(() => cfg);

    await m.send({ to: 'one@example.com', subject: 'first', text: '1', html: '1' });
    await m.send({ to: 'two@example.com', subject: 'second', text: '2', html: '2' });
    cfg = configFor(b.port, { EnableSMTPAuth: true, SMTPUsername: 'u', SMTPPassword: 'p', FeedbackName: 'Renamed' });
    await m.send({ to: 'three@example.com', subject: 'third', text: '3', html: '3' });

    expect((await a.waitFor(2)).map((x) => x.subject)).toEqual(['first', 'second']);
    const [third] = await b.waitFor(1);
    expect(third.subject).toBe('third');
    expect(third.auth).toEqual({ username: 'u', password: 'p' });
    expect(third.headers['from']).toBe('Renamed <noreply@parley.test>');
    expect(a.messages).toHaveLength(2);
  });

  it('round-trips non-ASCII subject and bodies', async () => {
    const server = await smtp();
    const m = mailer(() => configFor(server.port, { FeedbackName: 'Équipe Parley' }));
    const mail = inviteEmail({
      siteURL: 'https://chat.example.com/',
      siteName: 'Parley',
      teamDisplayName: 'Développeurs 日本 & <Co>',
      teamName: 'dev-jp',
      senderName: 'Zoë "Z" O\'Neil',
      token: TOKEN,
      email: 'z@example.com',
    });
    await m.send({ to: 'z@example.com', ...mail });
    const [msg] = await server.waitFor(1);

    expect(msg.subject).toBe('[Parley] Zoë "Z" O\'Neil invited you to join the Développeurs 日本 & <Co> team');
    expect(msg.headers['from']).toContain('Équipe Parley');
    expect(msg.text).toBe(mail.text);
    expect(msg.html).toBe(mail.html);
  });

  it('round-trips mostly non-ASCII bodies (base64 parts)', async () => {
    const server = await smtp();
    const m = mailer(() => configFor(server.port));
    const text = '日本語のテキストです。\n'.repeat(20);
    const html = `<p>${'チームへようこそ'.repeat(30)}</p>`;
    await m.send({ to: 'jp@example.com', subject: '招待', text, html });
    const [msg] = await server.waitFor(1);
    expect(msg.raw).toMatch(/Content-Transfer-Encoding: base64/i);
    expect(msg.subject).toBe('招待');
    expect(msg.text).toBe(text);
    expect(msg.html).toBe(html);
  });
});

describe('inviteEmail', () => {
  const base = {
    siteURL: 'http://localhost:8065',
    siteName: 'Parley',
    teamDisplayName: '<b>Team</b> & "friends"',
    teamName: 'team',
    senderName: '<script>alert(1)</script>',
    token: 'tok en/+&=',
    email: 'a+b@example.com',
  };

  it('escapes names in the HTML and keeps the raw text in the text part', () => {
    const mail = inviteEmail(base);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Team</b>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('&lt;b&gt;Team&lt;/b&gt; &amp; &quot;friends&quot;');
    expect(mail.text).toContain('<script>alert(1)</script> invited you to join the <b>Team</b> & "friends" team.');
  });

  it('keeps the subject on one line', () => {
    const mail = inviteEmail({ ...base, senderName: 'evil\r\nBcc: victim@example.com', teamDisplayName: 'T' });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('[Parley] evil Bcc: victim@example.com invited you to join the T team');
  });

  it('encodes the token and data so the link parses back exactly', () => {
    const url = new URL(inviteLink(base));
    expect(url.origin + url.pathname).toBe('http://localhost:8065/signup_user_complete/');
    expect(url.searchParams.get('t')).toBe('tok en/+&=');
    expect(url.searchParams.get('md')).toBe('email');
    expect(url.searchParams.has('sbr')).toBe(false);
    const d = url.searchParams.get('d')!;
    // Go-style JSON: sorted keys, HTML-significant characters escaped.
    expect(d).toBe('{"display_name":"\\u003cb\\u003eTeam\\u003c/b\\u003e \\u0026 \\"friends\\"","email":"a+b@example.com","name":"team"}');
    expect(JSON.parse(d)).toEqual({ display_name: base.teamDisplayName, email: base.email, name: 'team' });
  });

  it('adds sbr when the starting role is given and tolerates a trailing slash on siteURL', () => {
    const link = inviteLink({ ...base, siteURL: 'http://localhost:8065/', startedByRole: 'sa' });
    expect(link.startsWith('http://localhost:8065/signup_user_complete/?d=')).toBe(true);
    expect(new URL(link).searchParams.get('sbr')).toBe('sa');
  });
});

describe('inviteSendFailedErrorId', () => {
  it('distinguishes the shipped default SMTP settings', () => {
    const cfg = defaultConfig();
    expect(cfg.EmailSettings.SMTPServer).toBe('localhost');
    expect(cfg.EmailSettings.SMTPPort).toBe('10025');
    expect(inviteSendFailedErrorId(cfg.EmailSettings)).toBe(INVITE_EMAIL_SEND_FAILED_WITH_DEFAULTS);
    expect(inviteSendFailedErrorId({ ...cfg.EmailSettings, SMTPServer: 'smtp.example.com' })).toBe(INVITE_EMAIL_SEND_FAILED);
    expect(inviteSendFailedErrorId({ ...cfg.EmailSettings, SMTPPort: '587' })).toBe(INVITE_EMAIL_SEND_FAILED);
  });
});
