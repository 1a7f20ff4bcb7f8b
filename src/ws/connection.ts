// A socket's life after the upgrade: authenticated by the upgrade request or by an `authentication_challenge`, then
// registered in the hub (a fresh connection says hello; a reconnect within the resume window replays what it missed).
import type { WebSocket } from 'ws';
import type { Session } from '../model/types.ts';
import { wsEvent, WsEvents } from '../model/ws-events.ts';
import { actorFromSession } from '../app/actor.ts';
import type { App } from '../app/index.ts';
import { handleRequest } from './actions.ts';
import { parseFrame, type RawRequest } from './frames.ts';
import { Conn, type Hub, type SendLimits } from './hub.ts';

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
  /** `posted_ack=true`: the client acknowledges the `posted` events flagged `should_ack`. */
  postedAck?: boolean;
}

/**
 * A socket's requests, in arrival order: handed to the current handler, or held while there is none (the token of a
 * challenge is being checked) and handed over, in order, once there is. The socket stops reading while frames are held,
 * so what is held is only what had already arrived.
 */
export class Inbox {
  private held: RawRequest[] = [];
  private handler?: (msg: RawRequest) => void;

  constructor(private ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const msg = parseFrame(data as Buffer, isBinary);
      if (!msg) return;
      if (this.handler) this.handler(msg);
      else this.held.push(msg);
    });
  }

  hold(): void {
    this.handler = undefined;
    this.ws.pause();
  }

  deliverTo(handler: (msg: RawRequest) => void): void {
    this.handler = handler;
    for (let msg = this.held.shift(); msg && this.handler === handler; msg = this.held.shift()) handler(msg);
    if (this.handler === handler) this.ws.resume();
  }
}

function sendLimits(app: App): SendLimits {
  const s = app.config().ServiceSettings;
  return { frames: s.ParleyWebSocketSendQueueSize, bytes: s.ParleyWebSocketSendQueueBytes };
}

/** Registers an authenticated socket: resumes a known connection when its missed events are buffered. */
export function attach(opts: WsOptions, ws: WebSocket, inbox: Inbox, session: Session, resume: Resume, challengeSeq?: number): Conn {
  const { hub, app } = opts;
  const userId = session.user_id;
  const old = resume.connectionId ? hub.resumable(resume.connectionId, userId) : undefined;
  const replay = old?.framesFrom(resume.nextSeq);
  let conn: Conn;
  if (old && replay) {
    conn = old;
    conn.setSocket(ws);
    conn.sessionToken = session.token;
    conn.sendFrames(replay);
    hub.register(conn);
  } else {
    if (old) hub.forget(old);
    conn = new Conn(ws, userId, session.token, app.authz.isSystemAdmin(actorFromSession(session)), sendLimits(app));
    hub.register(conn);
    const hello = wsEvent(
      WsEvents.Hello,
      { server_version: opts.serverVersion(), connection_id: conn.id, server_hostname: opts.hostname },
      { userId },
    );
    conn.sendEvent(`{"event":"hello","data":${JSON.stringify(hello.data)},"broadcast":${JSON.stringify(hello.broadcast)},"seq":`);
  }
  conn.postedAck = resume.postedAck === true;
  if (challengeSeq !== undefined) conn.sendRaw({ status: 'OK', seq_reply: challengeSeq });
  void app.status.setStatus(userId, 'online', { manual: false }).catch(() => undefined);
  ws.on('close', () => {
    if (conn.ws === ws) hub.detach(conn);
  });
  inbox.deliverTo((msg) => void handleRequest(opts, conn, msg));
  return conn;
}

/**
 * An anonymous socket: the first `authentication_challenge` with a live token registers it; anything before it gets no
 * reply (an unregistered connection is not answered), and a bad token or no challenge in time closes it. What arrives
 * while the token is checked is answered once the socket is registered.
 */
export function awaitChallenge(opts: WsOptions, ws: WebSocket, inbox: Inbox, resume: Resume): void {
  const timer = setTimeout(() => ws.close(1008), AUTH_TIMEOUT_MS);
  ws.on('close', () => clearTimeout(timer));
  inbox.deliverTo((msg) => {
    if (msg.action !== 'authentication_challenge') return;
    clearTimeout(timer);
    inbox.hold();
    const token = (msg.data as Record<string, unknown> | undefined)?.token;
    const session = typeof token === 'string' ? opts.app.users.sessionFromToken(token) : Promise.resolve(undefined);
    // Refused: read again, or the close handshake could not complete.
    const refuse = (code: number) => {
      inbox.deliverTo(() => undefined);
      ws.close(code);
    };
    void session.then(
      (s) => {
        if (!s) refuse(1008);
        // Closed while the token was checked: nothing to register (its close event has come and gone).
        else if (ws.readyState === ws.OPEN) attach(opts, ws, inbox, s, resume, Number(msg.seq));
      },
      () => refuse(1011),
    );
  });
}
