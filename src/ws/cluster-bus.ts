// The Redis bus between nodes: every event and cache invalidation a node's use-cases emit goes to its own hub at once
// and to the other nodes over one pub/sub channel (`parley:<ClusterName>:bus`).
//
// Each node delivers what the other nodes publish to its own hub, so every event reaches each node once and is
// numbered there per connection (seq stays gapless: seq is a property of a connection on its own node). Invalidations
// (sessions, memberships, users) are applied locally at once and on every peer when the message arrives; a session
// invalidation closes that session's sockets on every node.
//
// Redis outage: the node keeps serving its own clients (local delivery never waits on Redis). What it publishes
// meanwhile is kept in a bounded outbox (typing dropped) and sent when Redis returns, so users on other nodes get those
// events late. What the other nodes published while this node was cut off is lost for this node's clients (pub/sub has
// no history): on resubscribing the node drops its caches (`onResync`), and its clients see the missed posts when they
// next load the channel. ioredis reconnects on its own with a capped backoff.
import type { Redis } from 'ioredis';
import type { EventSink, InvalidationKind, Logger } from '../app/context.ts';
import type { WsEvent } from '../model/ws-events.ts';

/** What crosses the bus: an event or an invalidation, tagged with the sending node. */
type BusMessage = { n: string; e: WsEvent } | { n: string; i: [InvalidationKind, string] };

export interface BusOptions {
  /** Redis URL (ClusterSettings.RedisURL). */
  url: string;
  /** Channel prefix; nodes sharing a database must share it (ClusterSettings.ClusterName). */
  clusterName: string;
  nodeId: string;
  /** The node's own delivery: the local hub and caches. */
  local: EventSink;
  log: Logger;
  /** Called for every event that came from another node, before it is delivered locally (e.g. to refresh a status). */
  onRemoteEvent?: (ev: WsEvent) => void;
  /** Called when the subscription comes back after an outage: anything cached may be stale. */
  onResync?: () => void;
  /** Max events kept while Redis is unreachable (default 10,000); the oldest are dropped beyond it. */
  outboxLimit?: number;
  /** How long connect() waits for Redis before going on without it (default 2,000 ms). */
  connectTimeoutMs?: number;
}

export interface Bus extends EventSink {
  readonly channel: string;
  /** The publishing connection, for other Redis work of this node (presence). */
  readonly redis: Redis;
  /** Connects and subscribes, waiting up to connectTimeoutMs; without Redis by then, keeps trying in the background. */
  connect(): Promise<void>;
  /** True while both Redis connections are ready and subscribed. */
  connected(): boolean;
  /** Messages waiting for Redis to return. */
  pending(): number;
  /** Stops publishing and resubscribing (what is still in the outbox stays unsent). */
  stop(): Promise<void>;
  disconnect(): void;
}

/** The root of every Redis key and channel of a cluster. */
export function clusterKeyPrefix(clusterName: string): string {
  return `parley:${clusterName || 'default'}:`;
}

export function busChannel(clusterName: string): string {
  return clusterKeyPrefix(clusterName) + 'bus';
}

/** Loads ioredis and creates the two connections (publish, subscribe), not yet connected. */
export async function openBus(opts: BusOptions): Promise<Bus> {
  const { nodeId, log } = opts;
  const channel = busChannel(opts.clusterName);
  const limit = opts.outboxLimit ?? 10_000;
  const redisOpts = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
    connectionName: `parley-${nodeId}`,
  };
  // Loaded only when clustering is on: ioredis costs a noticeable slice of a single node's cold start.
  const { Redis } = await import('ioredis');
  const pub = new Redis(opts.url, redisOpts);
  const sub = new Redis(opts.url, { ...redisOpts, enableOfflineQueue: true, maxRetriesPerRequest: null });
  pub.on('error', () => undefined);
  sub.on('error', () => undefined);
  const outbox: string[] = [];
  let subscribed = false;
  let everSubscribed = false;
  let closed = false;
  let dropped = 0;

  const send = (msg: BusMessage): void => {
    const text = JSON.stringify(msg);
    if (pub.status === 'ready' && outbox.length === 0) {
      pub.publish(channel, text).catch(() => queue(text));
    } else {
      if ('e' in msg && msg.e.event === 'typing') return;
      queue(text);
    }
  };
  const queue = (text: string): void => {
    outbox.push(text);
    if (outbox.length > limit) {
      outbox.shift();
      dropped++;
    }
  };
  const drain = async (): Promise<void> => {
    while (outbox.length && pub.status === 'ready' && !closed) {
      const text = outbox[0]!;
      try {
        await pub.publish(channel, text);
        outbox.shift();
      } catch {
        return; // Redis went away again; the next 'ready' drains the rest
      }
    }
    if (dropped) {
      log.warn({ dropped }, 'cluster: events dropped while Redis was unreachable');
      dropped = 0;
    }
  };
  pub.on('ready', () => void drain());

  let inbound: Promise<unknown> = Promise.resolve();
  /** A peer's message, applied in arrival order, each after the previous invalidation took effect. */
  const receive = (msg: BusMessage): void | Promise<void> => {
    if ('e' in msg) {
      try {
        opts.onRemoteEvent?.(msg.e);
      } catch (err) {
        log.error({ err }, 'cluster: remote event hook failed');
      }
      opts.local.publish(msg.e);
    } else if ('i' in msg && Array.isArray(msg.i)) {
      return opts.local.invalidate(msg.i[0], msg.i[1]);
    }
  };
  sub.on('message', (ch: string, text: string) => {
    if (ch !== channel) return;
    let msg: BusMessage;
    try {
      msg = JSON.parse(text) as BusMessage;
    } catch {
      return;
    }
    if (!msg || msg.n === nodeId) return;
    // A client that sees an event after a role change on this node can rely on this node already enforcing the role.
    inbound = inbound.then(() => receive(msg)).catch((err: unknown) => log.error({ err }, 'cluster: applying a remote message failed'));
  });
  sub.on('close', () => {
    if (subscribed) log.warn({ channel }, 'cluster: lost Redis; serving local clients only');
    subscribed = false;
  });
  // ioredis resubscribes by itself after a reconnect (autoResubscribe); 'ready' then follows the resubscription.
  sub.on('ready', () => {
    if (closed || !everSubscribed) return;
    subscribed = true;
    log.warn({ channel }, 'cluster: Redis is back; caches dropped');
    opts.onResync?.();
  });

  const subscribe = async (): Promise<void> => {
    await sub.subscribe(channel);
    subscribed = true;
    everSubscribed = true;
  };
  /** After a failed start: ioredis retries the connection; subscribe once it is up. */
  const retryInBackground = async (): Promise<void> => {
    while (!closed && !everSubscribed) {
      try {
        if (sub.status === 'wait' || sub.status === 'end') await sub.connect().catch(() => undefined);
        if (pub.status === 'wait' || pub.status === 'end') await pub.connect().catch(() => undefined);
        if (sub.status === 'ready') return await subscribe();
      } catch {
        /* try again */
      }
      await new Promise((r) => setTimeout(r, 1000).unref());
    }
  };

  return {
    channel,
    redis: pub,
    async connect(): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), opts.connectTimeoutMs ?? 2000);
      });
      const started = Promise.all([pub.connect(), sub.connect()])
        .then(subscribe)
        .then(
          () => 'ok' as const,
          (err: unknown) => err,
        );
      const first = await Promise.race([started, timeout]);
      clearTimeout(timer);
      if (first === 'ok') return;
      log.warn(
        { err: first === 'timeout' ? 'timeout' : String(first), url: opts.url },
        'cluster: Redis not reachable at start; retrying in the background',
      );
      void retryInBackground();
    },
    publish(ev: WsEvent): void {
      opts.local.publish(ev);
      send({ n: nodeId, e: ev });
    },
    invalidate(kind: InvalidationKind, key: string): void | Promise<void> {
      const applied = opts.local.invalidate(kind, key);
      send({ n: nodeId, i: [kind, key] });
      return applied;
    },
    connected: () => subscribed && pub.status === 'ready',
    pending: () => outbox.length,
    async stop(): Promise<void> {
      closed = true;
      await drain().catch(() => undefined);
    },
    disconnect(): void {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
