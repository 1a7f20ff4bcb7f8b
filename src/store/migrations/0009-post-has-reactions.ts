// posts.has_reactions (Mattermost's Posts.HasReactions): whether a post has live reactions, so that a page of posts
// asks for reactions only when one of them has some. Kept by the reaction store. Never edit once shipped.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('has_reactions', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update posts set has_reactions = 1
    where exists (select 1 from reactions r where r.post_id = posts.id and r.delete_at = 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('posts').dropColumn('has_reactions').execute();
}
