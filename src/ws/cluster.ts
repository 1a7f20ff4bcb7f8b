// Scale-out: an EventSink that also carries every event and cache invalidation to the other nodes over Redis (the bus,
// ws/cluster-bus.ts), and the presence that counts a user's sockets on every node (ws/cluster-presence.ts).
import type { EventSink, Logger } from '../app/context.ts';
import type { WsEvent } from '../model/ws-events.ts';
import { newId } from '../model/id.ts';
import { openBus } from './cluster-bus.ts';
import { startClusterPresence, type ClusterPresence } from './cluster-presence.ts';

export { busChannel } from './cluster-bus.ts';
export { PRESENCE_TTL_MS } from './cluster-presence.ts';

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
  /** This node's users with open sockets and how many (the hub's), written to Redis whenever Redis (re)connects. */
  localConnections?: () => Map<string, number>;
  /** How many open sockets a user has on this node (the hub's); needed to sweep dead nodes. */
  localCount?: (userId: string) => number;
  /**
   * A user who had sockets on a dead node has none left on any live node: do what the close of a last socket does
   * (set them offline). Without it, dead nodes are not swept.
   */
  onUserGone?: (userId: string) => Promise<unknown>;
  /** How long a node may go without refreshing its heartbeat before the others take it for dead (default PRESENCE_TTL_MS). */
  nodeTimeoutMs?: number;
  /** Max events kept while Redis is unreachable (default 10,000); the oldest are dropped beyond it. */
  outboxLimit?: number;
  /** How long start() waits for Redis before going on without it (default 2,000 ms). */
  connectTimeoutMs?: number;
}

export interface ClusterSink extends EventSink, Omit<ClusterPresence, 'stop' | 'unregister'> {
  readonly nodeId: string;
  readonly channel: string;
  /** True while both Redis connections are ready and subscribed. */
  connected(): boolean;
  /** Messages waiting for Redis to return. */
  pending(): number;
  close(): Promise<void>;
}

/** Connects to Redis (waiting up to connectTimeoutMs) and returns the sink; a missing Redis does not fail start-up. */
export async function startCluster(opts: ClusterOptions): Promise<ClusterSink> {
  const nodeId = newId();
  const bus = await openBus({ ...opts, nodeId });
  // Before connecting: the node's connection counts are written on every 'ready', the first one included.
  const presence = startClusterPresence({ ...opts, redis: bus.redis, nodeId });
  await bus.connect();
  return {
    nodeId,
    channel: bus.channel,
    publish: bus.publish,
    invalidate: bus.invalidate,
    connected: bus.connected,
    pending: bus.pending,
    connectionsChanged: presence.connectionsChanged,
    settled: presence.settled,
    sweepDeadNodes: presence.sweepDeadNodes,
    async close(): Promise<void> {
      presence.stop();
      await bus.stop();
      await presence.unregister();
      bus.disconnect();
    },
  };
}
