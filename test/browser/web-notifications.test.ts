// Desktop notifications in Chromium: permission asked once, what fires (title, body, sound, click) and what holds it
// back (channel in focus, Do Not Disturb, a muted channel, desktop "never", quiet hours), the tab title and favicon
// badge, the notification settings screen and the channel notification dialog. Headless Chromium shows no
// notifications: an init script stands in for window.Notification (recording each one) and records audio plays and the
// frames the page sends on its websocket (the posted_notify_ack saying why a notification was not shown).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { PreferenceType } from '@mattermost/types/preferences';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { waitUntil } from '../notify-sinks.ts';
import { PASSWORD, SKIP_BROWSER, messages, shot, sidebar, startHarness, type ApiUser, type Harness } from './harness.ts';

// Browser globals used inside page callbacks (the test program has no DOM library).
declare const window: any, document: any, Image: any;

const INSTRUMENT = `
  window.__notes = [];
  window.__permAsks = 0;
  window.__played = [];
  window.__sent = [];
  window.__focused = true;
  class RecordedNotification {
    static permission = 'default';
    static requestPermission() {
      window.__permAsks++;
      RecordedNotification.permission = 'granted';
      return Promise.resolve('granted');
    }
    constructor(title, options = {}) {
      this.title = title;
      this.body = options.body;
      this.tag = options.tag;
      this.onclick = null;
      this.closed = false;
      window.__notes.push(this);
    }
    close() { this.closed = true; }
  }
  window.Notification = RecordedNotification;
  HTMLMediaElement.prototype.play = function () {
    window.__played.push(this.src);
    return Promise.resolve();
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    window.__sent.push(String(data));
    return send.call(this, data);
  };
  Document.prototype.hasFocus = function () { return window.__focused; };
`;

type Note = { title: string; body: string; tag: string };

describe.skipIf(SKIP_BROWSER)('desktop notifications (Chromium)', () => {
  let h: Harness, team: Team, alice: ApiUser, bob: ApiUser, a: Page, ctx: BrowserContext;
  let side: Channel;

  /** Alice's page: signed in through the login page, with the browser APIs instrumented. */
  async function instrumentedPage(u: ApiUser, path: string): Promise<Page> {
    ctx = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript(INSTRUMENT);
    const page = await ctx.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => h.errors.push(e.message));
    await page.goto(h.url + '/login');
    await page.getByLabel('Email or username').fill(u.username);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await messages(page).waitFor();
    await page.goto(h.url + path);
    await messages(page).waitFor();
    return page;
  }

  const bobSays = (channelId: string, message: string) => bob.client.createPost({ channel_id: channelId, message } as never);

  /** The notification shown for a post (waits for it). */
  async function noteFor(postId: string): Promise<Note> {
    await a.waitForFunction((id: string) => window.__notes.some((n: Note) => n.tag === id), postId);
    return a.evaluate((id: string) => {
      const n = window.__notes.find((x: Note) => x.tag === id);
      return { title: n.title, body: n.body, tag: n.tag };
    }, postId);
  }

  /** The page's posted_notify_ack for a post: what became of its notification (waits for it). */
  async function ackFor(postId: string): Promise<{ status: string; reason?: string }> {
    const handle = await a.waitForFunction((id: string) => {
      for (const f of window.__sent) {
        const m = JSON.parse(f);
        if (m.action === 'posted_notify_ack' && m.data.post_id === id) return { status: m.data.status, reason: m.data.reason };
      }
      return null;
    }, postId);
    return (await handle.jsonValue()) as { status: string; reason?: string };
  }

  const noteCount = (postId: string) => a.evaluate((id: string) => window.__notes.filter((n: Note) => n.tag === id).length, postId);
  const played = () => a.evaluate(() => window.__played.length as number);

  /** The badge the app says it drew, and the favicon's colours at the badge's centre and top edge. */
  async function favicon(): Promise<{ badge: string; centre: number[]; top: number[] }> {
    return a.evaluate(async () => {
      const link = document.querySelector('link[rel~="icon"]');
      const img = new Image();
      img.src = link.href;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = c.height = 32;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const at = (x: number, y: number) => [...g.getImageData(x, y, 1, 1).data.slice(0, 3)];
      return { badge: link.dataset.badge, centre: at(23, 9), top: at(23, 2) };
    });
  }

  const quietSchedule = async () =>
    ((await alice.client.getMyPreferences()) as unknown as PreferenceType[]).find(
      (p) => p.category === 'parley_quiet_hours' && p.name === 'schedule',
    )?.value ?? '';

  async function openNotificationSettings(): Promise<void> {
    await a.getByRole('button', { name: 'Team menu' }).click();
    await a.getByRole('menuitem', { name: 'Account settings' }).click();
    await a.getByRole('dialog', { name: 'Account settings' }).getByRole('tab', { name: 'Notifications' }).click();
  }

  async function goTo(channel: string): Promise<void> {
    await sidebar(a)
      .getByRole('link', { name: new RegExp(`^${channel}`) })
      .click();
    await a.getByRole('heading', { name: channel }).first().waitFor();
  }

  beforeAll(async () => {
    h = await startHarness();
    bob = await h.user('bob');
    alice = await h.user('alice');
    team = await h.team(bob, [alice]);
    side = await bob.client.createChannel({ team_id: team.id, name: 'side', display_name: 'Side Room', type: 'O' } as Channel);
    await bob.client.addToChannel(alice.user.id, side.id);
    a = await instrumentedPage(alice, `/${team.name}/channels/town-square`);
    // Everything read: the title starts clean.
    for (const c of await alice.client.getMyChannels(team.id)) await alice.client.viewMyChannel(c.id);
  }, 90_000);

  afterAll(async () => {
    await ctx?.close().catch(() => undefined);
    await h?.close();
  });

  it('asks for permission once, at the first click', async () => {
    expect(await a.evaluate(() => window.__permAsks)).toBe(0);
    await messages(a).click();
    await a.getByLabel('Write a message').click();
    await a.getByLabel('Write a message').click();
    expect(await a.evaluate(() => window.__permAsks)).toBe(1);
    expect(await a.evaluate(() => window.Notification.permission)).toBe('granted');
  });

  it('puts unread messages and mentions in the tab title and a badge on the favicon', async () => {
    const base = `Town Square - ${team.display_name} Parley`;
    await a.waitForFunction((t: string) => document.title === t, base);
    const blue = [0x1c, 0x58, 0xd9];
    expect(await favicon()).toEqual({ badge: 'none', centre: blue, top: blue });

    await bobSays(side.id, 'just chatting');
    await a.waitForFunction((t: string) => document.title === t, `* ${base}`);
    expect(await favicon()).toEqual({ badge: 'unread', centre: [255, 255, 255], top: blue });

    const p = await bobSays(side.id, `hey @${alice.username} look at **this**`);
    await a.waitForFunction((t: string) => document.title === t, `(1) * ${base}`);
    const icon = await favicon();
    expect(icon).toMatchObject({ badge: 'mention', top: [0xd2, 0x4b, 0x4e] });

    // The mention also notified, with Mattermost's title and body, and the sound played.
    expect(await noteFor(p.id)).toEqual({ title: 'Side Room', body: `@${bob.username}: hey @${alice.username} look at this`, tag: p.id });
    expect(await played()).toBe(1);
    expect((await ackFor(p.id)).status).toBe('success');
  });

  it('clicking the notification opens the post’s channel', async () => {
    const [note] = await a.evaluate(() => window.__notes.map((n: Note) => n.tag));
    await a.evaluate((tag: string) => window.__notes.find((n: Note) => n.tag === tag).onclick(), note);
    await a.waitForURL(/\/channels\/side$/);
    await a.getByRole('heading', { name: 'Side Room' }).first().waitFor();
    await a.waitForFunction((t: string) => document.title === t, `Side Room - ${team.display_name} Parley`);
    expect((await favicon()).badge).toBe('none');
  });

  it('does not notify for the channel in focus while the window is focused', async () => {
    const p = await bobSays(side.id, `in focus @${alice.username}`);
    expect(await ackFor(p.id)).toEqual({ status: 'not_sent', reason: 'channel_in_focus' });
    expect(await noteCount(p.id)).toBe(0);
    await a.evaluate(() => (window.__focused = false));
    const q = await bobSays(side.id, `window in the background @${alice.username}`);
    expect((await noteFor(q.id)).title).toBe('Side Room');
    await a.evaluate(() => (window.__focused = true));
  });

  it('a direct message notifies by default', async () => {
    await goTo('Town Square');
    const dm = await bob.client.createDirectChannel([bob.user.id, alice.user.id]);
    const p = await bobSays(dm.id, 'a private word');
    expect(await noteFor(p.id)).toEqual({ title: 'Direct Message', body: `@${bob.username}: a private word`, tag: p.id });
  });

  it('does not notify while the user is in Do Not Disturb', async () => {
    await alice.client.updateStatus({ user_id: alice.user.id, status: 'dnd' } as never);
    const p = await bobSays(side.id, `busy? @${alice.username}`);
    expect(await ackFor(p.id)).toEqual({ status: 'not_sent', reason: 'user_status' });
    expect(await noteCount(p.id)).toBe(0);
    await alice.client.updateStatus({ user_id: alice.user.id, status: 'online' } as never);
    const q = await bobSays(side.id, `back again @${alice.username}`);
    await noteFor(q.id);
  });

  it('does not notify for a muted channel (muted in the channel notification dialog)', async () => {
    await goTo('Side Room');
    await a.getByRole('button', { name: 'Notification preferences' }).click();
    const dialog = a.getByRole('dialog', { name: 'Notification preferences' });
    await dialog.getByLabel('Mute channel (only mentions count as unread; no notifications)').check();
    await shot(a, 'web-notifications-channel-dialog.png');
    await a.setViewportSize({ width: 375, height: 740 });
    await shot(a, 'web-notifications-channel-dialog-375.png');
    await a.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await alice.client.getMyChannelMember(side.id)).notify_props.mark_unread).toBe('mention');
    await goTo('Town Square');
    const p = await bobSays(side.id, `muted @${alice.username}`);
    expect(await ackFor(p.id)).toEqual({ status: 'not_sent', reason: 'channel_muted' });
    expect(await noteCount(p.id)).toBe(0);

    // Unmuted in another session: the page learns it from channel_member_updated and notifies again.
    // (The member update reaches the page before the next post: one socket, in publish order.)
    await alice.client.updateChannelNotifyProps({ channel_id: side.id, user_id: alice.user.id, mark_unread: 'all' } as never);
    const q = await bobSays(side.id, `unmuted @${alice.username}`);
    expect((await noteFor(q.id)).title).toBe('Side Room');
  });

  it('saves the notification settings and honours desktop “never” and the sound setting', async () => {
    await openNotificationSettings();
    const dialog = a.getByRole('dialog', { name: 'Account settings' });
    const desktop = dialog.getByRole('group', { name: 'Desktop notifications' });
    const push = dialog.getByRole('group', { name: 'Mobile push notifications' });
    await desktop.getByLabel('For all activity').check();
    // Choosing a sound plays it, and it is another sound than the default one heard above.
    const heard = await a.evaluate(() => window.__played.slice());
    await desktop.getByLabel('Notification sound').selectOption('Upstairs');
    await waitUntil(async () => (await played()) === heard.length + 1, 'the chosen sound played');
    const upstairs = await a.evaluate(() => window.__played[window.__played.length - 1]);
    expect(upstairs).toMatch(/^data:audio\/wav;base64,/);
    expect(heard).not.toContain(upstairs);
    await desktop.getByLabel('Play a sound').uncheck();
    expect(await desktop.getByLabel('Notification sound').isDisabled()).toBe(true);
    await dialog.getByLabel('Send e-mails').selectOption('3600');
    await push.getByLabel('For all activity').check();
    await dialog.getByLabel('Other words, separated by commas').fill('pineapple,mango');
    await dialog.getByLabel('Reply to direct messages while I am out of office').check();
    await dialog.getByLabel('Automatic reply message').fill('Away until Monday');
    await desktop.scrollIntoViewIfNeeded();
    await shot(a, 'web-notifications-settings.png');
    await a.setViewportSize({ width: 375, height: 740 });
    await desktop.scrollIntoViewIfNeeded();
    await shot(a, 'web-notifications-settings-375.png');
    await a.setViewportSize({ width: 1280, height: 800 });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    const me = (await alice.client.getMe()) as UserProfile;
    expect(me.notify_props).toMatchObject({
      desktop: 'all',
      desktop_sound: 'false',
      desktop_notification_sound: 'Upstairs',
      push: 'all',
      mention_keys: 'pineapple,mango',
      auto_responder_active: 'true',
      auto_responder_message: 'Away until Monday',
    });
    const prefs = (await alice.client.getMyPreferences()) as unknown as PreferenceType[];
    expect(prefs.find((p) => p.category === 'notifications' && p.name === 'email_interval')?.value).toBe('3600');

    // "For all activity": a post that mentions no one notifies; the sound is off.
    const before = await played();
    const p = await bobSays(side.id, 'nothing special');
    expect((await noteFor(p.id)).body).toBe(`@${bob.username}: nothing special`);
    expect(await played()).toBe(before);

    // With the sound back on, a notification plays the chosen sound.
    await desktop.getByLabel('Play a sound').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitUntil(async () => ((await alice.client.getMe()) as UserProfile).notify_props.desktop_sound === 'true', 'sound on saved');
    const withSound = await bobSays(side.id, 'with a sound');
    await noteFor(withSound.id);
    await waitUntil(async () => (await played()) === before + 1, 'the notification played a sound');
    expect(await a.evaluate(() => window.__played[window.__played.length - 1])).toBe(upstairs);

    // A mention key from the settings counts as a mention; desktop "never" holds even that.
    await desktop.getByLabel('Never').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitUntil(async () => ((await alice.client.getMe()) as UserProfile).notify_props.desktop === 'none', 'desktop "never" saved');
    await dialog.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    const q = await bobSays(side.id, `@${alice.username} and pineapple`);
    expect(await ackFor(q.id)).toEqual({ status: 'not_sent', reason: 'level_none' });
    expect(await noteCount(q.id)).toBe(0);
  });

  it('holds desktop notifications during quiet hours', async () => {
    const dialog = a.getByRole('dialog', { name: 'Account settings' });
    await dialog
      .getByRole('group', { name: 'Desktop notifications' })
      .getByLabel('Only for mentions, direct messages and keywords')
      .check();
    await dialog.getByLabel('Hold notifications during quiet hours and send a summary when they end').check();
    // From midnight to midnight, every day: always quiet.
    await dialog.getByLabel('From', { exact: true }).fill('00:00');
    await dialog.getByLabel('To', { exact: true }).fill('00:00');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitUntil(async () => (await quietSchedule()).includes('"enabled":true'), 'quiet hours saved');
    await dialog.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    const p = await bobSays(side.id, `quiet please @${alice.username}`);
    expect(await ackFor(p.id)).toEqual({ status: 'not_sent', reason: 'quiet_hours' });
    expect(await noteCount(p.id)).toBe(0);

    await dialog.getByLabel('Hold notifications during quiet hours and send a summary when they end').uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await waitUntil(async () => (await quietSchedule()).includes('"enabled":false'), 'quiet hours off');
    await dialog.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    const q = await bobSays(side.id, `loud again @${alice.username}`);
    await noteFor(q.id);
    expect(h.errors).toEqual([]);
  });
});
