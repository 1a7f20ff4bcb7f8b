// E-mails and push texts in the recipient's language: their `locale`, else LocalizationSettings.DefaultServerLocale
// (Spanish in this suite), else English; dates and times in their language and timezone. A real SMTP server and the
// push proxy stand-in receive what Parley sends.
import { describe, expect, it } from 'vitest';
import type { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { useBasic } from '../../test/helper.ts';
import type { ReceivedMail } from '../../test/smtp.ts';
import { useNotifySinks, waitUntil } from '../../test/notify-sinks.ts';

const sinks = useNotifySinks();
const t = useBasic((c) => {
  sinks.configure(c);
  c.EmailSettings.FeedbackEmail = 'noreply@parley.test';
  // The push carries the generic phrase (the one that is translated), not the post's text.
  c.EmailSettings.PushNotificationContents = 'generic';
  c.LocalizationSettings.DefaultServerLocale = 'es';
});

interface Member {
  client: Client4;
  user: UserProfile;
}

/** A new user in the basic team and channel, with `locale` (and `timezone`) set through the API. */
async function member(locale: string, timezone?: string): Promise<Member> {
  const m = await t.env.newUser('ml');
  await t.basic.user.client.addToTeam(t.basic.team.id, m.user.id);
  await t.basic.user.client.addToChannel(m.user.id, t.basic.channel.id);
  const tz = timezone ? { useAutomaticTimezone: 'false', automaticTimezone: '', manualTimezone: timezone } : undefined;
  const user = await m.client.patchMe({ locale, ...(tz ? { timezone: tz } : {}) } as Partial<UserProfile>);
  expect(user.locale).toBe(locale);
  return { client: m.client, user };
}

/** A user whose `locale` is empty (as an imported account's may be): not settable through the API. */
async function withoutLocale(m: Member): Promise<void> {
  await t.env.server.ctx.store.db.updateTable('users').set({ locale: '' }).where('id', '=', m.user.id).execute();
  expect((await t.env.server.ctx.store.users.get(m.user.id))?.locale).toBe('');
}

function mailsTo(u: UserProfile): ReceivedMail[] {
  return sinks.smtp.messages.filter((m) => m.to.includes(u.email));
}

async function mailTo(u: UserProfile, match: (m: ReceivedMail) => boolean): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await waitUntil(() => (found = mailsTo(u).find(match)) !== undefined, `a mail to ${u.email}`);
  return found!;
}

async function attachDevice(client: Client4, deviceId: string): Promise<void> {
  const res = await fetch(`${t.env.url}/api/v4/users/sessions/device`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${client.getToken()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ device_id: deviceId }),
  });
  expect(res.status).toBe(200);
}

function resetToken(mail: ReceivedMail): string {
  const m = /(https?:\/\/\S+\/reset_password_complete\?\S+)/.exec(mail.text);
  if (!m) throw new Error(`no reset link in: ${mail.text}`);
  return new URL(m[1]).searchParams.get('token') ?? '';
}

const sender = () => t.basic.user.user.username;

describe('account e-mails', () => {
  it('a German user gets the password-reset mail in German, and the "password changed" notice too', async () => {
    const m = await member('de');
    expect(await t.env.client().sendPasswordResetEmail(m.user.email)).toEqual({ status: 'OK' });
    const mail = await mailTo(m.user, (x) => x.text.includes('reset_password_complete'));
    expect(mail.subject).toBe('[Parley] Passwort zurücksetzen');
    expect(mail.text).toContain('Klicken Sie auf die Schaltfläche unten, um Ihr Passwort für Parley zurückzusetzen.');
    expect(mail.text).toContain('Der Link kann einmal verwendet werden und läuft nach 24 Stunden ab.');
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain('>Passwort zurücksetzen</a>');
    expect(mail.text).not.toContain('Reset your password');
    // The link in the German mail works, and the notice that follows is German as well.
    expect(await t.env.client().resetUserPassword(resetToken(mail), 'Neues-Passwort-1')).toEqual({ status: 'OK' });
    const changed = await mailTo(m.user, (x) => x.subject.includes('Passwort wurde geändert'));
    expect(changed.subject).toBe('[Parley] Ihr Passwort wurde geändert');
    expect(changed.text).toContain('über einen Link zum Zurücksetzen des Passworts geändert.');
  });

  it('a user without a locale gets it in DefaultServerLocale; a user who chose English gets English', async () => {
    const none = await member('en');
    await withoutLocale(none);
    const english = await member('en');
    for (const u of [none, english]) expect(await t.env.client().sendPasswordResetEmail(u.user.email)).toEqual({ status: 'OK' });
    const es = await mailTo(none.user, (x) => x.text.includes('reset_password_complete'));
    expect(es.subject).toBe('[Parley] Restablece tu contraseña');
    expect(es.html).toContain('<html lang="es">');
    const en = await mailTo(english.user, (x) => x.text.includes('reset_password_complete'));
    expect(en.subject).toBe('[Parley] Reset your password');
  });
});

describe('account e-mails (verification, address change)', () => {
  it('the verification mail and the "address changed" notice follow the user’s locale', async () => {
    const m = await member('pt-BR');
    expect(await t.env.client().sendVerificationEmail(m.user.email)).toEqual({ status: 'OK' });
    const verify = await mailTo(m.user, (x) => x.text.includes('do_verify_email'));
    expect(verify.subject).toBe('[Parley] Verificação de e-mail');
    expect(verify.text).toContain('Obrigado por entrar no Parley. Verifique este endereço para fazer login.');
    expect(verify.text).toContain('Verificar e-mail:');
    const old = m.user.email;
    const next = `novo.${m.user.username}@example.com`;
    await m.client.patchMe({ email: next, password: 'Passw0rd-' + m.user.username } as Partial<UserProfile>);
    const notice = await mailTo(m.user, (x) => x.to.includes(old) && x.subject.includes('endereço de e-mail foi alterado'));
    expect(notice.subject).toBe('[Parley] Seu endereço de e-mail foi alterado');
    expect(notice.text).toContain(`Seu endereço de e-mail no Parley foi alterado para ${next}.`);
  });
});

describe('notifications', () => {
  it('a Japanese user gets the mention e-mail and push in Japanese, with the date and time in Japanese and their timezone', async () => {
    const m = await member('ja', 'Asia/Tokyo');
    const token = 'ja' + m.user.id.slice(0, 10);
    await attachDevice(m.client, 'android_rn-v2:' + token);
    const p = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: `こんにちは @${m.user.username}` } as never);
    const mail = await mailTo(m.user, () => true);
    const date = new Intl.DateTimeFormat('ja', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' }).format(
      p.create_at,
    );
    expect(date).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(mail.subject).toBe(`[Parley] ${date} の Basic Team での通知`);
    expect(mail.text).toContain(`${sender()} さんがメッセージであなたをメンションしました`);
    expect(mail.text).toContain(`不在の間に、${sender()} さんが Basic Channel チャンネルであなたをメンションしました。`);
    expect(mail.text).toContain(`こんにちは @${m.user.username}`);
    const time = new Intl.DateTimeFormat('ja', {
      timeZone: 'Asia/Tokyo',
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
      timeZoneName: 'short',
    }).format(p.create_at);
    expect(mail.text).toContain(`${sender()} - Basic Channel - ${time}`);
    expect(mail.text).toContain('Mattermost で返信:');
    expect(mail.text).toContain('通知設定を変更しますか？');
    expect(mail.html).toContain('<html lang="ja">');
    expect(mail.html).toContain('Parley にログインし');
    expect(mail.text).not.toMatch(/mentioned you|While you were away/);

    const push = await sinks.proxy.waitFor((x) => x.device_id === token && x.type === 'message');
    expect(push).toMatchObject({ post_id: p.id, channel_name: 'Basic Channel', message: `${sender()} さんがあなたをメンションしました。` });
  });

  it('a user without a locale gets notification e-mail and push in DefaultServerLocale; English stays English', async () => {
    const none = await member('en');
    await withoutLocale(none);
    const english = await member('en');
    const tokens = [none, english].map((u) => 'df' + u.user.id.slice(0, 10));
    await attachDevice(none.client, 'apple_rn-v2:' + tokens[0]);
    await attachDevice(english.client, 'apple_rn-v2:' + tokens[1]);
    await t.basic.user.client.createPost({
      channel_id: t.basic.channel.id,
      message: `hola @${none.user.username} @${english.user.username}`,
    } as never);
    const es = await mailTo(none.user, () => true);
    expect(es.subject).toMatch(/^\[Parley\] Notificación en Basic Team el \d{1,2} de [a-z]+ de \d{4}$/);
    expect(es.text).toContain(`Mientras no estabas, ${sender()} te mencionó en el canal Basic Channel.`);
    expect((await sinks.proxy.waitFor((x) => x.device_id === tokens[0])).message).toBe(`${sender()} te mencionó.`);
    const en = await mailTo(english.user, () => true);
    expect(en.subject).toMatch(/^\[Parley\] Notification in Basic Team on [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    expect((await sinks.proxy.waitFor((x) => x.device_id === tokens[1])).message).toBe(`${sender()} mentioned you.`);
  });

  it('a digest (e-mail batching) is in the one recipient’s language', async () => {
    const m = await member('fr');
    await m.client.savePreferences(m.user.id, [{ user_id: m.user.id, category: 'notifications', name: 'email_interval', value: '1' }]);
    t.env.config.EmailSettings.EnableEmailBatching = true;
    try {
      await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: `un @${m.user.username}` } as never);
      await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: `deux @${m.user.username}` } as never);
      const mail = await mailTo(m.user, () => true);
      expect(mail.subject).toMatch(/^\[Parley\] Nouvelles notifications du \d{1,2} [a-zéû]+ \d{4}$/);
      expect(mail.text).toContain('Vous avez de nouveaux messages');
      expect(mail.text).toContain('Pendant votre absence, vous avez reçu 2 nouvelles notifications.');
      expect(mail.text).toContain('un @');
      expect(mail.text).toContain('deux @');
      expect(mail.text).toContain('Voir ce message: ');
      expect(mail.text).toContain('Ouvrir Mattermost: ');
    } finally {
      t.env.config.EmailSettings.EnableEmailBatching = false;
    }
  });

  it('the quiet-hours summary (e-mail and push) is in the recipient’s language', async () => {
    const m = await member('de');
    const token = 'qde' + m.user.id.slice(0, 10);
    await attachDevice(m.client, 'android_rn-v2:' + token);
    const hhmmss = (d: Date) => d.toISOString().slice(11, 19);
    const schedule = JSON.stringify({
      enabled: true,
      days: [],
      start: hhmmss(new Date(Date.now() - 60_000)),
      end: hhmmss(new Date(Date.now() + 3000)),
      allow_dms: false,
    });
    await m.client.savePreferences(m.user.id, [{ user_id: m.user.id, category: 'parley_quiet_hours', name: 'schedule', value: schedule }]);
    await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: `eins @${m.user.username}` } as never);
    await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: `zwei @${m.user.username}` } as never);
    const mail = await mailTo(m.user, () => true);
    expect(mail.subject).toMatch(/^\[Parley\] Neue Benachrichtigungen vom \d{1,2}\. [A-Za-zä]+ \d{4}$/);
    expect(mail.text).toContain('Während Sie weg waren, haben Sie 2 neue Benachrichtigungen erhalten.');
    const push = await sinks.proxy.waitFor((x) => x.device_id === token);
    expect(push.message).toBe('Sie haben 2 neue Benachrichtigungen.');
  });
});
