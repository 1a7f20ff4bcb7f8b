// Scale-out: an EventSink that also carries every event and cache invalidation to the other nodes over Redis pub/sub.
//
// Each node publishes what its use-cases emit on one Redis channel (`parley:<ClusterName>:bus`) and delivers what the
// other nodes publish to its own hub, so every event reaches each node once and is numbered there per connection (seq
// stays gapless: seq is a property of a connection on its own node). Invalidations (sessions, memberships, users)
// are applied locally at once and on every peer when the message arrives; a session invalidation closes that
// session's sockets on every node.
//
// Redis outage: the node keeps serving its own clients (local delivery never waits on Redis). What it publishes
// meanwhile is kept in a bounded outbox (typing dropped) and sent when Redis returns, so users on other nodes get those
// events late. What the other nodes published while this node was cut off is lost for this node's clients (pub/sub has
// no history): on resubscribing the node drops its caches (`onResync`), and its clients see the missed posts when they
// next load the channel. ioredis reconnects on its own with a capped backoff.
import type { EventSink, Logger } from '../app/context.ts';
import type { WsEvent } from '../model/ws-events.ts';
import { newId } from '../model/id.ts';

type InvalidateKind = Parameters<EventSink['invalidate']>[0];

/** What crosses the bus: an event or an invalidation, tagged with the sending node. */
type BusMessage = { n: string; e: WsEvent } | { n: string; i: [InvalidateKind, string] };

export interface ClusterOptions {
  /** Redis URL (ClusterSettings.RedisURL). */
  url: string;
  /** Channel prefix; nodes sharing a database must share it (ClusterSettings.ClusterName). */
  clusterName: string;
  /** The node's own delivery: the local hub and caches. */
  local: EventSink;
  log: Logger;
  /** Called for every event that came from another node, before it is delivered locally (e.g. to refresh a status). */
  onRemoteEvent?: (ev: WsEvent) => void;
  /** Called when the subscription comes back after an outage: anything cached may be stale. */
  onResync?: () => void;
  /** Max events kept while Redis is unreachable (default 10,000); the oldest are dropped beyond it. */
  outboxLimit?: number;
  /** How long start() waits for Redis before going on without it (default 2,000 ms). */
  connectTimeoutMs?: number;
}

export interface ClusterSink extends EventSink {
  readonly nodeId: string;
  readonly channel: string;
  /** True while both Redis connections are ready and subscribed. */
  connected(): boolean;
  /** Messages waiting for Redis to return. */
  pending(): number;
  close(): Promise<void>;
}

export function busChannel(clusterName: string): string {
  return `parley:${clusterName || 'default'}:bus`;
}

/** Connects to Redis (waiting up to connectTimeoutMs) and returns the sink; a missing Redis does not fail start-up. */
export async function startCluster(opts: ClusterOptions): Promise<ClusterSink> {
  const nodeId = newId();
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
      opts.log.warn({ dropped }, 'cluster: events dropped while Redis was unreachable');
      dropped = 0;
    }
  };
  pub.on('ready', () => void drain());
  pub.on('close', () => undefined);

  sub.on('message', (ch: string, text: string) => {
    if (ch !== channel) return;
    let msg: BusMessage;
    try {
      msg = JSON.parse(text) as BusMessage;
    } catch {
      return;
    }
    if (!msg || msg.n === nodeId) return;
    if ('e' in msg) {
      try {
        opts.onRemoteEvent?.(msg.e);
      } catch (err) {
        opts.log.error({ err }, 'cluster: remote event hook failed');
      }
      opts.local.publish(msg.e);
    } else if ('i' in msg && Array.isArray(msg.i)) {
      opts.local.invalidate(msg.i[0], msg.i[1]);
    }
  });
  sub.on('close', () => {
    if (subscribed) opts.log.warn({ channel }, 'cluster: lost Redis; serving local clients only');
    subscribed = false;
  });
  // ioredis resubscribes by itself after a reconnect (autoResubscribe); 'ready' then follows the resubscription.
  sub.on('ready', () => {
    if (closed || !everSubscribed) return;
    subscribed = true;
    opts.log.warn({ channel }, 'cluster: Redis is back; caches dropped');
    opts.onResync?.();
  });

  const connectAll = async (): Promise<void> => {
    await Promise.all([pub.connect(), sub.connect()]);
    await sub.subscribe(channel);
    subscribed = true;
    everSubscribed = true;
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.connectTimeoutMs ?? 2000);
  });
  const started = connectAll().then(
    () => 'ok' as const,
    (err: unknown) => err,
  );
  const first = await Promise.race([started, timeout]);
  clearTimeout(timer);
  if (first !== 'ok') {
    opts.log.warn({ err: first === 'timeout' ? 'timeout' : String(first), url: opts.url }, 'cluster: Redis not reachable at start; retrying in the background');
    // Keep trying in the background: ioredis retries the connection; subscribe once it is up.
    const retry = async (): Promise<void> => {
      while (!closed && !everSubscribed) {
        try {
          if (sub.status === 'wait' || sub.status === 'end') await sub.connect().catch(() => undefined);
          if (pub.status === 'wait' || pub.status === 'end') await pub.connect().catch(() => undefined);
          if (sub.status === 'ready') {
            await sub.subscribe(channel);
            subscribed = true;
            everSubscribed = true;
            return;
          }
        } catch {
          /* try again */
        }
        await new Promise((r) => setTimeout(r, 1000).unref());
      }
    };
    void retry();
  }

  return {
    nodeId,
    channel,
    publish(ev: WsEvent): void {
      opts.local.publish(ev);
      send({ n: nodeId, e: ev });
    },
    invalidate(kind: InvalidateKind, key: string): void {
      opts.local.invalidate(kind, key);
      send({ n: nodeId, i: [kind, key] });
    },
    connected: () => subscribed && pub.status === 'ready',
    pending: () => outbox.length,
    async close(): Promise<void> {
      closed = true;
      await drain().catch(() => undefined);
      pub.disconnect();
      sub.disconnect();
    },
  };
}
