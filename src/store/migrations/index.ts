// Numbered migrations, the same numbers for both databases, run at start. Never edit a shipped one; add the next number.
import { Migrator, type Kysely, type Migration } from 'kysely';
import * as m0001 from './0001-core.ts';
import * as m0002 from './0002-files.ts';
import * as m0004 from './0004-sidebar.ts';
import * as m0005 from './0005-search.ts';
import * as m0006 from './0006-threads.ts';
import * as m0007 from './0007-post-indexes.ts';
import * as m0008 from './0008-search-key.ts';
import * as m0009 from './0009-post-has-reactions.ts';
import * as m0010 from './0010-webhooks.ts';
import * as m0011 from './0011-commands.ts';
import * as m0013 from './0013-accounts.ts';
import * as m0012 from './0012-bots-tokens-oauth.ts';
import * as m0015 from './0015-notifications.ts';
import * as m0014 from './0014-admin.ts';
import * as m0016 from './0016-drafts-edit-history.ts';
import * as m0017 from './0017-link-metadata.ts';
import * as m0019 from './0019-search-statistics.ts';

const migrations: Record<string, Migration> = {
  '0001-core': m0001,
  '0002-files': m0002,
  '0004-sidebar': m0004,
  '0005-search': m0005,
  '0006-threads': m0006,
  '0007-post-indexes': m0007,
  '0008-search-key': m0008,
  '0009-post-has-reactions': m0009,
  '0010-webhooks': m0010,
  '0011-commands': m0011,
  '0013-accounts': m0013,
  '0012-bots-tokens-oauth': m0012,
  '0015-notifications': m0015,
  '0014-admin': m0014,
  '0016-drafts-edit-history': m0016,
  '0017-link-metadata': m0017,
  '0019-search-statistics': m0019,
};

/**
 * The names already applied, or undefined when the migrations table does not exist yet (a fresh database). One
 * query: when everything is applied, start-up skips Kysely's Migrator (its lock table and lock round trips).
 */
async function appliedNames(db: Kysely<any>): Promise<Set<string> | undefined> {
  try {
    const rows = await db.selectFrom('parley_migrations').select('name').execute();
    return new Set(rows.map((r) => String(r.name)));
  } catch {
    return undefined;
  }
}

/** Runs every migration not applied yet; `upTo` (tests of a migration over existing rows) stops after that one. */
export async function migrate(db: Kysely<any>, upTo?: string): Promise<void> {
  const applied = await appliedNames(db);
  // Exactly ours applied: nothing to do. Anything else (new ones, or names we do not know) goes through the Migrator.
  const names = Object.keys(migrations);
  if (!upTo && applied && applied.size === names.length && names.every((name) => applied.has(name))) return;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'parley_migrations',
    migrationLockTableName: 'parley_migrations_lock',
  });
  const { error, results } = upTo ? await migrator.migrateTo(upTo) : await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`);
  }
}
