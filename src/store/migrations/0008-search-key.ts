// SQLite: the full-text index keyed by creation time (posts.search_key), so a search walks it newest first whatever
// order posts were stored in. PostgreSQL: nothing. Never edit once shipped.
import type { Kysely } from 'kysely';
import { keyPostSearchByTime } from '../sql/search.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await keyPostSearchByTime(db);
}
