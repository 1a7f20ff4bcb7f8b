// Scale-out: an EventSink that also carries every event and cache invalidation to the other nodes over Redis (the bus,
// ws/cluster-bus.ts), and the presence that counts a user's sockets on every node (ws/cluster-presence.ts).
import type { EventSink } from '../app/context.ts';
import { newId } from '../model/id.ts';
import { openBus, type Bus, type BusOptions } from './cluster-bus.ts';
import { startClusterPresence, type ClusterPresence, type ClusterPresenceOptions } from './cluster-presence.ts';

export { busChannel } from './cluster-bus.ts';
export { PRESENCE_TTL_MS } from './cluster-presence.ts';

/** The bus's options and the presence's hooks; the node id is made here, the Redis connection is the bus's. */
export type ClusterOptions = Omit<BusOptions, 'nodeId'> & Omit<ClusterPresenceOptions, 'redis' | 'nodeId' | 'clusterName' | 'log'>;

export interface ClusterSink
  extends EventSink, Pick<Bus, 'channel' | 'connected' | 'pending'>, Omit<ClusterPresence, 'stop' | 'unregister'> {
  readonly nodeId: string;
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
