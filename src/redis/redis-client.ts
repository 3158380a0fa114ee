import Redis, { Cluster, RedisOptions } from 'ioredis';
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

export function createRedisClient(settings: RedisSettings): RedisClient {
  switch (settings.topology) {
    case 'standalone':
      // rediss:// turns TLS on by itself.
      return new Redis(settings.url, FAIL_FAST);
    case 'sentinel':
      return new Redis({
        ...FAIL_FAST,
        sentinels: settings.sentinels,
        name: settings.name,
        sentinelPassword: settings.sentinelPassword,
        password: settings.password,
        ...(settings.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
        // A failover closes the old master's connections: reconnect to whichever node is master now.
        reconnectOnError: (error) => /READONLY/.test(error.message),
      });
    case 'cluster':
      return new Cluster(settings.nodes, {
        redisOptions: { ...FAIL_FAST, password: settings.password, ...(settings.tls ? { tls: {} } : {}) },
        enableOfflineQueue: true,
        // A moved slot during a failover is followed, not reported.
        retryDelayOnFailover: 200,
        retryDelayOnClusterDown: 300,
        slotsRefreshTimeout: 2000,
      });
  }
}
