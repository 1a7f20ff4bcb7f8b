// ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages=false: joining and leaving a team leaves no system posts.
import { expect, it } from 'vitest';
import type { Team } from '@mattermost/types/teams';
import { uniq, useServer } from '../../test/helper.ts';

const t = useServer((c) => {
  c.ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages = false;
});

it('adds and removes team members without join/leave posts', async () => {
  const a = await t.env.newUser('jl');
  const b = await t.env.newUser('jl');
  const team = await a.client.createTeam({ name: uniq('t'), display_name: 'Quiet', type: 'O' } as Team);
  await a.client.addToTeam(team.id, b.user.id);
  await b.client.removeFromTeam(team.id, b.user.id);
  const town = await a.client.getChannelByName(team.id, 'town-square');
  const posts = await a.client.getPosts(town.id);
  expect(Object.values(posts.posts).map((p) => p.type)).toEqual([]);
  const members = await a.client.getChannelMembers(town.id);
  expect(members.map((m) => m.user_id)).toEqual([a.user.id]);
});
