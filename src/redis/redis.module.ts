import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../common/config/app-config.service';
import { GenerationSync } from './generation-sync';

import { REDIS } from './redis.token';

export { REDIS };

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}

/**
 * One Redis connection per process. Commands fail fast while Redis is down (no offline queue,
 * one retry), so that callers can answer 503 instead of hanging.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Redis | null => config.redisUrl
        ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 2000, lazyConnect: false })
        : null,
    },
    RedisCloser,
    GenerationSync,
  ],
  exports: [REDIS],
})
export class RedisModule {}
