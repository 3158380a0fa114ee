import { Global, Module } from '@nestjs/common';
import { REDIS, RedisClient } from '../redis/redis.module';
import { EphemeralStore } from './ephemeral-store';
import { MemoryEphemeralStore } from './memory-store';
import { Quotas } from './quotas';
import { RedisEphemeralStore } from './redis-store';

@Global()
@Module({
  providers: [
    {
      provide: EphemeralStore,
      inject: [REDIS],
      useFactory: (redis: RedisClient | null): EphemeralStore =>
        redis ? new RedisEphemeralStore(redis) : new MemoryEphemeralStore(),
    },
    Quotas,
  ],
  exports: [EphemeralStore, Quotas],
})
export class EphemeralModule {}
