// /api/v4/users/{id}/preferences through Client4: save, list, by category and name, delete, events, permissions.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PreferenceType } from '@mattermost/types/preferences';
import { fails, useServer, type TestEnv } from '../../test/helper.ts';

const t = useServer();
let admin: Awaited<ReturnType<TestEnv['newUser']>>;
let alice: Awaited<ReturnType<TestEnv['newUser']>>;
let bob: Awaited<ReturnType<TestEnv['newUser']>>;
beforeAll(async () => {
  admin = await t.env.newUser('admin');
  alice = await t.env.newUser('alice');
  bob = await t.env.newUser('bob');
});

const pref = (user_id: string, category: string, name: string, value: string): PreferenceType => ({ user_id, category, name, value });
const auth = (token: string) => ({ authorization: 'Bearer ' + token, 'content-type': 'application/json' });

describe('preferences', () => {
  it('saves preferences (preferences_changed to the user only) and lists them', async () => {
    const mine = await t.env.ws(alice.client);
    const theirs = await t.env.ws(bob.client);
    const prefs = [
      pref(alice.user.id, 'display_settings', 'use_military_time', 'true'),
      pref(alice.user.id, 'theme', '', '{"type":"Onyx"}'),
    ];
    await alice.client.savePreferences(alice.user.id, prefs);
    const ev = await mine.next('preferences_changed');
    expect(ev.broadcast.user_id).toBe(alice.user.id);
    expect(JSON.parse(ev.data.preferences)).toEqual(expect.arrayContaining(prefs));
    // bob receives nothing about alice's preferences; a later event of his own proves the queue was flushed.
    await bob.client.savePreferences(bob.user.id, [pref(bob.user.id, 'x', 'y', 'z')]);
    await theirs.next('preferences_changed');
    expect(theirs.events.filter((e) => e.event === 'preferences_changed').length).toBe(1);
    mine.close();
    theirs.close();

    const list = (await alice.client.getMyPreferences()) as unknown as PreferenceType[];
    expect(list).toEqual(expect.arrayContaining(prefs));
    const res = await fetch(`${t.env.url}/api/v4/users/${alice.user.id}/preferences/display_settings`, {
      headers: auth(alice.client.getToken()),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([prefs[0]]);
    const one = await fetch(`${t.env.url}/api/v4/users/me/preferences/display_settings/name/use_military_time`, {
      headers: auth(alice.client.getToken()),
    });
    expect(await one.json()).toEqual(prefs[0]);
  });

  it('overwrites a preference on save', async () => {
    await alice.client.savePreferences(alice.user.id, [pref(alice.user.id, 'display_settings', 'use_military_time', 'false')]);
    const list = (await alice.client.getMyPreferences()) as unknown as PreferenceType[];
    expect(list.filter((p) => p.category === 'display_settings' && p.name === 'use_military_time')).toEqual([
      pref(alice.user.id, 'display_settings', 'use_military_time', 'false'),
    ]);
  });

  it('deletes preferences with preferences_deleted', async () => {
    const ws = await t.env.ws(alice.client);
    const p = pref(alice.user.id, 'favorite_channel', 'c'.repeat(26), 'true');
    await alice.client.savePreferences(alice.user.id, [p]);
    await alice.client.deletePreferences(alice.user.id, [p]);
    const ev = await ws.next('preferences_deleted');
    expect(JSON.parse(ev.data.preferences)).toEqual([p]);
    ws.close();
    const list = (await alice.client.getMyPreferences()) as unknown as PreferenceType[];
    expect(list.find((x) => x.category === 'favorite_channel')).toBeUndefined();
  });

  it('refuses another user’s preferences to non-admins, and lets an admin read them', async () => {
    const read = await fails(bob.client.getUserPreferences(alice.user.id));
    expect(read.status_code).toBe(403);
    expect(read.server_error_id).toBe('api.context.permissions.app_error');
    const write = await fails(bob.client.savePreferences(alice.user.id, [pref(alice.user.id, 'a', 'b', 'c')]));
    expect(write.status_code).toBe(403);
    // Saving to your own URL a preference that names someone else is refused too.
    const smuggle = await fails(bob.client.savePreferences(bob.user.id, [pref(alice.user.id, 'a', 'b', 'c')]));
    expect(smuggle.status_code).toBe(403);
    const del = await fails(bob.client.deletePreferences(alice.user.id, [pref(alice.user.id, 'theme', '', '')]));
    expect(del.status_code).toBe(403);
    const byAdmin = await admin.client.getUserPreferences(alice.user.id);
    expect(byAdmin.some((p) => p.category === 'theme')).toBe(true);
  });

  it('refuses bad input with 400 and a missing preference with 404', async () => {
    const empty = await fails(alice.client.savePreferences(alice.user.id, []));
    expect(empty.status_code).toBe(400);
    expect(empty.server_error_id).toBe('api.context.invalid_body_param.app_error');
    const noCategory = await fails(alice.client.savePreferences(alice.user.id, [pref(alice.user.id, '', 'n', 'v')]));
    expect(noCategory.status_code).toBe(400);
    const longName = await fails(alice.client.savePreferences(alice.user.id, [pref(alice.user.id, 'c', 'n'.repeat(100), 'v')]));
    expect(longName.status_code).toBe(400);
    const notArray = await fetch(`${t.env.url}/api/v4/users/me/preferences`, {
      method: 'PUT',
      headers: auth(alice.client.getToken()),
      body: '{"a":1}',
    });
    expect(notArray.status).toBe(400);
    const badUser = await fails(alice.client.getUserPreferences('bad'));
    expect(badUser.status_code).toBe(400);
    const missing = await fetch(`${t.env.url}/api/v4/users/me/preferences/nothing/name/here`, { headers: auth(alice.client.getToken()) });
    expect(missing.status).toBe(404);
    expect(await alice.client.getMyPreferences()).not.toContainEqual(expect.objectContaining({ category: '' }));
  });
});
