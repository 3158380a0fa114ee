import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../common/config/app-config.service';
import { GenerationSync } from './generation-sync';
import { createRedisClient, RedisClient } from './redis-client';

import { REDIS } from './redis.token';

export { REDIS, type RedisClient };

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClient | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

/**
 * One Redis client per process, standalone, Sentinel or Cluster (REDIS_URL, REDIS_SENTINELS or
 * REDIS_CLUSTER_NODES). Commands fail fast while Redis is down, so that callers answer 503.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): RedisClient | null => (config.redis ? createRedisClient(config.redis) : null),
    },
    RedisCloser,
    GenerationSync,
  ],
  exports: [REDIS],
})
export class RedisModule {}
