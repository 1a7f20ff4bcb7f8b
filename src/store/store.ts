// The store: one object per area over a Kysely handle, typed errors, and transactions that hand out a store bound to them.
import type { Kysely } from 'kysely';
import type { DB } from './sql/schema.ts';
import type { Driver } from './sql/dialect.ts';
import { UserStore, SessionStore, TokenStore, PreferenceStore, StatusStore } from './sql/users.ts';
import { TeamStore } from './sql/teams.ts';
import { ChannelStore } from './sql/channels.ts';
import { PostStore } from './sql/posts.ts';
import { SearchStore } from './sql/search.ts';
import { ThreadStore } from './sql/threads.ts';
import { SystemStore, RoleStore } from './sql/system.ts';
import { FileInfoStore } from './sql/files.ts';
import { ReactionStore } from './sql/reactions.ts';
import { EmojiStore } from './sql/emoji.ts';
import { SidebarStore } from './sql/sidebar.ts';
import { ImportStore } from './sql/import.ts';
import { SendStore } from './sql/send.ts';
import { GroupCommit } from './sql/group-commit.ts';
import { WebhookStore } from './sql/webhooks.ts';
import { CommandStore } from './sql/commands.ts';
import { AccountTokenStore, AuditStore, MfaStore } from './sql/accounts.ts';
import { BotStore, UserAccessTokenStore } from './sql/bots.ts';
import { OAuthStore } from './sql/oauth.ts';
import { NotificationStore } from './sql/notifications.ts';
import { AdminStore } from './sql/admin.ts';
import { DraftStore } from './sql/drafts.ts';
import { LinkMetadataStore } from './sql/link-metadata.ts';

export class StoreError extends Error {}
export class NotFoundError extends StoreError {
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} not found: ${key}`);
  }
}
export class ConflictError extends StoreError {
  constructor(
    readonly entity: string,
    readonly field: string,
  ) {
    super(`${entity} ${field} already exists`);
  }
}
export class InvalidInputError extends StoreError {
  constructor(
    readonly entity: string,
    readonly field: string,
  ) {
    super(`${entity} ${field} is invalid`);
  }
}

/** Recognises unique-constraint violations from both drivers. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export class Store {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly tokens: TokenStore;
  readonly preferences: PreferenceStore;
  readonly status: StatusStore;
  readonly teams: TeamStore;
  readonly channels: ChannelStore;
  readonly posts: PostStore;
  readonly search: SearchStore;
  readonly threads: ThreadStore;
  readonly system: SystemStore;
  readonly roles: RoleStore;
  readonly files: FileInfoStore;
  readonly reactions: ReactionStore;
  readonly emoji: EmojiStore;
  readonly sidebar: SidebarStore;
  readonly imports: ImportStore;
  readonly send: SendStore;
  readonly webhooks: WebhookStore;
  readonly commands: CommandStore;
  readonly mfa: MfaStore;
  readonly audits: AuditStore;
  readonly accountTokens: AccountTokenStore;
  readonly bots: BotStore;
  readonly accessTokens: UserAccessTokenStore;
  readonly oauth: OAuthStore;
  readonly notifications: NotificationStore;
  readonly admin: AdminStore;
  readonly drafts: DraftStore;
  readonly linkMetadata: LinkMetadataStore;

  constructor(
    readonly db: Kysely<DB>,
    readonly driver: Driver,
  ) {
    // SQLite outside a transaction: views and status changes of one event-loop turn commit together.
    const group = driver === 'sqlite' && !db.isTransaction ? new GroupCommit(db) : undefined;
    this.users = new UserStore(db, driver);
    this.sessions = new SessionStore(db);
    this.tokens = new TokenStore(db);
    this.preferences = new PreferenceStore(db);
    this.status = new StatusStore(db, group);
    this.teams = new TeamStore(db, driver);
    this.channels = new ChannelStore(db, driver, group);
    this.posts = new PostStore(db, driver);
    this.search = new SearchStore(db, driver);
    this.threads = new ThreadStore(db, driver);
    this.system = new SystemStore(db);
    this.roles = new RoleStore(db);
    this.files = new FileInfoStore(db, driver);
    this.reactions = new ReactionStore(db);
    this.emoji = new EmojiStore(db, driver);
    this.sidebar = new SidebarStore(db);
    this.imports = new ImportStore(db, driver);
    this.send = new SendStore(db, driver);
    this.webhooks = new WebhookStore(db);
    this.commands = new CommandStore(db);
    this.mfa = new MfaStore(db);
    this.audits = new AuditStore(db);
    this.accountTokens = new AccountTokenStore(db);
    this.bots = new BotStore(db);
    this.accessTokens = new UserAccessTokenStore(db, driver);
    this.oauth = new OAuthStore(db);
    this.notifications = new NotificationStore(db);
    this.admin = new AdminStore(db);
    this.drafts = new DraftStore(db, driver);
    this.linkMetadata = new LinkMetadataStore(db);
  }

  /** Runs `fn` in one transaction; everything written through the given store commits or rolls back together. */
  tx<T>(fn: (s: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return this.db.transaction().execute((trx) => fn(new Store(trx, this.driver)));
  }
}
