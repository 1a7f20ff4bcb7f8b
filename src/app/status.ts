// Presence: online/away/offline/dnd, kept in memory for speed and persisted; `status_change` goes to the user.
import type { Status } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import { Errors } from '../model/app-error.ts';
import { Permissions } from '../model/roles.ts';
import type { Actor } from './actor.ts';
import { requireSelfOr } from './authz.ts';
import type { AppContext } from './context.ts';

const STATUSES: ReadonlyArray<Status['status']> = ['online', 'away', 'offline', 'dnd'];

const cache = new WeakMap<AppContext, Map<string, Status>>();

/** The per-user map this context keeps in `maps`, made on first use. */
function perContext<V>(maps: WeakMap<AppContext, Map<string, V>>, ctx: AppContext): Map<string, V> {
  let m = maps.get(ctx);
  if (!m) maps.set(ctx, (m = new Map()));
  return m;
}

const mem = (ctx: AppContext) => perContext(cache, ctx);

export async function getStatuses(ctx: AppContext, userIds: string[]): Promise<Record<string, Status['status']>> {
  const m = mem(ctx);
  const out: Record<string, Status['status']> = {};
  const missing: string[] = [];
  for (const id of userIds) {
    const s = m.get(id);
    if (s) out[id] = s.status;
    else missing.push(id);
  }
  for (const s of await ctx.store.status.get(missing)) {
    m.set(s.user_id, s);
    out[s.user_id] = s.status;
  }
  for (const id of missing) if (!out[id]) out[id] = 'offline';
  return out;
}

/** A user never seen. */
const offline = (userId: string): Status => ({ user_id: userId, status: 'offline', manual: false, last_activity_at: 0, dnd_end_time: 0 });

export async function getStatus(ctx: AppContext, userId: string): Promise<Status> {
  const m = mem(ctx);
  const s = m.get(userId) ?? (await ctx.store.status.get([userId]))[0];
  return s ?? offline(userId);
}

/** When each user's status was last written to the store by this process (bounded by the users seen). */
const saved = new WeakMap<AppContext, Map<string, number>>();

const savedAt = (ctx: AppContext) => perContext(saved, ctx);

const queues = new WeakMap<AppContext, Map<string, Promise<unknown>>>();

/**
 * Sets a status. Changes of one user are applied one after another (a socket closing right after it opened must end
 * offline, on every database), so the last call wins in memory and in the store alike.
 */
export function setStatus(
  ctx: AppContext,
  userId: string,
  status: Status['status'],
  opts: { manual: boolean; dndEndTime?: number },
): Promise<Status> {
  const q = perContext(queues, ctx);
  const run = (q.get(userId) ?? Promise.resolve()).catch(() => undefined).then(() => applyStatus(ctx, userId, status, opts));
  q.set(userId, run);
  void run
    .finally(() => {
      if (q.get(userId) === run) q.delete(userId);
    })
    .catch(() => undefined);
  return run;
}

/**
 * As Mattermost's StatusMinUpdateTime: an automatic status that changes nothing but the time of last activity is
 * written to the store at most this often (memory always has the latest). A user's sockets opening, and every
 * activity, would otherwise each be a write: on SQLite a sync of the WAL each.
 */
export const STATUS_MIN_UPDATE_MS = 120_000;

/** Automatic changes never override a manual one. */
async function applyStatus(
  ctx: AppContext,
  userId: string,
  status: Status['status'],
  opts: { manual: boolean; dndEndTime?: number },
): Promise<Status> {
  const prev = await getStatus(ctx, userId);
  if (!opts.manual && prev.manual && prev.status !== 'online') return prev;
  const next: Status = {
    user_id: userId,
    status,
    // As Mattermost: online is never manual, so inactivity can make a user away again.
    manual: opts.manual && status !== 'online',
    last_activity_at: Date.now(),
    dnd_end_time: status === 'dnd' ? (opts.dndEndTime ?? 0) : 0,
  };
  mem(ctx).set(userId, next);
  const same = prev.status === next.status && prev.manual === next.manual && prev.dnd_end_time === next.dnd_end_time;
  const written = savedAt(ctx);
  if (same && !opts.manual && next.last_activity_at - (written.get(userId) ?? 0) < STATUS_MIN_UPDATE_MS) return next;
  written.set(userId, next.last_activity_at);
  await ctx.store.status.save(next);
  if (status === 'dnd' && prev.status !== 'dnd') await ctx.store.status.setPrevStatus(userId, prev.status);
  if (prev.status !== next.status) {
    ctx.events.publish(wsEvent(WsEvents.StatusChange, { status: next.status, user_id: userId }, { userId }));
  }
  return next;
}

/** Cluster peers changed a status: refresh our copy. */
export function forgetStatus(ctx: AppContext, userId: string): void {
  mem(ctx).delete(userId);
  savedAt(ctx).delete(userId);
}

/** A cluster node that was cut off from its peers: its copies may be stale, read them from the store again. */
export function forgetAllStatuses(ctx: AppContext): void {
  cache.delete(ctx);
  saved.delete(ctx);
}

/** Statuses of these users, in the order asked, duplicates dropped; users never seen are `offline`. */
export async function getStatusesByIds(ctx: AppContext, userIds: string[]): Promise<Status[]> {
  const ids = [...new Set(userIds)];
  const m = mem(ctx);
  // The ones not in memory in one query (a cluster peer's status_change evicts them: a poll of 20 was 20 queries).
  const missing = ids.filter((id) => !m.has(id));
  const stored = new Map((await ctx.store.status.get(missing)).map((s) => [s.user_id, s]));
  for (const s of stored.values()) if (!m.has(s.user_id)) m.set(s.user_id, s);
  return ids.map((id) => m.get(id) ?? stored.get(id) ?? offline(id));
}

/**
 * A status set by a user (or for them, with edit_other_users): `user_id` must match. A manual status sticks until
 * the user changes it; `dnd_end_time` is in epoch seconds, rounded down to the minute as Mattermost does.
 */
export async function updateUserStatus(
  ctx: AppContext,
  actor: Actor,
  userId: string,
  input: { user_id?: string | null; status?: string | null; dnd_end_time?: number | null },
): Promise<Status> {
  if (input.user_id !== userId) throw Errors.invalidBodyParam('user_id');
  requireSelfOr(ctx, actor, userId, Permissions.EDIT_OTHER_USERS, 'updateUserStatus');
  const status = input.status as Status['status'];
  if (!STATUSES.includes(status)) throw Errors.invalidBodyParam('status');
  let dndEndTime = 0;
  if (status === 'dnd' && input.dnd_end_time !== undefined && input.dnd_end_time !== null) {
    const t = input.dnd_end_time;
    if (!Number.isInteger(t) || t < 0) throw Errors.invalidBodyParam('dnd_end_time');
    dndEndTime = t - (t % 60);
  }
  return setStatus(ctx, userId, status, { manual: true, dndEndTime });
}
