// PostgreSQL: statements run often become named prepared statements (parsed and planned once per connection);
// full-text searches and EXPLAIN never do. SQLite has its own statement cache (dialect.ts) and nothing to check here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testConfig } from '../../../test/helper.ts';
import { connect, type Connection } from '../sql/dialect.ts';

const pgOnly = process.env.PARLEY_TEST_DB === 'postgres';
let conn: Connection;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  if (!pgOnly) return;
  const t = await testConfig();
  cleanup = t.cleanup;
  // One connection: the statements and pg_prepared_statements are per connection.
  conn = await connect('postgres', t.config.SqlSettings.DataSource, 1);
});
afterAll(async () => {
  await conn?.close();
  await cleanup?.();
});

async function preparedTexts(): Promise<string[]> {
  const r = await sql<{ statement: string }>`select statement from pg_prepared_statements where name like 'parley\\_%'`.execute(conn.db);
  return r.rows.map((x) => x.statement);
}

describe.runIf(pgOnly)('prepared statements (PostgreSQL)', () => {
  it('names a statement once it runs often, and keeps answering with each call’s values', async () => {
    const hot = (v: number) => sql<{ v: number }>`select ${v}::int + 1 as v`.execute(conn.db);
    for (let i = 0; i < 5; i++) await hot(i);
    expect((await preparedTexts()).some((t) => t.includes('::int + 1'))).toBe(false);
    const answers: number[] = [];
    for (let i = 0; i < 40; i++) answers.push((await hot(i)).rows[0]!.v);
    expect(answers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await preparedTexts()).some((t) => t.includes('::int + 1'))).toBe(true);
  });

  it('never names a full-text search or an EXPLAIN', async () => {
    for (let i = 0; i < 40; i++) {
      await sql`select to_tsvector('english', ${'word ' + i}) @@ to_tsquery('english', ${'word'}) as m`.execute(conn.db);
      await sql`explain select ${i}::int as x`.execute(conn.db);
    }
    const texts = await preparedTexts();
    expect(texts.some((t) => t.includes('to_tsquery'))).toBe(false);
    expect(texts.some((t) => /explain/i.test(t))).toBe(false);
  });
});
