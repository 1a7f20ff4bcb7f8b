// Store contract: users — save/get, case-insensitive lookups, unique username/email, listing order and filters, search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../store.ts';
import { makeTeam, makeUser, openStore, rejects, tag, teamMemberRow, type StoreEnv } from './fixtures.ts';

let env: StoreEnv;
beforeAll(async () => {
  env = await openStore();
});
afterAll(async () => env?.close());

describe('user store', () => {
  it('saves and gets a user with every field round-tripped', async () => {
    const u = makeUser({
      nickname: 'Nick',
      props: { a: '1' },
      notify_props: { push: 'all' },
      timezone: { useAutomaticTimezone: 'true' },
      is_bot: false,
    });
    await env.store.users.save(u);
    const got = await env.store.users.get(u.id);
    expect(got).toEqual(u);
    expect(await env.store.users.get('nope')).toBeUndefined();
  });

  it('finds users by username and email, case-insensitively for email', async () => {
    const u = makeUser();
    await env.store.users.save(u);
    expect((await env.store.users.getByUsername(u.username))?.id).toBe(u.id);
    expect((await env.store.users.getByEmail(u.email.toUpperCase()))?.id).toBe(u.id);
    expect((await env.store.users.getByUsernames([u.username, 'missing-' + tag()])).map((x) => x.id)).toEqual([u.id]);
    expect(await env.store.users.getByUsername('missing-' + tag())).toBeUndefined();
  });

  it('refuses a duplicate username or email with a unique violation and writes nothing', async () => {
    const u = makeUser();
    await env.store.users.save(u);
    const before = await env.store.users.count();
    const dupName = await rejects(env.store.users.save(makeUser({ username: u.username })));
    expect(isUniqueViolation(dupName)).toBe(true);
    const dupEmail = await rejects(env.store.users.save(makeUser({ email: u.email })));
    expect(isUniqueViolation(dupEmail)).toBe(true);
    const dupId = await rejects(env.store.users.save(makeUser({ id: u.id })));
    expect(isUniqueViolation(dupId)).toBe(true);
    expect(await env.store.users.count()).toBe(before);
  });

  it('updates a user, and an update that breaks uniqueness is refused', async () => {
    const a = makeUser();
    const b2 = makeUser();
    await env.store.users.save(a);
    await env.store.users.save(b2);
    await env.store.users.update({ ...a, nickname: 'changed', update_at: a.update_at + 1 });
    expect((await env.store.users.get(a.id))?.nickname).toBe('changed');
    const err = await rejects(env.store.users.update({ ...a, username: b2.username }));
    expect(isUniqueViolation(err)).toBe(true);
    expect((await env.store.users.get(a.id))?.username).toBe(a.username);
  });

  it('gets many by ids, ignoring unknown ones', async () => {
    const a = makeUser();
    const b2 = makeUser();
    await env.store.users.save(a);
    await env.store.users.save(b2);
    const many = await env.store.users.getMany([a.id, b2.id, 'x'.repeat(26)]);
    expect(many.map((u) => u.id).sort()).toEqual([a.id, b2.id].sort());
    expect(await env.store.users.getMany([])).toEqual([]);
  });

  it('lists users by username, filtered by team membership and activity, with offset/limit', async () => {
    const team = makeTeam();
    await env.store.teams.save(team);
    const p = tag('lst');
    const names = ['c', 'a', 'b', 'd'].map((x) => `${p}${x}`);
    const users = names.map((username) => makeUser({ username, email: `${username}@example.com` }));
    users[3].delete_at = Date.now();
    for (const u of users) {
      await env.store.users.save(u);
      await env.store.teams.saveMember(teamMemberRow(team.id, u.id));
    }
    const inTeam = await env.store.users.list({ inTeam: team.id, offset: 0, limit: 100 });
    expect(inTeam.map((u) => u.username)).toEqual([...names].sort());
    const active = await env.store.users.list({ inTeam: team.id, active: true, offset: 0, limit: 100 });
    expect(active.map((u) => u.username)).toEqual([`${p}a`, `${p}b`, `${p}c`]);
    const inactive = await env.store.users.list({ inTeam: team.id, inactive: true, offset: 0, limit: 100 });
    expect(inactive.map((u) => u.username)).toEqual([`${p}d`]);
    const page = await env.store.users.list({ inTeam: team.id, offset: 1, limit: 2 });
    expect(page.map((u) => u.username)).toEqual([`${p}b`, `${p}c`]);
    // A soft-deleted membership leaves the team listing.
    await env.store.teams.softDeleteMember(team.id, users[0].id, Date.now());
    const after = await env.store.users.list({ inTeam: team.id, offset: 0, limit: 100 });
    expect(after.map((u) => u.id)).not.toContain(users[0].id);
    const notIn = await env.store.users.list({ notInTeam: team.id, ids: users.map((u) => u.id), offset: 0, limit: 100 });
    expect(notIn.map((u) => u.id)).toEqual([users[0].id]);
  });

  it('searches by prefix of username or names, emails only when allowed, active users only by default', async () => {
    const p = tag('srch');
    const u = makeUser({ username: `${p}one`, email: `${p}mail@example.com`, first_name: 'Zelda' });
    const gone = makeUser({ username: `${p}gone`, email: `${p}gone@example.com`, delete_at: Date.now() });
    await env.store.users.save(u);
    await env.store.users.save(gone);
    expect((await env.store.users.search(p, { limit: 10, allowEmails: false })).map((x) => x.id)).toEqual([u.id]);
    expect((await env.store.users.search(p, { limit: 10, allowEmails: false, allowInactive: true })).map((x) => x.id).sort()).toEqual(
      [u.id, gone.id].sort(),
    );
    expect((await env.store.users.search('@' + p.toUpperCase(), { limit: 10, allowEmails: false })).map((x) => x.id)).toEqual([u.id]);
    expect(await env.store.users.search(`${p}mail`, { limit: 10, allowEmails: false })).toEqual([]);
    expect((await env.store.users.search(`${p}mail`, { limit: 10, allowEmails: true })).map((x) => x.id)).toEqual([u.id]);
    // LIKE wildcards in the term are literal.
    expect(await env.store.users.search('%', { limit: 10, allowEmails: true })).toEqual([]);
    expect(await env.store.users.search('_', { limit: 10, allowEmails: true })).toEqual([]);
  });
});
