// Searches treat `_` and `%` literally on both databases (SQLite needs the ESCAPE clause for that).
import { expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import { uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

it('finds users and channels whose names contain an underscore, and only those', async () => {
  const stem = uniq('ab');
  const anon = t.env.client();
  const u1 = await anon.createUser({ username: `${stem}_x`, email: `${stem}1@example.com`, password: 'Passw0rd-long' } as never, '', '');
  await anon.createUser({ username: `${stem}zx`, email: `${stem}2@example.com`, password: 'Passw0rd-long' } as never, '', '');
  await t.basic.admin.client.addToTeam(t.basic.team.id, u1.id);
  const found = await t.basic.admin.client.searchUsers(`${stem}_`, {});
  expect(found.map((u) => u.username)).toEqual([`${stem}_x`]);

  await t.basic.user.client.createChannel({
    team_id: t.basic.team.id,
    name: `${stem}-a_b`,
    display_name: 'Under_score',
    type: 'O',
  } as Channel);
  await t.basic.user.client.createChannel({ team_id: t.basic.team.id, name: `${stem}-axb`, display_name: 'Plain', type: 'O' } as Channel);
  const chans = await t.basic.user.client.searchChannels(t.basic.team.id, 'a_b');
  expect(chans.map((c) => c.name)).toEqual([`${stem}-a_b`]);
});
