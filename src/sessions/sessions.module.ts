import { Module } from '@nestjs/common';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { REDIS, RedisClient } from '../redis/redis.module';
import { DatabaseSessionStore } from './database-session.store';
import { RedisSessionStore } from './redis-session.store';
import { Session } from './session.entity';
import { SessionStore } from './session-store';
import { SessionsService } from './sessions.service';

@Module({
  imports: [TypeOrmModule.forFeature([Session])],
  providers: [
    {
      provide: SessionStore,
      inject: [REDIS, getRepositoryToken(Session)],
      useFactory: (redis: RedisClient | null, repository: Repository<Session>) =>
        redis ? new RedisSessionStore(redis) : new DatabaseSessionStore(repository),
    },
    SessionsService,
  ],
  exports: [SessionsService],
})
export class SessionsModule {}
