// Searches treat `_` and `%` literally on both databases (SQLite needs the ESCAPE clause for that).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import { initBasic, setup, uniq, type Basic, type TestEnv } from '../../test/helper.ts';

let env: TestEnv;
let basic: Basic;
beforeAll(async () => {
  env = await setup();
  basic = await initBasic(env);
});
afterAll(async () => env?.close());

it('finds users and channels whose names contain an underscore, and only those', async () => {
  const stem = uniq('ab');
  const anon = env.client();
  const u1 = await anon.createUser({ username: `${stem}_x`, email: `${stem}1@example.com`, password: 'Passw0rd-long' } as never, '', '');
  await anon.createUser({ username: `${stem}zx`, email: `${stem}2@example.com`, password: 'Passw0rd-long' } as never, '', '');
  await basic.admin.client.addToTeam(basic.team.id, u1.id);
  const found = await basic.admin.client.searchUsers(`${stem}_`, {});
  expect(found.map((u) => u.username)).toEqual([`${stem}_x`]);

  await basic.user.client.createChannel({ team_id: basic.team.id, name: `${stem}-a_b`, display_name: 'Under_score', type: 'O' } as Channel);
  await basic.user.client.createChannel({ team_id: basic.team.id, name: `${stem}-axb`, display_name: 'Plain', type: 'O' } as Channel);
  const chans = await basic.user.client.searchChannels(basic.team.id, 'a_b');
  expect(chans.map((c) => c.name)).toEqual([`${stem}-a_b`]);
});
