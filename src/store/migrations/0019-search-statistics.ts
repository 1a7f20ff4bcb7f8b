// PostgreSQL: finer planner statistics on the full-text index (its most common words), so that the estimate of a
// word's matches, which decides how search reads the history (store/sql/search.ts), holds for rarer words and from one
// ANALYZE to the next. SQLite: nothing. Never edit once shipped.
import type { Kysely } from 'kysely';
import { POST_SEARCH_STATISTICS, setPostSearchStatistics } from '../sql/search.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await setPostSearchStatistics(db, POST_SEARCH_STATISTICS);
}

export async function down(db: Kysely<any>): Promise<void> {
  await setPostSearchStatistics(db, -1);
}
