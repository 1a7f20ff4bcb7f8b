// What every use-case needs: the store, the live config, roles, caches and the event publisher.
import type { Config } from '../config/config.ts';
import type { Store } from '../store/store.ts';
import type { RoleSet } from '../model/roles.ts';
import type { Session } from '../model/types.ts';
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
}

/** Small read-through caches; entries are dropped on invalidation (local or from other nodes). */
export class Caches {
  readonly sessions = new Map<string, Session>();
  private channelMembers = new Map<string, Promise<Set<string>>>();
  private teamMembers = new Map<string, Promise<Set<string>>>();
  private keywords = new Map<string, Promise<unknown>>();

  constructor(private store: () => Store) {}

  channelMemberIds(channelId: string): Promise<Set<string>> {
    let p = this.channelMembers.get(channelId);
    if (!p) {
      p = this.store().channels.memberUserIds(channelId).then((ids) => new Set(ids));
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
      p = this.store().teams.memberUserIds(teamId).then((ids) => new Set(ids));
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
  }

  /** Roles are not cached here: the RoleSet reloads them (server.ts). */
  invalidate(kind: InvalidationKind, key: string): void {
    if (kind === 'channel') {
      this.channelMembers.delete(key);
      this.keywords.delete(key);
    }
    else if (kind === 'team') this.teamMembers.delete(key);
    else if (kind === 'session') this.sessions.delete(key);
    else if (kind === 'user') {
      this.keywords.clear();
      for (const [token, s] of this.sessions) if (s.user_id === key) this.sessions.delete(token);
    }
  }
}
