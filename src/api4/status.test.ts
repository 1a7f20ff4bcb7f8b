// Status API: by ids, single, manual set with dnd, and the rules on whose status one may set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fails, initBasic, setup, type Basic, type TestEnv } from '../../test/helper.ts';

let env: TestEnv;
let th: Basic;
beforeAll(async () => {
  env = await setup();
  th = await initBasic(env);
});
afterAll(async () => env?.close());

describe('status', () => {
  it('reports unknown users offline and sets a manual dnd with its end time', async () => {
    const list = await th.user.client.getStatusesByIds([th.user2.user.id]);
    expect(list).toEqual([expect.objectContaining({ user_id: th.user2.user.id, status: 'offline' })]);
    const ws = await env.ws(th.user2.client);
    const end = Math.floor(Date.now() / 1000) + 3600;
    const set = await th.user2.client.updateStatus({ user_id: th.user2.user.id, status: 'dnd', dnd_end_time: end } as never);
    expect(set).toMatchObject({ user_id: th.user2.user.id, status: 'dnd', manual: true, dnd_end_time: end - (end % 60) });
    await ws.next('status_change', (e) => e.data.status === 'dnd');
    expect((await th.user.client.getStatus(th.user2.user.id)).status).toBe('dnd');
    expect((await th.user.client.getStatusesByIds([th.user2.user.id]))[0].status).toBe('dnd');
  });

  it('refuses bad input and other users', async () => {
    const me = th.user.user.id;
    expect((await fails(th.user.client.updateStatus({ user_id: me, status: 'sleeping' } as never))).status_code).toBe(400);
    expect((await fails(th.user.client.updateStatus({ user_id: th.user2.user.id, status: 'away' } as never))).status_code).toBe(403);
    expect((await fails(th.user.client.getStatusesByIds(['x']))).status_code).toBe(400);
    await th.admin.client.updateStatus({ user_id: me, status: 'away' } as never);
    expect((await th.user.client.getStatus(me)).status).toBe('away');
  });
});
