// Full-text search over posts: FTS5 on SQLite, tsvector GIN indexes on PostgreSQL (see store/sql/search.ts).
import type { Kysely } from 'kysely';
import { dropPostSearchIndex, installPostSearchIndex } from '../sql/search.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await installPostSearchIndex(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await dropPostSearchIndex(db);
}
