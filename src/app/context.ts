// What every use-case needs: the store, the live config, roles, caches and the event publisher.
import type { Config } from '../config/config.ts';
import type { Store } from '../store/store.ts';
import type { RoleSet } from '../model/roles.ts';
import type { Channel, Post, Session } from '../model/types.ts';
import type { WsEvent } from '../model/ws-events.ts';
import type { Mailer } from './mail/mailer.ts';

export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
}

/** What an invalidation names: a channel's or team's members, a session (by token), a user, or a role (by id). */
export type InvalidationKind = 'channel' | 'team' | 'session' | 'user' | 'role';

/** Where app events go after their transaction commits: the local hub and, in a cluster, the other nodes. */
export interface EventSink {
  publish(ev: WsEvent): void;
  /**
   * Tells every node that cached membership, sessions, users or a role changed. A node that must reload something
   * (a role from the store) returns the promise of it: the cluster applies what it hears from its peers in order.
   */
  invalidate(kind: InvalidationKind, key: string): void | Promise<void>;
}

/**
 * One step run after a post is saved and its `posted` event published (notifications, outgoing webhooks…). Steps
 * run off the request's critical path (after the 201 is on its way); one that throws is logged, never the sender's
 * problem. `mentions` are the user ids the send path counted as mentioned.
 */
export type AfterPostStep = (post: Post, channel: Channel, info: { mentions: string[] }) => void | Promise<void>;

/** One step run after a post's message changed and its `post_edited` was published (link previews…). */
export type AfterEditStep = (post: Post) => void | Promise<void>;

export interface AppContext {
  store: Store;
  config(): Config;
  roles: RoleSet;
  events: EventSink;
  caches: Caches;
  mailer: Mailer;
  log: Logger;
  /** The site URL clients should use in links: ServiceSettings.SiteURL or the listening address. */
  siteURL(): string;
  diagnosticId: string;
  /** The config file the live config was loaded from (PUT /config saves there), or null when none. */
  configFile?: string | null;
  /** What runs after each created post (app/after-post.ts registers them when the app is built). */
  afterPost: AfterPostStep[];
  /** What runs after a post's message was edited (app/after-post.ts; none until a step registers). */
  afterEdit?: AfterEditStep[];
}

/** How long a cached channel or channel-membership entry may be served (a bound on staleness, not the mechanism). */
const SHORT_TTL_MS = 10_000;
/** Entries kept per short-lived map before it is emptied (bounds memory under many channels × users). */
const SHORT_MAX = 20_000;

type Timed<T> = { at: number; p: Promise<T> };

/** Small read-through caches; entries are dropped on invalidation (local or from other nodes). */
export class Caches {
  readonly sessions = new Map<string, Session>();
  private channelMembers = new Map<string, Promise<Set<string>>>();
  private teamMembers = new Map<string, Promise<Set<string>>>();
  private keywords = new Map<string, Promise<unknown>>();
  private channels = new Map<string, Timed<Channel | undefined>>();
  /** channel id → user id → that member's channel roles, or null for "not a member". */
  private memberRoles = new Map<string, Map<string, Timed<string | null>>>();
  private memberRolesSize = 0;
  private usernames = new Map<string, Promise<string | undefined>>();

  constructor(private store: () => Store) {}

  /**
   * A channel by id, for the send path and permission checks: name, type, team and delete_at are current (every
   * change invalidates 'channel'); the message counters are NOT (never answer a client with them). A copy each call.
   */
  async channel(channelId: string): Promise<Channel | undefined> {
    let e = this.channels.get(channelId);
    if (!e || Date.now() - e.at > SHORT_TTL_MS) {
      if (this.channels.size >= SHORT_MAX) this.channels.clear();
      const p = this.store().channels.get(channelId);
      const entry = { at: Date.now(), p };
      this.channels.set(channelId, entry);
      p.catch(() => this.channels.get(channelId) === entry && this.channels.delete(channelId));
      e = entry;
    }
    const ch = await e.p;
    return ch && { ...ch };
  }

  /** The user's roles in the channel (scheme roles included), or null when they are not a member. */
  channelMemberRoles(channelId: string, userId: string): Promise<string | null> {
    let byUser = this.memberRoles.get(channelId);
    const e = byUser?.get(userId);
    if (e && Date.now() - e.at <= SHORT_TTL_MS) return e.p;
    if (this.memberRolesSize >= SHORT_MAX) {
      this.memberRoles.clear();
      this.memberRolesSize = 0;
    }
    if (!byUser) this.memberRoles.set(channelId, (byUser = new Map()));
    const p = this.store()
      .channels.getMember(channelId, userId)
      .then((m) => (m ? m.roles : null));
    const entry = { at: Date.now(), p };
    if (!e) this.memberRolesSize++;
    byUser.set(userId, entry);
    const users = byUser;
    p.catch(() => users.get(userId) === entry && users.delete(userId));
    return p;
  }

  /** A user's username (posted events' sender_name); dropped on 'user' invalidation. */
  username(userId: string): Promise<string | undefined> {
    let p = this.usernames.get(userId);
    if (!p) {
      if (this.usernames.size >= SHORT_MAX) this.usernames.clear();
      const loaded = this.store()
        .users.get(userId)
        .then((u) => u?.username);
      this.usernames.set(userId, loaded);
      loaded.catch(() => this.usernames.get(userId) === loaded && this.usernames.delete(userId));
      p = loaded;
    }
    return p;
  }

  channelMemberIds(channelId: string): Promise<Set<string>> {
    let p = this.channelMembers.get(channelId);
    if (!p) {
      p = this.store()
        .channels.memberUserIds(channelId)
        .then((ids) => new Set(ids));
      this.channelMembers.set(channelId, p);
      p.catch(() => this.channelMembers.delete(channelId));
    }
    return p;
  }

  /**
   * Per channel, what could mention a member without an '@' (mention keys, opted-in first names); built by `load` and
   * dropped when the channel's members or any user's profile change.
   */
  mentionKeywords<T>(channelId: string, load: () => Promise<T>): Promise<T> {
    let p = this.keywords.get(channelId) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.keywords.set(channelId, p);
      p.catch(() => this.keywords.delete(channelId));
    }
    return p;
  }

  teamMemberIds(teamId: string): Promise<Set<string>> {
    let p = this.teamMembers.get(teamId);
    if (!p) {
      p = this.store()
        .teams.memberUserIds(teamId)
        .then((ids) => new Set(ids));
      this.teamMembers.set(teamId, p);
      p.catch(() => this.teamMembers.delete(teamId));
    }
    return p;
  }

  /** Drops everything (a cluster node that missed invalidations while cut off from its peers). */
  clear(): void {
    this.sessions.clear();
    this.channelMembers.clear();
    this.teamMembers.clear();
    this.keywords.clear();
    this.channels.clear();
    this.memberRoles.clear();
    this.memberRolesSize = 0;
    this.usernames.clear();
  }

  /** Roles are not cached here: the RoleSet reloads them (server.ts). */
  invalidate(kind: InvalidationKind, key: string): void {
    if (kind === 'channel') {
      this.channelMembers.delete(key);
      this.keywords.delete(key);
      this.channels.delete(key);
      this.memberRolesSize -= this.memberRoles.get(key)?.size ?? 0;
      this.memberRoles.delete(key);
    } else if (kind === 'team') this.teamMembers.delete(key);
    else if (kind === 'session') this.sessions.delete(key);
    else if (kind === 'user') {
      this.keywords.clear();
      this.usernames.delete(key);
      for (const [token, s] of this.sessions) if (s.user_id === key) this.sessions.delete(token);
    }
  }
}
