// The websocket hub: connections by user, per-connection seq, replay buffer and bounded send queue, and fan-out by broadcast scope.
import type WebSocket from 'ws';
import { WsEvents, type Broadcast, type PostedAckHook, type WsEvent } from '../model/ws-events.ts';
import { newId } from '../model/id.ts';

/** Events kept per connection for a reconnect to replay (Mattermost keeps 128). */
export const DEAD_QUEUE_SIZE = 128;
/** How long a dropped connection's state is kept for a reconnect to resume it. */
export const RESUME_WINDOW_MS = 60_000;

/** How much a connection may have waiting to be sent before it is dropped as a slow reader. */
export interface SendLimits {
  /** Frames waiting in the connection's queue (Mattermost's send queue holds 256). */
  frames: number;
  /** Bytes waiting: the queue's and the socket's own buffer. */
  bytes: number;
}

const UNBOUNDED: SendLimits = { frames: Infinity, bytes: Infinity };
/** The socket's own buffer is kept below this; further frames wait in the connection's queue. */
const SOCKET_HIGH_WATER = 64 * 1024;

/**
 * A socket's outgoing frames. Frames go straight to the socket while its buffer is low (the usual case: no copy, no
 * queue); behind a reader that does not keep up they wait in `queue` and leave as the socket drains. Both are bounded:
 * a reader that far behind is dropped, as Mattermost drops a connection whose send queue is full.
 */
class Outgoing {
  private queue: string[] = [];
  private queuedBytes = 0;
  /** Called by the socket for every frame it hands to the kernel: room for the queued ones. */
  private readonly flushed = () => this.pump();

  constructor(
    readonly ws: WebSocket,
    private limits: SendLimits,
  ) {}

  send(frame: string): void {
    const ws = this.ws;
    if (ws.readyState !== 1) return;
    if (this.queue.length === 0 && ws.bufferedAmount < SOCKET_HIGH_WATER) {
      ws.send(frame, this.flushed);
      return;
    }
    const bytes = Buffer.byteLength(frame);
    if (this.queue.length >= this.limits.frames || ws.bufferedAmount + this.queuedBytes + bytes > this.limits.bytes) {
      // No close frame would get through the backlog: end the connection. Its client reconnects, and resumes or resyncs.
      this.queue = [];
      this.queuedBytes = 0;
      ws.terminate();
      return;
    }
    this.queue.push(frame);
    this.queuedBytes += bytes;
  }

  private pump(): void {
    const ws = this.ws;
    while (this.queue.length && ws.readyState === 1 && ws.bufferedAmount < SOCKET_HIGH_WATER) {
      const frame = this.queue.shift()!;
      this.queuedBytes -= Buffer.byteLength(frame);
      ws.send(frame, this.flushed);
    }
  }
}

export class Conn {
  readonly id: string;
  seq = 0;
  private out: Outgoing | null;
  /**
   * The last events' frame prefixes (without `seq`), oldest at `ringStart`, for replay. Prefixes are shared by every
   * connection an event went to, so the buffer costs a pointer per event, not a frame per connection; the seqs are
   * consecutive and end at `seq - 1`.
   */
  private ring: string[] = [];
  private ringStart = 0;
  activeChannelId = '';
  closedAt = 0;
  /** Opened with `posted_ack=true` (Mattermost's WebConn.PostedAck). */
  postedAck = false;

  constructor(
    ws: WebSocket,
    readonly userId: string,
    public sessionToken: string,
    public isAdmin: boolean,
    private limits: SendLimits = UNBOUNDED,
    id?: string,
  ) {
    this.out = new Outgoing(ws, limits);
    this.id = id ?? newId();
  }

  /** The open socket, or null while the connection waits for a reconnect to resume it. */
  get ws(): WebSocket | null {
    return this.out?.ws ?? null;
  }

  /** A reconnect resumed this connection on a new socket (null: the socket closed). */
  setSocket(ws: WebSocket | null): void {
    this.out = ws ? new Outgoing(ws, this.limits) : null;
  }

  /** Writes an event frame built from a prefix without `seq`, numbering it for this connection. */
  sendEvent(prefix: string): void {
    const seq = this.seq++;
    if (this.ring.length < DEAD_QUEUE_SIZE) this.ring.push(prefix);
    else {
      this.ring[this.ringStart] = prefix;
      this.ringStart = (this.ringStart + 1) % DEAD_QUEUE_SIZE;
    }
    this.out?.send(prefix + seq + '}');
  }

  sendRaw(obj: unknown): void {
    this.out?.send(JSON.stringify(obj));
  }

  /** Writes frames as they are (a replay). */
  sendFrames(frames: string[]): void {
    for (const f of frames) this.out?.send(f);
  }

  /** Frames from `seq` on, if all are still buffered; undefined if some were lost. */
  framesFrom(seq: number): string[] | undefined {
    if (seq === this.seq) return [];
    const n = this.ring.length;
    const first = this.seq - n;
    if (!Number.isInteger(seq) || seq < first || seq > this.seq) return undefined;
    const out: string[] = [];
    for (let s = seq; s < this.seq; s++) out.push(this.ring[(this.ringStart + (s - first)) % n]! + s + '}');
    return out;
  }
}

export interface MembershipResolver {
  channelMemberIds(channelId: string): Promise<Set<string>>;
  teamMemberIds(teamId: string): Promise<Set<string>>;
}

function eventPrefix(ev: WsEvent): string {
  return `{"event":${JSON.stringify(ev.event)},"data":${JSON.stringify(ev.data)},"broadcast":${JSON.stringify(broadcastOut(ev.broadcast))},"seq":`;
}

function idsOf(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  try {
    const ids: unknown = JSON.parse(value);
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The frames of a `posted` event, per connection as Mattermost's broadcast hooks make them: `mentions` and
 * `followers` name only the reader (`["<own id>"]`) and are left out for a reader not in them (add_mentions,
 * add_followers), and `should_ack` marks what an acknowledging connection should notify for (posted_ack). The post is
 * serialised once; a reader's own fields are spliced in front of the rest of `data`.
 */
class PostedFrames {
  private mentioned: Set<string>;
  private followed: Set<string>;
  /** `data` without mentions and followers, as JSON without its opening brace. */
  private rest: string;
  private head: string;
  private tail: string;
  readonly plain: string;
  private perUser = new Map<string, string>();

  constructor(
    ev: WsEvent,
    private hook: PostedAckHook | undefined,
  ) {
    const { mentions, followers, ...rest } = ev.data;
    this.mentioned = new Set(idsOf(mentions));
    this.followed = new Set(idsOf(followers));
    this.head = `{"event":${JSON.stringify(ev.event)},"data":{`;
    this.rest = JSON.stringify(rest).slice(1);
    this.tail = `,"broadcast":${JSON.stringify(broadcastOut(ev.broadcast))},"seq":`;
    this.plain = this.head + this.rest + this.tail;
  }

  /** The frame prefix for one connection. */
  prefixFor(c: Conn): string {
    const m = this.mentioned.has(c.userId);
    const f = this.followed.has(c.userId);
    // Only a live socket is asked (Mattermost's WebConn.Active): one waiting to be resumed replays the event unflagged.
    const ack =
      !!this.hook &&
      c.postedAck &&
      c.ws !== null &&
      c.userId !== this.hook.poster &&
      (m || f || this.hook.channel_type === 'D' || this.hook.users.includes(c.userId));
    if (!m && !f && !ack) return this.plain;
    const key = `${c.userId}/${ack ? 1 : 0}`;
    let prefix = this.perUser.get(key);
    if (prefix === undefined) {
      const own = JSON.stringify(JSON.stringify([c.userId]));
      const fields = [m ? `"mentions":${own}` : '', f ? `"followers":${own}` : '', ack ? '"should_ack":true' : '']
        .filter(Boolean)
        .join(',');
      prefix = this.head + fields + (this.rest === '}' ? '' : ',') + this.rest + this.tail;
      this.perUser.set(key, prefix);
    }
    return prefix;
  }
}

function broadcastOut(b: Broadcast): Broadcast {
  const out: Broadcast = {
    omit_users: b.omit_users,
    user_id: b.user_id,
    channel_id: b.channel_id,
    team_id: b.team_id,
    connection_id: b.connection_id,
    omit_connection_id: b.omit_connection_id,
  };
  if (b.contains_sanitized_data) out.contains_sanitized_data = true;
  if (b.contains_sensitive_data) out.contains_sensitive_data = true;
  return out;
}

export class Hub {
  private byUser = new Map<string, Set<Conn>>();
  private byId = new Map<string, Conn>();
  private chain: Promise<void> = Promise.resolve();
  private sweeper: NodeJS.Timeout;
  onUserConnectionsChanged?: (userId: string, connected: boolean) => void;

  constructor(private members: MembershipResolver) {
    this.sweeper = setInterval(() => this.sweep(), 10_000);
    this.sweeper.unref();
  }

  register(conn: Conn): void {
    this.byId.set(conn.id, conn);
    let set = this.byUser.get(conn.userId);
    if (!set) {
      set = new Set();
      this.byUser.set(conn.userId, set);
    }
    const first = set.size === 0;
    set.add(conn);
    if (first) this.onUserConnectionsChanged?.(conn.userId, true);
  }

  /** The socket closed; keep the connection's state for a while so a reconnect can resume it. */
  detach(conn: Conn): void {
    conn.setSocket(null);
    conn.closedAt = Date.now();
    if (!this.activeConnections(conn.userId)) this.onUserConnectionsChanged?.(conn.userId, false);
  }

  resumable(connectionId: string, userId: string): Conn | undefined {
    const c = this.byId.get(connectionId);
    return c && c.userId === userId && c.ws === null ? c : undefined;
  }

  forget(conn: Conn): void {
    this.byId.delete(conn.id);
    const set = this.byUser.get(conn.userId);
    set?.delete(conn);
    if (set && set.size === 0) this.byUser.delete(conn.userId);
  }

  activeConnections(userId: string): number {
    let n = 0;
    for (const c of this.byUser.get(userId) ?? []) if (c.ws) n++;
    return n;
  }

  /** Users with at least one open socket on this node, with how many (a cluster node republishes them to Redis). */
  connectedUsers(): Map<string, number> {
    const out = new Map<string, number>();
    for (const userId of this.byUser.keys()) {
      const n = this.activeConnections(userId);
      if (n) out.set(userId, n);
    }
    return out;
  }

  connectionCount(): number {
    return this.byId.size;
  }

  /** Ends every connection of a session (logout, revoke). */
  closeSession(token: string): void {
    for (const c of this.byId.values()) {
      if (c.sessionToken === token) {
        c.ws?.close(1000);
        this.forget(c);
      }
    }
  }

  private sweep(): void {
    const cutoff = Date.now() - RESUME_WINDOW_MS;
    for (const c of this.byId.values()) if (!c.ws && c.closedAt < cutoff) this.forget(c);
  }

  /** Queues an event for delivery; events leave in the order they were published. */
  publish(ev: WsEvent): void {
    this.chain = this.chain.then(() => this.deliver(ev)).catch(() => undefined);
  }

  /** Resolves once everything published so far has been written to the sockets. */
  flush(): Promise<void> {
    return this.chain;
  }

  private async deliver(ev: WsEvent): Promise<void> {
    const b = ev.broadcast;
    let targets: Iterable<Conn>;
    if (b.connection_id) {
      const c = this.byId.get(b.connection_id);
      targets = c ? [c] : [];
    } else if (b.user_id) {
      targets = this.byUser.get(b.user_id) ?? [];
    } else if (b.channel_id) {
      targets = this.connsOf(await this.members.channelMemberIds(b.channel_id));
    } else if (b.team_id) {
      targets = this.connsOf(await this.members.teamMemberIds(b.team_id));
    } else {
      targets = this.byId.values();
    }
    const posted = ev.event === WsEvents.Posted ? new PostedFrames(ev, ev.postedAck) : undefined;
    const prefix = posted?.plain ?? eventPrefix(ev);
    const omit = b.omit_users;
    for (const c of targets) {
      if (b.omit_connection_id && c.id === b.omit_connection_id) continue;
      if (omit && omit[c.userId]) continue;
      if (b.contains_sanitized_data && c.isAdmin) continue;
      if (b.contains_sensitive_data && !c.isAdmin) continue;
      c.sendEvent(posted ? posted.prefixFor(c) : prefix);
    }
  }

  private *connsOf(userIds: Set<string>): Iterable<Conn> {
    // Iterate the smaller side: connected users or the member set.
    if (userIds.size < this.byUser.size) {
      for (const u of userIds) {
        const set = this.byUser.get(u);
        if (set) yield* set;
      }
    } else {
      for (const [u, set] of this.byUser) if (userIds.has(u)) yield* set;
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const c of this.byId.values()) c.ws?.terminate();
    this.byId.clear();
    this.byUser.clear();
  }
}
