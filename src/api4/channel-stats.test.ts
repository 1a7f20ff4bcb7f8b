// POST /channels/stats/member_count through Client4: counts of joined and open channels, refusals.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import { fails, uniq, useBasic } from '../../test/helper.ts';

const t = useBasic();

describe('channel member counts', () => {
  it('counts the members of channels the user may read, open ones not joined included', async () => {
    const { admin, user, team } = t.basic;
    const open = await admin.client.createChannel({ team_id: team.id, name: uniq('open'), display_name: 'Open', type: 'O' } as Channel);
    await admin.client.addToChannel(t.basic.user2.user.id, open.id);
    const before = await user.client.getChannelsMemberCount([open.id, t.basic.townSquare.id]);
    expect(before[open.id]).toBe(2);
    expect(before[t.basic.townSquare.id]).toBe((await user.client.getChannelStats(t.basic.townSquare.id)).member_count);
    await admin.client.addToChannel(user.user.id, open.id);
    expect((await user.client.getChannelsMemberCount([open.id]))[open.id]).toBe(3);
  });

  it('refuses a private channel the user is not in, and a malformed body', async () => {
    const { admin, user, team } = t.basic;
    const priv = await admin.client.createChannel({ team_id: team.id, name: uniq('priv'), display_name: 'Priv', type: 'P' } as Channel);
    const err = await fails(user.client.getChannelsMemberCount([priv.id]));
    expect(err.status_code).toBe(403);
    const bad = await fails(user.client.getChannelsMemberCount(['not-an-id']));
    expect(bad.status_code).toBe(400);
  });
});
