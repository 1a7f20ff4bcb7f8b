// ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages=false: joining and leaving a team leaves no system posts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Team } from '@mattermost/types/teams';
import { setup, uniq, type TestEnv } from '../../test/helper.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await setup((c) => {
    c.ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages = false;
  });
});
afterAll(async () => env?.close());

it('adds and removes team members without join/leave posts', async () => {
  const a = await env.newUser('jl');
  const b = await env.newUser('jl');
  const team = await a.client.createTeam({ name: uniq('t'), display_name: 'Quiet', type: 'O' } as Team);
  await a.client.addToTeam(team.id, b.user.id);
  await b.client.removeFromTeam(team.id, b.user.id);
  const town = await a.client.getChannelByName(team.id, 'town-square');
  const posts = await a.client.getPosts(town.id);
  expect(Object.values(posts.posts).map((p) => p.type)).toEqual([]);
  const members = await a.client.getChannelMembers(town.id);
  expect(members.map((m) => m.user_id)).toEqual([a.user.id]);
});
