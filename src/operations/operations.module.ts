import { Module } from '@nestjs/common';
import { Janitor } from './janitor.service';

/** Background upkeep: the janitor that deletes expired token rows and sessions. */
@Module({ providers: [Janitor], exports: [Janitor] })
export class OperationsModule {}
