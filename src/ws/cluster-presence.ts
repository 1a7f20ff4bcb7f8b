// Distributed presence: a user is online while any node holds a socket of theirs.
//
// Each node keeps its count of open sockets per user in a Redis hash of its own (`parley:<ClusterName>:conns:<nodeId>`)
// and proves it is alive with a heartbeat key (`…:alive:<nodeId>`) that expires unless refreshed
// (ClusterSettings.ParleyNodeTimeoutMilliseconds, default 30 s); `…:nodes` lists the nodes. One script writes this
// node's count and sums the counts of the nodes whose heartbeat lives, so when two nodes close a user's last sockets at
// once, at least one of them sees zero. Without Redis a node decides from its own sockets only.
//
// A node that dies without closing (crash, SIGKILL) leaves its hash behind: the hash outlives the heartbeat (it lasts
// NODE_RECORD_TTL_MS), so the survivors, checking on every refresh, find nodes whose heartbeat is gone, and one of them
// claims each such node atomically (SWEEP_SCRIPT moves its users into a sweep record `…:sweeping:<deadNodeId>` owned by
// the claimer and drops the node from the list) and re-decides every user that was on it, as if that user's last socket
// there had just closed: offline (through `onUserGone`) if no live node holds a socket of theirs. A user leaves the
// record once decided (an unknown answer, Redis slow or gone, leaves them for the owner's next sweep), and the record
// goes once empty. If the claimer dies too before deciding them all, its heartbeat goes, and the same script hands its
// records to one survivor. Deciding a user twice is harmless: offline only with no socket anywhere. A node taken for
// dead while it was only cut off finds its hash gone and writes it again; the offline it missed is undone by the server
// (a status_change offline for a user with sockets here, or a resync).
import type { Redis } from 'ioredis';
import type { Logger } from '../app/context.ts';
import { clusterKeyPrefix } from './cluster-bus.ts';

/** How long a node's heartbeat outlives its last refresh (it refreshes every third of it), unless configured. */
export const PRESENCE_TTL_MS = 30_000;
/**
 * How long a node's hash and the node list outlive their last refresh, and a sweep record its last claim: long enough
 * for a survivor to sweep a dead node (even a whole cluster restarted after a crash), yet a cluster whose nodes are all
 * gone leaves nothing in Redis.
 */
const NODE_RECORD_TTL_MS = 24 * 3600_000;
/** How long a presence change waits for Redis before deciding from the node's own sockets. */
const PRESENCE_REDIS_WAIT_MS = 1_000;
/**
 * The `~` field of a hash whose node keeps a heartbeat. Nodes of earlier versions write '1' and no heartbeat: such a
 * hash counts while it exists (it expires like before) and is never swept, so a rolling upgrade sweeps no live node.
 */
const HEARTBEAT_MARK = 'hb';

// Is node `id` alive? Its heartbeat lives, or its hash is from a node without heartbeats. Needs `prefix` in scope.
const LIVE_LUA = `
local function state(id)
  local mark = redis.call('HGET', prefix .. 'conns:' .. id, '~')
  if redis.call('EXISTS', prefix .. 'alive:' .. id) == 1 or (mark and mark ~= '${HEARTBEAT_MARK}') then return 'live' end
  if mark then return 'dead' end
  return 'gone'
end
`;

// KEYS: the node list, this node's hash, this node's heartbeat. ARGV: node id, key prefix, user id, this node's count,
// heartbeat ttl (ms), record ttl (ms). Writes this node's count (0 deletes it), keeps the hash and heartbeat alive, and
// returns {sum of the live other nodes' counts, 1 if this node's hash had been lost (Redis restarted, or a peer swept
// this node after it stalled past the heartbeat ttl)}.
const PRESENCE_SCRIPT = `
local me, prefix, user = ARGV[1], ARGV[2], ARGV[3]
${LIVE_LUA}
if tonumber(ARGV[4]) > 0 then redis.call('HSET', KEYS[2], user, ARGV[4]) else redis.call('HDEL', KEYS[2], user) end
local lost = redis.call('HSETNX', KEYS[2], '~', '${HEARTBEAT_MARK}')
redis.call('PEXPIRE', KEYS[2], ARGV[6])
redis.call('SET', KEYS[3], '1', 'PX', ARGV[5])
redis.call('SADD', KEYS[1], me)
redis.call('PEXPIRE', KEYS[1], ARGV[6])
local n = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if id ~= me then
    local s = state(id)
    if s == 'live' then n = n + (tonumber(redis.call('HGET', prefix .. 'conns:' .. id, user)) or 0)
    elseif s == 'gone' then redis.call('SREM', KEYS[1], id) end
  end
end
return {n, lost}
`;

// KEYS: the node list, the list of sweep records. ARGV: node id, key prefix, record ttl (ms). Claims every other node
// whose heartbeat is gone but whose hash is left: moves the hash's users into the sweep record `sweeping:<node>`, owned
// by this node (its `~` field), and drops the node from the list in one step, so exactly one caller gets each dead node.
// Takes over the same way the records whose owner's heartbeat is gone (it died mid-sweep), and drops the empty ones.
// Returns {the node ids this call claimed or took over, {node id, users…} for every record this node owns}.
const SWEEP_SCRIPT = `
local me, prefix, ttl = ARGV[1], ARGV[2], ARGV[3]
${LIVE_LUA}
local claimed, owned = {}, {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if id ~= me then
    local s = state(id)
    if s == 'dead' then
      local conns, rec = prefix .. 'conns:' .. id, prefix .. 'sweeping:' .. id
      for _, u in ipairs(redis.call('HKEYS', conns)) do redis.call('HSET', rec, u, '1') end
      redis.call('DEL', conns)
      redis.call('HSET', rec, '~', me)
      redis.call('SADD', KEYS[2], id)
      table.insert(claimed, id)
    end
    if s ~= 'live' then redis.call('SREM', KEYS[1], id) end
  end
end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local rec = prefix .. 'sweeping:' .. id
  local owner = redis.call('HGET', rec, '~')
  if owner and owner ~= me and redis.call('EXISTS', prefix .. 'alive:' .. owner) == 0 then
    redis.call('HSET', rec, '~', me)
    table.insert(claimed, id)
    owner = me
  end
  if not owner or redis.call('HLEN', rec) <= 1 then
    redis.call('DEL', rec)
    redis.call('SREM', KEYS[2], id)
  elseif owner == me then
    local entry = {id}
    for _, u in ipairs(redis.call('HKEYS', rec)) do
      if u ~= '~' then table.insert(entry, u) end
    end
    table.insert(owned, entry)
  end
end
for _, id in ipairs(claimed) do redis.call('PEXPIRE', prefix .. 'sweeping:' .. id, ttl) end
if #claimed > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
return {claimed, owned}
`;

export interface ClusterPresenceOptions {
  /** The node's publishing connection (the bus's); commands fail fast while it is not ready. */
  redis: Redis;
  clusterName: string;
  nodeId: string;
  log: Logger;
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
}

export interface ClusterPresence {
  /**
   * A user's sockets on this node changed. Writes this node's count (`localCount()`, read when the change is applied)
   * to Redis, then calls `apply(true)` if the user still has a socket on any node, `apply(false)` if on none. Changes
   * of one user are applied in order; without Redis only this node's sockets count.
   */
  connectionsChanged(userId: string, localCount: () => number, apply: (connectedAnywhere: boolean) => Promise<unknown>): Promise<void>;
  /** Resolves once every connectionsChanged queued so far has been applied. */
  settled(): Promise<void>;
  /**
   * Claims the nodes whose heartbeat is gone, and the unfinished sweeps of claimers whose heartbeat is gone, and
   * re-decides their users (the refresh timer does this on its own); returns the ids of the dead nodes this call
   * claimed or took over. Users' changes are queued: `settled()` waits for them.
   */
  sweepDeadNodes(): Promise<string[]>;
  /** Stops refreshing the heartbeat and deciding. */
  stop(): void;
  /** Removes this node's hash and heartbeat (a clean shutdown: its users' sockets are gone). */
  unregister(): Promise<void>;
}

/** Starts the heartbeat; the node's hash is (re)written whenever `redis` becomes ready. */
export function startClusterPresence(opts: ClusterPresenceOptions): ClusterPresence {
  const { redis, nodeId, log } = opts;
  const prefix = clusterKeyPrefix(opts.clusterName);
  const nodesKey = prefix + 'nodes';
  const connsKey = prefix + 'conns:' + nodeId;
  const aliveKey = prefix + 'alive:' + nodeId;
  const sweepsKey = prefix + 'sweeps';
  const ttl = opts.nodeTimeoutMs !== undefined && opts.nodeTimeoutMs > 0 ? opts.nodeTimeoutMs : PRESENCE_TTL_MS;
  let closed = false;

  /** Replaces this node's hash with the hub's current counts (after a (re)connect or a lost hash). */
  const writeConnections = async (): Promise<void> => {
    if (closed || redis.status !== 'ready') return;
    const fields: Record<string, string> = { '~': HEARTBEAT_MARK };
    try {
      for (const [userId, n] of opts.localConnections?.() ?? []) fields[userId] = String(n);
    } catch (err) {
      log.error({ err }, 'cluster: reading local connections failed');
    }
    await redis
      .multi()
      .del(connsKey)
      .hset(connsKey, fields)
      .pexpire(connsKey, NODE_RECORD_TTL_MS)
      .set(aliveKey, '1', 'PX', ttl)
      .sadd(nodesKey, nodeId)
      .pexpire(nodesKey, NODE_RECORD_TTL_MS)
      .exec()
      .catch((err: unknown) => log.warn({ err: String(err) }, 'cluster: writing connection counts failed'));
  };
  redis.on('ready', () => void writeConnections());
  const refresh = async (): Promise<void> => {
    if (closed || redis.status !== 'ready') return;
    const res = await redis
      .multi()
      .hsetnx(connsKey, '~', HEARTBEAT_MARK)
      .pexpire(connsKey, NODE_RECORD_TTL_MS)
      .set(aliveKey, '1', 'PX', ttl)
      .sadd(nodesKey, nodeId)
      .pexpire(nodesKey, NODE_RECORD_TTL_MS)
      .exec()
      .catch(() => null);
    // The hash was gone (Redis lost it, or a peer swept this node after it stalled): write it all again.
    if (res?.[0]?.[1] === 1) await writeConnections();
    await sweepDeadNodes().catch((err: unknown) => log.warn({ err: String(err) }, 'cluster: sweeping dead nodes failed'));
  };
  const refresher = setInterval(() => void refresh(), ttl / 3);
  refresher.unref();
  /** Writes this node's count for a user; returns the other live nodes' total, or undefined without Redis. */
  const countElsewhere = async (userId: string, localCount: number): Promise<number | undefined> => {
    if (redis.status !== 'ready') return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), PRESENCE_REDIS_WAIT_MS);
    });
    const op = redis
      .eval(
        PRESENCE_SCRIPT,
        3,
        nodesKey,
        connsKey,
        aliveKey,
        nodeId,
        prefix,
        userId,
        String(localCount),
        String(ttl),
        String(NODE_RECORD_TTL_MS),
      )
      .then((r) => {
        const [n, lost] = r as [number, number];
        if (lost === 1) void writeConnections();
        return Number(n) || 0;
      })
      .catch(() => undefined);
    const out = await Promise.race([op, late]);
    clearTimeout(timer);
    return out;
  };
  const userChains = new Map<string, Promise<void>>();
  /** Runs a user's presence step after the ones queued before it (a user's changes apply in order). */
  const enqueue = (userId: string, step: () => Promise<void>): Promise<void> => {
    const run = (userChains.get(userId) ?? Promise.resolve())
      .then(step)
      .catch((err: unknown) => log.error({ err, userId }, 'cluster: presence change failed'));
    userChains.set(userId, run);
    void run.finally(() => {
      if (userChains.get(userId) === run) userChains.delete(userId);
    });
    return run;
  };
  /** The dead nodes whose users this node is deciding now (its sweep records it need not hand out again). */
  const deciding = new Set<string>();
  /**
   * Claims dead nodes (and the sweep records of dead claimers) and queues the users of every record this node owns:
   * offline unless a socket of theirs is open on a live node. A user leaves the record once decided.
   */
  const sweepDeadNodes = async (): Promise<string[]> => {
    const { localCount, onUserGone } = opts;
    if (closed || redis.status !== 'ready' || !localCount || !onUserGone) return [];
    const [claimed, owned] = (await redis.eval(SWEEP_SCRIPT, 2, nodesKey, sweepsKey, nodeId, prefix, String(NODE_RECORD_TTL_MS))) as [
      string[],
      string[][],
    ];
    if (claimed.length) {
      const users = owned.reduce((n, [, ...u]) => n + u.length, 0);
      log.warn(
        { nodes: claimed, users },
        'cluster: nodes stopped refreshing their heartbeat; their users go offline unless connected elsewhere',
      );
    }
    for (const [deadId, ...users] of owned) {
      if (!deadId || deciding.has(deadId)) continue;
      deciding.add(deadId);
      const record = prefix + 'sweeping:' + deadId;
      const decisions = users.map((userId) =>
        enqueue(userId, async () => {
          if (closed) return;
          // Unknown (Redis slow or gone) is not zero: only a known total of no sockets anywhere sets offline.
          const elsewhere = await countElsewhere(userId, localCount(userId));
          if (elsewhere === undefined) return;
          if (elsewhere === 0 && localCount(userId) === 0) await onUserGone(userId);
          await redis.hdel(record, userId);
        }),
      );
      void Promise.all(decisions).finally(() => deciding.delete(deadId));
    }
    return claimed;
  };

  return {
    connectionsChanged(userId, localCount, apply): Promise<void> {
      return enqueue(userId, async () => {
        const elsewhere = closed ? undefined : await countElsewhere(userId, localCount());
        await apply(localCount() + (elsewhere ?? 0) > 0);
      });
    },
    async settled(): Promise<void> {
      while (userChains.size) await Promise.all([...userChains.values()]);
    },
    sweepDeadNodes,
    stop(): void {
      closed = true;
      clearInterval(refresher);
    },
    async unregister(): Promise<void> {
      if (redis.status !== 'ready') return;
      await redis
        .multi()
        .del(connsKey, aliveKey)
        .srem(nodesKey, nodeId)
        .exec()
        .catch(() => undefined);
    },
  };
}
