// Mattermost-shaped configuration: config.json (created with defaults on first start) + MM_<SECTION>_<KEY> overrides.
// This is the only module that reads process.env.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { base32 } from '../model/id.ts';

export interface Config {
  ServiceSettings: {
    SiteURL: string;
    ListenAddress: string;
    MaximumPayloadSizeBytes: number;
    MaximumURLLength: number;
    EnableDeveloper: boolean;
    SessionLengthWebInHours: number;
    SessionLengthMobileInHours: number;
    SessionCacheInMinutes: number;
    EnableUserAccessTokens: boolean;
    ExperimentalStrictCSRFEnforcement: boolean;
    EnableBotAccountCreation: boolean;
    /** Off: the OAuth app API and the /oauth/* provider answer 501 (Mattermost's default is on). */
    EnableOAuthServiceProvider: boolean;
    /** A user deactivated: the bots they own are disabled too. */
    DisableBotsWhenOwnerIsDeactivated: boolean;
    /** Lifetime of sessions made by OAuth (access tokens of the OAuth provider), hours. */
    SessionLengthSSOInHours: number;
    EnableIncomingWebhooks: boolean;
    EnableOutgoingWebhooks: boolean;
    EnableCommands: boolean;
    EnablePostUsernameOverride: boolean;
    EnablePostIconOverride: boolean;
    EnableCustomEmoji: boolean;
    AllowCorsFrom: string;
    CollapsedThreads: string;
    ThreadAutoFollow: boolean;
    EnableLinkPreviews: boolean;
    /** A post linking to another post (`<site>/<team>/pl/<id>`) embeds it for viewers who may read it (Mattermost's). */
    EnablePermalinkPreviews: boolean;
    /** Domains never previewed (spaces or commas between them, an optional '@'), as Mattermost's setting. */
    RestrictLinkPreviews: string;
    TimeBetweenUserTypingUpdatesMilliseconds: number;
    EnableUserTypingMessages: boolean;
    EnableChannelViewedMessages: boolean;
    PostEditTimeLimit: number;
    /** Drafts saved on the server and synced across the user's sessions (Mattermost's default on). */
    AllowSyncedDrafts: boolean;
    EnableEmailInvitations: boolean;
    ExperimentalEnableDefaultChannelLeaveJoinMessages: boolean;
    /** Wrong passwords in a row before login is refused until the password is reset (Mattermost default 10). */
    MaximumLoginAttempts: number;
    /** Seconds to read a whole request, body included (Mattermost's default 300). */
    ReadTimeout: number;
    /** Seconds a connection may go without a byte written or read while a request is being answered (default 300). */
    WriteTimeout: number;
    /** Seconds a keep-alive connection waits for its next request (default 60). */
    IdleTimeout: number;
    /** Sources besides 'self' that may frame the web app (CSP frame-ancestors; default none). */
    FrameAncestors: string;
    /** 'gzip' compresses answers and web app files (brotli or gzip); 'uncompressed' sends them as they are. */
    WebserverMode: string;
    /** Parley's: concurrent connections (websockets included); 0 sizes it below the process's open-file limit. */
    ParleyMaxConnections: number;
    /** Parley's: frames a websocket may have waiting to be sent before it is dropped as a slow reader (Mattermost's 256). */
    ParleyWebSocketSendQueueSize: number;
    /** Parley's: bytes a websocket may have waiting to be sent before it is dropped as a slow reader. */
    ParleyWebSocketSendQueueBytes: number;
    /** Request headers holding the client's address behind a proxy (e.g. X-Forwarded-For), tried in order. */
    TrustedProxyIPHeader: string[];
    /** Parley's: deepest nesting of objects/arrays a JSON request body may have (1–128). */
    ParleyMaximumJsonDepth: number;
    /** Parley's: most members of one object in a JSON request body. */
    ParleyMaximumJsonObjectKeys: number;
    /** Parley's: most items of one array in a JSON request body. */
    ParleyMaximumJsonArrayLength: number;
    /** Internal hosts, IPs or CIDRs (space or comma separated) that integrations may call; others are refused. */
    AllowedUntrustedInternalConnections: string;
    /** Seconds an outbound integration call (webhook, command, action, push) may take (Mattermost's default 30). */
    OutgoingIntegrationRequestsTimeout: number;
    /** Parley's: largest response body read from an outbound call. */
    ParleyOutboundMaxResponseBytes: number;
    /** Users may set up TOTP multi-factor authentication (Mattermost default false). */
    EnableMultifactorAuthentication: boolean;
    /**
     * With EnableMultifactorAuthentication, every e-mail user must set up MFA before using the API (GET /users/me and the
     * two MFA set-up routes excepted; bots, OAuth-app sessions and guests unless GuestAccountsSettings say so exempt).
     */
    EnforceMultifactorAuthentication: boolean;
    /** A password change or reset ends the user's other sessions (Mattermost default true on new installs). */
    TerminateSessionsOnPasswordChange: boolean;
    /** DELETE /teams/{id}?permanent=true allowed (Mattermost default false). */
    EnableAPITeamDeletion: boolean;
    /** DELETE /users/{id}?permanent=true allowed (Mattermost default false). */
    EnableAPIUserDeletion: boolean;
  };
  TeamSettings: {
    SiteName: string;
    MaxUsersPerTeam: number;
    EnableOpenServer: boolean;
    EnableUserCreation: boolean;
    RestrictCreationToDomains: string;
    EnableTeamCreation: boolean;
    RestrictDirectMessage: string;
    MaxChannelsPerTeam: number;
    MaxNotificationsPerChannel: number;
    TeammateNameDisplay: string;
    ExperimentalViewArchivedChannels: boolean;
    ExperimentalDefaultChannels: string[];
    EnableConfirmNotificationsToChannel: boolean;
    LockTeammateNameDisplay: boolean;
    CustomDescriptionText: string;
    /** Seconds without activity before a user reported inactive by their client is set away (Mattermost default 300). */
    UserStatusAwayTimeout: number;
    /** Users may deactivate their own account (Mattermost default false). */
    EnableUserDeactivation: boolean;
    /** Custom statuses (emoji + text) on (Mattermost default true). */
    EnableCustomUserStatuses: boolean;
  };
  GuestAccountsSettings: {
    Enable: boolean;
    HideTags: boolean;
    AllowEmailAccounts: boolean;
    EnforceMultifactorAuthentication: boolean;
    /** Comma/space separated domains guest e-mails must belong to ("" = any). */
    RestrictCreationToDomains: string;
  };
  SqlSettings: {
    DriverName: 'sqlite' | 'postgres';
    DataSource: string;
    MaxOpenConns: number;
    /** A secret generated at first start (Mattermost's); kept in the config file, never shown by GET /config. */
    AtRestEncryptKey: string;
    /**
     * Parley's: SQLite's `synchronous` pragma. FULL (default) syncs the write-ahead log at every commit, so a 2xx
     * survives a power loss; NORMAL syncs only at checkpoints (faster; the last commits may be lost on power loss,
     * never on a process crash).
     */
    ParleySqliteSynchronous: 'FULL' | 'NORMAL' | 'EXTRA';
  };
  FileSettings: {
    DriverName: string;
    Directory: string;
    MaxFileSize: number;
    EnableFileAttachments: boolean;
    EnablePublicLink: boolean;
    PublicLinkSalt: string;
    EnableMobileUpload: boolean;
    EnableMobileDownload: boolean;
    /** Parley's: largest profile picture or team icon upload, in bytes (also bounded by MaxFileSize). */
    ParleyMaxImageBytes: number;
  };
  EmailSettings: {
    EnableSignUpWithEmail: boolean;
    EnableSignInWithEmail: boolean;
    EnableSignInWithUsername: boolean;
    SendEmailNotifications: boolean;
    RequireEmailVerification: boolean;
    FeedbackName: string;
    FeedbackEmail: string;
    ReplyToAddress: string;
    SMTPUsername: string;
    SMTPPassword: string;
    EnableSMTPAuth: boolean;
    SMTPServer: string;
    SMTPPort: string;
    ConnectionSecurity: string;
    SkipServerCertificateVerification: boolean;
    SMTPServerTimeout: number;
    UseChannelInEmailNotifications: boolean;
    EmailNotificationContentsType: string;
    EnableEmailBatching: boolean;
    EmailBatchingBufferSize: number;
    /** Seconds between runs of the batching job (Mattermost's); a user's digest waits their `email_interval`. */
    EmailBatchingInterval: number;
    SendPushNotifications: boolean;
    PushNotificationServer: string;
    PushNotificationContents: string;
    PushNotificationBuffer: number;
    /** Parley's: how often the notification queue worker polls for due jobs (other nodes' jobs, retries). */
    ParleyNotificationPollMilliseconds: number;
    /** Parley's: a claimed job not finished within this time is taken again (a crashed node's claims). */
    ParleyNotificationClaimTimeoutMilliseconds: number;
    /** Parley's: sends of one notification tried before it is dropped (logged). */
    ParleyNotificationMaxAttempts: number;
  };
  PasswordSettings: {
    /** Parley's addition: PBKDF2-SHA256 iterations for new hashes (Mattermost uses 600000). */
    PBKDF2WorkFactor: number;
    MinimumLength: number;
    Lowercase: boolean;
    Number: boolean;
    Uppercase: boolean;
    Symbol: boolean;
    /** The login page shows "Forgot password?" (Mattermost default true). */
    EnableForgotLink: boolean;
  };
  PrivacySettings: {
    ShowEmailAddress: boolean;
    ShowFullName: boolean;
  };
  RateLimitSettings: {
    Enable: boolean;
    /** Requests per second each key earns (GCRA). */
    PerSec: number;
    /** Requests a key may make at once beyond the steady rate (the limit is MaxBurst + 1). */
    MaxBurst: number;
    /** Keys remembered per node (least recently used forgotten first). */
    MemoryStoreSize: number;
    VaryByRemoteAddr: boolean;
    VaryByUser: boolean;
    /** A request header whose value is part of the key (e.g. a tenant header); empty for none. */
    VaryByHeader: string;
  };
  LogSettings: { ConsoleLevel: string; EnableConsole: boolean };
  LocalizationSettings: {
    /** The language of e-mails and server messages when the reader's own is not known. */
    DefaultServerLocale: string;
    /** The language of a new user and of requests without a known Accept-Language. */
    DefaultClientLocale: string;
    /** Comma-separated locales users may choose; empty = all. */
    AvailableLocales: string;
  };
  ClusterSettings: {
    Enable: boolean;
    ClusterName: string;
    RedisURL: string;
    /** Parley's: how long a node may miss its Redis heartbeat before the others set its users offline. */
    ParleyNodeTimeoutMilliseconds: number;
  };
  SupportSettings: {
    TermsOfServiceLink: string;
    PrivacyPolicyLink: string;
    AboutLink: string;
    HelpLink: string;
    ReportAProblemLink: string;
    SupportEmail: string;
  };
  ImportSettings: {
    Directory: string;
    RetentionDays: number;
    /** Parley's: the most bytes a Slack export may decompress to, over all its entries (declared sizes, enforced while reading). */
    ParleyMaxDecompressedBytes: number;
    /** Parley's: the highest uncompressed/compressed ratio an entry over 1 MiB may have (deflate bombs reach ~1000). */
    ParleyMaxCompressionRatio: number;
    /** Parley's: the most entries (files and directories) a Slack export zip may hold. */
    ParleyMaxEntries: number;
    /** Parley's: imports running at once on this server, all teams together (one per team at most). */
    ParleyMaxConcurrentImports: number;
    /** Parley's: the heap of the worker thread that reads, parses and maps an export; beyond it the import fails. */
    ParleyWorkerMaxMemoryMegabytes: number;
  };
}

export function defaultConfig(): Config {
  return {
    ServiceSettings: {
      SiteURL: '',
      ListenAddress: ':8065',
      MaximumPayloadSizeBytes: 300000,
      MaximumURLLength: 2048,
      EnableDeveloper: false,
      SessionLengthWebInHours: 720,
      SessionLengthMobileInHours: 720,
      SessionCacheInMinutes: 10,
      EnableUserAccessTokens: false,
      ExperimentalStrictCSRFEnforcement: false,
      EnableBotAccountCreation: false,
      EnableOAuthServiceProvider: true,
      DisableBotsWhenOwnerIsDeactivated: true,
      SessionLengthSSOInHours: 720,
      EnableIncomingWebhooks: true,
      EnableOutgoingWebhooks: true,
      EnableCommands: true,
      EnablePostUsernameOverride: false,
      EnablePostIconOverride: false,
      EnableCustomEmoji: true,
      AllowCorsFrom: '',
      CollapsedThreads: 'always_on',
      ThreadAutoFollow: true,
      EnableLinkPreviews: false,
      EnablePermalinkPreviews: true,
      RestrictLinkPreviews: '',
      TimeBetweenUserTypingUpdatesMilliseconds: 5000,
      EnableUserTypingMessages: true,
      EnableChannelViewedMessages: true,
      PostEditTimeLimit: -1,
      AllowSyncedDrafts: true,
      EnableEmailInvitations: true,
      ExperimentalEnableDefaultChannelLeaveJoinMessages: true,
      MaximumLoginAttempts: 10,
      ReadTimeout: 300,
      WriteTimeout: 300,
      IdleTimeout: 60,
      FrameAncestors: '',
      WebserverMode: 'gzip',
      ParleyMaxConnections: 0,
      ParleyWebSocketSendQueueSize: 256,
      ParleyWebSocketSendQueueBytes: 4 * 1024 * 1024,
      TrustedProxyIPHeader: [],
      ParleyMaximumJsonDepth: 32,
      ParleyMaximumJsonObjectKeys: 1000,
      ParleyMaximumJsonArrayLength: 10_000,
      AllowedUntrustedInternalConnections: '',
      OutgoingIntegrationRequestsTimeout: 30,
      ParleyOutboundMaxResponseBytes: 1024 * 1024,
      EnableMultifactorAuthentication: false,
      EnforceMultifactorAuthentication: false,
      TerminateSessionsOnPasswordChange: true,
      EnableAPITeamDeletion: false,
      EnableAPIUserDeletion: false,
    },
    TeamSettings: {
      SiteName: 'Parley',
      MaxUsersPerTeam: 50,
      EnableOpenServer: false,
      EnableUserCreation: true,
      RestrictCreationToDomains: '',
      EnableTeamCreation: true,
      RestrictDirectMessage: 'any',
      MaxChannelsPerTeam: 2000,
      MaxNotificationsPerChannel: 1000,
      TeammateNameDisplay: 'username',
      ExperimentalViewArchivedChannels: true,
      ExperimentalDefaultChannels: [],
      EnableConfirmNotificationsToChannel: true,
      LockTeammateNameDisplay: false,
      CustomDescriptionText: '',
      UserStatusAwayTimeout: 300,
      EnableUserDeactivation: false,
      EnableCustomUserStatuses: true,
    },
    GuestAccountsSettings: {
      Enable: false,
      HideTags: false,
      AllowEmailAccounts: true,
      EnforceMultifactorAuthentication: false,
      RestrictCreationToDomains: '',
    },
    SqlSettings: {
      DriverName: 'sqlite',
      DataSource: './data/parley.db',
      MaxOpenConns: 20,
      AtRestEncryptKey: '',
      ParleySqliteSynchronous: 'FULL',
    },
    FileSettings: {
      DriverName: 'local',
      Directory: './data/files/',
      MaxFileSize: 104857600,
      EnableFileAttachments: true,
      EnablePublicLink: false,
      PublicLinkSalt: '',
      EnableMobileUpload: true,
      EnableMobileDownload: true,
      ParleyMaxImageBytes: 10 * 1024 * 1024,
    },
    EmailSettings: {
      EnableSignUpWithEmail: true,
      EnableSignInWithEmail: true,
      EnableSignInWithUsername: true,
      SendEmailNotifications: true,
      RequireEmailVerification: false,
      FeedbackName: 'Parley',
      FeedbackEmail: 'parley@localhost',
      ReplyToAddress: '',
      SMTPUsername: '',
      SMTPPassword: '',
      EnableSMTPAuth: false,
      SMTPServer: 'localhost',
      SMTPPort: '10025',
      ConnectionSecurity: '',
      SkipServerCertificateVerification: false,
      SMTPServerTimeout: 10,
      UseChannelInEmailNotifications: false,
      EmailNotificationContentsType: 'full',
      EnableEmailBatching: false,
      EmailBatchingBufferSize: 256,
      EmailBatchingInterval: 30,
      SendPushNotifications: true,
      PushNotificationServer: 'https://push-test.mattermost.com',
      PushNotificationContents: 'full',
      PushNotificationBuffer: 1000,
      ParleyNotificationPollMilliseconds: 2000,
      ParleyNotificationClaimTimeoutMilliseconds: 60_000,
      ParleyNotificationMaxAttempts: 5,
    },
    PasswordSettings: {
      PBKDF2WorkFactor: 600000,
      MinimumLength: 8,
      Lowercase: false,
      Number: false,
      Uppercase: false,
      Symbol: false,
      EnableForgotLink: true,
    },
    PrivacySettings: { ShowEmailAddress: true, ShowFullName: true },
    RateLimitSettings: {
      Enable: false,
      PerSec: 10,
      MaxBurst: 100,
      MemoryStoreSize: 10000,
      VaryByRemoteAddr: true,
      VaryByUser: false,
      VaryByHeader: '',
    },
    LogSettings: { ConsoleLevel: 'info', EnableConsole: true },
    LocalizationSettings: { DefaultServerLocale: 'en', DefaultClientLocale: 'en', AvailableLocales: '' },
    ClusterSettings: { Enable: false, ClusterName: '', RedisURL: 'redis://127.0.0.1:6379', ParleyNodeTimeoutMilliseconds: 30_000 },
    SupportSettings: {
      TermsOfServiceLink: '',
      PrivacyPolicyLink: '',
      AboutLink: '',
      HelpLink: '',
      ReportAProblemLink: '',
      SupportEmail: '',
    },
    ImportSettings: {
      Directory: './data/import',
      RetentionDays: 30,
      ParleyMaxDecompressedBytes: 2 * 1024 * 1024 * 1024,
      ParleyMaxCompressionRatio: 100,
      ParleyMaxEntries: 100_000,
      ParleyMaxConcurrentImports: 2,
      ParleyWorkerMaxMemoryMegabytes: 512,
    },
  };
}

type Json = Record<string, unknown>;

/** Deep-merges `src` into `dst` for keys `dst` knows; unknown keys are kept too (forward compatibility). */
function merge(dst: Json, src: Json): Json {
  for (const [k, v] of Object.entries(src)) {
    const cur = dst[k];
    if (cur && typeof cur === 'object' && !Array.isArray(cur) && v && typeof v === 'object' && !Array.isArray(v)) {
      merge(cur as Json, v as Json);
    } else {
      dst[k] = v;
    }
  }
  return dst;
}

function coerce(current: unknown, raw: string): unknown {
  if (typeof current === 'number') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : current;
  }
  if (typeof current === 'boolean') return raw === 'true' || raw === '1';
  if (Array.isArray(current)) return raw === '' ? [] : raw.split(/[ ,]+/);
  return raw;
}

/** Applies MM_<SECTION>_<KEY> variables, matching section and key case-insensitively like Mattermost does. */
export function applyEnv(cfg: Config, env: NodeJS.ProcessEnv): Config {
  const sections = cfg as unknown as Record<string, Json>;
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('MM_') || raw === undefined) continue;
    const rest = name.slice(3).toUpperCase();
    for (const [secName, sec] of Object.entries(sections)) {
      const prefix = secName.toUpperCase() + '_';
      if (!rest.startsWith(prefix)) continue;
      const keyUpper = rest.slice(prefix.length);
      const key = Object.keys(sec).find((k) => k.toUpperCase() === keyUpper);
      if (key) sec[key] = coerce(sec[key], raw);
    }
  }
  return cfg;
}

/**
 * The secrets Mattermost generates when they are empty (a fresh config leaves them so): 32 random characters each,
 * written to the config file at first start. GET /config masks them (app/admin.ts).
 */
export const GENERATED_SECRETS = [
  { section: 'FileSettings', key: 'PublicLinkSalt' },
  { section: 'SqlSettings', key: 'AtRestEncryptKey' },
] as const;

/** Mattermost's NewRandomString(32): 160 random bits in its base32 alphabet. */
export function newSecret(): string {
  return base32(randomBytes(20));
}

/** Fills every empty secret of GENERATED_SECRETS in `cfg`; returns the ones it filled. */
export function generateSecrets(cfg: Config): Array<(typeof GENERATED_SECRETS)[number]> {
  const sections = cfg as unknown as Record<string, Json>;
  const filled = GENERATED_SECRETS.filter((s) => !sections[s.section]![s.key]);
  for (const s of filled) sections[s.section]![s.key] = newSecret();
  return filled;
}

/** Writes a config file readable by its owner only (it holds secrets), atomically (temp file + rename). */
export function writeConfigFile(file: string, content: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export interface LoadedConfig {
  config: Config;
  path: string | null;
}

/**
 * Loads config from `MM_CONFIG` (default ./data/config.json), writing defaults there on first start, then applies
 * MM_* overrides (which are never written back). Empty secrets (GENERATED_SECRETS) are generated and saved to the
 * file, unless an override supplies them. `overrides` is for tests that start servers in-process.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides?: Partial<Json>): LoadedConfig {
  const cfg = defaultConfig();
  const file = env.MM_CONFIG ?? './data/config.json';
  const saved: Json = file !== 'none' && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Json) : {};
  merge(cfg as unknown as Json, saved);
  applyEnv(cfg, env);
  if (overrides) merge(cfg as unknown as Json, overrides as Json);
  const generated = generateSecrets(cfg);
  if (file !== 'none' && (generated.length || !fs.existsSync(file))) {
    // What the file holds (or the defaults, at first start) plus the new secrets; overrides stay out of it.
    const content = fs.existsSync(file) ? saved : (defaultConfig() as unknown as Json);
    const sections = cfg as unknown as Record<string, Json>;
    for (const s of generated) ((content[s.section] ??= {}) as Json)[s.key] = sections[s.section]![s.key];
    writeConfigFile(file, content);
  }
  return { config: cfg, path: file === 'none' ? null : file };
}

/** Splits ListenAddress (":8065", "127.0.0.1:0", "[::1]:8065") into host and port. */
export function parseListenAddress(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  const host = i <= 0 ? '0.0.0.0' : addr.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(addr.slice(i + 1) || 8065);
  return { host, port };
}
