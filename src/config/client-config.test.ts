import fs from 'node:fs';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config.ts';
import { FEATURE_FLAGS, clientConfig, clientConfigHash, clientLicense, fullClientConfig, limitedClientConfig } from './client-config.ts';
import { BUILD_NUMBER, CURRENT_VERSION, versionId } from '../model/version.ts';

const opts = { siteURL: 'https://chat.example.com/', diagnosticId: 'abcdefghijklmnopqrstuvwxyz' };
const loggedIn = clientConfig(defaultConfig(), { ...opts, loggedIn: true });
const loggedOut = clientConfig(defaultConfig(), { ...opts, loggedIn: false });

/** The keys of @mattermost/types' ClientConfig: what the web app (same release as our client) reads. */
function webappClientConfigKeys(): string[] {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@mattermost/types/config');
  const src = fs.readFileSync(file.replace(/\.js$/, '.d.ts'), 'utf8');
  const start = src.indexOf('export type ClientConfig = {');
  const block = src.slice(start, src.indexOf('\n};', start));
  return [...block.matchAll(/^ {4}(\w+):/gm)].map((m) => m[1]);
}

describe('client config', () => {
  it('has the keys the web and mobile apps read at startup', () => {
    for (const key of [
      'Version',
      'BuildNumber',
      'SiteURL',
      'SiteName',
      'DiagnosticId',
      'EnableOpenServer',
      'EnableSignUpWithEmail',
      'EnableSignInWithEmail',
      'EnableSignInWithUsername',
      'EnableCustomEmoji',
      'CollapsedThreads',
      'MaxFileSize',
      'EnableFileAttachments',
      'NoAccounts',
      'TeammateNameDisplay',
      'MaxPostSize',
      'FeatureFlagAppsEnabled',
      'FeatureFlagCustomProfileAttributes',
      'FeatureFlagSessionAttributes',
      'FeatureFlagClassificationMarkings',
      'FeatureFlagManagedChannelCategories',
    ])
      expect(loggedIn[key], key).toBeTypeOf('string');
  });

  it('covers every key of the web app ClientConfig type except licensed or computed-on-demand ones', () => {
    // Sent by Mattermost only with a license, with a signing key, by a plugin, or by releases before/after ours.
    const notSent = new Set([
      'AppsPluginEnabled',
      'AsymmetricSigningPublicKey',
      'CustomTermsOfServiceId',
      'CustomTermsOfServiceReAcceptancePeriod',
      'EnableCustomTermsOfService',
      'EnableReliableWebSockets',
      'FeatureFlagCallsEnabled',
      'FeatureFlagWebSocketEventScope',
      'PostAcknowledgements',
      'SchemaVersion',
      'WranglerPermittedWranglerRoles',
      'WranglerAllowedEmailDomain',
      'WranglerMoveThreadMaxCount',
      'WranglerMoveThreadFromPrivateChannelEnable',
      'WranglerMoveThreadFromDirectMessageChannelEnable',
      'WranglerMoveThreadFromGroupMessageChannelEnable',
    ]);
    const keys = webappClientConfigKeys();
    expect(keys.length).toBeGreaterThan(200);
    const missing = keys.filter((k) => !notSent.has(k) && !(k in loggedIn));
    expect(missing).toEqual([]);
  });

  it('sends only strings, booleans as "true"/"false"', () => {
    for (const cfg of [loggedIn, loggedOut]) {
      for (const [k, v] of Object.entries(cfg)) expect(typeof v, k).toBe('string');
    }
    for (const k of ['EnableOpenServer', 'EnableCustomEmoji', 'EnableFileAttachments', 'PluginsEnabled', 'NoAccounts'])
      expect(['true', 'false']).toContain(loggedIn[k]);
  });

  it('reflects Parley settings', () => {
    expect(loggedIn.Version).toBe(CURRENT_VERSION);
    expect(loggedIn.BuildNumber).toBe(BUILD_NUMBER);
    expect(loggedIn.SiteURL).toBe('https://chat.example.com');
    expect(loggedIn.SiteName).toBe('Parley');
    expect(loggedIn.DiagnosticId).toBe(opts.diagnosticId);
    expect(loggedIn.TelemetryId).toBe(opts.diagnosticId);
    expect(loggedIn.EnableOpenServer).toBe('false');
    expect(loggedIn.EnableSignUpWithEmail).toBe('true');
    expect(loggedIn.CollapsedThreads).toBe('always_on');
    expect(loggedIn.MaxFileSize).toBe('104857600');
    expect(loggedIn.PostEditTimeLimit).toBe('-1');
    expect(loggedIn.PasswordMinimumLength).toBe('8');
    expect(loggedIn.SQLDriverName).toBe('sqlite');

    const cfg = defaultConfig();
    cfg.TeamSettings.EnableOpenServer = true;
    cfg.TeamSettings.SiteName = 'Acme chat';
    cfg.ServiceSettings.EnableCustomEmoji = false;
    cfg.ServiceSettings.CollapsedThreads = 'disabled';
    cfg.FileSettings.MaxFileSize = 1024;
    cfg.FileSettings.EnableFileAttachments = false;
    cfg.EmailSettings.EnableSignInWithUsername = false;
    cfg.TeamSettings.TeammateNameDisplay = 'full_name';
    const custom = clientConfig(cfg, { ...opts, loggedIn: true });
    expect(custom.EnableOpenServer).toBe('true');
    expect(custom.SiteName).toBe('Acme chat');
    expect(custom.EnableCustomEmoji).toBe('false');
    expect(custom.CollapsedThreads).toBe('disabled');
    expect(custom.MaxFileSize).toBe('1024');
    expect(custom.EnableFileAttachments).toBe('false');
    expect(custom.EnableSignInWithUsername).toBe('false');
    expect(custom.TeammateNameDisplay).toBe('full_name');
  });

  it('switches off what Parley does not implement', () => {
    for (const k of [
      'PluginsEnabled',
      'EnableMarketplace',
      'EnableLdap',
      'EnableSaml',
      'EnableSignUpWithGitLab',
      'EnableSignUpWithGoogle',
      'EnableSignUpWithOffice365',
      'EnableSignUpWithOpenId',
      'EnableMultifactorAuthentication',
      'EnableGuestAccounts',
      'EnableGuestMagicLink',
      'ExperimentalSharedChannels',
      'DataRetentionEnableMessageDeletion',
      'EnableCompliance',
      'EnableComplianceExport',
      'ScheduledPosts',
      'EnableBurnOnRead',
      'EnableAutoTranslation',
      'ContentFlaggingEnabled',
      'EnableCustomGroups',
      'FeatureFlagAppsEnabled',
      'FeatureFlagCustomProfileAttributes',
      'FeatureFlagChannelBookmarks',
      'FeatureFlagBurnOnRead',
      'FeatureFlagEnableAIRecaps',
      'FeatureFlagIntegratedBoards',
    ])
      expect(loggedIn[k], k).toBe('false');
    for (const [name, value] of Object.entries(FEATURE_FLAGS)) expect(loggedIn[`FeatureFlag${name}`]).toBe(value);
  });

  it('reports push and e-mail batching as configured (notifications are built)', () => {
    const c = defaultConfig();
    expect(clientConfig(c, { ...opts, loggedIn: true }).SendPushNotifications).toBe('true');
    c.EmailSettings.PushNotificationServer = '';
    c.EmailSettings.EnableEmailBatching = true;
    const off = clientConfig(c, { ...opts, loggedIn: true });
    expect(off.SendPushNotifications).toBe('false');
    expect(off.EnableEmailBatching).toBe('true');
  });

  it('sends a logged-out client only the limited subset', () => {
    for (const k of [
      'EnableCommands',
      'TeammateNameDisplay',
      'RestrictDirectMessage',
      'MaxFileSize',
      'EnableFileAttachments',
      'CollapsedThreads',
      'SQLDriverName',
      'MaxPostSize',
      'InstallationDate',
      'ShowEmailAddress',
      'EnableIncomingWebhooks',
      'EnableUserAccessTokens',
    ])
      expect(loggedOut, k).not.toHaveProperty(k);
    for (const k of ['Version', 'SiteURL', 'SiteName', 'DiagnosticId', 'EnableSignInWithEmail', 'NoAccounts'])
      expect(loggedOut, k).toHaveProperty(k);
    for (const k of Object.keys(loggedOut)) expect(loggedIn, k).toHaveProperty(k);
    expect(Object.keys(loggedOut).length).toBeLessThan(Object.keys(loggedIn).length);
  });

  it('adds the computed keys', () => {
    const first = clientConfig(defaultConfig(), {
      ...opts,
      loggedIn: true,
      noAccounts: true,
      installationDate: 1700000000000,
      maxPostSize: 4000,
      schemaVersion: 12,
    });
    expect(first.NoAccounts).toBe('true');
    expect(first.InstallationDate).toBe('1700000000000');
    expect(first.MaxPostSize).toBe('4000');
    expect(first.SchemaVersion).toBe('12');
    expect(first.UpgradedFromTE).toBe('false');
    expect(loggedIn.NoAccounts).toBe('false');
    expect(loggedIn.InstallationDate).toBe('');
    expect(loggedIn.MaxPostSize).toBe('16383');
    expect(clientConfig(defaultConfig(), { ...opts, loggedIn: false, noAccounts: true }).NoAccounts).toBe('true');
  });

  it('serialises with sorted keys, like Go', () => {
    const keys = Object.keys(loggedIn);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('client config hash and version id', () => {
  it('is the md5 of the sorted JSON and changes with the config', () => {
    const full = fullClientConfig(defaultConfig(), opts);
    const hash = clientConfigHash(full);
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    const sorted = Object.fromEntries(Object.entries(full).sort(([a], [b]) => (a < b ? -1 : 1)));
    expect(hash).toBe(createHash('md5').update(JSON.stringify(sorted)).digest('hex'));
    const reversed = Object.fromEntries(Object.entries(full).reverse());
    expect(clientConfigHash(reversed)).toBe(hash);
    const cfg = defaultConfig();
    cfg.TeamSettings.SiteName = 'Other';
    expect(clientConfigHash(fullClientConfig(cfg, opts))).not.toBe(hash);
    expect(Object.keys(limitedClientConfig(cfg, opts)).length).toBeLessThan(Object.keys(full).length);
  });

  it('builds X-Version-ID whose first three parts are the version', () => {
    const id = versionId('215f100adf6ccda09afcaaa84ac4bfbd', false);
    expect(id).toBe(`${CURRENT_VERSION}.${BUILD_NUMBER}.215f100adf6ccda09afcaaa84ac4bfbd.false`);
    expect(id.split('.').slice(0, 3).join('.')).toBe(CURRENT_VERSION);
    expect(id.split('.')).toHaveLength(6);
    expect(versionId('x', true).endsWith('.true')).toBe(true);
    const [major, minor] = CURRENT_VERSION.split('.').map(Number);
    // Mobile forces logout below 9.11 and warns admins below 10.11; desktop refuses below 9.4.
    expect(major * 100 + minor).toBeGreaterThanOrEqual(1011);
  });
});

describe('client license', () => {
  it('grants only the licensed features Parley implements', () => {
    const l = clientLicense();
    expect(l.IsLicensed).toBe('true');
    expect([l.GuestAccounts, l.GuestAccountsPermissions, l.CustomPermissionsSchemes]).toEqual(['true', 'true', 'true']);
    for (const k of ['LDAP', 'SAML', 'Cluster', 'Compliance', 'DataRetention', 'SharedChannels']) expect(l[k]).toBe('false');
  });
});
