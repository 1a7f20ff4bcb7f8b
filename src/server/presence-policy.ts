// Automatic online/offline from open sockets: which node decides, what a peer's status_change means here, and what a
// node asserts again after a Redis outage. The hub counts sockets, the cluster counts them across nodes, app sets.
import type { App } from '../app/index.ts';
import { WsEvents, type WsEvent } from '../model/ws-events.ts';
import type { Hub } from '../ws/hub.ts';
import type { ClusterSink } from '../ws/cluster.ts';

export interface PresencePolicy {
  /** A peer's event, before it is delivered here: a status_change makes this node's copy stale. */
  onRemoteEvent(ev: WsEvent): void;
  /** Back after a Redis outage: statuses may be stale, and peers may have set this node's users offline. */
  onResync(): void;
  /** A dead node's user has no socket on any live node: what the close of their last socket does. */
  onUserGone(userId: string): Promise<unknown>;
  /** This node's users with open sockets, with how many (what the cluster writes to Redis). */
  localConnections(): Map<string, number>;
  localCount(userId: string): number;
  /** Starts deciding: from this node's sockets alone, or (with a cluster) from every node's. */
  watch(cluster: ClusterSink | undefined): void;
}

/** `app` is read lazily: the cluster, which calls back here, is started before the app context exists. */
export function createPresencePolicy(hub: Hub, app: () => App): PresencePolicy {
  /** A user's first socket opened or last one closed (on every node, in a cluster): automatic online/offline. */
  const presenceChanged = (userId: string, online: boolean): Promise<unknown> =>
    app()
      .status.setStatus(userId, online ? 'online' : 'offline', { manual: false })
      .catch(() => undefined);

  /**
   * Back after a Redis outage: the peers may have taken this node for dead and set its users offline, and the
   * status_change that says so was lost for this node. Its sockets say otherwise.
   */
  const reassertOnline = async (): Promise<void> => {
    const ids = [...hub.connectedUsers().keys()];
    if (!ids.length) return;
    const statuses = await app()
      .status.getStatuses(ids)
      .catch(() => ({}) as Record<string, string>);
    for (const id of ids) if (statuses[id] === 'offline' && hub.activeConnections(id) > 0) void presenceChanged(id, true);
  };

  return {
    onRemoteEvent(ev) {
      if (ev.event !== WsEvents.StatusChange || typeof ev.data.user_id !== 'string') return;
      const userId = ev.data.user_id;
      app().status.forgetStatus(userId);
      // A peer set offline a user who has a socket here (their last one there closed as one opened here, and the two
      // writes crossed): say online again. A manual status is left alone by setStatus.
      if (ev.data.status === 'offline' && hub.activeConnections(userId) > 0)
        void app()
          .status.setStatus(userId, 'online', { manual: false })
          .catch(() => undefined);
    },
    onResync() {
      app().status.forgetAllStatuses();
      void reassertOnline();
    },
    onUserGone: (userId) => presenceChanged(userId, false),
    localConnections: () => hub.connectedUsers(),
    localCount: (userId) => hub.activeConnections(userId),
    watch(cluster) {
      hub.onUserConnectionsChanged = (userId, connected) => {
        const apply = (online: boolean) => presenceChanged(userId, online);
        // In a cluster the user is offline only when no node holds a socket of theirs.
        if (cluster) void cluster.connectionsChanged(userId, () => hub.activeConnections(userId), apply);
        else void apply(connected);
      };
    },
  };
}
