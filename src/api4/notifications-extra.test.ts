// Notification details Mattermost's clients rely on: `should_ack` on `posted` events for sockets opened with
// `posted_ack=true` (and the `posted_notify_ack` action), the receipt of an id-loaded push on POST /notifications/ack,
// and EmailSettings.EmailBatchingBufferSize bounding a digest.
import { describe, expect, it } from 'vitest';
import { WebSocketClient, type Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { useBasic, WsRecorder, type WsEventMsg } from '../../test/helper.ts';
import { useNotifySinks, waitUntil } from '../../test/notify-sinks.ts';

const sinks = useNotifySinks();
const t = useBasic((c) => sinks.configure(c));

interface Member {
  client: Client4;
  user: UserProfile;
}

async function member(prefix: string): Promise<Member> {
  const m = await t.env.newUser(prefix);
  await t.basic.user.client.addToTeam(t.basic.team.id, m.user.id);
  await t.basic.user.client.addToChannel(m.user.id, t.basic.channel.id);
  return m;
}

const sockets: WsRecorder[] = [];
/** A socket for `m`, opened as Mattermost's clients open it, with or without `posted_ack=true`. */
async function socket(m: Member, postedAck: boolean): Promise<WsRecorder> {
  const wsc = new WebSocketClient();
  const rec = new WsRecorder(wsc);
  const hello = rec.next('hello');
  wsc.initialize(t.env.url.replace('http', 'ws') + '/api/v4/websocket', m.client.getToken(), postedAck);
  await hello;
  sockets.push(rec);
  return rec;
}

const postedWith = (id: string) => (e: WsEventMsg) => (JSON.parse(e.data.post as string) as { id: string }).id === id;

describe('should_ack on posted events', () => {
  it('flags what the user should be notified of, only on sockets that asked, and accepts the ack', async () => {
    try {
      const poster = t.basic.user;
      const mentioned = await member('acka');
      const all = await member('ackb');
      const quiet = await member('ackc');
      await all.client.patchMe({ notify_props: { ...all.user.notify_props, desktop: 'all' } } as Partial<UserProfile>);
      const posterWs = await socket(poster, true);
      const mentionedWs = await socket(mentioned, true);
      const mentionedPlain = await socket(mentioned, false);
      const allWs = await socket(all, true);
      const quietWs = await socket(quiet, true);

      const p = await poster.client.createPost({ channel_id: t.basic.channel.id, message: `hi @${mentioned.user.username}` } as never);
      const got = async (r: WsRecorder) => (await r.next('posted', postedWith(p.id))).data.should_ack;
      expect(await got(mentionedWs)).toBe(true);
      expect(await got(allWs)).toBe(true);
      expect(await got(mentionedPlain)).toBeUndefined();
      expect(await got(quietWs)).toBeUndefined();
      expect(await got(posterWs)).toBeUndefined();

      // The channel's own level counts: muted to "none" for desktop, the all-activity user is no longer asked.
      await all.client.updateChannelNotifyProps({
        channel_id: t.basic.channel.id,
        user_id: all.user.id,
        desktop: 'none',
      } as never);
      const p2 = await poster.client.createPost({ channel_id: t.basic.channel.id, message: 'no mention here' } as never);
      expect((await allWs.next('posted', postedWith(p2.id))).data.should_ack).toBeUndefined();

      // Every DM post is acknowledged by its receiver.
      const dm: Channel = await poster.client.createDirectChannel([poster.user.id, quiet.user.id]);
      const d = await poster.client.createPost({ channel_id: dm.id, message: 'a direct word' } as never);
      expect((await quietWs.next('posted', postedWith(d.id))).data.should_ack).toBe(true);
      expect((await posterWs.next('posted', postedWith(d.id))).data.should_ack).toBeUndefined();

      // The acknowledgement itself is answered OK.
      const reply = await new Promise<{ status: string }>((resolve) =>
        quietWs.client.sendMessage(
          'posted_notify_ack',
          { post_id: d.id, user_agent: 'test', status: 'success', reason: '', data: '' },
          (msg: { status: string }) => resolve(msg),
        ),
      );
      expect(reply.status).toBe('OK');
    } finally {
      for (const s of sockets.splice(0)) s.close();
    }
  });
});

describe('mentions on posted events', () => {
  it('name only the reader, and are left out for a reader who is not mentioned (add_mentions)', async () => {
    try {
      const a = await member('mna');
      const b = await member('mnb');
      const other = await member('mnc');
      const [aWs, bWs, otherWs] = [await socket(a, false), await socket(b, true), await socket(other, false)];
      const p = await t.basic.user.client.createPost({
        channel_id: t.basic.channel.id,
        message: `hello @${a.user.username} and @${b.user.username}`,
      } as never);
      const data = async (r: WsRecorder) => (await r.next('posted', postedWith(p.id))).data;
      expect(JSON.parse((await data(aWs)).mentions as string)).toEqual([a.user.id]);
      const forB = await data(bWs);
      expect(JSON.parse(forB.mentions as string)).toEqual([b.user.id]);
      expect(forB.should_ack).toBe(true);
      const forOther = await data(otherWs);
      expect(forOther.mentions).toBeUndefined();
      expect(JSON.parse(forOther.post as string)).toMatchObject({ id: p.id, message: p.message });
      expect(forOther.channel_name).toBe(t.basic.channel.name);
    } finally {
      for (const s of sockets.splice(0)) s.close();
    }
  });
});

describe('POST /notifications/ack for an id-loaded push', () => {
  const ack = (m: Member, body: unknown) =>
    fetch(`${t.env.url}/api/v4/notifications/ack`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${m.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('forwards the receipt; the message is not available here (302), and only for a post the user may read', async () => {
    const m = await member('idl');
    const p = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'id loaded' } as never);
    const res = await ack(m, { id: 'idl1', platform: 'ios', type: 'message', post_id: p.id, is_id_loaded: true });
    expect(res.status).toBe(302);
    expect(((await res.json()) as { id: string }).id).toBe('api.system.id_loaded.not_available.app_error');
    expect(sinks.proxy.acks.find((a) => a.id === 'idl1')).toMatchObject({ post_id: p.id, is_id_loaded: true });

    const hidden = await t.basic.user.client.createPost({ channel_id: t.basic.privateChannel.id, message: 'private' } as never);
    const denied = await ack(m, { id: 'idl2', platform: 'ios', type: 'message', post_id: hidden.id, is_id_loaded: true });
    expect(denied.status).toBe(403);
    const gone = await ack(m, { id: 'idl3', platform: 'ios', type: 'message', post_id: 'x'.repeat(26), is_id_loaded: true });
    expect(gone.status).toBe(404);

    // No message to fetch: an empty 200.
    const clear = await ack(m, { id: 'idl4', platform: 'ios', type: 'clear', post_id: '', is_id_loaded: true });
    expect(clear.status).toBe(200);
    expect(await clear.text()).toBe('');
  });
});

describe('EmailSettings.EmailBatchingBufferSize', () => {
  it('a full digest sends the next notification on its own at once', async () => {
    const m = await member('buf');
    await m.client.savePreferences(m.user.id, [{ user_id: m.user.id, category: 'notifications', name: 'email_interval', value: '3600' }]);
    const store = t.env.server.ctx.store;
    const digestJobs = async () =>
      (
        await store.db
          .selectFrom('notification_jobs')
          .select('id')
          .where('user_id', '=', m.user.id)
          .where('kind', '=', 'email')
          .where('batch', '=', 'digest')
          .execute()
      ).length;
    const mails = () => sinks.smtp.messages.filter((x) => x.to.includes(m.user.email));
    t.env.config.EmailSettings.EnableEmailBatching = true;
    t.env.config.EmailSettings.EmailBatchingBufferSize = 2;
    try {
      const say = (text: string) =>
        t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: `${text} @${m.user.username}` } as never);
      // One at a time, so each post is sorted after the previous one joined the digest.
      await say('buffered one');
      await waitUntil(async () => (await digestJobs()) === 1, 'the first digest entry');
      await say('buffered two');
      await waitUntil(async () => (await digestJobs()) === 2, 'the second digest entry');
      await say('overflow three');
      await waitUntil(() => mails().length > 0, 'the overflow mail');
      const [mail] = mails();
      expect(mail.text).toContain('overflow three');
      expect(mail.text).not.toContain('buffered one');
      expect(mail.subject).not.toMatch(/New Notifications for/);
      expect(await digestJobs()).toBe(2);
    } finally {
      t.env.config.EmailSettings.EnableEmailBatching = false;
      t.env.config.EmailSettings.EmailBatchingBufferSize = 256;
    }
  });
});
