// Synced drafts (Mattermost's drafts API): the message a user is writing in a channel or thread, saved as they type,
// listed per team, deleted when emptied or sent; each change reaches the user's other sessions as a draft_* event.
import { appError, Errors } from '../model/app-error.ts';
import { DRAFT_FILE_IDS_MAX_RUNES, DRAFT_MESSAGE_MAX_RUNES, DRAFT_PROPS_MAX_RUNES, type Draft } from '../model/drafts.ts';
import { publicFileInfo } from '../model/files.ts';
import { isValidId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { Actor } from './actor.ts';
import { requireDraftChannel, requireTeamPermission } from './authz.ts';
import type { AppContext } from './context.ts';

/** POST /drafts as a client sends it (the fields Parley reads; user_id is always the actor). */
export interface DraftInput {
  channel_id: string;
  root_id?: string | null;
  message?: string | null;
  props?: Record<string, unknown> | null;
  file_ids?: string[] | null;
  priority?: Record<string, unknown> | null;
}

/** ServiceSettings.AllowSyncedDrafts off: every drafts route answers 501, as Mattermost's. */
function requireSyncedDrafts(ctx: AppContext, where: string): void {
  if (!ctx.config().ServiceSettings.AllowSyncedDrafts) throw appError('api.drafts.disabled.app_error', where);
}

/** Mattermost's Draft.IsValid: the message as long as a post's, file ids and props within a post's limits. */
function validateDraft(d: Draft): void {
  const length = [...d.message].length;
  if (length > DRAFT_MESSAGE_MAX_RUNES)
    throw appError('model.draft.is_valid.message_length.app_error', 'Drafts.IsValid', {
      params: { Length: length, MaxLength: DRAFT_MESSAGE_MAX_RUNES },
      detailed: `channelid=${d.channel_id}`,
    });
  if (!isValidId(d.channel_id)) throw appError('model.draft.is_valid.channel_id.app_error', 'Drafts.IsValid');
  if (d.root_id && !isValidId(d.root_id)) throw appError('model.draft.is_valid.root_id.app_error', 'Drafts.IsValid');
  if ([...JSON.stringify(d.file_ids ?? [])].length > DRAFT_FILE_IDS_MAX_RUNES || (d.file_ids ?? []).some((id) => !isValidId(id)))
    throw appError('model.draft.is_valid.file_ids.app_error', 'Drafts.IsValid', { detailed: `channelid=${d.channel_id}` });
  if ([...JSON.stringify(d.props)].length > DRAFT_PROPS_MAX_RUNES)
    throw appError('model.draft.is_valid.props.app_error', 'Drafts.IsValid', { detailed: `channelid=${d.channel_id}` });
  if ([...JSON.stringify(d.priority ?? {})].length > DRAFT_PROPS_MAX_RUNES)
    throw appError('model.draft.is_valid.priority.app_error', 'Drafts.IsValid', { detailed: `channelid=${d.channel_id}` });
}

/** The draft's attached files, as Mattermost lists them: the actor's own uploads not yet attached to a post. */
async function withFileInfos(ctx: AppContext, draft: Draft): Promise<Draft> {
  if (!draft.file_ids?.length) return draft;
  const files = (await ctx.store.files.getMany(draft.file_ids)).filter((f) => !f.post_id && f.user_id === draft.user_id);
  return files.length ? { ...draft, metadata: { files: files.map(publicFileInfo) } } : draft;
}

function draftEvent(event: string, draft: Draft, connectionId: string) {
  return wsEvent(
    event,
    { draft: JSON.stringify(draft) },
    { channelId: draft.channel_id, userId: draft.user_id, omitConnectionId: connectionId },
  );
}

/**
 * POST /drafts: saves the actor's draft for a channel (or a thread of it) and tells the actor's other sessions
 * (draft_created, or draft_updated for one that existed; the session of `connectionId` is left out). An empty message
 * without files deletes the draft instead and answers null, as Mattermost does; files alone keep it.
 */
export async function upsertDraft(ctx: AppContext, actor: Actor, input: DraftInput, connectionId = ''): Promise<Draft | null> {
  requireSyncedDrafts(ctx, 'upsertDraft');
  const now = Date.now();
  const draft: Draft = {
    create_at: now,
    update_at: now,
    delete_at: 0,
    user_id: actor.userId,
    channel_id: input.channel_id,
    root_id: input.root_id ?? '',
    message: input.message ?? '',
    props: input.props ?? {},
    ...(input.file_ids?.length ? { file_ids: [...new Set(input.file_ids)] } : {}),
    ...(input.priority && Object.keys(input.priority).length ? { priority: input.priority } : {}),
  };
  validateDraft(draft);
  await requireDraftChannel(ctx, actor, draft.channel_id);
  const channel = await ctx.caches.channel(draft.channel_id);
  if (!channel) throw Errors.invalidBodyParam('draft.channel_id');
  if (channel.delete_at) throw appError('api.draft.create_draft.can_not_draft_to_deleted.error', 'CreateDraft');
  // Nothing left to send (no text, no files): the draft goes, as an empty one does in Mattermost.
  if (!draft.message && !draft.file_ids?.length) {
    await deleteAndAnnounce(ctx, actor.userId, draft.channel_id, draft.root_id, connectionId);
    return null;
  }
  const { draft: saved, created } = await ctx.store.drafts.upsert(draft);
  const out = await withFileInfos(ctx, saved);
  ctx.events.publish(draftEvent(created ? WsEvents.DraftCreated : WsEvents.DraftUpdated, out, connectionId));
  return out;
}

/** GET /users/{user_id}/teams/{team_id}/drafts: the actor's drafts in the team's channels and in DMs/GMs, newest first. */
export async function getDraftsForUser(ctx: AppContext, actor: Actor, userId: string, teamId: string): Promise<Draft[]> {
  requireSyncedDrafts(ctx, 'getDrafts');
  if (userId !== actor.userId) throw Errors.forbidden('getDrafts', actor.userId, Permissions.CREATE_POST);
  await requireTeamPermission(ctx, actor, teamId, Permissions.VIEW_TEAM, 'getDrafts');
  const drafts = await ctx.store.drafts.forUserInTeam(actor.userId, teamId);
  return Promise.all(drafts.map((d) => withFileInfos(ctx, d)));
}

/** DELETE /users/{user_id}/channels/{channel_id}/drafts[/{root_id}]: the actor's draft there, if any (OK either way). */
export async function deleteDraft(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  channelId: string,
  rootId = '',
  connectionId = '',
): Promise<void> {
  requireSyncedDrafts(ctx, 'deleteDraft');
  if (userId !== actor.userId) throw Errors.forbidden('deleteDraft', actor.userId, Permissions.DELETE_POST);
  await deleteAndAnnounce(ctx, actor.userId, channelId, rootId, connectionId);
}

async function deleteAndAnnounce(ctx: AppContext, userId: string, channelId: string, rootId: string, connectionId: string): Promise<void> {
  const gone = await ctx.store.drafts.delete(userId, channelId, rootId);
  if (gone) ctx.events.publish(draftEvent(WsEvents.DraftDeleted, gone, connectionId));
}

/** Draft keys of sent posts looked up in one statement at most. */
const SENT_LOOKUP_MAX = 200;
/** Per app: the draft keys of the posts sent in this turn of the event loop, looked up together on the next. */
const sentThisTurn = new WeakMap<AppContext, Array<Pick<Draft, 'user_id' | 'channel_id' | 'root_id'>>>();

/**
 * A post was sent: its author's draft for that channel and thread is gone (every session, the sending one included,
 * learns it). Runs after the post is answered, so it adds nothing to the send path; a failure is only logged. The
 * sends answered in one turn of the event loop (on PostgreSQL a channel's group of sends answers at once) share one
 * read: most posts have no draft left, and a read takes no write lock (SQLite has one writer).
 */
export function dropDraftAfterSend(ctx: AppContext, userId: string, channelId: string, rootId: string): void {
  if (!ctx.config().ServiceSettings.AllowSyncedDrafts) return;
  const key = { user_id: userId, channel_id: channelId, root_id: rootId };
  const waiting = sentThisTurn.get(ctx);
  if (waiting) return void waiting.push(key);
  sentThisTurn.set(ctx, [key]);
  setImmediate(() => {
    const keys = sentThisTurn.get(ctx)!;
    sentThisTurn.delete(ctx);
    for (let i = 0; i < keys.length; i += SENT_LOOKUP_MAX) {
      ctx.store.drafts
        .getMany(keys.slice(i, i + SENT_LOOKUP_MAX))
        .then((found) => Promise.all(found.map((d) => deleteAndAnnounce(ctx, d.user_id, d.channel_id, d.root_id, ''))))
        .catch((err: unknown) => ctx.log.error({ err }, 'deleting the sent drafts failed'));
    }
  });
}

/** A root post was deleted: every draft of a reply in its thread goes too (Mattermost's DeleteDraftsAssociatedWithPost). */
export function dropThreadDrafts(ctx: AppContext, channelId: string, rootId: string): void {
  setImmediate(() => {
    ctx.store.drafts
      .deleteForThread(channelId, rootId)
      .then((gone) => {
        for (const d of gone) ctx.events.publish(draftEvent(WsEvents.DraftDeleted, d, ''));
      })
      .catch((err: unknown) => ctx.log.error({ err, channel_id: channelId }, 'deleting the thread’s drafts failed'));
  });
}
