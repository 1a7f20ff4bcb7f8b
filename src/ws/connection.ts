// A socket's life after the upgrade: authenticated by the upgrade request or by an `authentication_challenge`, then
// registered in the hub (a fresh connection says hello; a reconnect within the resume window replays what it missed).
import type { WebSocket } from 'ws';
import type { Session } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import { actorFromSession } from '../app/actor.ts';
import type { App } from '../app/index.ts';
import { handleRequest } from './actions.ts';
import { parseFrame } from './frames.ts';
import { Conn, type Hub } from './hub.ts';

/** How long an anonymous socket may take to send its authentication_challenge (Mattermost's authCheckInterval). */
const AUTH_TIMEOUT_MS = 5000;

export interface WsOptions {
  app: App;
  hub: Hub;
  serverVersion: () => string;
  hostname: string;
}

/** A reconnect names the connection it resumes and the next event seq it expects. */
export interface Resume {
  connectionId: string;
  nextSeq: number;
}

/** Registers an authenticated socket: resumes a known connection when its missed events are buffered. */
export function attach(opts: WsOptions, ws: WebSocket, session: Session, resume: Resume, challengeSeq?: number): Conn {
  const { hub, app } = opts;
  const userId = session.user_id;
  const old = resume.connectionId ? hub.resumable(resume.connectionId, userId) : undefined;
  const replay = old?.framesFrom(resume.nextSeq);
  let conn: Conn;
  if (old && replay) {
    conn = old;
    conn.ws = ws;
    conn.sessionToken = session.token;
    for (const f of replay) ws.send(f);
    hub.register(conn);
  } else {
    if (old) hub.forget(old);
    conn = new Conn(ws, userId, session.token, app.authz.isSystemAdmin(actorFromSession(session)));
    hub.register(conn);
    const hello = wsEvent(
      WsEvents.Hello,
      { server_version: opts.serverVersion(), connection_id: conn.id, server_hostname: opts.hostname },
      { userId },
    );
    conn.sendEvent(`{"event":"hello","data":${JSON.stringify(hello.data)},"broadcast":${JSON.stringify(hello.broadcast)},"seq":`);
  }
  if (challengeSeq !== undefined) conn.sendRaw({ status: 'OK', seq_reply: challengeSeq });
  void app.status.setStatus(userId, 'online', { manual: false }).catch(() => undefined);
  ws.on('message', (data, isBinary) => {
    const msg = parseFrame(data as Buffer, isBinary);
    if (msg) void handleRequest(opts, conn, msg);
  });
  ws.on('close', () => {
    if (conn.ws === ws) hub.detach(conn);
  });
  ws.on('error', () => undefined);
  return conn;
}

/**
 * An anonymous socket: the first `authentication_challenge` with a live token registers it; anything before it gets no
 * reply (an unregistered connection is not answered), and a bad token or no challenge in time closes it.
 */
export function awaitChallenge(opts: WsOptions, ws: WebSocket, resume: Resume): void {
  const timer = setTimeout(() => ws.close(1008), AUTH_TIMEOUT_MS);
  const onMsg = async (data: Buffer, isBinary: boolean) => {
    const msg = parseFrame(data, isBinary);
    if (!msg || msg.action !== 'authentication_challenge') return;
    ws.off('message', onMsg);
    clearTimeout(timer);
    const token = (msg.data as Record<string, unknown> | undefined)?.token;
    const session = typeof token === 'string' ? await opts.app.users.sessionFromToken(token) : undefined;
    if (!session) {
      ws.close(1008);
      return;
    }
    attach(opts, ws, session, resume, Number(msg.seq));
  };
  ws.on('message', onMsg);
  ws.on('error', () => undefined);
  ws.on('close', () => clearTimeout(timer));
}
