// /api/v4/websocket: authentication (header, cookie, challenge), hello and seq, ping, resume and replay, typing, fan-out rules.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Post } from '@mattermost/types/posts';
import { useBasic } from '../../test/helper.ts';

const t = useBasic();

type Msg = Record<string, any>;

/** A raw websocket that records every frame, for checks the Mattermost client library hides (seq, replies, hello). */
class RawWs {
  readonly msgs: Msg[] = [];
  closed: Promise<number>;
  private waiters: Array<{ pred: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
  private seq = 1;
  readonly ws: WebSocket;
  constructor(query = '', headers: Record<string, string> = {}) {
    this.ws = new WebSocket(t.env.url.replace('http', 'ws') + '/api/v4/websocket' + query, { headers });
    this.ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Msg;
      this.msgs.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => resolve(code)));
    this.ws.on('error', () => undefined);
  }
  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.ws.readyState === WebSocket.OPEN) return resolve();
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }
  next(pred: (m: Msg) => boolean, ms = 5000): Promise<Msg> {
    const found = this.msgs.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const w = { pred, resolve };
      this.waiters.push(w);
      setTimeout(() => reject(new Error('no matching frame; got ' + JSON.stringify(this.msgs.map((x) => x.event ?? x.seq_reply)))), ms);
    });
  }
  event(name: string, pred: (m: Msg) => boolean = () => true): Promise<Msg> {
    return this.next((m) => m.event === name && pred(m));
  }
  /** Sends an action and resolves with its reply. */
  async send(action: string, data: Record<string, unknown> = {}): Promise<Msg> {
    const seq = this.seq++;
    this.ws.send(JSON.stringify({ seq, action, data }));
    return this.next((m) => m.seq_reply === seq);
  }
  events(): Msg[] {
    return this.msgs.filter((m) => m.event !== undefined);
  }
  async close(): Promise<void> {
    this.ws.close();
    await this.closed;
  }
}

const bearer = (token: string) => ({ authorization: 'Bearer ' + token });

/** Waits (without asserting on time) until the hub has noticed that `userId` has no live socket. */
async function untilDisconnected(userId: string): Promise<void> {
  while (t.env.server.hub.activeConnections(userId) > 0) await new Promise((r) => setTimeout(r, 5));
}

describe('authentication and hello', () => {
  it('authenticates the upgrade by header and says hello at seq 0 with a connection id', async () => {
    const s = new RawWs('', bearer(t.basic.user.client.getToken()));
    const hello = await s.event('hello');
    expect(hello.seq).toBe(0);
    expect(hello.data.connection_id).toMatch(/^[a-z0-9]{26}$/);
    expect(hello.data.server_version).toBeTruthy();
    expect(hello.broadcast.user_id).toBe(t.basic.user.user.id);
    await s.close();
  });

  it('authenticates the upgrade by the MMAUTHTOKEN cookie', async () => {
    const s = new RawWs('', { cookie: `MMAUTHTOKEN=${t.basic.user2.client.getToken()}` });
    const hello = await s.event('hello');
    expect(hello.broadcast.user_id).toBe(t.basic.user2.user.id);
    await s.close();
  });

  it('accepts an authentication_challenge: hello, then the OK reply', async () => {
    const s = new RawWs();
    await s.opened();
    const reply = await s.send('authentication_challenge', { token: t.basic.user.client.getToken() });
    expect(reply.status).toBe('OK');
    const hello = await s.event('hello');
    expect(hello.seq).toBe(0);
    expect(s.msgs.indexOf(hello)).toBeLessThan(s.msgs.indexOf(reply));
    const pong = await s.send('ping');
    expect(pong.status).toBe('OK');
    expect(pong.data.text).toBe('pong');
    await s.close();
  });

  it('closes the socket on a bad token in the challenge, without a hello', async () => {
    const s = new RawWs();
    await s.opened();
    s.ws.send(JSON.stringify({ seq: 1, action: 'authentication_challenge', data: { token: 'x'.repeat(26) } }));
    await s.closed;
    expect(s.events()).toEqual([]);
  });

  it('answers nothing but the challenge before authentication', async () => {
    const s = new RawWs();
    await s.opened();
    s.ws.send(JSON.stringify({ seq: 99, action: 'ping' }));
    const reply = await s.send('authentication_challenge', { token: t.basic.user.client.getToken() });
    expect(reply.status).toBe('OK');
    expect(s.msgs.find((m) => m.seq_reply === 99)).toBeUndefined();
    await s.close();
  });

  it('works with Mattermost’s WebSocketClient', async () => {
    const rec = await t.env.ws(t.basic.user.client);
    const hello = await rec.next('hello');
    expect(hello.data.connection_id).toMatch(/^[a-z0-9]{26}$/);
    rec.close();
  });
});

describe('sequence and ping', () => {
  it('numbers events per connection from 0 without gaps and answers ping with pong', async () => {
    const s = new RawWs('', bearer(t.basic.user2.client.getToken()));
    await s.event('hello');
    const pong = await s.send('ping');
    expect(pong).toMatchObject({ status: 'OK', seq_reply: 1 });
    expect(pong.data.text).toBe('pong');
    for (let i = 0; i < 5; i++) await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'seq ' + i } as Post);
    await s.event('posted', (m) => JSON.parse(m.data.post).message === 'seq 4');
    const seqs = s.events().map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(seqs.length).toBeGreaterThanOrEqual(6);
    await s.close();
  });

  it('refuses an action with a bad seq and an unknown action', async () => {
    const s = new RawWs('', bearer(t.basic.user2.client.getToken()));
    await s.event('hello');
    s.ws.send(JSON.stringify({ seq: 0, action: 'ping' }));
    const bad = await s.next((m) => m.status === 'FAIL');
    expect(bad.error.id).toBe('api.web_socket_router.bad_seq.app_error');
    const unknown = await s.send('no_such_action');
    expect(unknown.status).toBe('FAIL');
    expect(unknown.error.id).toBe('api.web_socket_router.bad_action.app_error');
    await s.close();
  });
});

describe('reconnect', () => {
  it('replays the events missed while away, without a new hello', async () => {
    const token = t.basic.user2.client.getToken();
    const s = new RawWs('', bearer(token));
    const hello = await s.event('hello');
    const connId = hello.data.connection_id as string;
    await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'before drop' } as Post);
    const seen = await s.event('posted', (m) => JSON.parse(m.data.post).message === 'before drop');
    await s.close();
    await untilDisconnected(t.basic.user2.user.id);

    const missed1 = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'missed 1' } as Post);
    const missed2 = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'missed 2' } as Post);
    await t.env.server.hub.flush();

    const r = new RawWs(`?connection_id=${connId}&sequence_number=${seen.seq + 1}`, bearer(token));
    const m2 = await r.event('posted', (m) => JSON.parse(m.data.post).id === missed2.id);
    const replayed = r.events();
    expect(replayed.find((m) => m.event === 'hello')).toBeUndefined();
    expect(replayed[0].seq).toBe(seen.seq + 1);
    expect(replayed.map((m) => m.seq)).toEqual(replayed.map((_, i) => seen.seq + 1 + i));
    expect(replayed.some((m) => m.event === 'posted' && JSON.parse(m.data.post).id === missed1.id)).toBe(true);

    // Live events continue the same sequence.
    await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'after resume' } as Post);
    const live = await r.event('posted', (m) => JSON.parse(m.data.post).message === 'after resume');
    expect(live.seq).toBeGreaterThan(m2.seq);
    const all = r.events().map((m) => m.seq);
    expect(all).toEqual(all.map((_, i) => seen.seq + 1 + i));
    await r.close();
  });

  it('resumes from the given sequence number without a hello, and says a new hello when the missed events are gone', async () => {
    const u = await t.env.newUser('resumer');
    const s = new RawWs('', bearer(u.client.getToken()));
    const hello = await s.event('hello');
    const connId = hello.data.connection_id as string;
    await s.close();
    await untilDisconnected(u.user.id);
    await t.env.server.hub.flush();
    const r = new RawWs(`?connection_id=${connId}&sequence_number=1`, bearer(u.client.getToken()));
    await r.opened();
    await u.client.savePreferences(u.user.id, [{ user_id: u.user.id, category: 'c', name: 'n', value: '1' }]);
    await r.event('preferences_changed');
    // Whatever was buffered while away (a status change, say) comes first, from seq 1, then live events; no hello.
    const seqs = r.events().map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => 1 + i));
    expect(r.events().some((m) => m.event === 'hello')).toBe(false);
    await r.close();
    await untilDisconnected(u.user.id);
    // A sequence number the server never reached cannot be replayed: a new connection with a new hello.
    const far = new RawWs(`?connection_id=${connId}&sequence_number=1000`, bearer(u.client.getToken()));
    const fresh = await far.event('hello');
    expect(fresh.seq).toBe(0);
    expect(fresh.data.connection_id).not.toBe(connId);
    await far.close();
  });

  it('answers an unknown connection id with a fresh hello', async () => {
    const r = new RawWs(`?connection_id=${'z'.repeat(26)}&sequence_number=5`, bearer(t.basic.user2.client.getToken()));
    const hello = await r.event('hello');
    expect(hello.seq).toBe(0);
    expect(hello.data.connection_id).not.toBe('z'.repeat(26));
    await r.close();
  });
});

describe('typing and fan-out', () => {
  it('sends typing to the other members of the channel, not the sender', async () => {
    const sender = new RawWs('', bearer(t.basic.user.client.getToken()));
    const other = new RawWs('', bearer(t.basic.user2.client.getToken()));
    await sender.event('hello');
    await other.event('hello');
    const reply = await sender.send('user_typing', { channel_id: t.basic.channel.id, parent_id: '' });
    expect(reply.status).toBe('OK');
    const typing = await other.event('typing');
    expect(typing.data.user_id).toBe(t.basic.user.user.id);
    expect(typing.broadcast.channel_id).toBe(t.basic.channel.id);
    // A later event to both proves the sender's queue has passed the typing event.
    const p = await t.basic.user2.client.createPost({ channel_id: t.basic.channel.id, message: 'marker' } as Post);
    await sender.event('posted', (m) => JSON.parse(m.data.post).id === p.id);
    expect(sender.events().some((m) => m.event === 'typing')).toBe(false);
    const refused = await other.send('user_typing', { channel_id: t.basic.privateChannel.id });
    expect(refused.status).toBe('FAIL');
    await sender.close();
    await other.close();
  });

  it('does not send a private channel’s posted to a non-member', async () => {
    const outsider = new RawWs('', bearer(t.basic.user2.client.getToken()));
    await outsider.event('hello');
    const secret = await t.basic.user.client.createPost({ channel_id: t.basic.privateChannel.id, message: 'secret' } as Post);
    const marker = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'public marker' } as Post);
    await outsider.event('posted', (m) => JSON.parse(m.data.post).id === marker.id);
    expect(outsider.events().some((m) => m.event === 'posted' && JSON.parse(m.data.post).id === secret.id)).toBe(false);
    expect(outsider.events().some((m) => m.broadcast?.channel_id === t.basic.privateChannel.id)).toBe(false);
    await outsider.close();
  });

  it('follows membership changes: a new member gets the channel’s events, a removed one stops getting them', async () => {
    const u = await t.env.newUser('member');
    await t.basic.user.client.addToTeam(t.basic.team.id, u.user.id);
    const s = new RawWs('', bearer(u.client.getToken()));
    await s.event('hello');
    await t.basic.user.client.addToChannel(u.user.id, t.basic.privateChannel.id);
    const p1 = await t.basic.user.client.createPost({ channel_id: t.basic.privateChannel.id, message: 'welcome' } as Post);
    await s.event('posted', (m) => JSON.parse(m.data.post).id === p1.id);
    await t.basic.user.client.removeFromChannel(u.user.id, t.basic.privateChannel.id);
    await s.event('user_removed', (m) => m.data.channel_id === t.basic.privateChannel.id);
    const p2 = await t.basic.user.client.createPost({ channel_id: t.basic.privateChannel.id, message: 'after removal' } as Post);
    const marker = await t.basic.user.client.createPost({ channel_id: t.basic.townSquare.id, message: 'marker' } as Post);
    await s.event('posted', (m) => JSON.parse(m.data.post).id === marker.id);
    expect(s.events().some((m) => m.event === 'posted' && JSON.parse(m.data.post).id === p2.id)).toBe(false);
    await s.close();
  });

  it('stops team and channel events to a user removed from the team', async () => {
    const u = await t.env.newUser('teamleaver');
    await t.basic.user.client.addToTeam(t.basic.team.id, u.user.id);
    const s = new RawWs('', bearer(u.client.getToken()));
    await s.event('hello');
    await t.basic.user.client.removeFromTeam(t.basic.team.id, u.user.id);
    await s.event('leave_team', (m) => m.data.user_id === u.user.id);
    const p = await t.basic.user.client.createPost({ channel_id: t.basic.townSquare.id, message: 'after leave' } as Post);
    await t.basic.user.client.patchTeam({ id: t.basic.team.id, description: 'after leave' } as never);
    // The user's own preference event is a marker that everything earlier has been delivered.
    await u.client.savePreferences(u.user.id, [{ user_id: u.user.id, category: 'm', name: 'n', value: 'v' }]);
    await s.event('preferences_changed');
    expect(s.events().some((m) => m.event === 'posted' && JSON.parse(m.data.post).id === p.id)).toBe(false);
    expect(s.events().some((m) => m.event === 'update_team')).toBe(false);
    await s.close();
  });

  it('tells both users about a new DM with direct_added', async () => {
    const u = await t.env.newUser('dmpeer');
    const s = new RawWs('', bearer(u.client.getToken()));
    await s.event('hello');
    const dm = await t.basic.user.client.createDirectChannel([t.basic.user.user.id, u.user.id]);
    const ev = await s.event('direct_added');
    expect(ev.broadcast.channel_id).toBe(dm.id);
    const p = await t.basic.user.client.createPost({ channel_id: dm.id, message: 'psst' } as Post);
    const posted = await s.event('posted', (m) => JSON.parse(m.data.post).id === p.id);
    expect(posted.data.channel_type).toBe('D');
    await s.close();
  });

  it('sends user_updated sanitised to others and in full to admins', async () => {
    t.env.config.PrivacySettings.ShowEmailAddress = false;
    try {
      const other = new RawWs('', bearer(t.basic.user2.client.getToken()));
      const admin = new RawWs('', bearer(t.basic.admin.client.getToken()));
      await other.event('hello');
      await admin.event('hello');
      await t.basic.user.client.patchUser({ id: t.basic.user.user.id, nickname: 'renamed-' + Date.now() } as never);
      const plain = await other.event('user_updated', (m) => m.data.user.id === t.basic.user.user.id);
      expect(plain.data.user.email).toBe('');
      expect(plain.data.user.password).toBeUndefined();
      const full = await admin.event('user_updated', (m) => m.data.user.id === t.basic.user.user.id);
      expect(full.data.user.email).toBe(t.basic.user.user.email);
      expect(full.data.user.password).toBeUndefined();
      expect(other.events().filter((m) => m.event === 'user_updated').length).toBe(1);
      await other.close();
      await admin.close();
    } finally {
      t.env.config.PrivacySettings.ShowEmailAddress = true;
    }
  });

  it('carries the full broadcast object on events', async () => {
    const s = new RawWs('', bearer(t.basic.user2.client.getToken()));
    await s.event('hello');
    const p = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'broadcast' } as Post);
    const ev = await s.event('posted', (m) => JSON.parse(m.data.post).id === p.id);
    expect(Object.keys(ev.broadcast).sort()).toEqual(
      expect.arrayContaining(['channel_id', 'connection_id', 'omit_connection_id', 'omit_users', 'team_id', 'user_id']),
    );
    expect(ev.broadcast.channel_id).toBe(t.basic.channel.id);
    await s.close();
  });

  it('closes the socket when its session is revoked by logout', async () => {
    const { client } = await t.env.newUser('wslogout');
    const s = new RawWs('', bearer(client.getToken()));
    await s.event('hello');
    await client.logout();
    await s.closed;
  });
});

describe('origin of cookie-authenticated upgrades', () => {
  /** The upgrade's outcome: the hello's user, or the status and error id of the HTTP answer that refused it. */
  async function upgrade(headers: Record<string, string>): Promise<{ hello?: string; status?: number; id?: string }> {
    const s = new RawWs('', headers);
    const refused = new Promise<{ status: number; id: string }>((resolve) =>
      s.ws.on('unexpected-response', (req, res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, id: JSON.parse(body).id });
          req.destroy();
        });
      }),
    );
    const out = await Promise.race([s.event('hello').then((h) => ({ hello: h.broadcast.user_id as string })), refused]);
    if (out && 'hello' in out) await s.close();
    return out;
  }
  const cookie = () => `MMAUTHTOKEN=${t.basic.user2.client.getToken()}`;

  it('refuses a cookie upgrade from another site: no hello, 400 upgrade error', async () => {
    expect(await upgrade({ cookie: cookie(), origin: 'http://evil.example' })).toEqual({
      status: 400,
      id: 'api.web_socket.connect.upgrade.app_error',
    });
    expect(await upgrade({ cookie: cookie(), origin: 'null' })).toMatchObject({ status: 400 });
  });

  it('accepts the same origin (the Host without a SiteURL, else the SiteURL), AllowCorsFrom, and token clients', async () => {
    const host = new URL(t.env.url).host;
    expect(await upgrade({ cookie: cookie(), origin: `http://${host}` })).toEqual({ hello: t.basic.user2.user.id });
    // A token is not a browser's ambient credential: not origin-checked.
    expect(await upgrade({ ...bearer(t.basic.user.client.getToken()), origin: 'http://evil.example' })).toEqual({
      hello: t.basic.user.user.id,
    });
    t.env.config.ServiceSettings.AllowCorsFrom = 'http://friend.example http://other.example';
    t.env.config.ServiceSettings.SiteURL = 'https://chat.example';
    try {
      expect(await upgrade({ cookie: cookie(), origin: 'http://friend.example' })).toEqual({ hello: t.basic.user2.user.id });
      expect(await upgrade({ cookie: cookie(), origin: 'https://chat.example' })).toEqual({ hello: t.basic.user2.user.id });
      expect(await upgrade({ cookie: cookie(), origin: `http://${host}` })).toMatchObject({ status: 400 });
      expect(await upgrade({ cookie: cookie(), origin: 'http://evil.example' })).toMatchObject({ status: 400 });
      t.env.config.ServiceSettings.AllowCorsFrom = '*';
      expect(await upgrade({ cookie: cookie(), origin: 'http://evil.example' })).toEqual({ hello: t.basic.user2.user.id });
    } finally {
      t.env.config.ServiceSettings.AllowCorsFrom = '';
      t.env.config.ServiceSettings.SiteURL = '';
    }
  });
});

describe('slow readers', () => {
  it('drops a socket that stopped reading once its send queue is full; a reading socket still gets every event', async () => {
    const slowUser = await t.env.newUser('slowreader');
    await t.basic.user.client.addToTeam(t.basic.team.id, slowUser.user.id);
    await t.basic.user.client.addToChannel(slowUser.user.id, t.basic.channel.id);
    // A connection takes its limits when it opens: this one may queue 1 MiB beyond the socket's buffer.
    t.env.config.ServiceSettings.ParleyWebSocketSendQueueBytes = 1024 * 1024;
    const slow = new RawWs('', bearer(slowUser.client.getToken()));
    await slow.event('hello').finally(() => (t.env.config.ServiceSettings.ParleyWebSocketSendQueueBytes = 4 * 1024 * 1024));
    const reader = new RawWs('', bearer(t.basic.user2.client.getToken()));
    await reader.event('hello');
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    // 16,383 four-byte runes: about 64 KiB a frame, so the kernel's buffers fill after a few dozen posts.
    const message = '\u{1F600}'.repeat(16383);
    const posted: string[] = [];
    const post = () => t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message } as Post).then((p) => posted.push(p.id));
    while (t.env.server.hub.activeConnections(slowUser.user.id) > 0 && posted.length < 400)
      await Promise.all([post(), post(), post(), post()]);
    expect(t.env.server.hub.activeConnections(slowUser.user.id)).toBe(0);
    // Reading again, the client gets what had reached it and then the end of a connection closed without a close frame.
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await slow.closed).toBe(1006);
    expect(slow.events().length).toBeLessThan(posted.length + 1);
    await reader.event('posted', (m) => JSON.parse(m.data.post).id === posted.at(-1));
    const got = new Set(reader.events().map((m) => (m.event === 'posted' ? JSON.parse(m.data.post).id : '')));
    expect(posted.every((id) => got.has(id))).toBe(true);
    await reader.close();
  });
});

describe('frames right after authentication_challenge', () => {
  it('queues them until the challenge is settled and answers them in order', async () => {
    for (let i = 0; i < 20; i++) {
      const s = new RawWs();
      await s.opened();
      s.ws.send(JSON.stringify({ seq: 1, action: 'authentication_challenge', data: { token: t.basic.user.client.getToken() } }));
      s.ws.send(JSON.stringify({ seq: 2, action: 'ping' }));
      const pong = await s.next((m) => m.seq_reply === 2);
      expect(pong).toMatchObject({ status: 'OK', data: { text: 'pong' } });
      const replies = s.msgs.filter((m) => m.seq_reply !== undefined).map((m) => m.seq_reply);
      expect(replies).toEqual([1, 2]);
      await s.close();
    }
  });
});
