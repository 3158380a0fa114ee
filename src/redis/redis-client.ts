import Redis, { Cluster, ClusterNode, ClusterOptions, Command, RedisOptions } from 'ioredis';
import type { RedisSettings } from '../common/config/app-config.service';

/** A standalone or Sentinel-managed connection, or a cluster: the commands Consentry uses are the same. */
export type RedisClient = Redis | Cluster;

/**
 * Commands fail fast while Redis is away (one retry, a short connect timeout), so that callers
 * answer 503 instead of hanging; during a Sentinel or Cluster failover the client finds the new
 * master by itself and requests recover without a restart (docs/operations.md, "Redis").
 */
const FAIL_FAST: RedisOptions = {
  maxRetriesPerRequest: 1,
  enableOfflineQueue: true,
  connectTimeout: 2000,
  lazyConnect: false,
};

/** Commands that put a connection into (or out of) subscriber mode: answered on a connection of their own. */
const SUBSCRIBER_COMMANDS = new Set([
  'subscribe',
  'psubscribe',
  'ssubscribe',
  'unsubscribe',
  'punsubscribe',
  'sunsubscribe',
]);

/** How many commands in a row may time out on a connection before it is dropped and made anew. */
const STUCK_AFTER = 3;

/**
 * Drops a connection that stays open and answers nothing. A command timeout frees the request
 * but not the connection: a Redis (or a proxy, or a half-dead TCP path) that still holds the
 * socket would time out every later command too, for ever. After STUCK_AFTER timeouts in a row,
 * with no answer between them, the client disconnects and connects again (for Sentinel: to
 * whichever node is master now); any answer resets the count.
 */
class StuckWatch {
  private timeouts = 0;

  constructor(private readonly drop: () => void) {}

  watch(command: Command): void {
    command.promise.then(
      () => {
        this.timeouts = 0;
      },
      (error: unknown) => {
        if (error instanceof Error && error.message === 'Command timed out') {
          this.timeouts += 1;
          if (this.timeouts < STUCK_AFTER) return;
          this.timeouts = 0;
          this.drop();
        } else if (!(error instanceof Error) || !/^Connection is closed/.test(error.message)) {
          // An error answer (WRONGTYPE, NOSCRIPT, …) is an answer: the connection works.
          this.timeouts = 0;
        }
      },
    );
  }
}

/** A standalone or Sentinel-managed connection that is dropped when it is stuck (StuckWatch). */
class WatchedRedis extends Redis {
  private readonly stuck = new StuckWatch(() => this.disconnect(true));

  override sendCommand(...args: Parameters<Redis['sendCommand']>): ReturnType<Redis['sendCommand']> {
    const [command] = args;
    if (this.options.commandTimeout && !SUBSCRIBER_COMMANDS.has(command.name.toLowerCase())) this.stuck.watch(command);
    return super.sendCommand(...args);
  }
}

/**
 * A cluster whose every command fails with "Command timed out" once `commandTimeoutMs` has passed
 * without an answer, wherever it waits. ioredis's `commandTimeout` (in `redisOptions`) only starts
 * when a node's connection takes the command: one held in the cluster's own offline queue (the
 * cluster connecting, reconnecting, or its ready check not yet passed) would wait for ever. The
 * timer starts here instead, once per command, and keeps running through MOVED, ASK, TRYAGAIN and
 * failover retries, so redirections cannot extend it either.
 */
class BoundedCluster extends Cluster {
  // Reconnecting the cluster asks for the slots again and makes every node's connection anew.
  private readonly stuck = new StuckWatch(() => this.disconnect(true));

  constructor(
    private readonly seeds: ClusterNode[],
    options: ClusterOptions,
    private readonly commandTimeoutMs: number,
  ) {
    super(seeds, options);
  }

  override sendCommand(...args: Parameters<Cluster['sendCommand']>): unknown {
    const [command] = args;
    if (!SUBSCRIBER_COMMANDS.has(command.name.toLowerCase())) {
      command.setTimeout(this.commandTimeoutMs);
      this.stuck.watch(command);
    }
    return super.sendCommand(...args);
  }

  /** The same bound on the copy (GenerationSync's subscriber). */
  override duplicate(overrideStartupNodes: ClusterNode[] = [], overrideOptions: ClusterOptions = {}): Cluster {
    const nodes = overrideStartupNodes.length > 0 ? overrideStartupNodes : this.seeds;
    return new BoundedCluster(nodes, { ...this.options, ...overrideOptions }, this.commandTimeoutMs);
  }
}

/**
 * A command left unanswered fails after `settings.commandTimeoutMs` (REDIS_COMMAND_TIMEOUT_MS) with
 * "Command timed out", which isDependencyDown() counts as Redis being away: the request answers
 * 503 with Retry-After instead of waiting for ever on a hung connection; a connection on which
 * STUCK_AFTER commands in a row time out is dropped and made anew.
 */
export function createRedisClient(settings: RedisSettings): RedisClient {
  // ioredis puts keyPrefix before every key of every command, EVAL's KEYS included (not channels).
  const bounded: RedisOptions = {
    ...FAIL_FAST,
    commandTimeout: settings.commandTimeoutMs,
    ...(settings.keyPrefix ? { keyPrefix: settings.keyPrefix } : {}),
  };
  switch (settings.topology) {
    case 'standalone':
      // rediss:// turns TLS on by itself.
      return new WatchedRedis(settings.url, bounded);
    case 'sentinel':
      return new WatchedRedis({
        ...bounded,
        sentinels: settings.sentinels,
        name: settings.name,
        sentinelPassword: settings.sentinelPassword,
        password: settings.password,
        ...(settings.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
        // A failover closes the old master's connections: reconnect to whichever node is master now.
        reconnectOnError: (error) => /READONLY/.test(error.message),
      });
    case 'cluster':
      return new BoundedCluster(
        settings.nodes,
        {
          redisOptions: { ...bounded, password: settings.password, ...(settings.tls ? { tls: {} } : {}) },
          ...(settings.keyPrefix ? { keyPrefix: settings.keyPrefix } : {}),
          enableOfflineQueue: true,
          // A moved slot during a failover is followed, not reported (within the command timeout).
          retryDelayOnFailover: 200,
          retryDelayOnClusterDown: 300,
          retryDelayOnTryAgain: 200,
          // CLUSTER SLOTS on a node that does not answer: give up on it and ask the next one.
          slotsRefreshTimeout: Math.min(2000, settings.commandTimeoutMs),
          // Lost every node: try again soon and for ever; meanwhile commands fail at their timeout.
          clusterRetryStrategy: (times) => Math.min(100 * times, 2000),
        },
        settings.commandTimeoutMs,
      );
  }
}

/**
 * A second connection for SUBSCRIBE (a subscribed connection can do nothing else). Without the
 * command timeout: ioredis re-subscribes by itself after a reconnection and does not catch a
 * failure there, so a timed-out re-subscription would be an unhandled rejection; a subscriber
 * that misses messages costs at most HOT_CACHE_TTL_MS of staleness.
 */
export function subscriberFor(client: RedisClient): RedisClient {
  return client instanceof Cluster ? client.duplicate() : client.duplicate({ commandTimeout: undefined });
}
