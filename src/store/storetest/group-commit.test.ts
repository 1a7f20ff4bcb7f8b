// Store contract: writes that share a group commit (SQLite's channel views and status changes) each take effect as
// if made alone, also when one of the group fails; the views of one turn are one transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { newMemberRow } from '../sql/channels.ts';
import { GroupCommit } from '../sql/group-commit.ts';
import { makeUser, openStore, savedChannel, type StoreEnv } from './fixtures.ts';

let env: StoreEnv;
beforeAll(async () => {
  env = await openStore();
});
afterAll(async () => env?.close());

describe('group commit', () => {
  it('applies every view and status change of one turn', async () => {
    const c = await savedChannel(env.store);
    const users = Array.from({ length: 5 }, () => makeUser());
    for (const u of users) {
      await env.store.users.save(u);
      await env.store.channels.saveMember(newMemberRow(c.id, u.id, 1));
    }
    await env.store.channels.recordPost(c.id, 10, true);
    await Promise.all([
      ...users.map((u, i) => env.store.channels.markViewed(c.id, u.id, 100 + i)),
      ...users.map((u, i) =>
        env.store.status.save({ user_id: u.id, status: 'online', manual: false, last_activity_at: 200 + i, dnd_end_time: 0 }),
      ),
    ]);
    for (const [i, u] of users.entries()) {
      expect(await env.store.channels.getMember(c.id, u.id)).toMatchObject({ last_viewed_at: 100 + i, msg_count: 1 });
      expect((await env.store.status.get([u.id]))[0]).toMatchObject({ status: 'online', last_activity_at: 200 + i });
    }
  });

  it('fails only the write that fails', async () => {
    const group = new GroupCommit(env.store.db);
    const u = makeUser();
    await env.store.users.save(u);
    const ok = group.run((db) => db.updateTable('users').set({ first_name: 'Grouped' }).where('id', '=', u.id).execute());
    const bad = group.run((db) => sql`insert into no_such_table values (1)`.execute(db));
    await expect(bad).rejects.toThrow();
    await ok;
    expect((await env.store.users.get(u.id))?.first_name).toBe('Grouped');
  });
});
