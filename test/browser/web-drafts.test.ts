// Drafts and edit history in the web app: the composer keeps a channel's draft when you leave and come back (the
// sidebar marks the channel meanwhile), a second browser of the same user gets the draft from the server and follows
// it live, sending ends it everywhere, and an edited message says "Edited" and opens its versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { Team } from '@mattermost/types/teams';
import { SKIP_BROWSER, message, shot, sidebar, startHarness, type ApiUser, type Harness } from './harness.ts';

describe.skipIf(SKIP_BROWSER)('drafts and edit history (Chromium)', () => {
  let h: Harness, alice: ApiUser, bob: ApiUser, team: Team, a: Page, b: Page;
  const poll = { timeout: 10_000 };

  beforeAll(async () => {
    h = await startHarness();
    alice = await h.user('alice');
    bob = await h.user('bob');
    team = await h.team(alice, [bob]);
    await alice.client.createChannel({ team_id: team.id, name: 'drafts-room', display_name: 'Drafts room', type: 'O' } as Channel);
    a = await h.page(alice, `/${team.name}/channels/town-square`);
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const box = (p: Page) => p.getByLabel('Write a message');
  const channelLink = (p: Page, name: RegExp) => sidebar(p).getByRole('link', { name });

  it('keeps the draft when switching channels and back, with a pencil on the channel meanwhile', async () => {
    await box(a).pressSequentially('half-written thought');
    await channelLink(a, /^Drafts room/).click();
    await a.getByRole('region', { name: 'Channel Drafts room' }).waitFor();
    expect(await box(a).inputValue()).toBe('');
    const town = channelLink(a, /^Town Square, has a draft$/);
    await town.waitFor();
    expect(await town.innerText()).toContain('✎');
    await shot(a, 'web-draft-pencil.png');
    await town.click();
    await a.getByRole('region', { name: 'Channel Town Square' }).waitFor();
    await expect.poll(() => box(a).inputValue(), poll).toBe('half-written thought');
    // The open channel shows no pencil of its own.
    await channelLink(a, /^Town Square$/).waitFor();
  }, 40_000);

  it('a second browser of the same user gets the draft, follows it live, and sending ends it there too', async () => {
    // Saved on the server once typing paused.
    await expect
      .poll(async () => (await alice.client.getUserDrafts(team.id)).map((d) => d.message), poll)
      .toEqual(['half-written thought']);
    b = await h.page(alice, `/${team.name}/channels/town-square`);
    await expect.poll(() => box(b).inputValue(), poll).toBe('half-written thought');

    await box(a).press('End');
    await box(a).pressSequentially(', plus more');
    await expect.poll(() => box(b).inputValue(), poll).toBe('half-written thought, plus more');

    await box(a).press('Enter');
    await message(b, 'half-written thought, plus more').waitFor();
    await expect.poll(() => box(b).inputValue(), poll).toBe('');
    expect(await box(a).inputValue()).toBe('');
    await expect.poll(async () => (await alice.client.getUserDrafts(team.id)).length, poll).toBe(0);
  }, 40_000);

  it('keeps a thread’s draft apart from the channel’s, across closing and reopening the thread', async () => {
    const post = message(a, 'half-written thought, plus more');
    await post.hover();
    await post.getByRole('button', { name: 'Reply' }).click();
    const thread = a.getByRole('complementary', { name: 'Thread' });
    const reply = thread.getByLabel('Reply to thread');
    await reply.pressSequentially('a reply in progress');
    await box(a).pressSequentially('a channel note');
    await thread.getByRole('button', { name: 'Close pane' }).click();
    await thread.waitFor({ state: 'detached' });
    await post.hover();
    await post.getByRole('button', { name: 'Reply' }).click();
    await expect.poll(() => reply.inputValue(), poll).toBe('a reply in progress');
    expect(await box(a).inputValue()).toBe('a channel note');
    // Both reach the server, each under its own root id.
    await expect
      .poll(
        async () => (await alice.client.getUserDrafts(team.id)).map((d) => `${d.root_id ? 'thread' : 'channel'}:${d.message}`).sort(),
        poll,
      )
      .toEqual(['channel:a channel note', 'thread:a reply in progress']);
    await reply.fill('');
    await box(a).fill('');
    await thread.getByRole('button', { name: 'Close pane' }).click();
    await expect.poll(async () => (await alice.client.getUserDrafts(team.id)).length, poll).toBe(0);
  }, 40_000);

  it('an edited message says Edited, and its author opens the versions', async () => {
    const town = await alice.client.getChannelByName(team.id, 'town-square');
    const page = await alice.client.getPosts(town.id);
    const sent = Object.values(page.posts).find((p: Post) => p.message === 'half-written thought, plus more')!;
    await alice.client.patchPost({ id: sent.id, message: 'the final thought' } as Post);
    const post = message(a, 'the final thought');
    const edited = post.getByRole('button', { name: 'Edited' });
    await edited.waitFor();
    await edited.click();
    const pane = a.getByRole('complementary', { name: 'Edit history' });
    const versions = pane.getByRole('list', { name: 'Versions of the message' }).getByRole('listitem');
    await expect.poll(() => versions.count(), poll).toBe(2);
    expect(await versions.nth(0).innerText()).toContain('Current version');
    expect(await versions.nth(0).innerText()).toContain('the final thought');
    expect(await versions.nth(1).innerText()).toContain('Original');
    expect(await versions.nth(1).innerText()).toContain('half-written thought, plus more');
    await shot(a, 'web-edit-history.png');
    // The channel itself lists the message once, as edited.
    expect(await message(a, 'half-written thought').count()).toBe(0);

    // Another member sees that it was edited, but no way into the versions (the server refuses them to others).
    const other = await h.page(bob, `/${team.name}/channels/town-square`);
    const seen = message(other, 'the final thought');
    await seen.getByText('Edited', { exact: true }).waitFor();
    expect(await seen.getByRole('button', { name: 'Edited' }).count()).toBe(0);
    expect(h.errors).toEqual([]);
  }, 40_000);
});
