// The old-format client config and client license (`GET /config/client?format=old`, `GET /license/client?format=old`).
//
// Key set and meaning follow Mattermost's GenerateLimitedClientConfig / GenerateClientConfig (server/config/client.go)
// and the computed keys its platform service adds, for an unlicensed server. Values are always strings ("true"/"false"
// for booleans). Settings Parley has are read from its Config; every feature Parley does not implement (plugins,
// marketplace, LDAP/SAML/OAuth SSO, MFA enforcement, guests, shared channels, calls, playbooks, boards, data retention,
// compliance, cloud, AI, burn-on-read, scheduled posts, …) is reported as off so clients never call for it.
import { createHash } from 'node:crypto';
import type { Config } from './config.ts';
import { BUILD_DATE, BUILD_ENTERPRISE_READY, BUILD_HASH, BUILD_HASH_ENTERPRISE, BUILD_NUMBER, CURRENT_VERSION } from '../model/version.ts';

export type ClientConfig = Record<string, string>;

export interface ClientConfigOptions {
  /** The site URL clients should use (ServiceSettings.SiteURL, or one derived from the request when that is empty). */
  siteURL: string;
  /** The server's stable identity; the mobile app refuses a server without one. */
  diagnosticId: string;
  /** With a session the full config is sent; without one, the limited subset. */
  loggedIn: boolean;
  /** True while no user exists yet (the web app then opens the sign-up page for the first admin). Default false. */
  noAccounts?: boolean;
  /** Epoch ms the server was first installed (logged-in only). Omitted → "". */
  installationDate?: number;
  /** Longest post message in characters (logged-in only). Default 16383, Mattermost's with a current schema. */
  maxPostSize?: number;
  /** Database schema version (logged-in only); omitted when unknown, as Mattermost does on error. */
  schemaVersion?: number;
}

const b = (v: boolean): string => (v ? 'true' : 'false');

/**
 * Feature flags as Mattermost sends them (`FeatureFlag<Name>`), with Parley's values: off for everything it does not
 * implement; the purely client-side onboarding tour tips stay on.
 */
export const FEATURE_FLAGS: Readonly<Record<string, string>> = {
  TestFeature: 'off',
  TestBoolFeature: 'false',
  EnableSharedChannelsDMs: 'false',
  EnableSyncAllUsersForRemoteCluster: 'false',
  AppsEnabled: 'false',
  NormalizeLdapDNs: 'false',
  WysiwygEditor: 'false',
  OnboardingTourTips: 'true',
  EnableExportDirectDownload: 'false',
  MoveThreadsEnabled: 'false',
  CloudDedicatedExportUI: 'false',
  NotificationMonitoring: 'false',
  ExperimentalAuditSettingsSystemConsoleUI: 'false',
  CustomProfileAttributes: 'false',
  AttributeBasedAccessControl: 'false',
  AttributeValueMasking: 'false',
  PermissionPolicies: 'false',
  ChannelPermissionPolicies: 'false',
  PolicySimulation: 'false',
  ContentFlagging: 'false',
  EnableMattermostEntry: 'false',
  MobileSSOCodeExchange: 'false',
  EnableShiftEscapeToMarkAllRead: 'false',
  AutoTranslation: 'false',
  ClassificationMarkings: 'false',
  BurnOnRead: 'false',
  EnableAIPluginBridge: 'false',
  EnableAIRecaps: 'false',
  IntegratedBoards: 'false',
  CJKSearch: 'false',
  AggregatePluginMetrics: 'false',
  ManagedChannelCategories: 'false',
  SessionAttributes: 'false',
  DiscoverableChannels: 'false',
  MobileEphemeralMode: 'false',
  PropertyFieldRank: 'false',
  TeamMembershipAccessControl: 'false',
  MmBlocksEnabled: 'false',
  ChannelBookmarks: 'false',
};

/** What Mattermost sends without a session: enough for the login/sign-up pages and the apps' server checks. */
export function limitedClientConfig(config: Config, opts: Pick<ClientConfigOptions, 'siteURL' | 'diagnosticId'>): ClientConfig {
  const { ServiceSettings: svc, TeamSettings: team, EmailSettings: email, SupportSettings: support } = config;
  const pw = config.PasswordSettings;
  const props: ClientConfig = {
    Version: CURRENT_VERSION,
    BuildNumber: BUILD_NUMBER,
    BuildDate: BUILD_DATE,
    BuildHash: BUILD_HASH,
    BuildHashEnterprise: BUILD_HASH_ENTERPRISE,
    BuildEnterpriseReady: BUILD_ENTERPRISE_READY,
    ServiceEnvironment: 'production',
    IsFipsEnabled: 'false',

    EnableBotAccountCreation: b(svc.EnableBotAccountCreation),
    EnableFile: 'false',
    FileLevel: 'INFO',

    SiteURL: opts.siteURL.replace(/\/+$/, ''),
    SiteName: team.SiteName,
    WebsocketURL: '',
    WebsocketPort: '80',
    WebsocketSecurePort: '443',
    EnableUserCreation: b(team.EnableUserCreation),
    EnableOpenServer: b(team.EnableOpenServer),

    AndroidLatestVersion: '',
    AndroidMinVersion: '',
    IosLatestVersion: '',
    IosMinVersion: '',

    EnableDiagnostics: 'false',
    DiagnosticsEnabled: 'false',
    DiagnosticId: opts.diagnosticId,
    TelemetryId: opts.diagnosticId,
    EnableComplianceExport: 'false',

    EnableSignUpWithEmail: b(email.EnableSignUpWithEmail),
    EnableSignInWithEmail: b(email.EnableSignInWithEmail),
    EnableSignInWithUsername: b(email.EnableSignInWithUsername),
    EmailLoginButtonColor: '#0000',
    EmailLoginButtonBorderColor: '#2389D7',
    EmailLoginButtonTextColor: '#2389D7',

    TermsOfServiceLink: support.TermsOfServiceLink,
    PrivacyPolicyLink: support.PrivacyPolicyLink,
    AboutLink: support.AboutLink,
    HelpLink: support.HelpLink,
    ReportAProblemLink: support.ReportAProblemLink,
    ReportAProblemType: support.ReportAProblemLink ? 'link' : 'hidden',
    ReportAProblemMail: support.SupportEmail,
    ForgotPasswordLink: '',
    SupportEmail: support.SupportEmail,
    EnableAskCommunityLink: 'false',

    DefaultClientLocale: config.LocalizationSettings.DefaultClientLocale,
    EnableCustomEmoji: b(svc.EnableCustomEmoji),
    AppDownloadLink: 'https://mattermost.com/download/#mattermostApps',
    AndroidAppDownloadLink: 'https://mattermost.com/mattermost-android-app/',
    IosAppDownloadLink: 'https://mattermost.com/mattermost-ios-app/',
    EnableDesktopLandingPage: 'true',

    HasImageProxy: 'false',
    PluginsEnabled: 'false',

    PasswordMinimumLength: String(pw.MinimumLength),
    PasswordRequireLowercase: b(pw.Lowercase),
    PasswordRequireUppercase: b(pw.Uppercase),
    PasswordRequireNumber: b(pw.Number),
    PasswordRequireSymbol: b(pw.Symbol),
    PasswordEnableForgotLink: b(pw.EnableForgotLink),

    EnableCustomBrand: 'false',
    CustomBrandText: '',
    CustomDescriptionText: team.CustomDescriptionText,

    // Single sign-on of any kind: none.
    EnableLdap: 'false',
    LdapLoginFieldName: '',
    LdapLoginButtonColor: '',
    LdapLoginButtonBorderColor: '',
    LdapLoginButtonTextColor: '',
    EnableSaml: 'false',
    SamlLoginButtonText: '',
    SamlLoginButtonColor: '',
    SamlLoginButtonBorderColor: '',
    SamlLoginButtonTextColor: '',
    EnableSignUpWithGitLab: 'false',
    GitLabButtonColor: '',
    GitLabButtonText: '',
    EnableSignUpWithGoogle: 'false',
    EnableSignUpWithOffice365: 'false',
    EnableSignUpWithOpenId: 'false',
    OpenIdButtonText: '',
    OpenIdButtonColor: '',
    CWSURL: '',

    EnableMultifactorAuthentication: b(svc.EnableMultifactorAuthentication),
    // Enforcing MFA needs the MFA license feature, which Parley's client license grants (it is built).
    EnforceMultifactorAuthentication: b(svc.EnableMultifactorAuthentication && svc.EnforceMultifactorAuthentication),
    EnableGuestAccounts: b(config.GuestAccountsSettings.Enable),
    EnableGuestMagicLink: 'false',
    GuestAccountsEnforceMultifactorAuthentication: b(
      svc.EnableMultifactorAuthentication &&
        svc.EnforceMultifactorAuthentication &&
        config.GuestAccountsSettings.EnforceMultifactorAuthentication,
    ),
  };
  for (const [name, value] of Object.entries(FEATURE_FLAGS)) props[`FeatureFlag${name}`] = value;
  return props;
}

/** Everything a logged-in client gets: the limited keys plus the ones below. */
export function fullClientConfig(config: Config, opts: Pick<ClientConfigOptions, 'siteURL' | 'diagnosticId'>): ClientConfig {
  const { ServiceSettings: svc, TeamSettings: team, EmailSettings: email, FileSettings: file } = config;
  return {
    ...limitedClientConfig(config, opts),

    EnableCustomUserStatuses: b(team.EnableCustomUserStatuses),
    EnableUserStatuses: 'true',
    EnableLastActiveTime: 'false',
    EnableTimedDND: 'false',
    EnableUserDeactivation: b(team.EnableUserDeactivation),
    RestrictDirectMessage: team.RestrictDirectMessage,
    TeammateNameDisplay: team.TeammateNameDisplay,
    LockTeammateNameDisplay: b(team.LockTeammateNameDisplay),
    ExperimentalPrimaryTeam: '',
    ExperimentalViewArchivedChannels: b(team.ExperimentalViewArchivedChannels),
    EnableJoinLeaveMessageByDefault: 'true',

    EnableOAuthServiceProvider: b(svc.EnableOAuthServiceProvider),
    EnableOutgoingOAuthConnections: 'false',
    GoogleDeveloperKey: '',
    EnableIncomingWebhooks: b(svc.EnableIncomingWebhooks),
    EnableOutgoingWebhooks: b(svc.EnableOutgoingWebhooks),
    EnableCommands: b(svc.EnableCommands),
    EnablePostUsernameOverride: b(svc.EnablePostUsernameOverride),
    EnablePostIconOverride: b(svc.EnablePostIconOverride),
    EnableUserAccessTokens: b(svc.EnableUserAccessTokens),
    MaximumPersonalAccessTokenLifetimeDays: '0',
    EnableLinkPreviews: b(svc.EnableLinkPreviews),
    EnablePermalinkPreviews: b(svc.EnablePermalinkPreviews),
    EnableTesting: 'false',
    EnableDeveloper: b(svc.EnableDeveloper),
    EnableClientPerformanceDebugging: 'false',
    EnableClientMetrics: 'false',
    PostEditTimeLimit: String(svc.PostEditTimeLimit),
    AllowSyncedDrafts: b(svc.AllowSyncedDrafts),
    MinimumHashtagLength: '3',
    EnablePreviewFeatures: 'false',
    EnableTutorial: 'true',
    EnableOnboardingFlow: 'false',
    ExperimentalEnableDefaultChannelLeaveJoinMessages: b(svc.ExperimentalEnableDefaultChannelLeaveJoinMessages),
    ExperimentalGroupUnreadChannels: 'disabled',
    EnableSVGs: 'false',
    EnableMarketplace: 'false',
    IsDefaultMarketplace: 'false',
    EnableLatex: 'false',
    EnableInlineLatex: 'true',
    ExtendSessionLengthWithActivity: 'false',
    ManagedResourcePaths: '',
    ExperimentalEnablePostMetadata: 'true',
    DisableAppBar: 'false',
    ExperimentalEnableAutomaticReplies: 'false',

    SendEmailNotifications: b(email.SendEmailNotifications),
    SendPushNotifications: b(email.SendPushNotifications && !!email.PushNotificationServer),
    RequireEmailVerification: b(email.RequireEmailVerification),
    EnableEmailBatching: b(email.EnableEmailBatching),
    EnablePreviewModeBanner: 'false',
    EmailNotificationContentsType: email.EmailNotificationContentsType,
    EnableEmailInvitations: b(svc.EnableEmailInvitations),

    ShowEmailAddress: b(config.PrivacySettings.ShowEmailAddress),
    ShowFullName: b(config.PrivacySettings.ShowFullName),

    EnableFileAttachments: b(file.EnableFileAttachments),
    EnablePublicLink: b(file.EnablePublicLink),
    EnableMobileFileDownload: b(file.EnableMobileDownload),
    EnableMobileFileUpload: b(file.EnableMobileUpload),
    MaxFileSize: String(file.MaxFileSize),

    AvailableLocales: config.LocalizationSettings.AvailableLocales,
    EnableExperimentalLocales: 'false',
    SQLDriverName: config.SqlSettings.DriverName,

    EnableEmojiPicker: 'true',
    EnableGifPicker: 'false',
    GiphySdkKey: '',
    UniqueEmojiReactionLimitPerPost: '50',

    MaxNotificationsPerChannel: String(team.MaxNotificationsPerChannel),
    EnableConfirmNotificationsToChannel: b(team.EnableConfirmNotificationsToChannel),
    TimeBetweenUserTypingUpdatesMilliseconds: String(svc.TimeBetweenUserTypingUpdatesMilliseconds),
    EnableUserTypingMessages: b(svc.EnableUserTypingMessages),
    EnableChannelViewedMessages: b(svc.EnableChannelViewedMessages),
    UsersStatusAndProfileFetchingPollIntervalMilliseconds: '3000',
    CollapsedThreads: svc.CollapsedThreads,

    RunJobs: 'false',
    CWSMock: 'false',
    DisableRefetchingOnBrowserFocus: 'false',
    DisableWakeUpReconnectHandler: 'false',
    DelayChannelAutocomplete: 'false',
    YoutubeReferrerPolicy: 'false',
    EnableCrossTeamSearch: 'false',
    EnableChannelCategorySorting: 'false',
    HideGuestTags: b(config.GuestAccountsSettings.HideTags),
    DeleteAccountLink: '',
    AllowDownloadLogs: 'false',
    UseAnonymousURLs: 'false',

    // Licensed features, reported with their unlicensed values.
    ExperimentalEnableAuthenticationTransfer: 'true',
    LdapNicknameAttributeSet: 'false',
    LdapFirstNameAttributeSet: 'false',
    LdapLastNameAttributeSet: 'false',
    LdapPictureAttributeSet: 'false',
    LdapPositionAttributeSet: 'false',
    SamlFirstNameAttributeSet: 'false',
    SamlLastNameAttributeSet: 'false',
    SamlNicknameAttributeSet: 'false',
    SamlPositionAttributeSet: 'false',
    EnableCompliance: 'false',
    EnableCluster: b(config.ClusterSettings.Enable),
    EnableMetrics: 'false',
    EnableBanner: 'false',
    BannerText: '',
    BannerColor: '',
    BannerTextColor: '',
    AllowBannerDismissal: 'false',
    EnableThemeSelection: 'true',
    DefaultTheme: '',
    AllowCustomThemes: 'true',
    AllowedThemes: '',
    DataRetentionEnableMessageDeletion: 'false',
    DataRetentionMessageRetentionHours: '0',
    DataRetentionEnableFileDeletion: 'false',
    DataRetentionFileRetentionHours: '0',
    CustomUrlSchemes: '',
    ExperimentalSharedChannels: 'false',
    ExperimentalRemoteClusterService: 'false',
    EnableCustomGroups: 'false',
    ScheduledPosts: 'false',

    // Features Parley does not implement.
    PostPriority: 'false',
    AllowPersistentNotifications: 'false',
    AllowPersistentNotificationsForGuests: 'false',
    PersistentNotificationMaxCount: '6',
    PersistentNotificationIntervalMinutes: '5',
    PersistentNotificationMaxRecipients: '5',
    ContentFlaggingEnabled: 'false',
    EnableBurnOnRead: 'false',
    BurnOnReadDurationSeconds: '0',
    BurnOnReadMaximumTimeToLiveSeconds: '0',
    EnableAutoTranslation: 'false',
    AutoTranslationLanguages: '',
    RestrictDMAndGMAutotranslation: 'false',
    EnableAttributeBasedAccessControl: 'false',
    EnableUserManagedAttributes: 'false',
  };
}

function sortedByKey(cfg: ClientConfig): ClientConfig {
  const out: ClientConfig = {};
  for (const k of Object.keys(cfg).sort()) out[k] = cfg[k];
  return out;
}

/**
 * The `GET /api/v4/config/client?format=old` body: the full config for a logged-in caller, the limited one otherwise,
 * plus the computed keys (NoAccounts always; MaxPostSize, InstallationDate, UpgradedFromTE, SchemaVersion when logged
 * in). Keys are sorted, as Go's JSON encoder sorts map keys.
 */
export function clientConfig(config: Config, opts: ClientConfigOptions): ClientConfig {
  const base = opts.loggedIn ? fullClientConfig(config, opts) : limitedClientConfig(config, opts);
  base.NoAccounts = b(opts.noAccounts ?? false);
  if (opts.loggedIn) {
    base.MaxPostSize = String(opts.maxPostSize ?? 16383);
    base.UpgradedFromTE = 'false';
    base.InstallationDate = opts.installationDate === undefined ? '' : String(opts.installationDate);
    if (opts.schemaVersion !== undefined) base.SchemaVersion = String(opts.schemaVersion);
  }
  return sortedByKey(base);
}

/**
 * The hash in `X-Version-ID`: md5 (hex) of the config's JSON with sorted keys. Mattermost hashes its full client
 * config (without the computed keys) whenever the configuration changes; pass `fullClientConfig(...)` for the same.
 */
export function clientConfigHash(cfg: ClientConfig): string {
  return createHash('md5')
    .update(JSON.stringify(sortedByKey(cfg)))
    .digest('hex');
}

/**
 * `GET /api/v4/license/client?format=old` (the same for every caller): Parley grants, free, exactly the licensed
 * features it implements (guest accounts with their permissions, permission schemes, MFA enforcement); every other feature is off.
 * The expiry is far away so clients show no licence warnings.
 */
export function clientLicense(): Record<string, string> {
  return {
    IsLicensed: 'true',
    IsTrial: 'false',
    Cloud: 'false',
    ExpiresAt: '4102444800000',
    IssuedAt: '0',
    StartsAt: '0',
    GuestAccounts: 'true',
    GuestAccountsPermissions: 'true',
    CustomPermissionsSchemes: 'true',
    MFA: 'true',
    LDAP: 'false',
    LDAPGroups: 'false',
    SAML: 'false',
    GoogleOAuth: 'false',
    Office365OAuth: 'false',
    OpenId: 'false',
    Compliance: 'false',
    Cluster: 'false',
    Metrics: 'false',
    DataRetention: 'false',
    MessageExport: 'false',
    SharedChannels: 'false',
    Elasticsearch: 'false',
    Announcement: 'false',
    ThemeManagement: 'false',
    EmailNotificationContents: 'false',
    CustomTermsOfService: 'false',
    IDLoadedPushNotifications: 'false',
    LockTeammateNameDisplay: 'false',
    RemoteClusterService: 'false',
    OutgoingOAuthConnections: 'false',
  };
}
