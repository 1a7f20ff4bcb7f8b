// Notifications end to end: who gets an e-mail (a real SMTP server) and a push (a local push proxy) for which post,
// with what content; batching, quiet hours, `clear` on read, the ack route and the channel notify_props route.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { fails, useBasic } from '../../test/helper.ts';
import type { ReceivedMail } from '../../test/smtp.ts';
import { useNotifySinks, waitUntil } from '../../test/notify-sinks.ts';
import { channelMemberRow } from '../../test/db.ts';

const sinks = useNotifySinks();

const t = useBasic((c) => {
  sinks.configure(c);
});

interface Member {
  client: Client4;
  user: UserProfile;
}

/** A new user in the basic team and channel. */
async function member(prefix = 'nt'): Promise<Member> {
  const m = await t.env.newUser(prefix);
  await t.basic.user.client.addToTeam(t.basic.team.id, m.user.id);
  await t.basic.user.client.addToChannel(m.user.id, t.basic.channel.id);
  return m;
}

function mailsTo(u: UserProfile): ReceivedMail[] {
  return sinks.smtp.messages.filter((m) => m.to.includes(u.email));
}

function pushesTo(deviceToken: string) {
  return sinks.proxy.pushes.filter((p) => p.device_id === deviceToken);
}

async function attachDevice(client: Client4, deviceId: string): Promise<void> {
  const res = await fetch(`${t.env.url}/api/v4/users/sessions/device`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${client.getToken()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ device_id: deviceId }),
  });
  expect(res.status).toBe(200);
}

let sentinel: Member | undefined;
/**
 * Waits until everything posted so far has been notified: a DM to a sentinel user is mailed after the earlier posts
 * were queued, and the queue then drains. Negative assertions ("no mail") are made after this.
 */
async function settle(): Promise<void> {
  if (!sentinel) {
    sentinel = await member('sentinel');
    // Mailed at once even while a test turns batching on.
    await sentinel.client.savePreferences(sentinel.user.id, [
      { user_id: sentinel.user.id, category: 'notifications', name: 'email_interval', value: '30' },
    ]);
  }
  const dm = await t.basic.admin.client.createDirectChannel([t.basic.admin.user.id, sentinel.user.id]);
  const before = mailsTo(sentinel.user).length;
  await t.basic.admin.client.createPost({ channel_id: dm.id, message: 'sentinel' } as never);
  await waitUntil(() => mailsTo(sentinel!.user).length > before, 'the sentinel mail');
  await waitUntil(async () => (await t.env.server.ctx.store.notifications.count()) === 0, 'an empty queue').catch(async (e) => {
    console.log(await t.env.server.ctx.store.db.selectFrom('notification_jobs').selectAll().execute());
    throw e;
  });
}

async function post(client: Client4, channelId: string, message: string, rootId = '') {
  return client.createPost({ channel_id: channelId, message, root_id: rootId } as never);
}

describe('e-mail notifications', () => {
  it('mails a mentioned offline member with Mattermost subject, link and headers; never the sender', async () => {
    const m = await member();
    const p = await post(t.basic.user.client, t.basic.channel.id, `hello @${m.user.username} look`);
    const mail = await waitFor(() => mailsTo(m.user)[0]);
    expect(mail.subject).toMatch(/^\[Parley\] Notification in Basic Team on [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    expect(mail.text).toContain(`${t.basic.user.user.username} mentioned you in a message`);
    expect(mail.text).toContain(`hello @${m.user.username} look`);
    expect(mail.text).toContain(`/landing#/${t.basic.team.name}/pl/${p.id}`);
    expect(mail.headers['message-id']).toMatch(new RegExp(`^<${p.id}@`));
    expect(mail.headers['auto-submitted']).toBe('auto-generated');
    await settle();
    expect(mailsTo(t.basic.user.user)).toHaveLength(0);
    expect(mailsTo(m.user)).toHaveLength(1);
  });

  it('@channel mails every member who allows channel mentions; the channel prop and mute exclude', async () => {
    const a = await member();
    const b = await member();
    const muted = await member();
    await b.client.patchMe({ notify_props: { ...b.user.notify_props, channel: 'false' } } as never);
    await muted.client.updateChannelNotifyProps({ channel_id: t.basic.channel.id, user_id: muted.user.id, mark_unread: 'mention' });
    await post(t.basic.user.client, t.basic.channel.id, 'all hands @channel');
    await settle();
    expect(mailsTo(a.user)).toHaveLength(1);
    expect(mailsTo(b.user)).toHaveLength(0);
    expect(mailsTo(muted.user)).toHaveLength(0);
    // A direct @mention in the muted channel still counts as a mention, but muting stops e-mail.
    await post(t.basic.user.client, t.basic.channel.id, `@${muted.user.username} ping`);
    await settle();
    expect(mailsTo(muted.user)).toHaveLength(0);
    expect((await channelMemberRow(t.env, t.basic.channel.id, muted.user.id))?.mention_count).toBe(1);
  });

  it('a DM mails the other member with the direct-message subject', async () => {
    const m = await member();
    const dm = await t.basic.user.client.createDirectChannel([t.basic.user.user.id, m.user.id]);
    await post(t.basic.user.client, dm.id, 'just between us');
    const mail = await waitFor(() => mailsTo(m.user)[0]);
    expect(mail.subject).toMatch(new RegExp(`^\\[Parley\\] New Direct Message from ${t.basic.user.user.username} on `));
    expect(mail.text).toContain('just between us');
  });

  it('skips deactivated members and online members; e-mail off in the user or channel props', async () => {
    const gone = await member();
    const online = await member();
    const off = await member();
    const chOff = await member();
    await t.basic.admin.client.updateUserActive(gone.user.id, false);
    await online.client.updateStatus({ user_id: online.user.id, status: 'online' } as never);
    await off.client.patchMe({ notify_props: { ...off.user.notify_props, email: 'false' } } as never);
    await chOff.client.updateChannelNotifyProps({ channel_id: t.basic.channel.id, user_id: chOff.user.id, email: 'false' });
    const names = [gone, online, off, chOff].map((m) => '@' + m.user.username).join(' ');
    await post(t.basic.user.client, t.basic.channel.id, `hey ${names}`);
    await settle();
    for (const m of [gone, online, off, chOff]) expect(mailsTo(m.user)).toHaveLength(0);
  });

  it('mails the root author of a thread under collapsed threads when someone replies', async () => {
    const author = await member();
    const replier = await member();
    const root = await post(author.client, t.basic.channel.id, 'a thread starts');
    await post(replier.client, t.basic.channel.id, 'a reply', root.id);
    const mail = await waitFor(() => mailsTo(author.user)[0]);
    expect(mail.text).toContain(`${replier.user.username} replied to a thread`);
    expect(mail.headers['in-reply-to']).toMatch(new RegExp(`^<${root.id}@`));
  });

  it('batches a user’s e-mails into one digest per interval', async () => {
    const m = await member();
    await m.client.savePreferences(m.user.id, [{ user_id: m.user.id, category: 'notifications', name: 'email_interval', value: '1' }]);
    t.env.config.EmailSettings.EnableEmailBatching = true;
    try {
      await post(t.basic.user.client, t.basic.channel.id, `first @${m.user.username}`);
      await post(t.basic.user.client, t.basic.channel.id, `second @${m.user.username}`);
      const mail = await waitFor(() => mailsTo(m.user)[0]).catch(async (e) => {
        console.log(await t.env.server.ctx.store.db.selectFrom('notification_jobs').selectAll().execute(), mailsTo(m.user));
        throw e;
      });
      expect(mail.subject).toMatch(/^\[Parley\] New Notifications for /);
      expect(mail.text).toContain('first @');
      expect(mail.text).toContain('second @');
      expect(mail.text).toContain(`/${t.basic.team.name}/pl/`);
      await settle();
      expect(mailsTo(m.user)).toHaveLength(1);
    } finally {
      t.env.config.EmailSettings.EnableEmailBatching = false;
    }
  });
});

/** Waits for `get` to return something (a hang guard, not an assertion on time). */
async function waitFor<T>(get: () => T | undefined, ms = 10_000): Promise<T> {
  let v: T | undefined;
  await waitUntil(() => (v = get()) !== undefined, 'a notification', ms);
  return v!;
}

describe('push notifications', () => {
  it('one post pushed to several members carries each member’s own badge', async () => {
    const a = await member();
    const b = await member();
    const [ta, tb] = ['ba' + a.user.id.slice(0, 8), 'bb' + b.user.id.slice(0, 8)];
    await attachDevice(a.client, 'android_rn-v2:' + ta);
    await attachDevice(b.client, 'android_rn-v2:' + tb);
    // b has one unread mention already; a has none.
    await post(t.basic.user.client, t.basic.channel.id, `first @${b.user.username}`);
    await sinks.proxy.waitFor((x) => x.device_id === tb && x.type === 'message' && x.badge === 1);
    const p = await post(t.basic.user.client, t.basic.channel.id, `both @${a.user.username} @${b.user.username}`);
    const pa = await sinks.proxy.waitFor((x) => x.device_id === ta && x.post_id === p.id);
    const pb = await sinks.proxy.waitFor((x) => x.device_id === tb && x.post_id === p.id);
    expect(pa.badge).toBe(1);
    expect(pb.badge).toBe(2);
  });

  it('pushes a mention to each device session with Mattermost’s payload; clear goes to other devices on read', async () => {
    const m = await member();
    const token = 'tok' + m.user.id.slice(0, 8);
    await attachDevice(m.client, 'android_rn-v2:' + token);
    const p = await post(t.basic.user.client, t.basic.channel.id, `**push** @${m.user.username}`);
    const push = await sinks.proxy.waitFor((x) => x.device_id === token && x.type === 'message');
    expect(push).toMatchObject({
      platform: 'android_rn-v2',
      post_id: p.id,
      channel_id: t.basic.channel.id,
      team_id: t.basic.team.id,
      channel_name: 'Basic Channel',
      category: 'CAN_REPLY',
      sender_id: t.basic.user.user.id,
      sender_name: t.basic.user.user.username,
      message: `${t.basic.user.user.username}: push @${m.user.username}`,
      version: 'v2',
      badge: 1,
      is_id_loaded: false,
      server_id: t.env.server.ctx.diagnosticId,
    });
    expect(push.ack_id).toMatch(/^[a-z0-9]{26}$/);
    // Read on another session: the device gets `clear` with the new badge.
    const web = t.env.client();
    await web.login(m.user.username, 'Passw0rd-' + m.user.username);
    await web.viewMyChannel(t.basic.channel.id);
    const clear = await sinks.proxy.waitFor((x) => x.device_id === token && x.type === 'clear');
    expect(clear).toMatchObject({ channel_id: t.basic.channel.id, cont_ava: 1, version: 'v2', is_crt_enabled: true });
    expect(clear.badge).toBeUndefined(); // 0, left out as Mattermost's omitempty does
  });

  it('marking a post unread sends update_badge with the new count', async () => {
    const m = await member();
    const token = 'badge' + m.user.id.slice(0, 8);
    await attachDevice(m.client, 'apple_rn-v2:' + token);
    const p = await post(t.basic.user.client, t.basic.channel.id, `badge @${m.user.username}`);
    await sinks.proxy.waitFor((x) => x.device_id === token && x.type === 'message');
    await m.client.viewMyChannel(t.basic.channel.id);
    await m.client.markPostAsUnread(m.user.id, p.id);
    const badge = await sinks.proxy.waitFor((x) => x.device_id === token && x.type === 'update_badge');
    expect(badge).toMatchObject({ badge: 1, sound: 'none', platform: 'apple_rn-v2', version: 'v2' });
  });

  it('no push for the sender, a muted channel, or push_status away while online', async () => {
    const muted = await member();
    const away = await member();
    for (const m of [muted, away]) await attachDevice(m.client, 'apple_rn-v2:q' + m.user.id.slice(0, 8));
    await muted.client.updateChannelNotifyProps({ channel_id: t.basic.channel.id, user_id: muted.user.id, mark_unread: 'mention' });
    await away.client.patchMe({ notify_props: { ...away.user.notify_props, push_status: 'away' } } as never);
    await away.client.updateStatus({ user_id: away.user.id, status: 'online' } as never);
    await attachDevice(t.basic.user.client, 'apple_rn-v2:sender' + t.basic.user.user.id.slice(0, 6));
    await post(t.basic.user.client, t.basic.channel.id, `@${muted.user.username} @${away.user.username} @${t.basic.user.user.username}`);
    await settle();
    expect(pushesTo('q' + muted.user.id.slice(0, 8))).toHaveLength(0);
    expect(pushesTo('q' + away.user.id.slice(0, 8))).toHaveLength(0);
    expect(pushesTo('sender' + t.basic.user.user.id.slice(0, 6))).toHaveLength(0);
  });

  it('push: all (the channel prop) pushes a plain post; push: mention does not', async () => {
    const all = await member();
    const some = await member();
    for (const m of [all, some]) await attachDevice(m.client, 'android_rn-v2:pa' + m.user.id.slice(0, 8));
    await all.client.updateChannelNotifyProps({ channel_id: t.basic.channel.id, user_id: all.user.id, push: 'all' });
    const p = await post(t.basic.user.client, t.basic.channel.id, 'nothing special');
    const push = await sinks.proxy.waitFor((x) => x.device_id === 'pa' + all.user.id.slice(0, 8));
    expect(push).toMatchObject({ post_id: p.id, message: `${t.basic.user.user.username}: nothing special` });
    await settle();
    expect(pushesTo('pa' + some.user.id.slice(0, 8))).toHaveLength(0);
  });

  it('generic contents say who mentioned without the text', async () => {
    const m = await member();
    const token = 'gen' + m.user.id.slice(0, 8);
    await attachDevice(m.client, 'android_rn-v2:' + token);
    t.env.config.EmailSettings.PushNotificationContents = 'generic';
    try {
      await post(t.basic.user.client, t.basic.channel.id, `secret @${m.user.username}`);
      const push = await sinks.proxy.waitFor((x) => x.device_id === token);
      expect(push.message).toBe(`${t.basic.user.user.username} mentioned you.`);
    } finally {
      t.env.config.EmailSettings.PushNotificationContents = 'full';
    }
  });

  it('POST /notifications/ack forwards the receipt to the proxy; a malformed one is 400', async () => {
    const ack = (body: unknown) =>
      fetch(`${t.env.url}/api/v4/notifications/ack`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${t.basic.user.client.getToken()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ok = await ack({ id: 'ackid1', received_at: 1, platform: 'android', type: 'message', post_id: '', is_id_loaded: false });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'OK' });
    expect(sinks.proxy.acks.find((a) => a.id === 'ackid1')).toMatchObject({ platform: 'android', type: 'message' });
    const bad = await ack({ id: 7 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { id: string }).id).toBe('api.push_notifications_ack.message.parse.app_error');
    t.env.config.EmailSettings.SendPushNotifications = false;
    try {
      const off = await ack({ id: 'x' });
      expect(off.status).toBe(501);
      expect(((await off.json()) as { id: string }).id).toBe('api.push_notification.disabled.app_error');
    } finally {
      t.env.config.EmailSettings.SendPushNotifications = true;
    }
  });
});

describe('quiet hours', () => {
  it('holds push and e-mail until the end of the window, then sends one summary of each', async () => {
    const m = await member();
    const token = 'quiet' + m.user.id.slice(0, 8);
    await attachDevice(m.client, 'android_rn-v2:' + token);
    const hhmmss = (d: Date) => d.toISOString().slice(11, 19);
    const start = hhmmss(new Date(Date.now() - 60_000));
    const end = hhmmss(new Date(Date.now() + 3000));
    const schedule = JSON.stringify({ enabled: true, days: [], start, end, allow_dms: false });
    await m.client.savePreferences(m.user.id, [{ user_id: m.user.id, category: 'parley_quiet_hours', name: 'schedule', value: schedule }]);
    await post(t.basic.user.client, t.basic.channel.id, `one @${m.user.username}`);
    await post(t.basic.user.client, t.basic.channel.id, `two @${m.user.username}`);
    // Queued, not sent: both wait in the queue with a due time at the window's end.
    await waitUntil(async () => (await t.env.server.ctx.store.notifications.count()) >= 4, 'the held jobs');
    expect(mailsTo(m.user)).toHaveLength(0);
    expect(pushesTo(token)).toHaveLength(0);
    const mail = await waitFor(() => mailsTo(m.user)[0]);
    expect(mail.subject).toMatch(/New Notifications for/);
    expect(mail.text).toContain('one @');
    expect(mail.text).toContain('two @');
    const push = await sinks.proxy.waitFor((x) => x.device_id === token);
    expect(push.message).toBe('You have 2 new notifications.');
    await settle();
    expect(mailsTo(m.user)).toHaveLength(1);
    expect(pushesTo(token)).toHaveLength(1);
  });

  it('refuses a malformed schedule', async () => {
    const e = await fails(
      t.basic.user.client.savePreferences(t.basic.user.user.id, [
        {
          user_id: t.basic.user.user.id,
          category: 'parley_quiet_hours',
          name: 'schedule',
          value: '{"enabled":true,"start":"25:00","end":"x"}',
        },
      ]),
    );
    expect(e.status_code).toBe(400);
    expect(e.server_error_id).toBe('api.preference.quiet_hours.invalid.app_error');
  });
});

describe('PUT /channels/{channel_id}/members/{user_id}/notify_props', () => {
  it('merges the kept keys and tells the user with channel_member_updated', async () => {
    const m = await member();
    const ws = await t.env.ws(m.client);
    await m.client.updateChannelNotifyProps({ channel_id: t.basic.channel.id, user_id: m.user.id, desktop: 'all', bogus: 'x' });
    const ev = await ws.next('channel_member_updated');
    const cm = JSON.parse(ev.data.channelMember);
    expect(cm.notify_props).toMatchObject({ desktop: 'all', mark_unread: 'all', push: 'default' });
    expect(cm.notify_props.bogus).toBeUndefined();
    const row = await channelMemberRow(t.env, t.basic.channel.id, m.user.id);
    expect(row?.notify_props.desktop).toBe('all');
  });

  it('403 for another user without edit_other_users, 400 for a bad value, 404 for a non-member', async () => {
    const m = await member();
    const other = await fails(
      t.basic.user2.client.updateChannelNotifyProps({ channel_id: t.basic.channel.id, user_id: m.user.id, desktop: 'all' }),
    );
    expect(other.status_code).toBe(403);
    expect(other.server_error_id).toBe('api.context.permissions.app_error');
    const bad = await fails(m.client.updateChannelNotifyProps({ channel_id: t.basic.channel.id, user_id: m.user.id, mark_unread: 'loud' }));
    expect(bad.status_code).toBe(400);
    expect(bad.server_error_id).toBe('model.channel_member.is_valid.unread_level.app_error');
    const notMember = await fails(
      m.client.updateChannelNotifyProps({ channel_id: t.basic.privateChannel.id, user_id: m.user.id, desktop: 'all' }),
    );
    expect(notMember.status_code).toBe(404);
    // The admin may change another user's props.
    await t.basic.admin.client.updateChannelNotifyProps({ channel_id: t.basic.channel.id, user_id: m.user.id, push: 'none' });
    expect((await channelMemberRow(t.env, t.basic.channel.id, m.user.id))?.notify_props.push).toBe('none');
  });

  it('a muted channel counts mentions but no unread messages', async () => {
    const m = await member();
    await m.client.updateChannelNotifyProps({ channel_id: t.basic.channel.id, user_id: m.user.id, mark_unread: 'mention' });
    await post(t.basic.user.client, t.basic.channel.id, 'no mention here');
    const unread = await m.client.getMyChannelMember(t.basic.channel.id);
    expect(unread.notify_props.mark_unread).toBe('mention');
  });
});

describe('user notify props, mentions and notices', () => {
  it('refuses an unknown value for a known notify prop', async () => {
    const e = await fails(t.basic.user2.client.patchMe({ notify_props: { ...t.basic.user2.user.notify_props, push: 'loud' } } as never));
    expect(e.status_code).toBe(400);
    expect(e.server_error_id).toBe('model.user.is_valid.notify_props.app_error');
  });

  it('tells the sender when a mentioned team member is not in the channel', async () => {
    const outsider = await t.env.newUser('outsider');
    await t.basic.user.client.addToTeam(t.basic.team.id, outsider.user.id);
    const ws = await t.env.ws(t.basic.user.client);
    const p = await post(t.basic.user.client, t.basic.channel.id, `ping @${outsider.user.username}`);
    const ev = await ws.next('ephemeral_message', (e) => JSON.parse(e.data.post).props?.add_channel_member?.post_id === p.id);
    const eph = JSON.parse(ev.data.post);
    expect(eph.message).toBe(`@${outsider.user.username} did not get notified by this mention because they are not in the channel.`);
    expect(eph.create_at).toBe(p.create_at + 1);
    expect(eph.props.add_channel_member).toEqual({
      post_id: p.id,
      usernames: [outsider.user.username],
      not_in_channel_usernames: [outsider.user.username],
      user_ids: [outsider.user.id],
      not_in_channel_user_ids: [outsider.user.id],
      not_in_groups_usernames: [],
      not_in_groups_user_ids: [],
    });
  });

  it('answers a DM once a day with the out-of-office message', async () => {
    const m = await member();
    await m.client.patchMe({
      notify_props: { ...m.user.notify_props, auto_responder_active: 'true', auto_responder_message: 'Away until Monday' },
    } as never);
    const dm: Channel = await t.basic.user.client.createDirectChannel([t.basic.user.user.id, m.user.id]);
    const first = await post(t.basic.user.client, dm.id, 'are you there?');
    await post(t.basic.user.client, dm.id, 'hello?');
    await settle();
    const posts = await t.basic.user.client.getPosts(dm.id);
    const replies = Object.values(posts.posts).filter((p) => (p.type as string) === 'system_auto_responder');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ user_id: m.user.id, message: 'Away until Monday', root_id: first.id });
  });

  it('the posted event flags posts with files', async () => {
    const ws = await t.env.ws(t.basic.user2.client);
    const upload = await t.basic.user.client.uploadFile(
      (() => {
        const fd = new FormData();
        fd.append('channel_id', t.basic.channel.id);
        fd.append('files', new Blob([Buffer.from('hello')], { type: 'text/plain' }), 'a.txt');
        return fd;
      })(),
    );
    const p = await t.basic.user.client.createPost({
      channel_id: t.basic.channel.id,
      message: '',
      file_ids: [upload.file_infos[0].id],
    } as never);
    const ev = await ws.next('posted', (e) => JSON.parse(e.data.post).id === p.id);
    expect(ev.data.otherFile).toBe('true');
    expect(ev.data.image).toBeUndefined();
  });
});

describe('more rules', () => {
  it('the posted event names the collapsed-threads followers who want a desktop notification', async () => {
    const author = await member();
    await author.client.patchMe({ notify_props: { ...author.user.notify_props, desktop_threads: 'all' } } as never);
    const ws = await t.env.ws(author.client);
    const root = await post(author.client, t.basic.channel.id, 'root for followers');
    const reply = await post(t.basic.user.client, t.basic.channel.id, 'a reply for followers', root.id);
    const ev = await ws.next('posted', (e) => JSON.parse(e.data.post).id === reply.id);
    expect(JSON.parse(ev.data.followers)).toContain(author.user.id);
    expect(JSON.parse(ev.data.followers)).not.toContain(t.basic.user.user.id);
  });

  it('@channel in a channel above MaxNotificationsPerChannel notifies no one and tells the sender', async () => {
    const m = await member();
    const ws = await t.env.ws(t.basic.user.client);
    t.env.config.TeamSettings.MaxNotificationsPerChannel = 1;
    try {
      const p = await post(t.basic.user.client, t.basic.channel.id, 'too many @channel');
      const ev = await ws.next('ephemeral_message', (e) => JSON.parse(e.data.post).create_at === p.create_at + 1);
      expect(JSON.parse(ev.data.post).message).toBe('@channel has been disabled because the channel has more than 1 users.');
      await settle();
      expect(mailsTo(m.user)).toHaveLength(0);
    } finally {
      t.env.config.TeamSettings.MaxNotificationsPerChannel = 1000;
    }
  });

  it('a group message mails every other member; generic contents leave out the text and channel', async () => {
    const a = await member();
    const b = await member();
    const gm = await t.basic.user.client.createGroupChannel([t.basic.user.user.id, a.user.id, b.user.id]);
    t.env.config.EmailSettings.EmailNotificationContentsType = 'generic';
    try {
      await post(t.basic.user.client, gm.id, 'group secret');
      const mail = await waitFor(() => mailsTo(a.user)[0]);
      await waitFor(() => mailsTo(b.user)[0]);
      expect(mail.subject).toMatch(/^\[Parley\] New Group Message on /);
      expect(mail.text).not.toContain('group secret');
      expect(mail.text).toContain(`${t.basic.user.user.username} sent you a new message`);
    } finally {
      t.env.config.EmailSettings.EmailNotificationContentsType = 'full';
    }
  });
});

describe('notification settings in PUT /config', () => {
  it('refuses a batching interval under 30 s and unknown contents types', async () => {
    const admin = t.basic.admin.client;
    const cfg = await admin.getConfig();
    const e1 = await fails(admin.updateConfig({ ...cfg, EmailSettings: { ...cfg.EmailSettings, EmailBatchingInterval: 5 } }));
    expect(e1.status_code).toBe(400);
    expect(e1.server_error_id).toBe('model.config.is_valid.email_batching_interval.app_error');
    const e2 = await fails(admin.updateConfig({ ...cfg, EmailSettings: { ...cfg.EmailSettings, EmailNotificationContentsType: 'loud' } }));
    expect(e2.server_error_id).toBe('model.config.is_valid.email_notification_contents_type.app_error');
  });
});
