// Mattermost-shaped configuration: config.json (created with defaults on first start) + MM_<SECTION>_<KEY> overrides.
// This is the only module that reads process.env.
import fs from 'node:fs';
import path from 'node:path';

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
    TimeBetweenUserTypingUpdatesMilliseconds: number;
    EnableUserTypingMessages: boolean;
    EnableChannelViewedMessages: boolean;
    PostEditTimeLimit: number;
    EnableEmailInvitations: boolean;
    ExperimentalEnableDefaultChannelLeaveJoinMessages: boolean;
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
  };
  SqlSettings: {
    DriverName: 'sqlite' | 'postgres';
    DataSource: string;
    MaxOpenConns: number;
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
  };
  PasswordSettings: {
    /** Parley's addition: PBKDF2-SHA256 iterations for new hashes (Mattermost uses 600000). */
    PBKDF2WorkFactor: number;
    MinimumLength: number;
    Lowercase: boolean;
    Number: boolean;
    Uppercase: boolean;
    Symbol: boolean;
  };
  PrivacySettings: {
    ShowEmailAddress: boolean;
    ShowFullName: boolean;
  };
  RateLimitSettings: { Enable: boolean };
  LogSettings: { ConsoleLevel: string; EnableConsole: boolean };
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
      TimeBetweenUserTypingUpdatesMilliseconds: 5000,
      EnableUserTypingMessages: true,
      EnableChannelViewedMessages: true,
      PostEditTimeLimit: -1,
      EnableEmailInvitations: true,
      ExperimentalEnableDefaultChannelLeaveJoinMessages: true,
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
    },
    SqlSettings: { DriverName: 'sqlite', DataSource: './data/parley.db', MaxOpenConns: 20 },
    FileSettings: {
      DriverName: 'local',
      Directory: './data/files/',
      MaxFileSize: 104857600,
      EnableFileAttachments: true,
      EnablePublicLink: false,
      PublicLinkSalt: '',
      EnableMobileUpload: true,
      EnableMobileDownload: true,
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
    },
    PasswordSettings: { PBKDF2WorkFactor: 600000, MinimumLength: 8, Lowercase: false, Number: false, Uppercase: false, Symbol: false },
    PrivacySettings: { ShowEmailAddress: true, ShowFullName: true },
    RateLimitSettings: { Enable: false },
    LogSettings: { ConsoleLevel: 'info', EnableConsole: true },
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

export interface LoadedConfig {
  config: Config;
  path: string | null;
}

/**
 * Loads config from `MM_CONFIG` (default ./data/config.json), writing defaults there on first start, then applies
 * MM_* overrides (which are never written back). `overrides` is for tests that start servers in-process.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides?: Partial<Json>): LoadedConfig {
  const cfg = defaultConfig();
  const file = env.MM_CONFIG ?? './data/config.json';
  if (file !== 'none') {
    if (fs.existsSync(file)) {
      merge(cfg as unknown as Json, JSON.parse(fs.readFileSync(file, 'utf8')) as Json);
    } else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(cfg, null, 2) + '\n');
    }
  }
  applyEnv(cfg, env);
  if (overrides) merge(cfg as unknown as Json, overrides as Json);
  return { config: cfg, path: file === 'none' ? null : file };
}

/** Splits ListenAddress (":8065", "127.0.0.1:0", "[::1]:8065") into host and port. */
export function parseListenAddress(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  const host = i <= 0 ? '0.0.0.0' : addr.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(addr.slice(i + 1) || 8065);
  return { host, port };
}
