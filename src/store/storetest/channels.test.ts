// Store contract: channels — save/get/by name, unique (team, name), listing order and visibility, members, counters, soft delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation } from '../store.ts';
import { newMemberRow } from '../sql/channels.ts';
import type { Team } from '../../model/types.ts';
import { makeChannel, makeTeam, makeUser, openStore, rejects, tag, type StoreEnv } from './fixtures.ts';

let env: StoreEnv;
let team: Team;
beforeAll(async () => {
  env = await openStore();
  team = makeTeam();
  await env.store.teams.save(team);
});
afterAll(async () => env?.close());

describe('channel store', () => {
  it('saves and gets a channel by id and by (team, name)', async () => {
    const c = makeChannel(team.id, { header: 'h', purpose: 'p', creator_id: 'c'.repeat(26) });
    await env.store.channels.save(c);
    expect(await env.store.channels.get(c.id)).toEqual(c);
    expect((await env.store.channels.getByName(team.id, c.name))?.id).toBe(c.id);
    expect(await env.store.channels.getByName('o'.repeat(26), c.name)).toBeUndefined();
    expect((await env.store.channels.getMany([c.id, 'z'.repeat(26)])).map((x) => x.id)).toEqual([c.id]);
  });

  it('refuses a duplicate name in the same team but allows it in another team', async () => {
    const c = makeChannel(team.id);
    await env.store.channels.save(c);
    const err = await rejects(env.store.channels.save(makeChannel(team.id, { name: c.name })));
    expect(isUniqueViolation(err)).toBe(true);
    const other = makeTeam();
    await env.store.teams.save(other);
    await env.store.channels.save(makeChannel(other.id, { name: c.name }));
    expect((await env.store.channels.getByName(other.id, c.name))?.team_id).toBe(other.id);
    const renamed = makeChannel(team.id);
    await env.store.channels.save(renamed);
    expect(isUniqueViolation(await rejects(env.store.channels.update({ ...renamed, name: c.name })))).toBe(true);
  });

  it('an update changes properties but never rewinds the post counters', async () => {
    const c = makeChannel(team.id);
    await env.store.channels.save(c);
    await env.store.channels.recordPost(c.id, c.create_at + 10, true);
    await env.store.channels.recordPost(c.id, c.create_at + 20, false);
    await env.store.channels.update({ ...c, header: 'new' });
    const got = await env.store.channels.get(c.id);
    expect(got?.header).toBe('new');
    expect(got?.total_msg_count).toBe(2);
    expect(got?.total_msg_count_root).toBe(1);
    expect(got?.last_post_at).toBe(c.create_at + 20);
    expect(got?.last_root_post_at).toBe(c.create_at + 10);
    // An older post does not move last_post_at back.
    await env.store.channels.recordPost(c.id, c.create_at + 5, true);
    expect((await env.store.channels.get(c.id))?.last_post_at).toBe(c.create_at + 20);
  });

  it('lists public channels by display name, excluding private and soft-deleted ones unless asked', async () => {
    const t = makeTeam();
    await env.store.teams.save(t);
    const b2 = makeChannel(t.id, { display_name: 'Bravo' });
    const a = makeChannel(t.id, { display_name: 'Alpha' });
    const priv = makeChannel(t.id, { display_name: 'Aaa private', type: 'P' });
    const gone = makeChannel(t.id, { display_name: 'Archived', delete_at: Date.now() });
    for (const c of [b2, a, priv, gone]) await env.store.channels.save(c);
    expect((await env.store.channels.listPublic(t.id, { offset: 0, limit: 10 })).map((c) => c.display_name)).toEqual(['Alpha', 'Bravo']);
    expect((await env.store.channels.listPublic(t.id, { offset: 1, limit: 10 })).map((c) => c.display_name)).toEqual(['Bravo']);
    expect((await env.store.channels.listPublic(t.id, { offset: 0, limit: 10, deleted: true })).map((c) => c.id)).toEqual([gone.id]);
    const found = await env.store.channels.searchInTeam(t.id, 'a', { publicOnly: true, limit: 10 });
    expect(found.map((c) => c.id)).not.toContain(priv.id);
    expect(found.map((c) => c.id)).not.toContain(gone.id);
  });

  it('keeps members: save, get, list, count active users, refuse duplicates, remove', async () => {
    const c = makeChannel(team.id, { type: 'P' });
    await env.store.channels.save(c);
    const users = [makeUser(), makeUser(), makeUser()];
    for (const u of users) {
      await env.store.users.save(u);
      await env.store.channels.saveMember(newMemberRow(c.id, u.id, Date.now(), u === users[0]));
    }
    expect(isUniqueViolation(await rejects(env.store.channels.saveMember(newMemberRow(c.id, users[1].id, Date.now()))))).toBe(true);
    const m0 = await env.store.channels.getMember(c.id, users[0].id);
    expect(m0?.roles.split(' ')).toContain('channel_admin');
    expect(m0?.scheme_admin).toBe(true);
    expect((await env.store.channels.listMembers(c.id, { offset: 0, limit: 10 })).map((m) => m.user_id)).toEqual(
      users.map((u) => u.id).sort(),
    );
    expect(await env.store.channels.countMembers(c.id)).toBe(3);
    await env.store.users.update({ ...users[2], delete_at: Date.now() });
    expect(await env.store.channels.countMembers(c.id)).toBe(2);
    await env.store.channels.removeMember(c.id, users[1].id);
    expect(await env.store.channels.getMember(c.id, users[1].id)).toBeUndefined();
    expect((await env.store.channels.memberUserIds(c.id)).sort()).toEqual([users[0].id, users[2].id].sort());
  });

  it('lists a user’s channels in a team with their DMs, hiding soft-deleted ones unless asked', async () => {
    const u = makeUser();
    const v = makeUser();
    await env.store.users.save(u);
    await env.store.users.save(v);
    const mine = makeChannel(team.id, { display_name: 'Mine' });
    const archived = makeChannel(team.id, { display_name: 'Old', delete_at: Date.now() });
    const notMine = makeChannel(team.id, { display_name: 'Not mine' });
    const dm = makeChannel('', { type: 'D', name: [u.id, v.id].sort().join('__'), display_name: '' });
    for (const c of [mine, archived, notMine, dm]) await env.store.channels.save(c);
    for (const c of [mine, archived, dm]) await env.store.channels.saveMember(newMemberRow(c.id, u.id, Date.now()));
    const list = await env.store.channels.listForUser(u.id, team.id, false);
    expect(list.map((c) => c.id).sort()).toEqual([mine.id, dm.id].sort());
    const withDeleted = await env.store.channels.listForUser(u.id, team.id, true);
    expect(withDeleted.map((c) => c.id)).toContain(archived.id);
    const members = await env.store.channels.listMembersForUser(u.id, team.id);
    expect(members.map((m) => m.channel_id).sort()).toEqual([mine.id, archived.id, dm.id].sort());
    expect((await env.store.channels.getByName('', dm.name))?.id).toBe(dm.id);
  });

  it('counts mentions and catches up on view', async () => {
    const c = makeChannel(team.id);
    const u = makeUser();
    await env.store.channels.save(c);
    await env.store.users.save(u);
    await env.store.channels.saveMember(newMemberRow(c.id, u.id, Date.now()));
    await env.store.channels.recordPost(c.id, Date.now(), true);
    await env.store.channels.incrementMentions(c.id, [u.id], true);
    expect((await env.store.channels.getMember(c.id, u.id))?.mention_count).toBe(1);
    const at = Date.now();
    await env.store.channels.markViewed(c.id, u.id, at);
    const m = await env.store.channels.getMember(c.id, u.id);
    expect(m?.mention_count).toBe(0);
    expect(m?.msg_count).toBe(1);
    expect(m?.last_viewed_at).toBe(at);
    // Nothing new since: a second view leaves the row as it was; a post makes the next view count.
    await env.store.channels.markViewed(c.id, u.id, at + 10);
    expect((await env.store.channels.getMember(c.id, u.id))?.last_viewed_at).toBe(at);
    await env.store.channels.recordPost(c.id, at + 20, true);
    await env.store.channels.markViewed(c.id, u.id, at + 30);
    expect(await env.store.channels.getMember(c.id, u.id)).toMatchObject({ last_viewed_at: at + 30, msg_count: 2 });
  });

  it('removes a user from every channel of a team on leaving, but not from DMs', async () => {
    const t = makeTeam({ name: tag('leave') });
    await env.store.teams.save(t);
    const u = makeUser();
    await env.store.users.save(u);
    const a = makeChannel(t.id);
    const dm = makeChannel('', { type: 'D', name: `${u.id}__${u.id}` });
    for (const c of [a, dm]) {
      await env.store.channels.save(c);
      await env.store.channels.saveMember(newMemberRow(c.id, u.id, Date.now()));
    }
    expect(await env.store.channels.removeMemberFromTeamChannels(t.id, u.id)).toEqual([a.id]);
    expect(await env.store.channels.getMember(dm.id, u.id)).toBeDefined();
  });
});
