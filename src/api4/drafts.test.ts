// Synced drafts through Client4 (upsertDraft, getUserDrafts, deleteDraft) and the draft_* events the user's other
// sessions receive; the limits, the permission rules, the config switch, and the draft dropped when its post is sent.
import { describe, expect, it } from 'vitest';
import type { Channel } from '@mattermost/types/channels';
import type { Draft } from '@mattermost/types/drafts';
import type { Post } from '@mattermost/types/posts';
import { fails, setup, uniq, useBasic, type TestEnv, type WsRecorder } from '../../test/helper.ts';

const t = useBasic();

const draft = (channelId: string, message: string, extra: Partial<Draft> = {}) =>
  ({ channel_id: channelId, root_id: '', message, props: {}, ...extra }) as Draft;

/** A user with two sessions (two logins), each with its websocket, and the connection id of the first. */
async function twoSessions(env: TestEnv) {
  const a = await env.newUser('drafter');
  await t.basic.user.client.addToTeam(t.basic.team.id, a.user.id);
  await t.basic.user.client.addToChannel(a.user.id, t.basic.channel.id);
  const second = env.client();
  await second.login(a.user.username, a.password);
  const wsA = await env.ws(a.client);
  const wsB = await env.ws(second);
  const connA = String(wsA.events.find((e) => e.event === 'hello')!.data.connection_id);
  return { a, second, wsA, wsB, connA };
}

const draftOf = (ws: WsRecorder, event: string, message: string) =>
  ws.next(event, (e) => (JSON.parse(e.data.draft) as Draft).message === message);

describe('drafts', () => {
  it('reports AllowSyncedDrafts in the client config', async () => {
    const cfg = await t.basic.user.client.getClientConfig();
    expect(cfg.AllowSyncedDrafts).toBe('true');
  });

  it('upserts a draft, lists it for the team, and tells the other session (not the sending one)', async () => {
    const { a, second, wsA, wsB, connA } = await twoSessions(t.env);
    const saved = await a.client.upsertDraft(draft(t.basic.channel.id, 'first words'), connA);
    expect(saved).toMatchObject({ user_id: a.user.id, channel_id: t.basic.channel.id, root_id: '', message: 'first words', delete_at: 0 });
    expect(saved.create_at).toBeGreaterThan(0);
    const created = await draftOf(wsB, 'draft_created', 'first words');
    expect(created.broadcast).toMatchObject({ user_id: a.user.id, channel_id: t.basic.channel.id, omit_connection_id: connA });

    const updated = await a.client.upsertDraft(draft(t.basic.channel.id, 'first words, more'), connA);
    expect(updated.create_at).toBe(saved.create_at);
    expect(updated.update_at).toBeGreaterThanOrEqual(saved.update_at);
    await draftOf(wsB, 'draft_updated', 'first words, more');

    const listed = await second.getUserDrafts(t.basic.team.id);
    expect(listed.map((d) => [d.channel_id, d.root_id, d.message])).toEqual([[t.basic.channel.id, '', 'first words, more']]);
    // Other users see none of it.
    expect(await t.basic.user2.client.getUserDrafts(t.basic.team.id)).toEqual([]);

    // A delete from the second session (no connection id) reaches the first one; the first one never heard its own
    // upserts, which came before this event on the same socket.
    await second.deleteDraft(t.basic.channel.id, '', '');
    await draftOf(wsA, 'draft_deleted', 'first words, more');
    expect(wsA.has('draft_created')).toBe(false);
    expect(wsA.has('draft_updated')).toBe(false);
    expect(await a.client.getUserDrafts(t.basic.team.id)).toEqual([]);
    // Deleting a draft that is not there is OK too.
    expect(await a.client.deleteDraft(t.basic.channel.id, '', '')).toEqual({ status: 'OK' });
  });

  it('keeps a thread draft apart from the channel draft and deletes it by root id', async () => {
    const c = t.basic.user.client;
    const root = await c.createPost({ channel_id: t.basic.channel.id, message: 'a root' } as Post);
    await c.upsertDraft(draft(t.basic.channel.id, 'in the channel'), '');
    await c.upsertDraft(draft(t.basic.channel.id, 'in the thread', { root_id: root.id }), '');
    const both = await c.getUserDrafts(t.basic.team.id);
    expect(both.map((d) => `${d.root_id || '-'}:${d.message}`).sort()).toEqual([`-:in the channel`, `${root.id}:in the thread`].sort());
    await c.deleteDraft(t.basic.channel.id, root.id, '');
    expect((await c.getUserDrafts(t.basic.team.id)).map((d) => d.message)).toEqual(['in the channel']);
    await c.deleteDraft(t.basic.channel.id, '', '');
  });

  it('deleting a root post drops every draft of a reply in its thread', async () => {
    const root = await t.basic.user.client.createPost({ channel_id: t.basic.channel.id, message: 'to be deleted' } as Post);
    const ws = await t.env.ws(t.basic.user2.client);
    await t.basic.user2.client.upsertDraft(draft(t.basic.channel.id, 'a reply never sent', { root_id: root.id }), '');
    await t.basic.user2.client.upsertDraft(draft(t.basic.channel.id, 'the channel draft stays'), '');
    await t.basic.user.client.deletePost(root.id);
    await draftOf(ws, 'draft_deleted', 'a reply never sent');
    expect((await t.basic.user2.client.getUserDrafts(t.basic.team.id)).map((d) => d.message)).toEqual(['the channel draft stays']);
    await t.basic.user2.client.deleteDraft(t.basic.channel.id, '', '');
  });

  it('an empty message deletes the draft and answers null', async () => {
    const { a, wsB, connA } = await twoSessions(t.env);
    await a.client.upsertDraft(draft(t.basic.channel.id, 'soon empty'), connA);
    expect(await a.client.upsertDraft(draft(t.basic.channel.id, ''), connA)).toBeNull();
    await draftOf(wsB, 'draft_deleted', 'soon empty');
    expect(await a.client.getUserDrafts(t.basic.team.id)).toEqual([]);
  });

  it('keeps a draft of files alone, with its file infos listed, as another device reads it', async () => {
    const { a, wsB, connA } = await twoSessions(t.env);
    const fd = new FormData();
    fd.append('channel_id', t.basic.channel.id);
    fd.append('files', new Blob(['notes for later']), 'notes.txt');
    const file = (await a.client.uploadFile(fd)).file_infos[0];
    const saved = await a.client.upsertDraft(draft(t.basic.channel.id, '', { file_ids: [file.id] }), connA);
    expect(saved).toMatchObject({ message: '', file_ids: [file.id] });
    const ev = await wsB.next('draft_created', (e) => (JSON.parse(e.data.draft) as Draft).file_ids?.[0] === file.id);
    expect((JSON.parse(ev.data.draft) as Draft).metadata?.files?.map((f) => f.name)).toEqual(['notes.txt']);
    const [listed] = await a.client.getUserDrafts(t.basic.team.id);
    expect(listed.file_ids).toEqual([file.id]);
    expect(listed.metadata?.files?.map((f) => [f.id, f.name])).toEqual([[file.id, 'notes.txt']]);
    // without text or files it goes
    expect(await a.client.upsertDraft(draft(t.basic.channel.id, '', { file_ids: [] }), connA)).toBeNull();
    expect(await a.client.getUserDrafts(t.basic.team.id)).toEqual([]);
  });

  it('drops the draft when its post is sent, and the sessions hear draft_deleted', async () => {
    const { a, wsA, wsB, connA } = await twoSessions(t.env);
    await a.client.upsertDraft(draft(t.basic.channel.id, 'about to send'), connA);
    await a.client.createPost({ channel_id: t.basic.channel.id, message: 'about to send' } as Post);
    await draftOf(wsB, 'draft_deleted', 'about to send');
    await draftOf(wsA, 'draft_deleted', 'about to send');
    expect(await a.client.getUserDrafts(t.basic.team.id)).toEqual([]);
  });

  it('drops every draft of posts sent at the same moment (channel and thread), and no other', async () => {
    const { a, wsB, connA } = await twoSessions(t.env);
    const root = await a.client.createPost({ channel_id: t.basic.channel.id, message: 'a root for drafts' } as Post);
    await a.client.upsertDraft(draft(t.basic.channel.id, 'channel draft'), connA);
    await a.client.upsertDraft(draft(t.basic.channel.id, 'thread draft', { root_id: root.id }), connA);
    await a.client.upsertDraft(draft(t.basic.townSquare.id, 'kept draft'), connA);
    await Promise.all([
      a.client.createPost({ channel_id: t.basic.channel.id, message: 'sent' } as Post),
      a.client.createPost({ channel_id: t.basic.channel.id, root_id: root.id, message: 'sent reply' } as Post),
    ]);
    await draftOf(wsB, 'draft_deleted', 'channel draft');
    await draftOf(wsB, 'draft_deleted', 'thread draft');
    expect((await a.client.getUserDrafts(t.basic.team.id)).map((d) => d.message)).toEqual(['kept draft']);
  });

  it('lists drafts of direct messages in every team, and not those of channels the user has left', async () => {
    const c = t.basic.user.client;
    const dm = await c.createDirectChannel([t.basic.user.user.id, t.basic.user2.user.id]);
    const left = await c.createChannel({ team_id: t.basic.team.id, name: uniq('left'), display_name: 'Left', type: 'O' } as Channel);
    await c.upsertDraft(draft(dm.id, 'to my friend'), '');
    await c.upsertDraft(draft(left.id, 'never sent'), '');
    await c.removeFromChannel(t.basic.user.user.id, left.id);
    const other = await c.createTeam({ name: uniq('team'), display_name: 'Other', type: 'O' } as never);
    expect((await c.getUserDrafts(other.id)).map((d) => d.message)).toEqual(['to my friend']);
    expect((await c.getUserDrafts(t.basic.team.id)).map((d) => d.message)).toEqual(['to my friend']);
    await c.deleteDraft(dm.id, '', '');
  });

  it('bounds the message, the file ids and the props', async () => {
    const c = t.basic.user.client;
    const long = await fails(c.upsertDraft(draft(t.basic.channel.id, 'x'.repeat(16384)), ''));
    expect([long.status_code, long.server_error_id]).toEqual([400, 'model.draft.is_valid.message_length.app_error']);
    // 16383 characters (not bytes) fit.
    await c.upsertDraft(draft(t.basic.channel.id, 'é'.repeat(16383)), '');
    const ids = Array.from({ length: 11 }, (_, i) => String.fromCharCode(97 + i).repeat(26));
    const files = await fails(c.upsertDraft(draft(t.basic.channel.id, 'files', { file_ids: ids }), ''));
    expect([files.status_code, files.server_error_id]).toEqual([400, 'model.draft.is_valid.file_ids.app_error']);
    const badRoot = await fails(c.upsertDraft(draft(t.basic.channel.id, 'x', { root_id: 'nope' }), ''));
    expect([badRoot.status_code, badRoot.server_error_id]).toEqual([400, 'model.draft.is_valid.root_id.app_error']);
    const props = await fails(c.upsertDraft(draft(t.basic.channel.id, 'x', { props: { big: 'p'.repeat(800001) } }), ''));
    // Props beyond Mattermost's 800,000 characters: the request-size limit (or the props bound) refuses them.
    expect(['400:model.draft.is_valid.props.app_error', '413:api.context.request_body_too_large.app_error']).toContain(
      `${props.status_code}:${props.server_error_id}`,
    );
    await c.deleteDraft(t.basic.channel.id, '', '');
  });

  it('refuses channels the user is not a member of, archived channels, and other users’ drafts', async () => {
    const u2 = t.basic.user2.client;
    // user2 is not in the private channel, nor in a public channel it did not join.
    const priv = await fails(u2.upsertDraft(draft(t.basic.privateChannel.id, 'sneaky'), ''));
    expect([priv.status_code, priv.server_error_id]).toEqual([403, 'api.context.permissions.app_error']);
    const open = await t.basic.user.client.createChannel({
      team_id: t.basic.team.id,
      name: uniq('open'),
      display_name: 'Open',
      type: 'O',
    } as Channel);
    const notMember = await fails(u2.upsertDraft(draft(open.id, 'not joined'), ''));
    expect(notMember.status_code).toBe(403);
    // Another user's path is refused.
    const url = `${t.env.url}/api/v4/users/${t.basic.user.user.id}`;
    const other = await fetch(`${url}/teams/${t.basic.team.id}/drafts`, { headers: { Authorization: `Bearer ${u2.getToken()}` } });
    expect(other.status).toBe(403);
    const otherDelete = await fetch(`${url}/channels/${t.basic.channel.id}/drafts`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${u2.getToken()}`, 'X-Requested-With': 'XMLHttpRequest' },
    });
    expect(otherDelete.status).toBe(403);
    // A team the user is not in.
    const team = await t.basic.admin.client.createTeam({ name: uniq('closed'), display_name: 'Closed', type: 'I' } as never);
    const notInTeam = await fails(u2.getUserDrafts(team.id));
    expect(notInTeam.status_code).toBe(403);
    // An archived channel.
    await t.basic.user.client.deleteChannel(open.id);
    const archived = await fails(t.basic.user.client.upsertDraft(draft(open.id, 'too late'), ''));
    expect([archived.status_code, archived.server_error_id]).toEqual([400, 'api.draft.create_draft.can_not_draft_to_deleted.error']);
  });
});

describe('drafts turned off (ServiceSettings.AllowSyncedDrafts)', () => {
  it('answers 501 on every route and reports the switch off', async () => {
    const env = await setup((c) => {
      c.ServiceSettings.AllowSyncedDrafts = false;
    });
    try {
      const u = await env.newUser('nodrafts');
      const team = await u.client.createTeam({ name: uniq('team'), display_name: 'T', type: 'O' } as never);
      const town = await u.client.getChannelByName(team.id, 'town-square');
      expect((await u.client.getClientConfig()).AllowSyncedDrafts).toBe('false');
      for (const call of [
        () => u.client.upsertDraft(draft(town.id, 'hello'), ''),
        () => u.client.getUserDrafts(team.id),
        () => u.client.deleteDraft(town.id, '', ''),
      ]) {
        const e = await fails(call());
        expect([e.status_code, e.server_error_id]).toEqual([501, 'api.drafts.disabled.app_error']);
      }
      // Sending still works without drafts.
      await u.client.createPost({ channel_id: town.id, message: 'sent' } as Post);
    } finally {
      await env.close();
    }
  });
});
