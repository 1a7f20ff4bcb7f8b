// The only place that knows which database is underneath: connection, type parsing and the few SQL differences.
import type Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type RawBuilder } from 'kysely';
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from './schema.ts';

export type Driver = 'sqlite' | 'postgres';

export interface Connection {
  db: Kysely<DB>;
  driver: Driver;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /**
   * SQLite's `synchronous` pragma (SqlSettings.ParleySqliteSynchronous). FULL, the default, syncs the WAL at every
   * commit: a transaction that answered is on disk even after a power loss. Group commit (send.ts) shares one sync
   * among the posts of an event-loop turn. NORMAL defers syncs to checkpoints: a crash of the process loses nothing,
   * a power loss may lose the last commits.
   */
  sqliteSynchronous?: 'FULL' | 'NORMAL' | 'EXTRA';
}

/** Opens the database; only the driver in use is loaded (each is tens of ms of start-up the other never needs). */
export async function connect(driver: Driver, dataSource: string, maxConns = 20, opts: ConnectOptions = {}): Promise<Connection> {
  if (driver === 'postgres') {
    const { default: pg } = await import('pg');
    // int8 columns hold epoch milliseconds and counters: well inside Number's exact range.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: dataSource, max: maxConns });
    // An idle connection the server ends (restart, admin shutdown) is dropped from the pool and replaced on next use;
    // without a listener pg would raise it as an uncaught error and take the process down.
    pool.on('error', () => undefined);
    const named = new PreparedNames();
    const clients = new WeakSet<object>();
    const prepared = {
      async connect() {
        const client = await pool.connect();
        if (!clients.has(client)) {
          clients.add(client);
          const query = client.query.bind(client) as (...a: unknown[]) => unknown;
          (client as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
            const name = typeof text === 'string' && Array.isArray(values) && values.length ? named.of(text) : undefined;
            return name ? query({ name, text, values }, ...rest) : query(text, values, ...rest);
          };
        }
        return client;
      },
      end: () => pool.end(),
    };
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: prepared }) });
    return { db, driver, close: () => db.destroy() };
  }
  if (dataSource !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(dataSource)), { recursive: true });
  const { default: Database } = await import('better-sqlite3');
  const sqlite = new Database(dataSource);
  sqlite.pragma('journal_mode = WAL');
  const synchronous = (opts.sqliteSynchronous ?? 'FULL').toUpperCase();
  if (!['FULL', 'NORMAL', 'EXTRA'].includes(synchronous)) throw new Error(`SqlSettings.ParleySqliteSynchronous: ${synchronous}`);
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('busy_timeout = 5000');
  // Kysely prepares every query anew; reusing prepared statements by SQL text saves ~a fifth of a post's CPU.
  // Safe: Kysely's single SQLite connection runs one query at a time. Bounded (IN-lists make many shapes).
  const statements = new Map<string, Database.Statement>();
  const database = {
    prepare(text: string): Database.Statement {
      let st = statements.get(text);
      if (!st) {
        if (statements.size >= 1000) statements.clear();
        st = sqlite.prepare(text);
        statements.set(text, st);
      }
      return st;
    },
    close(): void {
      statements.clear();
      sqlite.close();
    },
  };
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  return { db, driver, close: () => db.destroy() };
}

/**
 * PostgreSQL: names for the statements run often, so that each connection parses and plans them once (a named
 * prepared statement; PostgreSQL may then keep a generic plan) instead of on every execution: for the send path's
 * one statement, about 0.2 ms of database time per post. A text gets a name once it has run HOT times; at most MAX
 * names (each connection holds a plan per name it ran), and never for full-text searches or EXPLAIN, whose plans
 * depend on the words searched.
 */
class PreparedNames {
  static readonly HOT = 20;
  static readonly MAX = 100;
  private names = new Map<string, string>();
  private seen = new Map<string, number>();

  of(text: string): string | undefined {
    const name = this.names.get(text);
    if (name || this.names.size >= PreparedNames.MAX) return name;
    const n = (this.seen.get(text) ?? 0) + 1;
    if (n < PreparedNames.HOT) {
      if (this.seen.size >= 5000) this.seen.clear();
      this.seen.set(text, n);
      return undefined;
    }
    this.seen.delete(text);
    if (/to_tsquery|^\s*explain/i.test(text)) return undefined;
    const fresh = 'parley_' + this.names.size;
    this.names.set(text, fresh);
    return fresh;
  }
}

/** Case-insensitive LIKE: ILIKE on PostgreSQL, LIKE (ASCII case-insensitive) on SQLite. */
export function ilike(driver: Driver): 'ilike' | 'like' {
  return driver === 'postgres' ? 'ilike' : 'like';
}

/** Escapes % and _ for a LIKE pattern; both databases use backslash with an ESCAPE clause. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}

/**
 * `column LIKE pattern ESCAPE '\\'` (ILIKE on PostgreSQL): SQLite has no default escape character, so the clause is
 * what makes likeEscape's backslashes work there. `pattern` must already be escaped.
 */
export function likeMatch(driver: Driver, column: string, pattern: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} ${sql.raw(ilike(driver))} ${pattern} escape '\\'`;
}
