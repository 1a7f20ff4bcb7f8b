// Every built-in slash command through Client4.executeCommand, with its effect (membership, header, status, DM, post,
// preference) and its refusals as Mattermost's ephemeral texts; ephemeral replies reach only their user's socket.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Client4 } from '@mattermost/client';
import type { Post } from '@mattermost/types/posts';
import { fails, uniq, useBasic, type WsRecorder } from '../../test/helper.ts';
import { useSmtp } from '../../test/smtp.ts';

const smtp = useSmtp();
const t = useBasic((c) => smtp.configure(c));

const run = (client: Client4, channelId: string, command: string, extra: Record<string, string> = {}) =>
  client.executeCommand(command, { channel_id: channelId, team_id: t.basic.team.id, ...extra } as never) as Promise<Record<string, any>>;

async function newChannel(client: Client4, type: 'O' | 'P' = 'O'): Promise<Channel> {
  return client.createChannel({ team_id: t.basic.team.id, name: uniq('cmd'), display_name: 'Cmd ' + type, type } as Channel);
}

/** The ephemeral post the socket got with this message; and proof another member's socket got none before a later post. */
async function ephemeralOn(ws: WsRecorder, channelId: string, message: string) {
  const ev = await ws.next('ephemeral_message', (e) => JSON.parse(e.data.post).message === message);
  const post = JSON.parse(ev.data.post);
  expect(post).toMatchObject({ channel_id: channelId, type: 'system_ephemeral', message });
  expect(ev.broadcast.channel_id).toBe(channelId);
  return post;
}

async function noEphemeralBefore(ws: WsRecorder, client: Client4, channelId: string) {
  const marker = await client.createPost({ channel_id: channelId, message: uniq('marker') } as Post);
  await ws.next('posted', (e) => JSON.parse(e.data.post).id === marker.id);
  expect(ws.has('ephemeral_message')).toBe(false);
}

const roleWithout = async (name: string, remove: string[]) => {
  const role = await t.basic.admin.client.getRoleByName(name);
  await t.basic.admin.client.patchRole(role.id, { permissions: role.permissions.filter((p) => !remove.includes(p)) });
  return () => t.basic.admin.client.patchRole(role.id, { permissions: role.permissions });
};

describe('execute: request checks', () => {
  it('refuses an unknown trigger, a missing slash and a bad channel with Mattermost ids', async () => {
    const c = t.basic.user.client;
    const unknown = await fails(run(c, t.basic.channel.id, '/nosuchcommand hi'));
    expect([unknown.status_code, unknown.server_error_id]).toEqual([404, 'api.command.execute_command.not_found.app_error']);
    expect(unknown.message).toContain("'nosuchcommand'");
    const start = await fails(run(c, t.basic.channel.id, 'join'));
    expect([start.status_code, start.server_error_id]).toEqual([400, 'api.command.execute_command.start.app_error']);
    const bad = await fails(run(c, 'notanid', '/join x'));
    expect(bad.server_error_id).toBe('api.command.execute_command.start.app_error');
  });

  it('needs create_post in the channel, and refuses an archived channel', async () => {
    const priv = await newChannel(t.basic.user.client, 'P');
    const f = await fails(run(t.basic.user2.client, priv.id, '/away'));
    expect([f.status_code, f.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const ch = await newChannel(t.basic.user.client);
    await t.basic.user.client.deleteChannel(ch.id);
    const d = await fails(run(t.basic.user.client, ch.id, '/away'));
    expect([d.status_code, d.server_error_id]).toEqual([400, 'api.command.execute_command.deleted.error']);
  });
});

describe('statuses', () => {
  it('/away /dnd /offline /online set the manual status, answer ephemerally to the caller only', async () => {
    const me = await t.env.newUser('stat');
    await t.basic.user.client.addToTeam(t.basic.team.id, me.user.id);
    await t.basic.user.client.addToChannel(me.user.id, t.basic.channel.id);
    const wsMe = await t.env.ws(me.client);
    const wsOther = await t.env.ws(t.basic.user2.client);
    for (const [cmd, status, text] of [
      ['/away', 'away', 'You are now away'],
      [
        '/dnd',
        'dnd',
        'Do Not Disturb is enabled. You will not receive desktop or mobile push notifications until Do Not Disturb is turned off.',
      ],
      ['/offline', 'offline', 'You are now offline'],
      ['/online', 'online', 'You are now online'],
    ]) {
      const r = await run(me.client, t.basic.channel.id, cmd);
      expect(r).toMatchObject({ response_type: 'ephemeral', text });
      expect((await me.client.getStatus(me.user.id)).status).toBe(status);
      const post = await ephemeralOn(wsMe, t.basic.channel.id, text);
      expect(post.user_id).toBe(me.user.id);
    }
    await noEphemeralBefore(wsOther, t.basic.user.client, t.basic.channel.id);
  });
});

describe('posts', () => {
  it('/me posts type me in italics; /shrug appends the shrug; /code indents and needs text', async () => {
    const c = t.basic.user.client;
    const ch = t.basic.channel.id;
    const ws = await t.env.ws(t.basic.user2.client);
    await run(c, ch, '/me waves');
    const me = JSON.parse((await ws.next('posted', (e) => JSON.parse(e.data.post).type === 'me')).data.post);
    expect(me).toMatchObject({ message: '*waves*', user_id: t.basic.user.user.id, props: { message: 'waves' } });
    expect(me.props.from_webhook).toBeUndefined();
    await run(c, ch, '/shrug oh well');
    await ws.next('posted', (e) => JSON.parse(e.data.post).message === 'oh well ¯\\\\\\_(ツ)\\_/¯');
    await run(c, ch, '/code a\nb');
    await ws.next('posted', (e) => JSON.parse(e.data.post).message === '    a\n    b');
    const none = await run(c, ch, '/code');
    expect(none.text).toBe('A message must be provided with the /code command.');
  });

  it('/echo posts the message later as the caller; refuses long delays', async () => {
    const ws = await t.env.ws(t.basic.user2.client);
    const r = await run(t.basic.user.client, t.basic.channel.id, '/echo "echoed text" 0');
    expect(r.text ?? '').toBe('');
    const p = JSON.parse((await ws.next('posted', (e) => JSON.parse(e.data.post).message === 'echoed text')).data.post);
    expect(p.user_id).toBe(t.basic.user.user.id);
    const late = await run(t.basic.user.client, t.basic.channel.id, '/echo hi 20000');
    expect(late.text).toBe('Delays must be under 10000 seconds.');
  });
});

describe('channels', () => {
  it('/join and /open join a public channel and go there; unknown channel is an ephemeral text', async () => {
    const ch = await newChannel(t.basic.user.client);
    const r = await run(t.basic.user2.client, t.basic.channel.id, '/join ~' + ch.name);
    expect(r.goto_location).toBe(`${t.env.url}/${t.basic.team.name}/channels/${ch.name}`);
    expect((await t.basic.user2.client.getChannelMember(ch.id, t.basic.user2.user.id)).user_id).toBe(t.basic.user2.user.id);
    const ch2 = await newChannel(t.basic.user.client);
    await run(t.basic.user2.client, t.basic.channel.id, '/open ' + ch2.name);
    expect((await t.basic.user2.client.getChannelMember(ch2.id, t.basic.user2.user.id)).channel_id).toBe(ch2.id);
    const missing = await run(t.basic.user2.client, t.basic.channel.id, '/join ~nope-' + uniq());
    expect(missing).toMatchObject({ response_type: 'ephemeral', text: 'Unable to find the channel.' });
    const priv = await newChannel(t.basic.user.client, 'P');
    const refused = await run(t.basic.user2.client, t.basic.channel.id, '/join ' + priv.name);
    expect(refused.text).toBe('An error occurred while joining the channel.');
  });

  it('/leave leaves and goes to town-square; town-square itself is refused', async () => {
    const ch = await newChannel(t.basic.user.client);
    await t.basic.user.client.addToChannel(t.basic.user2.user.id, ch.id);
    const r = await run(t.basic.user2.client, ch.id, '/leave');
    expect(r.goto_location).toBe(`${t.env.url}/${t.basic.team.name}/channels/town-square`);
    expect((await fails(t.basic.user2.client.getChannelMember(ch.id, t.basic.user2.user.id))).status_code).toBe(404);
    const ts = await run(t.basic.user2.client, t.basic.townSquare.id, '/leave');
    expect(ts.text).toBe('Unable to leave the default channel town-square.');
  });

  it('/kick and /remove remove a member; refused without manage members, or for a non-member', async () => {
    const ch = await newChannel(t.basic.user.client);
    await t.basic.user.client.addToChannel(t.basic.user2.user.id, ch.id);
    const r = await run(t.basic.user.client, ch.id, '/kick @' + t.basic.user2.user.username);
    expect(r.text ?? '').toBe('');
    expect((await fails(t.basic.user.client.getChannelMember(ch.id, t.basic.user2.user.id))).status_code).toBe(404);
    const not = await run(t.basic.user.client, ch.id, '/remove @' + t.basic.user2.user.username);
    expect(not.text).toBe(`${t.basic.user2.user.username} is not a member of this channel.`);
    const empty = await run(t.basic.user.client, ch.id, '/remove');
    expect(empty.text).toBe('A message must be provided with the /remove or /kick command.');

    await t.basic.user.client.addToChannel(t.basic.user2.user.id, ch.id);
    const restore = await roleWithout('channel_user', ['manage_public_channel_members']);
    try {
      const refused = await run(t.basic.user2.client, ch.id, '/kick @' + t.basic.user.user.username);
      expect(refused.text).toBe("You don't have the appropriate permissions to remove the member.");
      expect((await t.basic.user.client.getChannelMember(ch.id, t.basic.user.user.id)).user_id).toBe(t.basic.user.user.id);
    } finally {
      await restore();
    }
  });

  it('/invite adds a team member to the current or a named channel', async () => {
    const ch = await newChannel(t.basic.user.client);
    const r = await run(t.basic.user.client, ch.id, '/invite @' + t.basic.user2.user.username);
    expect(r.text).toBe(`@${t.basic.user2.user.username} added to ${ch.name} channel.`);
    expect((await t.basic.user.client.getChannelMember(ch.id, t.basic.user2.user.id)).user_id).toBe(t.basic.user2.user.id);
    const again = await run(t.basic.user.client, ch.id, '/invite @' + t.basic.user2.user.username);
    expect(again.text).toBe(`@${t.basic.user2.user.username} is already in the channel.`);
    const other = await newChannel(t.basic.user.client);
    await run(t.basic.user.client, ch.id, `/invite @${t.basic.user2.user.username} ~${other.name}`);
    expect((await t.basic.user.client.getChannelMember(other.id, t.basic.user2.user.id)).channel_id).toBe(other.id);
    const outsider = await t.env.newUser('outsider');
    const out = await run(t.basic.user.client, ch.id, '/invite @' + outsider.user.username);
    expect(out.text).toContain('once they are members of the **Basic Team** team');
  });

  it('/header /purpose /rename change the channel; refused where the user may not edit it', async () => {
    const ch = await newChannel(t.basic.user.client);
    await t.basic.user.client.addToChannel(t.basic.user2.user.id, ch.id);
    await run(t.basic.user.client, ch.id, '/header New **header**');
    await run(t.basic.user.client, ch.id, '/purpose The purpose');
    await run(t.basic.user.client, ch.id, '/rename Renamed');
    expect(await t.basic.user.client.getChannel(ch.id)).toMatchObject({
      header: 'New **header**',
      purpose: 'The purpose',
      display_name: 'Renamed',
    });
    const long = await run(t.basic.user.client, ch.id, '/header ' + 'x'.repeat(1100));
    expect(long.text).toBe('The text entered exceeds the character limit. The channel header is limited to 1024 characters.');
    const empty = await run(t.basic.user.client, ch.id, '/header');
    expect(empty.text).toBe('Text must be provided with the /header command.');
    const restore = await roleWithout('channel_user', ['manage_public_channel_properties']);
    try {
      const refused = await run(t.basic.user2.client, ch.id, '/header hijack');
      expect(refused.text).toBe("You don't have the appropriate permissions to edit the channel header.");
      expect((await t.basic.user.client.getChannel(ch.id)).header).toBe('New **header**');
    } finally {
      await restore();
    }
  });

  it('/mute toggles the member mark_unread and tells only that user', async () => {
    const ch = await newChannel(t.basic.user.client);
    const ws = await t.env.ws(t.basic.user.client);
    const r = await run(t.basic.user.client, ch.id, '/mute');
    expect(r.text).toBe(`You will not receive notifications for ${ch.display_name} until channel mute is turned off.`);
    expect((await t.basic.user.client.getChannelMember(ch.id, t.basic.user.user.id)).notify_props.mark_unread).toBe('mention');
    await ws.next('channel_member_updated', (e) => JSON.parse(e.data.channelMember).channel_id === ch.id);
    const u = await run(t.basic.user.client, ch.id, '/mute ~' + ch.name);
    expect(u.text).toBe(`${ch.display_name} is no longer muted.`);
    expect((await t.basic.user.client.getChannelMember(ch.id, t.basic.user.user.id)).notify_props.mark_unread).toBe('all');
  });
});

describe('direct and group messages', () => {
  it('/msg creates the DM, posts the message and goes there', async () => {
    const r = await run(t.basic.user.client, t.basic.channel.id, `/msg @${t.basic.user2.user.username} hello there`);
    const dm = await t.basic.user.client.createDirectChannel([t.basic.user.user.id, t.basic.user2.user.id]);
    expect(r.goto_location).toBe(`${t.env.url}/${t.basic.team.name}/channels/${dm.name}`);
    const posts = await t.basic.user.client.getPosts(dm.id);
    expect(Object.values(posts.posts).map((p) => p.message)).toContain('hello there');
    const missing = await run(t.basic.user.client, t.basic.channel.id, '/msg @nobody' + uniq());
    expect(missing.text).toBe('Unable to find the user.');
  });

  it('/groupmsg creates the group message with the users and posts to it', async () => {
    const third = await t.env.newUser('gm');
    const r = await run(
      t.basic.user.client,
      t.basic.channel.id,
      `/groupmsg @${t.basic.user2.user.username},@${third.user.username} group hello`,
    );
    const gm = await t.basic.user.client.createGroupChannel([t.basic.user.user.id, t.basic.user2.user.id, third.user.id]);
    expect(r.goto_location).toBe(`${t.env.url}/${t.basic.team.name}/channels/${gm.name}`);
    const posts = await t.basic.user.client.getPosts(gm.id);
    expect(Object.values(posts.posts).map((p) => p.message)).toContain('group hello');
    const bad = await run(t.basic.user.client, t.basic.channel.id, `/groupmsg @${t.basic.user2.user.username},@ghost${uniq()}`);
    expect(bad.text).toMatch(/^Unable to find the user: ghost/);
  });
});

describe('the rest', () => {
  it('/collapse and /expand save display_settings/collapse_previews', async () => {
    const c = t.basic.user.client;
    expect((await run(c, t.basic.channel.id, '/collapse')).text).toBe('Image links now collapse by default');
    const pref = async () => (await c.getMyPreferences()) as unknown as Array<{ category: string; name: string; value: string }>;
    expect((await pref()).find((p) => p.category === 'display_settings' && p.name === 'collapse_previews')?.value).toBe('true');
    expect((await run(c, t.basic.channel.id, '/expand')).text).toBe('Image links now expand by default');
    expect((await pref()).find((p) => p.category === 'display_settings' && p.name === 'collapse_previews')?.value).toBe('false');
  });

  it('/help links the help page, /logout goes to /login, client-side commands answer unsupported', async () => {
    const c = t.basic.user.client;
    expect((await run(c, t.basic.channel.id, '/help')).text).toContain('[View documentation and guides](https://mattermost.com/pl/help/)');
    expect(await run(c, t.basic.channel.id, '/logout')).toEqual({
      response_type: '',
      text: '',
      username: '',
      channel_id: '',
      icon_url: '',
      type: '',
      props: null,
      goto_location: '/login',
      trigger_id: '',
      skip_slack_parsing: false,
      attachments: null,
      extra_responses: null,
    });
    expect((await run(c, t.basic.channel.id, '/search x')).text).toBe('The search command is not supported on your device.');
    expect((await run(c, t.basic.channel.id, '/settings')).text).toBe('The settings command is not supported on your device.');
    expect((await run(c, t.basic.channel.id, '/shortcuts')).text).toBe('The shortcuts command is not supported on your device.');
    expect((await run(c, t.basic.channel.id, '/marketplace')).text).toBe('The marketplace command is not supported on your device.');
  });

  it('/invite_people sends team invitations; refused when e-mail is off or no address is given', async () => {
    const c = t.basic.user.client;
    t.env.config.EmailSettings.SendEmailNotifications = false;
    try {
      expect((await run(c, t.basic.channel.id, '/invite_people someone@example.com')).text).toBe(
        'Email has not been configured, no invite(s) sent',
      );
    } finally {
      t.env.config.EmailSettings.SendEmailNotifications = true;
    }
    expect((await run(c, t.basic.channel.id, '/invite_people nobody')).text).toBe('Please specify one or more valid email addresses');
    const before = smtp.server.messages.length;
    expect((await run(c, t.basic.channel.id, '/invite_people new.person@example.com')).text).toBe('Email invite(s) sent');
    expect((await smtp.server.mailTo('new.person@example.com', before)).subject).toContain('invited');
  });

  it('/mobile-logs sets advanced_settings/attach_app_logs for oneself; another user needs edit_other_users', async () => {
    const c = t.basic.user.client;
    expect((await run(c, t.basic.channel.id, '/mobile-logs')).text).toBe('Usage: /mobile-logs [on|off|status] [@username]');
    expect((await run(c, t.basic.channel.id, '/mobile-logs status')).text).toBe('Mobile app log attachment is currently disabled for you.');
    expect((await run(c, t.basic.channel.id, '/mobile-logs on')).text).toBe('Mobile app log attachment is now enabled for you.');
    const prefs = (await c.getMyPreferences()) as unknown as Array<{ category: string; name: string; value: string }>;
    expect(prefs.find((p) => p.category === 'advanced_settings' && p.name === 'attach_app_logs')?.value).toBe('true');
    expect((await run(c, t.basic.channel.id, '/mobile-logs status')).text).toBe('Mobile app log attachment is currently enabled for you.');
    const other = await run(c, t.basic.channel.id, `/mobile-logs on @${t.basic.user2.user.username}`);
    expect(other.text).toBe('Unable to change mobile log settings for that user.');
    const byAdmin = await run(t.basic.admin.client, t.basic.townSquare.id, `/mobile-logs off @${t.basic.user2.user.username}`);
    expect(byAdmin.text).toBe(`Mobile app log attachment is now disabled for @${t.basic.user2.user.username}.`);
  });

  it('/status is not a command while custom statuses are off', async () => {
    const f = await fails(run(t.basic.user.client, t.basic.channel.id, '/status :smile: hi'));
    expect(f.server_error_id).toBe('api.command.execute_command.not_found.app_error');
  });
});
