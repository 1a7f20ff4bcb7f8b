// Server messages in the reader's language: AppError messages by Accept-Language (else DefaultClientLocale, else
// English) with the id unchanged, LocalizationSettings in the client config, the user's locale validated, and the
// invitation e-mail in the recipient's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Team } from '@mattermost/types/teams';
import { fails, uniq, useBasic } from '../../test/helper.ts';
import { startSmtp, type TestSmtp } from '../../test/smtp.ts';
import { ERRORS } from '../model/app-error.ts';
import { serverCatalogue, translate } from '../i18n/server.ts';

const NOT_FOUND = 'api.context.404.app_error';
const BAD_LOGIN = 'api.user.login.invalid_credentials_email_username';

async function get404(url: string, acceptLanguage?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/api/v4/no_such_route`, { headers: acceptLanguage ? { 'Accept-Language': acceptLanguage } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => smtp?.close());

describe('with the default LocalizationSettings', () => {
  const t = useBasic((c) => {
    c.EmailSettings.SMTPServer = '127.0.0.1';
    c.EmailSettings.SMTPPort = String(smtp.port);
    c.EmailSettings.FeedbackEmail = 'noreply@parley.test';
    c.EmailSettings.SMTPServerTimeout = 5;
  });

  it('answers an AppError in the language of Accept-Language, with the same id and status', async () => {
    const english = await get404(t.env.url);
    expect(english.status).toBe(404);
    expect(english.body).toMatchObject({ id: NOT_FOUND, message: ERRORS[NOT_FOUND][1], status_code: 404 });
    for (const [header, locale] of [
      ['de', 'de'],
      ['ja-JP,ja;q=0.9,en;q=0.8', 'ja'],
      ['pt-BR', 'pt-BR'],
      ['zh-TW', 'zh-TW'],
      ['uk', 'uk'],
    ] as const) {
      const res = await get404(t.env.url, header);
      expect(res.status).toBe(404);
      expect(res.body.id).toBe(NOT_FOUND);
      expect(res.body.message).toBe(serverCatalogue(locale)[NOT_FOUND]);
      expect(res.body.message).not.toBe(ERRORS[NOT_FOUND][1]);
    }
  });

  it('localizes errors raised by use-cases, seen through Client4 with setAcceptLanguage', async () => {
    const c = t.env.client();
    c.setAcceptLanguage('fr');
    const err = await fails(c.login(t.basic.user.user.username, 'wrong-password-1'));
    expect(err.status_code).toBe(401);
    expect(err.server_error_id).toBe(BAD_LOGIN);
    expect(err.message).toBe(serverCatalogue('fr')[BAD_LOGIN]);
  });

  it('fills parameters into the translated message', async () => {
    const c = t.basic.user.client;
    c.setAcceptLanguage('de');
    try {
      const err = await fails(c.getChannel('not-an-id'));
      expect(err.status_code).toBe(400);
      expect(err.server_error_id).toBe('api.context.invalid_url_param.app_error');
      expect(err.message).toBe(translate('de', 'api.context.invalid_url_param.app_error', { Name: 'channel_id' }));
      expect(err.message).toContain('channel_id');
      expect(err.message).not.toContain('{{');
    } finally {
      c.setAcceptLanguage('');
    }
  });

  it('answers English for a language Parley does not have', async () => {
    for (const header of ['xx', 'tlh-KL', 'eo,de;q=0.5', '*', '']) {
      const res = await get404(t.env.url, header);
      expect(res.body).toMatchObject({ id: NOT_FOUND, message: ERRORS[NOT_FOUND][1] });
    }
  });

  it('reports DefaultClientLocale and AvailableLocales in the client config', async () => {
    const limited = await t.env.client().getClientConfig();
    expect(limited.DefaultClientLocale).toBe('en');
    const full = await t.basic.user.client.getClientConfig();
    expect(full.DefaultClientLocale).toBe('en');
    expect(full.AvailableLocales).toBe('');
  });

  it('saves a supported locale on PATCH /users/me and refuses an unknown one with model.user.is_valid.locale.app_error', async () => {
    const u = await t.env.newUser('loc');
    const patched = await u.client.patchMe({ locale: 'zh-CN' });
    expect(patched.locale).toBe('zh-CN');
    expect((await u.client.getMe()).locale).toBe('zh-CN');
    const err = await fails(u.client.patchMe({ locale: 'klingon' }));
    expect(err.status_code).toBe(400);
    expect(err.server_error_id).toBe('model.user.is_valid.locale.app_error');
    expect((await u.client.getMe()).locale).toBe('zh-CN');
  });

  it('mails an invitation in the inviter’s language to a new address, and in the invitee’s own to an existing user', async () => {
    const inviter = await t.env.newUser('inviter');
    await inviter.client.patchMe({ locale: 'de' });
    const team = await inviter.client.createTeam({ name: uniq('team'), display_name: 'Sprachteam', type: 'O' } as Team);
    const existing = await t.env.newUser('existing');
    await existing.client.patchMe({ locale: 'ja' });
    const before = smtp.messages.length;
    const fresh = `${uniq('new')}@example.com`;
    await inviter.client.sendEmailInvitesToTeam(team.id, [fresh]);
    await inviter.client.sendEmailInvitesToTeam(team.id, [existing.user.email]);
    const mails = await smtp.waitFor(before + 2);
    const toFresh = mails.slice(before).find((m) => m.to.includes(fresh))!;
    const toExisting = mails.slice(before).find((m) => m.to.includes(existing.user.email))!;
    const params = { SenderName: inviter.user.username, TeamDisplayName: 'Sprachteam', SiteName: t.env.config.TeamSettings.SiteName };
    expect(toFresh.subject).toBe(translate('de', 'app.mail.invite.subject', params));
    expect(toFresh.text).toContain(translate('de', 'app.mail.invite.expiry'));
    expect(toFresh.html).toContain('lang="de"');
    expect(toExisting.subject).toBe(translate('ja', 'app.mail.invite.subject', params));
    expect(toExisting.subject).not.toBe(translate('en', 'app.mail.invite.subject', params));
  });
});

describe('with DefaultClientLocale = es and AvailableLocales = en,es,de', () => {
  const t = useBasic((c) => {
    c.LocalizationSettings.DefaultClientLocale = 'es';
    c.LocalizationSettings.AvailableLocales = 'en,es,de';
  });

  it('answers in DefaultClientLocale when Accept-Language names no language Parley has', async () => {
    for (const header of [undefined, 'eo', 'xx-YY']) {
      const res = await get404(t.env.url, header);
      expect(res.body).toMatchObject({ id: NOT_FOUND, message: serverCatalogue('es')[NOT_FOUND] });
    }
    expect((await get404(t.env.url, 'ko')).body.message).toBe(serverCatalogue('ko')[NOT_FOUND]);
  });

  it('reports the settings in the client config and only accepts the available locales', async () => {
    const full = await t.basic.user.client.getClientConfig();
    expect(full.DefaultClientLocale).toBe('es');
    expect(full.AvailableLocales).toBe('en,es,de');
    expect((await t.basic.user.client.patchMe({ locale: 'de' })).locale).toBe('de');
    const err = await fails(t.basic.user.client.patchMe({ locale: 'fr' }));
    expect(err.server_error_id).toBe('model.user.is_valid.locale.app_error');
    expect(err.status_code).toBe(400);
  });

  it('refuses to save LocalizationSettings Mattermost would refuse, and saves valid ones', async () => {
    const admin = t.basic.admin.client;
    const cases: Array<[Record<string, string>, string]> = [
      [{ DefaultServerLocale: 'xx' }, 'utils.config.supported_server_locale.app_error'],
      [{ DefaultClientLocale: 'klingon' }, 'utils.config.supported_client_locale.app_error'],
      [{ AvailableLocales: 'en,es,xx' }, 'utils.config.supported_available_locales.app_error'],
      [{ AvailableLocales: 'de,fr' }, 'utils.config.add_client_locale.app_error'],
    ];
    for (const [patch, id] of cases) {
      const err = await fails(admin.patchConfig({ LocalizationSettings: patch } as never));
      expect(err.status_code).toBe(400);
      expect(err.server_error_id).toBe(id);
    }
    expect((await t.basic.user.client.getClientConfig()).AvailableLocales).toBe('en,es,de');
    await admin.patchConfig({ LocalizationSettings: { AvailableLocales: 'es,ja' } } as never);
    expect((await t.basic.user.client.getClientConfig()).AvailableLocales).toBe('es,ja');
    await admin.patchConfig({ LocalizationSettings: { AvailableLocales: 'en,es,de' } } as never);
  });

  it('gives a new user DefaultClientLocale', async () => {
    const u = await t.env.newUser('newloc');
    expect((await u.client.getMe()).locale).toBe('es');
  });
});
