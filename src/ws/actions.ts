// The websocket action router: a registered connection's requests (ping, typing, statuses, …), each answered with an
// OK or FAIL reply carrying its seq. Actions reach data only through the App.
import { AppError, appError } from '../model/app-error.ts';
import { isValidId } from '../model/id.ts';
import { actorFromSession, type Actor } from '../app/actor.ts';
import type { App } from '../app/index.ts';
import { replyFail, replyOk, type RawRequest } from './frames.ts';
import type { Conn } from './hub.ts';

export interface ActionDeps {
  app: App;
  /** The current server version (X-Version-ID), sent in the ping reply. */
  serverVersion: () => string;
}

interface ActionRequest {
  deps: ActionDeps;
  conn: Conn;
  actor: Actor;
  data: Record<string, unknown>;
}

/** What an action answers with: the reply's data (undefined for none), or NO_REPLY. */
const NO_REPLY = Symbol('no reply');
type Action = (r: ActionRequest) => unknown;

const invalidParam = (where: string, name: string) =>
  appError('api.websocket_handler.invalid_param.app_error', where, { params: { Name: name } });

const actions: Record<string, Action> = {
  // Already authenticated: ignored, as Mattermost does.
  authentication_challenge: () => NO_REPLY,
  ping: ({ deps }) => ({ text: 'pong', version: deps.serverVersion(), server_time: Date.now(), node_id: '' }),
  user_typing: async ({ deps, actor, data }) => {
    const channelId = typeof data.channel_id === 'string' ? data.channel_id : '';
    await deps.app.presence.publishUserTyping(actor, channelId, typeof data.parent_id === 'string' ? data.parent_id : '');
  },
  user_update_active_status: async ({ deps, actor, data }) => {
    if (typeof data.user_is_active !== 'boolean') throw invalidParam('userUpdateActiveStatus', 'user_is_active');
    await deps.app.presence.updateUserActiveStatus(actor, data.user_is_active, data.manual === true);
  },
  get_statuses: ({ deps, actor }) => deps.app.status.getStatuses([actor.userId]),
  get_statuses_by_ids: ({ deps, data }) => {
    const ids = data.user_ids;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every(isValidId)) throw invalidParam('getStatusesByIds', 'user_ids');
    return deps.app.status.getStatuses(ids as string[]);
  },
  posted_notify_ack: () => undefined,
};

/** Answers one request of a registered connection. */
export async function handleRequest(deps: ActionDeps, conn: Conn, msg: RawRequest): Promise<void> {
  const seq = Number(msg.seq);
  const action = typeof msg.action === 'string' ? msg.action : '';
  const data = (msg.data && typeof msg.data === 'object' ? msg.data : {}) as Record<string, unknown>;
  if (!action) return replyFail(conn, seq || 0, appError('api.web_socket_router.no_action.app_error', 'ServeWebSocket'));
  if (!(seq > 0)) return replyFail(conn, 0, appError('api.web_socket_router.bad_seq.app_error', 'ServeWebSocket'));
  // Presence is recorded before the session is checked, as in Mattermost.
  if (action === 'presence') {
    if (typeof data.channel_id === 'string') conn.activeChannelId = data.channel_id;
    return replyOk(conn, seq);
  }
  try {
    const session = await deps.app.users.sessionFromToken(conn.sessionToken);
    if (!session) return replyFail(conn, seq, appError('api.web_socket_router.not_authenticated.app_error', 'ServeWebSocket'));
    const run = Object.hasOwn(actions, action) ? actions[action] : undefined;
    if (!run) return replyFail(conn, seq, appError('api.web_socket_router.bad_action.app_error', 'ServeWebSocket'));
    const out = await run({ deps, conn, actor: actorFromSession(session), data });
    if (out !== NO_REPLY) replyOk(conn, seq, out);
  } catch (err) {
    replyFail(conn, seq, err instanceof AppError ? err : appError('api.server.internal.app_error', 'ServeWebSocket'));
  }
}
