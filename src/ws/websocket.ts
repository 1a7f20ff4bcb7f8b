// /api/v4/websocket: the upgrade, authenticated by the request's credentials (cookie or header) or, after it, by an
// authentication_challenge (ws/connection.ts); requests then go to the action router (ws/actions.ts).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { appError } from '../model/app-error.ts';
import { isValidId, newId } from '../model/id.ts';
import { tokenFromRequest } from '../app/auth-token.ts';
import { attach, awaitChallenge, Inbox, type Resume, type WsOptions } from './connection.ts';
import { originAllowed } from './origin.ts';

export type { WsOptions } from './connection.ts';

/** Max inbound frame, as Mattermost's SocketMaxMessageSizeKb. */
const MAX_FRAME = 8 * 1024;

/** `?connection_id=&sequence_number=` (and `posted_ack`): a resume when both are well-formed, a fresh connection when neither is given. */
function resumeParams(url: URL): { resume: Resume; malformed: boolean } {
  const connectionId = url.searchParams.get('connection_id') ?? '';
  const seq = url.searchParams.get('sequence_number');
  const wellFormed = isValidId(connectionId) && seq !== null && /^\d+$/.test(seq);
  const postedAck = url.searchParams.get('posted_ack') === 'true';
  if (!connectionId || !wellFormed) return { resume: { connectionId: '', nextSeq: 0, postedAck }, malformed: !!connectionId };
  return { resume: { connectionId, nextSeq: Number(seq), postedAck }, malformed: false };
}

/** Answers the upgrade request with Mattermost's 400 and closes the connection. */
function refuse(socket: Duplex, origin: string): void {
  const requestId = newId();
  const err = appError('api.web_socket.connect.upgrade.app_error', 'connect', { params: { BlockedOrigin: origin } });
  const body = JSON.stringify(err.toJSON(requestId, false));
  socket.end(
    'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\n' +
      `X-Request-ID: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
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
    const { resume, malformed } = resumeParams(new URL(req.url ?? '/', 'http://x'));
    const info = tokenFromRequest({ headers: req.headers, url: req.url ?? '' });
    // A cookie is sent by the browser whatever page opens the socket: only the site's own pages may ride on it.
    if (info?.fromCookie && !originAllowed(req.headers.origin, req.headers.host, opts.app.config().ServiceSettings))
      return refuse(socket, req.headers.origin ?? '');
    const session = info && !info.fromQuery ? await opts.app.users.sessionFromToken(info.token) : undefined;
    (await server()).handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined);
      const inbox = new Inbox(ws);
      if (!session) return awaitChallenge(opts, ws, inbox, resume);
      // A session's client must name a resumable connection properly (Mattermost closes the socket otherwise).
      if (malformed) return ws.close(1008);
      attach(opts, ws, inbox, session, resume);
    });
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
