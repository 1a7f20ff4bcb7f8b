// Store contract: teams — save/get by id/name/invite id, unique names, listing order and open-only, members and soft delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../store.ts';
import { makeTeam, makeUser, openStore, rejects, tag, teamMemberRow, type StoreEnv } from './fixtures.ts';

let env: StoreEnv;
beforeAll(async () => {
  env = await openStore();
});
afterAll(async () => env?.close());

describe('team store', () => {
  it('saves and gets a team by id, name and invite id', async () => {
    const t = makeTeam({ description: 'd', allow_open_invite: true });
    await env.store.teams.save(t);
    expect(await env.store.teams.get(t.id)).toEqual(t);
    expect((await env.store.teams.getByName(t.name))?.id).toBe(t.id);
    expect((await env.store.teams.getByInviteId(t.invite_id))?.id).toBe(t.id);
    expect(await env.store.teams.get('y'.repeat(26))).toBeUndefined();
    expect(await env.store.teams.getByName('missing-' + tag())).toBeUndefined();
  });

  it('refuses a duplicate name and writes nothing', async () => {
    const t = makeTeam();
    await env.store.teams.save(t);
    const err = await rejects(env.store.teams.save(makeTeam({ name: t.name })));
    expect(isUniqueViolation(err)).toBe(true);
    expect((await env.store.teams.search(t.name, {})).length).toBe(1);
  });

  it('updates a team', async () => {
    const t = makeTeam();
    await env.store.teams.save(t);
    await env.store.teams.update({ ...t, display_name: 'Renamed', invite_id: 'i'.repeat(26) });
    const got = await env.store.teams.get(t.id);
    expect(got?.display_name).toBe('Renamed');
    expect((await env.store.teams.getByInviteId('i'.repeat(26)))?.id).toBe(t.id);
  });

  it('lists teams by display name, open-only when asked, skipping deleted ones, with counts', async () => {
    const fresh = await openStore();
    try {
      const s = fresh.store;
      const b2 = makeTeam({ display_name: 'Bravo', allow_open_invite: true });
      const a = makeTeam({ display_name: 'Alpha', allow_open_invite: false });
      const c = makeTeam({ display_name: 'Charlie', allow_open_invite: true });
      const gone = makeTeam({ display_name: 'Aardvark', allow_open_invite: true, delete_at: Date.now() });
      for (const t of [b2, a, c, gone]) await s.teams.save(t);
      expect((await s.teams.list({ offset: 0, limit: 10 })).map((t) => t.display_name)).toEqual(['Alpha', 'Bravo', 'Charlie']);
      expect((await s.teams.list({ offset: 0, limit: 10, openOnly: true })).map((t) => t.display_name)).toEqual(['Bravo', 'Charlie']);
      expect((await s.teams.list({ offset: 1, limit: 1 })).map((t) => t.display_name)).toEqual(['Bravo']);
      expect(await s.teams.count({})).toBe(3);
      expect(await s.teams.count({ openOnly: true })).toBe(2);
    } finally {
      await fresh.close();
    }
  });

  it('keeps members: upsert, list ordered, count, soft delete and rejoin', async () => {
    const t = makeTeam();
    await env.store.teams.save(t);
    const users = [makeUser(), makeUser(), makeUser()];
    for (const u of users) {
      await env.store.users.save(u);
      await env.store.teams.saveMember(teamMemberRow(t.id, u.id, { roles: 'team_user' }));
    }
    // Saving again is an upsert, not a duplicate.
    await env.store.teams.saveMember(teamMemberRow(t.id, users[0].id, { roles: 'team_user team_admin', scheme_admin: 1 }));
    const m0 = await env.store.teams.getMember(t.id, users[0].id);
    expect(m0?.scheme_admin).toBe(true);
    const members = await env.store.teams.listMembers(t.id, { offset: 0, limit: 10 });
    expect(members.map((m) => m.user_id)).toEqual(users.map((u) => u.id).sort());
    expect(await env.store.teams.countMembers(t.id)).toBe(3);
    const some = await env.store.teams.listMembers(t.id, { offset: 0, limit: 10, userIds: [users[1].id] });
    expect(some.map((m) => m.user_id)).toEqual([users[1].id]);

    await env.store.teams.softDeleteMember(t.id, users[1].id, Date.now());
    expect((await env.store.teams.getMember(t.id, users[1].id))?.delete_at).toBeGreaterThan(0);
    expect((await env.store.teams.listMembers(t.id, { offset: 0, limit: 10 })).map((m) => m.user_id)).not.toContain(users[1].id);
    expect(await env.store.teams.countMembers(t.id)).toBe(2);
    expect(await env.store.teams.memberUserIds(t.id)).not.toContain(users[1].id);
    expect((await env.store.teams.listForUser(users[1].id)).map((x) => x.id)).not.toContain(t.id);

    await env.store.teams.saveMember(teamMemberRow(t.id, users[1].id, { roles: 'team_user' }));
    expect((await env.store.teams.getMember(t.id, users[1].id))?.delete_at).toBe(0);
    expect((await env.store.teams.listForUser(users[1].id)).map((x) => x.id)).toEqual([t.id]);
    expect((await env.store.teams.listMembersForUser(users[1].id)).map((m) => m.team_id)).toEqual([t.id]);

    // Deactivated users count only when not asking for active ones.
    await env.store.users.update({ ...users[2], delete_at: Date.now() });
    expect(await env.store.teams.countMembers(t.id, true)).toBe(2);
    expect(await env.store.teams.countMembers(t.id)).toBe(3);
  });

  it('rolls back every write of a failed transaction', async () => {
    const t = makeTeam();
    const dupe = makeTeam({ name: t.name });
    const err = await rejects(
      env.store.tx(async (s) => {
        await s.teams.save(t);
        await s.teams.save(dupe);
      }),
    );
    expect(isUniqueViolation(err)).toBe(true);
    expect(await env.store.teams.get(t.id)).toBeUndefined();
  });
});
