// /api/v4/websocket: upgrade, authentication (cookie/header or authentication_challenge), hello, resume, and actions.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { AppError, appError } from '../model/app-error.ts';
import { isValidId } from '../model/id.ts';
import { Permissions } from '../model/roles.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import type { AppContext } from '../app/context.ts';
import { hasChannelPermission } from '../app/authz.ts';
import { sessionFromToken } from '../app/users.ts';
import { getStatuses, setStatus } from '../app/status.ts';
import { setStatusAwayIfNeeded } from '../app/presence.ts';
import { tokenFromRequest } from '../app/auth-token.ts';
import { actorFromSession } from '../app/actor.ts';
import { Conn, type Hub } from './hub.ts';

/** Max inbound frame, as Mattermost's SocketMaxMessageSizeKb. */
const MAX_FRAME = 8 * 1024;
const AUTH_TIMEOUT_MS = 5000;

export interface WsOptions {
  app: AppContext;
  hub: Hub;
  serverVersion: () => string;
  hostname: string;
}

export function createWebsocketHandler(opts: WsOptions) {
  // `ws` is loaded by the first upgrade (or by preload() once the server listens), not before the first HTTP answer.
  let wss: Promise<WebSocketServer> | undefined;
  const server = () =>
    (wss ??= import('ws').then(
      ({ WebSocketServer }) =>
        new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME, perMessageDeflate: false, clientTracking: false }),
    ));

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const connectionId = url.searchParams.get('connection_id') ?? '';
    const seqParam = url.searchParams.get('sequence_number');
    const info = tokenFromRequest({ headers: req.headers, url: req.url ?? '' });
    const session = info && !info.fromQuery ? await sessionFromToken(opts.app, info.token) : undefined;
    (await server()).handleUpgrade(req, socket, head, (ws) => {
      if (session) {
        if (connectionId && (!isValidId(connectionId) || seqParam === null || !/^\d+$/.test(seqParam))) {
          ws.close(1008);
          return;
        }
        const isAdmin = opts.app.roles.hasPermission(session.roles, Permissions.MANAGE_SYSTEM);
        attach(ws, session.user_id, session.token, isAdmin, connectionId, Number(seqParam ?? 0));
      } else {
        // Token clients (Client4's WebSocketClient, the mobile apps) reconnect with ?connection_id=&sequence_number=
        // and then answer the challenge: resume them the same way.
        const resume = connectionId && isValidId(connectionId) && seqParam !== null && /^\d+$/.test(seqParam);
        awaitChallenge(ws, resume ? connectionId : '', resume ? Number(seqParam) : 0);
      }
    });
  }

  /** Registers an authenticated socket: resumes a known connection when its missed events are buffered. */
  function attach(
    ws: WebSocket,
    userId: string,
    token: string,
    isAdmin: boolean,
    connectionId: string,
    nextSeq: number,
    challengeSeq?: number,
  ): Conn {
    const old = connectionId ? opts.hub.resumable(connectionId, userId) : undefined;
    const replay = old?.framesFrom(nextSeq);
    let conn: Conn;
    if (old && replay) {
      conn = old;
      conn.ws = ws;
      conn.sessionToken = token;
      for (const f of replay) ws.send(f);
      opts.hub.register(conn);
    } else {
      if (old) opts.hub.forget(old);
      conn = new Conn(ws, userId, token, isAdmin);
      opts.hub.register(conn);
      const hello = wsEvent(
        WsEvents.Hello,
        { server_version: opts.serverVersion(), connection_id: conn.id, server_hostname: opts.hostname },
        { userId },
      );
      conn.sendEvent(`{"event":"hello","data":${JSON.stringify(hello.data)},"broadcast":${JSON.stringify(hello.broadcast)},"seq":`);
    }
    if (challengeSeq !== undefined) conn.sendRaw({ status: 'OK', seq_reply: challengeSeq });
    void setStatus(opts.app, userId, 'online', { manual: false }).catch(() => undefined);
    ws.on('message', (data, isBinary) => void onMessage(conn, data as Buffer, isBinary));
    ws.on('close', () => {
      if (conn.ws === ws) opts.hub.detach(conn);
    });
    ws.on('error', () => undefined);
    return conn;
  }

  function awaitChallenge(ws: WebSocket, connectionId: string, nextSeq: number): void {
    const timer = setTimeout(() => ws.close(1008), AUTH_TIMEOUT_MS);
    const onMsg = async (data: Buffer, isBinary: boolean) => {
      const msg = parse(data, isBinary);
      if (!msg || msg.action !== 'authentication_challenge') return; // unauthenticated requests get no reply
      ws.off('message', onMsg);
      clearTimeout(timer);
      const token = (msg.data as Record<string, unknown> | undefined)?.token;
      const session = typeof token === 'string' ? await sessionFromToken(opts.app, token) : undefined;
      if (!session) {
        ws.close(1008);
        return;
      }
      const isAdmin = opts.app.roles.hasPermission(session.roles, Permissions.MANAGE_SYSTEM);
      attach(ws, session.user_id, session.token, isAdmin, connectionId, nextSeq, Number(msg.seq));
    };
    ws.on('message', onMsg);
    ws.on('error', () => undefined);
    ws.on('close', () => clearTimeout(timer));
  }

  function parse(data: Buffer, isBinary: boolean): { seq?: unknown; action?: unknown; data?: unknown } | undefined {
    if (isBinary) return undefined;
    try {
      const v = JSON.parse(data.toString('utf8'));
      return v && typeof v === 'object' ? v : undefined;
    } catch {
      return undefined;
    }
  }

  function fail(conn: Conn, seq: number, err: AppError): void {
    conn.sendRaw({
      status: 'FAIL',
      seq_reply: seq,
      error: { id: err.id, message: err.message, detailed_error: '', status_code: err.statusCode },
    });
  }

  async function onMessage(conn: Conn, data: Buffer, isBinary: boolean): Promise<void> {
    const msg = parse(data, isBinary);
    if (!msg) return;
    const seq = Number(msg.seq);
    const action = typeof msg.action === 'string' ? msg.action : '';
    const d = (msg.data && typeof msg.data === 'object' ? msg.data : {}) as Record<string, unknown>;
    if (!action) return fail(conn, seq || 0, appError('api.web_socket_router.no_action.app_error', 'ServeWebSocket'));
    if (!(seq > 0)) return fail(conn, 0, appError('api.web_socket_router.bad_seq.app_error', 'ServeWebSocket'));
    if (action === 'presence') {
      if (typeof d.channel_id === 'string') conn.activeChannelId = d.channel_id;
      return conn.sendRaw({ status: 'OK', seq_reply: seq });
    }
    const session = await sessionFromToken(opts.app, conn.sessionToken);
    if (!session) return fail(conn, seq, appError('api.web_socket_router.not_authenticated.app_error', 'ServeWebSocket'));
    try {
      switch (action) {
        case 'authentication_challenge':
          return; // already authenticated: ignored, as Mattermost does
        case 'ping':
          return conn.sendRaw({
            status: 'OK',
            seq_reply: seq,
            data: { text: 'pong', version: opts.serverVersion(), server_time: Date.now(), node_id: '' },
          });
        case 'user_typing': {
          const channelId = d.channel_id;
          if (
            typeof channelId !== 'string' ||
            !isValidId(channelId) ||
            !(await hasChannelPermission(opts.app, actorFromSession(session), channelId, Permissions.CREATE_POST))
          )
            return fail(
              conn,
              seq,
              appError('api.websocket_handler.invalid_param.app_error', 'userTyping', { params: { Name: 'channel_id' } }),
            );
          const parentId = typeof d.parent_id === 'string' ? d.parent_id : '';
          opts.app.events.publish(
            wsEvent(WsEvents.Typing, { parent_id: parentId, user_id: session.user_id }, { channelId, omitUsers: [session.user_id] }),
          );
          return conn.sendRaw({ status: 'OK', seq_reply: seq });
        }
        case 'user_update_active_status': {
          if (typeof d.user_is_active !== 'boolean')
            return fail(
              conn,
              seq,
              appError('api.websocket_handler.invalid_param.app_error', 'userUpdateActiveStatus', {
                params: { Name: 'user_is_active' },
              }),
            );
          const manual = d.manual === true;
          if (d.user_is_active) await setStatus(opts.app, session.user_id, 'online', { manual });
          else await setStatusAwayIfNeeded(opts.app, session.user_id, manual);
          return conn.sendRaw({ status: 'OK', seq_reply: seq });
        }
        case 'get_statuses': {
          return conn.sendRaw({ status: 'OK', seq_reply: seq, data: await getStatuses(opts.app, [session.user_id]) });
        }
        case 'get_statuses_by_ids': {
          const ids = d.user_ids;
          if (!Array.isArray(ids) || ids.length === 0 || !ids.every(isValidId))
            return fail(
              conn,
              seq,
              appError('api.websocket_handler.invalid_param.app_error', 'getStatusesByIds', { params: { Name: 'user_ids' } }),
            );
          return conn.sendRaw({ status: 'OK', seq_reply: seq, data: await getStatuses(opts.app, ids as string[]) });
        }
        case 'posted_notify_ack':
          return conn.sendRaw({ status: 'OK', seq_reply: seq });
        default:
          return fail(conn, seq, appError('api.web_socket_router.bad_action.app_error', 'ServeWebSocket'));
      }
    } catch (err) {
      fail(conn, seq, err instanceof AppError ? err : appError('api.server.internal.app_error', 'ServeWebSocket'));
    }
  }

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      onUpgrade(req, socket, head).catch(() => socket.destroy());
    },
    /** Loads `ws` now, in the background (call once listening). */
    preload(): void {
      void server().catch(() => undefined);
    },
    close(): void {
      void wss?.then((w) => w.close()).catch(() => undefined);
    },
  };
}
