// Presence over the websocket and REST through @mattermost/client: typing, status from activity, status_change to
// the user only, away after inactivity, and DND that expires back to the previous status.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@mattermost/types/posts';
import type { UserStatus } from '@mattermost/types/users';
import { useBasic, type WsRecorder } from '../../test/helper.ts';
import { expireDndStatuses } from '../app/presence.ts';
import { getStatus, setStatus } from '../app/status.ts';
import { statusRow } from '../../test/db.ts';

const t = useBasic();

type Reply = { status: string; seq_reply: number; data?: Record<string, string>; error?: { id: string } };
/** The reply to a request: @mattermost/client types its response callbacks as taking no argument. */
const reply = (send: (cb: () => void) => void) => new Promise<Reply>((resolve) => send(resolve as unknown as () => void));
const status = async (userId: string) => (await t.basic.admin.client.getStatus(userId)).status;

/** Waits for `fn` to hold, checking after each event-loop turn (bounded), for state changed by a socket closing. */
async function eventually(fn: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition never held');
}

describe('typing', () => {
  it('sends typing with parent_id to the other members of the channel, never to the sender', async () => {
    const sender = await t.env.ws(t.basic.user.client);
    const other = await t.env.ws(t.basic.user2.client);
    const root = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'typing root' } as Post);
    const ok = await reply((cb) => sender.client.userTyping(t.basic.channel.id, root.id, cb));
    expect(ok).toMatchObject({ status: 'OK' });
    const ev = await other.next('typing', (e) => e.data.user_id === t.basic.user.user.id);
    expect(ev.data).toEqual({ parent_id: root.id, user_id: t.basic.user.user.id });
    expect(ev.broadcast.channel_id).toBe(t.basic.channel.id);
    expect(ev.broadcast.omit_users).toEqual({ [t.basic.user.user.id]: true });
    // Events reach a socket in order: once the later post arrives, a typing event for the sender would have too.
    const marker = await t.basic.user2.client.createPost({ channel_id: t.basic.channel.id, message: 'after typing' } as Post);
    await sender.next('posted', (e) => JSON.parse(e.data.post).id === marker.id);
    expect(sender.has('typing')).toBe(false);
  });

  it('refuses typing in a channel the user cannot post in', async () => {
    const outsider = await t.env.newUser('outsider');
    const ws = await t.env.ws(outsider.client);
    const r = await reply((cb) => ws.client.userTyping(t.basic.privateChannel.id, '', cb));
    expect(r).toMatchObject({ status: 'FAIL', error: { id: 'api.websocket_handler.invalid_param.app_error' } });
  });
});

describe('status', () => {
  let uws: WsRecorder;
  let u2ws: WsRecorder;
  beforeAll(async () => {
    uws = await t.env.ws(t.basic.user.client);
    u2ws = await t.env.ws(t.basic.user2.client);
  });

  it('is online while connected and answers get_statuses_by_ids', async () => {
    expect(await status(t.basic.user.user.id)).toBe('online');
    const r = await reply((cb) =>
      uws.client.sendMessage('get_statuses_by_ids', { user_ids: [t.basic.user.user.id, t.basic.admin.user.id] }, cb),
    );
    expect(r.data).toEqual({ [t.basic.user.user.id]: 'online', [t.basic.admin.user.id]: 'offline' });
    const bad = await reply((cb) => uws.client.sendMessage('user_update_active_status', { manual: false }, cb));
    expect(bad).toMatchObject({ status: 'FAIL', error: { id: 'api.websocket_handler.invalid_param.app_error' } });
  });

  it('goes away only after UserStatusAwayTimeout of inactivity unless set manually, with status_change to the user only', async () => {
    await reply((cb) => uws.client.userUpdateActiveStatus(false, false, cb));
    expect(await status(t.basic.user.user.id)).toBe('online');

    await reply((cb) => uws.client.userUpdateActiveStatus(false, true, cb));
    expect(await status(t.basic.user.user.id)).toBe('away');
    const ev = await uws.next('status_change', (e) => e.data.status === 'away');
    expect(ev.data).toEqual({ status: 'away', user_id: t.basic.user.user.id });
    expect(ev.broadcast.user_id).toBe(t.basic.user.user.id);

    // A manual away is not undone by automatic activity, only by the user.
    await reply((cb) => uws.client.userUpdateActiveStatus(true, false, cb));
    expect(await status(t.basic.user.user.id)).toBe('away');
    await reply((cb) => uws.client.userUpdateActiveStatus(true, true, cb));
    expect(await status(t.basic.user.user.id)).toBe('online');
    await uws.next('status_change', (e) => e.data.status === 'online' && e.seq > ev.seq);

    t.env.config.TeamSettings.UserStatusAwayTimeout = 0;
    try {
      await reply((cb) => uws.client.userUpdateActiveStatus(false, false, cb));
      expect(await status(t.basic.user.user.id)).toBe('away');
      await reply((cb) => uws.client.userUpdateActiveStatus(true, false, cb));
      expect(await status(t.basic.user.user.id)).toBe('online');
    } finally {
      t.env.config.TeamSettings.UserStatusAwayTimeout = 300;
    }

    const marker = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'status marker' } as Post);
    await u2ws.next('posted', (e) => JSON.parse(e.data.post).id === marker.id);
    expect(u2ws.has('status_change', (e) => e.data.user_id === t.basic.user.user.id)).toBe(false);
  });

  it('ends a timed DND at dnd_end_time, back to the status before it', async () => {
    const nowSec = Math.floor(Date.now() / 1000);
    await t.basic.user.client.updateStatus({ user_id: t.basic.user.user.id, status: 'away', manual: true } as UserStatus);
    const set = await t.basic.user.client.updateStatus({
      user_id: t.basic.user.user.id,
      status: 'dnd',
      dnd_end_time: nowSec + 120,
    } as UserStatus);
    expect(set.status).toBe('dnd');
    expect(set.dnd_end_time).toBe(nowSec + 120 - ((nowSec + 120) % 60));

    expect(await expireDndStatuses(t.env.server.ctx, Date.now())).toEqual([]);
    expect(await status(t.basic.user.user.id)).toBe('dnd');

    const seen = uws.events.length;
    const expired = await expireDndStatuses(t.env.server.ctx, (nowSec + 180) * 1000);
    expect(expired.map((s) => [s.user_id, s.status])).toEqual([[t.basic.user.user.id, 'away']]);
    const ev = await uws.next('status_change', (e) => e.data.status === 'away' && uws.events.indexOf(e) >= seen);
    expect(ev.broadcast.user_id).toBe(t.basic.user.user.id);
    const after = await t.basic.admin.client.getStatus(t.basic.user.user.id);
    expect(after).toMatchObject({ status: 'away', dnd_end_time: 0, manual: false });
    // Already expired: a second sweep changes nothing.
    expect(await expireDndStatuses(t.env.server.ctx, (nowSec + 240) * 1000)).toEqual([]);
  });

  it('keeps an untimed DND', async () => {
    await t.basic.user2.client.updateStatus({ user_id: t.basic.user2.user.id, status: 'dnd', dnd_end_time: 0 } as UserStatus);
    expect(await expireDndStatuses(t.env.server.ctx, Date.now() + 10 * 86_400_000)).toEqual([]);
    expect(await status(t.basic.user2.user.id)).toBe('dnd');
  });

  it('goes offline when the last connection closes', async () => {
    const c = await t.env.newUser('leaver');
    const a1 = await t.env.ws(c.client);
    const a2 = await t.env.ws(c.client);
    // The first socket's online write is not awaited before its hello: on a loaded machine it may land just after.
    await eventually(async () => (await status(c.user.id)) === 'online');
    a1.close();
    a2.close();
    await eventually(async () => (await status(c.user.id)) === 'offline');
  });

  it('writes an unchanged automatic status to the store at most every StatusMinUpdateTime, a change at once', async () => {
    const c = await t.env.newUser('quiet');
    const ctx = t.env.server.ctx;
    const first = await setStatus(ctx, c.user.id, 'online', { manual: false });
    expect((await statusRow(t.env, c.user.id))?.last_activity_at).toBe(first.last_activity_at);
    // A later millisecond, so a second write would show.
    while (Date.now() === first.last_activity_at) await new Promise((r) => setImmediate(r));
    const again = await setStatus(ctx, c.user.id, 'online', { manual: false });
    expect(again.last_activity_at).toBeGreaterThan(first.last_activity_at);
    expect((await getStatus(ctx, c.user.id)).last_activity_at).toBe(again.last_activity_at);
    expect(await statusRow(t.env, c.user.id)).toMatchObject({ status: 'online', last_activity_at: first.last_activity_at });
    await setStatus(ctx, c.user.id, 'offline', { manual: false });
    expect(await statusRow(t.env, c.user.id)).toMatchObject({ status: 'offline' });
  });
});
