import { Global, Module } from '@nestjs/common';
import { ChangeTracker } from './change-tracker';
import { HotCaches } from './hot-caches.service';

/** The hot-path caches and the change tracker behind them: part of the database layer, global as it is. */
@Global()
@Module({ providers: [ChangeTracker, HotCaches], exports: [ChangeTracker, HotCaches] })
export class CacheModule {}
