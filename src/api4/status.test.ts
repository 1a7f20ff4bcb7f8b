// Status API: by ids, single, manual set with dnd, and the rules on whose status one may set.
import { describe, expect, it } from 'vitest';
import { fails, useBasic } from '../../test/helper.ts';

const t = useBasic();

describe('status', () => {
  it('reports unknown users offline and sets a manual dnd with its end time', async () => {
    const list = await t.basic.user.client.getStatusesByIds([t.basic.user2.user.id]);
    expect(list).toEqual([expect.objectContaining({ user_id: t.basic.user2.user.id, status: 'offline' })]);
    const ws = await t.env.ws(t.basic.user2.client);
    const end = Math.floor(Date.now() / 1000) + 3600;
    const set = await t.basic.user2.client.updateStatus({ user_id: t.basic.user2.user.id, status: 'dnd', dnd_end_time: end } as never);
    expect(set).toMatchObject({ user_id: t.basic.user2.user.id, status: 'dnd', manual: true, dnd_end_time: end - (end % 60) });
    await ws.next('status_change', (e) => e.data.status === 'dnd');
    expect((await t.basic.user.client.getStatus(t.basic.user2.user.id)).status).toBe('dnd');
    expect((await t.basic.user.client.getStatusesByIds([t.basic.user2.user.id]))[0].status).toBe('dnd');
  });

  it('refuses bad input and other users', async () => {
    const me = t.basic.user.user.id;
    expect((await fails(t.basic.user.client.updateStatus({ user_id: me, status: 'sleeping' } as never))).status_code).toBe(400);
    expect((await fails(t.basic.user.client.updateStatus({ user_id: t.basic.user2.user.id, status: 'away' } as never))).status_code).toBe(
      403,
    );
    expect((await fails(t.basic.user.client.getStatusesByIds(['x']))).status_code).toBe(400);
    await t.basic.admin.client.updateStatus({ user_id: me, status: 'away' } as never);
    expect((await t.basic.user.client.getStatus(me)).status).toBe('away');
  });
});
