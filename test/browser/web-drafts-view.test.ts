// The Drafts view and attachments in drafts: a channel draft with a file and a thread draft are listed under
// /<team>/drafts (the sidebar counts them), the file comes back in the composer on the user's second device, Edit
// opens the channel or the thread with the draft, Delete asks first, Send posts it; another member sees none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { SKIP_BROWSER, message, shot, sidebar, startHarness, type ApiUser, type Harness } from './harness.ts';
import { seriousViolations } from './axe.ts';

describe.skipIf(SKIP_BROWSER)('the Drafts view (Chromium)', () => {
  let h: Harness, alice: ApiUser, bob: ApiUser, team: Team, room: Channel, root: Post, a: Page;
  const poll = { timeout: 10_000 };

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.user('alice');
    bob = await h.user('bob');
    team = await h.team(alice, [bob]);
    room = await alice.client.createChannel({ team_id: team.id, name: 'plans', display_name: 'Plans', type: 'O' } as Channel);
    await bob.client.addToChannel(bob.user.id, room.id);
    root = await bob.client.createPost({ channel_id: room.id, message: 'Which day suits the offsite?' } as Post);
    a = await h.page(alice, `/${team.name}/channels/town-square`);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const box = (p: Page) => p.getByLabel('Write a message');
  const draftsLink = (p: Page) => sidebar(p).getByRole('link', { name: /^Drafts/ });
  const draftList = (p: Page) => p.getByRole('list', { name: 'Drafts' });
  const draftCard = (p: Page, where: string) => draftList(p).getByRole('article', { name: where });
  const serverDrafts = async () =>
    (await alice.client.getUserDrafts(team.id))
      .map((d) => `${d.root_id ? 'thread' : 'channel'}:${d.message}:${d.file_ids?.length ?? 0}`)
      .sort();

  it('lists a channel draft with its file and a thread draft, counted in the sidebar', async () => {
    expect(await draftsLink(a).count()).toBe(0);
    await box(a).pressSequentially('Agenda for Monday');
    await a
      .locator('input[type=file][aria-label="Choose files"]')
      .setInputFiles({ name: 'agenda.txt', mimeType: 'text/plain', buffer: Buffer.from('1. budget\n2. hiring\n') });
    await a.getByRole('list', { name: 'Attached files' }).getByText('agenda.txt').waitFor();
    await sidebar(a)
      .getByRole('link', { name: /^Plans/ })
      .click();
    const post = message(a, 'Which day suits the offsite?');
    await post.hover();
    await post.getByRole('button', { name: 'Reply', exact: true }).click();
    await a.getByRole('complementary', { name: 'Thread' }).getByLabel('Reply to thread').pressSequentially('Thursday works for me');
    await expect.poll(serverDrafts, poll).toEqual(['channel:Agenda for Monday:1', 'thread:Thursday works for me:0']);

    await expect.poll(() => draftsLink(a).locator('.draft-count').textContent(), poll).toBe('2');
    await draftsLink(a).click();
    await expect.poll(() => a.url()).toBe(`${h.url}/${team.name}/drafts`);
    const channelDraft = draftCard(a, 'In: Town Square');
    await channelDraft.getByText('Agenda for Monday').waitFor();
    await channelDraft.getByText('agenda.txt').waitFor();
    await draftCard(a, 'Thread in: Plans').getByText('Thursday works for me').waitFor();
    await shot(a, 'drafts-view-1280.png');
    expect(await seriousViolations(a)).toEqual([]);
  }, 60_000);

  it('restores the draft’s file in the composer on a second device', async () => {
    const second = await h.page(alice, `/${team.name}/channels/town-square`);
    await expect.poll(() => box(second).inputValue(), poll).toBe('Agenda for Monday');
    await second.getByRole('list', { name: 'Attached files' }).getByText('agenda.txt').waitFor();
    await shot(second, 'drafts-file-restored-1280.png');
    await second.close();
  }, 30_000);

  it('Edit opens the thread with its draft', async () => {
    await a.goto(`${h.url}/${team.name}/drafts`);
    await draftCard(a, 'Thread in: Plans').getByRole('button', { name: 'Edit draft' }).click();
    await expect.poll(() => a.url()).toBe(`${h.url}/${team.name}/channels/plans`);
    const reply = a.getByRole('complementary', { name: 'Thread' }).getByLabel('Reply to thread');
    await expect.poll(() => reply.inputValue(), poll).toBe('Thursday works for me');
  }, 30_000);

  it('Delete asks first, then drops the draft everywhere', async () => {
    await draftsLink(a).click();
    await draftCard(a, 'In: Town Square').getByRole('button', { name: 'Delete draft' }).click();
    const dialog = a.getByRole('alertdialog', { name: 'Delete draft' });
    await dialog.getByText('Are you sure you want to delete this draft to Town Square?').waitFor();
    expect(await seriousViolations(a, '.modal')).toEqual([]);
    await shot(a, 'drafts-delete-confirm-1280.png');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await draftCard(a, 'In: Town Square').count()).toBe(1);
    await draftCard(a, 'In: Town Square').getByRole('button', { name: 'Delete draft' }).click();
    await dialog.getByRole('button', { name: 'Yes, delete' }).click();
    await draftCard(a, 'In: Town Square').waitFor({ state: 'detached' });
    await expect.poll(serverDrafts, poll).toEqual(['thread:Thursday works for me:0']);
  }, 30_000);

  it('Send posts the thread draft as a reply and the draft is gone; the other member never saw it', async () => {
    await draftCard(a, 'Thread in: Plans').getByRole('button', { name: 'Send draft' }).click();
    await expect
      .poll(async () => Object.values((await bob.client.getPostThread(root.id)).posts).map((p) => p.message), poll)
      .toContain('Thursday works for me');
    await a.getByText('No drafts at the moment').waitFor();
    await expect.poll(serverDrafts, poll).toEqual([]);
    expect(await draftsLink(a).count()).toBe(1); // still shown while the view is open
    await shot(a, 'drafts-empty-1280.png');

    const b = await h.page(bob, `/${team.name}/drafts`);
    await b.getByText('No drafts at the moment').waitFor();
    expect(await bob.client.getUserDrafts(team.id)).toEqual([]);
    expect(h.errors).toEqual([]);
  }, 30_000);
});
